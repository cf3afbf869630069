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


def normalize_macs(values):
    """Normalise a list of MACs; return (macs, problems) with every invalid or repeated one named."""
    macs = []
    problems = []
    seen = {}
    for position, value in enumerate(values, start=1):
        mac = normalize_mac(value)
        if mac is None:
            problems.append('item %d: %r is not a MAC address (write it as %s)' % (position, value, FORMS_HELP))
            continue
        if mac in seen:
            problems.append('item %d: %r is the same phone as item %d (%s)' % (position, value, seen[mac], mac))
            continue
        seen[mac] = position
        macs.append(mac)
    return macs, problems
