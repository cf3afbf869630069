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
  state:
    description:
      - V(present) creates or updates the user; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - sraps.provisioning.sraps
attributes:
  check_mode:
    support: full
    details:
      - Reads what a real run reads and predicts the same result and diff, without writing.
  diff_mode:
    support: full
    details:
      - Shows the user before and after in the option names above.
seealso:
  - module: sraps.provisioning.sraps_user_info
'''

EXAMPLES = r'''
- name: Users of a customer, connection set once
  module_defaults:
    group/sraps.provisioning.sraps:
      api_url: "{{ sraps_api_url }}"
      access_key_id: "{{ sraps_access_key_id }}"
      access_key_secret: "{{ sraps_access_key_secret }}"
      company: Existing Customer
  block:
    - name: Invite an administrator
      sraps.provisioning.sraps_user:
        email: alice@example.com
        first_name: Alice
        last_name: Example
        role: admin
        language: de

    - name: Deactivate the account, keeping everything else
      sraps.provisioning.sraps_user:
        email: Alice@Example.com
        active: false

    - name: Remove the user
      sraps.provisioning.sraps_user:
        email: alice@example.com
        state: absent
'''

RETURN = r'''
user:
  description:
    - The user as SRAPS holds it after the task; in check mode, as it would be (a user about to be
      created has no uuid yet).
    - Empty after O(state=absent).
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

import functools

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import (
    SrapsModule, as_bool, delete_object, find_one, predict_object, replace_body)

F = api.FIELDS
# Two users with one address (SRAPS forbids it) cannot be told apart: the module has no uuid option.
DUPLICATES = 'SRAPS should not hold two; remove one of them in the SRAPS web interface'
KIND = 'user'
# Option name -> API field, for the options the module manages besides email.
OPTION_FIELDS = (('first_name', F['first_name']), ('last_name', F['last_name']), ('role', F['role']),
                 ('language', F['language']), ('active', F['active']))


def argument_spec():
    return dict(
        email=dict(type='str', required=True),
        first_name=dict(type='str'),
        last_name=dict(type='str'),
        role=dict(type='str', choices=list(api.USER_ROLES)),
        language=dict(type='str', choices=list(api.USER_LANGUAGES)),
        active=dict(type='bool'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )


def same_email(have, want):
    return (have or '').strip().lower() == (want or '').strip().lower()


def find_user(users, email):
    """The company's user with this e-mail address (any case), or None."""
    return find_one(users, lambda u: same_email(u.get(F['email']), email), 'e-mail %r' % email, fix=DUPLICATES)


def wanted_fields(params):
    """The fields the user set, in the API's words; options not set are left out, so never changed."""
    out = {F['email']: params['email'].strip()}
    for option, field in OPTION_FIELDS:
        if params.get(option) is not None:
            out[field] = params[option]
    return out


def plan(have, params):
    """(body, changed fields): the whole user to POST (have None) or PUT. Pure."""
    fields = wanted_fields(params)
    if have is None:
        return fields, sorted(fields)
    return replace_body(KIND, have, fields, compare={F['email']: same_email})


# What SRAPS will hold after writing a body: predict(have, body).
predict = functools.partial(predict_object, KIND)


def view(user):
    """The managed fields in the user's words, for the diff."""
    if not user:
        return {}
    out = {'email': user.get(F['email'])}
    for option, field in OPTION_FIELDS:
        out[option] = user.get(field)
    out['active'] = as_bool(out['active'])
    return out


def ensure_present(client, have, body, changed_fields):
    """Create or replace the user when something changes; returns (changed, before, after)."""
    if not changed_fields:
        return False, have, have
    if client.check_mode:
        return True, have, predict(have, body)
    if have is None:
        return True, None, client.create('users', body, unique=True, find=lambda items: find_user(items, body[F['email']])).data
    return True, have, client.put(KIND, body, uuid=have[F['uuid']]).data


# Delete the object; ensure_absent(client, have) returns (changed, before, after).
ensure_absent = functools.partial(delete_object, kind=KIND)


def main():
    module = SrapsModule(argument_spec=argument_spec(), supports_check_mode=True)
    p = module.params

    def body():
        client = module.client
        have = find_user(client.list('users'), p['email'])
        if p['state'] == 'absent':
            changed, before, after = ensure_absent(client, have)
            module.exit_changed(changed, view(before), view(after), user={})
            return
        new_body, changed_fields = plan(have, p)
        changed, before, after = ensure_present(client, have, new_body, changed_fields)
        predicted = predict(have, new_body) if changed else have
        module.exit_changed(changed, view(before), view(predicted), user=after)

    module.run(body)


if __name__ == '__main__':
    main()
