# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: mac_problems
short_description: The invalid and repeated MAC addresses of a list of phones
version_added: 0.2.0
author:
  - sraps.provisioning contributors (@sraps-provisioning)
description:
  - Checks every MAC address of a list the way M(sraps.provisioning.sraps_endpoint) does, before anything
    is sent, and returns one item per problem; an empty list means every MAC is fine.
  - The list holds MAC addresses, or phones (dicts with a C(mac), such as the
    O(sraps.provisioning.sraps_endpoint#module:endpoints) items or the output of
    P(sraps.provisioning.phones_from_csv#filter)), or both.
  - A MAC address is accepted as V(00:04:13:AA:BB:CC), V(00-04-13-aa-bb-cc), V(0004.13aa.bbcc) or
    V(000413AABBCC), in any case, with blanks around it. Two forms of the same address are the same phone.
  - A phone without a C(mac), and a MAC that is not a string (YAML reads an unquoted V(000413200001) as a
    number), are invalid.
  - A multicast address (the lowest bit of the first octet set, such as V(01:00:5e:00:00:01)), the broadcast
    address V(ff:ff:ff:ff:ff:ff) and V(00:00:00:00:00:00) are no phone's MAC (problem V(unusable)).
positional: _input
options:
  _input:
    description: MAC addresses, or dicts with a C(mac) key; other keys are ignored.
    type: list
    elements: raw
    required: true
  label:
    description: What an item is called in C(msg), before its position (C(phone 3)).
    type: str
    default: item
  warnings:
    description:
      - Return the warnings instead of the problems, that is the valid MACs outside Snom's prefix V(00:04:13)
        (problem V(foreign_oui)), each once. A typo is likelier than another maker's phone, but
        M(sraps.provisioning.sraps_endpoint) writes such a MAC (with a warning), so they are not problems.
      - The items have the same keys as the problems.
    type: bool
    default: false
    version_added: 0.3.0
seealso:
  - module: sraps.provisioning.sraps_endpoint
  - plugin: sraps.provisioning.normalize_mac
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Stop before anything is written when a MAC is wrong or listed twice
  ansible.builtin.assert:
    that: site_problems | length == 0
    fail_msg: "Nothing was written. {{ site_problems | map(attribute='msg') | join('; ') }}"
  vars:
    site_problems: "{{ site_phones | sraps.provisioning.mac_problems(label='phone') }}"

# ['00:04:13:20:00:01', 'nonsense', '0004.1320.0001'] | sraps.provisioning.mac_problems gives
# - {item: 2, mac: nonsense, problem: invalid, normalized: null, same_as: null,
#    msg: "item 2: 'nonsense' is not a MAC address (write it as 00:04:13:AA:BB:CC, ...)"}
# - {item: 3, mac: 0004.1320.0001, problem: duplicate, normalized: '000413200001', same_as: 1,
#    msg: "item 3: '0004.1320.0001' is the same phone as item 1 (000413200001)"}

- name: Warn about MACs outside Snom's prefix 00:04:13 (likely typos; written anyway)
  ansible.builtin.debug:
    msg: "{{ site_phones | sraps.provisioning.mac_problems(label='phone', warnings=true) | map(attribute='msg') }}"
'''

RETURN = r'''
_value:
  description: One dict per invalid or repeated MAC, in the order of the list. Empty when every MAC is fine.
  type: list
  elements: dict
  contains:
    item:
      description: Position of the item in the list, from 1.
      type: int
    mac:
      description: The MAC as written (null for a phone without one).
      type: raw
    problem:
      description:
        - V(invalid) (not a MAC address in an accepted form), V(unusable) (a multicast, broadcast or all-zero
          address) or V(duplicate) (an earlier item is the same phone).
        - With O(warnings), V(foreign_oui) (outside Snom's prefix V(00:04:13)).
      type: str
      choices: [invalid, unusable, duplicate, foreign_oui]
    normalized:
      description: The MAC as 12 lowercase hex digits, as SRAPS keeps it; null for an invalid one.
      type: str
    same_as:
      description: Position of the first item with the same MAC, for a duplicate; null for the others.
      type: int
    msg:
      description: The problem in words, starting with O(label) and the position (C(phone 3)).
      type: str
  sample:
    - {"item": 3, "mac": "0004.1320.0001", "problem": "duplicate", "normalized": "000413200001", "same_as": 1,
       "msg": "item 3: '0004.1320.0001' is the same phone as item 1 (000413200001)"}
'''

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_mac


def mac_problems(phones, label='item', warnings=False):
    """The problems (or with warnings, the warnings) of the MACs of a list; see DOCUMENTATION."""
    if isinstance(phones, (str, bytes, Mapping)) or not hasattr(phones, '__iter__'):
        raise AnsibleFilterError('mac_problems: expected a list of MAC addresses or of phones, got %s'
                                 % type(phones).__name__)
    macs = [phone.get('mac') if isinstance(phone, Mapping) else phone for phone in phones]
    if warnings:
        return _sraps_mac.mac_warnings(macs, label=str(label))
    return _sraps_mac.mac_problems(macs, label=str(label))


class FilterModule(object):
    """The mac_problems filter."""

    def filters(self):
        return {'mac_problems': mac_problems}
