"""Writes answered 202 and applied a moment later (mode writes: async), contract section 1.

A write is validated when it arrives, against a scratch copy of the state (so a bad write still
gets its 400 at once and the state does not change); a valid one is answered 202 and queued. One
worker thread applies the queue in arrival order once each write is due, under the state lock,
and saves the state file afterwards, as a synchronous write does. Reads until then show the old
state. A write that no longer applies when it is due (the object was deleted meanwhile, say) is
dropped, with one line on stderr, as a real asynchronous failure would be invisible to the
client too.
"""

import heapq
import sys
import threading
import time


def scratch_copy(data):
    """A copy of the state that a handler may change without touching `data`: the tables and
    their objects are copied (handlers replace objects' fields, never change nested values in
    place), the log list is copied (its entries are never changed)."""
    out = {}
    for name, table in data.items():
        if isinstance(table, dict):
            out[name] = {k: dict(obj) if isinstance(obj, dict) else obj
                         for k, obj in table.items()}
        elif isinstance(table, list):
            out[name] = list(table)
        else:
            out[name] = table
    return out


class AsyncWrites:
    def __init__(self, apply):
        """`apply(job)` carries out one queued write (it takes the state lock itself)."""
        self._apply = apply
        self._cond = threading.Condition()
        # Held while one write is applied, by the worker, flush() and reset(): a reset never
        # interleaves with an apply, and flush() keeps the order.
        self._apply_lock = threading.Lock()
        self._queue = []      # heap of (due, seq, job)
        self._seq = 0
        self._thread = None

    def pending(self):
        with self._cond:
            return len(self._queue)

    def submit(self, delay, job):
        with self._cond:
            self._seq += 1
            heapq.heappush(self._queue, (time.monotonic() + delay, self._seq, job))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sim-async-writes",
                                                daemon=True)
                self._thread.start()
            self._cond.notify()

    def _run(self):
        while True:
            with self._cond:
                while not self._queue or self._queue[0][0] > time.monotonic():
                    self._cond.wait(None if not self._queue
                                    else self._queue[0][0] - time.monotonic())
            with self._apply_lock:
                with self._cond:
                    # reset() or flush() may have emptied the queue meanwhile.
                    if not self._queue or self._queue[0][0] > time.monotonic():
                        continue
                    job = heapq.heappop(self._queue)[2]
                self._safe_apply(job)

    def _safe_apply(self, job):
        try:
            self._apply(job)
        except Exception as exc:  # pylint: disable=broad-except
            # The worker must survive a simulator bug in one write.
            sys.stderr.write("sraps_simulator: async write failed: %r\n" % (exc,))

    def flush(self):
        """Apply every pending write now, in order (at shutdown: a 202 promised it)."""
        with self._apply_lock:
            while True:
                with self._cond:
                    if not self._queue:
                        return
                    job = heapq.heappop(self._queue)[2]
                self._safe_apply(job)

    def reset(self, action):
        """Run `action` (the state reset) and drop every pending write, with no apply between.
        When `action` fails (a bad seed), the state and the pending writes stay as they were."""
        with self._apply_lock:
            action()
            with self._cond:
                self._queue = []
