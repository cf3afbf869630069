"""Case (r) of the bench: a playbook run the way AWX runs it, through ansible-runner, and the size of the
task result as the job event stores it.

AWX runs every job with ansible-runner and keeps each event ansible-runner emits (one per task and host,
the task's result in `event_data.res`) as a row of its database, which its browser view then loads. This
runs the playbook with ansible_runner.run() and prints, as JSON, the status and the size in bytes of the
largest event file of the task that names the given action, as ansible-runner wrote it to its artifacts.

    python bench/stored.py --playbook bulk.yml --action sraps_endpoint [-e @vars.json -e name=value ...]

The connection comes from the environment (SRAPS_*, ANSIBLE_COLLECTIONS_PATH), which ansible-runner passes on.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile

import ansible_runner


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--playbook", required=True)
    p.add_argument("--action", required=True, help="the task's action ends with this")
    p.add_argument("-e", dest="extra", action="append", default=[])
    args = p.parse_args(argv)
    private_data_dir = tempfile.mkdtemp(prefix="sraps-bench-runner-")
    try:
        runner = ansible_runner.run(
            private_data_dir=private_data_dir, playbook=os.path.abspath(args.playbook), quiet=True,
            inventory={"all": {"hosts": {"localhost": {
                "ansible_connection": "local", "ansible_python_interpreter": sys.executable}}}},
            cmdline=" ".join("-e %s" % e for e in args.extra), timeout=3600)
        events_dir = os.path.join(runner.config.artifact_dir, "job_events")
        largest = 0
        for name in os.listdir(events_dir):
            path = os.path.join(events_dir, name)
            with open(path, encoding="utf-8") as fh:
                event = json.load(fh)
            if event.get("event") in ("runner_on_ok", "runner_on_failed") and \
                    str(event.get("event_data", {}).get("task_action", "")).endswith(args.action):
                largest = max(largest, os.path.getsize(path))
        json.dump({"status": runner.status, "rc": runner.rc, "event_bytes": largest}, sys.stdout)
        sys.stdout.write("\n")
        return 0 if runner.rc == 0 else 1
    finally:
        shutil.rmtree(private_data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
