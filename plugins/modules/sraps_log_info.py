#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_log_info
short_description: Read the SRAPS event log of a company
version_added: 0.1.0
description:
  - Reads the log of a company, newest entry first. It records changes to phones and profiles, and each
    time a phone called in and was redirected.
  - Filters combine; SRAPS applies them, and the module reads only as many entries as O(limit) asks for.
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  mac:
    description:
      - Only entries about this phone, by MAC address in any usual form (V(00:04:13:AA:BB:CC),
        V(00-04-13-aa-bb-cc), V(0004.13aa.bbcc), V(000413AABBCC)).
    type: str
  since:
    description:
      - Only entries at or after this time, in ISO 8601 (V(2026-11-28T08:00:00Z), V(2026-11-28T09:00:00+01:00),
        or a date, V(2026-11-28), meaning midnight UTC). A time without an offset is taken as UTC.
    type: str
  until:
    description:
      - Only entries at or before this time, written like O(since).
    type: str
  event:
    description:
      - Only entries of this kind. V(redirect_served) means a phone called in and was redirected.
    type: str
    choices: [endpoint_created, endpoint_updated, endpoint_deleted, profile_created, profile_updated,
              profile_deleted, redirect_served, product_default_created, product_default_updated,
              product_default_deleted, user_created, user_updated, user_deleted, company_created,
              company_updated, company_deleted]
  limit:
    description:
      - At most this many entries, the newest. V(0) reads every matching entry.
    type: int
    default: 100
extends_documentation_fragment:
  - sraps.provisioning.sraps
  - sraps.provisioning.sraps.info_module
'''

EXAMPLES = r'''
# The connection (api_url, access_key_id, access_key_secret) comes from the environment variables
# SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET, which every module reads. To set it
# once for a play instead, see the module_defaults example of sraps.provisioning.sraps_endpoint.

- name: When did this phone last call in?
  sraps.provisioning.sraps_log_info:
    company: Existing Customer
    mac: "00:04:13:10:00:01"
    event: redirect_served
    limit: 1
  register: last_call

- name: Everything that changed in a customer's account since the start of the day
  sraps.provisioning.sraps_log_info:
    company: Existing Customer
    since: "{{ '%Y-%m-%d' | strftime }}"
    limit: 0
  register: today

- name: Show the messages
  ansible.builtin.debug:
    msg: "{{ today.logs | map(attribute='message') | list }}"
'''

RETURN = r'''
logs:
  description: The matching log entries, newest first, at most O(limit).
  returned: always
  type: list
  elements: dict
  contains:
    uuid:
      description: Id of the entry.
      type: str
    timestamp:
      description: When it happened, ISO 8601 in UTC.
      type: str
      sample: "2026-11-28T08:15:00.000000Z"
    mac:
      description: MAC address of the phone concerned (12 lowercase hex digits), or null.
      type: str
      sample: "000413100001"
    event:
      description: Kind of entry, such as V(endpoint_created) or V(redirect_served).
      type: str
      sample: redirect_served
    message:
      description: What happened, in words.
      type: str
      sample: phone 000413100001 called in and was redirected
    ip:
      description: Address the request or the phone came from, or null.
      type: str
'''

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsInputError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_fleet import api_time, parse_time
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_mac import FORMS_HELP, normalize_mac
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import SrapsModule


def build_query(params):
    """The query of the log request from the module's options; raises SrapsError on bad input."""
    query = {}
    if params.get('mac') is not None:
        mac = normalize_mac(params['mac'])
        if mac is None:
            raise SrapsInputError('mac %r is not a MAC address: write it as %s' % (params['mac'], FORMS_HELP))
        query['mac'] = mac
    times = {}
    for option in ('since', 'until'):
        if params.get(option) is not None:
            times[option] = parse_time(option, params[option])
            query[option] = api_time(times[option])
    if len(times) == 2 and times['since'] > times['until']:
        raise SrapsInputError('since (%s) is after until (%s): no entry can match; swap them'
                              % (query['since'], query['until']))
    if params.get('event') is not None:
        query['event'] = params['event']
    if (params.get('limit') or 0) < 0:
        raise SrapsInputError('limit must be 0 (every entry) or more, got %d' % params['limit'])
    return query


def main():
    module = SrapsModule(argument_spec=dict(
        mac=dict(type='str'),
        since=dict(type='str'),
        until=dict(type='str'),
        event=dict(type='str', choices=list(api.LOG_EVENTS)),
        limit=dict(type='int', default=100),
    ), supports_check_mode=True)

    def body():
        query = build_query(module.params)
        logs = module.client.list('logs', query=query, limit=module.params['limit'] or None)
        module.exit_json(changed=False, logs=logs)

    module.run(body)


if __name__ == '__main__':
    main()
