# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Did the phones call in? The filters of sraps_endpoint_info and the per-phone log of sraps_log_info,
with the requests they cost counted against the fake SRAPS."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsInputError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_endpoints import Profiles
from ansible_collections.sraps.provisioning.plugins.modules import sraps_endpoint_info, sraps_log_info
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils.sraps_fakes import (
    D_SERIES, M_SERIES, PRODUCT_GROUPS, SETTINGS, FakeClient)
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import (
    API_URL, COMPANY_UUID, KEY_ID, SECRET, Reply, link_next, run_module, serve_company)

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 12, 4, 12, 0, 0, tzinfo=UTC)
D785 = 'e0000000000000000000000000000001'
D385 = 'e0000000000000000000000000000002'
M500 = 'e0000000000000000000000000000003'
PRODUCTS = [{'uuid': D785, 'name': 'D785', 'product_group': D_SERIES},
            {'uuid': D385, 'name': 'D385', 'product_group': D_SERIES},
            {'uuid': M500, 'name': 'M500', 'product_group': M_SERIES}]
OFFICE = 'f' * 32
LOBBY = 'c' * 32
PROFILES = [{'uuid': OFFICE, 'name': 'Office', 'product_group': D_SERIES},
            {'uuid': LOBBY, 'name': 'Lobby', 'product_group': D_SERIES}]
ARGS = {'api_url': API_URL, 'access_key_id': KEY_ID, 'access_key_secret': SECRET, 'company': COMPANY_UUID}
HERE = 'companies/%s/' % COMPANY_UUID


def phone(n, name='', seen=None, product=None, profile=OFFICE):
    return {'uuid': '%032x' % n, 'mac': '0004131000%02x' % n, 'name': name, 'autoprovisioning_enabled': True,
            'provisioning_profile': profile, 'settings_manager': {}, 'warranty_exp_warning_period': 3,
            'product': product, 'last_seen': seen, 'links': {}}


# never seen; seen an hour ago; seen 10 days ago; at the bound of 7 days exactly; an M500 in the lobby
PHONES = [
    phone(1, 'Reception 1'),
    phone(2, 'reception 2', '2026-12-04T11:00:00Z', D785),
    phone(3, 'Office 3', '2026-11-24T12:00:00Z', D385),
    phone(4, 'Office 4', '2026-11-27T12:00:00Z', D785),
    phone(5, 'Lobby DECT', '2026-12-04T10:00:00+00:00', M500, profile=LOBBY),
]


def macs_of(endpoints):
    return [e['mac'][-2:] for e in endpoints]


def select(**options):
    client = FakeClient(PHONES, PROFILES)
    client.lists['products'] = PRODUCTS
    catalogue = Catalogue(client)
    keep = sraps_endpoint_info.Filters(options, catalogue, Profiles(client), now=NOW)
    return macs_of(keep.select(PHONES)), client


@pytest.mark.parametrize('options, expected', [
    ({}, ['01', '02', '03', '04', '05']),
    ({'seen_since': '7d'}, ['02', '04', '05']),                  # at the bound is "since"
    ({'seen_since': '2026-12-04T10:30:00+00:00'}, ['02']),
    ({'seen_since': '0001-01-01'}, ['02', '03', '04', '05']),    # never seen is never "since"
    ({'not_seen_since': '0001-01-01'}, ['01']),
    ({'not_seen_since': '7d'}, ['01', '03']),                   # never seen included
    ({'not_seen_since': '2h'}, ['01', '03', '04']),
    ({'never_seen': True}, ['01']),
    ({'never_seen': False}, ['02', '03', '04', '05']),
    ({'product': 'D785'}, ['02', '04']),
    ({'product': 'd385'}, ['03']),                              # names without regard to case
    ({'product': M500}, ['05']),                                # or the uuid
    ({'product_group': 'D-Series'}, ['02', '03', '04']),
    ({'product_group': M_SERIES}, ['05']),
    ({'name_pattern': 'reception*'}, ['01', '02']),             # without regard to case
    ({'name_pattern': 'Office ?'}, ['03', '04']),
    ({'name_pattern': '*DECT'}, ['05']),
    ({'name_pattern': '[RL]*'}, ['01', '02', '05']),
    ({'profile': 'Lobby'}, ['05']),
    # the filters combine
    ({'product_group': 'D-Series', 'name_pattern': 'Reception*'}, ['02']),
    ({'seen_since': '30d', 'not_seen_since': '2h'}, ['03', '04']),
    ({'never_seen': False, 'not_seen_since': '7d'}, ['03']),
    ({'profile': 'Office', 'product': 'M500'}, []),
])
def test_filters(options, expected):
    assert select(**options)[0] == expected


def test_filters_read_no_catalogue_they_do_not_need():
    dummy, client = select(name_pattern='*', seen_since='1d', never_seen=False)
    assert client.calls == []
    dummy, client = select(product='D785')
    assert client.calls == [('cached_list', 'products')]


@pytest.mark.parametrize('options, words', [
    ({'seen_since': 'last week'}, ["seen_since 'last week' is neither a time nor an age", '7d', '2026-11-28']),
    ({'not_seen_since': '7 days'}, ["not_seen_since '7 days'", '12h']),
    ({'product': 'D786'}, ["product: unknown product 'D786'", 'did you mean D785', 'known: D385, D785, M500']),
    ({'product_group': 'D-Serie'}, ["product_group: unknown product group 'D-Serie'", 'D-Series']),
    ({'profile': 'Ofice'}, ["unknown profile 'Ofice'", 'Office']),
])
def test_filter_errors_name_the_option_and_the_forms(options, words):
    with pytest.raises(SrapsInputError) as err:
        select(**options)
    for word in words:
        assert word in str(err.value)


def test_reported_names_read_the_catalogues_once():
    client = FakeClient()
    client.lists['products'] = PRODUCTS
    reported = sraps_endpoint_info.Reported(Catalogue(client))
    assert reported.names(PHONES[0]) == (None, None)
    assert client.calls == []                                   # never seen: no catalogue read
    assert [reported.names(p) for p in PHONES[1:]] == [
        ('D785', 'D-Series'), ('D385', 'D-Series'), ('D785', 'D-Series'), ('M500', 'M-Series')]
    assert sorted(client.calls) == [('cached_list', 'product_groups'), ('cached_list', 'products')]
    unknown = dict(PHONES[1], product='9' * 32)
    assert reported.names(unknown) == ('9' * 32, None)


# ---------------------------------------------------------------------------------- the module, counted
@pytest.fixture
def server(fake_sraps_clients):
    sraps = serve_company(fake_sraps_clients, SETTINGS, PRODUCT_GROUPS, PRODUCTS, PROFILES)
    many = [phone(n, 'Reception %d' % n if n % 3 == 0 else 'Desk %d' % n,
                  '2026-12-0%dT08:00:00Z' % (1 + n % 5) if n % 4 else None, (D785 if n % 2 else M500) if n % 4 else None)
            for n in range(1, 51)]
    page2 = API_URL + HERE + 'endpoints/?page=2&page_size=1000'
    sraps.route('GET', HERE + 'endpoints/', lambda seen: (
        Reply(200, many[25:]) if seen.query.get('page') == ['2'] else Reply(200, many[:25], link_next(page2))))
    sraps.phones = many
    return sraps


def reads(server):
    return sorted(set(r.path[len('/api/v1/'):] for r in server.requests))


def test_module_filters_one_paged_list_no_request_per_phone(server, capsys):
    result = run_module(sraps_endpoint_info.main, dict(ARGS, seen_since='2026-12-02', product_group='D-Series',
                                                       name_pattern='reception*'), capsys)
    assert result['_rc'] == 0, result
    expected = [p['mac'] for p in server.phones if p['last_seen'] and p['last_seen'] >= '2026-12-02'
                and p['product'] == D785 and p['name'].startswith('Reception')]
    assert expected and [e['mac'] for e in result['endpoints']] == expected
    assert result['missing'] == []
    first = result['endpoints'][0]
    assert (first['product_name'], first['product_group_name']) == ('D785', 'D-Series')
    assert first['last_seen'] == server.phones[int(first['mac'][-2:], 16) - 1]['last_seen']
    assert first['profile_name'] == 'Office'
    # two pages of phones, the catalogues, the profiles: nothing per phone
    assert server.count('GET', HERE + 'endpoints/') == 2
    assert reads(server) == [HERE + 'endpoints/', HERE + 'provisioning-profiles/', 'product-groups/', 'products/']
    assert len(server.requests) == 5


def test_module_never_seen_reads_no_products(server, capsys):
    result = run_module(sraps_endpoint_info.main, dict(ARGS, never_seen=True), capsys)
    assert result['_rc'] == 0, result
    assert [e['mac'] for e in result['endpoints']] == [p['mac'] for p in server.phones if p['last_seen'] is None]
    assert all(e['last_seen'] is None and e['product_name'] is None and e['product_group_name'] is None
               for e in result['endpoints'])
    assert 'products/' not in reads(server) and 'product-groups/' not in reads(server)


def test_module_macs_filtered_after_the_read(server, capsys):
    macs = [p['mac'] for p in server.phones[:12]] + ['0004139999ff']
    result = run_module(sraps_endpoint_info.main, dict(ARGS, macs=macs, not_seen_since='2026-12-02'), capsys)
    assert result['_rc'] == 0, result
    assert [e['mac'] for e in result['endpoints']] == [
        p['mac'] for p in server.phones[:12] if p['last_seen'] is None or p['last_seen'] < '2026-12-02']
    assert result['missing'] == ['0004139999ff']        # missing, not a phone the filters leave out
    assert server.count('GET', HERE + 'endpoints/') == 2    # more than ten MACs: the paged list


def test_module_bad_filter_fails_before_the_phones_are_read(server, capsys):
    result = run_module(sraps_endpoint_info.main, dict(ARGS, product='D7855'), capsys)
    assert result['_rc'] == 1
    assert "unknown product 'D7855'" in result['msg'] and 'D785' in result['msg']
    assert server.count('GET', HERE + 'endpoints/') == 0


# -------------------------------------------------------------------------------------- the log per phone
def entry(n, mac, event='endpoint_updated', ip=None):
    return {'uuid': '%032x' % n, 'timestamp': '2026-12-04T11:%02d:%02dZ' % (59 - n // 60, 59 - n % 60),
            'mac': mac, 'event': event, 'message': 'entry %d' % n, 'ip': ip}


A = '000413100001'
B = '000413100002'
C = '000413100003'


def serve_log(sraps, entries, size=4):
    """The company's log in pages of size, as the fake SRAPS serves it: newest first."""
    def answer(seen):
        page = int(seen.query.get('page', ['1'])[0])
        chunk = entries[(page - 1) * size:page * size]
        more = page * size < len(entries)
        return Reply(200, chunk, link_next(API_URL + HERE + 'logs/?page=%d' % (page + 1)) if more else {})
    sraps.route('GET', HERE + 'logs/', answer)


LOG = [entry(0, A, 'redirect_served', '192.0.2.1'), entry(1, B), entry(2, None, 'profile_updated'),
       entry(3, A), entry(4, B, 'redirect_served', '192.0.2.2'), entry(5, C), entry(6, A, 'redirect_served'),
       entry(7, B, 'redirect_served', '192.0.2.3'), entry(8, C), entry(9, C), entry(10, A), entry(11, B),
       entry(12, A, 'redirect_served', '192.0.2.9')]


def test_log_macs_stops_once_every_phone_has_its_entries_and_contact(fake_sraps_clients, capsys):
    serve_log(fake_sraps_clients, LOG)
    result = run_module(sraps_log_info.main, dict(ARGS, macs=['00:04:13:10:00:02', A], limit=2), capsys)
    assert result['_rc'] == 0, result
    b, a = result['phones']                                     # in the order given
    assert (b['mac'], b['last_contact'], b['last_contact_ip']) == (B, LOG[4]['timestamp'], '192.0.2.2')
    assert [e['uuid'] for e in b['entries']] == [LOG[1]['uuid'], LOG[4]['uuid']]
    assert (a['mac'], a['last_contact'], a['last_contact_ip']) == (A, LOG[0]['timestamp'], '192.0.2.1')
    assert [e['uuid'] for e in a['entries']] == [LOG[0]['uuid'], LOG[3]['uuid']]
    assert [e['uuid'] for e in result['logs']] == [LOG[n]['uuid'] for n in (0, 1, 3, 4)]
    # entry 4 (page 2) completes B: pages 3 and 4 are never read, and no request names a MAC
    logs = [r for r in fake_sraps_clients.requests if r.path.endswith('/logs/')]
    assert len(logs) == 2
    assert all('mac' not in r.query for r in logs)
    assert logs[0].query['page_size'] == ['1000']


def test_log_macs_reads_to_the_end_for_a_phone_without_contact(fake_sraps_clients, capsys):
    serve_log(fake_sraps_clients, LOG)
    result = run_module(sraps_log_info.main, dict(ARGS, macs=[C, A], limit=1, since='2026-12-01'), capsys)
    c, a = result['phones']
    assert (c['last_contact'], c['last_contact_ip']) == (None, None)
    assert [e['uuid'] for e in c['entries']] == [LOG[5]['uuid']]
    assert a['last_contact'] == LOG[0]['timestamp']
    logs = [r for r in fake_sraps_clients.requests if r.path.endswith('/logs/')]
    assert len(logs) == 4                                       # every page: C never called in
    assert logs[0].query['since'] == ['2026-12-01T00:00:00Z']


def test_log_macs_limit_zero_keeps_every_entry(fake_sraps_clients, capsys):
    serve_log(fake_sraps_clients, LOG)
    result = run_module(sraps_log_info.main, dict(ARGS, macs=[A], limit=0), capsys)
    (a,) = result['phones']
    assert [e['uuid'] for e in a['entries']] == [LOG[n]['uuid'] for n in (0, 3, 6, 10, 12)]
    assert a['last_contact'] == LOG[0]['timestamp']
    assert fake_sraps_clients.count('GET', HERE + 'logs/') == 4


def test_log_macs_other_event_waits_for_no_contact(fake_sraps_clients, capsys):
    updates = [e for e in LOG if e['event'] == 'endpoint_updated']
    serve_log(fake_sraps_clients, updates, size=2)
    result = run_module(sraps_log_info.main, dict(ARGS, macs=[A, C], limit=1, event='endpoint_updated'), capsys)
    assert [(p['mac'], p['last_contact'], len(p['entries'])) for p in result['phones']] == [(A, None, 1), (C, None, 1)]
    logs = [r for r in fake_sraps_clients.requests if r.path.endswith('/logs/')]
    assert len(logs) == 2                                       # A on page 1, C on page 2 of 4: then stop
    assert logs[0].query['event'] == ['endpoint_updated']


def test_log_macs_and_mac_exclude_each_other_and_bad_macs_are_named(fake_sraps_clients, capsys):
    serve_log(fake_sraps_clients, LOG)
    result = run_module(sraps_log_info.main, dict(ARGS, macs=[A], mac=A), capsys)
    assert result['_rc'] == 1 and 'mutually exclusive' in result['msg']
    result = run_module(sraps_log_info.main, dict(ARGS, macs=[A, '00:04:13', A.upper()]), capsys)
    assert result['_rc'] == 1
    assert 'item 2' in result['msg'] and 'item 3' in result['msg']
    assert fake_sraps_clients.count('GET', HERE + 'logs/') == 0


def test_log_without_macs_returns_no_phones(fake_sraps_clients, capsys):
    serve_log(fake_sraps_clients, LOG)
    result = run_module(sraps_log_info.main, dict(ARGS, limit=5), capsys)
    assert [e['uuid'] for e in result['logs']] == [e['uuid'] for e in LOG[:5]]
    assert 'phones' not in result


def test_module_all_companies_filters_the_phones_found(fake_sraps_clients, capsys):
    sraps = serve_company(fake_sraps_clients, SETTINGS, PRODUCT_GROUPS, PRODUCTS, PROFILES)
    other = 'b' * 32
    sraps.route('GET', 'companies/', Reply(200, [{'uuid': COMPANY_UUID, 'name': 'Bistro'},
                                                 {'uuid': other, 'name': 'Acme'}]))
    sraps.route('GET', HERE + 'endpoints/', Reply(200, PHONES[:3]))
    sraps.route('GET', 'companies/%s/endpoints/' % other, Reply(200, PHONES[3:]))
    sraps.route('GET', 'companies/%s/provisioning-profiles/' % other, Reply(200, PROFILES))
    macs = [p['mac'] for p in PHONES]
    result = run_module(sraps_endpoint_info.main, dict(ARGS, macs=macs, all_companies=True, product='D785'), capsys)
    assert result['_rc'] == 0, result
    assert [(e['mac'][-2:], e['company']['name'], e['product_name']) for e in result['endpoints']] == [
        ('02', 'Bistro', 'D785'), ('04', 'Acme', 'D785')]
    assert result['missing'] == []
