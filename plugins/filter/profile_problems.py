# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: profile_problems
short_description: The profiles a list of phones names that a company does not have, one item per profile
version_added: 0.3.0
author:
  - sraps.provisioning contributors (@sraps-provisioning)
description:
  - Checks the profile of every phone to be registered (C(state) other than V(absent)) against the profiles
    of a company, and returns one item per unknown profile name, with how many phones name it, the first
    few of them, and the closest existing profile name.
  - A phone without a C(profile) (or with an empty one) takes O(default); when that is unknown, its item
    says so and names O(default_option), the variable the user set it in.
  - A profile is known when a profile has that uuid, that name, or that name without regard to case and
    surrounding blanks, as M(sraps.provisioning.sraps_endpoint) finds it.
positional: _input
options:
  _input:
    description: The phones, dicts with a C(mac) and optionally C(name), C(profile) and C(state).
    type: list
    elements: dict
    required: true
  profiles:
    description: The company's profiles, dicts with C(name) and C(uuid), as
      M(sraps.provisioning.sraps_profile_info) returns them.
    type: list
    elements: dict
    required: true
  default:
    description: The profile of the phones that name none. Empty means no profile.
    type: str
    default: ''
  default_option:
    description: The name of the variable O(default) comes from, for the message.
    type: str
    default: profile
  shown:
    description: How many phones of each profile C(msg) names before C(and N more).
    type: int
    default: 5
seealso:
  - module: sraps.provisioning.sraps_profile_info
  - plugin: sraps.provisioning.near_names
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Read the company's profiles
  sraps.provisioning.sraps_profile_info:
  register: company_profiles

- name: Stop before anything is written when a phone names a profile the company does not have
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "Nothing was written. {{ problems | map(attribute='msg') | join('; ') }}"
  vars:
    problems: >-
      {{ site_phones | sraps.provisioning.profile_problems(company_profiles.profiles, default=site_profile,
                                                           default_option='site_profile') }}
'''

RETURN = r'''
_value:
  description: One dict per unknown profile name, in the order the phones first name them. Empty when every
    profile is known.
  type: list
  elements: dict
  contains:
    profile:
      description: The profile name as the phones give it.
      type: str
    count:
      description: How many phones name it.
      type: int
    macs:
      description: The MAC addresses of those phones, as written.
      type: list
      elements: str
    from_default:
      description: Whether the name is O(default) (some or all of the phones name no profile of their own).
      type: bool
    did_you_mean:
      description: The closest profile names of the company (up to three), possibly none.
      type: list
      elements: str
    msg:
      description: The problem in words.
      type: str
  sample:
    - profile: Desk Phone
      count: 198
      macs: ["00:04:13:60:00:01", "00:04:13:60:00:02"]
      from_default: true
      did_you_mean: [Desk Phones]
      msg: >-
        profile 'Desk Phone' does not exist (did you mean Desk Phones?): 198 phone(s) take it from
        site_rollout_profile - 00:04:13:60:00:01, 00:04:13:60:00:02, ... and 193 more
'''

import difflib
from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_match import same_text, uuid_form


def _known(profile, profiles):
    by_uuid = uuid_form(profile)
    return any(item.get('uuid') == by_uuid if by_uuid else False for item in profiles) or any(
        same_text(item.get('name'), profile) for item in profiles)


def _phone_label(phone):
    name = phone.get('name')
    return '%s (%s)' % (phone.get('mac'), name) if name else str(phone.get('mac'))


def profile_problems(phones, profiles, default='', default_option='profile', shown=5):
    """One item per profile name that phones give and profiles lack; see DOCUMENTATION."""
    if isinstance(phones, (str, bytes, Mapping)) or not hasattr(phones, '__iter__'):
        raise AnsibleFilterError('profile_problems: expected a list of phones, got %s' % type(phones).__name__)
    if isinstance(profiles, (str, bytes, Mapping)) or not hasattr(profiles, '__iter__'):
        raise AnsibleFilterError('profile_problems: profiles must be a list of profiles, got %s'
                                 % type(profiles).__name__)
    profiles = [item for item in profiles if isinstance(item, Mapping)]
    names = sorted(set(str(item.get('name')) for item in profiles if item.get('name')))
    default = str(default or '')
    groups = {}
    for phone in phones:
        if not isinstance(phone, Mapping) or str(phone.get('state') or 'present') == 'absent':
            continue
        own = phone.get('profile')
        profile = str(own) if own else default
        if not profile:
            continue
        group = groups.setdefault(profile, {'phones': [], 'from_default': False, 'known': None})
        if group['known'] is None:
            group['known'] = _known(profile, profiles)
        if group['known']:
            continue
        group['phones'].append(phone)
        group['from_default'] = group['from_default'] or not own
    problems = []
    for profile, group in groups.items():
        if group['known']:
            continue
        close = difflib.get_close_matches(profile, names, n=3, cutoff=0.6)
        # a name that differs only in case, or that the given one is the start of, is close too
        close += [name for name in names if name not in close and name.lower().startswith(profile.strip().lower())]
        close = close[:3]
        listed = group['phones']
        labels = ', '.join(_phone_label(phone) for phone in listed[:shown])
        more = ' and %d more' % (len(listed) - shown) if len(listed) > shown else ''
        if group['from_default']:
            own = sum(1 for phone in listed if phone.get('profile'))
            whose = '%d phone(s) take it from %s' % (len(listed) - own, default_option)
            if own:
                whose += ', %d name it' % own
        else:
            whose = '%d phone(s) name it' % len(listed)
        problems.append({
            'profile': profile,
            'count': len(listed),
            'macs': [str(phone.get('mac')) for phone in listed],
            'from_default': group['from_default'],
            'did_you_mean': close,
            'msg': "profile '%s' does not exist%s: %s - %s%s" % (
                profile, ' (did you mean %s?)' % ' or '.join("'%s'" % name for name in close) if close else '',
                whose, labels, more),
        })
    return problems


class FilterModule(object):
    """The profile_problems filter."""

    def filters(self):
        return {'profile_problems': profile_problems}
