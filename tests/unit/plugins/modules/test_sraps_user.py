# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""sraps_user's want/have logic: e-mail case, string booleans, options not set are never changed."""

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsError
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_resources as resources

UUID = 'f' * 32


def params(**kwargs):
    out = dict(email='alice@example.com', first_name=None, last_name=None, role=None, language=None,
               active=None, state='present')
    out.update(kwargs)
    return out


def stored(**kwargs):
    out = {'uuid': UUID, 'email': 'Alice@Example.com', 'first_name': 'Alice', 'last_name': 'Example',
           'role': 'editor', 'language': 'de', 'is_active': True, 'links': {'self': 'https://sraps.test/u'}}
    out.update(kwargs)
    return out


class mod(object):  # pylint: disable=invalid-name
    """The planning steps of sraps_user, over its description (_sraps_resources.USER)."""

    @staticmethod
    def find_user(users, email):
        return resources.USER.locate(None, users, email)

    @staticmethod
    def plan(have, p):
        return resources.USER.plan(resources.Context(None, p), have)

    @staticmethod
    def predict(have, body):
        return resources.USER.predict(None, have, body)

    @staticmethod
    def view(user):
        return resources.USER.options(user, None)

    @staticmethod
    def ensure_present(client, have, body, changed_fields):
        changed, after = resources.ensure_present(resources.USER, resources.Context(client, params()), have, body,
                                                  changed_fields)
        return changed, have, after

    @staticmethod
    def ensure_absent(client, have):
        changed = resources.ensure_absent(resources.USER, resources.Context(client, params()), have)
        return changed, have if changed else None, None


@pytest.mark.parametrize('email', ['alice@example.com', 'ALICE@EXAMPLE.COM', ' Alice@Example.com '])
def test_find_user_ignores_case(email):
    users = [stored(), stored(uuid='e' * 32, email='bob@example.com')]
    assert mod.find_user(users, email) is users[0]
    assert mod.find_user(users, 'carol@example.com') is None


def test_two_users_differing_in_case_fail_listing_uuids():
    with pytest.raises(SrapsError, match='e{32}, f{32}.*web interface'):
        mod.find_user([stored(), stored(uuid='e' * 32, email='alice@example.com')], 'alice@example.com')


def test_create_sends_only_what_is_set():
    body, changed = mod.plan(None, params(email='Alice@Example.com', role='admin', active=False))
    assert body == {'email': 'Alice@Example.com', 'role': 'admin', 'is_active': False}
    assert changed == ['email', 'is_active', 'role']
    predicted = mod.predict(None, body)
    assert predicted == {'uuid': None, 'email': 'Alice@Example.com', 'first_name': '', 'last_name': '',
                         'role': 'admin', 'language': 'en', 'is_active': False}


@pytest.mark.parametrize('email', ['alice@example.com', 'ALICE@example.COM'])
def test_email_in_another_case_is_not_a_change_and_keeps_the_stored_case(email):
    body, changed = mod.plan(stored(), params(email=email))
    assert changed == []
    assert body['email'] == 'Alice@Example.com'


@pytest.mark.parametrize('server_value', ['true', 'True', True, 1])
def test_string_booleans_from_the_server(server_value):
    _body, changed = mod.plan(stored(is_active=server_value), params(active=True))
    assert changed == []
    _body, changed = mod.plan(stored(is_active=server_value), params(active=False))
    assert changed == ['is_active']


def test_unset_options_are_never_changed_but_sent_as_they_are():
    body, changed = mod.plan(stored(), params(role='admin'))
    assert changed == ['role']
    # PUT replaces: every other field goes back unchanged, server-owned ones stay out.
    assert body == {'email': 'Alice@Example.com', 'first_name': 'Alice', 'last_name': 'Example', 'role': 'admin',
                    'language': 'de', 'is_active': True}


def test_empty_string_clears_a_name():
    body, changed = mod.plan(stored(), params(last_name=''))
    assert changed == ['last_name']
    assert body['last_name'] == ''


def test_view():
    assert mod.view(stored(is_active='false')) == {'email': 'Alice@Example.com', 'first_name': 'Alice',
                                                   'last_name': 'Example', 'role': 'editor', 'language': 'de',
                                                   'active': False}
    assert mod.view(None) == {}


class Client(object):
    def __init__(self, check_mode):
        self.check_mode = check_mode
        self.calls = []

    def create(self, resource, body, **params):
        self.calls.append(('create', resource, body))
        return type('R', (), {'status': 201, 'data': dict(body, uuid=UUID)})()

    def put(self, resource, body, **params):
        self.calls.append(('put', resource, body, params))
        return type('R', (), {'status': 200, 'data': dict(body, uuid=params['uuid'])})()

    def delete(self, resource, **params):
        self.calls.append(('delete', resource, params))


def test_ensure_present_writes_only_when_changed_and_never_in_check_mode():
    client = Client(check_mode=True)
    assert mod.ensure_present(client, stored(), {}, []) == (False, stored(), stored())
    changed, before, after = mod.ensure_present(client, stored(), {'role': 'admin'}, ['role'])
    assert (changed, before, after['role']) == (True, stored(), 'admin')
    assert client.calls == []

    client = Client(check_mode=False)
    mod.ensure_present(client, stored(), {'role': 'admin'}, ['role'])
    mod.ensure_present(client, None, {'email': 'a@b.c'}, ['email'])
    assert client.calls == [('put', 'user', {'role': 'admin'}, {'uuid': UUID}),
                            ('create', 'users', {'email': 'a@b.c'})]


def test_ensure_absent():
    client = Client(check_mode=False)
    assert mod.ensure_absent(client, None) == (False, None, None)
    assert mod.ensure_absent(client, stored()) == (True, stored(), None)
    assert client.calls == [('delete', 'user', {'uuid': UUID})]
