# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""SrapsModule: the argument spec against the doc fragment, env fallbacks, the action group."""

from __future__ import annotations

import ast
import contextlib
import json
import os
import re

import pytest
import yaml

from ansible.module_utils.testing import patch_module_args

from ansible_collections.sraps.provisioning.plugins.doc_fragments.sraps import ModuleDocFragment
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_module
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsApiError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import (
    ENV_FALLBACKS, SrapsModule, sraps_argument_spec)
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import API_URL, KEY_ID, SECRET

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
ENV_NAMES = ('SRAPS_API_URL', 'SRAPS_ACCESS_KEY_ID', 'SRAPS_ACCESS_KEY_SECRET', 'SRAPS_COMPANY',
             'SRAPS_VALIDATE_CERTS', 'SRAPS_CA_PATH', 'SRAPS_MASKED_SECRETS')


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


def fragment_options():
    return yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']


@pytest.fixture
def make_module(capsys, module_side):  # pylint: disable=unused-argument
    """Build a SrapsModule from args: (module, None), or (None, result) when it fails at once.

    The module args stay patched until the end of the test, so exit_json and fail_json work.
    """
    stack = contextlib.ExitStack()

    def make(args, **kwargs):
        stack.enter_context(patch_module_args(args))
        try:
            return SrapsModule(argument_spec=kwargs.pop('argument_spec', {}), **kwargs), None
        except SystemExit:
            return None, json.loads(capsys.readouterr().out)

    with stack:
        yield make


def finish(module, capsys, call=None, **result):
    """The JSON a module prints when it exits (call: a function that exits; default exit_json)."""
    with pytest.raises(SystemExit):
        if call is None:
            module.exit_json(changed=False, **result)
        else:
            call()
    return json.loads(capsys.readouterr().out)


def warnings_text(result):
    """The module's warnings as text (2.19 returns them as structured summaries)."""
    return json.dumps(result.get('warnings', []))


BASE_ARGS = {'access_key_id': KEY_ID, 'access_key_secret': SECRET}


# ---------------------------------------------------------------------------- spec vs documentation
def test_argument_spec_matches_doc_fragment():
    spec = sraps_argument_spec()
    docs = fragment_options()
    assert spec['async_timeout'] == dict(type='int', default=60) and docs['async_timeout']['default'] == 60

    assert sorted(spec) == sorted(docs)
    for name, doc in docs.items():
        option = spec[name]
        assert option['type'] == doc['type'], name
        assert option.get('default') == doc.get('default'), name
        assert bool(option.get('required')) == bool(doc.get('required')), name
        assert option.get('choices') == doc.get('choices'), name
        assert bool(option.get('no_log')) == (name == 'access_key_secret'), name


def test_env_fallbacks_are_documented():
    docs = fragment_options()
    spec = sraps_argument_spec()
    for name, doc in docs.items():
        described = ' '.join(doc['description'])
        documented = re.findall(r'E\((SRAPS_[A-Z_]+)\)', described)
        fallback = spec[name].get('fallback')
        if fallback:
            assert documented == fallback[1], name
        else:
            assert documented == [], name
    assert set(v for v in ENV_FALLBACKS.values()) == set(ENV_NAMES)


# ---------------------------------------------------------------------------------------- env vars
def test_env_fallbacks(make_module, monkeypatch, capsys, tmp_path):
    ca = tmp_path / 'ca.pem'
    monkeypatch.setenv('SRAPS_API_URL', API_URL)
    monkeypatch.setenv('SRAPS_ACCESS_KEY_ID', KEY_ID)
    monkeypatch.setenv('SRAPS_ACCESS_KEY_SECRET', SECRET)
    monkeypatch.setenv('SRAPS_COMPANY', 'Demo Customer')
    monkeypatch.setenv('SRAPS_VALIDATE_CERTS', 'false')
    monkeypatch.setenv('SRAPS_CA_PATH', str(ca))

    module, failure = make_module({})

    assert module is not None, failure
    params = module.params
    assert params['api_url'] == API_URL
    assert params['access_key_id'] == KEY_ID
    assert params['access_key_secret'] == SECRET
    assert params['company'] == 'Demo Customer'
    assert params['validate_certs'] is False
    assert params['ca_path'] == str(ca)
    assert 'validate_certs is false' in warnings_text(finish(module, capsys))


def test_options_beat_env(make_module, monkeypatch, capsys):
    monkeypatch.setenv('SRAPS_API_URL', 'https://elsewhere.test/api/v1/')
    monkeypatch.setenv('SRAPS_ACCESS_KEY_ID', 'ck_' + '1' * 32)
    monkeypatch.setenv('SRAPS_VALIDATE_CERTS', 'false')
    module, dummy = make_module(dict(BASE_ARGS, api_url=API_URL, validate_certs=True))
    assert module.params['api_url'] == API_URL
    assert module.params['access_key_id'] == KEY_ID
    assert module.params['validate_certs'] is True
    assert 'validate_certs' not in warnings_text(finish(module, capsys))


def test_defaults(make_module):
    module, dummy = make_module(BASE_ARGS)
    assert module.params['api_url'] == 'https://api.sraps.snom.com/api/v1/'
    assert module.params['validate_certs'] is True
    assert module.params['company'] is None and module.params['ca_path'] is None
    assert module.params['timeout'] == 30 and module.params['retries'] == 5


def test_missing_credentials_fail(make_module):
    module, result = make_module({})
    assert module is None
    assert result['failed'] is True
    assert 'access_key_id' in result['msg'] and 'access_key_secret' in result['msg']
    assert 'SRAPS_ACCESS_KEY_ID' in result['msg'] and 'SRAPS_ACCESS_KEY_SECRET' in result['msg']


def test_missing_secret_names_its_environment_variable(make_module, monkeypatch):
    monkeypatch.delenv('SRAPS_ACCESS_KEY_SECRET', raising=False)
    module, result = make_module({'access_key_id': KEY_ID, 'name': SECRET},
                                 argument_spec={'name': dict(type='str', required=True, no_log=True)})
    assert module is None
    assert result['msg'].startswith('missing required arguments: access_key_secret. ')
    assert 'access_key_secret from SRAPS_ACCESS_KEY_SECRET' in result['msg']
    assert 'SRAPS_ACCESS_KEY_ID' not in result['msg']
    assert SECRET not in json.dumps(result)


def test_missing_option_of_a_module_is_left_as_ansible_says_it(make_module):
    module, result = make_module(BASE_ARGS, argument_spec={'email': dict(type='str', required=True)})
    assert module is None
    assert result['msg'] == 'missing required arguments: email'


@pytest.mark.parametrize('args, words', [
    ({'timeout': 0}, 'timeout must be at least 1'),
    ({'retries': -1}, 'retries must be 0 or more'),
    ({'async_timeout': -1}, 'async_timeout must be 0 or more'),
])
def test_invalid_numbers_fail(make_module, args, words):
    module, result = make_module(dict(BASE_ARGS, **args))
    assert module is None
    assert words in result['msg']


def test_secret_masked_in_output(make_module, capsys):
    module, dummy = make_module(BASE_ARGS)
    result = finish(module, capsys, echo='key is %s' % SECRET)
    assert result['echo'].startswith('key is ')
    assert SECRET not in json.dumps(result)


# ------------------------------------------------------------------------------------------ client
def test_client_built_from_params(make_module, tmp_path):
    ca = str(tmp_path / 'ca.pem')
    (tmp_path / 'ca.pem').write_text('')
    args = dict(BASE_ARGS, api_url=API_URL, company='Demo', ca_path=ca, timeout=9, retries=2, api_version='1',
                _ansible_check_mode=True)
    module, dummy = make_module(args, supports_check_mode=True)
    client = module.client
    assert client is module.client
    assert client.api_url == API_URL
    assert client.key_id == KEY_ID
    assert client.check_mode is True
    assert client.timeout == 9 and client.retries == 2
    assert client.async_timeout == 60       # the documented default reaches the account's 202 wait
    assert client.session.verify == ca
    assert client.session.headers['Accept'] == 'application/json; version=1'
    assert client._company_option == 'Demo'  # pylint: disable=protected-access


def test_run_turns_sraps_error_into_failure(make_module, capsys):
    module, dummy = make_module(BASE_ARGS)

    def body():
        raise SrapsApiError('GET /x failed with HTTP 404: not found', method='GET', path='/x', status=404,
                            detail={'detail': 'Not found.'})

    result = finish(module, capsys, call=lambda: module.run(body))
    assert result['failed'] is True
    assert result['msg'] == 'GET /x failed with HTTP 404: not found'
    assert result['status'] == 404 and result['api_error'] == {'detail': 'Not found.'}


def test_run_turns_other_errors_into_readable_failure(make_module, capsys):
    module, dummy = make_module(BASE_ARGS)

    def body():
        raise ValueError('boom')

    result = finish(module, capsys, call=lambda: module.run(body))
    assert result['failed'] is True
    assert result['msg'] == 'unexpected error: ValueError: boom'


@pytest.mark.parametrize('diff', [True, False])
def test_exit_changed_diff(make_module, capsys, diff):
    module, dummy = make_module(dict(BASE_ARGS, _ansible_diff=diff))
    result = finish(module, capsys, call=lambda: module.exit_changed(
        True, before={'name': 'a'}, after={'name': 'b'}, endpoint={'name': 'b'}))
    assert result['changed'] is True and result['endpoint'] == {'name': 'b'}
    if diff:
        assert result['diff'] == {'before': {'name': 'a'}, 'after': {'name': 'b'}}
    else:
        assert 'diff' not in result


def test_missing_mohawk_fails_readably(make_module, monkeypatch):
    monkeypatch.setitem(_sraps_module.client_mod.IMPORT_ERRORS, 'mohawk', ImportError('No module named mohawk'))
    module, result = make_module(BASE_ARGS)
    assert module is None
    assert 'mohawk' in result['msg']


# ------------------------------------------------------------------------------------ action group
def module_names():
    folder = os.path.join(COLLECTION_ROOT, 'plugins', 'modules')
    return sorted(name[:-3] for name in os.listdir(folder)
                  if name.endswith('.py') and not name.startswith('_') and name != '__init__.py')


def module_documentation(name):
    path = os.path.join(COLLECTION_ROOT, 'plugins', 'modules', name + '.py')
    with open(path) as source:
        tree = ast.parse(source.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == 'DOCUMENTATION' for t in node.targets):
            return yaml.safe_load(node.value.value)
    raise AssertionError('%s has no DOCUMENTATION' % name)


def test_action_group_lists_every_module():
    with open(os.path.join(COLLECTION_ROOT, 'meta', 'runtime.yml')) as runtime:
        groups = yaml.safe_load(runtime)['action_groups']
    names = module_names()
    assert 'sraps_company_info' in names
    assert sorted(groups['sraps']) == names
    assert len(set(groups['sraps'])) == len(groups['sraps'])


@pytest.mark.parametrize('name', module_names())
def test_every_module_uses_the_connection_fragment(name):
    """The fragment declares action group membership, so every module of the group must extend it."""
    doc = module_documentation(name)
    assert doc['module'] == name
    assert 'sraps.provisioning.sraps' in doc['extends_documentation_fragment']
