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


SNOM_OUI = '000413'   # the first three octets of a Snom phone's MAC (00:04:13)


def unusable(mac):
    """Why a normalised MAC cannot be a phone's (multicast, broadcast, all zero), or None."""
    if mac == '0' * 12:
        return 'the all-zero address'
    if mac == 'f' * 12:
        return 'the broadcast address'
    if int(mac[:2], 16) & 1:
        return 'a multicast address (the lowest bit of its first octet is set)'
    return None


def mac_problems(values, label='item', deletes=()):
    """Every invalid, unusable or repeated MAC of a list, in list order, as dicts.

    Each has `item` (its 1-based position), `mac` (the value as written), `problem` (`invalid`,
    `unusable` or `duplicate`), `normalized` (12 hex digits, None for an invalid one), `same_as` (the
    position of the first item with the same MAC, None unless a duplicate) and `msg`, a sentence that
    starts with `<label> <item>: `. A multicast, broadcast or all-zero address is no phone's: `unusable`,
    except at the positions in deletes (removing such a registration is allowed).
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
        elif unusable(mac) and position not in deletes:
            problems.append(dict(item=position, mac=value, problem='unusable', normalized=mac, same_as=None,
                                 msg='%s: %r is %s, which no phone has: check the MAC on the phone\'s label '
                                     '(Snom MACs start with 00:04:13)' % (where, value, unusable(mac))))
        elif mac in seen:
            problems.append(dict(item=position, mac=value, problem='duplicate', normalized=mac, same_as=seen[mac],
                                 msg='%s: %r is the same phone as %s %d (%s)' % (where, value, label, seen[mac], mac)))
        else:
            seen[mac] = position
    return problems


def mac_warnings(values, label='item'):
    """The MACs of a list that are valid but outside Snom's OUI 00:04:13, as dicts shaped like
    mac_problems()' with `problem` `foreign_oui`: a typo is likelier than another maker's phone, but
    SRAPS may serve one, so this is a warning, never a refusal. Invalid and unusable MACs are
    mac_problems()' and left out here; a MAC repeated is warned about once."""
    warnings = []
    seen = set()
    for position, value in enumerate(values, start=1):
        mac = normalize_mac(value)
        if mac is None or unusable(mac) or mac in seen or mac.startswith(SNOM_OUI):
            continue
        seen.add(mac)
        warnings.append(dict(item=position, mac=value, problem='foreign_oui', normalized=mac, same_as=None,
                             msg='%s %d: %r does not start with 00:04:13, the prefix of Snom phones: check it for '
                                 'a typo (another maker\'s phone is written as given)' % (label, position, value)))
    return warnings


def normalize_macs(values, deletes=None):
    """Normalise a list of MACs; return (macs, problems) with every invalid or repeated one named.

    deletes: the positions (1-based) whose MAC may be unusable (a removal, or a read); None for all."""
    if deletes is None:
        deletes = range(1, len(values) + 1)
    problems = mac_problems(values, deletes=deletes)
    skipped = set(problem['item'] for problem in problems)
    macs = [normalize_mac(value) for position, value in enumerate(values, start=1) if position not in skipped]
    return macs, [problem['msg'] for problem in problems]
