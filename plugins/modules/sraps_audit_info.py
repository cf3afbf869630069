#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_audit_info
short_description: Audit the phones and profiles of a SRAPS company
version_added: 0.5.0
description:
  - Reads the phones, provisioning profiles and product defaults of a company and reports what needs a look,
    per kind of finding (see O(checks)). It writes nothing.
  - Each collection is read once, the phones in one paged list, whatever the number of phones; the catalogues
    of products, product groups and settings too.
  - Settings are named by C(param_name) as the other modules name them; password values are always masked.
  - The role P(sraps.provisioning.fleet_audit#role) runs it over a book of customers and writes one report.
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  stale_after:
    description:
      - A phone whose last call to SRAPS is older than this is C(stale).
      - An age before now, a number and a unit V(s), V(m), V(h), V(d) or V(w) (V(30d), V(12h)), or an ISO 8601
        time or date (V(2026-11-28T08:00:00Z), V(2026-11-28)), in UTC unless it has an offset.
    type: str
    default: 30d
  checks:
    description:
      - The kinds of findings to look for; the default is all.
      - V(never_seen), phones that never called in (SRAPS has no C(last_seen) for them).
      - V(stale), phones last seen before O(stale_after); those never seen are not repeated here.
      - V(no_profile), phones without a provisioning profile.
      - V(wrong_product), phones whose model (as the phone reported it when it first called in) is not of the
        product group of their profile.
      - V(unused_profiles), profiles no phone uses.
      - V(redundant_settings), settings a profile sets to the value (and perm) the company's product default of
        a model of the profile's product group already sets. A password that SRAPS reads back masked on both
        sides cannot be compared and is not reported.
      - V(foreign_oui), MACs that do not start with 00:04:13, the prefix of Snom phones (likely typos).
    type: list
    elements: str
    choices: [never_seen, stale, no_profile, wrong_product, unused_profiles, redundant_settings, foreign_oui]
    default: [never_seen, stale, no_profile, wrong_product, unused_profiles, redundant_settings, foreign_oui]
seealso:
  - module: sraps.provisioning.sraps_endpoint_info
    description: Reads phones, with their C(last_seen) and reported model.
  - module: sraps.provisioning.sraps_profile_info
    description: Reads profiles with their settings.
extends_documentation_fragment:
  - sraps.provisioning.sraps
  - sraps.provisioning.sraps.info_module
'''

EXAMPLES = r'''
# The connection (api_url, access_key_id, access_key_secret) comes from the environment variables
# SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET, which every module reads.

- name: Audit a customer
  sraps.provisioning.sraps_audit_info:
    company: Existing Customer
  register: audit

- name: Phones not seen for a week, and those that never called in
  sraps.provisioning.sraps_audit_info:
    company: Existing Customer
    stale_after: 7d
    checks: [never_seen, stale]
  register: quiet

- name: Show them
  ansible.builtin.debug:
    msg: "{{ (quiet.findings.never_seen + quiet.findings.stale) | map(attribute='mac') | list }}"
'''

RETURN = r'''
company:
  description: The company audited.
  returned: always
  type: dict
  contains:
    name:
      description: Its name.
      type: str
    uuid:
      description: Its uuid.
      type: str
  sample: {name: Existing Customer, uuid: 0f4c1e8a2b3d4e5f6a7b8c9d0e1f2a3b}
checks:
  description: The kinds of findings looked for, in the order of O(checks)' choices.
  returned: always
  type: list
  elements: str
  sample: [never_seen, stale]
stale_before:
  description: The time O(stale_after) stands for, ISO 8601 in UTC.
  returned: always
  type: str
  sample: "2026-11-04T12:00:00Z"
phones:
  description: How many phones the company has registered.
  returned: always
  type: int
  sample: 24
called_in:
  description: How many of them have called in at least once (SRAPS has a C(last_seen) for them).
  returned: always
  type: int
  sample: 21
profiles:
  description: How many provisioning profiles the company has.
  returned: always
  type: int
  sample: 3
findings:
  description:
    - Per kind checked (the keys are those of RV(checks)), the list of findings, sorted by C(object).
    - Every finding has C(kind), C(object) (the phone's MAC, 12 lowercase hex digits, or the profile's name)
      and C(detail), a sentence that says what is wrong.
    - A finding about a phone (V(never_seen), V(stale), V(no_profile), V(wrong_product), V(foreign_oui)) also has
      C(mac), C(name), C(profile) (the name of its profile, or null), C(model) (the model it reported, or null)
      and C(last_seen) (ISO 8601, or null); one of V(wrong_product) also C(product_group) (its profile's) and
      C(model_group) (its model's).
    - A finding of V(unused_profiles) has C(profile), C(uuid) and C(product_group).
    - A finding of V(redundant_settings) has C(profile), C(setting) (by C(param_name)), C(product) (the model
      whose product default sets the same) and C(value) (as M(sraps.provisioning.sraps_profile_info) shows it,
      a password masked).
  returned: always
  type: dict
  sample:
    never_seen:
      - {kind: never_seen, object: 000413100002, mac: 000413100002, name: "", profile: Existing Profile,
         model: null, last_seen: null, detail: "registered, but has never called in: check that it is plugged in
         and reaches the internet, and its MAC"}
    redundant_settings:
      - {kind: redundant_settings, object: Office, profile: Office, setting: language, product: D785,
         value: {value: Deutsch, perm: RW}, detail: "sets language as the product default of D785 does: remove it
         from the profile unless it is meant to stay when the default changes"}
counts:
  description: Per kind checked, how many findings.
  returned: always
  type: dict
  sample: {never_seen: 1, stale: 0, no_profile: 2, wrong_product: 0, unused_profiles: 1, redundant_settings: 1,
           foreign_oui: 0}
'''

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_audit as audit_mod
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_fleet as fleet
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import SrapsModule


def main():
    module = SrapsModule(argument_spec=dict(
        stale_after=dict(type='str', default='30d'),
        checks=dict(type='list', elements='str', choices=list(audit_mod.KINDS), default=list(audit_mod.KINDS)),
    ), supports_check_mode=True)
    p = module.params

    def body():
        stale_before = fleet.parse_when('stale_after', p['stale_after'])
        result = audit_mod.audit(audit_mod.read(module.client), stale_before, p['checks'])
        module.exit_json(changed=False, **result)

    module.run(body)


if __name__ == '__main__':
    main()
