# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""sraps_product_default's want/have logic: one per product, settings against the product's group."""

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsApiError, SrapsError
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_resources as resources
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils.sraps_fakes import (
    ADMIN_PASS, D_ONLY, LANGUAGE, M_SERIES, PRODUCTS, USER_PASS, FakeClient)

D785 = PRODUCTS[0]
M500 = {'uuid': 'e0000000000000000000000000000002', 'name': 'M500', 'product_group': M_SERIES}
UUID = 'f' * 32
MASK = '********'


@pytest.fixture
def catalogue():
    client = FakeClient()
    client.lists['products'] = [D785, M500]
    return Catalogue(client)


def stored(product=None, **settings_manager):
    return {'uuid': UUID, 'product': (product or D785)['uuid'], 'settings_manager': settings_manager, 'links': {}}


def entry(value, perm=''):
    return {'value': value, 'attrs': {'perm': perm}}


def plan(have, catalogue, settings=None, product=None, purge=False, update_password='on_create'):
    product = product or D785
    ctx = context(catalogue, product, settings=settings, purge_settings=purge, update_password=update_password)
    return resources.PRODUCT_DEFAULT.plan(ctx, have)


def context(catalogue, model=None, **p):
    model = model or D785
    ctx = resources.Context(catalogue.client, dict(dict(product=model['name'], settings=None, purge_settings=False,
                                                        update_password='on_create'), **p), catalogue=catalogue)
    ctx.product = model
    return ctx


class mod(object):  # pylint: disable=invalid-name
    """The planning steps of sraps_product_default, over its description (_sraps_resources.PRODUCT_DEFAULT)."""

    @staticmethod
    def find_default(defaults, product):
        ctx = context(Catalogue(FakeClient()), product)
        ctx.catalogue.client.lists['products'] = [D785, M500]
        return resources.PRODUCT_DEFAULT.locate(ctx, defaults, product['uuid'])

    @staticmethod
    def predict(have, body):
        return resources.PRODUCT_DEFAULT.predict(None, have, body)

    @staticmethod
    def view(default, catalogue):
        return resources.PRODUCT_DEFAULT.options(default, context(catalogue))

    @staticmethod
    def shown(default, catalogue):
        return resources.PRODUCT_DEFAULT.shown(default, context(catalogue))


def test_find_by_product(catalogue):
    defaults = [stored(M500), stored(D785)]
    assert mod.find_default(defaults, D785) is defaults[1]
    assert mod.find_default([stored(M500)], D785) is None


def test_two_defaults_for_one_product_fail_listing_uuids():
    with pytest.raises(SrapsError, match='%s, %s' % ('e' * 32, UUID)):
        mod.find_default([stored(), dict(stored(), uuid='e' * 32)], D785)


def test_create(catalogue):
    body, changed = plan(None, catalogue, {'language': 'English', 'admin_mode_password': 'pw'})
    assert body == {'product': D785['uuid'],
                    'settings_manager': {LANGUAGE: entry('English'), ADMIN_PASS: entry('pw')}}
    assert changed == ['product', 'settings_manager']
    assert mod.predict(None, body)['uuid'] is None


def test_unchanged_and_masked_password(catalogue):
    have = stored(**{LANGUAGE: entry('English'), ADMIN_PASS: entry(MASK)})
    _body, changed = plan(have, catalogue, {'language': 'English', 'admin_mode_password': 'pw'})
    assert changed == []
    body, changed = plan(have, catalogue, {'admin_mode_password': 'pw'}, update_password='always')
    assert changed == ['settings_manager']
    assert body['settings_manager'] == {LANGUAGE: entry('English'), ADMIN_PASS: entry('pw')}


def test_indexed_password_on_create_and_always(catalogue):
    have = stored(**{USER_PASS: [{'index': 1, 'value': MASK, 'attrs': {'perm': ''}}]})
    _body, changed = plan(have, catalogue, {'user_pass': {1: 'a', 2: 'b'}})
    assert changed == ['settings_manager']      # index 2 is new, index 1 is kept masked
    body, _changed = plan(have, catalogue, {'user_pass': {1: 'a'}})
    assert body['settings_manager'][USER_PASS][0]['value'] == MASK
    assert plan(have, catalogue, {'user_pass': {1: 'a'}})[1] == []


def test_settings_resolved_against_the_products_group(catalogue):
    # dkey_directory is listed for the D-Series only: fine for a D785; for an M500 written with a warning
    # (SRAPS accepts it), never refused.
    plan(None, catalogue, {'dkey_directory': 'x'})
    assert catalogue.client.warnings == []
    body, changed = plan(None, catalogue, {'dkey_directory': 'x'}, product=M500)
    assert changed == ['product', 'settings_manager'] and body['settings_manager'][D_ONLY] == entry('x')
    assert len(catalogue.client.warnings) == 1
    assert "setting 'dkey_directory' on product group M-Series" in catalogue.client.warnings[0]
    assert 'which SRAPS lists for D-Series, not for M-Series' in catalogue.client.warnings[0]


def test_a_refusal_of_sraps_names_the_setting_the_entry_and_the_group(catalogue):
    ctx = context(catalogue, M500, settings={'dkey_directory': 'x'})
    resources.PRODUCT_DEFAULT.plan(ctx, None)
    said = SrapsApiError('POST /pd/ failed with HTTP 400: SRAPS rejected the request as invalid', method='POST',
                         path='/pd/', status=400, detail={'settings_manager': [
                             '%s: setting does not apply to product group M-Series' % D_ONLY]})
    err = resources.PRODUCT_DEFAULT.rejected(ctx, said)
    assert isinstance(err, SrapsApiError) and (err.status, err.detail, err.method) == (400, said.detail, 'POST')
    assert err.msg.startswith("POST /pd/ failed with HTTP 400: SRAPS refused a setting for product group M-Series: "
                              "setting 'dkey_directory', entry 'Dkey Directory' (section phone-settings, uuid %s"
                              % D_ONLY)
    assert err.msg.endswith('setting does not apply to product group M-Series. This SRAPS refuses settings its '
                            "catalogue does not list for the object's product group: remove the setting")
    other = SrapsApiError('x', status=400, detail={'product': ['product default for this product already exists']})
    assert resources.PRODUCT_DEFAULT.rejected(ctx, other) is other


def test_purge(catalogue):
    have = stored(**{LANGUAGE: entry('English'), ADMIN_PASS: entry(MASK)})
    body, changed = plan(have, catalogue, {'language': 'English'}, purge=True)
    assert changed == ['settings_manager']
    assert body['settings_manager'] == {LANGUAGE: entry('English')}


def test_view_and_shown(catalogue):
    have = stored(**{LANGUAGE: entry('English'), ADMIN_PASS: entry(MASK)})
    assert mod.view(have, catalogue) == {'product': 'D785',
                                         'settings': {'language': 'English', 'admin_mode_password': MASK}}
    assert mod.view(None, catalogue) == {}
    shown = mod.shown(dict(have, settings_manager={ADMIN_PASS: entry('plain')}), catalogue)
    assert shown['product_name'] == 'D785'
    assert shown['settings_manager'][ADMIN_PASS]['value'] == MASK
    assert shown['settings'] == {'admin_mode_password': MASK}
    assert mod.shown(None, catalogue) == {}
