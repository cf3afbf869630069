"""Phones that call in by themselves, so that a rollout's verification can be tested end to end.

When on, every phone calls the redirection service once, `after` seconds after it was registered
(or after the configuration was set, for phones registered before), unless it is one of the phones
that never call: a hash of `seed` and the MAC puts a phone among the callers with probability
`fraction`, so the same seed and MACs always pick the same phones. A call is what
POST /_sim/phone-contact does: `last_seen` and `product` (the first model of the phone's profile's
product group, or the first model of the catalogue for a phone without a profile) are set and a
`redirect_served` entry is logged.

Set at start-up (--call-in-after, --call-in-fraction, --call-in-seed) or at run time
(POST /_sim/call-in, which replaces the whole configuration; {"after": null} turns it off). Due
calls are made before each request is served, so every answer sees them.
"""

import hashlib
import threading

CALLER_IP = "192.0.2.10"   # TEST-NET-1: the address the phones call from


class CallInConfigError(ValueError):
    pass


def parse_config(doc):
    """A validated configuration {after, fraction, seed} from a request body or the CLI flags."""
    if not isinstance(doc, dict):
        raise CallInConfigError("expected a JSON object with after, fraction and seed")
    unknown = sorted(set(doc) - {"after", "fraction", "seed"})
    if unknown:
        raise CallInConfigError("unknown call-in field(s) %s; known: after, fraction, seed"
                                % ", ".join(unknown))
    after, fraction, seed = doc.get("after"), doc.get("fraction"), doc.get("seed")
    if after is not None and (isinstance(after, bool) or not isinstance(after, (int, float))
                              or after < 0):
        raise CallInConfigError("after must be a number of seconds >= 0, or null (off)")
    if fraction is None:
        fraction = 1.0
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) \
            or not 0 <= fraction <= 1:
        raise CallInConfigError("fraction must be a number from 0 to 1")
    if seed is None:
        seed = 0
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise CallInConfigError("seed must be an integer")
    return {"after": None if after is None else float(after), "fraction": float(fraction),
            "seed": seed}


def calls(seed, fraction, mac):
    """Whether the phone of this MAC is among the callers of this seed and fraction."""
    digest = hashlib.sha256(("%d:%s" % (seed, mac.lower())).encode("ascii")).digest()
    return int.from_bytes(digest[:8], "big") / 2.0 ** 64 < fraction


class CallIn:
    """The configuration and the calls still to come (MAC -> time due)."""

    def __init__(self, config=None):
        self.config = parse_config(config or {})
        self._due = {}
        self._next = None
        self._lock = threading.Lock()

    @property
    def on(self):
        return self.config["after"] is not None

    def configure(self, doc, macs, now):
        """Replace the configuration; the phones registered so far are counted from now."""
        config = parse_config(doc)
        with self._lock:
            self.config = config
            self._due = {}
            self._next = None
        for mac in macs:
            self.registered(mac, now)

    def registered(self, mac, now):
        """A phone was registered at time now: it calls at now + after, if it is a caller."""
        if not self.on or not calls(self.config["seed"], self.config["fraction"], mac):
            return
        due = now + self.config["after"]
        with self._lock:
            self._due[mac] = due
            self._next = due if self._next is None else min(self._next, due)

    def take_due(self, now):
        """The MACs whose call is due at time now, each given once."""
        with self._lock:
            if self._next is None or now < self._next:
                return []
            due = sorted(mac for mac, when in self._due.items() if when <= now)
            for mac in due:
                del self._due[mac]
            self._next = min(self._due.values()) if self._due else None
            return due
