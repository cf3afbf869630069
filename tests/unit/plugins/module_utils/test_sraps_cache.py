# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The file cache (cache_ttl): keyed by API URL and key, never shared, TTL, safe files; the catalogues
shared by default, the company lookups only with a positive cache_ttl; a name missing from a cached
catalogue read afresh once."""

from __future__ import annotations

import concurrent.futures
import json
import os
import stat

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_account import DEFAULT_CATALOGUE_TTL
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_cache import FileCache, default_directory
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsError, SrapsInputError
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import (
    API_URL, COMPANY_UUID, KEY_ID, SECRET, Reply, link_next)

OTHER_KEY_ID = 'ck_' + '9' * 32
OTHER_SECRET = '8' * 32
SETTINGS = [{'uuid': '1' * 32, 'param_name': 'language', 'section': 'phone-settings', 'product_groups': []}]


class Clock(object):
    def __init__(self, now=1800000000.0):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def cache_dir(tmp_path):
    return str(tmp_path / 'cache')


@pytest.fixture
def make_cache(cache_dir, clock):
    def make(api_url=API_URL, key_id=KEY_ID, secret=SECRET, ttl=300, api_version=None, warn=None):
        return FileCache(api_url, key_id, secret, ttl, api_version=api_version, directory=cache_dir,
                         clock=clock, warn=warn)
    return make


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


# ------------------------------------------------------------------------------------------- the file
def test_round_trip_private_files_and_no_secret(make_cache, cache_dir):
    cache = make_cache()
    assert cache.get('list:settings') is None
    cache.put('list:settings', SETTINGS)

    assert make_cache().get('list:settings') == SETTINGS
    assert mode(cache_dir) == 0o700
    assert mode(cache.path) == 0o600
    assert os.listdir(cache_dir) == [os.path.basename(cache.path)]
    with open(cache.path, encoding='utf-8') as handle:
        text = handle.read()
    assert SECRET not in text
    assert SECRET not in cache.path
    assert KEY_ID not in os.path.basename(cache.path)


def test_default_directory_is_per_user():
    assert default_directory().endswith('sraps-provisioning-cache-%d' % os.getuid())


def test_ttl_is_honoured(make_cache, clock):
    make_cache(ttl=60).put('company:Acme', COMPANY_UUID)
    clock.now += 60
    assert make_cache(ttl=60).get('company:Acme') == COMPANY_UUID
    clock.now += 1
    assert make_cache(ttl=60).get('company:Acme') is None
    # the same file read with a longer ttl still has it: the ttl is the reader's
    assert make_cache(ttl=120).get('company:Acme') == COMPANY_UUID


def test_entries_from_the_future_are_not_trusted(make_cache, clock):
    make_cache().put('company:Acme', COMPANY_UUID)
    clock.now -= 3600
    assert make_cache().get('company:Acme') is None


def test_stale_entries_are_dropped_on_the_next_write(make_cache, clock):
    make_cache().put('list:settings', SETTINGS)
    clock.now += 301
    make_cache().put('company:Acme', COMPANY_UUID)
    with open(make_cache().path, encoding='utf-8') as handle:
        assert set(json.load(handle)['entries']) == {'company:Acme'}


# ------------------------------------------------------------------------------------ never shared
@pytest.mark.parametrize('other', [
    {'key_id': OTHER_KEY_ID},
    {'secret': OTHER_SECRET},                  # the same key id with another secret
    {'api_url': 'https://other.test/api/v1/'},
    {'api_version': '1'},
])
def test_never_shared_between_keys_urls_or_versions(make_cache, other):
    mine = make_cache()
    mine.put('list:settings', SETTINGS)
    theirs = make_cache(**other)

    assert theirs.path != mine.path
    assert theirs.get('list:settings') is None
    theirs.put('list:settings', [])
    assert mine.get('list:settings') == SETTINGS


def test_a_file_that_names_another_key_is_ignored(make_cache):
    mine = make_cache()
    theirs = make_cache(key_id=OTHER_KEY_ID)
    theirs.put('list:settings', SETTINGS)
    os.rename(theirs.path, mine.path)           # planted under my name
    assert mine.get('list:settings') is None


def test_company_entries_are_keyed_by_company(make_cache):
    cache = make_cache()
    cache.put('company:Acme', COMPANY_UUID)
    assert cache.get('company:Acme') == COMPANY_UUID
    assert cache.get('company:Other') is None
    assert cache.get('company:') is None


def test_the_file_is_read_once_per_task(make_cache):
    make_cache().put('list:settings', SETTINGS)
    cache = make_cache()
    assert cache.get('list:settings') == SETTINGS
    os.unlink(cache.path)
    assert cache.get('list:settings') == SETTINGS     # what this task read stays
    assert make_cache().get('list:settings') is None  # the next task finds nothing


def test_a_write_merges_what_another_task_wrote(make_cache):
    mine, theirs = make_cache(), make_cache()
    assert mine.get('company:Acme') is None            # read before the other task wrote
    theirs.put('list:settings', SETTINGS)
    mine.put('company:Acme', COMPANY_UUID)
    fresh = make_cache()
    assert fresh.get('list:settings') == SETTINGS
    assert fresh.get('company:Acme') == COMPANY_UUID


def test_forget_drops_only_what_it_names(make_cache):
    cache = make_cache()
    cache.put('list:settings', SETTINGS)
    cache.put('company:Acme', COMPANY_UUID)
    cache.put('company:', 'a' * 32)
    cache.forget('company:')
    assert cache.get('company:Acme') is None
    assert cache.get('company:') is None
    assert cache.get('list:settings') == SETTINGS


# --------------------------------------------------------------------------------- unsafe or broken
@pytest.mark.parametrize('content', [
    b'{not json', b'\xff\xfe', b'[]', b'{}', b'{"format": "sraps.provisioning cache", "version": 99}',
    b'{"format": "sraps.provisioning cache", "version": 1, "entries": []}',
])
def test_a_corrupted_file_is_ignored_and_replaced(make_cache, content):
    cache = make_cache()
    cache.put('list:settings', SETTINGS)
    with open(cache.path, 'wb') as handle:
        handle.write(content)
    assert make_cache().get('list:settings') is None
    make_cache().put('list:settings', SETTINGS)
    assert make_cache().get('list:settings') == SETTINGS


def test_bad_entries_are_ignored(make_cache):
    cache = make_cache()
    cache.put('list:settings', SETTINGS)
    with open(cache.path, encoding='utf-8') as handle:
        doc = json.load(handle)
    doc['entries'] = {'a': 'x', 'b': {'at': 'yesterday', 'data': 1}, 'c': {'at': True, 'data': 1},
                      'd': {'at': doc['entries']['list:settings']['at']}}
    with open(cache.path, 'w', encoding='utf-8') as handle:
        json.dump(doc, handle)
    for name in 'abcd':
        assert make_cache().get(name) is None


def test_a_file_others_may_read_is_ignored(make_cache):
    cache = make_cache()
    cache.put('list:settings', SETTINGS)
    os.chmod(cache.path, 0o644)
    assert make_cache().get('list:settings') is None


def test_a_symlinked_file_is_not_followed(make_cache, tmp_path):
    cache = make_cache()
    cache.put('list:settings', SETTINGS)
    target = tmp_path / 'elsewhere.json'
    os.rename(cache.path, str(target))
    os.symlink(str(target), cache.path)
    assert make_cache().get('list:settings') is None


def test_a_directory_others_may_use_disables_the_cache(make_cache, cache_dir):
    warned = []
    os.makedirs(cache_dir)
    os.chmod(cache_dir, 0o777)
    cache = make_cache(warn=warned.append)
    cache.put('list:settings', SETTINGS)
    assert cache.get('list:settings') is None
    assert os.listdir(cache_dir) == []
    assert cache.disabled
    assert len(warned) == 1 and 'not caching' in warned[0]


def test_a_symlinked_directory_disables_the_cache(make_cache, cache_dir, tmp_path):
    real = tmp_path / 'real'
    real.mkdir(mode=0o700)
    os.symlink(str(real), cache_dir)
    cache = make_cache(warn=lambda msg: None)
    cache.put('list:settings', SETTINGS)
    assert cache.get('list:settings') is None
    assert list(real.iterdir()) == []


def test_an_unwritable_directory_only_costs_the_reads(make_cache, cache_dir):
    os.makedirs(cache_dir, mode=0o700)
    os.chmod(cache_dir, 0o500)
    try:
        cache = make_cache()
        cache.put('list:settings', SETTINGS)       # no exception
        if os.getuid() != 0:                        # root writes anyway
            assert cache.get('list:settings') is None
    finally:
        os.chmod(cache_dir, 0o700)


# ------------------------------------------------------------------------------- with the client
def catalogue_routes(sraps):
    sraps.route('GET', 'settings/', Reply(200, SETTINGS))
    sraps.route('GET', 'product-groups/', Reply(200, [{'uuid': '2' * 32, 'name': 'D-Series'}]))
    sraps.route('GET', 'products/', Reply(200, [{'uuid': '3' * 32, 'name': 'D785'}]))
    sraps.route('GET', 'companies/', Reply(200, [{'uuid': COMPANY_UUID, 'name': 'Acme'}]))


def read_everything(client):
    for resource in ('settings', 'product_groups', 'products'):
        client.cached_list(resource)
    return client.company_uuid


def test_the_client_reads_catalogues_and_company_once_per_key(sraps, make_client, make_cache):
    catalogue_routes(sraps)
    assert read_everything(make_client(company='Acme', cache=make_cache())) == COMPANY_UUID
    first = sraps.count()
    assert first == 4

    assert read_everything(make_client(company='Acme', cache=make_cache())) == COMPANY_UUID
    assert sraps.count() == first                  # all from the cache

    # without the cache, or with another secret for the same key id, everything is read again
    read_everything(make_client(company='Acme'))
    assert sraps.count() == 2 * first
    read_everything(make_client(company='Acme', cache=make_cache(secret=OTHER_SECRET)))
    assert sraps.count() == 3 * first


def test_the_client_pages_before_caching(sraps, make_client, make_cache):
    second = [dict(SETTINGS[0], uuid='4' * 32)]
    sraps.route('GET', 'settings/', Reply(200, SETTINGS, headers=link_next(API_URL + 'settings/?page=2')),
                Reply(200, second))
    make_client(cache=make_cache()).cached_list('settings')
    assert make_client(cache=make_cache()).cached_list('settings') == SETTINGS + second
    assert sraps.count() == 2


def test_company_lookups_are_per_company_option(sraps, make_client, make_cache):
    catalogue_routes(sraps)
    sraps.route('GET', 'tokens/' + KEY_ID, Reply(200, {
        'id': KEY_ID, 'links': {'company': API_URL + 'companies/' + 'a' * 32}}))
    assert make_client(company='Acme', cache=make_cache()).company_uuid == COMPANY_UUID
    assert make_client(cache=make_cache()).company_uuid == 'a' * 32     # the key's own company
    assert make_client(company='Acme', cache=make_cache()).company_uuid == COMPANY_UUID
    assert make_client(cache=make_cache()).company_uuid == 'a' * 32
    assert sraps.count('GET', 'companies/') == 1
    assert sraps.count('GET', 'tokens/' + KEY_ID) == 1


def test_a_company_write_forgets_company_lookups(sraps, make_client, make_cache):
    catalogue_routes(sraps)
    read_everything(make_client(company='Acme', cache=make_cache()))
    sraps.route('POST', 'companies/', Reply(201, {'uuid': 'f' * 32, 'name': 'New'}))
    make_client(company='Acme', cache=make_cache()).create('companies', {'name': 'New'})

    read_everything(make_client(company='Acme', cache=make_cache()))
    assert sraps.count('GET', 'companies/') == 2        # resolved again
    assert sraps.count('GET', 'settings/') == 1         # the catalogue is still cached


def test_other_writes_keep_company_lookups(sraps, make_client, make_cache):
    catalogue_routes(sraps)
    endpoint = 'companies/%s/endpoints/000413aabbcc' % COMPANY_UUID
    sraps.route('PUT', endpoint, Reply(201, {'mac': '000413aabbcc'}))
    client = make_client(company='Acme', cache=make_cache())
    read_everything(client)
    client.put('endpoint', {'mac': '000413aabbcc'}, mac='000413aabbcc')
    read_everything(make_client(company='Acme', cache=make_cache()))
    assert sraps.count('GET', 'companies/') == 1


def test_a_failed_lookup_is_not_cached(sraps, make_client, make_cache):
    catalogue_routes(sraps)
    for dummy in range(2):
        with pytest.raises(SrapsError):
            make_client(company='Nobody', cache=make_cache()).company_uuid  # pylint: disable=expression-not-assigned
    assert sraps.count('GET', 'companies/') == 2


# ------------------------------------------------------------------------------- the option
def build_module(args, capsys):
    from ansible.module_utils.testing import patch_module_args
    from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import SrapsModule
    with patch_module_args(dict({'access_key_id': KEY_ID, 'access_key_secret': SECRET, 'api_url': API_URL}, **args)):
        try:
            module = SrapsModule(argument_spec={})
        except SystemExit:
            return None, json.loads(capsys.readouterr().out)
        return module, None


def test_cache_ttl_not_set_shares_the_catalogues_for_a_minute(capsys, module_side):  # pylint: disable=unused-argument
    module, failure = build_module({}, capsys)
    assert failure is None
    assert module.params['cache_ttl'] is None
    cache = module.client.cache
    assert isinstance(cache, FileCache)
    assert cache.ttl == DEFAULT_CATALOGUE_TTL == 60
    assert cache.path.startswith(default_directory())
    assert module.client.cache_companies is False


def test_cache_ttl_0_keeps_nothing(capsys, module_side):  # pylint: disable=unused-argument
    module, failure = build_module({'cache_ttl': 0}, capsys)
    assert failure is None
    assert module.client.cache is None


def test_cache_ttl_builds_a_cache_for_the_key(capsys, module_side):  # pylint: disable=unused-argument
    module, failure = build_module({'cache_ttl': 300, 'api_version': '1'}, capsys)
    assert failure is None
    cache = module.client.cache
    assert isinstance(cache, FileCache)
    assert (cache.api_url, cache.key_id, cache.api_version, cache.ttl) == (API_URL, KEY_ID, '1', 300)
    assert cache.path.startswith(default_directory())
    assert module.client.cache_companies is True


def test_a_negative_cache_ttl_fails(capsys, module_side):  # pylint: disable=unused-argument
    module, failure = build_module({'cache_ttl': -1}, capsys)
    assert module is None
    assert failure['failed'] and 'cache_ttl must be 0 or more' in failure['msg']


# ------------------------------------------------------------------- the default: catalogues only
def test_by_default_the_catalogues_are_shared_and_the_company_is_not(sraps, make_client, make_cache):
    catalogue_routes(sraps)
    for dummy in range(2):
        client = make_client(company='Acme', cache=make_cache(ttl=DEFAULT_CATALOGUE_TTL), cache_companies=False)
        assert read_everything(client) == COMPANY_UUID
    assert sraps.count('GET', 'settings/') == 1
    assert sraps.count('GET', 'product-groups/') == 1
    assert sraps.count('GET', 'products/') == 1
    assert sraps.count('GET', 'companies/') == 2          # a company may change outside the modules
    assert make_cache().get('company:Acme') is None


def test_the_default_catalogue_ttl_runs_out(sraps, make_client, make_cache, clock):
    catalogue_routes(sraps)
    make_client(cache=make_cache(ttl=DEFAULT_CATALOGUE_TTL), cache_companies=False).cached_list('settings')
    clock.now += DEFAULT_CATALOGUE_TTL + 1
    make_client(cache=make_cache(ttl=DEFAULT_CATALOGUE_TTL), cache_companies=False).cached_list('settings')
    assert sraps.count('GET', 'settings/') == 2


# ------------------------------------------------------------- a name missing from a cached catalogue
NEW_SETTING = {'uuid': '5' * 32, 'param_name': 'timezone', 'section': 'phone-settings', 'product_groups': []}
D865 = {'uuid': '6' * 32, 'name': 'D865'}


def old_cache(make_cache):
    """A cache holding a catalogue from before SRAPS listed timezone and the D865."""
    cache = make_cache(ttl=DEFAULT_CATALOGUE_TTL)
    cache.put('list:settings', SETTINGS)
    cache.put('list:products', [{'uuid': '3' * 32, 'name': 'D785'}])
    return cache


def test_a_setting_missing_from_the_cached_catalogue_is_read_afresh(sraps, make_client, make_cache):
    sraps.route('GET', 'settings/', Reply(200, SETTINGS + [NEW_SETTING]))
    client = make_client(cache=old_cache(make_cache), cache_companies=False)
    catalogue = Catalogue(client)
    assert catalogue.resolve_setting('language')['uuid'] == '1' * 32
    assert sraps.count('GET', 'settings/') == 0                      # from the cache
    assert catalogue.resolve_setting('timezone') == NEW_SETTING
    assert sraps.count('GET', 'settings/') == 1                      # one fresh read
    # the cache entry is replaced: the next task finds it without a read
    catalogue = Catalogue(make_client(cache=make_cache(ttl=DEFAULT_CATALOGUE_TTL), cache_companies=False))
    assert catalogue.resolve_setting('timezone') == NEW_SETTING
    assert sraps.count('GET', 'settings/') == 1


def test_a_setting_uuid_missing_from_the_cached_catalogue_is_read_afresh(sraps, make_client, make_cache):
    sraps.route('GET', 'settings/', Reply(200, SETTINGS + [NEW_SETTING]))
    catalogue = Catalogue(make_client(cache=old_cache(make_cache), cache_companies=False))
    assert catalogue.setting(NEW_SETTING['uuid']) == NEW_SETTING
    assert [s['param_name'] for s in catalogue.lookalikes('timezone')] == ['timezone']
    assert sraps.count('GET', 'settings/') == 1


def test_a_search_for_a_param_name_missing_from_the_cached_catalogue_reads_it_afresh(sraps, make_client, make_cache):
    sraps.route('GET', 'settings/', Reply(200, SETTINGS + [NEW_SETTING]))
    catalogue = Catalogue(make_client(cache=old_cache(make_cache), cache_companies=False))
    assert catalogue.search(text='language') == SETTINGS
    assert sraps.count('GET', 'settings/') == 0
    assert catalogue.search(param_name='timezone') == [NEW_SETTING]
    assert sraps.count('GET', 'settings/') == 1


def test_write_threads_missing_a_setting_read_the_catalogue_once(sraps, make_client, make_cache):
    sraps.route('GET', 'settings/', Reply(200, SETTINGS + [NEW_SETTING]))
    catalogue = Catalogue(make_client(cache=old_cache(make_cache), cache_companies=False))
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda dummy: catalogue.resolve_setting('timezone'), range(32)))
    assert found == [NEW_SETTING] * 32
    assert sraps.count('GET', 'settings/') == 1


def test_a_setting_unknown_to_the_server_too_fails_after_one_fresh_read(sraps, make_client, make_cache):
    sraps.route('GET', 'settings/', Reply(200, SETTINGS))
    catalogue = Catalogue(make_client(cache=old_cache(make_cache), cache_companies=False))
    for dummy in range(2):
        with pytest.raises(SrapsInputError) as caught:
            catalogue.resolve_setting('timezone')
        assert "unknown setting 'timezone'" in str(caught.value)
    assert catalogue.setting('7' * 32) is None
    assert sraps.count('GET', 'settings/') == 1                      # exactly one, for the whole run


def test_a_catalogue_read_from_the_server_is_not_read_again_for_a_missing_name(sraps, make_client):
    sraps.route('GET', 'settings/', Reply(200, SETTINGS))
    catalogue = Catalogue(make_client())
    with pytest.raises(SrapsInputError):
        catalogue.resolve_setting('timezone')
    assert sraps.count('GET', 'settings/') == 1


def test_a_product_missing_from_the_cached_catalogue_is_read_afresh(sraps, make_client, make_cache):
    sraps.route('GET', 'products/', Reply(200, [{'uuid': '3' * 32, 'name': 'D785'}, D865]))
    catalogue = Catalogue(make_client(cache=old_cache(make_cache), cache_companies=False))
    assert catalogue.product('D785')['uuid'] == '3' * 32
    assert sraps.count('GET', 'products/') == 0
    assert catalogue.product('d865') == D865
    assert sraps.count('GET', 'products/') == 1
    with pytest.raises(SrapsInputError) as caught:
        catalogue.product('D999')
    assert "unknown product 'D999'" in str(caught.value) and 'D865' in str(caught.value)
    assert sraps.count('GET', 'products/') == 1


def test_a_product_group_missing_from_the_cached_catalogue_is_read_afresh(sraps, make_client, make_cache):
    cache = make_cache(ttl=DEFAULT_CATALOGUE_TTL)
    cache.put('list:product_groups', [{'uuid': '2' * 32, 'name': 'D-Series'}])
    sraps.route('GET', 'product-groups/', Reply(200, [{'uuid': '2' * 32, 'name': 'D-Series'},
                                                      {'uuid': '8' * 32, 'name': 'M-Series'}]))
    catalogue = Catalogue(make_client(cache=cache, cache_companies=False))
    assert catalogue.product_group('M-Series')['uuid'] == '8' * 32
    with pytest.raises(SrapsInputError):
        catalogue.product_group('X-Series')
    assert sraps.count('GET', 'product-groups/') == 1
