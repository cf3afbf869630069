# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""sraps_company's want/have logic: lookup among the key's companies, country case, delete blockers."""

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsError
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_resources as resources

OWN = 'a' * 32
CHILD = 'b' * 32
OWN_COMPANY = {'uuid': OWN, 'name': 'Demo Reseller', 'type': 'reseller', 'parent': None, 'country': 'DE',
               'city': 'Hamburg', 'links': {}}


def child(**kwargs):
    out = {'uuid': CHILD, 'name': 'Acme', 'type': 'end_user', 'parent': OWN, 'country': 'DE', 'city': 'Bonn',
           'links': {'self': 'https://sraps.test/c'}}
    out.update(kwargs)
    return out


def params(**kwargs):
    out = dict(name='Acme', country=None, city=None, state='present')
    out.update(kwargs)
    return out


def context(client=None, companies=None, p=None):
    ctx = resources.Context(client, p or params())
    ctx.own_uuid = OWN
    ctx.companies = companies
    return ctx


class mod(object):  # pylint: disable=invalid-name
    """The planning steps of sraps_company, over its description (_sraps_resources.COMPANY)."""

    @staticmethod
    def find_company(companies, name, own_uuid):
        ctx = context()
        ctx.own_uuid = own_uuid
        return resources.COMPANY.locate(ctx, companies, name)

    @staticmethod
    def plan(have, p):
        return resources.COMPANY.plan(context(p=p), have)

    @staticmethod
    def predict(have, body, own_uuid):
        ctx = context()
        ctx.own_uuid = own_uuid
        return resources.COMPANY.predict(ctx, have, body)

    @staticmethod
    def view(company):
        return resources.COMPANY.options(company, None)

    @staticmethod
    def ensure_absent(client, have, companies):
        changed = resources.ensure_absent(resources.COMPANY, context(client, companies), have)
        return changed, have if changed else None, None


def test_find_company_leaves_out_the_keys_own():
    companies = [OWN_COMPANY, child()]
    assert mod.find_company(companies, 'Acme', OWN) is companies[1]
    assert mod.find_company(companies, 'Demo Reseller', OWN) is None


def test_find_company_exact_name_first_then_any_case():
    exact = child(uuid='c' * 32, name='ACME')
    companies = [OWN_COMPANY, child(), exact]
    assert mod.find_company(companies, 'ACME', OWN) is exact
    assert mod.find_company(companies, 'Acme', OWN)['uuid'] == CHILD
    with pytest.raises(SrapsError, match='%s, %s' % (CHILD, 'c' * 32)):
        mod.find_company(companies, 'acme', OWN)


def test_create_body_and_prediction():
    body, changed = mod.plan(None, params(country='de'))
    assert body == {'name': 'Acme', 'country': 'DE'}
    assert changed == ['country', 'name']
    assert mod.predict(None, body, OWN) == {'uuid': None, 'name': 'Acme', 'country': 'DE', 'city': '',
                                            'type': 'end_user', 'parent': OWN}


@pytest.mark.parametrize('name, country', [('Acme', 'DE'), ('acme', 'de'), ('ACME', ' De ')])
def test_case_only_differences_are_not_a_change(name, country):
    body, changed = mod.plan(child(), params(name=name, country=country))
    assert changed == []
    assert body == {'name': 'Acme', 'country': 'DE', 'city': 'Bonn'}


def test_update_sends_every_writable_field():
    body, changed = mod.plan(child(), params(city='Köln'))
    assert changed == ['city']
    assert body == {'name': 'Acme', 'country': 'DE', 'city': 'Köln'}


def test_view():
    assert mod.view(child()) == {'name': 'Acme', 'country': 'DE', 'city': 'Bonn'}
    assert mod.view(None) == {}


class Client(object):
    def __init__(self, phones, check_mode=True):
        self.phones = phones
        self.check_mode = check_mode
        self.deleted = []

    def list(self, resource, **params):
        assert (resource, params) == ('endpoints', {'company': CHILD})
        return self.phones

    def delete(self, resource, **params):
        self.deleted.append((resource, params))


def test_delete_refused_with_phones_and_child_companies():
    companies = [OWN_COMPANY, child(), child(uuid='c' * 32, name='Acme Branch', parent=CHILD)]
    client = Client([{'mac': '000413000001'}, {'mac': '000413000002'}])
    with pytest.raises(SrapsError) as failure:
        mod.ensure_absent(client, child(), companies)
    msg = failure.value.msg
    assert "company 'Acme'" in msg and '2 phone(s)' in msg and 'sraps_endpoint' in msg
    assert '1 company(ies) of its own: Acme Branch' in msg and 'nothing was deleted' in msg
    assert client.deleted == []


@pytest.mark.parametrize('check_mode', [True, False])
def test_delete(check_mode):
    client = Client([], check_mode=check_mode)
    assert mod.ensure_absent(client, child(), [OWN_COMPANY, child()]) == (True, child(), None)
    assert client.deleted == ([] if check_mode else [('company', {'company': CHILD})])
    assert mod.ensure_absent(client, None, []) == (False, None, None)
