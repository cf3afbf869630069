#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_user_info
short_description: Read the users of a SRAPS company
version_added: 0.1.0
description:
  - Lists the users of a company, or the one with a given e-mail address.
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  email:
    description:
      - Only the user with this e-mail address, compared without regard to case.
    type: str
seealso:
  - module: sraps.provisioning.sraps_user
    description: Invites, changes and removes users; its return value describes the fields of a user.
extends_documentation_fragment:
  - sraps.provisioning.sraps
  - sraps.provisioning.sraps.info_module
'''

EXAMPLES = r'''
# The connection (api_url, access_key_id, access_key_secret) comes from the environment variables
# SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET, which every module reads. To set it
# once for a play instead, see the module_defaults example of sraps.provisioning.sraps_endpoint.

- name: All users of a customer
  sraps.provisioning.sraps_user_info:
    company: Existing Customer
  register: users

- name: List the administrators
  ansible.builtin.debug:
    msg: "{{ users.users | selectattr('role', 'equalto', 'admin') | map(attribute='email') | list }}"

- name: One user, whatever the case of the address
  sraps.provisioning.sraps_user_info:
    company: Existing Customer
    email: Alice@Example.com
  register: alice
'''

RETURN = r'''
users:
  description:
    - The matching users; empty when none match.
    - Each user has the fields that M(sraps.provisioning.sraps_user) returns in
      RV(sraps.provisioning.sraps_user#module:user), described there.
  returned: always
  type: list
  elements: dict
  sample:
    - uuid: 1c3e5a7b9d0f2a4c6e8b0d2f4a6c8e1b
      email: alice@example.com
      first_name: Alice
      last_name: Example
      role: viewer
      language: en
      is_active: true
'''

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import SrapsModule

F = api.FIELDS


def select(users, email=None):
    """The users with this address (any case), or all when email is None."""
    if email is None:
        return list(users)
    wanted = email.strip().lower()
    return [u for u in users if (u.get(F['email']) or '').strip().lower() == wanted]


def main():
    module = SrapsModule(argument_spec=dict(email=dict(type='str')), supports_check_mode=True)

    def body():
        module.exit_json(changed=False, users=select(module.client.list('users'), module.params['email']))

    module.run(body)


if __name__ == '__main__':
    main()
