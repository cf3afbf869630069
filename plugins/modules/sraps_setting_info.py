#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_setting_info
short_description: Search the SRAPS settings catalogue, or check settings against it
version_added: 0.1.0
description:
  - Searches the global catalogue of phone settings, the names that the C(settings) option of
    M(sraps.provisioning.sraps_profile), M(sraps.provisioning.sraps_product_default) and
    M(sraps.provisioning.sraps_endpoint) takes.
  - Shows for each setting its type, choices, default value, section, product groups and whether it is
    indexed (one value per line or key, such as C(user_realname)).
  - Filters combine; without any, the whole catalogue (about 1,200 settings) is returned.
  - With O(validate), checks settings as the other modules take them against the catalogue instead, and
    returns RV(problems), so that a play can stop on a typo before its first write, and RV(notes), warnings
    that do not stop a write.
  - The catalogue is the same for every company, so O(company) is not used.
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  param_name:
    description:
      - Only settings with exactly this C(param_name) (the Snom phone parameter). Some names exist more
        than once, in different sections.
    type: str
  section:
    description:
      - Only settings of this section, such as V(phone-settings) or V(global).
    type: str
  product_group:
    description:
      - Only settings that apply to this product group, by name (V(D-Series), ...) or uuid.
    type: str
  text:
    description:
      - Only settings whose C(param_name), name or description contains this text, without regard to case.
    type: str
  validate:
    description:
      - Settings to check instead of searching. Each item is the O(sraps.provisioning.sraps_profile#module:settings)
        of one object, in the form the modules take, with what they are written to.
      - Each is checked as the module writing it would check it, that is the names, the indexes, and the values
        of choice, boolean and number settings. A name resolves as the modules resolve it - a uuid or
        C(section:param_name) as given, else the entry SRAPS lists for the product group, else the
        C(phone-settings) entry.
      - A setting whose entry SRAPS does not list for the product group (such as a D-Series setting on an
        M-Series profile) is not a problem - SRAPS accepts such writes, and the modules write it with a
        warning. It is reported in RV(notes), and as a warning of the task.
      - Nothing is written. RV(problems) lists what is wrong; the task does not fail because of it.
      - Values of settings that are or look like passwords are hidden from the output.
    type: list
    elements: dict
    suboptions:
      label:
        description:
          - What the settings belong to, to start each line of RV(problems) with, such as
            V(profile Desk Phones) or V(phone 000413200001).
        type: str
        required: true
      settings:
        description:
          - The settings, by C(param_name), C(section:param_name) or uuid.
        type: dict
        required: true
      product_group:
        description:
          - The product group (name or uuid) of what the settings are written to, such as the profile's.
        type: str
      product:
        description:
          - The phone model (name or uuid) of a product default; its product group is used.
        type: str
seealso:
  - module: sraps.provisioning.sraps_profile
    description: Writes settings for the phones that use a profile.
  - module: sraps.provisioning.sraps_product_default
    description: Writes settings for every phone of one model.
extends_documentation_fragment:
  - sraps.provisioning.sraps
  - sraps.provisioning.sraps.info_module
'''

EXAMPLES = r'''
# The connection (api_url, access_key_id, access_key_secret) comes from the environment variables
# SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET, which every module reads. To set it
# once for a play instead, see the module_defaults example of sraps.provisioning.sraps_endpoint.

- name: Which settings are called setting_server?
  sraps.provisioning.sraps_setting_info:
    param_name: setting_server
  register: setting_server

- name: Show their sections and types
  ansible.builtin.debug:
    msg: "{{ setting_server.settings | map(attribute='section') | list }}"

- name: The time settings of desk phones
  sraps.provisioning.sraps_setting_info:
    product_group: D-Series
    text: time
  register: time_settings

- name: The choices of the phone language
  sraps.provisioning.sraps_setting_info:
    param_name: language
    section: phone-settings
  register: language

- name: Check a customer's settings before writing anything
  sraps.provisioning.sraps_setting_info:
    validate:
      - label: profile Desk Phones
        product_group: D-Series
        settings: {language: Deutsch, timezone: GER+1}
      - label: product default D785
        product: D785
        settings: {dkey_directory: "keyevent:F_DIRECTORY_SEARCH"}
  register: checked

- name: Stop on any problem (checked.notes only warn, such as a setting of another product group)
  ansible.builtin.assert:
    that: checked.problems | length == 0
    fail_msg: "{{ checked.problems | join('; ') }}"
'''

RETURN = r'''
problems:
  description:
    - With O(validate), one line per problem found, starting with the O(validate[].label) of the items it
      concerns; a problem shared by several items is one line. Empty when all settings are right.
  returned: when O(validate) is given
  type: list
  elements: str
  sample: ["phone 000413200001: invalid settings: unknown setting 'languag': no such param_name in the SRAPS settings catalogue. Did you mean: language?"]
notes:
  description:
    - With O(validate), warnings that do not stop a write, one line each, starting with the O(validate[].label)
      of the items they concern (grouped like RV(problems)) - a setting whose catalogue entry SRAPS does not
      list for the product group it is written to. The line names the entry written (name, section, uuid) and
      the groups SRAPS lists for it. The same lines are the task's warnings.
  returned: when O(validate) is given
  type: list
  elements: str
  sample:
    - "profile DECT: setting 'dkey_directory' on product group M-Series: written as the entry 'Directory key'
      (section phone-settings, uuid 0c1d...), which SRAPS lists for D-Series, not for M-Series.
      SRAPS accepts such a write; if phones of M-Series ignore it, remove it"
checked:
  description:
    - With O(validate), the catalogue entry each setting resolved to, once per setting as written, entry and
      product group, with the labels of the items it occurs in. Settings whose names are unknown are left out
      (they are in RV(problems)).
  returned: when O(validate) is given
  type: list
  elements: dict
  contains:
    setting:
      description: The setting as the item names it (C(param_name), C(section:param_name) or uuid).
      type: str
      sample: setting_server
    uuid:
      description: The uuid of the entry it resolved to.
      type: str
    param_name:
      description: The entry's C(param_name).
      type: str
    section:
      description: The entry's section.
      type: str
      sample: phone-settings
    name:
      description: The entry's human-readable name.
      type: str
      sample: Setting Server
    group:
      description:
        - The name of the entry's setting group (from C(setting-groups/)); the group's uuid when SRAPS does
          not serve that list.
      type: str
      sample: Provisioning
    product_group:
      description: The product group the setting is written to, by name; null when the item has none.
      type: str
      sample: M-Series
    listed:
      description: Whether SRAPS lists the entry for that product group (true when there is none).
      type: bool
    labels:
      description: The O(validate[].label) of every item with this setting.
      type: list
      elements: str
settings:
  description: The matching catalogue entries, in catalogue order; empty when none match, and with O(validate).
  returned: always
  type: list
  elements: dict
  contains:
    uuid:
      description: Id of the setting; the C(settings) options take it where a C(param_name) is ambiguous.
      type: str
    param_name:
      description: The Snom phone parameter.
      type: str
      sample: language
    name:
      description: Human-readable name.
      type: str
      sample: Phone language
    description:
      description: What the setting does.
      type: str
    section:
      description: Section, such as C(phone-settings) or C(global).
      type: str
      sample: phone-settings
    field_type:
      description: Type of value, such as C(text), C(url), C(choice), C(bool), C(int) or C(password).
      type: str
      sample: choice
    choices:
      description: The allowed values of a C(choice) setting, else null.
      type: list
      elements: str
      sample: [English, Deutsch]
    default_value:
      description: The value a phone has when nothing sets it.
      type: str
      sample: English
    indexed:
      description: Whether the setting takes one value per index (C(enabled)), and its C(start),
        C(default_size) and C(max_size).
      type: dict
      sample: {"enabled": false, "start": 1, "default_size": 1, "max_size": 1}
    product_groups:
      description: Uuids of the product groups the setting applies to (empty means all).
      type: list
      elements: str
    product_group_names:
      description: Names of those product groups.
      type: list
      elements: str
      sample: [C-Series, D-Series, M-Series]
    uses_permissions:
      description: Whether a C(perm) (V(RW), V(R)) may be given with the value.
      type: bool
    no_profiles:
      description: How many profiles use the setting.
      type: int
'''

import json

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsInputError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import SrapsModule, grouped

FILTERS = ('param_name', 'section', 'product_group', 'text')


def shown(setting, catalogue):
    out = dict(setting)
    out['product_group_names'] = sorted(catalogue.product_group_name(g) for g in setting.get('product_groups') or [])
    return out


def validate(module, catalogue, items):
    """(problems, notes, checked) of the items' settings, checked as the modules that write them check them.

    problems stop a write (unknown names, invalid values); notes do not (an entry SRAPS does not list for
    the product group, which SRAPS accepts); checked says which entry each setting resolved to.
    """
    # Echoed with the task's arguments: hide what may be a password before anything can fail, by its
    # name first, then by the catalogue (which a failed read would not give).
    for item in items:
        module.no_log_values.update(settings_mod.likely_secret_values(item['settings']))
    for item in items:
        module.no_log_values.update(settings_mod.likely_secret_values(item['settings'], catalogue))
    problems = []
    notes = []
    checked = {}
    seen = {}       # many phones share their settings: each distinct case is checked once
    for item in items:
        key = json.dumps([item['settings'], item['product'], item['product_group']], sort_keys=True, default=str)
        if key not in seen:
            seen[key] = check_case(catalogue, item)
        problem, case_notes, entries = seen[key]
        if problem is not None:
            problems.append((item['label'], problem))
        notes.extend((item['label'], note) for note in case_notes)
        for entry in entries:
            found = checked.setdefault((entry['setting'], entry['uuid'], entry['product_group']), dict(entry, labels=[]))
            found['labels'].append(item['label'])
    return grouped(problems), grouped(notes), list(checked.values())


def check_case(catalogue, item):
    """(problem or None, notes, checked entries) of one item's settings."""
    notes = []
    try:
        group = None
        if item['product'] is not None:
            group = catalogue.product(item['product']).get(api.FIELDS['product_group'])
        elif item['product_group'] is not None:
            group = catalogue.product_group(item['product_group'])['uuid']
    except SrapsInputError as exc:
        return exc.msg, notes, []
    problem = None
    try:
        settings_mod.resolve(item['settings'], catalogue, group, notes)
    except SrapsInputError as exc:
        problem = exc.msg
    entries = []
    for ref in item['settings']:
        try:
            setting = catalogue.resolve_setting(ref, group, notes=[])
        except SrapsInputError:
            continue    # a problem already
        entries.append(dict(
            setting=str(ref).strip(), uuid=setting['uuid'], param_name=setting.get('param_name'),
            section=setting.get('section'), name=setting.get('name'), group=catalogue.setting_group_name(setting),
            product_group=catalogue.product_group_name(group) if group else None,
            listed=not group or catalogue.lists(setting, group)))
    return problem, notes, entries


def main():
    item = dict(label=dict(type='str', required=True), settings=dict(type='dict', required=True),
                product_group=dict(type='str'), product=dict(type='str'))
    module = SrapsModule(argument_spec=dict(param_name=dict(type='str'), section=dict(type='str'),
                                            product_group=dict(type='str'), text=dict(type='str'),
                                            validate=dict(type='list', elements='dict', options=item)),
                         mutually_exclusive=[('validate', name) for name in FILTERS],
                         supports_check_mode=True)
    p = module.params

    def body():
        catalogue = Catalogue(module.client)
        if p['validate'] is not None:
            problems, notes, checked = validate(module, catalogue, p['validate'])
            for note in notes:
                module.warn(note)
            module.exit_json(changed=False, settings=[], problems=problems, notes=notes, checked=checked)
        found = catalogue.search(param_name=p['param_name'], section=p['section'],
                                 product_group=p['product_group'], text=p['text'])
        module.exit_json(changed=False, settings=[shown(s, catalogue) for s in found])

    module.run(body)


if __name__ == '__main__':
    main()
