# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The inventory plugin sraps.provisioning.sraps against the fake SRAPS: hosts named as the export names them,
groups, host variables and counts, the constructed options, the cache, credentials from the environment and
errors that never hold the secret."""

from __future__ import annotations

import os

import pytest
import yaml

from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader
from ansible.template import Templar

try:
    from ansible.template import trust_as_template
except ImportError:  # ansible-core before 2.19 templates every string
    def trust_as_template(text):
        return text

from ansible_collections.sraps.provisioning.plugins.inventory import sraps as plugin_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsClient
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_export import host_names
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import ENV_FALLBACKS
from ansible_collections.sraps.provisioning.tests.unit.conftest import mount_fake
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import API_URL, KEY_ID, SECRET, Reply

OWN = '57320fd33bf05c779c1407a1ed7a7eb4'
NORTH = 'c0000000000000000000000000000005'
OTHER_KEY = 'ck_' + '11111111111111111111111111111111'


def company(uuid, name, parent=OWN, kind='end_user', country='DE', city='Berlin'):
    return {'uuid': uuid, 'name': name, 'type': kind, 'parent': parent, 'country': country, 'city': city,
            'links': {'self': API_URL + 'companies/' + uuid}}


COMPANIES = [
    company(OWN, 'Demo Reseller', parent=None, kind='reseller', city='Hamburg'),
    company('c0000000000000000000000000000001', 'Acme Dental'),
    company('c0000000000000000000000000000002', 'Clinic Süd', country='AT', city='Wien'),
    company('c0000000000000000000000000000003', 'Delta-Logistics', country='NL', city='Rotterdam'),
    company('c0000000000000000000000000000004', 'Delta Logistics', country='NL', city='Utrecht'),
    company(NORTH, 'North Partners', kind='reseller', country='DK', city='Aarhus'),
    company('c0000000000000000000000000000006', 'Fjord Fisk', parent=NORTH, country='NO', city='Bergen'),
]
# uuid: (phones, profiles, users), each different, so that a count read from another company shows.
HOLDINGS = {
    'c0000000000000000000000000000001': (3, 2, 1),
    'c0000000000000000000000000000002': (0, 0, 4),
    'c0000000000000000000000000000003': (1, 1, 0),
    'c0000000000000000000000000000004': (2, 0, 0),
    NORTH: (0, 0, 0),
    'c0000000000000000000000000000006': (5, 1, 2),
}
CUSTOMERS = len(COMPANIES) - 1


@pytest.fixture
def sraps_account(sraps, monkeypatch):
    """The fake SRAPS serving a reseller's account; every SrapsClient built in the test talks to it."""
    original = SrapsClient.__init__

    def init(self, *args, **kwargs):
        kwargs.setdefault('sleep', sraps.clock.sleep)
        kwargs.setdefault('clock', sraps.clock.time)
        original(self, *args, **kwargs)
        mount_fake(self, sraps)

    monkeypatch.setattr(SrapsClient, '__init__', init)
    sraps.route('GET', 'tokens/%s' % KEY_ID, Reply(200, {'id': KEY_ID, 'role': 'admin', 'links': {
        'self': API_URL + 'tokens/' + KEY_ID, 'company': API_URL + 'companies/' + OWN}}))
    sraps.route('GET', 'companies/', Reply(200, COMPANIES))
    for uuid, (phones, profiles, users) in HOLDINGS.items():
        base = 'companies/%s/' % uuid
        sraps.route('GET', base + 'endpoints/', Reply(200, [{'mac': '000413%06d' % n} for n in range(phones)]))
        sraps.route('GET', base + 'provisioning-profiles/', Reply(200, [{'uuid': '%032d' % n} for n in range(profiles)]))
        sraps.route('GET', base + 'users/', Reply(200, [{'uuid': '%032d' % n} for n in range(users)]))
    return sraps


@pytest.fixture
def environment(monkeypatch):
    """The connection as the AWX credential type injects it: the SRAPS_* environment variables only."""
    for variable in ENV_FALLBACKS.values():
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv('SRAPS_API_URL', API_URL)
    monkeypatch.setenv('SRAPS_ACCESS_KEY_ID', KEY_ID)
    monkeypatch.setenv('SRAPS_ACCESS_KEY_SECRET', SECRET)
    monkeypatch.setenv('SRAPS_COMPANY', '')
    monkeypatch.setenv('SRAPS_VALIDATE_CERTS', 'true')
    monkeypatch.setenv('SRAPS_CA_PATH', '')


@pytest.fixture
def load(tmp_path, environment):  # pylint: disable=unused-argument,redefined-outer-name
    """load(options, name='sraps.yml', cache=True): the inventory an inventory file with options gives."""
    def run(options=None, name='sraps.yml', cache=True):
        path = tmp_path / name
        path.write_text(yaml.safe_dump(dict({'plugin': 'sraps.provisioning.sraps', 'parallel': 1}, **(options or {}))))
        plugin = inventory_loader.get('sraps.provisioning.sraps')
        inventory = InventoryData()
        assert plugin.verify_file(str(path))
        plugin.parse(inventory, DataLoader(), str(path), cache=cache)
        # What ansible-inventory does after a parse: write what the plugin cached to the cache plugin.
        if getattr(plugin, '_cache', None):
            plugin.update_cache_if_changed()
        return inventory
    return run


def members(inventory, group):
    return sorted(host.name for host in inventory.groups[group].get_hosts())


def host_vars(inventory, host):
    """The variables the plugin set on the host."""
    return dict((k, v) for k, v in inventory.get_host(host).vars.items() if not k.startswith('inventory_'))


def test_the_customers_are_hosts_named_as_the_export_names_them(sraps_account, load):
    inventory = load()
    below = [c for c in COMPANIES if c['uuid'] != OWN]
    names = host_names(below)
    assert sorted(names.values()) == ['acme_dental', 'clinic_sud', 'delta_logistics', 'delta_logistics_c0000000',
                                      'fjord_fisk', 'north_partners']
    assert members(inventory, 'sraps_customers') == sorted(names.values())
    for customer in below:
        variables = host_vars(inventory, names[customer['uuid']])
        assert variables['sraps_customer_name'] == customer['name']
        assert variables['sraps_customer_uuid'] == customer['uuid']
    # The key's own company is no host: the export does not export it either.
    assert 'demo_reseller' not in inventory.hosts
    assert all(host_vars(inventory, h)['sraps_customer_uuid'] != OWN for h in inventory.hosts)


def test_each_customer_is_in_its_parent_resellers_group(sraps_account, load):
    inventory = load()
    assert members(inventory, 'reseller_demo_reseller') == [
        'acme_dental', 'clinic_sud', 'delta_logistics', 'delta_logistics_c0000000', 'north_partners']
    assert members(inventory, 'reseller_north_partners') == ['fjord_fisk']
    assert host_vars(inventory, 'fjord_fisk')['sraps_parent_name'] == 'North Partners'
    assert host_vars(inventory, 'fjord_fisk')['sraps_parent_uuid'] == NORTH
    assert members(load({'reseller_group_prefix': 'partner_'}), 'partner_north_partners') == ['fjord_fisk']


def test_host_variables_are_the_companys_and_the_counts_of_its_collections(sraps_account, load):
    inventory = load()
    assert host_vars(inventory, 'clinic_sud') == {
        'sraps_customer_name': 'Clinic Süd', 'sraps_customer_uuid': 'c0000000000000000000000000000002',
        'sraps_company_type': 'end_user', 'sraps_parent_name': 'Demo Reseller', 'sraps_parent_uuid': OWN,
        'sraps_country': 'AT', 'sraps_city': 'Wien', 'sraps_phone_count': 0, 'sraps_profile_count': 0,
        'sraps_user_count': 4}
    names = host_names([c for c in COMPANIES if c['uuid'] != OWN])
    for uuid, (phones, profiles, users) in HOLDINGS.items():
        variables = host_vars(inventory, names[uuid])
        assert (variables['sraps_phone_count'], variables['sraps_profile_count'], variables['sraps_user_count']) \
            == (phones, profiles, users)
    assert host_vars(inventory, 'north_partners')['sraps_company_type'] == 'reseller'


def test_requests_are_the_key_the_companies_and_three_lists_per_customer(sraps_account, load):
    load()
    assert sraps_account.count() == 2 + 3 * CUSTOMERS
    assert sraps_account.count('GET', 'companies/') == 1
    assert all(r.method == 'GET' for r in sraps_account.requests)
    # Nothing is read of the key's own company beyond the list: it is no host.
    assert not [r for r in sraps_account.requests if r.path.startswith('/api/v1/companies/%s/' % OWN)]
    # Each list is read at the largest page size, in one request.
    assert all(r.query.get('page_size') == ['1000'] for r in sraps_account.requests if r.path.endswith('/'))


def test_without_counts_two_requests_and_no_count_variables(sraps_account, load):
    inventory = load({'counts': False})
    assert sraps_account.count() == 2
    assert 'sraps_phone_count' not in host_vars(inventory, 'acme_dental')
    assert members(inventory, 'sraps_customers') == sorted(
        host_names([c for c in COMPANIES if c['uuid'] != OWN]).values())


def test_counts_in_parallel_are_the_same(sraps_account, load):
    inventory = load({'parallel': 4})
    assert host_vars(inventory, 'fjord_fisk')['sraps_phone_count'] == 5
    assert host_vars(inventory, 'acme_dental')['sraps_profile_count'] == 2
    assert sraps_account.count() == 2 + 3 * CUSTOMERS


def test_the_own_company_on_request_is_a_host_outside_sraps_customers(sraps_account, load):
    own = 'companies/%s/' % OWN
    sraps_account.route('GET', own + 'endpoints/', Reply(200, [{'mac': '000413ffff%02d' % n} for n in range(7)]))
    sraps_account.route('GET', own + 'provisioning-profiles/', Reply(200, []))
    sraps_account.route('GET', own + 'users/', Reply(200, [{'uuid': OWN}]))
    inventory = load({'own_company': True})
    assert members(inventory, 'sraps_own_company') == ['demo_reseller']
    assert 'demo_reseller' not in members(inventory, 'sraps_customers')
    variables = host_vars(inventory, 'demo_reseller')
    assert variables['sraps_customer_uuid'] == OWN
    assert variables['sraps_parent_name'] is None
    assert (variables['sraps_phone_count'], variables['sraps_profile_count'], variables['sraps_user_count']) == (7, 0, 1)
    # The customers keep the names they have without it.
    assert members(inventory, 'sraps_customers') == members(load(), 'sraps_customers')


def test_the_own_company_missing_from_the_list_is_read_by_itself(sraps_account, load):
    sraps_account.route('GET', 'companies/', Reply(200, COMPANIES[1:]))
    sraps_account.route('GET', 'companies/%s' % OWN, Reply(200, COMPANIES[0]))
    inventory = load({'counts': False})
    assert members(inventory, 'reseller_demo_reseller')[0] == 'acme_dental'
    assert host_vars(inventory, 'acme_dental')['sraps_parent_name'] == 'Demo Reseller'


def test_compose_groups_and_keyed_groups(sraps_account, load):
    inventory = load({
        'compose': {'sraps_location': "sraps_city ~ ', ' ~ sraps_country"},
        'groups': {'with_phones': 'sraps_phone_count > 0'},
        'keyed_groups': [{'key': 'sraps_country | lower', 'prefix': 'country'},
                         {'key': 'sraps_company_type', 'prefix': 'type'}],
    })
    assert host_vars(inventory, 'fjord_fisk')['sraps_location'] == 'Bergen, NO'
    assert members(inventory, 'country_nl') == ['delta_logistics', 'delta_logistics_c0000000']
    assert members(inventory, 'type_reseller') == ['north_partners']
    assert members(inventory, 'with_phones') == ['acme_dental', 'delta_logistics', 'delta_logistics_c0000000',
                                                 'fjord_fisk']


def test_strict_fails_on_an_undefined_variable(sraps_account, load):
    with pytest.raises(AnsibleParserError):
        load({'counts': False, 'strict': True, 'groups': {'big': 'sraps_phone_count > 10'}})
    inventory = load({'counts': False, 'strict': False, 'groups': {'big': 'sraps_phone_count > 10'}})
    assert 'big' not in inventory.groups or members(inventory, 'big') == []


def test_a_company_name_is_data_never_a_template(sraps_account, load):
    sraps_account.route('GET', 'companies/', Reply(200, COMPANIES + [
        company('c0000000000000000000000000000007', "Evil {{ lookup('env', 'HOME') }}")]))
    inventory = load({'counts': False})
    variables = host_vars(inventory, 'evil_lookup_env_home')
    assert variables['sraps_customer_name'] == "Evil {{ lookup('env', 'HOME') }}"
    templar = Templar(loader=DataLoader(), variables=variables)
    assert templar.template(trust_as_template('{{ sraps_customer_name }}')) == "Evil {{ lookup('env', 'HOME') }}"


def test_the_cache_answers_without_a_request(sraps_account, load, tmp_path):
    cache = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(tmp_path / 'cache')}
    first = load(cache)
    assert sraps_account.count() == 2 + 3 * CUSTOMERS
    second = load(cache)
    assert sraps_account.count() == 2 + 3 * CUSTOMERS, 'a cached inventory made requests'
    assert members(second, 'sraps_customers') == members(first, 'sraps_customers')
    assert host_vars(second, 'fjord_fisk') == host_vars(first, 'fjord_fisk')
    # ansible-inventory --flush-cache: read again.
    load(cache, cache=False)
    assert sraps_account.count() == 2 * (2 + 3 * CUSTOMERS)
    # The cache holds no secret.
    for name in os.listdir(str(tmp_path / 'cache')):
        assert SECRET not in (tmp_path / 'cache' / name).read_text()


def test_another_key_or_counts_setting_never_reads_the_cache_of_another(sraps_account, load, tmp_path, monkeypatch):
    cache = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile', 'cache_connection': str(tmp_path / 'cache')}
    load(dict(cache, counts=False))
    assert sraps_account.count() == 2
    inventory = load(cache)
    assert sraps_account.count() == 2 + 2 + 3 * CUSTOMERS
    assert host_vars(inventory, 'acme_dental')['sraps_phone_count'] == 3
    # Another key (of the same company here) with the same inventory file reads SRAPS itself.
    monkeypatch.setenv('SRAPS_ACCESS_KEY_ID', OTHER_KEY)
    sraps_account.credentials['id'] = OTHER_KEY
    sraps_account.route('GET', 'tokens/%s' % OTHER_KEY, Reply(200, {'links': {'company': API_URL + 'companies/' + OWN}}))
    before = sraps_account.count()
    load(cache)
    assert sraps_account.count('GET', 'tokens/%s' % OTHER_KEY) == 1
    assert sraps_account.count() == before + 2 + 3 * CUSTOMERS


def test_a_wrong_secret_fails_clearly_without_the_secret(sraps_account, load):
    # The server's answer even echoes the secret: the client masks it.
    sraps_account.route('GET', 'tokens/%s' % KEY_ID, Reply(401, {'detail': 'Hawk authentication failed for %s'
                                                                           % SECRET}))
    with pytest.raises(AnsibleParserError) as failure:
        load()
    message = str(failure.value)
    assert SECRET not in message
    assert 'could not read the companies of access key %s' % KEY_ID in message
    assert 'HTTP 401' in message and 'check access_key_id and access_key_secret' in message
    assert 'SRAPS_ACCESS_KEY_SECRET' in message


def test_a_missing_key_names_the_environment_variables(sraps_account, load, monkeypatch):
    monkeypatch.delenv('SRAPS_ACCESS_KEY_SECRET')
    with pytest.raises(AnsibleParserError) as failure:
        load()
    assert 'set access_key_secret in the inventory file, or the environment variable SRAPS_ACCESS_KEY_SECRET' \
        in str(failure.value)
    assert sraps_account.count() == 0


def test_options_in_the_file_win_over_the_environment(sraps_account, load, monkeypatch):
    monkeypatch.setenv('SRAPS_ACCESS_KEY_SECRET', 'not-the-secret')
    monkeypatch.setenv('SRAPS_API_URL', 'https://elsewhere.test/api/v1/')
    inventory = load({'api_url': API_URL, 'access_key_secret': SECRET, 'counts': False})
    assert 'acme_dental' in inventory.hosts


def test_an_empty_ca_path_from_the_credential_means_the_systems_cas(sraps_account, load):
    load({'counts': False})
    assert sraps_account.sends[0]['verify'] is True


def test_verify_file_takes_files_ending_in_sraps_yml_or_yaml(tmp_path):
    plugin = inventory_loader.get('sraps.provisioning.sraps')
    for name, taken in (('sraps.yml', True), ('book.sraps.yaml', True), ('prod_sraps.yml', True),
                        ('hosts.yml', False), ('sraps.json', False)):
        path = tmp_path / name
        path.write_text('plugin: sraps.provisioning.sraps\n')
        assert plugin.verify_file(str(path)) is taken, name


def test_the_documented_environment_variables_are_the_modules():
    doc = yaml.safe_load(plugin_mod.DOCUMENTATION)
    for option, spec in doc['options'].items():
        if option in ENV_FALLBACKS:
            assert [e['name'] for e in spec['env']] == [ENV_FALLBACKS[option]], option
    assert set(o for o in doc['options'] if 'env' in doc['options'][o]) == set(ENV_FALLBACKS) - set(
        ['company', 'masked_secrets'])


def test_a_customer_named_like_the_own_company_keeps_its_name(sraps_account, load):
    twin = company('c0000000000000000000000000000009', 'Demo-Reseller')
    sraps_account.route('GET', 'companies/', Reply(200, COMPANIES + [twin]))
    inventory = load({'own_company': True, 'counts': False})
    assert host_vars(inventory, 'demo_reseller')['sraps_customer_uuid'] == twin['uuid']
    assert members(inventory, 'sraps_own_company') == ['demo_reseller_%s' % OWN[:8]]
