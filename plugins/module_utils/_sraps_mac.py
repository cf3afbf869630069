# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""MAC address parsing and normalisation.

PRIVATE to this collection: not a public API, it may change in any release.
"""

from __future__ import annotations

import re

# The forms users write: 00:04:13:AA:BB:CC, 00-04-13-aa-bb-cc, 0004.13aa.bbcc, 000413AABBCC.
_FORMS = (
    re.compile(r'^[0-9a-f]{12}$'),
    re.compile(r'^[0-9a-f]{2}(:[0-9a-f]{2}){5}$'),
    re.compile(r'^[0-9a-f]{2}(-[0-9a-f]{2}){5}$'),
    re.compile(r'^[0-9a-f]{4}(\.[0-9a-f]{4}){2}$'),
)
FORMS_HELP = '00:04:13:AA:BB:CC, 00-04-13-aa-bb-cc, 0004.13aa.bbcc or 000413AABBCC'


def normalize_mac(value):
    """The MAC as 12 lowercase hex digits, or None when it is not a MAC in an accepted form."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if any(form.match(text) for form in _FORMS):
        return re.sub(r'[^0-9a-f]', '', text)
    return None


def mac_problems(values, label='item'):
    """Every invalid or repeated MAC of a list, in list order, as dicts.

    Each has `item` (its 1-based position), `mac` (the value as written), `problem` (`invalid` or
    `duplicate`), `normalized` (12 hex digits, None for an invalid one), `same_as` (the position of the
    first item with the same MAC, None for an invalid one) and `msg`, a sentence that starts with
    `<label> <item>: `.
    """
    problems = []
    seen = {}
    for position, value in enumerate(values, start=1):
        mac = normalize_mac(value)
        where = '%s %d' % (label, position)
        if mac is None:
            # YAML reads an unquoted 000413200001 as a number: say so, the value alone does not show it.
            hint = '' if isinstance(value, str) else '; quote MAC addresses in YAML, which reads 000413200001 as a number'
            problems.append(dict(item=position, mac=value, problem='invalid', normalized=None, same_as=None,
                                 msg='%s: %r is not a MAC address (write it as %s)%s' % (where, value, FORMS_HELP, hint)))
        elif mac in seen:
            problems.append(dict(item=position, mac=value, problem='duplicate', normalized=mac, same_as=seen[mac],
                                 msg='%s: %r is the same phone as %s %d (%s)' % (where, value, label, seen[mac], mac)))
        else:
            seen[mac] = position
    return problems


def normalize_macs(values):
    """Normalise a list of MACs; return (macs, problems) with every invalid or repeated one named."""
    problems = mac_problems(values)
    skipped = set(problem['item'] for problem in problems)
    macs = [normalize_mac(value) for position, value in enumerate(values, start=1) if position not in skipped]
    return macs, [problem['msg'] for problem in problems]
