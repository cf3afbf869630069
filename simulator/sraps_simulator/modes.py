"""Behaviour switches: how the simulator answers where the real service's behaviour is not known
or may differ from the contract (shared/sraps-api.md), so that clients can be tested under each
possibility. Set at start-up (CLI flags) or at run time (POST /_sim/modes); unlike faults they
apply to every request.

FIELDS is the one table of modes: name -> Mode(kind, default, values, help). The CLI flags are
the names with "-" for "_" (generated from this table in __main__.py); README.md "Modes" documents
each one. POST /_sim/modes replaces the whole configuration: names left out take their start-up
values (the CLI flags given, else the defaults).

Two groups:
- where the contract says the real service's behaviour is unknown or varies: mask_sent_back,
  product_group_check, writes (+ async_delay_ms), foreign_mac;
- deliberate deviations from the contract, so that a contract check (api_check) can be shown to
  notice each: page_param, server_auth, stale_tsm, rename_field, drop_field.
"""

import copy
import re
import threading

# The object kinds of API answers that rename_field / drop_field address, with their top-level
# fields (a first path component outside these is refused, so a typo does not silently do nothing).
KINDS = {
    "token": ("id", "description", "role", "links"),
    "company": ("uuid", "name", "type", "parent", "country", "city", "links"),
    "user": ("uuid", "email", "first_name", "last_name", "role", "language", "is_active", "links"),
    "profile": ("uuid", "name", "product_group", "autoprovisioning_enabled", "settings_manager",
                "links"),
    "product_default": ("uuid", "product", "settings_manager", "links"),
    "endpoint": ("uuid", "mac", "name", "autoprovisioning_enabled", "provisioning_profile",
                 "settings_manager", "warranty_exp_warning_period", "product", "last_seen",
                 "links"),
    "product": ("uuid", "name", "product_group", "links"),
    "product_group": ("uuid", "name", "description", "links"),
    "setting": ("uuid", "name", "param_name", "description", "field_type", "default_value",
                "choices", "group", "section", "product_groups", "multiple", "fkey", "sortable",
                "uses_permissions", "attrs", "no_profiles", "indexed", "links"),
    "setting_group": ("uuid", "name", "links"),
    "log": ("uuid", "timestamp", "mac", "event", "message", "ip"),
}

_PARAM = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,39}$")
_NAME = re.compile(r"^[^\s.]{1,60}$")


class ModeConfigError(ValueError):
    pass


class Mode:
    """One mode: kind is "choice", "int", "param", "renames" or "paths"."""

    def __init__(self, kind, default, values=None, help_text="", metavar=None):
        self.kind = kind
        self.default = default
        self.values = values
        self.help = help_text
        self.metavar = metavar


# name: Mode. Defaults keep the simulator following the contract (and the production facts).
FIELDS = {
    "mask_sent_back": Mode(
        "choice", "store", ("store", "keep"),
        "a password sent back as the read mask ******** is stored as the new password (store, "
        "the outcome that loses data) or keeps the stored one (keep)"),
    "product_group_check": Mode(
        "choice", "accept", ("accept", "strict"),
        "a setting whose product_groups do not list the object's group is stored (accept, as "
        "production evidently does) or refused with 400 (strict)"),
    "writes": Mode(
        "choice", "sync", ("sync", "async", "async_never"),
        "valid writes are applied at once (sync), answered 202 without a body and applied "
        "async_delay_ms later (async), or answered 202 and never applied (async_never)"),
    "async_delay_ms": Mode(
        "int", 300, (0, 600000),
        "delay before an async write is applied (0..600000 ms)", "MS"),
    "foreign_mac": Mode(
        "choice", "400", ("400", "403"),
        "an endpoint PUT on another account's MAC gets 400 {mac: [taken_mac_or_forbidden]} "
        "or 403 {detail: User lacks permission to endpoint}"),
    "page_param": Mode(
        "param", "page", None,
        "name of the page query parameter, read by the server and put in Link next URLs "
        "(deviation when not page)", "NAME"),
    "server_auth": Mode(
        "choice", "on", ("on", "off"),
        "sign answers with Server-Authorization (on) or not (off)"),
    "stale_tsm": Mode(
        "choice", "on", ("on", "off"),
        "a stale-timestamp 401 carries tsm in WWW-Authenticate (on) or only ts (off)"),
    "rename_field": Mode(
        "renames", {}, None,
        "rename fields of API answers: KIND.FIELD[.SUB]=NEWNAME (repeatable on the command "
        "line; a JSON object at run time)", "KIND.FIELD=NEW"),
    "drop_field": Mode(
        "paths", [], None,
        "leave fields out of API answers: KIND.FIELD[.SUB] (repeatable on the command line; "
        "a JSON list at run time)", "KIND.FIELD"),
}


def _path(raw, name):
    """Validate "kind.field[.sub...]"; returns (kind, [field, sub, ...])."""
    if not isinstance(raw, str) or "." not in raw:
        raise ModeConfigError("%s: %r is not KIND.FIELD (KIND one of %s)"
                              % (name, raw, ", ".join(KINDS)))
    kind, dummy, rest = raw.partition(".")
    parts = rest.split(".")
    if kind not in KINDS:
        raise ModeConfigError("%s: unknown kind %r in %r (one of %s)"
                              % (name, kind, raw, ", ".join(KINDS)))
    if not all(parts) or parts[0] not in KINDS[kind]:
        raise ModeConfigError("%s: %r: %s has no field %r (fields: %s)"
                              % (name, raw, kind, parts[0], ", ".join(KINDS[kind])))
    return kind, parts


def _clean(name, mode, value):
    if mode.kind == "choice":
        if isinstance(value, bool) and mode.values == ("on", "off"):
            value = "on" if value else "off"   # JSON true/false are fine for on/off switches
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)                 # foreign_mac: 403 as well as "403"
        if value not in mode.values:
            raise ModeConfigError("%s must be one of %s, got %r"
                                  % (name, ", ".join(mode.values), value))
        return value
    if mode.kind == "int":
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ModeConfigError("%s must be a whole number, got %r" % (name, value))
        if isinstance(value, bool) or not mode.values[0] <= number <= mode.values[1]:
            raise ModeConfigError("%s must be between %d and %d, got %r"
                                  % (name, mode.values[0], mode.values[1], value))
        return number
    if mode.kind == "param":
        if not isinstance(value, str) or not _PARAM.match(value) or value == "page_size":
            raise ModeConfigError("%s must be a query parameter name other than page_size, "
                                  "got %r" % (name, value))
        return value
    if mode.kind == "renames":
        if isinstance(value, (list, tuple)):   # the CLI form: ["endpoint.last_seen=lastSeen"]
            pairs = {}
            for item in value:
                if not isinstance(item, str) or "=" not in item:
                    raise ModeConfigError("%s: %r is not KIND.FIELD=NEWNAME" % (name, item))
                old, dummy, new = item.partition("=")
                pairs[old] = new
            value = pairs
        if not isinstance(value, dict):
            raise ModeConfigError("%s must be an object {\"KIND.FIELD\": \"NEWNAME\"}" % name)
        for old, new in value.items():
            _path(old, name)
            if not isinstance(new, str) or not _NAME.match(new):
                raise ModeConfigError("%s: new name of %s must be a field name, got %r"
                                      % (name, old, new))
        return dict(sorted(value.items()))
    # paths
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise ModeConfigError("%s must be a list of \"KIND.FIELD\"" % name)
    for item in value:
        _path(item, name)
    return sorted(set(value))


def parse_config(mapping, base=None):
    """A complete mode config from a partial mapping: missing names take their value in `base`
    (a complete config), else their defaults."""
    given = {str(k).replace("-", "_"): val for k, val in (mapping or {}).items()}
    unknown = sorted(set(given) - set(FIELDS))
    if unknown:
        raise ModeConfigError("unknown modes: %s" % ", ".join(unknown))
    config = {}
    for name, mode in FIELDS.items():
        value = given.get(name)
        if value is None:
            config[name] = copy.deepcopy(base[name] if base else mode.default)
        else:
            config[name] = _clean(name, mode, value)
    return config


def _compile(config):
    """{kind: [(parts, new name or None for a drop)]} for the answer rewriting."""
    edits = {}
    for raw, new in config["rename_field"].items():
        kind, parts = _path(raw, "rename_field")
        edits.setdefault(kind, []).append((parts, new))
    for raw in config["drop_field"]:
        kind, parts = _path(raw, "drop_field")
        edits.setdefault(kind, []).append((parts, None))
    return edits


class Modes:
    def __init__(self, config=None):
        self._lock = threading.Lock()
        self.startup = parse_config(config)
        self._set(self.startup)

    def _set(self, config):
        with self._lock:
            self.config = config
            self._edits = _compile(config)

    def configure(self, mapping):
        """Replace the whole configuration; names left out take their start-up values."""
        self._set(parse_config(mapping, base=self.startup))

    @property
    def keep_masked(self):
        return self.config["mask_sent_back"] == "keep"

    @property
    def strict_groups(self):
        return self.config["product_group_check"] == "strict"

    def shape(self, kind, obj):
        """An API answer object of `kind` with rename_field / drop_field applied (a copy when
        anything changes; `obj` itself otherwise)."""
        edits = self._edits.get(kind)
        if not edits:
            return obj
        obj = copy.deepcopy(obj)
        for parts, new in edits:
            holder = obj
            for part in parts[:-1]:
                holder = holder.get(part) if isinstance(holder, dict) else None
            if not isinstance(holder, dict) or parts[-1] not in holder:
                continue
            value = holder.pop(parts[-1])
            if new is not None:
                holder[new] = value
        return obj
