"""Runs the Jobs of Kubernetes manifests here, as a cluster would, without a cluster.

    k8s_local_run.py --linksieve BIN --mount /data=DIR [--mount ...] [--scan-arg ARG ...] JOB.yaml...

For each Job in the files, in order: its container's command and args, read from the YAML (never
copied), with the program `linksieve` replaced by BIN and every argument under a volume's
mountPath moved to the local folder given for it. An Indexed Job runs once per index, 0 to
completions - 1, with JOB_COMPLETION_INDEX set, and its `--shards` must equal its completions.
--scan-arg appends an argument to the Indexed Jobs' commands (the check's loopback server needs
--allow-private-addresses, which no cluster manifest should carry).
"""

import argparse
import os
import subprocess
import sys

import yaml


def local_path(argument, mounts):
    for mount_path, local in mounts.items():
        if argument == mount_path or argument.startswith(mount_path.rstrip("/") + "/"):
            return local + argument[len(mount_path):]
    return argument


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--linksieve", required=True)
    parser.add_argument("--mount", action="append", default=[], help="MOUNTPATH=LOCAL")
    parser.add_argument("--scan-arg", action="append", default=[])
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    mounts = dict(entry.split("=", 1) for entry in args.mount)

    for file in args.files:
        with open(file) as stream:
            jobs = [doc for doc in yaml.safe_load_all(stream) if doc and doc.get("kind") == "Job"]
        if not jobs:
            sys.exit(f"k8s_local_run: {file} holds no Job")
        for job in jobs:
            name = job["metadata"]["name"]
            spec = job["spec"]
            pod = spec["template"]["spec"]
            (container,) = pod["containers"]
            declared = {mount["mountPath"] for mount in container.get("volumeMounts", [])}
            command = list(container.get("command", [])) + list(container.get("args", []))
            if command[0] != "linksieve":
                sys.exit(f"k8s_local_run: {file}: job {name} runs {command[0]}, not linksieve")
            for argument in command[1:]:
                if argument.startswith("/") and not any(
                        argument == path or argument.startswith(path.rstrip("/") + "/") for path in declared):
                    sys.exit(f"k8s_local_run: {file}: job {name} names {argument}, which no volume mounts")
            missing = {path for path in declared if path not in mounts and path != "/tmp"}
            if missing:
                sys.exit(f"k8s_local_run: no --mount for {', '.join(sorted(missing))}")
            argv = [args.linksieve] + [local_path(argument, mounts) for argument in command[1:]]
            env = dict(os.environ)
            for variable in container.get("env", []):
                env[variable["name"]] = variable["value"]
            if spec.get("completionMode") == "Indexed":
                completions = int(spec["completions"])
                shards = command[command.index("--shards") + 1] if "--shards" in command else None
                if shards is None or int(shards) != completions:
                    sys.exit(f"k8s_local_run: {file}: job {name} has completions {completions} but --shards {shards}")
                indexes = range(completions)
                argv += args.scan_arg
            else:
                indexes = [None]
            print(f"k8s_local_run: job {name}: " + " ".join(argv), file=sys.stderr, flush=True)
            for index in indexes:
                if index is not None:
                    env["JOB_COMPLETION_INDEX"] = str(index)
                result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL)
                if result.returncode != 0:
                    sys.exit(f"k8s_local_run: job {name} index {index} exited {result.returncode}")


if __name__ == "__main__":
    main()
