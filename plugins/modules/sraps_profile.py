#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_profile
short_description: Create, update and delete SRAPS provisioning profiles
version_added: 0.1.0
description:
  - Manages the provisioning profiles of a company, with their product group, whether SRAPS redirects the
    phones that use them, and their settings.
  - A profile is found by its O(name) within the company, compared exactly first, then without regard
    to case (a profile whose name differs only in case is the same profile, not renamed). SRAPS does not
    keep names unique; when several profiles have the name, the task fails listing their uuids, and
    O(uuid) picks one.
  - SRAPS replaces a whole profile on every write. The module sends the profile's current fields with
    only your changes applied, so what you do not set keeps its current value.
  - Settings are resolved against the profile's product group before anything is written.
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  name:
    description:
      - Name of the profile, unique within the company by convention (SRAPS does not enforce it).
    type: str
    required: true
  uuid:
    description:
      - Uuid of the profile, to pick one of several profiles that share O(name).
      - With O(state=present) the profile must exist; the module does not create a profile with a
        given uuid (SRAPS assigns it).
    type: str
  product_group:
    description:
      - Product group of the phones the profile is for, by name (V(D-Series), V(M-Series), ...) or uuid.
      - Required to create a profile. Changing it on an existing profile keeps its settings; those SRAPS does
        not list for the new product group are named in a warning (SRAPS accepts them).
    type: str
  autoprovisioning:
    description:
      - Whether SRAPS redirects the phones that use the profile when they call in.
      - SRAPS sets V(true) when a profile is created without it.
    type: bool
  state:
    description:
      - V(present) creates or updates the profile; V(absent) deletes it.
      - A profile that phones still use cannot be deleted. The task then fails, naming how many phones
        use it; give them another profile (or none) with M(sraps.provisioning.sraps_endpoint) first.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: sraps.provisioning.sraps_profile_info
    description: Reads profiles by name or uuid, with their settings by name.
  - module: sraps.provisioning.sraps_setting_info
    description: Looks up the settings a profile can hold.
  - module: sraps.provisioning.sraps_endpoint
    description: Gives phones a profile.
extends_documentation_fragment:
  - sraps.provisioning.sraps
  - sraps.provisioning.sraps.object_module
  - sraps.provisioning.sraps.settings
'''

EXAMPLES = r'''
# The connection (api_url, access_key_id, access_key_secret) comes from the environment variables
# SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET, which every module reads. To set it
# once for a play instead, see the module_defaults example of sraps.provisioning.sraps_endpoint.

- name: Create a profile for the desk phones of a customer
  sraps.provisioning.sraps_profile:
    company: Existing Customer
    name: Office Desk Phones
    product_group: D-Series
    autoprovisioning: true
    settings:
      setting_server: "https://pbx.example.com/provisioning/{mac}"
      language: {value: Deutsch, perm: RW}
      timezone: GER+1
      time_24_format: true
      # A password: never written into the playbook; from the environment here, or ansible-vault.
      admin_mode_password: "{{ lookup('ansible.builtin.env', 'PHONE_ADMIN_PASSWORD') }}"
  register: office_profile

- name: Turn off redirection, keeping every other field and setting
  sraps.provisioning.sraps_profile:
    company: Existing Customer
    name: Office Desk Phones
    autoprovisioning: false
    # Every write replaces the whole profile: give its passwords too (see masked_secrets).
    settings:
      admin_mode_password: "{{ lookup('ansible.builtin.env', 'PHONE_ADMIN_PASSWORD') }}"

- name: Make the settings exactly these, removing all others
  sraps.provisioning.sraps_profile:
    company: Existing Customer
    name: Office Desk Phones
    settings:
      setting_server: "https://pbx.example.com/provisioning/{mac}"
      timezone: GER+1
    purge_settings: true

- name: Delete the profile (phones that use it must get another profile first)
  sraps.provisioning.sraps_profile:
    company: Existing Customer
    name: Office Desk Phones
    state: absent

- name: Read the profiles called Existing Profile (SRAPS does not keep names unique)
  sraps.provisioning.sraps_profile_info:
    company: Existing Customer
    name: Existing Profile
  register: same_name

- name: Change one of them, picked by uuid (by name alone, a task fails when there are several)
  sraps.provisioning.sraps_profile:
    company: Existing Customer
    name: Existing Profile
    uuid: "{{ same_name.profiles[0].uuid }}"
    settings:
      ntp_server: ntp.example.com
      admin_mode_password: "{{ lookup('ansible.builtin.env', 'PHONE_ADMIN_PASSWORD') }}"
'''

RETURN = r'''
profile:
  description:
    - The profile after the task, with its settings by name.
    - Empty after O(state=absent).
  returned: always
  type: dict
  contains:
    uuid:
      description: Id of the profile (32 lowercase hex digits).
      type: str
      sample: 5b8f0c3e2a4d4e6f8a1b3c5d7e9f0a2b
    name:
      description: Name of the profile.
      type: str
      sample: Office Desk Phones
    product_group:
      description: Uuid of the profile's product group.
      type: str
    autoprovisioning_enabled:
      description: Whether SRAPS redirects the phones that use the profile.
      type: bool
      sample: true
    settings_manager:
      description: The profile's settings by setting uuid, as SRAPS stores them; password values masked.
      type: dict
    settings:
      description: The profile's settings by C(param_name) (C(section:param_name) where the name is not
        unique); password values masked.
      type: dict
      sample: {"language": {"value": "Deutsch", "perm": "RW"}, "timezone": "GER+1",
               "admin_mode_password": "********"}
    links:
      description: Absolute URLs of the profile (C(self)) and of the company it belongs to (C(company)).
      type: dict
'''

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import run_object
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_resources import PROFILE as KIND


def main():
    run_object(KIND)


if __name__ == '__main__':
    main()
