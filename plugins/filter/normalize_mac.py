# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: normalize_mac
short_description: A MAC address in the form SRAPS keeps it, 12 lowercase hex digits
version_added: 0.2.0
author:
  - sraps.provisioning contributors (@sraps-provisioning)
description:
  - Turns a MAC address written as V(00:04:13:AA:BB:CC), V(00-04-13-aa-bb-cc), V(0004.13aa.bbcc) or
    V(000413AABBCC) (any case, blanks around it) into V(000413aabbcc), the form in which
    M(sraps.provisioning.sraps_endpoint) returns MACs, so that a phone of the input can be found in its
    results.
  - Anything else, a number included, gives null; P(sraps.provisioning.mac_problems#filter) says why.
positional: _input
options:
  _input:
    description: The MAC address.
    type: raw
    required: true
seealso:
  - plugin: sraps.provisioning.mac_problems
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Whether a phone was created by the task that registered it
  ansible.builtin.debug:
    msg: "{{ (phone_mac | sraps.provisioning.normalize_mac) in rollout.created }}"
  vars:
    phone_mac: "00:04:13:20:00:01"
'''

RETURN = r'''
_value:
  description: The MAC as 12 lowercase hex digits, or null when the input is not a MAC address in an accepted form.
  type: str
  sample: "000413aabbcc"
'''

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_mac import normalize_mac


class FilterModule(object):
    """The normalize_mac filter."""

    def filters(self):
        return {'normalize_mac': normalize_mac}
