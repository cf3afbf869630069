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
  - A profile is found by its O(name) within the company. SRAPS does not keep names unique; when
    several profiles have the name, the task fails listing their uuids, and O(uuid) picks one.
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
      - Required to create a profile. Changing it on an existing profile fails if the profile keeps
        settings that do not apply to the new product group.
    type: str
  autoprovisioning:
    description:
      - Whether SRAPS redirects the phones that use the profile when they call in.
      - SRAPS sets V(true) when a profile is created without it.
    type: bool
  settings:
    description:
      - Settings of the profile, a map from a setting's C(param_name) to its value.
      - Where the catalogue has two settings with one C(param_name) (such as C(setting_server)), the one
        that applies to the profile's product group is taken, then the one in section C(phone-settings);
        write C(section:param_name) or the setting's uuid to choose another.
      - A value is a string, a number (written as digits) or a boolean (written as C(on) or C(off), as Snom
        phones expect); or a dict with C(value) and C(perm) (V(RW) the phone user may change it, V(R)
        read-only, empty for the default).
      - For indexed settings such as C(user_realname), a map from index (1, 2, ...) to a value or a dict;
        a plain value sets index 1.
      - V(null) removes a setting from the profile. C({mac}) in a value is kept as written; the phone
        expands it.
      - Settings you do not name keep their values, unless O(purge_settings=true).
      - Values of password settings are never shown; see O(update_password).
      - M(sraps.provisioning.sraps_setting_info) lists the settings, their types and choices.
    type: dict
  purge_settings:
    description:
      - If V(true), the profile's settings become exactly the ones given in O(settings); others are
        removed.
      - Only applies when O(settings) is given; O(settings) set to an empty dict with it removes every
        setting. Without O(settings), nothing is removed.
    type: bool
    default: false
  update_password:
    description:
      - V(on_create) writes a password setting only when the profile does not have it yet; SRAPS never
        shows stored passwords, so a stored one counts as unchanged and is no reason to write.
      - Whenever the profile is written (for any change), every password setting given in O(settings) is
        sent with its value, never as the mask SRAPS reads back; see O(masked_secrets) for those not given.
      - V(always) sends password settings on every run; the task then always reports a change for them.
    type: str
    choices: [always, on_create]
    default: on_create
  state:
    description:
      - V(present) creates or updates the profile; V(absent) deletes it.
      - A profile that phones still use cannot be deleted. The task then fails, naming how many phones
        use it; give them another profile (or none) with M(sraps.provisioning.sraps_endpoint) first.
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
      - Shows the profile before and after in the option names above. Password values are masked; one that
        the task writes is marked C(new value).
seealso:
  - module: sraps.provisioning.sraps_profile_info
  - module: sraps.provisioning.sraps_setting_info
  - module: sraps.provisioning.sraps_endpoint
'''

EXAMPLES = r'''
- name: Manage the provisioning profiles of a customer, connection set once
  module_defaults:
    group/sraps.provisioning.sraps:
      api_url: "{{ sraps_api_url }}"
      access_key_id: "{{ sraps_access_key_id }}"
      access_key_secret: "{{ sraps_access_key_secret }}"
      company: Existing Customer
  block:
    - name: Create a profile for the desk phones
      sraps.provisioning.sraps_profile:
        name: Office Desk Phones
        product_group: D-Series
        autoprovisioning: true
        settings:
          setting_server: "https://pbx.example.com/provisioning/{mac}"
          language: {value: Deutsch, perm: RW}
          timezone: GER+1
          time_24_format: true
          admin_mode_password: "{{ sraps_admin_password | default('5678') }}"
      register: office_profile

    - name: Turn off redirection, keeping every other field and setting
      sraps.provisioning.sraps_profile:
        name: Office Desk Phones
        autoprovisioning: false
        # Every write replaces the whole profile: give its passwords too (see masked_secrets).
        settings:
          admin_mode_password: "{{ sraps_admin_password | default('5678') }}"

    - name: Make the settings exactly these, removing all others
      sraps.provisioning.sraps_profile:
        name: Office Desk Phones
        settings:
          setting_server: "https://pbx.example.com/provisioning/{mac}"
          timezone: GER+1
        purge_settings: true

    - name: Delete the profile (phones that use it must get another profile first)
      sraps.provisioning.sraps_profile:
        name: Office Desk Phones
        state: absent

- name: Pick one of two profiles with the same name by uuid
  sraps.provisioning.sraps_profile:
    company: Existing Customer
    name: Existing Profile
    uuid: "{{ existing_profile_uuid }}"
    settings:
      ntp_server: ntp.example.com
      admin_mode_password: "{{ sraps_admin_password | default('5678') }}"
  when: existing_profile_uuid is defined
'''

RETURN = r'''
profile:
  description:
    - The profile as SRAPS holds it after the task; in check mode, as it would be (a profile about to be
      created has no uuid yet).
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
      description: Absolute URLs of the profile and its company.
      type: dict
'''

import functools

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import (
    SrapsModule, as_bool, find_one, predict_object, replace_body)

F = api.FIELDS
KIND = 'profile'
# How many MACs an "in use" error names; the count is always complete.
SHOWN_MACS = 10


def argument_spec():
    return dict(
        name=dict(type='str', required=True),
        uuid=dict(type='str'),
        product_group=dict(type='str'),
        autoprovisioning=dict(type='bool'),
        settings=dict(type='dict'),
        purge_settings=dict(type='bool', default=False),
        update_password=dict(type='str', choices=['always', 'on_create'], default='on_create', no_log=False),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )


def find_profile(profiles, name, uuid=None):
    """The company's profile called name (uuid picks one of several), or None."""
    return find_one(profiles, lambda p: p.get(F['name']) == name, 'profile named %r' % name, uuid=uuid)


def foreign_settings(settings_manager, catalogue, group_uuid):
    """param_names of stored settings that do not apply to product group group_uuid."""
    out = []
    for uuid in settings_manager or {}:
        setting = catalogue.setting(uuid)
        groups = (setting or {}).get('product_groups') or []
        if groups and group_uuid not in groups:
            out.append(setting.get(F['param_name']))
    return sorted(out)


def plan(have, params, group_uuid, wants, catalogue):
    """(body, changed fields): the whole profile to POST (have None) or PUT, with the user's changes.

    group_uuid is the wanted product group (None: keep), wants the resolved settings.
    Pure: no HTTP, so check mode and real mode compute the same.
    """
    have_settings = (have or {}).get(F['settings_manager']) or {}
    new_settings, settings_changed = settings_mod.apply(
        have_settings, wants, catalogue, purge=params['purge_settings'] and params['settings'] is not None,
        update_password=params['update_password'])
    if have is None:
        body = {F['name']: params['name'], F['product_group']: group_uuid,
                F['settings_manager']: new_settings}
        if params['autoprovisioning'] is not None:
            body[F['autoprovisioning']] = params['autoprovisioning']
        return body, sorted(body)
    fields = {F['name']: params['name']}
    if group_uuid is not None:
        fields[F['product_group']] = group_uuid
    if params['autoprovisioning'] is not None:
        fields[F['autoprovisioning']] = params['autoprovisioning']
    if settings_changed:
        fields[F['settings_manager']] = new_settings
    return replace_body(KIND, have, fields)


# What SRAPS will hold after writing a body: predict(have, body).
predict = functools.partial(predict_object, KIND)


def view(profile, catalogue, mark_new_secrets=False):
    """The managed fields in the user's words, for the diff."""
    if not profile:
        return {}
    return {
        'name': profile.get(F['name']),
        'product_group': catalogue.product_group_name(profile.get(F['product_group'])),
        'autoprovisioning': as_bool(profile.get(F['autoprovisioning'])),
        'settings': settings_mod.describe(profile.get(F['settings_manager']), catalogue,
                                          mark_new_secrets=mark_new_secrets),
    }


def in_use_message(profile, macs):
    shown = ', '.join(macs[:SHOWN_MACS]) + (' and %d more' % (len(macs) - SHOWN_MACS)
                                            if len(macs) > SHOWN_MACS else '')
    return ('profile %r (%s) is used by %d phone(s): %s. Give them another profile (or none) with '
            'sraps.provisioning.sraps_endpoint first, then delete the profile; nothing was deleted'
            % (profile.get(F['name']), profile.get(F['uuid']), len(macs), shown))


def phones_using(client, profile_uuid):
    return sorted(e.get(F['mac']) for e in client.list('endpoints') if e.get(F['profile']) == profile_uuid)


def ensure_present(client, have, body, changed_fields, send=None):
    """Create or replace the profile when something changes; returns (changed, before, after).

    send is the body to write when it differs from body (passwords declared by the task, not masked).
    """
    if not changed_fields:
        return False, have, have
    if client.check_mode:
        return True, have, predict(have, body)
    send = body if send is None else send
    if have is None:
        return True, None, client.create('profiles', send, find=lambda items: find_profile(items, body[F['name']])).data
    return True, have, client.put(KIND, send, uuid=have[F['uuid']]).data


def ensure_absent(client, have):
    """Delete the profile unless phones use it; returns (changed, before, after)."""
    if have is None:
        return False, None, None
    # Asked before deleting so that check mode predicts the failure a real run would meet.
    macs = phones_using(client, have[F['uuid']])
    if macs:
        raise SrapsError(in_use_message(have, macs))
    if not client.check_mode:
        try:
            client.delete(KIND, uuid=have[F['uuid']])
        except SrapsError as exc:
            # A phone assigned between our read and the delete.
            if exc.status == 400 and 'in use' in str(exc.detail):
                raise SrapsError(in_use_message(have, phones_using(client, have[F['uuid']])),
                                 status=400, detail=exc.detail)
            raise
    return True, have, None


def wanted(module, catalogue, have):
    """(body, changed fields, body to send) for state=present; raises SrapsError for input that cannot be
    right, or for a write that would send a password back masked."""
    p = module.params
    if have is None and p['uuid'] is not None:
        raise SrapsError('the company has no profile named %r with uuid %s; leave uuid out to create a '
                         'new profile' % (p['name'], p['uuid']))
    group_uuid = catalogue.product_group(p['product_group'])[F['uuid']] if p['product_group'] else None
    if have is None and group_uuid is None:
        raise SrapsError('product_group is required to create profile %r: give the product group of its '
                         'phones, such as D-Series' % p['name'])
    target_group = group_uuid or have.get(F['product_group'])
    wants = settings_mod.resolve(p['settings'], catalogue, target_group)
    module.no_log_values.update(settings_mod.secret_values(wants, catalogue))
    body, changed_fields = plan(have, p, group_uuid, wants, catalogue)
    misfits = foreign_settings(body.get(F['settings_manager']), catalogue, target_group)
    if misfits:
        raise SrapsError('profile %r keeps settings that do not apply to product group %s: %s. Remove them '
                         '(set them to null in settings) or use purge_settings'
                         % (p['name'], catalogue.product_group_name(target_group), ', '.join(misfits)))
    send = settings_mod.outgoing_body(body, wants, catalogue, 'profile %r' % p['name'], p['masked_secrets'],
                                      write=bool(changed_fields))
    return body, changed_fields, send


def main():
    module = SrapsModule(argument_spec=argument_spec(), supports_check_mode=True)
    p = module.params

    def body():
        # A failed task echoes its arguments: hide what may be passwords before anything can fail.
        module.no_log_values.update(settings_mod.likely_secret_values(p['settings']))
        client = module.client
        catalogue = Catalogue(client)
        if p['settings'] and p['state'] == 'present':
            module.no_log_values.update(settings_mod.likely_secret_values(p['settings'], catalogue))
        have = find_profile(client.list('profiles'), p['name'], p['uuid'])

        if p['state'] == 'absent':
            changed, before, after = ensure_absent(client, have)
            module.exit_changed(changed, view(before, catalogue), view(after, catalogue), profile={})
            return

        new_body, changed_fields, send = wanted(module, catalogue, have)
        changed, before, after = ensure_present(client, have, new_body, changed_fields, send)
        predicted = predict(have, new_body) if changed else have
        module.exit_changed(changed, view(before, catalogue), view(predicted, catalogue, mark_new_secrets=True),
                            profile=settings_mod.with_settings_view(after, catalogue))

    module.run(body)


if __name__ == '__main__':
    main()
