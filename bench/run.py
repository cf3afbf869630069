"""Side-by-side performance bench of sraps.provisioning against the local SRAPS simulator.

    make bench                                   # or: bench/.venv/bin/python bench/run.py
    bench/.venv/bin/python bench/run.py --sizes 100,1000 --latency-ms 20 --loop-max 100

For each N it measures, against one simulator that answers every API request after a fixed delay:
  (a) bulk      one sraps_endpoint task that registers N new phones (ansible-playbook)
  (b) loop      a loop of N single-MAC sraps_endpoint tasks (only for N <= --loop-max)
  (c) script    bench/handwritten.py: the sequential requests + mohawk script, GET then PUT per MAC
  (d) rerun     (a) again, unchanged
  (r) stored    (d) again through ansible-runner, as AWX runs it, with the default return_objects and with
                all: the size of the task's job event as ansible-runner stores it
  (x) export    sraps_export of the company (a) filled: a book of N + 3 phones, list reads only
  (f) floor     bench/floor.py: (a)'s PUTs, parallel, with a bare http.client client (what the
                simulator and the machine allow)
and once:
  (e) onboard   playbooks/onboard_customer.yml with playbooks/examples/demo_customer.yml (when present),
                then its unchanged re-run
  (g) book      a generated book (bench/book.py: --book-customers customers of --book-phones phones)
                applied from empty with playbooks/apply.yml, then its unchanged drift check (--check),
                at each of --book-forks
  (0) empty     an empty play: what ansible-playbook costs before and after any task

It writes bench/results.json, bench/results.md and bench/results.png. bench/README.md explains the
measurements. Goals are reported, never asserted: the exit status is 0 unless a case failed.
"""

import argparse
import datetime
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
sys.path.insert(0, os.path.join(REPO, "simulator"))

import book  # noqa: E402  (bench/book.py: the generated book of (g))
from sraps_simulator import seed  # noqa: E402
from sraps_simulator.catalogue import make_uuid  # noqa: E402
from sraps_simulator.testing import start_simulator  # noqa: E402

KEY = seed.DEFAULT_KEYS["reseller_admin"]
COMPANY = seed.EXISTING_CUSTOMER
COMPANY_UUID = seed.EXISTING_CUSTOMER_UUID
PROFILE = seed.EXISTING_PROFILE
PROFILE_UUID = seed.EXISTING_PROFILE_UUID
SETTING_VALUE = "https://pbx.example.com/prov/{mac}"
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
CASES = ("a", "b", "c", "d", "e", "f", "g", "m", "p", "r", "x")
LABELS = {
    "a": "(a) bulk task",
    "b": "(b) loop of single-MAC tasks",
    "bc": "(b) loop, cache_ttl set",
    "c": "(c) hand-written script",
    "d": "(d) re-run of (a), unchanged",
    "e": "(e) onboard_customer playbook",
    "f": "(f) floor: bare parallel PUTs",
    "m": "(m) move to another company",
    "p": "(p) bulk task, phones from a file",
    "p2": "(p) re-run of (p), unchanged",
    "r": "(r) re-run through ansible-runner",
    "x": "(x) export of the company",
    "e2": "(e) onboard_customer, re-run",
    "ec": "(e) onboard_customer, cache_ttl set",
    "ec2": "(e) onboard_customer, cache_ttl, re-run",
    "0": "(0) empty play",
    "g": "(g) book: apply from empty",
    "g2": "(g) book: drift check, unchanged",
    "g3": "(g) book: export of the applied account",
}
# The parallel of the phones' writes inside one module run: the apply's default (apply_parallel: 8, as
# sraps_endpoint's parallel and the roles' site_rollout_parallel), which the bench keeps.
BOOK_MODULE_PARALLEL = 8
# Tasks that run on the controller only: no module process, no request.
CONTROLLER_ACTIONS = ("include_role", "include_tasks", "import_role", "import_tasks", "set_fact", "assert",
                      "meta", "debug", "fail", "add_host", "group_by", "set_stats", "include_vars",
                      "validate_argument_spec")

BULK_PLAY = """---
- name: Bench %(title)s
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/sraps.provisioning.sraps:
      company: %(company)s
  tasks:
    - name: Register the phones
      sraps.provisioning.sraps_endpoint:
        profile: %(profile)s
        settings:
          setting_server: "%(setting)s"
%(phones)s        parallel: "{{ bench_parallel }}"
      register: bench_result
"""
# (a)/(d): the phones in the task's arguments; (p): read by the module from a CSV file.
PHONES_IN_ARGS = ("(a)/(d) - one bulk task",
                  '        endpoints: "{{ bench_phones }}"\n'
                  '        return_objects: "{{ bench_return_objects | default(omit) }}"\n')
PHONES_IN_FILE = ("(p) - one bulk task, the phones read by the module from a CSV file",
                  '        endpoints_file: "{{ bench_csv }}"\n')

LOOP_PLAY = """---
- name: Bench (b) - one task per phone
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/sraps.provisioning.sraps:
      company: %(company)s
%(cache)s  tasks:
    - name: Register the phones one by one
      sraps.provisioning.sraps_endpoint:
        mac: "{{ item.mac }}"
        name: "{{ item.name }}"
        profile: %(profile)s
        settings:
          setting_server: "%(setting)s"
      loop: "{{ bench_phones }}"
      loop_control:
        label: "{{ item.mac }}"
      register: bench_result
"""

EXPORT_PLAY = """---
- name: Bench (x) - export the company (a) filled
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Export the company as a book
      sraps.provisioning.sraps_export:
        companies: ["%(company)s"]
        dest: "{{ bench_dest }}"
        replace: true
      register: bench_result
"""

EXPORT_ALL_PLAY = """---
- name: Bench (g) - export every customer of the key
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Export the account as a book
      sraps.provisioning.sraps_export:
        dest: "{{ bench_dest }}"
        replace: true
      register: bench_result
"""

MOVE_PLAY = """---
- name: Bench (m) - move the phones (a) registered to the reseller's own company
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Move the phones
      sraps.provisioning.sraps_endpoint:
        company: %(to_company)s
        move_from: ["%(company)s"]
        endpoints: "{{ bench_phones }}"
        parallel: "{{ bench_parallel }}"
      register: bench_result
"""

EMPTY_PLAY = """---
- name: Bench (0) - an empty play
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Nothing
      ansible.builtin.meta: noop
"""

# The module runs under this wrapper: GNU time reports the maximum resident set size (VmHWM, from
# wait4's rusage) of the module's Python process, its wall time and CPU time; date its start.
RSS_WRAPPER = """#!/bin/sh
# bench/run.py: run a module under GNU time, which appends peak RSS (KiB), wall and CPU seconds,
# after the start time (epoch seconds).
start=$(date +%%s.%%N)
/usr/bin/time -a -o "$BENCH_RSS_LOG" -f "%%M %%e %%U %%S $start %%C" %(python)s "$@"
"""


def parse_args(argv=None):
    parts = __doc__.split("\n\n")
    p = argparse.ArgumentParser(prog="bench/run.py", description=parts[0], epilog="\n\n".join(parts[2:4]),
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="100,1000,10000", help="phone counts N (default 100,1000,10000)")
    p.add_argument("--latency-ms", type=float, default=20.0, help="simulator delay per request (default 20)")
    p.add_argument("--parallel", type=int, default=8, help="sraps_endpoint parallel for (a) and (d) (default 8)")
    p.add_argument("--loop-max", type=int, default=1000,
                   help="run (b) only for N up to this (default 1000; 0 skips (b))")
    p.add_argument("--script-max", type=int, default=10000,
                   help="run (c) only for N up to this (default 10000; 0 skips (c))")
    p.add_argument("--move-max", type=int, default=10000,
                   help="run (m) only for N up to this (default 10000; 0 skips (m))")
    p.add_argument("--skip", default="", help="cases to skip, comma separated, of a,b,c,d,e,f,g,m,r,x")
    p.add_argument("--only", default="", help="run only these cases, comma separated (the others are skipped)")
    p.add_argument("--book-customers", type=int, default=200, help="customers of the book of (g) (default 200)")
    p.add_argument("--book-phones", type=int, default=100,
                   help="phones of each customer of the book of (g) (default 100)")
    p.add_argument("--book-forks", default="1,5,10,20",
                   help="forks of the apply and drift check of (g), comma separated (default 1,5,10,20)")
    p.add_argument("--catalogue-size", type=int, default=1200,
                   help="settings in the simulator's catalogue (default 1200, like production)")
    p.add_argument("--cache-ttl", type=int, default=300,
                   help="cache_ttl of the cached variants of (b) and (e) (default 300; 0 skips them)")
    p.add_argument("--cache-loop-max", type=int, default=100,
                   help="run the cached variant of (b) only for N up to this (default 100)")
    p.add_argument("--collection", default=REPO,
                   help="the collection checkout to measure (default: this repository)")
    p.add_argument("--out", default=BENCH, help="where results.json/.md/.png go (default bench/)")
    p.add_argument("--keep", action="store_true", help="keep the work directory (logs, playbooks)")
    p.add_argument("--note", default="", help="free text stored in results.json (e.g. 'before fix X')")
    args = p.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.skip = set(s.strip() for s in args.skip.split(",") if s.strip())
    only = set(s.strip() for s in args.only.split(",") if s.strip())
    if only:
        args.skip |= set(CASES) - only
    args.book_forks = [int(s) for s in args.book_forks.split(",") if s.strip()]
    unknown = (args.skip | only) - set(CASES)
    if unknown:
        p.error("unknown cases in --skip or --only: %s" % ", ".join(sorted(unknown)))
    return args


def copy_collection(source, work):
    """The checkout as an installed collection (ansible needs …/ansible_collections/sraps/provisioning)."""
    root = os.path.join(work, "collections")
    dest = os.path.join(root, "ansible_collections", "sraps", "provisioning")
    ignore = shutil.ignore_patterns(".git", ".venv", "build", "bench", "output", "__pycache__", "*.pyc",
                                    "*.egg-info", ".pytest_cache", ".ansible", "*.tar.gz")
    shutil.copytree(source, dest, ignore=ignore)
    return root, dest


def loadavg():
    try:
        with open("/proc/loadavg") as fh:
            return float(fh.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def controller_peak_kb(pid):
    """The largest peak RSS (VmHWM, KiB) of ansible-playbook (pid) and its forks, its processes named
    ansible-playbook: the controller without the modules it runs."""
    peak = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as fh:
                stat = fh.read()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if int(entry) != pid and ppid != pid:
                continue
            with open("/proc/%s/cmdline" % entry, "rb") as fh:
                if b"ansible-playbook" not in fh.read():
                    continue
            with open("/proc/%s/status" % entry) as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except (OSError, ValueError, IndexError):
            continue
    return peak


def phones(n):
    # 0004136xxxxx: clear of the seed's MACs (000413100001-3, the foreign 000413ffff01).
    out = []
    for i in range(n):
        mac = "0004136%05x" % i
        out.append({"mac": ":".join(mac[j:j + 2] for j in range(0, 12, 2)), "name": "Desk %d" % i})
    return out


class Bench(object):
    def __init__(self, args, work):
        self.args = args
        self.work = work
        self.python = sys.executable
        self.collections, self.coll = copy_collection(args.collection, work)
        self.rss_log = os.path.join(work, "rss.log")
        self.wrapper = os.path.join(work, "module-python")
        with open(self.wrapper, "w") as fh:
            fh.write(RSS_WRAPPER % {"python": self.python})
        os.chmod(self.wrapper, 0o755)
        self.has_time = os.access("/usr/bin/time", os.X_OK)
        self.sim = None
        self.load_before = None
        self.results = []
        self.log_dir = os.path.join(work, "logs")
        os.makedirs(self.log_dir)
        cached = "      cache_ttl: %d\n" % args.cache_ttl
        for name, text, cache, phones_in in (
                ("bulk.yml", BULK_PLAY, "", PHONES_IN_ARGS), ("file.yml", BULK_PLAY, "", PHONES_IN_FILE),
                ("loop.yml", LOOP_PLAY, "", None), ("loop_cached.yml", LOOP_PLAY, cached, None),
                ("empty.yml", EMPTY_PLAY, "", None), ("export.yml", EXPORT_PLAY, "", None),
                ("export_all.yml", EXPORT_ALL_PLAY, "", None), ("move.yml", MOVE_PLAY, "", None)):
            title, phones_lines = phones_in or ("", "")
            with open(os.path.join(work, name), "w") as fh:
                fh.write(text % {"company": COMPANY, "profile": PROFILE, "setting": SETTING_VALUE, "title": title,
                                 "phones": phones_lines, "cache": cache, "to_company": seed.DEMO_RESELLER})

    # ---------------------------------------------------------------- simulator
    def start_simulator(self):
        self.sim = start_simulator(["--latency-ms", str(self.args.latency_ms),
                                    "--catalogue-size", str(self.args.catalogue_size)],
                                   python=self.python)

    def sim_cpu(self):
        """CPU seconds (user + system) the simulator process has used so far."""
        with open("/proc/%d/stat" % self.sim.proc.pid) as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / float(os.sysconf("SC_CLK_TCK"))

    def fresh(self):
        """A reset simulator, and no cache file: each case starts as the first task of a play does."""
        self.clear_cache()
        if self.sim.proc.poll() is not None:
            raise RuntimeError("the simulator exited (code %s), was it stopped from outside? %s"
                               % (self.sim.proc.returncode, self.sim.stderr()[-2000:]))
        self.sim.reset()
        self.sim.reset_stats()

    # ---------------------------------------------------------------- running
    def env(self, timing_file):
        env = dict(os.environ)
        for name in list(env):
            if name.startswith("ANSIBLE_") or name.startswith("SRAPS_"):
                del env[name]
        env.update({
            "ANSIBLE_COLLECTIONS_PATH": self.collections,
            "ANSIBLE_CALLBACK_PLUGINS": os.path.join(BENCH, "callback_plugins"),
            "ANSIBLE_CALLBACKS_ENABLED": "bench_timing",
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_LOCAL_TEMP": os.path.join(self.work, "ansible-tmp"),
            "ANSIBLE_REMOTE_TEMP": os.path.join(self.work, "ansible-remote-tmp"),
            "ANSIBLE_HOME": os.path.join(self.work, "ansible-home"),
            "ANSIBLE_NOCOLOR": "1",
            "SRAPS_API_URL": self.sim.url,
            "SRAPS_ACCESS_KEY_ID": KEY["id"],
            "SRAPS_ACCESS_KEY_SECRET": KEY["secret"],
            "BENCH_TIMING_FILE": timing_file,
            "BENCH_RSS_LOG": self.rss_log,
        })
        return env

    def _rss_records(self):
        records = []
        if not os.path.exists(self.rss_log):
            return records
        with open(self.rss_log) as fh:
            for line in fh:
                parts = line.split(None, 5)
                if len(parts) < 6 or not parts[0].isdigit():
                    continue   # GNU time's "Command exited with non-zero status" lines
                records.append({"rss_kb": int(parts[0]), "wall_s": float(parts[1]),
                                "cpu_s": float(parts[2]) + float(parts[3]), "start": float(parts[4]),
                                "cmd": parts[5].strip()})
        return records

    def run_process(self, label, cmd, env, measure_rss=True, controller=False):
        """Run cmd; return (wall seconds, rc, spawn time, module records)."""
        if os.path.exists(self.rss_log):
            os.unlink(self.rss_log)
        log = os.path.join(self.log_dir, "%s.log" % label)
        cpu0 = self.sim_cpu()
        self.load_before = loadavg()
        t0 = time.time()
        with open(log, "w") as out:
            proc = subprocess.Popen(cmd, env=env, cwd=self.work, stdout=out, stderr=subprocess.STDOUT)
            self.controller_kb = None
            while proc.poll() is None:
                if controller:
                    self.controller_kb = max(self.controller_kb or 0, controller_peak_kb(proc.pid))
                time.sleep(0.1)
        wall = time.time() - t0
        sim_cpu = self.sim_cpu() - cpu0
        return wall, proc.returncode, t0, self._rss_records() if measure_rss else [], sim_cpu, log

    def playbook(self, label, playbook, extra_vars_file=None, extra=(), cwd_playbook=False):
        timing_file = os.path.join(self.work, "timing-%s.json" % label)
        cmd = [os.path.join(os.path.dirname(self.python), "ansible-playbook"), playbook]
        if self.has_time:
            cmd += ["-e", "ansible_python_interpreter=%s" % self.wrapper]
        else:
            cmd += ["-e", "ansible_python_interpreter=%s" % self.python]
        if extra_vars_file:
            cmd += ["-e", "@%s" % extra_vars_file]
        cmd += list(extra)
        wall, rc, t0, modules, sim_cpu, log = self.run_process(label, cmd, self.env(timing_file), controller=True)
        timing = {}
        if os.path.exists(timing_file):
            with open(timing_file) as fh:
                timing = json.load(fh)
        return {"wall_s": wall, "rc": rc, "spawn": t0, "timing": timing, "modules": modules,
                "sim_cpu_s": sim_cpu, "log": log, "controller_kb": self.controller_kb}

    # ---------------------------------------------------------------- measures
    def counters(self):
        stats = self.sim.stats()
        requests = stats["requests"]
        reads = sum(v for k, v in requests.items() if k.split(" ", 1)[0] == "GET")
        writes = sum(v for k, v in requests.items() if k.split(" ", 1)[0] in WRITE_METHODS)
        return {"requests": dict(sorted(requests.items())), "requests_total": stats["requests_total"],
                "reads": reads, "writes": writes, "applied_writes": stats["writes"],
                "faults": dict((k, v) for k, v in stats["faults"].items() if v),
                "rejected": stats["rejected"]}

    def lower_bound(self, reads, writes, parallel):
        latency = self.args.latency_ms / 1000.0
        return reads * latency + writes * latency / parallel

    def record(self, case, n, run, parallel, tasks=None, note=None):
        counts = self.counters()
        timing = run.get("timing") or {}
        all_tasks = timing.get("tasks") or []
        chosen = [t for t in all_tasks if tasks is None or tasks(t)]
        task_s = None
        if chosen and all(t.get("end") for t in chosen):
            task_s = chosen[-1]["end"] - chosen[0]["start"]
        startup_s = None
        if all_tasks and run.get("spawn"):
            startup_s = all_tasks[0]["start"] - run["spawn"]
        modules = run.get("modules") or []
        before_s = after_s = None
        if len(modules) == 1 and len(chosen) == 1 and chosen[0].get("end"):
            # one task, one module run: controller time before (templating, AnsiballZ, transfer) and
            # after it (reading and handling the result)
            before_s = round(modules[0]["start"] - chosen[0]["start"], 3)
            after_s = round(chosen[0]["end"] - modules[0]["start"] - modules[0]["wall_s"], 3)
        entry = {
            "case": case, "label": LABELS[case], "n": n, "parallel": parallel, "rc": run["rc"],
            "wall_s": round(run["wall_s"], 3),
            "task_s": round(task_s, 3) if task_s is not None else None,
            "startup_s": round(startup_s, 3) if startup_s is not None else None,
            "module_runs": len(modules),
            "controller_before_module_s": before_s, "controller_after_module_s": after_s,
            "module_wall_s": round(sum(m["wall_s"] for m in modules), 3) if modules else None,
            "module_cpu_s": round(sum(m["cpu_s"] for m in modules), 3) if modules else None,
            "peak_rss_mb": round(max(m["rss_kb"] for m in modules) / 1024.0, 1) if modules else None,
            "controller_rss_mb": round(run["controller_kb"] / 1024.0, 1) if run.get("controller_kb") else None,
            "result_kb": result_kb(timing, tasks),
            "sim_cpu_s": round(run["sim_cpu_s"], 3),
            "loadavg_before": self.load_before, "loadavg_after": loadavg(),
            "lower_bound_s": round(self.lower_bound(counts["reads"], counts["writes"], parallel), 3),
        }
        entry.update(counts)
        if note:
            entry["note"] = note
        if run["rc"] != 0:
            entry["error"] = "exit %d, see %s" % (run["rc"], run["log"])
        self.results.append(entry)
        self.say(entry)
        return entry

    def say(self, e):
        print("%-34s N=%-6s wall %7.2fs  task %s  LB %6.2fs  GET %-5d writes %-5d rss %s MB  sim-cpu %.1fs%s"
              % (e["label"], e["n"] if e["n"] is not None else "-", e["wall_s"],
                 "%7.2fs" % e["task_s"] if e["task_s"] is not None else "   -   ",
                 e["lower_bound_s"], e["reads"], e["writes"], e["peak_rss_mb"], e["sim_cpu_s"],
                 "  FAILED: " + e["error"] if e.get("error") else ""), flush=True)

    def check_phones(self, n, entry):
        """The phones are in the simulator as declared (so a fast but wrong run does not count)."""
        state = self.sim.state()
        endpoints = state["endpoints"]
        bad = 0
        for phone in phones(n):
            ep = endpoints.get(phone["mac"].replace(":", ""))
            if not ep or ep["company"] != COMPANY_UUID or ep["name"] != phone["name"] \
                    or ep["provisioning_profile"] != PROFILE_UUID or len(ep["settings_manager"]) != 1:
                bad += 1
        entry["verified"] = bad == 0
        if bad:
            entry.setdefault("error", "%d of %d phones not as declared" % (bad, n))
            print("    !! %d of %d phones not as declared" % (bad, n), flush=True)

    # ---------------------------------------------------------------- cases
    def phones_file(self, n):
        path = os.path.join(self.work, "phones-%d.json" % n)
        if not os.path.exists(path):
            with open(path, "w") as fh:
                json.dump({"bench_phones": phones(n), "bench_parallel": self.args.parallel}, fh)
        return path

    def phones_csv(self, n):
        """(a)'s phones as a CSV file in the phones_from_csv format, for endpoints_file."""
        path = os.path.join(self.work, "phones-%d.csv" % n)
        if not os.path.exists(path):
            with open(path, "w") as fh:
                fh.write("mac,name\n")
                for phone in phones(n):
                    fh.write("%s,%s\n" % (phone["mac"], phone["name"]))
        return path

    def case_empty(self):
        self.fresh()
        run = self.playbook("empty", os.path.join(self.work, "empty.yml"))
        self.record("0", None, run, 1)

    def case_bulk(self, n):
        self.fresh()
        run = self.playbook("a-%d" % n, os.path.join(self.work, "bulk.yml"), self.phones_file(n))
        entry = self.record("a", n, run, self.args.parallel, lambda t: t["action"].endswith("sraps_endpoint"))
        self.check_phones(n, entry)
        if "d" not in self.args.skip:
            self.sim.reset_stats()
            run = self.playbook("d-%d" % n, os.path.join(self.work, "bulk.yml"), self.phones_file(n))
            entry = self.record("d", n, run, self.args.parallel,
                                lambda t: t["action"].endswith("sraps_endpoint"))
            self.check_phones(n, entry)

    def case_file(self, n):
        """(p): (a) with endpoints_file instead of a list in the task's arguments, then its unchanged re-run."""
        self.fresh()
        extra = ("-e", "bench_csv=%s" % self.phones_csv(n), "-e", "bench_parallel=%d" % self.args.parallel)
        for case in ("p", "p2"):
            self.sim.reset_stats()
            run = self.playbook("%s-%d" % (case, n), os.path.join(self.work, "file.yml"), extra=extra)
            entry = self.record(case, n, run, self.args.parallel, lambda t: t["action"].endswith("sraps_endpoint"))
            self.check_phones(n, entry)

    def case_export(self, n):
        """Export what (a) left in the simulator: the seed's 3 phones of the company and (a)'s n."""
        self.sim.reset_stats()
        dest = os.path.join(self.work, "book-%d" % n)
        run = self.playbook("x-%d" % n, os.path.join(self.work, "export.yml"), extra=("-e", "bench_dest=%s" % dest))
        entry = self.record("x", n, run, 1, lambda t: t["action"].endswith("sraps_export"))
        entry["item_reads"] = sum(v for k, v in entry["requests"].items()
                                  if k.startswith("GET ") and k.endswith("/endpoints/{mac}"))
        exported = count_exported_phones(dest)
        entry["verified"] = exported == n + len(seed.CUSTOMER_MACS)
        if not entry["verified"]:
            entry.setdefault("error", "the book holds %s phones, not %d" % (exported, n + len(seed.CUSTOMER_MACS)))
            print("    !! " + entry["error"], flush=True)

    def case_stored(self, n):
        """(r): the unchanged re-run of (a) through ansible-runner, with the default return_objects and with
        all; what counts is the size of the task's job event, as AWX would store it."""
        for value in ("default", "all"):
            self.sim.reset_stats()
            extra = ["-e", "@%s" % self.phones_file(n)]
            if value != "default":
                extra += ["-e", "bench_return_objects=%s" % value]
            env = self.env(os.path.join(self.work, "timing-r.json"))
            # ansible-runner starts the ansible-playbook it finds on PATH: this venv's.
            env["PATH"] = os.path.dirname(self.python) + os.pathsep + env.get("PATH", "")
            cmd = [self.python, os.path.join(BENCH, "stored.py"), "--playbook", os.path.join(self.work, "bulk.yml"),
                   "--action", "sraps_endpoint"] + extra
            t0 = time.time()
            proc = subprocess.run(cmd, env=env, cwd=self.work, capture_output=True, text=True, check=False)
            out = {}
            try:
                out = json.loads(proc.stdout.strip().splitlines()[-1])
            except (ValueError, IndexError):
                pass
            entry = {"case": "r", "label": LABELS["r"], "n": n, "return_objects": value,
                     "wall_s": round(time.time() - t0, 3), "rc": proc.returncode,
                     "event_kb": round(out["event_bytes"] / 1024.0, 1) if out.get("event_bytes") else None}
            entry.update(self.counters())
            if proc.returncode != 0 or not out.get("event_bytes"):
                entry["error"] = "exit %d: %s" % (proc.returncode, (proc.stderr or proc.stdout)[-500:])
            self.results.append(entry)
            print("%-34s N=%-6s return_objects=%-7s job event %s KiB%s"
                  % (LABELS["r"], n, value, entry["event_kb"], "  FAILED: " + entry["error"] if entry.get("error")
                     else ""), flush=True)

    def case_move(self, n):
        """Move the n phones a bulk task registered in the company to the reseller's own company: a list
        read of each company, then a DELETE there and a PUT here per phone, `parallel` phones at a time."""
        self.fresh()
        fill = self.playbook("m-fill-%d" % n, os.path.join(self.work, "bulk.yml"), self.phones_file(n))
        if fill["rc"] != 0:
            raise RuntimeError("(m): registering the phones to move failed, see %s" % fill["log"])
        self.sim.reset_stats()
        run = self.playbook("m-%d" % n, os.path.join(self.work, "move.yml"), self.phones_file(n))
        entry = self.record("m", n, run, self.args.parallel, lambda t: t["action"].endswith("sraps_endpoint"))
        endpoints = self.sim.state()["endpoints"]
        bad = sum(1 for phone in phones(n)
                  if (endpoints.get(phone["mac"].replace(":", "")) or {}).get("company") != seed.DEMO_RESELLER_UUID
                  or endpoints[phone["mac"].replace(":", "")]["name"] != phone["name"])
        entry["verified"] = bad == 0
        if bad:
            entry.setdefault("error", "%d of %d phones not moved as declared" % (bad, n))
            print("    !! " + entry["error"], flush=True)

    def case_loop(self, n, cache_ttl=0):
        self.fresh()
        case = "bc" if cache_ttl else "b"
        playbook = "loop_cached.yml" if cache_ttl else "loop.yml"
        run = self.playbook("%s-%d" % (case, n), os.path.join(self.work, playbook), self.phones_file(n))
        entry = self.record(case, n, run, 1, lambda t: t["action"].endswith("sraps_endpoint"))
        if cache_ttl:
            entry["cache_ttl"] = cache_ttl
        self.check_phones(n, entry)

    def case_script(self, n):
        self.fresh()
        cmd = [self.python, os.path.join(BENCH, "handwritten.py"), "--api-url", self.sim.url,
               "--key-id", KEY["id"], "--secret", KEY["secret"], "--company", COMPANY,
               "--profile", PROFILE, "--setting", "setting_server=%s" % SETTING_VALUE,
               "--phones", self.phones_file(n)]
        if self.has_time:
            env = dict(os.environ, BENCH_RSS_LOG=self.rss_log)
            cmd = [self.wrapper] + cmd[1:]
        else:
            env = dict(os.environ)
        wall, rc, t0, modules, sim_cpu, log = self.run_process("c-%d" % n, cmd, env)
        run = {"wall_s": wall, "rc": rc, "spawn": None, "timing": {}, "modules": modules,
               "sim_cpu_s": sim_cpu, "log": log}
        entry = self.record("c", n, run, 1)
        entry["task_s"] = entry["wall_s"]
        self.check_phones(n, entry)

    def case_floor(self, n):
        self.fresh()
        cmd = [self.python, os.path.join(BENCH, "floor.py"), "--api-url", self.sim.url,
               "--key-id", KEY["id"], "--secret", KEY["secret"], "--company", COMPANY_UUID,
               "--profile", PROFILE_UUID, "--phones", self.phones_file(n), "--parallel", str(self.args.parallel),
               "--setting", "%s=%s" % (make_uuid("setting", "phone-settings/setting_server"), SETTING_VALUE)]
        wall, rc, dummy, modules, sim_cpu, log = self.run_process(
            "f-%d" % n, cmd, dict(os.environ), measure_rss=False)
        run = {"wall_s": wall, "rc": rc, "spawn": None, "timing": {}, "modules": modules,
               "sim_cpu_s": sim_cpu, "log": log}
        entry = self.record("f", n, run, self.args.parallel)
        entry["task_s"] = entry["wall_s"]
        self.check_phones(n, entry)

    def case_onboard(self, cache_ttl=0):
        playbook = os.path.join(self.coll, "playbooks", "onboard_customer.yml")
        data = os.path.join(self.coll, "playbooks", "examples", "demo_customer.yml")
        if not (os.path.exists(playbook) and os.path.exists(data)):
            note = "skipped: playbooks/onboard_customer.yml or playbooks/examples/demo_customer.yml missing"
            print("(e) " + note, flush=True)
            self.results.append({"case": "e", "label": LABELS["e"], "skipped": note})
            return
        extra = ()
        if cache_ttl and self.role_has_cache_ttl():
            extra = ("-e", "onboard_customer_cache_ttl=%d" % cache_ttl)
        elif cache_ttl:
            playbook = self.with_cache(playbook, cache_ttl)
        first, second = ("ec", "ec2") if cache_ttl else ("e", "e2")
        self.fresh()
        self.clear_cache()
        objects = count_demo_objects(data)
        for case in (first, second):
            run = self.playbook(case, playbook, data, extra=extra)
            entry = self.record(case, objects.get("phones"), run, self.args.parallel)
            entry["objects"] = objects
            if cache_ttl:
                entry["cache_ttl"] = cache_ttl
            self.sim.reset_stats()

    def role_has_cache_ttl(self):
        """Whether the measured collection's onboard_customer role takes onboard_customer_cache_ttl: as
        a default of its own (0.1.0), or as the override of the roles' shared sraps_cache_ttl."""
        for role, name in (("onboard_customer", "onboard_customer_cache_ttl:"), ("sraps", "sraps_cache_ttl:")):
            path = os.path.join(self.coll, "roles", role, "defaults", "main.yml")
            if os.path.exists(path):
                with open(path) as fh:
                    if name in fh.read():
                        return True
        return False

    def with_cache(self, playbook, cache_ttl):
        """The playbook with cache_ttl set for every module of the collection, at play level: for a
        collection whose role has no onboard_customer_cache_ttl (an older one, with --collection).

        Per-module keys: a role's own `group/sraps.provisioning.sraps` defaults would replace a
        play-level group entry, but they merge with per-module entries.
        """
        import yaml
        with open(playbook) as fh:
            plays = yaml.safe_load(fh)
        with open(os.path.join(self.coll, "meta", "runtime.yml")) as fh:
            modules = yaml.safe_load(fh)["action_groups"]["sraps"]
        for play in plays:
            defaults = play.setdefault("module_defaults", {})
            for module in modules:
                defaults.setdefault("sraps.provisioning.%s" % module, {})["cache_ttl"] = cache_ttl
        path = os.path.join(self.work, "onboard_customer_cached.yml")
        with open(path, "w") as fh:
            yaml.safe_dump(plays, fh, sort_keys=False)
        return path

    def clear_cache(self):
        """No cache file from an earlier case (or run) may serve this one."""
        env = self.env(os.devnull)
        code = ("import sys; sys.path.insert(0, %r); "
                "from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_cache import FileCache; "
                "print(FileCache(%r, %r, %r, 1).path)"
                % (self.collections, env["SRAPS_API_URL"], KEY["id"], KEY["secret"]))
        try:
            path = subprocess.run([self.python, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                  check=True).stdout.decode().strip()
        except (subprocess.CalledProcessError, OSError):
            return      # a collection without the cache
        if os.path.exists(path):
            os.unlink(path)

    # ---------------------------------------------------------------- (g) the book
    def case_book(self):
        """A generated book applied from empty (only the reseller exists), then checked unchanged, per forks."""
        playbook = os.path.join(self.coll, "playbooks", "apply.yml")
        if not os.path.exists(playbook):
            note = "skipped: playbooks/apply.yml missing"
            print("(g) " + note, flush=True)
            self.results.append({"case": "g", "label": LABELS["g"], "skipped": note})
            return
        customers, per_customer = self.args.book_customers, self.args.book_phones
        book_dir = os.path.join(self.work, "book")
        book.write(book_dir, customers, per_customer, self.collections)
        inventory = os.path.join(book_dir, "hosts.yml")
        for forks in self.args.book_forks:
            self.sim.reset(reseller_only_seed())
            self.sim.reset_stats()
            self.clear_cache()
            for case, check in (("g", False), ("g2", True)):
                label = "%s-forks%d" % (case, forks)
                extra = ["-i", inventory, "--forks", str(forks),
                         "-e", "apply_report_dir=%s" % os.path.join(self.work, "reports-%s" % label)]
                if check:
                    extra.append("--check")
                run = self.playbook(label, "sraps.provisioning.apply", extra=extra)
                entry = self.record_book(case, run, forks, customers, per_customer)
                self.check_book(entry, customers, per_customer)
                self.sim.reset_stats()
            if forks == self.args.book_forks[0]:
                self.book_export(book_dir, customers * per_customer)

    def book_export(self, book_dir, n):
        """Once: the applied account exported; the export writes the generated book again (its hosts.yml also
        names each company's uuid), so the book of (g) is one an export round trip keeps."""
        dest = os.path.join(self.work, "book-exported")
        run = self.playbook("g3", os.path.join(self.work, "export_all.yml"), extra=("-e", "bench_dest=%s" % dest))
        entry = self.record("g3", n, run, 1, lambda t: t["action"].endswith("sraps_export"))
        differing = compare_books(book_dir, dest)
        entry["verified"] = not differing
        if differing:
            entry.setdefault("error", "the export differs from the generated book in %d files, such as %s"
                             % (len(differing), differing[0]))
            print("    !! " + entry["error"], flush=True)
        self.sim.reset_stats()

    def record_book(self, case, run, forks, customers, per_customer):
        """One run of (g): time, requests, recap and where one customer's time goes."""
        counts = self.counters()
        timing = run.get("timing") or {}
        modules = run.get("modules") or []
        latency = self.args.latency_ms / 1000.0
        # At most min(forks, customers) module runs at a time, each with at most BOOK_MODULE_PARALLEL
        # requests in flight: no run of these requests can take less.
        in_flight = min(forks, customers) * BOOK_MODULE_PARALLEL
        lower = counts["requests_total"] * latency / in_flight
        hosts = set(book.host_name(i) for i in range(1, customers + 1))
        every_run = timing.get("runs") or []
        # The book's own tasks, not the customers': its pre-flight and report, on localhost or run_once.
        book_tasks = [r for r in every_run if r["host"] not in hosts or r.get("run_once")]
        runs = [r for r in every_run if r["host"] in hosts and not r.get("run_once")]
        entry = {
            "case": case, "label": LABELS[case], "n": customers * per_customer, "customers": customers,
            "phones_per_customer": per_customer, "forks": forks, "parallel": BOOK_MODULE_PARALLEL, "rc": run["rc"],
            "wall_s": round(run["wall_s"], 3),
            "task_s": round(timing["end"] - every_run[0]["start"], 3) if every_run and timing.get("end") else None,
            "startup_s": round(every_run[0]["start"] - run["spawn"], 3) if every_run else None,
            "book_tasks": len(book_tasks), "book_tasks_s": round(sum(r["end"] - r["start"] for r in book_tasks), 3),
            "module_processes": len(modules),
            "module_wall_s": round(sum(m["wall_s"] for m in modules), 3) if modules else None,
            "module_cpu_s": round(sum(m["cpu_s"] for m in modules), 3) if modules else None,
            "peak_rss_mb": round(max(m["rss_kb"] for m in modules) / 1024.0, 1) if modules else None,
            "sim_cpu_s": round(run["sim_cpu_s"], 3),
            "loadavg_before": self.load_before, "loadavg_after": loadavg(),
            "lower_bound_s": round(lower, 3),
            "recap": book_recap(dict((h, v) for h, v in (timing.get("recap") or {}).items() if h in hosts)),
        }
        entry.update(counts)
        entry.update(per_customer_costs(runs, customers))
        entry["book_by_task"] = [{"name": r["name"], "action": r["action"], "s": round(r["end"] - r["start"], 3)}
                                 for r in book_tasks]
        if run["rc"] != 0:
            entry["error"] = "exit %d, see %s" % (run["rc"], run["log"])
        self.results.append(entry)
        recap = entry["recap"]
        print("%-34s forks %-3d wall %7.2fs  LB %6.2fs  requests %-6d writes %-6d hosts ok %d changed %d failed %d  "
              "module runs/customer %s  s/module run %s%s"
              % (entry["label"], forks, entry["wall_s"], entry["lower_bound_s"], entry["requests_total"],
                 entry["writes"], recap["hosts_ok"], recap["hosts_changed"], recap["hosts_failed"],
                 fmt(entry["module_runs_per_customer"], 1), fmt(entry["s_per_module_run"], 2),
                 "  FAILED: " + entry["error"] if entry.get("error") else ""), flush=True)
        return entry

    def check_book(self, entry, customers, per_customer):
        """The simulator holds the book (so a fast but wrong run does not count); a drift check wrote nothing
        and found no change."""
        problems = []
        if entry["case"] == "g2":
            if entry["writes"]:
                problems.append("the drift check wrote %d times" % entry["writes"])
            if entry["recap"]["hosts_changed"]:
                problems.append("the drift check reports %d changed customers" % entry["recap"]["hosts_changed"])
        elif entry["recap"]["hosts"] != customers:
            problems.append("the recap lists %d customers, not %d" % (entry["recap"]["hosts"], customers))
        problems.extend(book_differences(self.sim.state(), customers, per_customer))
        entry["verified"] = not problems
        if problems:
            entry.setdefault("error", "; ".join(problems[:5]))
            print("    !! " + "; ".join(problems[:5]), flush=True)

    def run(self):
        self.start_simulator()
        try:
            self.case_empty()
            for n in self.args.sizes:
                if "a" not in self.args.skip:
                    self.case_bulk(n)
                    if "x" not in self.args.skip:
                        self.case_export(n)
                if "r" not in self.args.skip and "a" not in self.args.skip:
                    self.case_stored(n)
                if "p" not in self.args.skip:
                    self.case_file(n)
                if "m" not in self.args.skip and n <= self.args.move_max:
                    self.case_move(n)
                if "f" not in self.args.skip:
                    self.case_floor(n)
                if "c" not in self.args.skip and n <= self.args.script_max:
                    self.case_script(n)
                if "b" not in self.args.skip and n <= self.args.loop_max:
                    self.case_loop(n)
                    if self.args.cache_ttl and n <= self.args.cache_loop_max:
                        self.clear_cache()
                        self.case_loop(n, self.args.cache_ttl)
            if "e" not in self.args.skip:
                self.case_onboard()
                if self.args.cache_ttl:
                    self.case_onboard(self.args.cache_ttl)
            if "g" not in self.args.skip:
                self.case_book()
        finally:
            self.sim.stop()


def reseller_only_seed():
    """The simulator's seed with only the reseller and its keys: no customer exists yet."""
    doc = seed.default_seed()
    reseller_uuid = seed.DEMO_RESELLER_UUID
    return {"companies": [c for c in doc["companies"] if c["name"] == seed.DEMO_RESELLER],
            "keys": [k for k in doc["keys"] if k["company"] in (reseller_uuid, seed.DEMO_RESELLER)],
            "profiles": [], "endpoints": [], "product_defaults": [], "users": []}


def book_recap(recap):
    """The play recap of a run: hosts ok (no failure), changed and failed, and the task totals."""
    out = {"hosts": len(recap), "hosts_ok": 0, "hosts_changed": 0, "hosts_failed": 0}
    for name in ("ok", "changed", "failures", "unreachable", "skipped"):
        out[name] = sum(host.get(name, 0) for host in recap.values())
    for host in recap.values():
        failed = host.get("failures", 0) or host.get("unreachable", 0)
        out["hosts_failed" if failed else "hosts_ok"] += 1
        out["hosts_changed"] += 1 if host.get("changed", 0) else 0
    return out


def per_customer_costs(runs, customers):
    """Where one customer's time goes: the tasks each customer ran (skipped ones left out), its module runs (the
    tasks that are not controller-only) with their mean time (the task's start to its result, for that
    customer), and per task name its runs per customer and mean seconds per run. A skipped task runs no module
    but its condition takes controller time: it counts in the time, as a run of a controller-only task."""
    done = [r for r in runs if r["status"] != "skipped"]
    skipped = set(r["name"] for r in runs if r["status"] == "skipped") - set(r["name"] for r in done)
    by_task = {}
    for r in runs:
        item = by_task.setdefault((r["name"], r["action"]),
                                  {"name": r["name"], "action": r["action"], "runs": 0, "total_s": 0.0})
        item["runs"] += 1
        item["total_s"] += r["end"] - r["start"]
    tasks = []
    for item in by_task.values():
        short = item["action"].rsplit(".", 1)[-1]
        tasks.append({"name": item["name"], "action": item["action"],
                      "module": short not in CONTROLLER_ACTIONS and item["name"] not in skipped,
                      "runs_per_customer": round(item["runs"] / float(customers), 2),
                      "mean_s": round(item["total_s"] / item["runs"], 3), "total_s": round(item["total_s"], 3)})
    tasks.sort(key=lambda t: -t["total_s"])
    busy = {}
    for r in runs:
        busy[r["host"]] = busy.get(r["host"], 0.0) + r["end"] - r["start"]
    module_tasks = [r for r in done if r["action"].rsplit(".", 1)[-1] not in CONTROLLER_ACTIONS]
    module_runs, module_s = len(module_tasks), sum(r["end"] - r["start"] for r in module_tasks)
    return {
        "tasks_per_customer": round(len(done) / float(customers), 2),
        "module_runs_per_customer": round(module_runs / float(customers), 2),
        "s_per_module_run": round(module_s / module_runs, 3) if module_runs else None,
        "module_s_per_customer": round(module_s / customers, 3),
        "customer_s": round(sum(busy.values()) / len(busy), 3) if busy else None,
        "by_task": tasks,
    }


def compare_books(generated, exported):
    """The files (relative paths) in which an export differs from the generated book, leaving out the
    sraps_customer_uuid lines the export adds to hosts.yml."""
    def files(root):
        out = {}
        for folder, dummy, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as fh:
                    lines = [line for line in fh if "sraps_customer_uuid:" not in line]
                out[os.path.relpath(path, root)] = lines
        return out
    mine, theirs = files(generated), files(exported) if os.path.isdir(exported) else {}
    return sorted(path for path in set(mine) | set(theirs) if mine.get(path) != theirs.get(path))


def book_differences(state, customers, per_customer):
    """What the simulator's state lacks of the generated book (companies, users, profiles, product defaults,
    phones with their name, profile and own setting); an empty list when it holds all of it."""
    problems = []
    companies = dict((c["name"], uuid) for uuid, c in state["companies"].items())
    profiles = dict(((p["company"], p["name"]), uuid) for uuid, p in state["profiles"].items())
    users, defaults = {}, {}
    for u in state["users"].values():
        users[u["company"]] = users.get(u["company"], 0) + 1
    for d in state["product_defaults"].values():
        defaults[d["company"]] = defaults.get(d["company"], 0) + 1
    bad_phones = 0
    for i in range(1, customers + 1):
        host, name, data, rows = book.customer(i, per_customer)
        uuid = companies.get(name)
        if uuid is None:
            problems.append("company %s missing" % name)
            continue
        if users.get(uuid, 0) != len(data["onboard_customer_users"]) or \
                defaults.get(uuid, 0) != len(data["onboard_customer_product_defaults"]):
            problems.append("%s: %d users, %d product defaults" % (host, users.get(uuid, 0), defaults.get(uuid, 0)))
        for row in rows:
            ep = state["endpoints"].get(row["mac"])
            if not ep or ep["company"] != uuid or ep["name"] != row["name"] \
                    or ep["provisioning_profile"] != profiles.get((uuid, row["profile"])) \
                    or len(ep["settings_manager"]) != len(row.get("settings") or {}):
                bad_phones += 1
    if bad_phones:
        problems.append("%d of %d phones not as the book declares" % (bad_phones, customers * per_customer))
    return problems


def count_exported_phones(book_dir):
    """The phones a book holds: rows of its phones.csv files, items of its phones.yml files."""
    import yaml
    count = 0
    for root, dummy, files in os.walk(os.path.join(book_dir, "host_vars")):
        for name in files:
            path = os.path.join(root, name)
            if name == "phones.csv":
                with open(path) as fh:
                    count += sum(1 for line in fh if line.strip() and not line.startswith("#")) - 1
            elif name == "phones.yml":
                with open(path) as fh:
                    count += sum(len(v) for v in (yaml.safe_load(fh) or {}).values() if isinstance(v, list))
    return count


def count_demo_objects(path):
    """How many objects the demo customer declares, read with the bench venv's PyYAML."""
    import yaml
    with open(path) as fh:
        doc = yaml.safe_load(fh) or {}
    out = {"company": 1 if doc.get("onboard_customer_company") else 0}
    for key, name in (("onboard_customer_users", "users"), ("onboard_customer_profiles", "profiles"),
                      ("onboard_customer_product_defaults", "product_defaults"),
                      ("onboard_customer_phones", "phones")):
        out[name] = len(doc.get(key) or [])
    out["total"] = sum(out.values())
    return out


# -------------------------------------------------------------------- reporting
def find(results, case, n):
    for r in results:
        if r.get("case") == case and r.get("n") == n and "skipped" not in r:
            return r
    return None


def result_kb(timing, tasks):
    """The size of the largest result of the chosen tasks, as JSON, in KiB (None when not recorded)."""
    sizes = [r["result_bytes"] for r in (timing.get("runs") or [])
             if "result_bytes" in r and (tasks is None or tasks(r))]
    return round(max(sizes) / 1024.0, 1) if sizes else None


def ratio(x, y):
    if x is None or y in (None, 0):
        return None
    return x / y


def fmt(value, digits=2, suffix=""):
    if value is None:
        return "–"
    return ("%." + str(digits) + "f%s") % (value, suffix)


def goals(doc):
    """The issue's goals, each as (text, measured, met or None)."""
    res = doc["results"]
    sizes = doc["config"]["sizes"]
    out = []
    for n in (1000, 10000):
        a = find(res, "a", n)
        if a and a.get("task_s") is not None:
            r = ratio(a["task_s"], a["lower_bound_s"])
            out.append(("(a) task within 1.5x of the lower bound at N=%d" % n, "%.2fx" % r, r <= 1.5))
    a, b, c = find(res, "a", 1000), find(res, "b", 1000), find(res, "c", 1000)
    if a and b:
        r = ratio(b["wall_s"], a["wall_s"])
        out.append(("(a) >= 20x faster than (b) at N=1000 (playbook wall)", "%.1fx" % r, r >= 20))
    if a and c:
        r = ratio(c["wall_s"], a["wall_s"])
        out.append(("(a) >= 5x faster than (c) at N=1000 (playbook wall vs script wall)", "%.1fx" % r, r >= 5))
    for n in sizes:
        d = find(res, "d", n)
        if d:
            ep_reads = sum(v for k, v in d["requests"].items() if k.startswith("GET ") and "endpoints" in k)
            limit = 1 + int(math.ceil(n / 1000.0))
            out.append(("(d) N=%d: no writes, endpoint reads <= %d" % (n, limit),
                        "%d writes, %d endpoint reads" % (d["writes"], ep_reads),
                        d["writes"] == 0 and ep_reads <= limit))
    for n in sizes:
        m = find(res, "m", n)
        if m and m.get("task_s") is not None:
            r = ratio(m["task_s"], m["lower_bound_s"])
            out.append(("(m) move of N=%d phones within 1.5x of its lower bound (reads, then 2 writes per phone "
                        "`parallel` at a time)" % n, "%.2fx" % r, r <= 1.5))
    for n in sizes:
        x = find(res, "x", n)
        if x and x.get("task_s") is not None:
            r = ratio(x["task_s"], x["lower_bound_s"])
            out.append(("(x) export of N=%d phones: list reads only, within 1.5x of their lower bound" % n,
                        "%.2fx, %d reads, %d per-phone GETs, %d writes" % (r, x["reads"], x["item_reads"], x["writes"]),
                        r <= 1.5 and x["item_reads"] == 0 and x["writes"] == 0))
    a1, a10, a100k = find(res, "a", 1000), find(res, "a", 10000), find(res, "a", 100000)
    if a1 and a10:
        r = ratio(a10["task_s"], a1["task_s"])
        out.append(("linear: (a)@10k within 12x of (a)@1k (task)", "%.1fx" % r, r <= 12))
    if a10 and a100k:
        r = ratio(a100k["task_s"], a10["task_s"])
        out.append(("linear: (a)@100k within 11x of (a)@10k (task)", "%.1fx" % r, r <= 11))
    for n in (10000, 100000):
        for case in ("a", "p"):
            a, f = find(res, case, n), find(res, "f", n)
            if a and f and a.get("task_s") is not None:
                r = ratio(a["task_s"], f["wall_s"])
                out.append(("(%s) task within 1.1x of the floor (f) at N=%d" % (case, n), "%.2fx" % r, r <= 1.1))
    a100 = find(res, "a", 100)
    if a100 and a100.get("task_s") is not None:
        r = ratio(a100["task_s"], a100["lower_bound_s"])
        out.append(("(a) task within 1.5x of the lower bound at N=100", "%.2fx" % r, r <= 1.5))
    for case in ("d", "p2"):
        d10 = find(res, case, 10000)
        if d10 and d10.get("task_s") is not None:
            out.append(("%s at N=10000 in at most 2 s of task time" % LABELS[case], "%.2f s" % d10["task_s"],
                        d10["task_s"] <= 2))
    for n, limit in ((10000, 100), (100000, 100)):
        for case in ("a", "d", "p", "p2"):
            a = find(res, case, n)
            if a and a.get("peak_rss_mb") is not None:
                out.append(("%s: module peak RSS < %d MB at N=%d (controller's beside it)" % (LABELS[case], limit, n),
                            "%.0f MB (controller %s MB)" % (a["peak_rss_mb"], fmt(a.get("controller_rss_mb"), 0)),
                            a["peak_rss_mb"] < limit))
    for n in (10000,):
        for case in ("a", "d"):
            e = find(res, case, n)
            if e and e.get("result_kb") is not None:
                out.append(("%s task result < 1 MB at N=%d with the default return_objects" % (LABELS[case], n),
                            "%.0f KiB" % e["result_kb"], e["result_kb"] < 1024))
    for case, limit in (("g2", 120), ("g", 240)):
        runs = [r for r in res if r.get("case") == case and "skipped" not in r and not r.get("error")]
        if runs:
            best = min(runs, key=lambda r: r["wall_s"])
            out.append(("%s of %d customers, %d phones: <= %d s at the best forks"
                        % (LABELS[case], best["customers"], best["n"], limit),
                        "%.0f s at forks %d" % (best["wall_s"], best["forks"]), best["wall_s"] <= limit))
    e = find(res, "e", doc.get("onboard_phones"))
    if e:
        objects = e["objects"]["total"]
        out.append(("(e) requests - objects managed (a constant per play)",
                    "%d requests for %d objects: %+d" % (e["requests_total"], objects,
                                                         e["requests_total"] - objects), None))
    return out


def write_markdown(doc, path):
    res = doc["results"]
    cfg = doc["config"]
    lines = []
    lines.append("Latency %g ms per request, parallel %d, catalogue %d settings, %s, %d cores; %s; "
                 "collection: %s."
                 % (cfg["latency_ms"], cfg["parallel"], cfg["catalogue_size"], cfg["python"],
                    cfg["cores"], cfg["date"], cfg.get("collection_label", "this checkout")))
    if doc.get("note"):
        lines.append("")
        lines.append("Note: %s" % doc["note"])
    lines.append("")
    lines.append("| case | N | playbook wall s | task s | start-up s | module s (CPU s) | module peak RSS MB "
                 "| controller peak RSS MB | result KiB | GET | PUT | POST | DELETE | lower bound s | task / LB "
                 "| sim CPU s | load |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in res:
        if "skipped" in r:
            lines.append("| %s | – | %s | | | | | | | | | | | | | | |" % (r["label"], r["skipped"]))
            continue
        if r["case"] in ("g", "g2", "r"):
            continue
        methods = dict((m, sum(v for k, v in r["requests"].items() if k.startswith(m + " ")))
                       for m in ("GET", "PUT", "POST", "DELETE"))
        module = "–"
        if r.get("module_wall_s") is not None:
            module = "%.2f (%.2f)" % (r["module_wall_s"], r["module_cpu_s"])
            if r.get("module_runs", 0) > 1:
                module += " in %d runs" % r["module_runs"]
        lines.append("| %s%s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d | %d | %d | %s | %s | %s | %s |" % (
            r["label"], " **FAILED**" if r.get("error") else "",
            r["n"] if r["n"] is not None else "–", fmt(r["wall_s"]), fmt(r.get("task_s")),
            fmt(r.get("startup_s")), module, fmt(r.get("peak_rss_mb"), 0), fmt(r.get("controller_rss_mb"), 0),
            fmt(r.get("result_kb"), 1),
            methods["GET"], methods["PUT"], methods["POST"], methods["DELETE"], fmt(r["lower_bound_s"]),
            fmt(ratio(r.get("task_s"), r["lower_bound_s"]), 2, "x")
            if r["case"] in ("a", "b", "bc", "c", "d", "f", "g3", "m", "p", "p2", "x")
            else "–", fmt(r["sim_cpu_s"], 1),
            "%s→%s" % (fmt(r.get("loadavg_before"), 1), fmt(r.get("loadavg_after"), 1))))
    lines.append("")
    lines.append("| N | (a) task / lower bound | (a) playbook / lower bound | (f) floor / lower bound "
                 "| (a) task / (f) | (b) / (a) | (c) / (a) | (a) at N / (a) at N/10 | (b) s per phone |")
    lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in cfg["sizes"]:
        a, b, c, f = find(res, "a", n), find(res, "b", n), find(res, "c", n), find(res, "f", n)
        prev = find(res, "a", n // 10) if n % 10 == 0 else None
        if not a:
            continue
        lines.append("| %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            n, fmt(ratio(a["task_s"], a["lower_bound_s"]), 2, "x"),
            fmt(ratio(a["wall_s"], a["lower_bound_s"]), 2, "x"),
            fmt(ratio(f and f["wall_s"], f and f["lower_bound_s"]), 2, "x"),
            fmt(ratio(a["task_s"], f and f["wall_s"]), 2, "x"),
            fmt(ratio(b and b["wall_s"], a["wall_s"]), 1, "x"),
            fmt(ratio(c and c["wall_s"], a["wall_s"]), 1, "x"),
            fmt(ratio(a["task_s"], prev and prev["task_s"]), 1, "x"),
            fmt(ratio(b and b["task_s"], n), 3)))
    stored = [r for r in res if r.get("case") == "r"]
    if stored:
        lines.append("")
        lines.append("| (r) N | return_objects | job event KiB (ansible-runner) | run s |")
        lines.append("|---:|---|---:|---:|")
        for r in stored:
            lines.append("| %d | %s | %s | %s |" % (
                r["n"], r["return_objects"], fmt(r.get("event_kb"), 1), fmt(r["wall_s"])))
    lines.append("")
    lines.append("| goal (reported, not asserted) | measured | met |")
    lines.append("|---|---|---|")
    for text, measured, met in goals(doc):
        lines.append("| %s | %s | %s |" % (text, measured, {True: "yes", False: "**no**", None: "–"}[met]))
    lines.extend(book_markdown(res, cfg))
    runs = [r for r in (find(res, c, doc.get("onboard_phones")) for c in ("e", "e2", "ec", "ec2")) if r]
    if runs:
        lines.append("")
        lines.append("(e) requests by route (objects declared: %s):" % ", ".join(
            "%d %s" % (v, k) for k, v in runs[0]["objects"].items() if k != "total"))
        lines.append("")
        routes = sorted(set(k for r in runs for k in r["requests"]),
                        key=lambda k: (-runs[0]["requests"].get(k, 0), k))
        lines.append("| route | " + " | ".join(r["label"][4:] for r in runs) + " |")
        lines.append("|---|" + "---:|" * len(runs))
        for route in routes:
            lines.append("| `%s` | %s |" % (route, " | ".join(str(r["requests"].get(route, 0)) for r in runs)))
        lines.append("| **total** | %s |" % " | ".join("**%d**" % r["requests_total"] for r in runs))
    with open(path, "w") as fh:
        fh.write("\n".join(lines) + "\n")


def book_markdown(res, cfg):
    """The tables of (g): one row per run, then where one customer's time goes in the runs at the fewest forks."""
    runs = [r for r in res if r.get("case") in ("g", "g2") and "skipped" not in r]
    if not runs:
        return []
    first = runs[0]
    lines = ["", "(g) book of %d customers, %d phones each (%d phones); lower bound = requests x %g ms / "
             "(min(forks, customers) x %d)" % (first["customers"], first["phones_per_customer"], first["n"],
                                               cfg["latency_ms"], BOOK_MODULE_PARALLEL), ""]
    lines.append("| run | forks | wall s | requests | GET | writes | lower bound s | wall / LB | hosts ok / changed "
                 "/ failed | recap ok / changed / failed | module runs per customer | s per module run "
                 "| module process s (CPU s) per run | task s per customer | book's own tasks s | sim CPU s | load |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        rc = r["recap"]
        process = "–"
        if r.get("module_processes"):
            process = "%.2f (%.2f)" % (r["module_wall_s"] / r["module_processes"], r["module_cpu_s"] / r["module_processes"])
        lines.append("| %s%s | %d | %s | %d | %d | %d | %s | %s | %d / %d / %d | %d / %d / %d | %s | %s | %s | %s | %s "
                     "| %s | %s |"
                     % (r["label"][4:], " **FAILED**" if r.get("error") else "", r["forks"], fmt(r["wall_s"], 1),
                        r["requests_total"], r["reads"], r["writes"], fmt(r["lower_bound_s"], 1),
                        fmt(ratio(r["wall_s"], r["lower_bound_s"]), 1, "x"), rc["hosts_ok"], rc["hosts_changed"],
                        rc["hosts_failed"], rc["ok"], rc["changed"], rc["failures"],
                        fmt(r["module_runs_per_customer"], 1), fmt(r["s_per_module_run"], 2), process,
                        fmt(r["customer_s"], 1), fmt(r.get("book_tasks_s"), 1), fmt(r["sim_cpu_s"], 1),
                        "%s→%s" % (fmt(r.get("loadavg_before"), 1), fmt(r.get("loadavg_after"), 1))))
    fewest = min(r["forks"] for r in runs)
    for r in (r for r in runs if r["forks"] == fewest):
        lines.append("")
        lines.append("%s, forks %d: the tasks of one customer (%s tasks, %s module runs, %s s of tasks):"
                     % (r["label"], r["forks"], fmt(r["tasks_per_customer"], 1), fmt(r["module_runs_per_customer"], 1),
                        fmt(r["customer_s"], 1)))
        lines.append("")
        lines.append("| task | action | runs per customer | mean s per run | s per customer |")
        lines.append("|---|---|---:|---:|---:|")
        controller = [t for t in r["by_task"] if not t["module"]]
        for t in r["by_task"]:
            if t["module"]:
                lines.append("| %s | `%s` | %s | %s | %s |" % (
                    t["name"].replace("|", "/"), t["action"], fmt(t["runs_per_customer"], 1), fmt(t["mean_s"], 3),
                    fmt(t["total_s"] / r["customers"], 2)))
        if controller:
            count = sum(t["runs_per_customer"] for t in controller)
            total = sum(t["total_s"] for t in controller) / r["customers"]
            lines.append("| %d controller-only or skipped tasks (assert, set_fact, ...) | – | %s | %s | %s |"
                         % (len(controller), fmt(count, 1), fmt(total / count if count else None, 3), fmt(total, 2)))
        for t in r.get("book_by_task") or []:
            if t["s"] >= 0.5:
                lines.append("| the book, once: %s | `%s` | – | %s | – |"
                             % (t["name"].replace("|", "/"), t["action"], fmt(t["s"], 3)))
    return lines


def write_plot(doc, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plot (make bench installs it into bench/.venv)")
        return False
    res = doc["results"]
    fig, ax = plt.subplots(figsize=(7, 5))
    series = [("a", "wall_s", "(a) bulk task, playbook", "o-"),
              ("a", "task_s", "(a) bulk task, task only", "o--"),
              ("p", "task_s", "(p) bulk task, phones from a file, task only", "d--"),
              ("b", "wall_s", "(b) loop of single-MAC tasks", "s-"),
              ("bc", "wall_s", "(b) loop, cache_ttl set", "s--"),
              ("c", "wall_s", "(c) hand-written script", "^-"),
              ("f", "wall_s", "(f) floor: bare parallel PUTs", "x:"),
              ("a", "lower_bound_s", "lower bound of (a)", "k:")]
    plotted = False
    for case, field, label, style in series:
        points = [(r["n"], r[field]) for r in res if r.get("case") == case and r.get(field) and r.get("n")]
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], style, label=label)
            plotted = True
    if not plotted:
        plt.close(fig)
        return False
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("phones (N)")
    ax.set_ylabel("seconds")
    ax.set_title("Registering N phones, %g ms per request" % doc["config"]["latency_ms"])
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return True


def main(argv=None):
    args = parse_args(argv)
    work = tempfile.mkdtemp(prefix="sraps-bench-")
    print("work directory: %s" % work, flush=True)
    bench = Bench(args, work)
    if not bench.has_time:
        print("/usr/bin/time (GNU time) not found: module peak memory is not measured", flush=True)
    started = time.time()
    try:
        bench.run()
    finally:
        doc = {
            "config": {"sizes": args.sizes, "latency_ms": args.latency_ms, "parallel": args.parallel,
                       "loop_max": args.loop_max, "script_max": args.script_max,
                       "skip": sorted(args.skip), "catalogue_size": args.catalogue_size,
                       "python": "Python %s" % platform.python_version(), "cores": os.cpu_count(),
                       "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
                       "cache_ttl": args.cache_ttl, "collection": os.path.abspath(args.collection),
                       "book_customers": args.book_customers, "book_phones": args.book_phones,
                       "book_forks": args.book_forks,
                       "collection_label": ("this checkout" if os.path.abspath(args.collection) == REPO
                                            else os.path.abspath(args.collection)),
                       "duration_s": round(time.time() - started, 1)},
            "note": args.note,
            "results": bench.results,
        }
        for r in bench.results:
            if r.get("case") == "e" and "objects" in r:
                doc["onboard_phones"] = r["n"]
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "results.json"), "w") as fh:
            json.dump(doc, fh, indent=1)
        write_markdown(doc, os.path.join(args.out, "results.md"))
        plot = write_plot(doc, os.path.join(args.out, "results.png"))
        print("wrote %s/results.json, results.md%s" % (args.out, ", results.png" if plot else ""))
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    failed = [r for r in bench.results if r.get("error")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
