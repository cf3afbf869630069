# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""How values compare and how a name or uuid finds an object: one rule for each, no HTTP.

PRIVATE to this collection: not a public API, it may change in any release.

The one lookup rule (resolve()) for everything a user names by "name or uuid" (a company,
a profile, a product group, a product, the object a module manages):

1. a reference in uuid form (32 hex digits, any case, dashes allowed) names the object
   with that uuid, when there is one;
2. else the objects whose name is the reference exactly;
3. else, when none is, the objects whose name equals it without regard to case and
   surrounding spaces;
4. one object found is the answer, none is None (the caller says what is known or
   planned), several fail with an error listing their uuids.
"""

from __future__ import annotations

import difflib
import re

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsInputError

UUID_RE = re.compile(r'^[0-9a-f]{32}$')
# The words a boolean may arrive as: from the server, a CSV cell or a YAML string.
TRUE_WORDS = ('true', 'yes', 'on', '1')
FALSE_WORDS = ('false', 'no', 'off', '0')
# How resolve() says a reference names several objects: a reference to another object (the default),
# or the object a module manages, found by its natural key (OBJECTS_MATCH).
AMBIGUOUS = '%(what)s is ambiguous: %(uuids)s; give the uuid instead'
OBJECTS_MATCH = '%(count)d objects match %(what)s: %(uuids)s. %(fix)s'


def uuid_form(text):
    """text as a SRAPS uuid (32 lowercase hex digits, dashes dropped), or None."""
    candidate = str(text).strip().lower().replace('-', '')
    return candidate if UUID_RE.match(candidate) else None


def as_bool(value):
    """A boolean the way the server may write it ("true", "on", 1) as a bool; anything else unchanged."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS + FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    if isinstance(value, int):
        return bool(value)
    return value


def same_value(have, want):
    """Whether a stored value already is the wanted one, after the server's normalisation.

    The server coerces booleans sent or stored as strings ("true") and numbers as digits,
    so those must not count as a change.
    """
    if isinstance(want, bool) or isinstance(have, bool):
        return as_bool(have) == as_bool(want)
    if isinstance(want, int) and isinstance(have, str) or isinstance(have, int) and isinstance(want, str):
        return str(have).strip() == str(want).strip()
    return have == want


def same_text(have, want):
    """Text equal without regard to case and surrounding spaces (names, e-mail addresses, countries)."""
    return (have or '').strip().lower() == (want or '').strip().lower()


def did_you_mean(word, names, form=' (did you mean %s?)'):
    """form filled with the three closest names, or '' when none is close."""
    close = difflib.get_close_matches(str(word), sorted(set(names)), n=3, cutoff=0.6)
    return form % ', '.join(close) if close else ''


def _name(item):
    return item.get(api.FIELDS['name'])


def resolve(items, ref, what, key=_name, uuid=None, several=AMBIGUOUS,
            fix='Give the uuid of the one to manage, or remove the duplicates'):
    """The one item ref names by the rule above, or None when none does.

    key(item) is the name compared (the name field by default; an e-mail address for users).
    uuid, when given, keeps among the matches only the one with that uuid (to pick one of
    several objects that share a name); a uuid that is not among them gives None. what names
    the reference in messages; several is how a reference to several objects is reported
    (AMBIGUOUS or OBJECTS_MATCH), fix what the user can do then.
    """
    wanted = None
    if uuid is not None:
        wanted = uuid_form(uuid)
        if wanted is None:
            raise SrapsInputError('%r is not a SRAPS uuid (32 hex digits)' % uuid)
    by_uuid = uuid_form(ref)
    found = [item for item in items if item.get(api.FIELDS['uuid']) == by_uuid] if by_uuid else []
    if not found:
        found = [item for item in items if key(item) == ref]
    if not found and isinstance(ref, str):
        found = [item for item in items if same_text(key(item), ref)]
    if wanted is not None:
        found = [item for item in found if item.get(api.FIELDS['uuid']) == wanted]
    if len(found) > 1:
        uuids = ', '.join(sorted(str(item.get(api.FIELDS['uuid'])) for item in found))
        raise SrapsInputError(several % {'count': len(found), 'what': what, 'uuids': uuids, 'fix': fix})
    return found[0] if found else None
