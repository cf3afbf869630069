"""Start the simulator as a subprocess from tests, benchmarks and scripts.

    from sraps_simulator.testing import running_simulator
    with running_simulator(["--catalogue-size", "1300"]) as sim:
        sim.url            # http://127.0.0.1:PORT/api/v1/
        sim.set_faults(fail_503=0.2, fault_seed=7)
        sim.stats()["writes"]

Admin calls use urllib only, so this module needs nothing beyond the standard library.
"""

import contextlib
import json
import os
import select
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

_PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class SimulatorError(RuntimeError):
    pass


class RunningSimulator:
    """A simulator subprocess: its URL and its test-only admin API."""

    def __init__(self, proc, url, stderr_file):
        self.proc = proc
        self.url = url                                   # .../api/v1/
        self.base = url[:-len("api/v1/")].rstrip("/")    # scheme://host:port
        self.port = int(self.base.rsplit(":", 1)[1])
        self._stderr = stderr_file
        # The admin API of a TLS simulator uses its (self-signed) test certificate.
        self._ssl = ssl._create_unverified_context() if url.startswith("https") else None

    def admin(self, method, path, body=None):
        """Call /_sim/<path>; returns the decoded JSON answer (raises SimulatorError on 4xx)."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request("%s/_sim/%s" % (self.base, path.lstrip("/")), data=data,
                                     method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=10, context=self._ssl) as resp:
                return json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as err:
            raise SimulatorError("%s /_sim/%s: %s %s" % (method, path, err.code,
                                                         err.read().decode("utf-8", "replace")))

    def state(self):
        return self.admin("GET", "state")

    def stats(self):
        return self.admin("GET", "stats")

    def reset(self, seed=None):
        """Back to the start-up seed, or to `seed` (a seed document)."""
        return self.admin("POST", "reset", seed or {})

    def reset_stats(self):
        return self.admin("POST", "stats/reset", {})

    def set_faults(self, **faults):
        """Replace the fault configuration (names as the CLI flags, with _ for -)."""
        return self.admin("POST", "faults", faults)

    def faults(self):
        return self.admin("GET", "faults")

    def set_modes(self, **modes):
        """Replace the mode configuration (names as the CLI flags, with _ for -)."""
        return self.admin("POST", "modes", modes)

    def modes(self):
        return self.admin("GET", "modes")

    def set_call_in(self, **config):
        """Replace the call-in configuration (after, fraction, seed); no arguments: off."""
        return self.admin("POST", "call-in", config)

    def call_in(self):
        return self.admin("GET", "call-in")

    def phone_contact(self, mac, product=None):
        body = {"mac": mac}
        if product is not None:
            body["product"] = product
        return self.admin("POST", "phone-contact", body)

    def stderr(self):
        """What the simulator wrote to stderr so far (for failure messages)."""
        try:
            with open(self._stderr.name, "r", encoding="utf-8", errors="replace") as fh:
                return fh.read()
        except OSError:
            return ""

    def stop(self, timeout=5.0):
        """SIGTERM (the state file is saved), wait, then SIGKILL if needed; the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._cleanup()
        return self.proc.returncode

    def kill(self):
        """SIGKILL at once (no final save), e.g. to test crash safety."""
        self.proc.kill()
        self.proc.wait()
        self._cleanup()
        return self.proc.returncode

    def _cleanup(self):
        if self.proc.stdout:
            self.proc.stdout.close()
        self._stderr.close()
        try:
            os.unlink(self._stderr.name)
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _read_line(proc, timeout):
    """The first stdout line of `proc`, waiting at most `timeout` seconds."""
    fd = proc.stdout.fileno()
    deadline = time.monotonic() + timeout
    buf = b""
    while b"\n" not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready = select.select([fd], [], [], left)[0]
        if not ready:
            continue
        chunk = os.read(fd, 4096)
        if not chunk:
            return None  # the process exited
        buf += chunk
    return buf.split(b"\n", 1)[0].decode("utf-8").strip()


def start_simulator(*args, env=None, timeout=10.0, host="127.0.0.1", python=None, cwd=None):
    """Launch `python -m sraps_simulator --host HOST --port 0 ARGS...`; return RunningSimulator.

    Works whether sraps_simulator is installed or only importable from this checkout: the
    package's parent directory is put first on the child's PYTHONPATH.
    """
    extra = list(args[0]) if len(args) == 1 and isinstance(args[0], (list, tuple)) else list(args)
    child_env = dict(os.environ if env is None else env)
    child_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (_PACKAGE_PARENT, child_env.get("PYTHONPATH")) if p)
    cmd = [python or sys.executable, "-m", "sraps_simulator", "--host", host, "--port", "0"]
    stderr_file = tempfile.NamedTemporaryFile(prefix="sraps-sim-", suffix=".log", delete=False)
    proc = subprocess.Popen(cmd + [str(a) for a in extra], stdout=subprocess.PIPE,
                            stderr=stderr_file, env=child_env, cwd=cwd)
    url = _read_line(proc, timeout)
    if not url:
        proc.kill()
        proc.wait()
        stderr_file.close()
        with open(stderr_file.name, "r", encoding="utf-8", errors="replace") as fh:
            err = fh.read()
        os.unlink(stderr_file.name)
        raise SimulatorError("simulator did not start (exit %s): %s" % (proc.returncode, err))
    return RunningSimulator(proc, url, stderr_file)


@contextlib.contextmanager
def running_simulator(extra_args=None, env=None, **kw):
    """Context manager around start_simulator(); stops the simulator on exit."""
    sim = start_simulator(*(extra_args or []), env=env, **kw)
    try:
        yield sim
    finally:
        sim.stop()
