"""Which URLs the Slurm array fetched, from server.py's logs: REQUESTS HELD_REQUESTS.

Every row URL is its own (fixture.py, `?r=PART.ROW`), so: a URL outside /held/ was fetched exactly
once (the tasks interrupted mid-run had committed it, and their requeued runs did not fetch it
again), and in every part with held URLs some held URL was asked for twice (once by the
interrupted run, once by the resumed one), none more often.
"""

import collections
import sys


def main():
    with open(sys.argv[1]) as log:
        counts = collections.Counter(line.strip() for line in log if line.strip())
    with open(sys.argv[2]) as log:
        held = {line.strip() for line in log if line.strip()}
    problems = [f"{path} fetched {count} times" for path, count in sorted(counts.items())
                if not path.startswith("/held/") and count != 1]
    problems += [f"held {path} fetched {counts[path]} times" for path in sorted(held) if counts[path] > 2]
    parts = {path.split("?r=")[1].split(".")[0] for path in held}
    for part in sorted(parts):
        if not any(counts[path] == 2 for path in held if path.split("?r=")[1].split(".")[0] == part):
            problems.append(f"no held URL of part {part} was fetched again after the requeue")
    if not parts:
        problems.append("no held URL was asked for")
    for problem in problems:
        print(f"requests: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
