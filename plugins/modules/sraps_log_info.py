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
  - With O(macs), it answers when each of several phones last called in, from one read of the company's log
    (see O(macs)), never one read per phone.
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  mac:
    description:
      - Only entries about this phone, by MAC address in any usual form (V(00:04:13:AA:BB:CC),
        V(00-04-13-aa-bb-cc), V(0004.13aa.bbcc), V(000413AABBCC)).
      - Mutually exclusive with O(macs).
    type: str
  macs:
    description:
      - The entries of each of these phones, and when each last called in, returned in RV(phones), one item
        per MAC in the order given.
      - The module reads the company's log pages (with O(since), O(until) and O(event) as given), newest
        first, and keeps the newest O(limit) entries of each phone (O(limit) counts per phone here; V(0) keeps
        all of them) and the newest V(redirect_served) entry of each as its last contact.
      - It stops reading as soon as every phone has O(limit) entries and a known last contact; otherwise it
        reads to the end of the log, so a phone that has not called in lately makes it read the whole log.
        O(since) bounds that read (the entries of one week at most with a O(since) a week ago).
      - With an O(event) other than V(redirect_served), no contact is read, C(last_contact) is null, and the
        read stops once every phone has O(limit) entries.
      - Mutually exclusive with O(mac).
    type: list
    elements: str
    version_added: 0.5.0
  since:
    description:
      - Only entries at or after this time, in ISO 8601 (V(2026-11-28T08:00:00Z), V(2026-11-28T09:00:00+01:00),
        or a date, V(2026-11-28), meaning midnight UTC), or as an age before now (V(7d), V(12h), V(90m)),
        version 0.5.0 and later. A time without an offset is taken as UTC.
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
      - With O(macs), at most this many entries per phone.
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

- name: When did each of these phones last call in, over the last week?
  sraps.provisioning.sraps_log_info:
    company: Existing Customer
    macs:
      - "00:04:13:10:00:01"
      - "00:04:13:10:00:02"
    since: 7d
    event: redirect_served
    limit: 1
  register: contacts

- name: The phones that did not call in during the last week
  ansible.builtin.debug:
    msg: "{{ contacts.phones | selectattr('last_contact', 'none') | map(attribute='mac') | list }}"

- name: Show the messages
  ansible.builtin.debug:
    msg: "{{ today.logs | map(attribute='message') | list }}"
'''

RETURN = r'''
logs:
  description:
    - The matching log entries, newest first, at most O(limit).
    - With O(macs), the entries of RV(phones) together, newest first (at most O(limit) per phone).
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
phones:
  description: One item per MAC of O(macs), in the order given.
  returned: when O(macs) is given
  type: list
  elements: dict
  version_added: 0.5.0
  sample:
    - mac: "000413100001"
      last_contact: "2026-11-28T08:15:00.000000Z"
      last_contact_ip: 192.0.2.10
      entries:
        - {"uuid": "9f0c3a2b1d4e4f5a8b7c6d5e4f3a2b1c", "timestamp": "2026-11-28T08:15:00.000000Z",
           "mac": "000413100001", "event": "redirect_served", "ip": "192.0.2.10",
           "message": "phone 000413100001 called in and was redirected"}
  contains:
    mac:
      description: The phone's MAC address, 12 lowercase hex digits.
      type: str
    last_contact:
      description:
        - The time of the phone's newest V(redirect_served) entry among those read (bounded by O(since) and
          O(until)); null if there is none.
      type: str
    last_contact_ip:
      description: The address the phone called in from at its last contact, or null.
      type: str
    entries:
      description: The phone's newest entries, newest first, at most O(limit) (all with O(limit=0)); shaped as RV(logs).
      type: list
      elements: dict
'''

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsInputError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_fleet import api_time, parse_when
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_mac import FORMS_HELP, normalize_mac, normalize_macs
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
            times[option] = parse_when(option, params[option])
            query[option] = api_time(times[option])
    if len(times) == 2 and times['since'] > times['until']:
        raise SrapsInputError('since (%s) is after until (%s): no entry can match; swap them'
                              % (query['since'], query['until']))
    if params.get('event') is not None:
        query['event'] = params['event']
    if (params.get('limit') or 0) < 0:
        raise SrapsInputError('limit must be 0 (every entry) or more, got %d' % params['limit'])
    return query


CONTACT = 'redirect_served'


def per_phone(client, query, macs, limit):
    """(phones, logs): each MAC's newest limit entries (0: all) and last contact, from the company's log
    read page by page, newest first; reading stops once every phone has what it needs."""
    phones = [dict(mac=mac, last_contact=None, last_contact_ip=None, entries=[]) for mac in macs]
    by_mac = dict((phone['mac'], phone) for phone in phones)
    # The entries of another event hold no contact: none is waited for.
    wants_contact = query.get('event') in (None, CONTACT)
    waiting = set(by_mac)       # the phones that lack entries or their last contact
    logs = []
    if not macs:
        return phones, logs
    for page in client.pages('logs', query=query):
        for entry in page:
            phone = by_mac.get((entry.get('mac') or '').lower())
            if phone is None:
                continue
            if not limit or len(phone['entries']) < limit:
                phone['entries'].append(entry)
                logs.append(entry)
            if wants_contact and phone['last_contact'] is None and entry.get('event') == CONTACT:
                phone['last_contact'] = entry.get('timestamp')
                phone['last_contact_ip'] = entry.get('ip')
            if limit and len(phone['entries']) >= limit and (phone['last_contact'] is not None or not wants_contact):
                waiting.discard(phone['mac'])
        # With limit 0 every entry is wanted: the read goes to the end.
        if limit and not waiting:
            break
    return phones, logs


def main():
    module = SrapsModule(argument_spec=dict(
        mac=dict(type='str'),
        macs=dict(type='list', elements='str'),
        since=dict(type='str'),
        until=dict(type='str'),
        event=dict(type='str', choices=list(api.LOG_EVENTS)),
        limit=dict(type='int', default=100),
    ), mutually_exclusive=[('mac', 'macs')], supports_check_mode=True)

    def body():
        query = build_query(module.params)
        if module.params['macs'] is not None:
            macs, problems = normalize_macs(module.params['macs'])
            if problems:
                raise SrapsInputError('invalid MAC addresses in macs: ' + '; '.join(problems))
            phones, logs = per_phone(module.client, query, macs, module.params['limit'])
            module.exit_json(changed=False, logs=logs, phones=phones)
        logs = module.client.list('logs', query=query, limit=module.params['limit'] or None)
        module.exit_json(changed=False, logs=logs)

    module.run(body)


if __name__ == '__main__':
    main()
