"""Field checks with Django REST Framework's error shapes and messages (contract §3, §6).

Each check takes the request body and an `errors` dict; it records DRF-style messages
(`{"field": ["message"]}`) and returns the cleaned value, so one request reports every bad field.
"""

import re

REQUIRED = "This field is required."
MISSING = object()
PERMS = ("RW", "R", "")
MASK = "********"
HEX32 = re.compile(r"^[0-9a-f]{32}$")
MAC = re.compile(r"^[0-9a-fA-F]{12}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DIGITS = re.compile(r"^[0-9]+$")

# DRF's BooleanField accepts more spellings; the contract names "true"/"false" (what production
# clients send), and the usual 1/0 forms come along.
TRUE_VALUES = {"true", "1"}
FALSE_VALUES = {"false", "0"}


class ValidationFailed(Exception):
    """Raised with the DRF error dict when a body does not validate."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def add(errors, field, message):
    errors.setdefault(field, []).append(message)


def boolean(body, field, errors, default):
    value = body.get(field, MISSING)
    if value is MISSING:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        if value.lower() in TRUE_VALUES:
            return True
        if value.lower() in FALSE_VALUES:
            return False
    if value is None:
        add(errors, field, "This field may not be null.")
    else:
        add(errors, field, "Must be a valid boolean.")
    return default


def string(body, field, errors, default="", required=False, allow_blank=True, max_length=255,
           null_as_default=True):
    value = body.get(field, MISSING)
    if value is MISSING:
        if required:
            add(errors, field, REQUIRED)
        return default
    if value is None:
        if null_as_default and not required:
            return default
        add(errors, field, "This field may not be null.")
        return default
    if not isinstance(value, str):
        add(errors, field, "Not a valid string.")
        return default
    if not value.strip() and not allow_blank:
        add(errors, field, "This field may not be blank.")
        return default
    if len(value) > max_length:
        add(errors, field, "Ensure this field has no more than %d characters." % max_length)
        return default
    return value


def integer(body, field, errors, default, minimum=None, maximum=None):
    """An int, or a string of digits (DRF accepts both); null means the default."""
    value = body.get(field, MISSING)
    if value is MISSING or value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        add(errors, field, "A valid integer is required.")
        return default
    if isinstance(value, str):
        if not re.match(r"^-?[0-9]+$", value.strip()):
            add(errors, field, "A valid integer is required.")
            return default
        value = int(value.strip())
    if minimum is not None and value < minimum:
        add(errors, field, "Ensure this value is greater than or equal to %d." % minimum)
        return default
    if maximum is not None and value > maximum:
        add(errors, field, "Ensure this value is less than or equal to %d." % maximum)
        return default
    return value


def choice(body, field, errors, choices, default):
    value = body.get(field, MISSING)
    if value is MISSING:
        return default
    if value not in choices:
        add(errors, field, "\"%s\" is not a valid choice." % (value,))
        return default
    return value


def reference(body, field, errors, table, required=True, nullable=False):
    """A uuid that must name an object in `table` (a dict keyed by uuid)."""
    value = body.get(field, MISSING)
    if value is MISSING or value is None:
        if value is None and nullable:
            return None
        if value is MISSING and not required:
            return None
        add(errors, field, REQUIRED if value is MISSING else "This field may not be null.")
        return None
    if not isinstance(value, str) or value not in table:
        add(errors, field, "Invalid pk \"%s\" - object does not exist." % (value,))
        return None
    return value


# --- settings_manager (contract §6) -------------------------------------------------------------

def _check_value(setting, value, prefix, messages):
    if not isinstance(value, str):
        messages.append("%s: value must be a string" % prefix)
        return False
    field_type = setting["field_type"]
    if field_type == "bool" and value not in ("on", "off"):
        messages.append("%s: \"%s\" is not a valid bool value (on or off)" % (prefix, value))
        return False
    if field_type == "int" and not DIGITS.match(value):
        messages.append("%s: \"%s\" is not an integer" % (prefix, value))
        return False
    if field_type == "choice" and value not in (setting["choices"] or []):
        messages.append("%s: \"%s\" is not a valid choice" % (prefix, value))
        return False
    return True


def _check_attrs(attrs, prefix, messages):
    if attrs is None:
        return {"perm": ""}
    if not isinstance(attrs, dict):
        messages.append("%s: attrs must be an object" % prefix)
        return None
    unknown = sorted(set(attrs) - {"perm"})
    if unknown:
        messages.append("%s: unknown attribute(s) %s" % (prefix, ", ".join(unknown)))
        return None
    perm = attrs.get("perm", "")
    if perm not in PERMS:
        messages.append("%s: perm must be one of \"RW\", \"R\", \"\" (got %r)" % (prefix, perm))
        return None
    return {"perm": perm}


def _check_entry(setting, entry, prefix, messages):
    if not isinstance(entry, dict) or "value" not in entry:
        messages.append("%s: expected an object with \"value\" and \"attrs\"" % prefix)
        return None
    ok = _check_value(setting, entry["value"], prefix, messages)
    attrs = _check_attrs(entry.get("attrs"), prefix, messages)
    if not ok or attrs is None:
        return None
    return {"value": entry["value"], "attrs": attrs}


def _keep_secret(setting, entry, stored, keep):
    """With keep (mode mask_sent_back=keep), a password sent back as the read mask keeps the stored
    secret; otherwise the mask is stored as the new password, as sent. Which one real SRAPS does is
    not known (contract section 6). With nothing stored, the mask is stored as sent."""
    if (keep and entry is not None and setting["field_type"] == "password" and entry["value"] == MASK
            and stored is not None):
        entry["value"] = stored["value"]
    return entry


def settings_manager(body, errors, catalogue, product_group, current=None,
                     field="settings_manager", keep_masked=False):
    """Validate and normalise a settings map; `product_group` None accepts any group.

    Stored shape: {uuid: {"value", "attrs": {"perm"}}} or, for indexed settings,
    {uuid: [{"index", "value", "attrs"}, ...]} sorted by index. `current` is the stored map
    being replaced; with keep_masked a password sent back as the mask keeps its stored value.
    """
    current = current or {}
    value = body.get(field, MISSING)
    if value is MISSING or value is None:
        return {}
    if not isinstance(value, dict):
        add(errors, field, "Expected a dictionary of items but got type \"%s\"."
            % type(value).__name__)
        return {}
    messages = []
    cleaned = {}
    for key, item in value.items():
        setting = catalogue.setting_by_uuid.get(key)
        if setting is None:
            messages.append("%s: unknown setting" % key)
            continue
        if product_group and product_group not in setting["product_groups"]:
            messages.append("%s: setting does not apply to product group %s"
                            % (key, catalogue.pg_by_uuid[product_group]["name"]))
            continue
        if not setting["indexed"]["enabled"]:
            if isinstance(item, list):
                messages.append("%s: setting is not indexed: give one object with \"value\" "
                                "and \"attrs\"" % key)
                continue
            stored = current.get(key)
            entry = _keep_secret(setting, _check_entry(setting, item, key, messages),
                                 stored if isinstance(stored, dict) else None, keep_masked)
            if entry is not None:
                cleaned[key] = entry
            continue
        if not isinstance(item, list):
            messages.append("%s: indexed setting takes a list of {\"index\", \"value\", "
                            "\"attrs\"}" % key)
            continue
        entries = {}
        stored = current.get(key)
        stored = {e["index"]: e for e in stored} if isinstance(stored, list) else {}
        max_size = setting["indexed"]["max_size"]
        for raw in item:
            index = raw.get("index") if isinstance(raw, dict) else None
            if isinstance(index, bool) or not isinstance(index, int) or not 1 <= index <= max_size:
                messages.append("%s: index must be an integer from 1 to %d (got %r)"
                                % (key, max_size, index))
                continue
            if index in entries:
                messages.append("%s: index %d given twice" % (key, index))
                continue
            entry = _keep_secret(setting, _check_entry(setting, raw, "%s[%d]" % (key, index),
                                                       messages), stored.get(index), keep_masked)
            if entry is not None:
                entries[index] = dict(index=index, **entry)
        cleaned[key] = [entries[i] for i in sorted(entries)]
    if messages:
        errors.setdefault(field, []).extend(messages)
    return cleaned


def render_settings(stored, catalogue):
    """The read view of a stored settings map: passwords masked (contract §6)."""
    out = {}
    for key, item in stored.items():
        setting = catalogue.setting_by_uuid.get(key)
        secret = setting is not None and setting["field_type"] == "password"
        if isinstance(item, list):
            out[key] = [{"index": e["index"], "value": MASK if secret else e["value"],
                         "attrs": dict(e["attrs"])} for e in item]
        else:
            out[key] = {"value": MASK if secret else item["value"], "attrs": dict(item["attrs"])}
    return out
