# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: called_in
short_description: The phones of a list that have called SRAPS, with the time of their last contact
version_added: 0.5.0
author:
  - sraps.provisioning contributors (@sraps-provisioning)
description:
  - Takes phones as M(sraps.provisioning.sraps_endpoint_info) returns them and gives, for each one that has
    called SRAPS (its read-only C(last_seen) is set), its MAC and C(last_seen) in UTC.
  - A phone that never called in (C(last_seen) null), or whose C(last_seen) is not a time, is left out.
positional: _input
options:
  _input:
    description: Phones with C(mac) and C(last_seen), such as the C(endpoints) of M(sraps.provisioning.sraps_endpoint_info).
    type: list
    elements: dict
    required: true
  macs:
    description:
      - Only these phones, in any common MAC form. Left out, every phone of the list.
    type: list
    elements: str
  since:
    description:
      - Only contacts at or after this time, given as ISO 8601 (V(2026-11-28T08:00:00Z), V(2026-11-28T09:00:00+01:00),
        V(2026-11-28); no offset means UTC) or as an age before O(now) (V(90m), V(2h), V(7d), V(2w)).
      - Left out, any contact counts.
    type: str
  now:
    description:
      - The time an age in O(since) counts back from, as ISO 8601. Left out, the current time.
    type: str
seealso:
  - module: sraps.provisioning.sraps_endpoint_info
'''

EXAMPLES = r'''
- name: Read the company's phones
  sraps.provisioning.sraps_endpoint_info:
    company: Existing Customer
  register: company_phones

- name: Which of the site's phones called in during the last two hours
  ansible.builtin.debug:
    msg: "{{ company_phones.endpoints | sraps.provisioning.called_in(macs=site_macs, since='2h') }}"
  vars:
    site_macs: ["00:04:13:20:00:01", "00:04:13:20:00:02"]
'''

RETURN = r'''
_value:
  description:
    - The MAC (12 lowercase hex digits) of each phone that called in, with its C(last_seen) as ISO 8601 in UTC
      (V(2026-12-04T11:40:00Z)).
  type: dict
  sample: {"000413200001": "2026-12-04T11:40:00Z"}
'''

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_fleet as fleet
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsInputError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_mac import normalize_mac


def called_in(endpoints, macs=None, since=None, now=None):
    """MAC -> last_seen (UTC ISO) of the phones that called in; see DOCUMENTATION."""
    if isinstance(endpoints, (str, bytes, Mapping)) or not hasattr(endpoints, '__iter__'):
        raise AnsibleFilterError('called_in: expected a list of phones, got %s' % type(endpoints).__name__)
    wanted = None
    if macs is not None:
        wanted = set(normalize_mac(mac) for mac in macs) - {None}
    try:
        start = fleet.parse_when('now', now) if now not in (None, '') else None
        cutoff = fleet.parse_when('since', since, now=start) if since not in (None, '') else None
    except SrapsInputError as exc:
        raise AnsibleFilterError('called_in: %s' % exc)
    out = {}
    for endpoint in endpoints:
        if not isinstance(endpoint, Mapping):
            continue
        mac = normalize_mac(endpoint.get('mac'))
        if mac is None or (wanted is not None and mac not in wanted):
            continue
        seen = fleet.last_seen(endpoint)
        if seen is None or (cutoff is not None and seen < cutoff):
            continue
        out[mac] = fleet.api_time(seen)
    return out


class FilterModule(object):
    """The called_in filter."""

    def filters(self):
        return {'called_in': called_in}
