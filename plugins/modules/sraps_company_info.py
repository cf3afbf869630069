#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_company_info
short_description: Read the SRAPS company an access key acts for, and the companies it can see
version_added: 0.1.0
description:
  - Returns the company the module acts on (the key's own company, or the one named in O(company)).
  - Lists the companies the access key can see; for a reseller key these are its own company and its
    end-user companies.
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  name:
    description:
      - Only list companies with this name (compared without regard to case).
    type: str
extends_documentation_fragment:
  - sraps.provisioning.sraps
  - sraps.provisioning.sraps.info_module
'''

EXAMPLES = r'''
# The connection (api_url, access_key_id, access_key_secret) comes from the environment variables
# SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET, which every module reads. To set it
# once for a play instead, see the module_defaults example of sraps.provisioning.sraps_endpoint.

- name: Read the company of the access key and the companies it can see
  sraps.provisioning.sraps_company_info:
  register: sraps_companies

- name: Show the key's company
  ansible.builtin.debug:
    msg: "{{ sraps_companies.company.name }} ({{ sraps_companies.company.type }})"

- name: Find an end-user company of a reseller by name
  sraps.provisioning.sraps_company_info:
    name: Existing Customer
  register: customer
'''

RETURN = r'''
access_key:
  description:
    - The access key the module used, as SRAPS describes it (C(tokens/{id})); never its secret.
    - The roles of this collection check C(role) before a real run writes anything.
  returned: always
  type: dict
  version_added: 0.2.0
  contains:
    id:
      description: Id of the key.
      type: str
      sample: ck_7f3a9c2e4b1d4e8f9a6b5c4d3e2f1a0b
    role:
      description:
        - V(admin) may read and write; V(readonly) and V(none) may only read. Null when SRAPS does not say.
      type: str
      sample: admin
    description:
      description: What SRAPS says the key is for.
      type: str
company:
  description:
    - The company the module acts on (O(company), else the access key's own company).
    - It has the fields that M(sraps.provisioning.sraps_company) returns in
      RV(sraps.provisioning.sraps_company#module:company), described there. Its C(type) is V(reseller) or
      V(end_user), and its C(parent) is null for a company without a reseller.
  returned: always
  type: dict
  sample:
    uuid: 3f2a9c0e4b1d4e8f9a6b5c4d3e2f1a0b
    name: Demo Reseller
    type: reseller
    parent: null
    country: DE
    city: Berlin
companies:
  description:
    - The companies the access key can see, filtered by O(name) when given, with the same fields as
      RV(company).
  returned: always
  type: list
  elements: dict
  sample:
    - uuid: 3f2a9c0e4b1d4e8f9a6b5c4d3e2f1a0b
      name: Demo Reseller
      type: reseller
      parent: null
'''

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import SrapsModule


def main():
    module = SrapsModule(argument_spec=dict(name=dict(type='str')), supports_check_mode=True)

    def body():
        client = module.client
        company = client.company()
        companies = client.cached_list('companies')
        name = module.params['name']
        if name is not None:
            companies = [c for c in companies if (c.get('name') or '').lower() == name.lower()]
        token = client.token()
        access_key = dict((field, token.get(field)) for field in ('id', 'role', 'description'))
        module.exit_json(changed=False, company=company, companies=companies, access_key=access_key)

    module.run(body)


if __name__ == '__main__':
    main()
