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
  - The filters (O(profile), O(seen_since), O(not_seen_since), O(never_seen), O(product), O(product_group),
    O(name_pattern)) combine, each narrowing the result further, and with O(mac) or O(macs). They apply to
    the phones read, which without O(mac) and O(macs) are one paged list of the company's phones, never one
    request per phone; so they answer "did the phones call in?" for thousands of phones at the cost of a few
    requests. With O(all_companies), they apply to the phones found in every company.
  - SRAPS fills a phone's C(last_seen) and C(product) (the model it reported) when the phone calls in; both
    are null until then.
  - The products catalogue (one paged list) is read only when needed, by O(product), O(product_group), or
    to name the model of a returned phone that reported one; the product groups catalogue likewise.
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
  seen_since:
    description:
      - Only phones that called in at or after this time (C(last_seen) at or after it).
      - A time in ISO 8601 (V(2026-11-28T08:00:00Z), V(2026-11-28T09:00:00+01:00), or a date, V(2026-11-28),
        meaning midnight UTC; a time without an offset is UTC), or an age before now, a number and a unit
        (s, m, h, d or w), such as V(7d), V(12h) or V(90m).
      - Phones that never called in do not match.
    type: str
    version_added: 0.5.0
  not_seen_since:
    description:
      - Only phones that did not call in since this time (C(last_seen) before it), phones that never called in
        included. Written like O(seen_since).
    type: str
    version_added: 0.5.0
  never_seen:
    description:
      - V(true) keeps only the phones that never called in (C(last_seen) is null); V(false) only those that
        called in at least once. Unset, both.
    type: bool
    version_added: 0.5.0
  product:
    description:
      - Only phones that reported this model when they called in, by name (V(D785)) or uuid. Phones that never
        called in have reported none and do not match.
    type: str
    version_added: 0.5.0
  product_group:
    description:
      - Only phones whose reported model belongs to this product group, by name (V(D-Series)) or uuid.
    type: str
    version_added: 0.5.0
  name_pattern:
    description:
      - Only phones whose name matches this shell-style pattern, without regard to case (V(Reception*),
        V(*-lobby-?), V([AB]-*)). A phone without a name has the name V(""), which only V(*) matches.
    type: str
    version_added: 0.5.0
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

- name: Phones that have not called in for 7 days, those that never did included
  sraps.provisioning.sraps_endpoint_info:
    company: Existing Customer
    not_seen_since: 7d
  register: silent

- name: Phones that never called in
  sraps.provisioning.sraps_endpoint_info:
    company: Existing Customer
    never_seen: true
  register: never

- name: Phones that called in since a given time
  sraps.provisioning.sraps_endpoint_info:
    company: Existing Customer
    seen_since: "2026-11-28T08:00:00Z"
  register: recent

- name: D-Series phones named Reception-something
  sraps.provisioning.sraps_endpoint_info:
    company: Existing Customer
    product_group: D-Series
    name_pattern: "Reception*"
  register: reception

- name: D785 phones of one profile that called in during the last 12 hours
  sraps.provisioning.sraps_endpoint_info:
    company: Existing Customer
    profile: Existing Profile
    product: D785
    seen_since: 12h
  register: d785

- name: List the MACs of the silent phones
  ansible.builtin.debug:
    msg: "{{ silent.endpoints | map(attribute='mac') | list }}"

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
      last_seen: "2026-11-28T08:15:00Z"
      product: 6f2c1c7e0d2f5a4b9e8d7c6b5a493827
      product_name: D785
      product_group_name: D-Series
  contains:
    last_seen:
      description: When the phone last called in, ISO 8601 as SRAPS gives it; null if it never did.
      returned: always
      type: str
      sample: "2026-11-28T08:15:00Z"
      version_added: 0.5.0
    product_name:
      description:
        - The name of the model the phone reported when it called in (V(D785)); null if it never called in.
        - The model's uuid when the products catalogue does not list it.
      returned: always
      type: str
      sample: D785
      version_added: 0.5.0
    product_group_name:
      description: The product group of the reported model (V(D-Series)); null if the phone reported none.
      returned: always
      type: str
      sample: D-Series
      version_added: 0.5.0
    company:
      description: The company that holds the phone, with C(name) and C(uuid).
      returned: when O(all_companies=true)
      type: dict
      sample: {"name": "Existing Customer", "uuid": "6c62282a00435b43bcee46a8551ea136"}
missing:
  description:
    - MACs of O(mac) or O(macs) that the company does not have.
    - A phone the company has but the filters leave out is not missing.
    - With O(all_companies=true), those that no company the key can see has.
  returned: always
  type: list
  elements: str
'''

import fnmatch
import re

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_endpoints as ep
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsInputError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_fleet import Models, last_seen, parse_when
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_mac import normalize_macs
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import SrapsModule

F = ep.F


class Reported(object):
    """The model a phone reported and its product group, by name. The catalogues are read only when a phone
    has reported a model, each once, and looked up by uuid."""

    def __init__(self, catalogue):
        self.catalogue = catalogue
        self.models = Models(catalogue)
        self._groups = None

    def group_name(self, uuid):
        if not uuid:
            return None
        if self._groups is None:
            self._groups = dict((g.get(F['uuid']), g.get(F['name'])) for g in self.catalogue.product_groups)
        return self._groups.get(uuid, uuid)

    def names(self, endpoint):
        """(product_name, product_group_name) of the phone's reported model; (None, None) if it reported none."""
        if not endpoint.get(F['product']):
            return None, None
        return self.models.name(endpoint), self.group_name(self.models.group(endpoint))


def _seen_since(since):
    """A test: the phone called in at or after since (one that never called in did not)."""
    def test(endpoint):
        when = last_seen(endpoint)
        return when is not None and when >= since
    return test


def _not_seen_since(before):
    """A test: the phone did not call in since before (one that never called in did not)."""
    def test(endpoint):
        when = last_seen(endpoint)
        return when is None or when < before
    return test


def _catalogue_uuid(option, find, ref):
    """The uuid of the catalogue entry ref names, or the catalogue's error (known names, did you mean) with
    the option in front."""
    try:
        return find(ref)[F['uuid']]
    except SrapsInputError as exc:
        raise SrapsInputError('%s: %s' % (option, exc.msg))


class Filters(object):
    """The filters of the options as tests on a phone, every one of them to pass.

    Built before any phone is read: a bad time, an unknown model, product group or profile fails first.
    """

    def __init__(self, params, catalogue, profiles=None, reported=None, now=None):
        self.tests = []
        if params.get('profile') is not None:
            uuid = profiles.resolve(params['profile'])[0]['uuid']
            self.tests.append(lambda e: e.get(F['profile']) == uuid)
        if params.get('seen_since') is not None:
            since = parse_when('seen_since', params['seen_since'], now=now)
            self.tests.append(_seen_since(since))
        if params.get('not_seen_since') is not None:
            before = parse_when('not_seen_since', params['not_seen_since'], now=now)
            self.tests.append(_not_seen_since(before))
        if params.get('never_seen') is not None:
            never = params['never_seen']
            self.tests.append(lambda e: (last_seen(e) is None) == never)
        if params.get('product') is not None:
            product = _catalogue_uuid('product', catalogue.product, params['product'])
            self.tests.append(lambda e: e.get(F['product']) == product)
        if params.get('product_group') is not None:
            group = _catalogue_uuid('product_group', catalogue.product_group, params['product_group'])
            models = (reported or Reported(catalogue)).models
            self.tests.append(lambda e: models.group(e) == group)
        if params.get('name_pattern') is not None:
            pattern = re.compile(fnmatch.translate(params['name_pattern']), re.IGNORECASE | re.DOTALL)
            self.tests.append(lambda e: pattern.match(e.get(F['name']) or '') is not None)

    def __call__(self, endpoint):
        return all(test(endpoint) for test in self.tests)

    def select(self, endpoints):
        return [e for e in endpoints if self(e)] if self.tests else list(endpoints)


def item(planner, reported, endpoint, profile):
    """A phone as the module returns it: SRAPS's fields, the settings by name, its profile's and model's names."""
    out = planner.public(endpoint)
    out['profile_name'] = profile.get('name') if profile else None
    out['last_seen'] = endpoint.get(F['last_seen'])
    out['product_name'], out['product_group_name'] = reported.names(endpoint)
    return out


def holders(planner, reported, wanted, keep):
    """The reseller view: each phone of wanted with the company that holds it, and those none holds."""
    client = planner.client
    found = ep.find_holders(client, wanted, ep.visible_companies(client))
    endpoints = []
    for mac in wanted:
        if mac not in found:
            continue
        company, endpoint = found[mac]
        if not keep(endpoint):
            continue
        uuid = company.get(F['uuid'])
        profiles = client.cached_list('profiles', company=uuid) if endpoint.get(F['profile']) else []
        out = item(planner, reported, endpoint,
                   next((pr for pr in profiles if pr.get(F['uuid']) == endpoint.get(F['profile'])), None))
        out['company'] = {'name': company.get(F['name']), 'uuid': uuid}
        endpoints.append(out)
    return dict(endpoints=endpoints, missing=[mac for mac in wanted if mac not in found])


def main():
    module = SrapsModule(
        argument_spec=dict(mac=dict(type='str'), macs=dict(type='list', elements='str'), profile=dict(type='str'),
                           all_companies=dict(type='bool', default=False),
                           seen_since=dict(type='str'), not_seen_since=dict(type='str'),
                           never_seen=dict(type='bool'), product=dict(type='str'),
                           product_group=dict(type='str'), name_pattern=dict(type='str')),
        mutually_exclusive=[('mac', 'macs'), ('all_companies', 'profile')], supports_check_mode=True)

    def body():
        p = module.params
        wanted = None
        if p['mac'] is not None or p['macs'] is not None:
            wanted, problems = normalize_macs([p['mac']] if p['mac'] is not None else p['macs'])
            if problems:
                module.fail_json(msg='invalid MAC addresses: ' + '; '.join(problems))
        if p['all_companies'] and wanted is None:
            module.fail_json(msg='all_companies needs the phones to look for, in mac or macs')
        client = module.client
        catalogue = Catalogue(client)
        planner = ep.Planner(client, catalogue)
        reported = Reported(catalogue)
        keep = Filters(p, catalogue, planner.profiles, reported)
        if p['all_companies']:
            module.exit_json(changed=False, **holders(planner, reported, wanted, keep))
        if wanted is not None:
            phones = [ep.Phone(mac, {}) for mac in wanted]
            planner.read(phones)
            for phone in phones:
                if phone.error:
                    module.warn('%s: %s' % (phone.mac, phone.error))
            found = keep.select(phone.have for phone in phones if phone.have is not None)
            missing = [phone.mac for phone in phones if phone.have is None]
        else:
            # Filtered page by page: the phones that do not match are not kept.
            found = [endpoint for page in client.pages('endpoints') for endpoint in keep.select(page)]
            missing = []
        endpoints = [item(planner, reported, endpoint, planner.profiles.by_uuid(endpoint.get(F['profile']))
                          if endpoint.get(F['profile']) else None) for endpoint in found]
        module.exit_json(changed=False, endpoints=endpoints, missing=missing)

    module.run(body)


if __name__ == '__main__':
    main()
