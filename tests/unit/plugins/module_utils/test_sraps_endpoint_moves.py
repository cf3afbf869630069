# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Moves of phones between companies the key sees (move_from): the plan, the writes, the way back."""

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_endpoints as ep
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsApiError, SrapsInputError
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils import sraps_fakes as fx

HERE = 'a' * 32
ACME = 'b' * 32
SHOP = 'c' * 32
COMPANIES = [{'uuid': HERE, 'name': 'Bistro'}, {'uuid': ACME, 'name': 'Acme'}, {'uuid': SHOP, 'name': 'Shop'}]
ACME_PROFILE = 'f' * 32
OLD = {'mac': '000413000001', 'uuid': 'e' * 32, 'name': 'Reception', 'provisioning_profile': ACME_PROFILE,
       'autoprovisioning_enabled': False, 'warranty_exp_warning_period': 3, 'product': None, 'last_seen': None,
       'links': {}, 'settings_manager': {fx.LANGUAGE: {'value': 'Deutsch', 'attrs': {}},
                                         fx.ADMIN_PASS: {'value': '********', 'attrs': {}}}}


def unavailable(method):
    return SrapsApiError('%s /x failed with HTTP 503: SRAPS is unavailable (after 3 retries)' % method,
                         method=method, path='/x', status=503)


class Answer(object):
    def __init__(self, data, status=200):
        self.status = status
        self.data = data


class Companies(fx.FakeClient):
    """Phones in several companies, as a reseller's key sees them; writes as SRAPS does them, or fails them."""

    company_uuid = HERE
    async_timeout = 60

    def __init__(self, held=None):
        super(Companies, self).__init__(profiles=[])
        self.lists['companies'] = COMPANIES
        self.held = dict((c['uuid'], {}) for c in COMPANIES)
        for company, endpoint in held or ():
            self.held[company][endpoint['mac']] = dict(endpoint)
        self.failing = set()    # (method, company): writes that fail for good

    def where(self, mac):
        return [company for company, phones in self.held.items() if mac in phones]

    def list(self, resource, **params):
        self.calls.append(('list', resource, params.get('company', HERE)))
        if resource == 'endpoints':
            return list(self.held[params.get('company', HERE)].values())
        return self.lists[resource]

    def get(self, resource, missing_ok=False, **params):
        company = params.get('company', HERE)
        self.calls.append(('get', resource, params.get('mac'), company))
        if self.where(params['mac']) and company not in self.where(params['mac']):
            raise SrapsApiError('GET /x failed with HTTP 403', method='GET', path='/x', status=403,
                                detail={'detail': 'User lacks permission to endpoint'})
        return self.held[company].get(params['mac'])

    def put(self, resource, body, mac, company=HERE):
        self.calls.append(('put', mac, company))
        if ('PUT', company) in self.failing:
            raise unavailable('PUT')
        if [c for c in self.where(mac) if c != company]:
            raise SrapsApiError('PUT /x failed with HTTP 400', method='PUT', path='/x', status=400,
                                detail={'mac': ['taken_mac_or_forbidden']})
        self.held[company][mac] = dict(body, uuid='u' * 32, product=None, last_seen=None, links={})
        return Answer(self.held[company][mac])

    def delete(self, resource, mac, company=HERE):
        self.calls.append(('delete', mac, company))
        if ('DELETE', company) in self.failing:
            raise unavailable('DELETE')
        self.held[company].pop(mac, None)
        return Answer(None, 204)


def phones_of(client, move_from, **options):
    planner = ep.Planner(client, Catalogue(client))
    phones, problems = ep.build_phones(dict(dict((k, None) for k in ep.PHONE_OPTIONS), mac=None, state='present',
                                            endpoints=options.pop('endpoints'), **options))
    assert problems == []
    planner.read(phones)
    if move_from:
        ep.plan_moves(client, planner, phones, move_from)
    for phone in phones:
        planner.plan(phone)
    return planner, phones


def test_a_phone_another_company_holds_is_planned_as_a_move_with_the_task_options_only():
    client = Companies(held=[(ACME, OLD)])
    planner, (phone,) = phones_of(client, ['Acme'], endpoints=[{'mac': '00:04:13:00:00:01', 'name': 'Bar'}])
    assert phone.action == 'move' and phone.error is None
    assert phone.moved == {'mac': '000413000001', 'from_company': 'Acme', 'from_uuid': ACME}
    assert ep.outcome(phone) == 'moved'
    # The old company's profile and settings stay behind: a profile is one company's.
    assert phone.body['name'] == 'Bar' and phone.body['provisioning_profile'] is None
    assert phone.body['settings_manager'] == {} and phone.body['autoprovisioning_enabled'] is True
    planner.note_diff(phone)
    before, after = phone.diff
    assert (before['company'], after['company']) == ('Acme', 'Bistro')
    assert before['name'] == 'Reception' and after['name'] == 'Bar'


def test_holders_are_read_only_for_missing_phones_one_list_per_company_until_all_are_found():
    held = [(HERE, dict(OLD, mac='000413000099', name='Here', provisioning_profile=None,
                        autoprovisioning_enabled=True))] + [(ACME, dict(OLD, mac='0004130000%02x' % i)) for i in range(1, 12)]
    client = Companies(held=held)
    macs = ['0004130000%02x' % i for i in range(1, 12)] + ['000413000099']
    dummy, phones = phones_of(client, ['any'], endpoints=[{'mac': mac} for mac in macs[:-1]] + [
        {'mac': macs[-1], 'name': 'Here'}])
    lists = [call for call in client.calls if call[:2] == ('list', 'endpoints')]
    # The acting company's list, then Acme's, where all missing phones are: Shop is never read.
    assert lists == [('list', 'endpoints', HERE), ('list', 'endpoints', ACME)]
    assert [phone.action for phone in phones].count('move') == 11
    assert phones[-1].action == 'none'


def test_no_company_is_read_when_the_acting_company_holds_every_phone():
    client = Companies(held=[(HERE, OLD)])
    dummy, (phone,) = phones_of(client, ['any'], endpoints=[{'mac': OLD['mac'], 'name': 'Front'}])
    assert phone.action == 'update'
    assert not [call for call in client.calls if call[0] == 'list']


def test_move_from_names_companies_the_key_sees_or_any_alone():
    client = Companies()
    assert [c['name'] for c in ep.move_sources(client, ['any'])] == ['Acme', 'Shop']
    assert [c['name'] for c in ep.move_sources(client, [SHOP, 'acme', 'Bistro'])] == ['Shop', 'Acme']
    with pytest.raises(SrapsInputError, match=r"company 'Acm' is not among .*Acme, Bistro, Shop.*did you mean"):
        ep.move_sources(client, ['Acm'])
    with pytest.raises(SrapsInputError, match='stands alone'):
        ep.move_sources(client, ['any', 'Acme'])


def test_a_move_deletes_there_and_creates_here():
    client = Companies(held=[(ACME, OLD)])
    planner, phones = phones_of(client, ['Acme'], endpoints=[{'mac': OLD['mac'], 'name': 'Bar'}])
    ep.apply(client, phones, 4, planner)
    assert phones[0].error is None and phones[0].output['name'] == 'Bar'
    assert client.where(OLD['mac']) == [HERE]
    assert [c for c in client.calls if c[0] in ('put', 'delete')] == [
        ('delete', OLD['mac'], ACME), ('put', OLD['mac'], HERE)]


def test_a_failed_create_puts_the_phone_back_as_it_was_but_for_passwords():
    client = Companies(held=[(ACME, OLD)])
    planner, phones = phones_of(client, ['Acme'], endpoints=[{'mac': OLD['mac'], 'name': 'Bar'}])
    client.failing.add(('PUT', HERE))
    ep.apply(client, phones, 4, planner)
    phone = phones[0]
    assert ep.outcome(phone) == 'failed'
    assert phone.error == ("moving it from company 'Acme' failed: the create here failed because PUT failed with "
                           "HTTP 503: SRAPS is unavailable (after 3 retries); restored to 'Acme' as it was (but for "
                           "its password settings, which SRAPS never shows)")
    assert client.where(OLD['mac']) == [ACME]
    back = client.held[ACME][OLD['mac']]
    assert (back['name'], back['provisioning_profile'], back['autoprovisioning_enabled']) == (
        'Reception', ACME_PROFILE, False)
    # The mask read back is never written as the password.
    assert back['settings_manager'] == {fx.LANGUAGE: {'value': 'Deutsch', 'attrs': {}}}


def test_a_failed_restore_says_both_and_the_next_run_creates_the_phone_here():
    client = Companies(held=[(ACME, OLD)])
    planner, phones = phones_of(client, ['Acme'], endpoints=[{'mac': OLD['mac'], 'name': 'Bar'}])
    client.failing.update([('PUT', HERE), ('PUT', ACME)])
    ep.apply(client, phones, 4, planner)
    assert phones[0].error == (
        "moving it from company 'Acme' failed: the create here failed because PUT failed with HTTP 503: SRAPS is "
        "unavailable (after 3 retries); restoring it to 'Acme' failed too because PUT failed with HTTP 503: SRAPS "
        "is unavailable (after 3 retries): the phone is in no company now; a re-run creates it here")
    assert client.where(OLD['mac']) == []
    client.failing.clear()
    planner, phones = phones_of(client, ['Acme'], endpoints=[{'mac': OLD['mac'], 'name': 'Bar'}])
    assert phones[0].action == 'create'
    ep.apply(client, phones, 4, planner)
    assert client.where(OLD['mac']) == [HERE]


def test_a_create_whose_answer_was_lost_counts_as_moved():
    client = Companies(held=[(ACME, OLD)])
    planner, phones = phones_of(client, ['Acme'], endpoints=[{'mac': OLD['mac'], 'name': 'Bar'}])
    put = client.put

    def lost(resource, body, mac, company=HERE):
        put(resource, body, mac, company=company)
        raise unavailable('PUT')
    client.put = lost
    ep.apply(client, phones, 4, planner)
    assert phones[0].error is None and client.where(OLD['mac']) == [HERE]
    assert ('put', OLD['mac'], ACME) not in client.calls


def test_a_failed_delete_leaves_the_phone_where_it_was():
    client = Companies(held=[(ACME, OLD)])
    planner, phones = phones_of(client, ['Acme'], endpoints=[{'mac': OLD['mac']}])
    client.failing.add(('DELETE', ACME))
    ep.apply(client, phones, 4, planner)
    assert phones[0].error == ("moving it from company 'Acme' failed: could not remove it there: DELETE failed with "
                               "HTTP 503: SRAPS is unavailable (after 3 retries); it stays in 'Acme'")
    assert client.where(OLD['mac']) == [ACME]


def test_without_move_from_a_siblings_phone_fails_naming_the_company_and_move_from():
    client = Companies(held=[(ACME, OLD)])
    planner, phones = phones_of(client, [], endpoints=[{'mac': OLD['mac']}])
    assert phones[0].error == ep.FOREIGN_MAC     # a single read: SRAPS refuses the GET
    ep.name_holders(client, phones)
    assert phones[0].error == (
        "the MAC belongs to another SRAPS account: company 'Acme' (%s), which this access key can also see, holds "
        "it. Remove it there first (sraps.provisioning.sraps_endpoint with company: %s and state: absent), remove "
        "it from the list, or move it here with move_from: [\"Acme\"]" % (ACME, ACME))


def test_a_mac_no_company_of_the_key_holds_stays_foreign():
    client = Companies()
    get = client.get

    def foreign(resource, missing_ok=False, **params):
        get(resource, missing_ok=missing_ok, **params)
        raise SrapsApiError('GET /x failed with HTTP 403', method='GET', path='/x', status=403,
                            detail={'detail': 'User lacks permission to endpoint'})
    client.get = foreign
    dummy, phones = phones_of(client, ['any'], endpoints=[{'mac': '000413ffff01'}])
    ep.name_holders(client, phones)
    assert phones[0].error == ep.FOREIGN_MAC and phones[0].moved is None


def test_find_holders_is_one_list_per_company_in_order():
    client = Companies(held=[(ACME, OLD), (SHOP, dict(OLD, mac='000413000002'))])
    found = ep.find_holders(client, ['000413000002', '000413000001', '000413000003'], COMPANIES)
    assert dict((mac, company['name']) for mac, (company, dummy) in found.items()) == {
        '000413000001': 'Acme', '000413000002': 'Shop'}
    assert [c[2] for c in client.calls if c[0] == 'list'] == [HERE, ACME, SHOP]
