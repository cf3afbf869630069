#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_customer
short_description: Converge one customer of a book (company, users, profiles, product defaults, phones) in one task
version_added: 0.4.0
description:
  - Makes one customer company in SRAPS hold what a book says (the company itself, its users, provisioning
    profiles, product defaults and phones) and, opt-in per kind, removes what the book does not list.
  - One task reads each of the customer's collections once, plans every object, checks the whole plan before
    the first write (a typo stops the customer with nothing written), then writes in the order SRAPS needs,
    company, users, profiles, product defaults, phones, and last what goes. It is what the playbook
    C(sraps.provisioning.apply) runs per customer, and its check mode is that customer's drift report.
  - Each object is compared and written as its own module does it (M(sraps.provisioning.sraps_company),
    M(sraps.provisioning.sraps_user), M(sraps.provisioning.sraps_profile),
    M(sraps.provisioning.sraps_product_default), M(sraps.provisioning.sraps_endpoint)). What the book does not
    set keeps its value in SRAPS; names and e-mail addresses are compared without regard to case.
  - The result lists per object and per field what changed (or would, in check mode), with password values
    masked, and counts per kind.
  - The connection option O(company) is not used; the customer is O(customer.name).
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  customer:
    description:
      - The customer's company. It is created under the access key's company when no company the key can see
        has this name.
      - The access key's own company (its name, or an empty name) is acted in but never changed.
    type: dict
    required: true
    suboptions:
      name:
        description: Name of the company.
        type: str
        required: true
      country:
        description: Two-letter country code, such as V(DE).
        type: str
      city:
        description: City of the company.
        type: str
  users:
    description:
      - The users of the company, each as M(sraps.provisioning.sraps_user) takes it; found by e-mail.
    type: list
    elements: dict
    default: []
    suboptions:
      email:
        description: E-mail address, which finds the user (compared without regard to case).
        type: str
        required: true
      first_name:
        description: First name.
        type: str
      last_name:
        description: Last name.
        type: str
      role:
        description: Role of the user.
        type: str
        choices: [admin, editor, viewer]
      language:
        description: Language of the user's SRAPS web interface.
        type: str
        choices: [en, de, fr, it, es]
      active:
        description: Whether the user may log in.
        type: bool
      state:
        description: V(present) creates or updates the user; V(absent) deletes it.
        type: str
        choices: [present, absent]
        default: present
  profiles:
    description:
      - The provisioning profiles of the company, each as M(sraps.provisioning.sraps_profile) takes it; found by
        name (or O(profiles[].uuid) among several of one name).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Name of the profile.
        type: str
        required: true
      uuid:
        description: Uuid of the profile, to pick one of several that share O(profiles[].name).
        type: str
      product_group:
        description: Product group of the profile's phones, by name or uuid; required to create it.
        type: str
      autoprovisioning:
        description: Whether SRAPS redirects the phones that use the profile.
        type: bool
      settings:
        description: Settings of the profile, as M(sraps.provisioning.sraps_profile) takes them.
        type: dict
      purge_settings:
        description: Make the settings exactly O(profiles[].settings), removing the others.
        type: bool
        default: false
      update_password:
        description: V(on_create) writes password settings only to a new profile; V(always) on every run.
        type: str
        choices: [always, on_create]
        default: on_create
      state:
        description:
          - V(present) creates or updates the profile; V(absent) deletes it, after the phones were written.
          - A profile that phones still use is not deleted; the customer fails before any write.
        type: str
        choices: [present, absent]
        default: present
  product_defaults:
    description:
      - The product defaults of the company (settings per phone model), each as
        M(sraps.provisioning.sraps_product_default) takes it; found by product.
    type: list
    elements: dict
    default: []
    suboptions:
      product:
        description: The phone model, by name (such as V(D785)) or uuid.
        type: str
        required: true
      settings:
        description: Settings of the model's phones.
        type: dict
      purge_settings:
        description: Make the settings exactly O(product_defaults[].settings), removing the others.
        type: bool
        default: false
      update_password:
        description: V(on_create) writes password settings only to a new product default; V(always) on every run.
        type: str
        choices: [always, on_create]
        default: on_create
      state:
        description: V(present) creates or updates the product default; V(absent) deletes it.
        type: str
        choices: [present, absent]
        default: present
  phones:
    description:
      - The phones of the company, each as an item of O(sraps.provisioning.sraps_endpoint#module:endpoints);
        read with one paged list and written O(parallel) at a time.
      - The playbook C(sraps.provisioning.apply) reads them from the book's C(phones.csv) with the filter
        P(sraps.provisioning.phones_from_csv#filter).
    type: list
    elements: dict
    default: []
    suboptions:
      mac:
        description: MAC address of the phone, in any usual notation.
        type: str
        required: true
      name:
        description: Name of the phone.
        type: str
      profile:
        description: Provisioning profile, by name or uuid; an empty string for none.
        type: str
      autoprovisioning:
        description: Whether SRAPS redirects the phone when it calls in.
        type: bool
      settings:
        description: Settings of the phone itself.
        type: dict
      warranty_warning_months:
        description: Months before the warranty ends that SRAPS warns; V(-1) for no warning.
        type: int
      state:
        description: V(present) registers or updates the phone; V(absent) removes it.
        type: str
        choices: [present, absent]
  purge:
    description:
      - The kinds of object to remove when the customer has them in SRAPS but the book does not list them.
      - Never in the access key's own company; never a profile a phone still uses (the customer fails before
        any write, naming the phones); never more than O(purge_max_fraction) of a kind without O(purge_confirm).
      - In check mode the result's RV(purged) lists exactly what would go.
    type: list
    elements: str
    choices: [phones, profiles, product_defaults, users]
    default: []
  purge_max_fraction:
    description:
      - The largest share of a kind's objects a purge removes without O(purge_confirm), from V(0) to V(1).
        Beyond it the customer fails before any write, naming what would go.
    type: float
    default: 0.1
  purge_confirm:
    description:
      - The customer's company name, to let a purge remove more than O(purge_max_fraction) of a kind.
    type: str
  purge_settings:
    description: Make each phone's settings exactly its O(phones[].settings), removing the others.
    type: bool
    default: false
  update_password:
    description: For the phones, V(on_create) writes password settings only to a new phone; V(always) on every run.
    type: str
    choices: [always, on_create]
    default: on_create
  parallel:
    description: How many phone writes run at once.
    type: int
    default: 8
attributes:
  check_mode:
    support: full
    details:
      - Reads what a real run reads and predicts every change, without writing. This is the drift check of a book.
  diff_mode:
    support: full
    details:
      - Shows the objects that change, before and after, by kind and name; the first 20 changed phones. Password
        values are masked.
seealso:
  - module: sraps.provisioning.sraps_export
    description: Writes a book from an existing account.
  - module: sraps.provisioning.sraps_endpoint
    description: Phones in bulk, with moves of the options this module does not have.
extends_documentation_fragment:
  - sraps.provisioning.sraps
'''

EXAMPLES = r'''
# The connection comes from the environment variables SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and
# SRAPS_ACCESS_KEY_SECRET. The playbook sraps.provisioning.apply runs this module for every customer of a book.

- name: Converge a customer
  sraps.provisioning.sraps_customer:
    customer:
      name: Northwind Dental
      country: DE
      city: Hamburg
    users:
      - email: it@northwind.example
        first_name: Nora
        last_name: Lind
        role: admin
    profiles:
      - name: Front desk
        product_group: D-Series
        settings:
          setting_server: "https://pbx.northwind.example/prov/{mac}"
    product_defaults:
      - product: D785
        settings:
          language: Deutsch
    # Or from a CSV file: "{{ lookup('ansible.builtin.file', 'phones.csv') | sraps.provisioning.phones_from_csv }}"
    phones:
      - mac: "00:04:13:aa:00:01"
        name: Reception
        profile: Front desk
      - mac: "00:04:13:aa:00:02"
        name: Back office
        profile: Front desk
  register: northwind

- name: What would change, and what the book does not list (check mode is the drift report)
  sraps.provisioning.sraps_customer:
    customer:
      name: Northwind Dental
    phones:
      - mac: "00:04:13:aa:00:01"
        profile: Front desk
      - mac: "00:04:13:aa:00:02"
        profile: Front desk
    # A phone SRAPS holds and this list does not would go (at most 10 % of them without purge_confirm).
    purge: [phones]
  check_mode: true
  register: drift

- name: Show the drift, field by field
  ansible.builtin.debug:
    msg: "{{ item.kind }} {{ item.object }}: {{ item.action }} {{ item.fields | map(attribute='field') | join(', ') }}"
  loop: "{{ drift.changes }}"
  loop_control:
    label: "{{ item.object }}"
'''

RETURN = r'''
customer:
  description: The customer's company.
  returned: always
  type: dict
  contains:
    name:
      description: Its name.
      type: str
    uuid:
      description: Its uuid; null for a company check mode plans to create.
      type: str
    own:
      description: Whether it is the access key's own company (acted in, never changed).
      type: bool
  sample: {name: Northwind Dental, uuid: 0f6c3d52-8f0e-4d36-9a61-0c1f3a6c2b11, own: false}
summary:
  description: Per kind (V(company), V(users), V(profiles), V(product_defaults), V(phones)), how many objects were
    created, updated, deleted, left unchanged or failed (in check mode, would be).
  returned: always
  type: dict
  sample: {phones: {created: 2, updated: 1, deleted: 0, unchanged: 97, failed: 0}}
changes:
  description: One item per object that changed (in check mode, would change), in the order written.
  returned: always
  type: list
  elements: dict
  contains:
    kind:
      description: V(company), V(user), V(profile), V(product_default) or V(phone).
      type: str
    object:
      description: The object's name in the book (e-mail, profile name, product, MAC).
      type: str
    action:
      description: V(create), V(update) or V(delete).
      type: str
    purged:
      description: Whether a delete is the purge's (the book does not list the object).
      type: bool
    fields:
      description: For an update, the fields that change, C(settings.<name>) for a setting, with the values before
        and after (null for none); password values masked. Empty for a create or a delete, whose object the
        book (or, for a delete, SRAPS) describes whole.
      type: list
      elements: dict
  sample:
    - {kind: profile, object: Front desk, action: update, purged: false,
       fields: [{field: settings.setting_server, before: "https://old.example/{mac}", after: "https://pbx.example/{mac}"}]}
failures:
  description: The objects that could not be written, each with the reason. A failed object does not stop the others.
  returned: always
  type: list
  elements: dict
  sample: [{kind: phone, object: "000413aa0001", msg: "the MAC belongs to another SRAPS account: ..."}]
purged:
  description: Per kind of O(purge), the objects the purge removes (in check mode, would remove).
  returned: always
  type: dict
  sample: {phones: ["000413aa0099"], profiles: [], product_defaults: [], users: []}
'''

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_customer as customer_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_endpoints import ITEM_SPEC
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import SrapsModule
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_resources import (
    COMPANY, PRODUCT_DEFAULT, PROFILE, USER)


def argument_spec():
    company = dict((name, spec) for name, spec in COMPANY.argument_spec().items() if name != 'state')
    return dict(
        customer=dict(type='dict', required=True, options=company),
        users=dict(type='list', elements='dict', default=[], options=USER.argument_spec()),
        profiles=dict(type='list', elements='dict', default=[], options=PROFILE.argument_spec()),
        product_defaults=dict(type='list', elements='dict', default=[], options=PRODUCT_DEFAULT.argument_spec()),
        # Each item is checked in place against ITEM_SPEC (SrapsModule's bulk), not copied by AnsibleModule.
        phones=dict(type='list', elements='dict', default=[]),
        purge=dict(type='list', elements='str', default=[], choices=list(customer_mod.PURGE_KINDS)),
        purge_max_fraction=dict(type='float', default=0.1),
        purge_confirm=dict(type='str'),
        purge_settings=dict(type='bool', default=False),
        update_password=dict(type='str', choices=['always', 'on_create'], default='on_create', no_log=False),
        parallel=dict(type='int', default=8),
    )


def main():
    module = SrapsModule(argument_spec=argument_spec(), bulk={'phones': ITEM_SPEC}, supports_check_mode=True)
    module.run(lambda: customer_mod.run(module))


if __name__ == '__main__':
    main()
