#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_company
short_description: Create, update and delete the end-user companies of a SRAPS reseller
version_added: 0.1.0
description:
  - Manages the companies a reseller access key creates for its customers, with their name, country
    and city.
  - A company is found by O(name) among the companies the access key can see, leaving out the key's own
    company. The name is compared exactly first, then without regard to case.
  - Only reseller keys can create companies.
  - The connection option O(company) is ignored. This module works on the companies the access key
    sees, not inside one company.
  - A company that still has phones or companies of its own cannot be deleted; the task fails saying
    what to remove first.
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  name:
    description:
      - Name of the company.
    type: str
    required: true
  country:
    description:
      - Country of the company, as a two-letter ISO 3166 code such as V(DE). Written in upper case.
      - SRAPS leaves it empty when a company is created without it.
    type: str
  city:
    description:
      - City of the company.
    type: str
  state:
    description:
      - V(present) creates or updates the company; V(absent) deletes it.
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
      - Shows the company before and after in the option names above.
seealso:
  - module: sraps.provisioning.sraps_company_info
'''

EXAMPLES = r'''
- name: Companies of a reseller, connection set once
  module_defaults:
    group/sraps.provisioning.sraps:
      api_url: "{{ sraps_api_url }}"
      access_key_id: "{{ sraps_access_key_id }}"
      access_key_secret: "{{ sraps_access_key_secret }}"
  block:
    - name: Create a customer company
      sraps.provisioning.sraps_company:
        name: Example Dental Practice
        country: DE
        city: Munich
      register: dental

    - name: Give the new company a profile (company takes the name or dental.company.uuid)
      sraps.provisioning.sraps_profile:
        company: Example Dental Practice
        name: Reception Phones
        product_group: D-Series

    - name: The customer moved
      sraps.provisioning.sraps_company:
        name: Example Dental Practice
        city: Augsburg

- name: Remove a customer company that has no phones left
  sraps.provisioning.sraps_company:
    api_url: "{{ sraps_api_url }}"
    access_key_id: "{{ sraps_access_key_id }}"
    access_key_secret: "{{ sraps_access_key_secret }}"
    name: Example Dental Practice
    state: absent
'''

RETURN = r'''
company:
  description:
    - The company as SRAPS holds it after the task; in check mode, as it would be (a company about to be
      created has no uuid yet).
    - Empty after O(state=absent).
  returned: always
  type: dict
  contains:
    uuid:
      description: Id of the company; give it (or the name) as O(company) to the other modules.
      type: str
      sample: 7e1a3c5b9d2f4a6c8e0b1d3f5a7c9e2b
    name:
      description: Name of the company.
      type: str
      sample: Example Dental Practice
    type:
      description: V(end_user) for a reseller's customer.
      type: str
      sample: end_user
    parent:
      description: Uuid of the reseller that owns the company.
      type: str
    country:
      description: Two-letter country code, or empty.
      type: str
      sample: DE
    city:
      description: City, or empty.
      type: str
      sample: Munich
    links:
      description: Absolute URLs of the company and its collections.
      type: dict
'''

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import (
    SrapsModule, find_one, predict_object, replace_body)

F = api.FIELDS
# Companies with one name cannot be told apart by this module, which has no uuid option.
DUPLICATES = 'Rename one of them in the SRAPS web interface'
KIND = 'company'


def argument_spec():
    return dict(
        name=dict(type='str', required=True),
        country=dict(type='str'),
        city=dict(type='str'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )


def same_text_ignoring_case(have, want):
    return (have or '').strip().lower() == (want or '').strip().lower()


def find_company(companies, name, own_uuid):
    """The visible company called name, other than the key's own: exact name first, then any case."""
    others = [c for c in companies if c.get(F['uuid']) != own_uuid]
    exact = find_one(others, lambda c: c.get(F['name']) == name, 'company name %r' % name, fix=DUPLICATES)
    if exact is not None:
        return exact
    return find_one(others, lambda c: same_text_ignoring_case(c.get(F['name']), name),
                    'company name %r (compared without regard to case)' % name, fix=DUPLICATES)


def wanted_fields(params):
    """The fields the user set, in the API's words; the country in upper case, as SRAPS stores it."""
    out = {F['name']: params['name']}
    if params.get('country') is not None:
        out[F['country']] = params['country'].strip().upper()
    if params.get('city') is not None:
        out[F['city']] = params['city']
    return out


def plan(have, params):
    """(body, changed fields): the whole company to POST (have None) or PUT. Pure."""
    fields = wanted_fields(params)
    if have is None:
        return fields, sorted(fields)
    # The name was matched without regard to case: a different case is the same company, not a rename.
    return replace_body(KIND, have, fields, compare={F['name']: same_text_ignoring_case,
                                                     F['country']: same_text_ignoring_case})


def predict(have, body, own_uuid):
    """The company after writing body; a new one is a child of the key's own company."""
    return predict_object(KIND, have, body, **{F['parent']: own_uuid})


def view(company):
    """The managed fields in the user's words, for the diff."""
    if not company:
        return {}
    return {'name': company.get(F['name']), 'country': company.get(F['country']),
            'city': company.get(F['city'])}


def blockers(client, company, companies):
    """Why SRAPS would refuse to delete the company: its phones and its own child companies."""
    out = []
    phones = client.list('endpoints', company=company[F['uuid']])
    if phones:
        out.append('%d phone(s) (remove them with sraps.provisioning.sraps_endpoint state=absent, '
                   'company=%s)' % (len(phones), company[F['name']]))
    children = sorted(c.get(F['name']) for c in companies if c.get(F['parent']) == company[F['uuid']])
    if children:
        out.append('%d company(ies) of its own: %s (delete them first)' % (len(children), ', '.join(children)))
    return out


def ensure_present(client, have, body, changed_fields, own_uuid):
    """Create or replace the company when something changes; returns (changed, before, after)."""
    if not changed_fields:
        return False, have, have
    if client.check_mode:
        return True, have, predict(have, body, own_uuid)
    if have is None:
        return True, None, client.create('companies', body, find=lambda items: find_company(items, body[F['name']], own_uuid)).data
    return True, have, client.put(KIND, body, company=have[F['uuid']]).data


def ensure_absent(client, have, companies):
    """Delete the company unless it still has phones or companies; returns (changed, before, after)."""
    if have is None:
        return False, None, None
    # Asked before deleting, so that check mode predicts the refusal a real run would meet.
    reasons = blockers(client, have, companies)
    if reasons:
        raise SrapsError('company %r (%s) still has %s; nothing was deleted'
                         % (have[F['name']], have[F['uuid']], ' and '.join(reasons)))
    if not client.check_mode:
        client.delete(KIND, company=have[F['uuid']])
    return True, have, None


def main():
    module = SrapsModule(argument_spec=argument_spec(), supports_check_mode=True)
    p = module.params

    def body():
        client = module.client
        # The key's own company, never the company option: this module manages the key's children.
        own_uuid = client.resolve_company(None)
        companies = client.list('companies')
        if p['state'] == 'present' and any(c.get(F['uuid']) == own_uuid and c.get(F['name']) == p['name']
                                           for c in companies):
            raise SrapsError('%r is the access key\'s own company; sraps_company manages the companies below '
                             'it. Use another name' % p['name'])
        have = find_company(companies, p['name'], own_uuid)

        if p['state'] == 'absent':
            changed, before, after = ensure_absent(client, have, companies)
            module.exit_changed(changed, view(before), view(after), company={})
            return

        new_body, changed_fields = plan(have, p)
        changed, before, after = ensure_present(client, have, new_body, changed_fields, own_uuid)
        predicted = predict(have, new_body, own_uuid) if changed else have
        module.exit_changed(changed, view(before), view(predicted), company=after)

    module.run(body)


if __name__ == '__main__':
    main()
