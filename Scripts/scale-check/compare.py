"""Does a merged sharded scan equal one process's scan of the same input?  compare.py SINGLE MERGED

- Every row output of SINGLE (cleansed manifests, quarantine, rejected, excluded, flagged: in its
  part folders, or at its top for one manifest) exists at the same place in MERGED, byte for byte.
- With several parts, MERGED's top-level quarantine/rejected/excluded/flagged hold the parts'
  lines in input order, each naming its part and otherwise equal to SINGLE's line.
- MERGED's summary.json totals equal the sum of SINGLE's summaries, with the same lists.
Exits 1 naming each difference.
"""

import json
import os
import sys

ROW_FILES = ("quarantine.jsonl", "rejected.jsonl", "excluded.jsonl", "flagged.jsonl")
TOTALS = ("rows", "quarantined_by_stage", "matches_by_list", "rejected_by_reason", "excluded_by_reason",
          "fetch_outcomes", "image_outcomes", "unsupported_formats", "pdq_low_quality", "flagged",
          "suppressed_by_negative", "opted_out")


def is_row_output(name):
    return name in ROW_FILES or (name.startswith("cleansed.") and not name.endswith(".partial"))


def add(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return {key: add(a[key], b[key]) if key in a and key in b else a.get(key, b.get(key)) for key in a.keys() | b.keys()}
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    return a


def read(path):
    with open(path, "rb") as file:
        return file.read()


def main():
    single, merged = sys.argv[1], sys.argv[2]
    if not os.path.exists(os.path.join(merged, "summary.json")):
        print(f"compare: {merged} holds no merged summary.json", file=sys.stderr)
        return 1
    problems = []
    compared = 0
    part_folders = sorted(entry.name for entry in os.scandir(single) if entry.is_dir())
    folders = [os.path.join(single, name) for name in part_folders] or [single]

    for folder in folders:
        for name in sorted(os.listdir(folder)):
            if not is_row_output(name):
                continue
            relative = os.path.relpath(os.path.join(folder, name), single)
            other = os.path.join(merged, relative)
            if not os.path.exists(other):
                problems.append(f"{relative} is missing from the merge")
            elif read(os.path.join(folder, name)) != read(other):
                problems.append(f"{relative} differs")
            compared += 1
    if not any(name.startswith("cleansed.") for folder in folders for name in os.listdir(folder)):
        problems.append("the single scan wrote no cleansed manifest")

    if part_folders:
        for name in ROW_FILES:
            expected = []
            for part in part_folders:
                path = os.path.join(single, part, name)
                if os.path.exists(path):
                    manifest = json.loads(read(os.path.join(single, part, "summary.json")))["manifest"]
                    expected += [(manifest, json.loads(line)) for line in read(path).splitlines() if line.strip()]
            path = os.path.join(merged, name)
            if not os.path.exists(path):
                if expected:
                    problems.append(f"the merge has no top-level {name}")
                continue
            lines = [json.loads(line) for line in read(path).splitlines() if line.strip()]
            if len(lines) != len(expected):
                problems.append(f"top-level {name}: {len(lines)} lines, the parts have {len(expected)}")
            for number, (line, (manifest, record)) in enumerate(zip(lines, expected), 1):
                part = line.pop("part", None)
                if part not in (manifest, os.path.splitext(manifest)[0]) or line != record:
                    problems.append(f"top-level {name} line {number} differs from {manifest}'s")
                    break
            compared += 1

    summaries = [json.loads(read(os.path.join(folder, "summary.json"))) for folder in folders]
    merged_summary = json.loads(read(os.path.join(merged, "summary.json")))
    for key in TOTALS:
        values = [summary[key] for summary in summaries if summary.get(key) is not None]
        total = values[0] if values else None
        for value in values[1:]:
            total = add(total, value)
        if merged_summary.get(key) != total:
            problems.append(f"summary.json {key}: merged {merged_summary.get(key)!r}, single scan {total!r}")
    if merged_summary.get("lists") != summaries[0].get("lists"):
        problems.append("summary.json lists differ")
    if not summaries[0]["rows"].get("quarantined"):
        problems.append("the single scan quarantined nothing: the comparison would prove little")

    for problem in problems:
        print(f"compare: {problem}", file=sys.stderr)
    print(f"compare: {compared} files compared, {len(problems)} differences", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
