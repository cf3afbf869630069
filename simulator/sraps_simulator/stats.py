"""Request counters behind GET /_sim/stats (only /api/v1/ requests are counted)."""

import collections
import threading

FAULT_NAMES = ("429", "502", "503", "504", "drop", "applied_then_502", "rate_limited")


class Stats:
    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        with self._lock:
            self._total = 0
            self._requests = collections.Counter()
            self._writes = 0
            self._accepted = 0
            self._faults = dict.fromkeys(FAULT_NAMES, 0)
            self._rejected = collections.Counter()

    def request(self, method, template):
        """Every /api/v1/ request, faulted or not; key "<METHOD> <route template>"."""
        with self._lock:
            self._total += 1
            self._requests["%s %s" % (method, template)] += 1

    def write(self):
        """A POST/PUT/DELETE applied to the state (including those then answered 502)."""
        with self._lock:
            self._writes += 1

    def accepted(self):
        """A write answered 202 (mode writes async or async_never); counted in `writes` only
        once applied."""
        with self._lock:
            self._accepted += 1

    def fault(self, name):
        with self._lock:
            self._faults[name] += 1

    def rejected(self, status):
        """A 4xx/5xx answered by the API itself (not an injected fault)."""
        with self._lock:
            self._rejected[str(status)] += 1

    def snapshot(self):
        with self._lock:
            return {"requests_total": self._total, "requests": dict(self._requests),
                    "writes": self._writes, "writes_accepted": self._accepted,
                    "faults": dict(self._faults),
                    "rejected": dict(self._rejected)}
