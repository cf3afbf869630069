# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reliability of the client: unique nonces, creates whose answer was lost, transport errors in plain
words, and bulk phone writes that fail before writing or group their reasons.

(A forged Server-Authorization and the clock correction are tested in test_sraps_client.py.)
"""

from __future__ import annotations

import concurrent.futures
import socket
import ssl

import pytest
import requests
import urllib3.exceptions

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_endpoints as ep
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsApiError, SrapsError, SrapsInputError
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils import sraps_fakes as fx
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import (
    API_URL, Reply, connection_reset)

NEW = {'uuid': 'd' * 32, 'name': 'New'}


def by_name(name):
    return lambda items: next((i for i in items if i.get('name') == name), None)


# ------------------------------------------------------------------------------------------ nonces
def test_nonces_unique_over_10000_requests(sraps, make_client):
    """Every request, retries and parallel writes included, carries a nonce never used before.

    The fake server's Hawk check (mohawk.Receiver with a nonce store) would already refuse a reuse;
    the set below says so in numbers.
    """
    sraps.max_requests = 10000
    sraps.route('GET', 'settings/', Reply(200, []))
    client = make_client(pool_size=8)

    def read(dummy):
        return client.list('settings')

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(read, range(10000))) == [[]] * 10000

    nonces = [seen.auth['nonce'] for seen in sraps.requests]
    assert len(nonces) == 10000
    assert len(set(nonces)) == 10000
    assert len(sraps.nonces) == 10000


# --------------------------------------------------------------------- creates whose answer was lost
@pytest.mark.parametrize('lost', [Reply(502, {'detail': 'Bad gateway.'}), Reply(504, {'detail': 'Gateway timeout.'}),
                                  connection_reset()])
def test_lost_create_that_was_made_is_taken(sraps, make_client, warned, lost):
    sraps.route('POST', 'companies/', lost)
    sraps.route('GET', 'companies/', Reply(200, [{'uuid': 'a' * 32, 'name': 'Old'}, NEW]))
    client = make_client()

    assert client.create('companies', {'name': 'New'}, find=by_name('New')).data == NEW
    assert sraps.count('POST', 'companies/') == 1
    assert any('it was created' in w for w in warned)


@pytest.mark.parametrize('lost', [Reply(502, {'detail': 'Bad gateway.'}), connection_reset()])
def test_lost_create_not_made_is_sent_again_after_a_broken_answer(sraps, make_client, warned, lost):
    sraps.route('POST', 'companies/', lost, Reply(201, NEW))
    sraps.route('GET', 'companies/', Reply(200, []))
    client = make_client()

    assert client.create('companies', {'name': 'New'}, find=by_name('New')).status == 201
    assert sraps.count('POST', 'companies/') == 2
    assert sraps.count('GET', 'companies/') == 1
    assert any(', retry 1 of 5 in ' in w for w in warned)


def test_lost_create_after_a_timeout_is_not_sent_again(sraps, make_client):
    """After a 504 SRAPS may still be creating it: a second POST could make a twin of a name SRAPS allows twice."""
    sraps.route('POST', 'companies/', Reply(504, {'detail': 'Gateway timeout.'}), Reply(201, NEW))
    sraps.route('GET', 'companies/', Reply(200, []))
    client = make_client()

    with pytest.raises(SrapsError) as exc_info:
        client.create('companies', {'name': 'New'}, find=by_name('New'))

    assert exc_info.value.status == 504 and exc_info.value.lost == 'slow'
    assert 're-run converges' in exc_info.value.msg
    assert sraps.count('POST', 'companies/') == 1


def test_lost_create_of_a_unique_key_is_sent_again_even_after_a_timeout(sraps, make_client):
    sraps.route('POST', 'companies/%s/users/' % fx.D_SERIES, Reply(504, {'detail': 'Gateway timeout.'}),
                Reply(201, {'uuid': 'e' * 32, 'email': 'a@example.com'}))
    sraps.route('GET', 'companies/%s/users/' % fx.D_SERIES, Reply(200, []))
    client = make_client(company=fx.D_SERIES)

    created = client.create('users', {'email': 'a@example.com'}, unique=True,
                            find=lambda items: next((u for u in items if u['email'] == 'a@example.com'), None))
    assert created.status == 201
    assert sraps.count('POST') == 2


def test_repeat_refused_as_a_duplicate_takes_the_object_the_lost_create_made(sraps, make_client):
    """The first POST was applied late: the repeat gets 400, and the object is there now."""
    users = 'companies/%s/users/' % fx.D_SERIES
    user = {'uuid': 'e' * 32, 'email': 'a@example.com'}
    sraps.route('POST', users, Reply(502, {'detail': 'Bad gateway.'}),
                Reply(400, {'email': ['user with this email already exists']}))
    sraps.route('GET', users, Reply(200, []), Reply(200, [user]))
    client = make_client(company=fx.D_SERIES)

    found = client.create('users', {'email': 'a@example.com'}, unique=True,
                          find=lambda items: next((u for u in items if u['email'] == 'a@example.com'), None))
    assert found.data == user
    assert sraps.count('POST') == 2 and sraps.count('GET') == 2


def test_a_genuine_refusal_after_a_lost_answer_is_reported(sraps, make_client):
    users = 'companies/%s/users/' % fx.D_SERIES
    sraps.route('POST', users, Reply(502, {'detail': 'Bad gateway.'}), Reply(400, {'email': ['Enter a valid email address.']}))
    sraps.route('GET', users, Reply(200, []))
    client = make_client(company=fx.D_SERIES)

    with pytest.raises(SrapsError) as exc_info:
        client.create('users', {'email': 'nope'}, unique=True, find=lambda items: None)
    assert exc_info.value.status == 400 and 'Enter a valid email address' in exc_info.value.msg
    assert sraps.count('POST') == 2


def test_lost_creates_are_repeated_at_most_retries_times(sraps, make_client):
    sraps.route('POST', 'companies/', Reply(502, {'detail': 'Bad gateway.'}))
    sraps.route('GET', 'companies/', Reply(200, []))
    client = make_client(retries=2)

    with pytest.raises(SrapsError) as exc_info:
        client.create('companies', {'name': 'New'}, find=by_name('New'))
    assert exc_info.value.status == 502
    assert sraps.count('POST') == 3 and sraps.count('GET') == 3


@pytest.mark.parametrize('reply', [Reply(400, {'name': ['This field is required.']}), Reply(403, {'detail': 'no'})])
def test_answered_refusals_are_not_looked_for(sraps, make_client, reply):
    sraps.route('POST', 'companies/', reply)
    client = make_client()
    with pytest.raises(SrapsError):
        client.create('companies', {'name': 'New'}, find=by_name('New'))
    assert sraps.count() == 1


def test_without_find_a_lost_create_fails_at_once(sraps, make_client):
    sraps.route('POST', 'companies/', Reply(502, {'detail': 'Bad gateway.'}))
    client = make_client()
    with pytest.raises(SrapsError) as exc_info:
        client.create('companies', {'name': 'New'})
    assert exc_info.value.lost == 'broken'
    assert sraps.count() == 1


def test_only_posts_are_marked_lost(sraps, make_client):
    sraps.route('PUT', 'companies/%s' % ('a' * 32), Reply(502, {'detail': 'Bad gateway.'}))
    client = make_client(retries=0)
    with pytest.raises(SrapsError) as exc_info:
        client.put('company', {'name': 'x'}, company='a' * 32)
    assert exc_info.value.lost is None


# ------------------------------------------------------------------------------- transport errors
def test_certificate_failure_in_the_tls_library_words(sraps, make_client):
    cause = ssl.SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: '
                                            'self-signed certificate (_ssl.c:1006)')
    cause.verify_message = 'self-signed certificate'
    wrapped = requests.exceptions.SSLError(urllib3.exceptions.MaxRetryError(
        None, API_URL, reason=urllib3.exceptions.SSLError(cause)))
    sraps.route('GET', 'settings/', wrapped)

    with pytest.raises(SrapsError) as exc_info:
        make_client().list('settings')
    msg = exc_info.value.msg
    assert '(certificate verify failed: self-signed certificate)' in msg
    assert 'ca_path' in msg and 'Max retries' not in msg


def test_name_resolution_failure_says_check_dns(sraps, make_client):
    gaierror = socket.gaierror(-2, 'Name or service not known')
    reason = urllib3.exceptions.NameResolutionError('no-such-host.invalid', None, gaierror)
    reason.__cause__ = gaierror   # as urllib3 raises it: `raise NameResolutionError(...) from e`
    sraps.route('GET', 'settings/', requests.exceptions.ConnectionError(
        urllib3.exceptions.MaxRetryError(None, API_URL, reason=reason)))

    with pytest.raises(SrapsError) as exc_info:
        make_client(retries=0).list('settings')
    msg = exc_info.value.msg
    assert '[Errno -2] Name or service not known' in msg
    assert 'check api_url, DNS, proxy and firewall' in msg
    assert 'Max retries' not in msg


def test_retry_warning_names_the_connection_error(sraps, make_client, warned):
    sraps.route('GET', 'settings/', connection_reset(), Reply(200, []))
    make_client().list('settings')
    assert 'connection error ([Errno 104] Connection reset by peer), retry 1 of 5' in warned[0]


# ------------------------------------------------------------------------------------- bulk phones
def planned(phones_items):
    client = fx.FakeClient()
    planner = ep.Planner(client, Catalogue(client))
    phones, problems = ep.build_phones({'mac': None, 'endpoints': phones_items, 'name': None, 'profile': None,
                                        'autoprovisioning': None, 'settings': None, 'warranty_warning_months': None,
                                        'state': 'present'})
    assert problems == []
    planner.read(phones)
    return planner, phones


def test_a_phone_over_10_mb_fails_in_planning(monkeypatch):
    """Before any write, so that the other phones of the task are not written without it."""
    monkeypatch.setattr(api, 'MAX_BODY_BYTES', 2000)
    planner, phones = planned([{'mac': '000413000002', 'settings': {'ntp_server': 'n' * 100}},
                               {'mac': '000413000003', 'settings': {'ntp_server': 'n' * 3000}}])
    planner.plan(phones[0])
    assert phones[0].action == 'create'
    with pytest.raises(SrapsError) as exc_info:
        planner.plan(phones[1])
    assert 'over the 10 MB SRAPS accepts' in exc_info.value.msg and isinstance(exc_info.value, SrapsInputError)


class RefusingClient(object):
    """Answers every write like SRAPS does to a read-only key."""

    def put(self, resource, body, mac):
        raise SrapsApiError('PUT /api/v1/companies/c/endpoints/%s failed with HTTP 403: forbidden. SRAPS said: no' % mac,
                            method='PUT', path='/api/v1/companies/c/endpoints/%s' % mac, status=403,
                            detail={'detail': 'You do not have permission to perform this action.'})


def test_equal_reasons_of_many_phones_are_equal_text():
    phones = [ep.Phone('00041300000%d' % i, {}) for i in range(3)]
    for phone in phones:
        phone.action = 'create'
        phone.body = {}
        ep.write(RefusingClient(), phone)
    assert set(phone.error for phone in phones) == {'PUT failed with HTTP 403: forbidden. SRAPS said: no'}
