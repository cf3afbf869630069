#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_product_default_info
short_description: Read the product defaults (settings per phone model) of a SRAPS company
version_added: 0.1.0
description:
  - Lists the product defaults of a company, or the one of a phone model.
  - Each product default's settings are shown by C(param_name) too; password values are always masked.
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  product:
    description:
      - Only the product default of this phone model, by name (V(D785), V(M500), ...) or uuid.
    type: str
seealso:
  - module: sraps.provisioning.sraps_product_default
    description: Writes the settings that every phone of one model gets. Its documentation describes each field.
extends_documentation_fragment:
  - sraps.provisioning.sraps
  - sraps.provisioning.sraps.info_module
'''

EXAMPLES = r'''
# The connection (api_url, access_key_id, access_key_secret) comes from the environment variables
# SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET, which every module reads. To set it
# once for a play instead, see the module_defaults example of sraps.provisioning.sraps_endpoint.

- name: Read the product defaults of a customer
  sraps.provisioning.sraps_product_default_info:
    company: Existing Customer
  register: defaults

- name: Read the D785 product default
  sraps.provisioning.sraps_product_default_info:
    company: Existing Customer
    product: D785
  register: d785
'''

RETURN = r'''
product_defaults:
  description:
    - The matching product defaults; empty when none match.
    - Each product default has the fields that M(sraps.provisioning.sraps_product_default) returns in
      RV(sraps.provisioning.sraps_product_default#module:product_default), described there, settings
      included (by C(param_name), password values masked).
  returned: always
  type: list
  elements: dict
  sample:
    - uuid: 8d2f4a6c0e1b3d5f7a9c2e4b6d8f0a1c
      product_name: D785
      settings: {"language": "English", "backlight": "8"}
'''

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import SrapsModule

F = api.FIELDS


def shown(default, catalogue):
    """A product default as returned: settings masked and by param_name, plus the model's name."""
    out = settings_mod.with_settings_view(default, catalogue)
    out['product_name'] = catalogue.product_name(default.get(F['product']))
    return out


def main():
    module = SrapsModule(argument_spec=dict(product=dict(type='str')), supports_check_mode=True)
    p = module.params

    def body():
        client = module.client
        catalogue = Catalogue(client)
        defaults = client.list('product_defaults')
        if p['product'] is not None:
            product_uuid = catalogue.product(p['product'])[F['uuid']]
            defaults = [d for d in defaults if d.get(F['product']) == product_uuid]
        module.exit_json(changed=False, product_defaults=[shown(d, catalogue) for d in defaults])

    module.run(body)


if __name__ == '__main__':
    main()
