# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
import json

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_audit as audit_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_endpoints import Profiles

from .sraps_fakes import ADMIN_PASS, D_SERIES, LANGUAGE, M_SERIES, NTP, PRODUCTS, REALNAME, FakeClient

UTC = datetime.timezone.utc
STALE_BEFORE = datetime.datetime(2026, 11, 4, 12, 0, 0, tzinfo=UTC)
D785 = PRODUCTS[0]['uuid']
M900 = 'e0000000000000000000000000000002'
D385 = 'e0000000000000000000000000000003'
OFFICE = 'f0000000000000000000000000000001'
DECT = 'f0000000000000000000000000000002'
SPARE = 'f0000000000000000000000000000003'
COMPANY = {'uuid': 'c0000000000000000000000000000001', 'name': 'Acme'}


def entry(value, perm=''):
    return {'value': value, 'attrs': {'perm': perm}}


def phone(mac, profile=None, product=None, last_seen=None, name=''):
    return {'mac': mac, 'name': name, 'provisioning_profile': profile, 'product': product, 'last_seen': last_seen,
            'settings_manager': {}}


PROFILES = [
    {'uuid': OFFICE, 'name': 'Office', 'product_group': D_SERIES, 'settings_manager': {
        LANGUAGE: entry('Deutsch', 'RW'),            # as D785's default: redundant (for D785 and D385)
        NTP: entry('ntp.example.com'),               # D785 has another value
        ADMIN_PASS: entry('********'),               # read back masked on both sides: cannot be told
        REALNAME: [{'index': 1, 'value': 'Desk', 'attrs': {'perm': ''}}],
    }},
    {'uuid': DECT, 'name': 'DECT', 'product_group': M_SERIES, 'settings_manager': {LANGUAGE: entry('Deutsch', 'RW')}},
    {'uuid': SPARE, 'name': 'Spare', 'product_group': D_SERIES, 'settings_manager': {}},
]
DEFAULTS = [
    {'uuid': 'g1', 'product': D785, 'settings_manager': {
        LANGUAGE: entry('Deutsch', 'RW'), NTP: entry('pool.ntp.org'), ADMIN_PASS: entry('********'),
        REALNAME: [{'index': 1, 'value': 'Desk', 'attrs': {'perm': ''}}]}},
    {'uuid': 'g2', 'product': D385, 'settings_manager': {LANGUAGE: entry('Deutsch', 'RW')}},
    # The same value but another perm: the profile changes the perm, so it is not redundant.
    {'uuid': 'g3', 'product': M900, 'settings_manager': {LANGUAGE: entry('Deutsch', 'R')}},
]
PHONES = [
    phone('000413000001', OFFICE, D785, '2026-12-01T08:00:00Z', 'Reception'),   # healthy
    phone('000413000002', OFFICE),                                              # never seen
    phone('000413000003', OFFICE, D785, '2026-10-01T08:00:00Z'),                # stale
    phone('000413000004', None, D785, '2026-12-01T08:00:00Z'),                  # no profile
    phone('000413000005', OFFICE, M900, '2026-12-02T08:00:00Z'),                # wrong product
    phone('00041e000006', DECT, M900, '2026-12-02T08:00:00Z'),                  # foreign OUI
    phone('000413000007', None),                                                # never seen, no profile
]


def snapshot(phones=None, profiles=None, defaults=None):
    client = FakeClient(endpoints=PHONES if phones is None else phones, profiles=PROFILES if profiles is None else profiles)
    client.lists['products'] = PRODUCTS + [{'uuid': M900, 'name': 'M900', 'product_group': M_SERIES},
                                           {'uuid': D385, 'name': 'D385', 'product_group': D_SERIES}]
    return audit_mod.Snapshot(COMPANY, list(client.endpoints.values()), Profiles(client),
                              DEFAULTS if defaults is None else defaults, Catalogue(client))


def objects(result, kind):
    return [finding['object'] for finding in result['findings'][kind]]


def test_every_kind_finds_exactly_its_problems():
    result = audit_mod.audit(snapshot(), STALE_BEFORE)
    assert objects(result, 'never_seen') == ['000413000002', '000413000007']
    # A phone never seen is not stale as well.
    assert objects(result, 'stale') == ['000413000003']
    assert objects(result, 'no_profile') == ['000413000004', '000413000007']
    assert objects(result, 'wrong_product') == ['000413000005']
    assert objects(result, 'unused_profiles') == ['Spare']
    assert objects(result, 'foreign_oui') == ['00041e000006']
    assert [(f['profile'], f['setting'], f['product']) for f in result['findings']['redundant_settings']] == [
        ('Office', 'language', 'D385'), ('Office', 'language', 'D785'), ('Office', 'user_realname', 'D785')]
    assert result['counts'] == {'never_seen': 2, 'stale': 1, 'no_profile': 2, 'wrong_product': 1,
                                'unused_profiles': 1, 'redundant_settings': 3, 'foreign_oui': 1}
    assert (result['phones'], result['called_in'], result['profiles']) == (7, 5, 3)
    assert result['company'] == COMPANY and result['stale_before'] == '2026-11-04T12:00:00Z'


def test_findings_name_what_a_user_needs():
    result = audit_mod.audit(snapshot(), STALE_BEFORE)
    wrong = result['findings']['wrong_product'][0]
    assert (wrong['model'], wrong['profile'], wrong['product_group'], wrong['model_group']) == (
        'M900', 'Office', 'D-Series', 'M-Series')
    assert 'M900' in wrong['detail'] and "'Office'" in wrong['detail'] and 'D-Series' in wrong['detail']
    stale = result['findings']['stale'][0]
    assert stale['last_seen'] == '2026-10-01T08:00:00Z' and '2026-10-01T08:00:00Z' in stale['detail']
    assert result['findings']['never_seen'][0]['profile'] == 'Office'
    assert result['findings']['no_profile'][0]['model'] == 'D785'
    redundant = result['findings']['redundant_settings'][1]
    assert redundant['value'] == {'value': 'Deutsch', 'perm': 'RW'}
    assert result['findings']['unused_profiles'][0]['product_group'] == 'D-Series'


def test_a_password_is_compared_only_when_readable_and_is_never_shown():
    secret = 'adm1n-s3cret'
    profiles = [dict(PROFILES[0], settings_manager={ADMIN_PASS: entry(secret, 'R')})]
    defaults = [{'uuid': 'g1', 'product': D785, 'settings_manager': {ADMIN_PASS: entry(secret, 'R')}}]
    result = audit_mod.audit(snapshot(phones=[], profiles=profiles, defaults=defaults), STALE_BEFORE)
    assert [(f['setting'], f['value']) for f in result['findings']['redundant_settings']] == [
        ('admin_mode_password', {'value': '********', 'perm': 'R'})]
    assert secret not in json.dumps(result)


def test_checks_select_the_kinds_and_nothing_else_is_returned():
    result = audit_mod.audit(snapshot(), STALE_BEFORE, checks=['stale', 'foreign_oui'])
    assert result['checks'] == ['stale', 'foreign_oui']
    assert sorted(result['findings']) == ['foreign_oui', 'stale'] and sorted(result['counts']) == ['foreign_oui', 'stale']


def test_a_healthy_company_has_no_findings():
    phones = [phone('000413000001', OFFICE, D785, '2026-12-01T08:00:00Z')]
    profiles = [dict(PROFILES[0], settings_manager={NTP: entry('ntp.example.com')})]
    result = audit_mod.audit(snapshot(phones=phones, profiles=profiles), STALE_BEFORE)
    assert sum(result['counts'].values()) == 0 and result['called_in'] == 1


def test_read_lists_each_collection_once():
    client = FakeClient(endpoints=PHONES, profiles=PROFILES)
    client.lists['product_defaults'] = DEFAULTS
    client.company = lambda: COMPANY
    audit_mod.audit(audit_mod.read(client), STALE_BEFORE)
    reads = [call[1] for call in client.calls]
    assert sorted(set(reads)) == ['endpoints', 'product_defaults', 'product_groups', 'products', 'profiles',
                                  'settings']
    assert reads.count('endpoints') == 1 and reads.count('product_defaults') == 1
