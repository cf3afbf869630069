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
seealso:
  - module: sraps.provisioning.sraps_company_info
    description: Reads the company of the access key and the companies it can see.
extends_documentation_fragment:
  - sraps.provisioning.sraps
  - sraps.provisioning.sraps.object_module
'''

EXAMPLES = r'''
# The connection (api_url, access_key_id, access_key_secret) comes from the environment variables
# SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET, which every module reads. To set it
# once for a play instead, see the module_defaults example of sraps.provisioning.sraps_endpoint.

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
    name: Example Dental Practice
    state: absent
'''

RETURN = r'''
company:
  description: The company after the task, created, updated or as found; empty after O(state=absent).
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

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import run_object
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_resources import COMPANY as KIND


def main():
    run_object(KIND)


if __name__ == '__main__':
    main()
