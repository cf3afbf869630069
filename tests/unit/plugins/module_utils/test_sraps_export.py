# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The export: names, settings in the book's words, secrets as vault references, CSV or YAML, a deterministic book,
and a folder written atomically or not at all."""

from __future__ import annotations

import os
import re

import pytest
import yaml

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_export as export_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsApiError, SrapsInputError

from .sraps_fakes import (ADMIN_PASS, D_SERIES, LANGUAGE, M_SERIES, NTP, REALNAME, SERVER_GLOBAL, SERVER_PHONE,
                          USER_PASS, FakeClient)

OWN = 'c0000000000000000000000000000000'
ACME = 'c0000000000000000000000000000001'
ACME_2 = 'c0000000000000000000000000000002'
BETA = 'c0000000000000000000000000000003'
DESK = 'f0000000000000000000000000000001'
MASK = '********'


def one(value, perm=''):
    return {'value': value, 'attrs': {'perm': perm}}


class Account(FakeClient):
    """A reseller's account: its own company, its customers and what each holds, read by company."""

    def __init__(self, companies, holdings):
        super(Account, self).__init__()
        self.lists['companies'] = companies
        self.holdings = holdings

    def resolve_company(self, company):
        return OWN

    def list(self, resource, company=None, **params):
        self.calls.append(('list', resource))
        if company is not None:
            return list(self.holdings.get(company, {}).get(resource, []))
        return self.lists[resource]


def company(uuid, name, country='DE', city='Berlin'):
    return {'uuid': uuid, 'name': name, 'type': 'end_user', 'parent': OWN, 'country': country, 'city': city,
            'links': {}}


def phone(mac, profile=DESK, settings=None, name='Desk', warranty=3):
    return {'uuid': 'u' + mac, 'mac': mac, 'name': name, 'provisioning_profile': profile,
            'autoprovisioning_enabled': True, 'warranty_exp_warning_period': warranty, 'product': None,
            'last_seen': '2026-11-01T08:15:00Z', 'links': {}, 'settings_manager': settings or {}}


def account(phones=None, profile_settings=None, reverse=False):
    companies = [company(OWN, 'Reseller'), company(ACME, 'Acme GmbH'), company(ACME_2, 'ACME-GmbH', city=''),
                 company(BETA, 'Beta')]
    desk = {'uuid': DESK, 'name': 'Desk', 'product_group': D_SERIES, 'autoprovisioning_enabled': True,
            'settings_manager': profile_settings if profile_settings is not None else {
                SERVER_PHONE: one('https://pbx.example.com/{mac}'), SERVER_GLOBAL: one('https://legacy.example.com/'),
                LANGUAGE: one('Deutsch', 'RW'), ADMIN_PASS: one(MASK, 'R')}, 'links': {}}
    holdings = {ACME: {'profiles': [desk], 'endpoints': phones if phones is not None else [
        phone('000413000002', settings={REALNAME: [{'index': 1, 'value': 'Bob', 'attrs': {'perm': ''}}]}),
        phone('000413000001', profile=None, name='', warranty=None)],
        'users': [{'uuid': 'u2', 'email': 'zoe@acme.example', 'first_name': 'Zoe', 'last_name': '', 'role': 'viewer',
                   'language': 'en', 'is_active': False},
                  {'uuid': 'u1', 'email': 'Al@acme.example', 'first_name': 'Al', 'last_name': 'Smith',
                   'role': 'admin', 'language': 'de', 'is_active': True}],
        'product_defaults': [{'uuid': 'p1', 'product': 'e0000000000000000000000000000001',
                              'settings_manager': {NTP: one('ntp.example.com')}}]}}
    if reverse:
        companies.reverse()
        for held in holdings.values():
            for items in held.values():
                items.reverse()
    return Account(companies, holdings)


class Loader(yaml.SafeLoader):
    """Reads !unsafe as Ansible does (a string not to template)."""


Loader.add_constructor('!unsafe', lambda loader, node: ('unsafe', loader.construct_scalar(node)))


def load(text):
    return yaml.load(text, Loader=Loader)  # noqa: S506 (a SafeLoader)


# ------------------------------------------------------------------ names
def test_slugs_are_ascii_lowercase_words():
    assert export_mod.slug('Müller & Söhne GmbH') == 'muller_sohne_gmbh'
    assert export_mod.slug('  Praxis Dr. Weiß (Kiel) ') == 'praxis_dr_wei_kiel'
    assert export_mod.slug('株式会社') == ''


def test_clashing_slugs_get_a_deterministic_suffix():
    companies = [company(ACME, 'Acme GmbH'), company(ACME_2, 'ACME-GmbH'), company(BETA, '株式会社')]
    hosts = export_mod.host_names(companies)
    assert hosts == export_mod.host_names(list(reversed(companies)))
    # 'ACME-GmbH' sorts before 'Acme GmbH': it keeps the slug, the other gets its uuid's first digits.
    assert hosts == {ACME_2: 'acme_gmbh', ACME: 'acme_gmbh_c0000000', BETA: 'customer_c0000000'}


def test_a_param_name_two_entries_share_is_named_by_section_where_the_group_does_not_decide():
    cat = export_mod.Catalogue(FakeClient())
    phone_entry, global_entry = cat.setting(SERVER_PHONE), cat.setting(SERVER_GLOBAL)
    for group in (D_SERIES, M_SERIES, None):
        assert export_mod.setting_label(phone_entry, cat, group) == 'setting_server'
        assert export_mod.setting_label(global_entry, cat, group) == 'global:setting_server'
    assert export_mod.setting_label(cat.setting(LANGUAGE), cat, D_SERIES) == 'language'
    settings = export_mod.export_settings({'ffffffffffffffffffffffffffffffff': one('x'), LANGUAGE: one('Deutsch', 'RW'),
                                           REALNAME: [{'index': 2, 'value': 'B'}, {'index': 1, 'value': 'A'}]},
                                          cat, D_SERIES, secret=None)
    assert settings == {'ffffffffffffffffffffffffffffffff': 'x', 'language': {'value': 'Deutsch', 'perm': 'RW'},
                        'user_realname': {1: 'A', 2: 'B'}}
    assert list(settings['user_realname']) == [1, 2]


# ------------------------------------------------------------------ the book
def test_passwords_become_vault_references_listed_with_what_they_are():
    phones = [phone('000413000003', settings={USER_PASS: [{'index': 2, 'value': MASK, 'attrs': {'perm': ''}},
                                                          {'index': 1, 'value': '', 'attrs': {'perm': ''}}]})]
    files, customers, count = export_mod.book_files(account(phones=phones), {ACME})
    host = 'acme_gmbh_c0000000'
    customer = load(files['host_vars/%s/customer.yml' % host])
    desk = customer['onboard_customer_profiles'][0]['settings']
    assert desk['admin_mode_password'] == {'value': '{{ vault_sraps_%s_profile_desk_admin_mode_password }}' % host,
                                           'perm': 'R'}
    listed = load(files['host_vars/%s/phones.yml' % host])['sraps_customer_phones'][0]['settings']['user_pass']
    # An empty password is no secret: it stays empty; a stored one is a reference per index.
    assert listed == {1: '', 2: '{{ vault_sraps_%s_phone_000413000003_user_pass_2 }}' % host}
    secrets = load(files['secrets-to-fill.yml'])['secrets_to_fill']
    assert count == 2 and [s['variable'] for s in secrets] == customer['sraps_customer_secrets']
    assert secrets[1] == {'variable': 'vault_sraps_%s_phone_000413000003_user_pass_2' % host, 'customer': 'Acme GmbH',
                          'host': host, 'object': 'phone 000413000003', 'setting': 'user_pass[2]',
                          'what': 'User Pass (section phone-settings, password)'}
    for item in secrets:
        assert re.match(r'^vault_sraps_[a-z0-9_]+$', item['variable'])
    assert not any(MASK in text for text in files.values())
    assert customers == [dict(host=host, name='Acme GmbH', uuid=ACME, phones=1, profiles=1, users=2,
                              product_defaults=1)]


def test_phones_that_fit_a_csv_are_a_csv_others_yaml():
    files, dummy, dummy = export_mod.book_files(account(), {ACME})
    host = 'acme_gmbh_c0000000'
    assert 'host_vars/%s/phones.yml' % host not in files
    assert files['host_vars/%s/phones.csv' % host] == (
        'mac,name,profile,autoprovisioning,warranty_warning_months,user_realname[1]\n'
        '000413000001,,,true,-1,\n'
        '000413000002,Desk,Desk,true,3,Bob\n')
    for settings in ({REALNAME: [{'index': 1, 'value': 'Bob', 'attrs': {'perm': 'R'}}]},   # a perm
                     {NTP: one('')},                                                       # an empty value
                     {NTP: one(' padded')},                                               # blanks a cell loses
                     {NTP: one('{{ lookup("pipe", "id") }}')}):                           # text Ansible templates
        files, dummy, dummy = export_mod.book_files(account(phones=[phone('000413000009', settings=settings)]), {ACME})
        assert 'host_vars/%s/phones.csv' % host not in files
        loaded = load(files['host_vars/%s/phones.yml' % host])['sraps_customer_phones']
        assert loaded[0]['mac'] == '000413000009' and loaded[0]['profile'] == 'Desk'
    assert loaded[0]['settings'] == {'ntp_server': ('unsafe', '{{ lookup("pipe", "id") }}')}


def test_the_book_is_deterministic_and_names_the_customers_variables():
    files, dummy, dummy = export_mod.book_files(account())
    again, dummy, dummy = export_mod.book_files(account(reverse=True))
    assert files == again
    assert sorted(files) == ['group_vars/sraps_customers/connection.yml', 'host_vars/acme_gmbh/customer.yml',
                             'host_vars/acme_gmbh_c0000000/customer.yml', 'host_vars/acme_gmbh_c0000000/phones.csv',
                             'host_vars/beta/customer.yml', 'hosts.yml', 'secrets-to-fill.yml']
    assert load(files['hosts.yml']) == {'sraps_customers': {'hosts': {
        'acme_gmbh': {'sraps_customer_name': 'ACME-GmbH', 'sraps_customer_uuid': ACME_2},
        'acme_gmbh_c0000000': {'sraps_customer_name': 'Acme GmbH', 'sraps_customer_uuid': ACME},
        'beta': {'sraps_customer_name': 'Beta', 'sraps_customer_uuid': BETA}}}}
    customer = load(files['host_vars/acme_gmbh_c0000000/customer.yml'])
    assert list(customer) == ['onboard_customer_company', 'onboard_customer_users', 'onboard_customer_profiles',
                              'onboard_customer_product_defaults', 'sraps_customer_secrets']
    assert customer['onboard_customer_company'] == {'name': 'Acme GmbH', 'country': 'DE', 'city': 'Berlin'}
    assert [u['email'] for u in customer['onboard_customer_users']] == ['Al@acme.example', 'zoe@acme.example']
    assert customer['onboard_customer_users'][1] == {'email': 'zoe@acme.example', 'first_name': 'Zoe', 'last_name': '',
                                                     'role': 'viewer', 'language': 'en', 'active': False}
    assert customer['onboard_customer_profiles'][0]['settings'] == {
        'admin_mode_password': {'value': '{{ vault_sraps_acme_gmbh_c0000000_profile_desk_admin_mode_password }}',
                                'perm': 'R'},
        'global:setting_server': 'https://legacy.example.com/',
        'language': {'value': 'Deutsch', 'perm': 'RW'},
        'setting_server': 'https://pbx.example.com/{mac}'}
    assert customer['onboard_customer_product_defaults'] == [{'product': 'D785',
                                                              'settings': {'ntp_server': 'ntp.example.com'}}]
    connection = load(files['group_vars/sraps_customers/connection.yml'])
    assert connection['sraps_access_key_secret'] == "{{ lookup('ansible.builtin.env', 'SRAPS_ACCESS_KEY_SECRET') }}"


def test_list_reads_only():
    client = account()
    export_mod.book_files(client)
    assert all(call[0] in ('list', 'cached_list') for call in client.calls)


def test_yaml_strings_read_back_as_written():
    values = ['on', 'Yes', 'null', '', '0123', '12:30', '1e3', 'a: b', "it's", 'trailing ', '- x', '#x', 'x\ny', 'Ä\u00e9',
              'https://pbx.example.com/{mac}', '{{ x }}', '@home', '!tag', '*', 'true', '~', '1.5']
    data = {'values': values, 'keys': dict((v or 'empty', 1) for v in values), 'index': {1: 'a', 12: 'b'}}
    loaded = load(export_mod.to_yaml(export_mod._guarded(data)))  # pylint: disable=protected-access
    assert loaded['values'][:15] == values[:15] and loaded['values'][15] == ('unsafe', '{{ x }}')
    assert loaded['values'][16:] == values[16:]
    assert loaded['index'] == {1: 'a', 12: 'b'}


def test_unknown_companies_are_named_with_those_the_key_sees():
    with pytest.raises(SrapsInputError) as err:
        export_mod.select_companies(account(), ['acme gmbh', 'Nobody', 'Reseller'])
    assert str(err.value) == (
        "unknown company: 'Nobody', 'Reseller' ('Reseller' is the access key's own company; the export covers the "
        "companies below it). The companies below the access key's own company are: ACME-GmbH, Acme GmbH, Beta. "
        "Check the names in companies (or give uuids); nothing was written")
    assert export_mod.select_companies(account(), ['acme gmbh', BETA]) == {ACME, BETA}


def test_names_that_differ_only_in_case_are_refused():
    client = account()
    client.lists['companies'].append(company('c0000000000000000000000000000009', 'beta'))
    with pytest.raises(SrapsInputError, match="the company name 'beta' .* more than once"):
        export_mod.book_files(client)


# ------------------------------------------------------------------ writing
def tree(folder):
    out = {}
    for root, dummy, names in os.walk(folder):
        for name in names:
            with open(os.path.join(root, name), 'rb') as handle:
                out[os.path.relpath(os.path.join(root, name), folder)] = handle.read()
    return out


def test_a_folder_that_holds_files_is_refused_unless_replace(tmp_path):
    dest = tmp_path / 'book'
    first = export_mod.export(account(), str(dest))
    assert first['changed'] and sorted(tree(dest)) == first['files']
    before = tree(dest)
    with pytest.raises(SrapsInputError, match='is not empty .* set replace to true'):
        export_mod.export(account(), str(dest))
    assert tree(dest) == before and os.listdir(tmp_path) == ['book']
    assert export_mod.export(account(), str(dest), replace=True)['changed'] is False
    # replace: the export's files are replaced, hidden entries and the vault file kept.
    (dest / '.git').mkdir()
    (dest / '.git' / 'HEAD').write_text('ref: refs/heads/main\n')
    (dest / 'group_vars' / 'sraps_customers' / 'vault.yml').write_text('---\nvault_sraps_x: 1\n')
    (dest / 'stray.yml').write_text('---\n')
    result = export_mod.export(account(), str(dest), companies=['Beta'], replace=True)
    assert result['changed'] and os.listdir(tmp_path) == ['book']
    assert sorted(f for f in tree(dest) if not f.startswith('.git')) == sorted(
        result['files'] + ['group_vars/sraps_customers/vault.yml'])
    assert (dest / '.git' / 'HEAD').read_text() == 'ref: refs/heads/main\n'


def test_check_mode_writes_nothing_and_says_whether_it_would(tmp_path):
    dest = tmp_path / 'book'
    assert export_mod.export(account(), str(dest), check_mode=True)['changed'] is True
    assert not dest.exists()
    export_mod.export(account(), str(dest))
    assert export_mod.export(account(), str(dest), replace=True, check_mode=True)['changed'] is False


@pytest.mark.skipif(os.geteuid() == 0, reason='root writes to any folder')
def test_a_folder_that_cannot_be_written_is_one_error(tmp_path):
    locked = tmp_path / 'locked'
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(SrapsInputError, match='cannot write the book beside .*Nothing was written'):
            export_mod.export(account(), str(locked / 'book'))
        assert os.listdir(locked) == []
    finally:
        locked.chmod(0o700)


def test_dest_that_is_a_file_is_refused(tmp_path):
    (tmp_path / 'book').write_text('x')
    with pytest.raises(SrapsInputError, match='is a file, not a folder'):
        export_mod.export(account(), str(tmp_path / 'book'))


def test_a_dest_below_a_file_is_one_error_and_nothing_is_written(tmp_path):
    (tmp_path / 'notes').write_text('x')
    with pytest.raises(SrapsInputError, match='cannot write the book beside .*Choose a dest in a folder you may write '
                                              'to.*Nothing was written'):
        export_mod.export(account(), str(tmp_path / 'notes' / 'book'))
    assert os.listdir(tmp_path) == ['notes']


def test_a_read_that_fails_says_nothing_was_written(tmp_path):
    client = account()

    def refused(resource, company=None, **params):
        raise SrapsApiError('GET /api/v1/companies/x/endpoints/ failed with HTTP 403: the access key may not read '
                            'this company', method='GET', path='/api/v1/companies/x/endpoints/', status=403)
    client.list = refused
    with pytest.raises(SrapsApiError) as err:
        export_mod.export(client, str(tmp_path / 'book'))
    assert err.value.status == 403 and err.value.msg.endswith('. Nothing was written to %s' % (tmp_path / 'book'))
    assert os.listdir(tmp_path) == []
