#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_export
short_description: Export an existing SRAPS account as a book of Ansible inventory and variables
version_added: 0.3.0
description:
  - Reads the companies below the access key's own company (a reseller's customers), or those named in
    O(companies), and writes them to the folder O(dest) as a book, an Ansible inventory folder that the
    playbook C(sraps.provisioning.apply) applies with no change to the account it was read from.
  - The book holds C(hosts.yml) (group C(sraps_customers), one host per company, named by a slug of the
    company's name, with C(sraps_customer_name) and C(sraps_customer_uuid)),
    C(host_vars/<host>/customer.yml) (the variables of the role P(sraps.provisioning.onboard_customer#role) -
    company, users, profiles with their settings, product defaults), the phones in
    C(host_vars/<host>/phones.csv) (the format of P(sraps.provisioning.phones_from_csv#filter)) or, when a
    phone holds what a CSV cannot (a perm, a password, an empty value), in C(host_vars/<host>/phones.yml) as
    the variable C(sraps_customer_phones), C(group_vars/sraps_customers/connection.yml) (the connection
    from the E(SRAPS_*) environment variables, never a key) and C(secrets-to-fill.yml).
  - Settings are named by C(param_name) where that names one setting for the object's product group, by
    C(section:param_name) where it does not, and by uuid where neither does; perms and indexes are kept.
    Fields SRAPS fills in (uuids, last seen, a phone's model) are left out; a phone's autoprovisioning and
    warranty warning are kept.
  - Passwords are never exported (SRAPS reads them back masked). Each becomes a reference to a vault
    variable C(vault_sraps_<host>_<object>_<setting>), listed with what it is in C(secrets-to-fill.yml).
  - The output is the same, byte for byte, for an account that did not change - sorted, in a fixed key
    order, without timestamps - so the book can live in git with clean diffs.
  - Only list requests are made (one paged list per collection of each company), never one per phone.
  - The files are written to a temporary folder beside O(dest) and renamed into place, so a failure leaves
    O(dest) as it was.
  - Runs on the controller (C(connection=local)).
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  dest:
    description:
      - The folder of the book. It is created when missing (with its parent folders).
      - A folder that holds files is refused unless O(replace=true). Entries whose name starts with a dot
        (such as C(.git)) do not count and are kept, and so does C(group_vars/sraps_customers/vault.yml),
        where the values of the vault variables belong.
    type: path
    required: true
  companies:
    description:
      - The companies to export, by name or uuid.
      - If omitted, every company below the access key's own company that the key can see.
      - The key's own company cannot be exported; a name the key cannot see fails, listing the companies
        it can, and nothing is written.
    type: list
    elements: str
  replace:
    description:
      - Whether to replace the book that O(dest) holds. The old files are removed once the new ones are in
        place; hidden entries and C(group_vars/sraps_customers/vault.yml) are kept.
    type: bool
    default: false
extends_documentation_fragment:
  - sraps.provisioning.sraps
attributes:
  check_mode:
    support: full
    details:
      - Reads the account and computes the book without writing it; C(changed) says whether it differs
        from what O(dest) holds.
  diff_mode:
    support: none
notes:
  - The connection option O(company) is not used; the export starts from the access key's own company.
  - With an end-user key there is no company below the key's own; the book is then empty.
seealso:
  - module: sraps.provisioning.sraps_company_info
  - module: sraps.provisioning.sraps_endpoint_info
'''

EXAMPLES = r'''
# The connection (api_url, access_key_id, access_key_secret) comes from the environment variables
# SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET, which every module reads. To set it
# once for a play instead, see the module_defaults example of sraps.provisioning.sraps_endpoint.

- name: Export every customer of the reseller key
  sraps.provisioning.sraps_export:
    dest: "{{ playbook_dir }}/book"
    replace: true
  register: export

- name: Show what to fill in before applying the book
  ansible.builtin.debug:
    msg: "{{ export.customers | length }} customers, {{ export.secrets_to_fill }} passwords to put in a vault"

- name: Export one customer into a new folder
  sraps.provisioning.sraps_export:
    dest: "{{ playbook_dir }}/book-existing-customer"
    companies:
      - Existing Customer
    replace: true
'''

RETURN = r'''
customers:
  description: The exported companies, one item per host of the book, sorted by host.
  returned: always
  type: list
  elements: dict
  contains:
    host:
      description: The host name of the company in C(hosts.yml) and C(host_vars/).
      type: str
      sample: existing_customer
    name:
      description: The company's name.
      type: str
      sample: Existing Customer
    uuid:
      description: The company's uuid.
      type: str
      sample: 6c62282a00435b43bcee46a8551ea136
    phones:
      description: How many phones were exported.
      type: int
      sample: 3
    profiles:
      description: How many provisioning profiles were exported.
      type: int
      sample: 1
    users:
      description: How many users were exported.
      type: int
      sample: 0
    product_defaults:
      description: How many product defaults were exported.
      type: int
      sample: 0
files:
  description: The files of the book, relative to O(dest), sorted.
  returned: always
  type: list
  elements: str
  sample:
    - group_vars/sraps_customers/connection.yml
    - host_vars/existing_customer/customer.yml
    - host_vars/existing_customer/phones.yml
    - hosts.yml
    - secrets-to-fill.yml
secrets_to_fill:
  description: How many vault variables C(secrets-to-fill.yml) lists (password values the book refers to).
  returned: always
  type: int
  sample: 2
'''

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_export import export
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import SrapsModule


def main():
    module = SrapsModule(argument_spec=dict(
        dest=dict(type='path', required=True),
        companies=dict(type='list', elements='str'),
        replace=dict(type='bool', default=False),
    ), supports_check_mode=True)

    def body():
        p = module.params
        result = export(module.client, p['dest'], companies=p['companies'], replace=p['replace'],
                        check_mode=module.check_mode)
        module.exit_json(**result)

    module.run(body)


if __name__ == '__main__':
    main()
