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
seealso:
  - module: sraps.provisioning.sraps_product_default_info
    description: Reads the product defaults of a company.
  - module: sraps.provisioning.sraps_setting_info
    description: Looks up setting names, types and choices, and checks settings before they are written.
  - module: sraps.provisioning.sraps_profile
    description: Settings for a group of phones chosen by profile, rather than for every phone of a model.
extends_documentation_fragment:
  - sraps.provisioning.sraps
  - sraps.provisioning.sraps.object_module
  - sraps.provisioning.sraps.settings
'''

EXAMPLES = r'''
# The connection (api_url, access_key_id, access_key_secret) comes from the environment variables
# SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET, which every module reads. To set it
# once for a play instead, see the module_defaults example of sraps.provisioning.sraps_endpoint.

- name: Give every D785 of a customer a language, a backlight level and a web password
  sraps.provisioning.sraps_product_default:
    company: Existing Customer
    product: D785
    settings:
      language: English
      backlight: 8
      # A password: never written into the playbook; from the environment here, or ansible-vault.
      http_pass: "{{ lookup('ansible.builtin.env', 'PHONE_WEB_PASSWORD') }}"

- name: Change one setting, keeping the others
  sraps.provisioning.sraps_product_default:
    company: Existing Customer
    product: D785
    settings:
      backlight: 12
      # Every write replaces the whole product default: give its passwords too (see masked_secrets).
      http_pass: "{{ lookup('ansible.builtin.env', 'PHONE_WEB_PASSWORD') }}"

- name: Remove the D785 product default
  sraps.provisioning.sraps_product_default:
    company: Existing Customer
    product: D785
    state: absent
'''

RETURN = r'''
product_default:
  description: The product default of the phone model O(product) after the task, or empty after O(state=absent).
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

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import run_object
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_resources import PRODUCT_DEFAULT as KIND


def main():
    run_object(KIND)


if __name__ == '__main__':
    main()
