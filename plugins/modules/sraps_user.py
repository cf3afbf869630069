#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_user
short_description: Create, update and delete users of a SRAPS company
version_added: 0.1.0
description:
  - Manages the people who may log in to SRAPS for a company, with their names, role, language and
    whether their account is active.
  - A user is found by O(email), compared without regard to case, as SRAPS does.
  - No password travels through the API. SRAPS mails a new user an invitation.
  - SRAPS replaces a whole user on every write. The module sends the user's current fields with only
    your changes applied; options you do not set are never changed.
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  email:
    description:
      - E-mail address of the user, unique within the company. Compared without regard to case; the
        address of an existing user keeps the case SRAPS has.
    type: str
    required: true
  first_name:
    description:
      - First name.
    type: str
  last_name:
    description:
      - Last name.
    type: str
  role:
    description:
      - What the user may do. SRAPS gives a new user V(viewer) when not set.
    type: str
    choices: [admin, editor, viewer]
  language:
    description:
      - Language of the SRAPS web interface and mails for the user. SRAPS sets V(en) when not set.
    type: str
    choices: [en, de, fr, it, es]
  active:
    description:
      - Whether the user may log in. SRAPS sets V(true) when not set.
    type: bool
seealso:
  - module: sraps.provisioning.sraps_user_info
    description: Lists the users of a company, or finds one by e-mail address.
extends_documentation_fragment:
  - sraps.provisioning.sraps
  - sraps.provisioning.sraps.object_module
'''

EXAMPLES = r'''
# The connection (api_url, access_key_id, access_key_secret) comes from the environment variables
# SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET, which every module reads. To set it
# once for a play instead, see the module_defaults example of sraps.provisioning.sraps_endpoint.

- name: Invite an administrator to a customer's account
  sraps.provisioning.sraps_user:
    company: Existing Customer
    email: alice@example.com
    first_name: Alice
    last_name: Example
    role: admin
    language: de

- name: Deactivate the account, keeping everything else
  sraps.provisioning.sraps_user:
    company: Existing Customer
    email: Alice@Example.com
    active: false

- name: Remove the user
  sraps.provisioning.sraps_user:
    company: Existing Customer
    email: alice@example.com
    state: absent
'''

RETURN = r'''
user:
  description: The user after the task (empty after O(state=absent)).
  returned: always
  type: dict
  contains:
    uuid:
      description: Id of the user.
      type: str
      sample: 1c3e5a7b9d0f2a4c6e8b0d2f4a6c8e1b
    email:
      description: E-mail address, as SRAPS stores it.
      type: str
      sample: alice@example.com
    first_name:
      description: First name.
      type: str
      sample: Alice
    last_name:
      description: Last name.
      type: str
      sample: Example
    role:
      description: V(admin), V(editor) or V(viewer).
      type: str
      sample: admin
    language:
      description: V(en), V(de), V(fr), V(it) or V(es).
      type: str
      sample: de
    is_active:
      description: Whether the user may log in.
      type: bool
      sample: true
    links:
      description: Absolute URL of the user.
      type: dict
'''

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import run_object
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_resources import USER as KIND


def main():
    run_object(KIND)


if __name__ == '__main__':
    main()
