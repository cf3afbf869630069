#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_product_default
short_description: Manage the settings SRAPS gives every phone of one model (product defaults)
version_added: 0.1.0
description:
  - Manages the product default of one phone model in a company, the lowest layer of SRAPS settings.
    Profile settings override it, and phone settings override both.
  - A company has at most one product default per model; the module finds it by O(product).
  - SRAPS replaces a whole product default on every write. The module sends the current settings with
    only your changes applied, so settings you do not name keep their values.
  - Settings are resolved against the product group of the model before anything is written.
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  product:
    description:
      - The phone model, by name (V(D785), V(M500), ...) or uuid.
    type: str
    required: true
  settings:
    description:
      - Settings for every phone of the model, a map from a setting's C(param_name) to its value.
      - Where the catalogue has two settings with one C(param_name) (such as C(setting_server)), the one
        that applies to the model's product group is taken, then the one in section C(phone-settings);
        write C(section:param_name) or the setting's uuid to choose another.
      - A value is a string, a number (written as digits) or a boolean (written as C(on) or C(off), as Snom
        phones expect); or a dict with C(value) and C(perm) (V(RW) the phone user may change it, V(R)
        read-only, empty for the default).
      - For indexed settings such as C(user_realname), a map from index (1, 2, ...) to a value or a dict;
        a plain value sets index 1.
      - V(null) removes a setting. Settings you do not name keep their values, unless
        O(purge_settings=true).
      - Values of password settings are never shown; see O(update_password).
      - M(sraps.provisioning.sraps_setting_info) lists the settings, their types and choices.
    type: dict
  purge_settings:
    description:
      - If V(true), the settings become exactly the ones given in O(settings); others are removed.
      - Only applies when O(settings) is given; O(settings) set to an empty dict with it removes every
        setting. Without O(settings), nothing is removed.
    type: bool
    default: false
  update_password:
    description:
      - V(on_create) writes a password setting only when the product default does not have it yet; SRAPS
        never shows stored passwords, so a stored one counts as unchanged and is no reason to write.
      - Whenever the product default is written (for any change), every password setting given in
        O(settings) is sent with its value, never as the mask SRAPS reads back; see O(masked_secrets) for
        those not given.
      - V(always) sends password settings on every run; the task then always reports a change for them.
    type: str
    choices: [always, on_create]
    default: on_create
  state:
    description:
      - V(present) creates or updates the product default; V(absent) deletes it.
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
      - Shows the product default before and after in the option names above. Password values are masked;
        one that the task writes is marked C(new value).
seealso:
  - module: sraps.provisioning.sraps_product_default_info
  - module: sraps.provisioning.sraps_setting_info
  - module: sraps.provisioning.sraps_profile
'''

EXAMPLES = r'''
- name: Settings for every D785 of a customer
  module_defaults:
    group/sraps.provisioning.sraps:
      api_url: "{{ sraps_api_url }}"
      access_key_id: "{{ sraps_access_key_id }}"
      access_key_secret: "{{ sraps_access_key_secret }}"
      company: Existing Customer
  block:
    - name: Give every D785 a language, a backlight level and a web password
      sraps.provisioning.sraps_product_default:
        product: D785
        settings:
          language: English
          backlight: 8
          http_pass: "{{ sraps_web_password | default('change-me') }}"

    - name: Change one setting, keeping the others
      sraps.provisioning.sraps_product_default:
        product: D785
        settings:
          backlight: 12
          # Every write replaces the whole product default: give its passwords too (see masked_secrets).
          http_pass: "{{ sraps_web_password | default('change-me') }}"

- name: Remove the D785 product default
  sraps.provisioning.sraps_product_default:
    api_url: "{{ sraps_api_url }}"
    access_key_id: "{{ sraps_access_key_id }}"
    access_key_secret: "{{ sraps_access_key_secret }}"
    company: Existing Customer
    product: D785
    state: absent
'''

RETURN = r'''
product_default:
  description:
    - The product default as SRAPS holds it after the task; in check mode, as it would be (one about to be
      created has no uuid yet).
    - Empty after O(state=absent).
  returned: always
  type: dict
  contains:
    uuid:
      description: Id of the product default.
      type: str
      sample: 8d2f4a6c0e1b3d5f7a9c2e4b6d8f0a1c
    product:
      description: Uuid of the phone model.
      type: str
    product_name:
      description: Name of the phone model.
      type: str
      sample: D785
    settings_manager:
      description: The settings by setting uuid, as SRAPS stores them; password values masked.
      type: dict
    settings:
      description: The settings by C(param_name) (C(section:param_name) where the name is not unique);
        password values masked.
      type: dict
      sample: {"language": "English", "backlight": "8", "http_pass": "********"}
    links:
      description: Absolute URL of the product default.
      type: dict
'''

import functools

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import (
    SrapsModule, delete_object, find_one, predict_object, replace_body)

F = api.FIELDS
# Two product defaults for one model (SRAPS forbids it) cannot be told apart: the module has no uuid option.
DUPLICATES = 'SRAPS should not hold two; remove one of them in the SRAPS web interface'
KIND = 'product_default'


def argument_spec():
    return dict(
        product=dict(type='str', required=True),
        settings=dict(type='dict'),
        purge_settings=dict(type='bool', default=False),
        update_password=dict(type='str', choices=['always', 'on_create'], default='on_create', no_log=False),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )


def find_default(defaults, product):
    """The company's product default of the model (a product dict), or None."""
    return find_one(defaults, lambda d: d.get(F['product']) == product[F['uuid']],
                    'product %s' % product.get(F['name']), fix=DUPLICATES)


def plan(have, product_uuid, wants, catalogue, purge=False, update_password='on_create'):
    """(body, changed fields): the whole product default to POST (have None) or PUT. Pure."""
    new_settings, settings_changed = settings_mod.apply(
        (have or {}).get(F['settings_manager']) or {}, wants, catalogue, purge=purge,
        update_password=update_password)
    if have is None:
        body = {F['product']: product_uuid, F['settings_manager']: new_settings}
        return body, sorted(body)
    fields = {F['product']: product_uuid}
    if settings_changed:
        fields[F['settings_manager']] = new_settings
    return replace_body(KIND, have, fields)


# What SRAPS will hold after writing a body: predict(have, body).
predict = functools.partial(predict_object, KIND)


def view(default, catalogue, mark_new_secrets=False):
    """The managed fields in the user's words, for the diff."""
    if not default:
        return {}
    return {
        'product': catalogue.product_name(default.get(F['product'])),
        'settings': settings_mod.describe(default.get(F['settings_manager']), catalogue,
                                          mark_new_secrets=mark_new_secrets),
    }


def shown(default, catalogue):
    """A product default as returned: settings masked and by param_name, plus the model's name."""
    if default is None:
        return {}
    out = settings_mod.with_settings_view(default, catalogue)
    out['product_name'] = catalogue.product_name(default.get(F['product']))
    return out


def ensure_present(client, have, body, changed_fields, send=None):
    """Create or replace the product default when something changes; returns (changed, before, after).

    send is the body to write when it differs from body (passwords declared by the task, not masked).
    """
    if not changed_fields:
        return False, have, have
    if client.check_mode:
        return True, have, predict(have, body)
    send = body if send is None else send
    if have is None:
        return True, None, client.create('product_defaults', send, unique=True, find=lambda items: find_one(
            items, lambda d: d.get(F['product']) == body[F['product']], 'product', fix=DUPLICATES)).data
    return True, have, client.put(KIND, send, uuid=have[F['uuid']]).data


# Delete the object; ensure_absent(client, have) returns (changed, before, after).
ensure_absent = functools.partial(delete_object, kind=KIND)


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
        product = catalogue.product(p['product'])
        have = find_default(client.list('product_defaults'), product)

        if p['state'] == 'absent':
            changed, before, after = ensure_absent(client, have)
            module.exit_changed(changed, view(before, catalogue), view(after, catalogue), product_default={})
            return

        wants = settings_mod.resolve(p['settings'], catalogue, product.get(F['product_group']))
        module.no_log_values.update(settings_mod.secret_values(wants, catalogue))
        new_body, changed_fields = plan(have, product[F['uuid']], wants, catalogue,
                                        purge=p['purge_settings'] and p['settings'] is not None,
                                        update_password=p['update_password'])
        send = settings_mod.outgoing_body(new_body, wants, catalogue, 'the product default of %s' % product.get(F['name']),
                                          p['masked_secrets'], write=bool(changed_fields))
        changed, before, after = ensure_present(client, have, new_body, changed_fields, send)
        predicted = predict(have, new_body) if changed else have
        module.exit_changed(changed, view(before, catalogue), view(predicted, catalogue, mark_new_secrets=True),
                            product_default=shown(after, catalogue))

    module.run(body)


if __name__ == '__main__':
    main()
