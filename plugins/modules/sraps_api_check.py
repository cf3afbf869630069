#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_api_check
short_description: Check which of the collection's assumptions about the SRAPS API hold for an account
version_added: 0.2.0
description:
  - Run it once with a real access key before anything else. SRAPS publishes its full API reference only
    behind a login, so the collection assumes some paths, fields and behaviours; this module makes the
    reads the collection makes and compares what SRAPS answers with what the collection expects.
  - Each check holds, differs (with what was seen, and the entry of the collection's resource table
    C(plugins/module_utils/_sraps_api.py) it concerns), or is not observable in this account.
  - Checked are the C(Accept) version handling, the key's token and role, the companies list and the
    company's links, a short page of every collection (users, profiles, product defaults, phones, logs,
    products, product groups, setting groups) and its objects' fields, paging (default page size,
    C(Link) next links, their page parameter, the page size limit, a page past the end), the settings
    catalogue and its two C(setting_server) entries, whether password values read back masked, the body
    of a 404, C(Server-Authorization) on answers, and the answer to a request an hour stale.
  - Read-only unless O(write_check_mac) names a MAC that nobody has registered; then it also registers
    that MAC, reads it, replaces it with one field left out and deletes it again (201, 200, full replace,
    204). A MAC SRAPS already knows is never touched.
  - No password value and no secret appears in the result; passwords are only counted.
  - The playbook C(sraps.provisioning.api_check) runs this module and writes the result as a Markdown and
    a JSON report.
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  write_check_mac:
    description:
      - A MAC address that no SRAPS account has registered, to make the write round trip with.
      - If omitted, the check is read-only. Ignored in check mode.
    type: str
extends_documentation_fragment:
  - sraps.provisioning.sraps
attributes:
  check_mode:
    support: full
    details:
      - In check mode the write round trip is not made.
  diff_mode:
    support: none
'''

EXAMPLES = r'''
# The connection (api_url, access_key_id, access_key_secret) comes from the environment variables
# SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET, which every module reads. To set it
# once for a play instead, see the module_defaults example of sraps.provisioning.sraps_endpoint.

- name: Check a real account, read-only
  sraps.provisioning.sraps_api_check:
  register: api_check

- name: Show what differs
  ansible.builtin.debug:
    msg: "{{ api_check.checks | selectattr('status', 'eq', 'differs') | list }}"

- name: Also make one write round trip on a MAC nobody has
  sraps.provisioning.sraps_api_check:
    write_check_mac: "00:04:13:ff:00:01"
'''

RETURN = r'''
checks:
  description: Every check, in order.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: A stable name of the check, such as C(paging.page_parameter).
      type: str
    title:
      description: What is checked.
      type: str
    status:
      description: C(holds), C(differs) or C(not observable).
      type: str
    expected:
      description: What the collection expects.
      type: str
    seen:
      description: What SRAPS answered (shapes, statuses and field names; never a password value).
      type: str
    concerns:
      description: For a check that differs, the entry of C(_sraps_api.py) (with its line) to correct.
      type: str
  sample:
    - id: paging.page_parameter
      title: the page parameter of next links
      status: holds
      expected: page
      seen: "parameters: page, page_size"
      concerns: ""
summary:
  description: How many checks hold, differ and were not observable.
  returned: always
  type: dict
  sample: {holds: 41, differs: 0, not_observable: 2}
writes:
  description: How many writes the round trip made (0 for a read-only check).
  returned: always
  type: int
'''

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api_check as checks_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_account import SrapsAccount
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsClient
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_mac import normalize_macs
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import SrapsModule


def client_factory(module):
    """Clients of the module's account; overrides (api_version, clock) make the variants the checks need."""
    p = module.params

    def make_client(**overrides):
        options = dict(validate_certs=p['validate_certs'], ca_path=p['ca_path'],
                       timeout=p['timeout'], retries=p['retries'], api_version=p['api_version'],
                       check_mode=module.check_mode, warn=module.warn)
        if 'clock' in overrides:
            # The stale request is deliberate: its clock correction is no news to the user.
            options['warn'] = lambda msg: None
        options.update(overrides)
        transport = SrapsClient(p['api_url'], p['access_key_id'], p['access_key_secret'], **options)
        return SrapsAccount(transport, company=p['company'])

    return make_client


def main():
    module = SrapsModule(argument_spec=dict(write_check_mac=dict(type='str')), supports_check_mode=True)

    def body():
        mac = module.params['write_check_mac']
        if mac:
            macs, problems = normalize_macs([mac])
            if problems:
                module.fail_json(msg='write_check_mac: %s' % '; '.join(problems))
            mac = macs[0]
        skip = 'check mode: no write is made' if module.check_mode and mac else None
        report, writes = checks_mod.run(client_factory(module), write_mac=mac, write_skip=skip)
        module.exit_json(changed=writes > 0, checks=report.checks, summary=report.summary(), writes=writes)

    module.run(body)


if __name__ == '__main__':
    main()
