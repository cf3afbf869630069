"""Command line details: the URL line, --print-default-seed, bad flags, the bench script."""

import json
import os
import subprocess
import sys

import pytest

from conftest import SIM_DIR, Client
from sraps_simulator import bench, seed
from sraps_simulator.testing import SimulatorError, running_simulator, start_simulator

ENV_PATH = dict(os.environ, PYTHONPATH=SIM_DIR)


def run_module(*args):
    return subprocess.run([sys.executable, "-m", "sraps_simulator"] + list(args),
                          capture_output=True, text=True, timeout=30, env=ENV_PATH, check=False)


def test_print_default_seed_round_trips(tmp_path):
    done = run_module("--print-default-seed")
    assert done.returncode == 0
    printed = json.loads(done.stdout)
    assert printed == seed.default_seed()
    path = tmp_path / "seed.json"
    path.write_text(done.stdout)
    with running_simulator(["--seed", str(path)]) as sim:
        state = sim.state()
        assert set(state["companies"]) == set(seed.COMPANIES.values())
        assert Client(sim.url).get("companies/").status_code == 200


def test_url_line_and_port():
    with running_simulator() as sim:
        assert sim.url == "http://127.0.0.1:%d/api/v1/" % sim.port and sim.port > 0
        assert sim.base == "http://127.0.0.1:%d" % sim.port
        assert sim.proc.poll() is None
    assert sim.proc.returncode == 0  # SIGTERM is a clean exit


@pytest.mark.parametrize("args, message", [
    (["--tls-cert", "x.pem"], "go together"),
    (["--fail-503", "2"], "between 0 and 1"),
    (["--fail-503", "0.6", "--fail-502", "0.6"], "must not exceed 1"),
])
def test_bad_flags(args, message):
    with pytest.raises(SimulatorError, match=message):
        start_simulator(*args)


def test_bench_runs(capsys):
    bench.main(["--requests", "40", "--threads", "1,2", "--starts", "1"])
    out = capsys.readouterr().out
    assert "start-up" in out and "requests/s" in out
    print(out)  # visible with -s: the figures are reported, not asserted
