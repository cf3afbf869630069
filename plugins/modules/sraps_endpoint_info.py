#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_endpoint_info
short_description: Read Snom phones registered in SRAPS
version_added: 0.1.0
description:
  - Reads the phones (SRAPS endpoints) of a company, for one MAC, a list of MACs, the phones of one
    provisioning profile, or all of them.
  - Settings are shown by C(param_name) as well as by setting uuid; password values are masked.
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  mac:
    description:
      - MAC address of one phone, in any common form (V(00:04:13:AA:BB:CC), V(000413aabbcc), ...).
      - Mutually exclusive with O(macs).
    type: str
  macs:
    description:
      - MAC addresses of several phones. Phones that are not registered are listed in RV(missing).
      - A MAC that another SRAPS account owns is listed in RV(missing) too, with a warning that says so.
    type: list
    elements: str
  profile:
    description:
      - Only phones with this provisioning profile, by name or uuid.
      - Not with O(all_companies).
    type: str
  all_companies:
    description:
      - If V(true), find which company holds each phone of O(mac) or O(macs) among every company the access
        key can see (for a reseller, its own and its customers'), instead of looking in O(company) only.
      - Each phone found carries C(company); MACs found in none of them are listed in RV(missing), among
        them the MACs of companies the key cannot see.
      - Reads one paged list of phones per company, until every MAC is found.
    type: bool
    default: false
    version_added: 0.4.0
extends_documentation_fragment:
  - sraps.provisioning.sraps
  - sraps.provisioning.sraps.info_module
'''

EXAMPLES = r'''
# The connection (api_url, access_key_id, access_key_secret) comes from the environment variables
# SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET, which every module reads. To set it
# once for a play instead, see the module_defaults example of sraps.provisioning.sraps_endpoint.

- name: Read every phone of a company
  sraps.provisioning.sraps_endpoint_info:
    company: Existing Customer
  register: phones

- name: Read two phones
  sraps.provisioning.sraps_endpoint_info:
    company: Existing Customer
    macs:
      - "00:04:13:10:00:01"
      - "000413100002"
  register: two

- name: Read the phones of one profile
  sraps.provisioning.sraps_endpoint_info:
    company: Existing Customer
    profile: Existing Profile
  register: profile_phones

- name: Which customer of the reseller holds each of these phones
  sraps.provisioning.sraps_endpoint_info:
    macs:
      - "00:04:13:AA:BB:CC"
      - "00:04:13:99:99:99"
    all_companies: true
  register: holders
'''

RETURN = r'''
endpoints:
  description:
    - The phones found, each as SRAPS holds it plus C(settings) by C(param_name) and C(profile_name).
    - See RV(sraps.provisioning.sraps_endpoint#module:endpoint) for the fields.
  returned: always
  type: list
  elements: dict
  sample:
    - mac: "000413100001"
      name: Reception
      provisioning_profile: 5b0c0f6a9d2e4e7f8a1b2c3d4e5f6a7b
      profile_name: Existing Profile
      autoprovisioning_enabled: true
      settings: {"language": "Deutsch"}
  contains:
    company:
      description: The company that holds the phone, with C(name) and C(uuid).
      returned: when O(all_companies=true)
      type: dict
      sample: {"name": "Existing Customer", "uuid": "6c62282a00435b43bcee46a8551ea136"}
missing:
  description:
    - MACs of O(mac) or O(macs) that the company does not have.
    - With O(all_companies=true), those that no company the key can see has.
  returned: always
  type: list
  elements: str
'''

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_endpoints as ep
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_mac import normalize_macs
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import SrapsModule


def holders(planner, wanted):
    """The reseller view: each phone of wanted with the company that holds it, and those none holds."""
    client = planner.client
    found = ep.find_holders(client, wanted, ep.visible_companies(client))
    endpoints = []
    for mac in wanted:
        if mac not in found:
            continue
        company, endpoint = found[mac]
        uuid = company.get(ep.F['uuid'])
        item = planner.public(endpoint)
        profiles = client.cached_list('profiles', company=uuid) if endpoint.get(ep.F['profile']) else []
        item['profile_name'] = next((pr.get('name') for pr in profiles
                                     if pr.get(ep.F['uuid']) == endpoint.get(ep.F['profile'])), None)
        item['company'] = {'name': company.get(ep.F['name']), 'uuid': uuid}
        endpoints.append(item)
    return dict(endpoints=endpoints, missing=[mac for mac in wanted if mac not in found])


def main():
    module = SrapsModule(
        argument_spec=dict(mac=dict(type='str'), macs=dict(type='list', elements='str'), profile=dict(type='str'),
                           all_companies=dict(type='bool', default=False)),
        mutually_exclusive=[('mac', 'macs'), ('all_companies', 'profile')], supports_check_mode=True)

    def body():
        p = module.params
        wanted = None
        if p['mac'] is not None or p['macs'] is not None:
            wanted, problems = normalize_macs([p['mac']] if p['mac'] is not None else p['macs'])
            if problems:
                module.fail_json(msg='invalid MAC addresses: ' + '; '.join(problems))
        client = module.client
        planner = ep.Planner(client, Catalogue(client))
        if p['all_companies']:
            if wanted is None:
                module.fail_json(msg='all_companies needs the phones to look for, in mac or macs')
            module.exit_json(changed=False, **holders(planner, wanted))
        if wanted is not None:
            phones = [ep.Phone(mac, {}) for mac in wanted]
            planner.read(phones)
            for phone in phones:
                if phone.error:
                    module.warn('%s: %s' % (phone.mac, phone.error))
            found = [phone.have for phone in phones if phone.have is not None]
            missing = [phone.mac for phone in phones if phone.have is None]
        else:
            found = client.list('endpoints')
            missing = []
        if p['profile'] is not None:
            profile = planner.profiles.resolve(p['profile'])[0]
            found = [e for e in found if e.get(ep.F['profile']) == profile['uuid']]
        endpoints = []
        for endpoint in found:
            item = planner.public(endpoint)
            profile = planner.profiles.by_uuid(endpoint.get(ep.F['profile'])) if endpoint.get(ep.F['profile']) else None
            item['profile_name'] = profile.get('name') if profile else None
            endpoints.append(item)
        module.exit_json(changed=False, endpoints=endpoints, missing=missing)

    module.run(body)


if __name__ == '__main__':
    main()
