#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_profile_info
short_description: Read SRAPS provisioning profiles
version_added: 0.1.0
description:
  - Lists the provisioning profiles of a company, or the ones with a given name or uuid.
  - Each profile's settings are shown by C(param_name) too; password values are always masked.
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  name:
    description:
      - Only profiles with this name (SRAPS does not keep names unique, so there may be several).
    type: str
  uuid:
    description:
      - Only the profile with this uuid.
    type: str
seealso:
  - module: sraps.provisioning.sraps_profile
    description: Creates, updates and deletes profiles. Its documentation describes each field of a profile.
extends_documentation_fragment:
  - sraps.provisioning.sraps
  - sraps.provisioning.sraps.info_module
'''

EXAMPLES = r'''
# The connection (api_url, access_key_id, access_key_secret) comes from the environment variables
# SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET, which every module reads. To set it
# once for a play instead, see the module_defaults example of sraps.provisioning.sraps_endpoint.

- name: All profiles of a customer
  sraps.provisioning.sraps_profile_info:
    company: Existing Customer
  register: all_profiles

- name: Show their names
  ansible.builtin.debug:
    msg: "{{ all_profiles.profiles | map(attribute='name') | list }}"

- name: One profile by name
  sraps.provisioning.sraps_profile_info:
    company: Existing Customer
    name: Existing Profile
  register: existing

- name: Show its language setting
  ansible.builtin.debug:
    msg: "{{ existing.profiles[0].settings.language }}"
'''

RETURN = r'''
profiles:
  description:
    - The matching profiles; empty when none match.
    - Each profile has the fields that M(sraps.provisioning.sraps_profile) returns in
      RV(sraps.provisioning.sraps_profile#module:profile), described there, settings included (by
      C(param_name), password values masked).
  returned: always
  type: list
  elements: dict
  sample:
    - uuid: 5b8f0c3e2a4d4e6f8a1b3c5d7e9f0a2b
      name: Office Desk Phones
      autoprovisioning_enabled: true
      settings: {"language": {"value": "Deutsch", "perm": "RW"}, "timezone": "GER+1",
                 "admin_mode_password": {"value": "********", "perm": "R"}}
'''

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsInputError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_match import uuid_form
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import SrapsModule

F = api.FIELDS


def select(profiles, name=None, uuid=None):
    """The profiles with this name and/or uuid (all when neither is given)."""
    return [p for p in profiles
            if (name is None or p.get(F['name']) == name) and (uuid is None or p.get(F['uuid']) == uuid)]


def main():
    module = SrapsModule(argument_spec=dict(name=dict(type='str'), uuid=dict(type='str')),
                         supports_check_mode=True)
    p = module.params

    def body():
        uuid = None
        if p['uuid'] is not None:
            uuid = uuid_form(p['uuid'])
            if uuid is None:
                raise SrapsInputError('uuid %r is not a SRAPS uuid (32 hex digits)' % p['uuid'])
        client = module.client
        catalogue = Catalogue(client)
        found = select(client.list('profiles'), p['name'], uuid)
        module.exit_json(changed=False, profiles=[settings_mod.with_settings_view(x, catalogue) for x in found])

    module.run(body)


if __name__ == '__main__':
    main()
