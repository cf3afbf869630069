"""Fault injection: latency, error answers, dropped connections, apply-then-502, clock offset,
per-key rate limit. Applied to /api/v1/ requests only, never to /_sim/ admin calls.

Every /api/v1/ request draws the same four numbers from one seeded RNG, whatever the
configuration, so a sequential client sees the same faults on every run with the same
`fault_seed` (concurrent clients get the same multiset, in arrival order).
"""

import math
import random
import threading
import time

FRACTIONS = ("fail_429", "fail_502", "fail_503", "fail_504", "drop_rate", "apply_then_502")

# name: (parser, default). The names are the CLI flags with "_" for "-".
FIELDS = {
    "latency_ms": (float, 0.0),
    "jitter_ms": (float, 0.0),
    "fail_429": (float, 0.0),
    "fail_502": (float, 0.0),
    "fail_503": (float, 0.0),
    "fail_504": (float, 0.0),
    "retry_after": (int, 1),
    "retry_after_503": (int, None),
    "drop_rate": (float, 0.0),
    "apply_then_502": (float, 0.0),
    "clock_offset": (float, 0.0),
    "rate_limit": (float, 0.0),
    "rate_burst": (int, None),
    "fault_seed": (int, 0),
}


class FaultConfigError(ValueError):
    pass


def parse_config(mapping):
    """A complete fault config from a partial mapping (missing names take their defaults)."""
    config = {}
    given = {str(k).replace("-", "_"): val for k, val in (mapping or {}).items()}
    unknown = sorted(set(given) - set(FIELDS))
    if unknown:
        raise FaultConfigError("unknown fault settings: %s" % ", ".join(unknown))
    for name, (parser, default) in FIELDS.items():
        raw = given.get(name)
        if raw is None:
            config[name] = default
            continue
        try:
            config[name] = parser(raw)
        except (TypeError, ValueError):
            raise FaultConfigError("%s: not a valid %s" % (name, parser.__name__))
    for name in FRACTIONS:
        if not 0.0 <= config[name] <= 1.0:
            raise FaultConfigError("%s must be between 0 and 1" % name)
    if config["fail_429"] + config["fail_502"] + config["fail_503"] + config["fail_504"] > 1.0:
        raise FaultConfigError("fail_429 + fail_502 + fail_503 + fail_504 must not exceed 1")
    for name in ("latency_ms", "jitter_ms", "rate_limit"):
        if config[name] < 0:
            raise FaultConfigError("%s must not be negative" % name)
    return config


class Decision:
    __slots__ = ("delay", "drop", "fail", "apply_then_502")

    def __init__(self, delay, drop, fail, apply_then_502):
        self.delay = delay
        self.drop = drop
        self.fail = fail
        self.apply_then_502 = apply_then_502


class Faults:
    def __init__(self, config=None):
        self._lock = threading.Lock()
        self.configure(config or {})

    def configure(self, mapping):
        """Replace the whole configuration; reseed the RNG and refill the rate buckets."""
        config = parse_config(mapping)
        with self._lock:
            self.config = config
            self._rng = random.Random(config["fault_seed"])
            self._buckets = {}

    @property
    def clock_offset(self):
        return self.config["clock_offset"]

    def draw(self):
        with self._lock:
            c = self.config
            u_fail, u_drop, u_apply, u_jitter = (self._rng.random() for dummy in range(4))
        delay = (c["latency_ms"] + u_jitter * c["jitter_ms"]) / 1000.0
        fail = None
        edge = 0.0
        for status in (429, 502, 503, 504):
            edge += c["fail_%d" % status]
            if u_fail < edge:
                fail = status
                break
        return Decision(delay, u_drop < c["drop_rate"], fail, u_apply < c["apply_then_502"])

    def rate_limited(self, key_id):
        """None when the key may go on; else the seconds to put in Retry-After (token bucket)."""
        with self._lock:
            rate = self.config["rate_limit"]
            if rate <= 0:
                return None
            burst = self.config["rate_burst"] or max(1, int(math.ceil(rate)))
            now = time.monotonic()
            tokens, last = self._buckets.get(key_id, (float(burst), now))
            tokens = min(float(burst), tokens + (now - last) * rate)
            if tokens >= 1.0:
                self._buckets[key_id] = (tokens - 1.0, now)
                return None
            self._buckets[key_id] = (tokens, now)
            return max(1, int(math.ceil((1.0 - tokens) / rate)))
