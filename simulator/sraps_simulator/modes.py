"""Behaviour switches: how the simulator answers where the contract leaves the real service's
behaviour open (shared/sraps-api.md marks it UNKNOWN), so that clients can be tested under each
possibility. Set at start-up (CLI flags) or at run time (POST /_sim/modes); unlike faults they
apply whatever the request's luck.

mask_sent_back: what a write does with a password value sent back as the read mask "********".
  store (default): stores the eight asterisks as the new password, the outcome that loses data,
                   so the safer one to test a client against;
  keep:            keeps the stored password (with nothing stored, the mask is stored as sent).
"""

import threading

# name: (choices, default). The names are the CLI flags with "_" for "-".
FIELDS = {
    "mask_sent_back": (("store", "keep"), "store"),
}


class ModeConfigError(ValueError):
    pass


def parse_config(mapping):
    """A complete mode config from a partial mapping (missing names take their defaults)."""
    given = {str(k).replace("-", "_"): val for k, val in (mapping or {}).items()}
    unknown = sorted(set(given) - set(FIELDS))
    if unknown:
        raise ModeConfigError("unknown modes: %s" % ", ".join(unknown))
    config = {}
    for name, (choices, default) in FIELDS.items():
        value = given.get(name)
        if value is None:
            value = default
        if value not in choices:
            raise ModeConfigError("%s must be one of %s, got %r" % (name, ", ".join(choices), value))
        config[name] = value
    return config


class Modes:
    def __init__(self, config=None):
        self._lock = threading.Lock()
        self.config = parse_config(config)

    def configure(self, mapping):
        """Replace the whole configuration (missing names take their defaults)."""
        config = parse_config(mapping)
        with self._lock:
            self.config = config

    @property
    def keep_masked(self):
        return self.config["mask_sent_back"] == "keep"
