# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Writes SRAPS answers 202 ("will take an asynchronous action"): the transport reports them as they came,
the resource layer reads the object back with backoff until it shows the write, within async_timeout."""

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_endpoints as ep
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_resources as resources
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_account import ASYNC_MAX_POLL
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsApiError
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import COMPANY_UUID, Reply

UUID = '7' * 32
USERS = 'companies/%s/users/' % COMPANY_UUID
USER = USERS + UUID
ENDPOINTS = 'companies/%s/endpoints/' % COMPANY_UUID
OLD = {'uuid': UUID, 'email': 'alice@example.com', 'first_name': 'Alice', 'last_name': 'Example',
       'role': 'viewer', 'language': 'en', 'is_active': True, 'links': {}}
NEW = dict(OLD, role='admin')


def user_params(**kw):
    out = dict(email='alice@example.com', first_name=None, last_name=None, role=None, language=None, active=None,
               state='present')
    out.update(kw)
    return out


def converge_user(client, have, **kw):
    ctx = resources.Context(client, user_params(**kw))
    body, changed = resources.USER.plan(ctx, have)
    return resources.ensure_present(resources.USER, ctx, have, body, changed)


def test_the_transport_reports_a_202_as_it_came(sraps, make_client):
    sraps.route('PUT', USER, Reply(202))
    response = make_client(company=COMPANY_UUID).put('user', {'role': 'admin'}, uuid=UUID)
    assert (response.status, response.data) == (202, None)
    assert sraps.count() == 1


def test_a_put_answered_202_is_read_back_until_it_shows(sraps, make_client):
    sraps.route('PUT', USER, Reply(202))
    sraps.route('GET', USER, Reply(200, OLD), Reply(200, OLD), Reply(200, NEW))
    client = make_client(company=COMPANY_UUID)
    start = sraps.clock.now

    assert converge_user(client, OLD, role='admin') == (True, NEW)
    assert sraps.count('GET', USER) == 3
    assert sraps.count('PUT', USER) == 1
    # backoff: 0.25 + 0.5 + 1 seconds
    assert sraps.clock.now - start == pytest.approx(1.75)


def test_a_put_never_shown_fails_naming_the_object_within_the_timeout(sraps, make_client):
    sraps.route('PUT', USER, Reply(202))
    sraps.route('GET', USER, Reply(200, OLD))
    client = make_client(company=COMPANY_UUID)
    client.async_timeout = 3
    start = sraps.clock.now

    with pytest.raises(SrapsApiError) as caught:
        converge_user(client, OLD, role='admin')
    assert caught.value.msg.startswith("e-mail 'alice@example.com': SRAPS accepted the write (HTTP 202")
    assert 'within 3 seconds (async_timeout)' in caught.value.msg
    assert 'a re-run reads what SRAPS holds and converges' in caught.value.msg
    assert sraps.clock.now - start == pytest.approx(3)      # 0.25 + 0.5 + 1 + 1.25: a last read at the deadline
    assert sraps.count('GET', USER) == 4


def test_the_wait_backs_off_to_a_cap(sraps, make_client):
    sraps.route('PUT', USER, Reply(202))
    sraps.route('GET', USER, Reply(200, OLD))
    client = make_client(company=COMPANY_UUID)
    with pytest.raises(SrapsApiError, match='within 60 seconds'):
        converge_user(client, OLD, role='admin')
    # 0.25, 0.5, 1, 2, 4, then 5 s at most: about a read per five seconds, not hundreds
    assert sraps.count('GET', USER) == 5 + 10 + 1     # 7.75 s, ten of 5 s, the last 2.25 s
    assert ASYNC_MAX_POLL == 5.0


def test_a_create_answered_202_is_found_by_its_natural_key(sraps, make_client):
    created = dict(NEW, uuid='8' * 32)
    sraps.route('POST', USERS, Reply(202))
    sraps.route('GET', USERS, Reply(200, []), Reply(200, [created]))
    client = make_client(company=COMPANY_UUID)

    assert converge_user(client, None, role='admin') == (True, created)
    assert sraps.count('POST', USERS) == 1
    assert sraps.count('GET', USERS) == 2


def test_a_delete_answered_202_waits_for_the_404(sraps, make_client):
    sraps.route('DELETE', USER, Reply(202))
    sraps.route('GET', USER, Reply(200, OLD), Reply(404, {'detail': 'Not found.'}))
    ctx = resources.Context(make_client(company=COMPANY_UUID), user_params(state='absent'))

    assert resources.ensure_absent(resources.USER, ctx, OLD) is True
    assert sraps.count('GET', USER) == 2


def test_a_delete_never_done_fails(sraps, make_client):
    sraps.route('DELETE', USER, Reply(202))
    sraps.route('GET', USER, Reply(200, OLD))
    client = make_client(company=COMPANY_UUID)
    client.async_timeout = 1
    ctx = resources.Context(client, user_params(state='absent'))
    with pytest.raises(SrapsApiError, match='did not show it within 1 seconds'):
        resources.ensure_absent(resources.USER, ctx, OLD)


def test_a_sync_write_reads_nothing_back(sraps, make_client):
    sraps.route('PUT', USER, Reply(200, NEW))
    assert converge_user(make_client(company=COMPANY_UUID), OLD, role='admin') == (True, NEW)
    assert sraps.count() == 1


# ------------------------------------------------------------------ phones
def phone(mac, name, warranty=3):
    return {'mac': mac, 'uuid': mac * 2 + '00000000', 'name': name, 'provisioning_profile': None,
            'autoprovisioning_enabled': True, 'warranty_exp_warning_period': warranty, 'settings_manager': {},
            'product': None, 'last_seen': None, 'links': {}}


def bulk(client, items, parallel=4):
    """Plan and apply an sraps_endpoint task over a real account (the fake SRAPS behind it)."""
    planner = ep.Planner(client, Catalogue(client))
    params = dict((k, None) for k in ep.PHONE_OPTIONS)
    params.update(mac=None, endpoints=items, state='present')
    phones, problems = ep.build_phones(params)
    assert problems == []
    planner.read(phones)
    for one in phones:
        planner.plan(one)
    ep.apply(client, phones, parallel, planner)
    return phones


class AsyncPhones(object):
    """The endpoints of a fake SRAPS that answers writes 202 and carries each out once `delay` more reads
    (lists or GETs) have come (delay None: never)."""

    def __init__(self, sraps, stored, delays=None, default=2):
        self.stored = stored
        self.delays = delays or {}
        self.default = default
        self.reads = self.lists = self.gets = 0
        self.pending = {}     # mac -> (the body, None for a delete; the read count after which it applies)
        sraps.handler = self.handle

    def handle(self, seen):
        path = seen.path.split('/api/v1/', 1)[1]
        mac = path.rsplit('/', 1)[1]
        if seen.method in ('PUT', 'DELETE'):
            delay = self.delays.get(mac, self.default)
            self.pending[mac] = (seen.json() if seen.method == 'PUT' else None,
                                 None if delay is None else self.reads + delay)
            return Reply(202)
        self.reads += 1
        for key, (body, due) in list(self.pending.items()):
            if due is not None and self.reads > due:
                if body is None:
                    self.stored.pop(key, None)
                else:
                    self.stored[key] = phone(key, body['name'], body['warranty_exp_warning_period'])
                del self.pending[key]
        if path == ENDPOINTS:
            self.lists += 1
            return Reply(200, sorted(self.stored.values(), key=lambda e: e['mac']))
        self.gets += 1
        return Reply(200, self.stored[mac]) if mac in self.stored else Reply(404, {'detail': 'Not found.'})


def test_many_phones_answered_202_share_one_wait_read_with_one_list_per_round(sraps, make_client):
    macs = ['0004130000%02d' % i for i in range(1, 31)]
    never = macs[7]
    fake = AsyncPhones(sraps, dict((mac, phone(mac, 'old')) for mac in macs), {never: None})
    client = make_client(company=COMPANY_UUID)
    client.async_timeout = 10
    start = sraps.clock.now

    phones = bulk(client, [{'mac': mac, 'name': 'new'} for mac in macs])

    assert sraps.count('PUT') == 30
    # one list to plan, one per round while more than a few are pending, then GETs of the one left
    assert (fake.lists, fake.gets) == (1 + 3, 3)
    assert sraps.clock.now - start == pytest.approx(10)     # one async_timeout for all 30, not 30 of them
    failed = [p for p in phones if p.error]
    assert [p.mac for p in failed] == [never]
    assert 'HTTP 202' in failed[0].error and 'converges' in failed[0].error
    done = [p for p in phones if not p.error]
    assert len(done) == 29
    assert all(p.output['name'] == 'new' for p in done)     # returned as read back


def test_few_phones_answered_202_are_read_with_gets(sraps, make_client):
    macs = ['000413000001', '000413000002']
    fake = AsyncPhones(sraps, dict((mac, phone(mac, 'old', warranty=None)) for mac in macs))
    phones = bulk(make_client(company=COMPANY_UUID), [{'mac': mac, 'name': 'new'} for mac in macs], parallel=2)

    assert [p.error for p in phones] == [None, None]
    assert [p.output['name'] for p in phones] == ['new', 'new']
    # the null warranty the phones had is what was sent and what came back
    assert [p.output['warranty_exp_warning_period'] for p in phones] == [None, None]
    assert (fake.lists, fake.gets) == (0, 2 + 4)


def test_a_phone_delete_answered_202_waits_until_it_is_gone(sraps, make_client):
    mac = '000413000005'
    fake = AsyncPhones(sraps, {mac: phone(mac, 'old')})
    phones = bulk(make_client(company=COMPANY_UUID), [{'mac': mac, 'state': 'absent'}])

    assert phones[0].error is None and phones[0].action == 'delete'
    assert fake.stored == {}
    assert fake.gets == 1 + 3


def test_a_phone_whose_read_back_fails_gets_that_reason(sraps, make_client):
    macs = ['000413000001', '000413000002']
    fake = AsyncPhones(sraps, dict((mac, phone(mac, 'old')) for mac in macs))
    handler = fake.handle

    def broken_second(seen):
        if seen.method == 'GET' and seen.path.endswith(macs[1]) and fake.gets >= 2:
            fake.gets += 1
            return Reply(500, {'detail': 'Server Error'})
        return handler(seen)
    sraps.handler = broken_second
    phones = bulk(make_client(company=COMPANY_UUID), [{'mac': mac, 'name': 'new'} for mac in macs], parallel=1)

    assert phones[0].error is None and phones[0].output['name'] == 'new'
    assert phones[1].error.startswith('GET failed with HTTP 500') and 'Server Error' in phones[1].error
