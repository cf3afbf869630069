# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AWX credential type (extensions/awx/credential_type_sraps.yml) injects what the modules read.

The credential type provides every connection option that has an environment fallback
(_sraps_module.ENV_FALLBACKS): the URL, the key, the company and the TLS settings all belong to
"how to reach SRAPS as whom", which is what a credential holds in AWX. The options without a
fallback (timeout, retries, api_version, ...) stay task options. So the injected names must equal
ENV_FALLBACKS' values, all of them: a fallback added to the modules without a matching
injector fails here, and so does an injector for a variable no module reads.

AWX renders every env injector on every job, blank inputs as "" and unset booleans as false.
The tests render the injectors the way AWX does and feed the result through the modules'
argument spec, so a blank optional input must come out as the module's own default.
"""

from __future__ import annotations

import copy
import os
import types

import pytest
import yaml

from jinja2 import StrictUndefined, meta
from jinja2.exceptions import UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsClient
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import ENV_FALLBACKS, sraps_argument_spec
from ansible_collections.sraps.provisioning.tests.unit.utils.awx_injector import awx_inject

HERE = os.path.dirname(os.path.abspath(__file__))
CREDENTIAL_TYPE = os.path.join(HERE, '..', '..', 'extensions', 'awx', 'credential_type_sraps.yml')

# The module options the credential type provides (see the docstring): all of ENV_FALLBACKS.
PROVIDED_OPTIONS = sorted(ENV_FALLBACKS)

# The input each injected variable is made from. validate_certs comes from an inverted boolean,
# because AWX gives an unset boolean input the value false.
INPUT_OF_OPTION = {
    'api_url': 'api_url',
    'access_key_id': 'access_key_id',
    'access_key_secret': 'access_key_secret',
    'company': 'company',
    'validate_certs': 'skip_tls_verify',
    'ca_path': 'ca_certificate',
}

KEY_ID = 'ck_7f3a9c2e4b1d4e8f9a6b5c4d3e2f1a0b'
SECRET = '9c1e5f7a3b2d4c6e8f0a1b3c5d7e9f20'
PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'


def load_credential_type():
    with open(CREDENTIAL_TYPE, encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def fields_by_id(cred):
    return dict((field['id'], field) for field in cred['inputs']['fields'])


def template_variables(template):
    """The top-level names a Jinja template reads."""
    return meta.find_undeclared_variables(ImmutableSandboxedEnvironment().parse(template))


def problems(cred):
    """Everything wrong with a credential type definition, as readable strings (empty: fine)."""
    found = []
    fields = fields_by_id(cred)
    injectors = cred.get('injectors') or {}
    env = injectors.get('env') or {}
    has_file = bool(injectors.get('file'))

    expected = set(ENV_FALLBACKS[option] for option in PROVIDED_OPTIONS)
    if set(env) != expected:
        found.append('injected variables %s differ from the modules\' env fallbacks %s: missing %s, unknown %s'
                     % (sorted(env), sorted(expected), sorted(expected - set(env)), sorted(set(env) - expected)))

    secret = fields.get('access_key_secret')
    if secret is None or secret.get('secret') is not True:
        found.append('input access_key_secret must exist and be marked secret: true')
    for required in ('access_key_id', 'access_key_secret'):
        if required not in (cred['inputs'].get('required') or []):
            found.append('input %s must be required' % required)

    templates = dict(('env.%s' % name, tmpl) for name, tmpl in env.items())
    templates.update(('file.%s' % name, tmpl) for name, tmpl in (injectors.get('file') or {}).items())
    for where, template in sorted(templates.items()):
        names = template_variables(template)
        inputs = names - {'tower'}
        if not inputs:
            found.append('%s references no input: %r' % (where, template))
        unknown = inputs - set(fields)
        if unknown:
            found.append('%s references undeclared inputs %s' % (where, sorted(unknown)))
        if 'tower' in names and not has_file:
            found.append('%s uses tower.filename without a file injector' % where)

    for option, input_id in INPUT_OF_OPTION.items():
        variable = ENV_FALLBACKS[option]
        if variable in env and input_id not in template_variables(env[variable]):
            found.append('%s must be made from the input %s' % (variable, input_id))
    # The secret variable must come from secret inputs only, or AWX would show it.
    secret_var = ENV_FALLBACKS['access_key_secret']
    if secret_var in env:
        for input_id in template_variables(env[secret_var]) - {'tower'}:
            if not fields.get(input_id, {}).get('secret'):
                found.append('%s is made from the input %s, which is not secret' % (secret_var, input_id))

    # AWX validates injectors by rendering them with every declared input set and StrictUndefined.
    namespace = dict((field_id, 'EXAMPLE') for field_id in fields)
    namespace['tower'] = types.SimpleNamespace(filename='/runner/env/tmpEXAMPLE')
    strict = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    for where, template in sorted(templates.items()):
        try:
            strict.from_string(template).render(**namespace)
        except UndefinedError as exc:
            found.append('AWX would reject %s: %s' % (where, exc))
    return found


def module_params(monkeypatch, env):
    """The connection options a module ends up with when its environment is env and no option is set."""
    for variable in ENV_FALLBACKS.values():
        monkeypatch.delenv(variable, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with patch_module_args({}):
        module = AnsibleModule(argument_spec=sraps_argument_spec())
    return module.params


def test_credential_type_is_valid():
    assert problems(load_credential_type()) == []


def test_injected_names_are_the_module_env_fallbacks():
    env = load_credential_type()['injectors']['env']
    assert sorted(env) == sorted(ENV_FALLBACKS.values())


def test_secret_input_is_marked_secret():
    fields = fields_by_id(load_credential_type())
    assert fields['access_key_secret']['secret'] is True
    # nothing else is secret: the key id and the URL are shown in AWX like a user name
    assert [field_id for field_id, field in fields.items() if field.get('secret')] == ['access_key_secret']


def test_every_injected_value_references_a_declared_input():
    cred = load_credential_type()
    declared = set(fields_by_id(cred))
    for name, template in cred['injectors']['env'].items():
        inputs = template_variables(template) - {'tower'}
        assert inputs, name
        assert inputs <= declared, name


def test_blank_optional_inputs_give_the_module_defaults(monkeypatch, tmp_path):
    cred = load_credential_type()
    env = awx_inject(cred, {'access_key_id': KEY_ID, 'access_key_secret': SECRET}, str(tmp_path))
    assert env == {
        'SRAPS_API_URL': api.DEFAULT_API_URL,
        'SRAPS_ACCESS_KEY_ID': KEY_ID,
        'SRAPS_ACCESS_KEY_SECRET': SECRET,
        'SRAPS_COMPANY': '',
        'SRAPS_VALIDATE_CERTS': 'true',
        'SRAPS_CA_PATH': '',
        'SRAPS_MASKED_SECRETS': 'refuse',
    }
    params = module_params(monkeypatch, env)
    assert params['api_url'] == api.DEFAULT_API_URL
    assert params['access_key_id'] == KEY_ID
    assert params['access_key_secret'] == SECRET
    assert params['validate_certs'] is True
    assert params['company'] == ''
    assert not params['ca_path']
    assert params['masked_secrets'] == 'refuse'
    client = SrapsClient(params['api_url'], params['access_key_id'], params['access_key_secret'],
                         company=params['company'], validate_certs=params['validate_certs'],
                         ca_path=params['ca_path'])
    # an empty CA path means the system's CAs, with verification on
    assert client.session.verify is True


def test_every_input_set(monkeypatch, tmp_path):
    cred = load_credential_type()
    inputs = {'api_url': 'https://sraps.example.com/api/v1/', 'access_key_id': KEY_ID, 'access_key_secret': SECRET,
              'company': 'Existing Customer', 'skip_tls_verify': True, 'ca_certificate': PEM,
              'server_keeps_masked_secrets': True}
    env = awx_inject(cred, inputs, str(tmp_path))
    assert env['SRAPS_CA_PATH'].startswith(str(tmp_path))
    with open(env['SRAPS_CA_PATH'], encoding='utf-8') as handle:
        assert handle.read() == PEM
    params = module_params(monkeypatch, env)
    assert params['api_url'] == 'https://sraps.example.com/api/v1/'
    assert params['company'] == 'Existing Customer'
    assert params['validate_certs'] is False
    assert params['ca_path'] == env['SRAPS_CA_PATH']
    assert params['masked_secrets'] == 'server_keeps'


def test_tls_verification_stays_on_when_unticked(monkeypatch, tmp_path):
    cred = load_credential_type()
    env = awx_inject(cred, {'access_key_id': KEY_ID, 'access_key_secret': SECRET, 'skip_tls_verify': False,
                            'ca_certificate': PEM}, str(tmp_path))
    params = module_params(monkeypatch, env)
    assert params['validate_certs'] is True
    client = SrapsClient(params['api_url'], KEY_ID, SECRET, validate_certs=params['validate_certs'],
                         ca_path=params['ca_path'])
    assert client.session.verify == env['SRAPS_CA_PATH']


def _rename_env(cred):
    env = cred['injectors']['env']
    env['SRAPS_KEY_SECRET'] = env.pop('SRAPS_ACCESS_KEY_SECRET')


def _extra_env(cred):
    cred['injectors']['env']['SRAPS_TIMEOUT'] = '{{ api_url }}'


def _not_secret(cred):
    fields_by_id(cred)['access_key_secret'].pop('secret')


def _undeclared_input(cred):
    cred['injectors']['env']['SRAPS_COMPANY'] = '{{ company_name }}'


def _literal_value(cred):
    cred['injectors']['env']['SRAPS_API_URL'] = 'https://api.sraps.snom.com/api/v1/'


def _secret_from_plain_input(cred):
    cred['injectors']['env']['SRAPS_ACCESS_KEY_SECRET'] = '{{ access_key_secret }}{{ company }}'


def _file_without_injector(cred):
    del cred['injectors']['file']


def _validate_certs_from_wrong_input(cred):
    cred['injectors']['env']['SRAPS_VALIDATE_CERTS'] = '{{ company }}'


@pytest.mark.parametrize('break_it, expected', [
    (_rename_env, 'missing [\'SRAPS_ACCESS_KEY_SECRET\'], unknown [\'SRAPS_KEY_SECRET\']'),
    (_extra_env, 'unknown [\'SRAPS_TIMEOUT\']'),
    (_not_secret, 'access_key_secret must exist and be marked secret'),
    (_undeclared_input, 'env.SRAPS_COMPANY references undeclared inputs [\'company_name\']'),
    (_literal_value, 'env.SRAPS_API_URL references no input'),
    (_secret_from_plain_input, 'made from the input company, which is not secret'),
    (_file_without_injector, 'tower.filename without a file injector'),
    (_validate_certs_from_wrong_input, 'SRAPS_VALIDATE_CERTS must be made from the input skip_tls_verify'),
])
def test_the_checks_catch_a_broken_definition(break_it, expected):
    cred = copy.deepcopy(load_credential_type())
    break_it(cred)
    found = problems(cred)
    assert any(expected in problem for problem in found), found
