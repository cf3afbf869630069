# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""SrapsClient against a fake SRAPS: Hawk, retries, clock skew, pagination, errors, companies."""

from __future__ import annotations

import email.utils
import json

import mohawk
import mohawk.util
import pytest
import requests

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import (
    SrapsCheckModeError, SrapsError, format_detail, parse_retry_after)
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import (
    API_URL, COMPANY_UUID, CREDENTIALS, KEY_ID, SECRET, Reply, connection_refused, connection_reset,
    link_next)

MAC = '000413aabbcc'
ENDPOINT = 'companies/%s/endpoints/%s' % (COMPANY_UUID, MAC)
ENDPOINT_BODY = {'mac': MAC, 'autoprovisioning_enabled': True, 'name': 'Reception ü',
                 'settings_manager': {'a' * 32: {'value': 'x', 'attrs': {'perm': 'RW'}}}}


def payload_hash(body, content_type):
    digest = mohawk.util.calculate_payload_hash(body, 'sha256', content_type)
    return digest.decode('ascii') if isinstance(digest, bytes) else digest


def ts_mac(ts, key=SECRET):
    tsm = mohawk.util.calculate_ts_mac(ts, dict(CREDENTIALS, key=key))
    return tsm.decode('ascii') if isinstance(tsm, bytes) else tsm


def stale(ts, key=SECRET):
    """A 401 with a Hawk stale-timestamp challenge for server time ts, its tsm made with key."""
    return Reply(401, {'detail': 'Stale timestamp'}, headers={
        'WWW-Authenticate': 'Hawk ts="%d", tsm="%s", error="Stale timestamp"' % (ts, ts_mac(ts, key))})


# ------------------------------------------------------------------------------------------ Hawk signing
def test_get_is_signed_without_body(sraps, make_client):
    sraps.route('GET', 'companies/' + COMPANY_UUID, Reply(200, {'uuid': COMPANY_UUID}))
    client = make_client(company=COMPANY_UUID)

    assert client.company() == {'uuid': COMPANY_UUID}

    (seen,) = sraps.requests
    assert seen.receiver is not None          # mohawk.Receiver accepted the Authorization header
    assert seen.method == 'GET'
    assert seen.url == API_URL + 'companies/' + COMPANY_UUID
    assert not seen.body
    assert 'Content-Type' not in seen.headers
    assert seen.auth['id'] == KEY_ID
    assert set(seen.auth) <= {'id', 'ts', 'nonce', 'hash', 'mac'}
    if 'hash' in seen.auth:                   # optional; when sent it must be the empty payload's
        assert seen.auth['hash'] == payload_hash(b'', '')
    assert seen.headers['Accept'] == 'application/json'
    assert SECRET not in json.dumps(dict(seen.headers))


@pytest.mark.parametrize('method', ['PUT', 'POST'])
def test_json_body_is_signed_and_sent_as_hashed(sraps, make_client, method):
    sraps.route(method, ENDPOINT, Reply(201, dict(ENDPOINT_BODY, uuid='b' * 32)))
    client = make_client(company=COMPANY_UUID)

    response = client.request(method, API_URL + ENDPOINT, ENDPOINT_BODY)

    assert response.status == 201
    assert response.data['uuid'] == 'b' * 32
    (seen,) = sraps.requests
    assert seen.receiver is not None
    assert seen.headers['Content-Type'] == 'application/json'
    assert json.loads(seen.body.decode('utf-8')) == ENDPOINT_BODY
    # the bytes on the wire are exactly the bytes the hash covers
    assert seen.auth['hash'] == payload_hash(seen.body, 'application/json')
    assert seen.headers['Content-Length'] == str(len(seen.body))


def test_put_and_create_verbs_use_the_resource_table(sraps, make_client):
    sraps.route('PUT', ENDPOINT, Reply(200, ENDPOINT_BODY))
    sraps.route('POST', 'companies/%s/provisioning-profiles/' % COMPANY_UUID, Reply(201, {'uuid': 'c' * 32}))
    sraps.route('DELETE', ENDPOINT, Reply(204))
    client = make_client(company=COMPANY_UUID)

    assert client.put('endpoint', ENDPOINT_BODY, mac=MAC).status == 200
    assert client.create('profiles', {'name': 'p'}).data == {'uuid': 'c' * 32}
    assert client.delete('endpoint', mac=MAC).status == 204
    assert [(r.method, r.path) for r in sraps.requests] == [
        ('PUT', '/api/v1/' + ENDPOINT),
        ('POST', '/api/v1/companies/%s/provisioning-profiles/' % COMPANY_UUID),
        ('DELETE', '/api/v1/' + ENDPOINT)]


def test_path_parameters_are_quoted(sraps, make_client):
    client = make_client(company=COMPANY_UUID)
    url = client.url('endpoint', mac='../x y')
    assert url == API_URL + 'companies/%s/endpoints/..%%2Fx%%20y' % COMPANY_UUID


def test_api_url_without_trailing_slash(sraps, make_client):
    client = make_client(api_url=API_URL.rstrip('/'))
    assert client.url('settings') == API_URL + 'settings/'


@pytest.mark.parametrize('version, accept', [
    (None, 'application/json'),
    ('1', 'application/json; version=1'),
])
def test_accept_header(sraps, make_client, version, accept):
    sraps.route('GET', 'settings/', Reply(200, []))
    client = make_client(api_version=version)
    client.list('settings')
    assert sraps.requests[0].headers['Accept'] == accept


def test_fake_server_rejects_a_wrong_signature(sraps, make_client):
    """The fake really verifies: a client with another secret is refused."""
    client = make_client(secret='0' * 32)
    with pytest.raises(AssertionError, match='MacMismatch'):
        client.list('settings')


def test_timeout_is_passed_to_the_transport(sraps, make_client):
    sraps.route('GET', 'settings/', Reply(200, []))
    make_client(timeout=7).list('settings')
    assert sraps.sends[0]['timeout'] == 7


# --------------------------------------------------------------------------------------------- retries
def test_retry_after_seconds(sraps, make_client, warned):
    sraps.route('GET', 'settings/', Reply(429, {'detail': 'Request was throttled.'}, {'Retry-After': '3'}),
                Reply(200, [{'uuid': 'a'}]))
    client = make_client()

    assert client.list('settings') == [{'uuid': 'a'}]

    assert sraps.clock.sleeps == [3.0]
    assert sraps.count('GET', 'settings/') == 2
    first, second = sraps.requests
    assert first.auth['nonce'] != second.auth['nonce']
    assert second.at - first.at == 3.0
    assert len(warned) == 1
    assert 'HTTP 429' in warned[0] and 'retry 1 of 5' in warned[0] and '3.0 s' in warned[0]


def test_retry_after_http_date(sraps, make_client):
    when = email.utils.formatdate(sraps.clock.now + 7, usegmt=True)
    sraps.route('GET', 'settings/', Reply(429, {'detail': 'Request was throttled.'}, {'Retry-After': when}),
                Reply(200, []))
    client = make_client()

    client.list('settings')

    assert sraps.clock.sleeps == [7.0]     # waited once, no second wait for its own pause
    assert sraps.count() == 2


def test_parse_retry_after():
    now = 1700000000.0
    assert parse_retry_after('3', now) == 3.0
    assert parse_retry_after(' 120 ', now) == 120.0
    assert parse_retry_after(email.utils.formatdate(now + 42, usegmt=True), now) == 42.0
    assert parse_retry_after(email.utils.formatdate(now - 42, usegmt=True), now) == 0.0
    assert parse_retry_after('', now) is None
    assert parse_retry_after(None, now) is None
    assert parse_retry_after('soon', now) is None
    assert parse_retry_after('-5', now) is None


@pytest.mark.parametrize('method', ['GET', 'PUT', 'DELETE'])
@pytest.mark.parametrize('status', [502, 503, 504])
def test_idempotent_methods_retry_gateway_and_unavailable(sraps, make_client, warned, method, status):
    sraps.route(method, ENDPOINT, Reply(status, {'detail': 'later'}), Reply(200, {'mac': MAC}))
    client = make_client(company=COMPANY_UUID)

    response = client.request(method, API_URL + ENDPOINT, ENDPOINT_BODY if method == 'PUT' else None)

    assert response.status == 200
    assert sraps.count(method, ENDPOINT) == 2
    assert len(sraps.clock.sleeps) == 1
    assert len(warned) == 1 and 'HTTP %d' % status in warned[0]
    assert sraps.requests[0].auth['nonce'] != sraps.requests[1].auth['nonce']


@pytest.mark.parametrize('status', [429, 503])
def test_post_retried_when_not_processed(sraps, make_client, status):
    sraps.route('POST', 'companies/', Reply(status, {'detail': 'later'}, {'Retry-After': '1'}),
                Reply(201, {'uuid': 'd' * 32}))
    client = make_client()

    assert client.create('companies', {'name': 'New'}).status == 201
    assert sraps.count('POST', 'companies/') == 2
    assert sraps.clock.sleeps == [1.0]


@pytest.mark.parametrize('status', [502, 504])
def test_post_not_retried_on_gateway_errors(sraps, make_client, warned, status):
    sraps.route('POST', 'companies/', Reply(status, {'detail': 'gateway'}), Reply(201, {'uuid': 'd' * 32}))
    client = make_client()

    with pytest.raises(SrapsError) as exc_info:
        client.create('companies', {'name': 'New'})

    assert exc_info.value.status == status
    assert sraps.count('POST', 'companies/') == 1
    assert sraps.clock.sleeps == [] and warned == []


def test_post_retried_when_connection_refused(sraps, make_client, warned):
    sraps.route('POST', 'companies/', connection_refused(), Reply(201, {'uuid': 'd' * 32}))
    client = make_client()

    assert client.create('companies', {'name': 'New'}).status == 201
    assert sraps.count('POST', 'companies/') == 2
    assert len(warned) == 1 and 'connection error' in warned[0]


def test_post_not_retried_when_connection_reset(sraps, make_client):
    sraps.route('POST', 'companies/', connection_reset(), Reply(201, {'uuid': 'd' * 32}))
    client = make_client()

    with pytest.raises(SrapsError) as exc_info:
        client.create('companies', {'name': 'New'})

    assert sraps.count('POST', 'companies/') == 1
    assert 'not idempotent' in exc_info.value.msg
    assert exc_info.value.method == 'POST'


def test_get_retried_when_connection_reset(sraps, make_client):
    sraps.route('GET', 'settings/', connection_reset(), Reply(200, []))
    client = make_client()
    assert client.list('settings') == []
    assert sraps.count() == 2


def test_connection_errors_exhaust_retries(sraps, make_client, warned):
    sraps.route('GET', 'settings/', connection_refused())
    client = make_client(retries=2)

    with pytest.raises(SrapsError) as exc_info:
        client.list('settings')

    assert sraps.count() == 3
    assert 'after 3 attempt(s)' in exc_info.value.msg
    assert 'check api_url' in exc_info.value.msg
    assert len(warned) == 2


def test_retries_exhausted(sraps, make_client, warned):
    sraps.route('GET', 'settings/', Reply(503, {'detail': 'Service in maintenance.'}))
    client = make_client(retries=2)

    with pytest.raises(SrapsError) as exc_info:
        client.list('settings')

    exc = exc_info.value
    assert exc.status == 503
    assert 'unavailable' in exc.msg and 'after 2 retries' in exc.msg
    assert 'Service in maintenance.' in exc.msg
    assert sraps.count() == 3
    assert len(sraps.clock.sleeps) == 2
    assert len(warned) == 2
    assert 'HTTP 503, retry 1 of 2' in warned[0] and 'HTTP 503, retry 2 of 2' in warned[1]


def test_no_retries_when_retries_is_zero(sraps, make_client):
    sraps.route('GET', 'settings/', Reply(503, {'detail': 'x'}), Reply(200, []))
    with pytest.raises(SrapsError):
        make_client(retries=0).list('settings')
    assert sraps.count() == 1


def test_exponential_backoff_with_jitter(sraps, make_client):
    sraps.route('GET', 'settings/', Reply(503, {'detail': 'x'}), Reply(503, {'detail': 'x'}),
                Reply(503, {'detail': 'x'}), Reply(200, []))
    make_client().list('settings')
    sleeps = sraps.clock.sleeps
    assert len(sleeps) == 3
    for attempt, delay in enumerate(sleeps):
        base = 0.5 * 2 ** attempt
        assert base / 2 <= delay <= base


def test_total_wait_is_capped(sraps, make_client, warned):
    sraps.route('GET', 'settings/', Reply(429, {'detail': 'Request was throttled.'}, {'Retry-After': '200'}))
    client = make_client(retries=5, retry_max_wait=300)

    with pytest.raises(SrapsError) as exc_info:
        client.list('settings')

    assert exc_info.value.status == 429
    assert 'rate limiting' in exc_info.value.msg
    assert sraps.clock.sleeps == [200.0]   # a second 200 s wait would pass 300 s
    assert sraps.count() == 2
    assert len(warned) == 1


def test_total_wait_cap_on_connection_errors(sraps, make_client):
    sraps.route('GET', 'settings/', connection_reset())
    client = make_client(retries=5, retry_max_wait=0)
    with pytest.raises(SrapsError, match='gave up after waiting'):
        client.list('settings')
    assert sraps.count() == 1 and sraps.clock.sleeps == []


@pytest.mark.parametrize('status, paused', [(429, True), (503, False)])
def test_429_pauses_other_requests_of_the_client(sraps, make_client, status, paused):
    """While one worker waits out a 429, another worker's request waits too (before it is sent)."""
    sraps.route('GET', 'settings/', Reply(status, {'detail': 'slow down'}, {'Retry-After': '5'}), Reply(200, []))
    sraps.route('GET', 'product-groups/', Reply(200, [{'name': 'D-Series'}]))
    client = make_client()
    other = []
    sraps.clock.on_sleep = lambda seconds: other.append(client.list('product_groups'))

    client.list('settings')

    assert other == [[{'name': 'D-Series'}]]
    throttled = sraps.requests[0]
    (other_request,) = [r for r in sraps.requests if r.path.endswith('product-groups/')]
    if paused:
        assert sraps.clock.sleeps == [5.0, 5.0]
        assert other_request.at >= throttled.at + 5
    else:
        assert sraps.clock.sleeps == [5.0]
        assert other_request.at == throttled.at


# ------------------------------------------------------------------------------------------ clock skew
@pytest.mark.parametrize('skew', [600, -900])
def test_clock_skew_corrected_once(sraps, make_client, warned, skew):
    sraps.server_time_offset = skew    # the server's clock differs from this host's
    sraps.route('GET', 'settings/', Reply(200, []))
    client = make_client()

    assert client.list('settings') == []

    first, second = sraps.requests
    assert [first.status, second.status] == [401, 200]
    assert abs(int(second.auth['ts']) - int(first.auth['ts']) - skew) <= 1
    assert abs(int(second.auth['ts']) - sraps.server_now()) <= 1
    assert first.auth['nonce'] != second.auth['nonce']
    assert abs(client.clock_offset - skew) <= 1
    assert sraps.clock.sleeps == []
    assert len(warned) == 1 and 'clock' in warned[0]

    # later requests use the offset: no 401 any more
    sraps.route('GET', 'product-groups/', Reply(200, []))
    client.list('product_groups')
    assert len(sraps.requests) == 3
    assert sraps.requests[2].status == 200
    assert abs(int(sraps.requests[2].auth['ts']) - sraps.server_now()) <= 1


def test_forged_tsm_is_an_error_not_a_loop(sraps, make_client):
    sraps.route('GET', 'settings/', stale(int(sraps.clock.now) + 600, key='9' * 32), Reply(200, []))
    client = make_client()

    with pytest.raises(SrapsError) as exc_info:
        client.list('settings')

    assert 'tsm' in exc_info.value.msg
    assert exc_info.value.status == 401
    assert sraps.count() == 1
    assert client.clock_offset == 0


def test_non_ascii_tsm_is_a_readable_error(sraps, make_client):
    ts = int(sraps.clock.now) + 600
    sraps.route('GET', 'settings/', Reply(401, {'detail': 'Stale timestamp'}, headers={
        'WWW-Authenticate': u'Hawk ts="%d", tsm="\u00e9\u00e9", error="Stale timestamp"' % ts}))
    with pytest.raises(SrapsError, match='tsm'):
        make_client().list('settings')
    assert sraps.count() == 1


def test_second_stale_timestamp_is_an_error_not_a_loop(sraps, make_client):
    # The server says its clock is 600 s ahead, then refuses the corrected request as stale again.
    sraps.route('GET', 'settings/', stale(int(sraps.clock.now) + 600))
    client = make_client()

    with pytest.raises(SrapsError) as exc_info:
        client.list('settings')

    assert exc_info.value.status == 401
    assert 'authentication failed' in exc_info.value.msg
    assert sraps.count() == 2


def test_plain_401_is_not_retried(sraps, make_client):
    sraps.route('GET', 'settings/', Reply(401, {'detail': 'Unknown credentials'},
                                          {'WWW-Authenticate': 'Hawk error="Unknown credentials"'}))
    with pytest.raises(SrapsError) as exc_info:
        make_client().list('settings')
    assert sraps.count() == 1
    assert 'Unknown credentials' in exc_info.value.msg


# ------------------------------------------------------------------------------- Server-Authorization
@pytest.mark.parametrize('sign', [True, 'mac-only'])
def test_valid_server_authorization_accepted(sraps, make_client, sign):
    sraps.route('GET', 'settings/', Reply(200, [{'uuid': 'a'}], sign=sign))
    sraps.route('PUT', ENDPOINT, Reply(201, {'mac': MAC}, sign=sign))
    sraps.route('DELETE', ENDPOINT, Reply(204, sign=sign))
    client = make_client(company=COMPANY_UUID)

    assert client.list('settings') == [{'uuid': 'a'}]
    assert client.put('endpoint', ENDPOINT_BODY, mac=MAC).data == {'mac': MAC}
    assert client.delete('endpoint', mac=MAC).status == 204


def test_server_authorization_after_clock_correction(sraps, make_client):
    sraps.server_time_offset = 600
    sraps.sign_responses = True
    sraps.route('GET', 'settings/', Reply(200, []))
    assert make_client().list('settings') == []
    assert sraps.count() == 2


def _signed_for_other_content(seen):
    seen.receiver.respond(content=b'[{"uuid": "evil"}]', content_type='application/json')
    return Reply(200, [{'uuid': 'a'}], sign=seen.receiver.response_header)


@pytest.mark.parametrize('forgery', [
    'Hawk mac="%s", hash="%s"' % ('A' * 43 + '=', 'B' * 43 + '='),
    'Hawk mac="not-a-mac"',
    _signed_for_other_content,
])
def test_forged_server_authorization_rejected(sraps, make_client, forgery):
    if callable(forgery):
        sraps.route('GET', 'settings/', forgery)
    else:
        sraps.route('GET', 'settings/', Reply(200, [{'uuid': 'a'}], sign=forgery))

    with pytest.raises(SrapsError) as exc_info:
        make_client().list('settings')

    assert 'Server-Authorization' in exc_info.value.msg
    assert sraps.count() == 1


def test_server_authorization_absent_accepted(sraps, make_client):
    sraps.route('GET', 'settings/', Reply(200, [{'uuid': 'a'}], sign=False))
    assert make_client().list('settings') == [{'uuid': 'a'}]


# ------------------------------------------------------------------------------------------ pagination
def test_pagination_follows_next_links(sraps, make_client):
    page2 = API_URL + 'settings/?page=2&page_size=1000'
    page3 = API_URL + 'settings/?page=3&page_size=1000'

    def pages(seen):
        page = seen.query.get('page', ['1'])[0]
        return {'1': Reply(200, [{'uuid': 1}, {'uuid': 2}], link_next(page2)),
                '2': Reply(200, [{'uuid': 3}], link_next(page3)),
                '3': Reply(200, [{'uuid': 4}])}[page]

    sraps.route('GET', 'settings/', pages)
    client = make_client()

    assert client.list('settings') == [{'uuid': n} for n in (1, 2, 3, 4)]

    assert sraps.requests[0].query == {'page_size': ['1000']}
    assert [r.url for r in sraps.requests[1:]] == [page2, page3]


def test_pagination_link_with_several_relations(sraps, make_client):
    page2 = API_URL + 'settings/?page=2'
    sraps.route('GET', 'settings/', Reply(200, [1], {
        'Link': '<%s?page=9>; rel="last", <%s>; rel="next"' % (API_URL + 'settings/', page2)}), Reply(200, [2]))
    assert make_client().list('settings') == [1, 2]
    assert sraps.requests[1].url == page2


def test_pagination_page_cap(sraps, make_client):
    sraps.route('GET', 'settings/', Reply(200, [{'uuid': 1}], link_next(API_URL + 'settings/?page=2')))
    client = make_client(max_pages=2)

    with pytest.raises(SrapsError, match='more than 2 pages'):
        client.list('settings')

    assert sraps.count() == 2


def test_list_limit_stops_reading_pages(sraps, make_client):
    sraps.route('GET', 'settings/', Reply(200, [1, 2, 3], link_next(API_URL + 'settings/?page=2')))
    assert make_client().list('settings', limit=2) == [1, 2]
    assert sraps.count() == 1
    assert sraps.requests[0].query == {'page_size': ['2']}


def test_list_rejects_a_non_list_body(sraps, make_client):
    sraps.route('GET', 'settings/', Reply(200, {'count': 1, 'results': []}))
    with pytest.raises(SrapsError, match='expected a JSON list'):
        make_client().list('settings')


def test_list_keeps_query_parameters(sraps, make_client):
    sraps.route('GET', 'companies/%s/logs/' % COMPANY_UUID, Reply(200, []))
    make_client(company=COMPANY_UUID).list('logs', query={'mac': MAC, 'event': None})
    assert sraps.requests[0].query == {'mac': [MAC], 'page_size': ['1000']}


# ------------------------------------------------------------------------------------- status messages
HINT_WORDS = {
    400: ['invalid'],
    401: ['authentication failed', 'access_key_id', 'access_key_secret', 'clock'],
    403: ['forbidden', 'role'],
    404: ['not found'],
    405: ['method', 'api_url'],
    406: ['version', 'api_version'],
    413: ['too large', '10 MB'],
    415: ['content type'],
    429: ['rate limiting', 'retries'],
    500: ['internal error'],
    502: ['gateway'],
    503: ['unavailable', 'maintenance'],
    504: ['timed out'],
}


@pytest.mark.parametrize('status', sorted(HINT_WORDS))
@pytest.mark.parametrize('echo_secret', [False, True])
def test_status_messages(sraps, make_client, status, echo_secret):
    detail = 'problem number %d' % status
    if echo_secret:
        detail += ' for key %s:%s' % (KEY_ID, SECRET)
    body = {'mac': [detail, 'second'], 'non_field_errors': ['nfe']} if status == 400 else {'detail': detail}
    sraps.route('PUT', ENDPOINT, Reply(status, body))
    client = make_client(company=COMPANY_UUID, retries=0)

    with pytest.raises(SrapsError) as exc_info:
        client.put('endpoint', ENDPOINT_BODY, mac=MAC)

    exc = exc_info.value
    text = str(exc)
    assert text == exc.msg
    assert text.startswith('PUT /api/v1/%s failed with HTTP %d: ' % (ENDPOINT, status))
    for word in HINT_WORDS[status]:
        assert word in text
    assert 'problem number %d' % status in text
    if status == 400:
        assert 'mac: problem number 400' in text and '; second' in text and 'non_field_errors: nfe' in text
    result = exc.result()
    assert result['status'] == status
    assert result['method'] == 'PUT'
    assert result['path'] == '/api/v1/' + ENDPOINT
    assert result['msg'] == text
    assert 'problem number %d' % status in json.dumps(result['api_error'])
    assert SECRET not in text
    assert SECRET not in json.dumps(result)
    assert SECRET not in repr(exc.detail)
    if echo_secret:
        assert KEY_ID in text and '********' in text


def test_non_json_error_body_is_redacted(sraps, make_client):
    sraps.route('GET', 'settings/', Reply(502, raw=('<html>bad gateway %s</html>' % SECRET).encode(),
                                          headers={'Content-Type': 'text/html'}))
    with pytest.raises(SrapsError) as exc_info:
        make_client(retries=0).list('settings')
    assert 'bad gateway' in exc_info.value.msg
    assert SECRET not in json.dumps(exc_info.value.result())


def test_unknown_status(sraps, make_client):
    sraps.route('GET', 'settings/', Reply(418, {'detail': 'teapot'}))
    with pytest.raises(SrapsError, match='HTTP 418: unexpected answer from SRAPS. SRAPS said: teapot'):
        make_client().list('settings')


def test_get_missing_ok_and_delete_of_missing_object(sraps, make_client):
    sraps.route('GET', ENDPOINT, Reply(404, {'detail': 'Not found.'}))
    sraps.route('DELETE', ENDPOINT, Reply(404, {'detail': 'Not found.'}))
    client = make_client(company=COMPANY_UUID)
    assert client.get('endpoint', missing_ok=True, mac=MAC) is None
    assert client.delete('endpoint', mac=MAC) is None
    with pytest.raises(SrapsError) as exc_info:
        client.get('endpoint', mac=MAC)
    assert exc_info.value.status == 404
    with pytest.raises(SrapsError):
        client.delete('endpoint', missing_ok=False, mac=MAC)


def test_connection_error_text_is_redacted(sraps, make_client):
    sraps.route('GET', 'settings/', requests.exceptions.ConnectionError('proxy said %s' % SECRET))
    with pytest.raises(SrapsError) as exc_info:
        make_client(retries=0).list('settings')
    assert 'proxy said ********' in exc_info.value.msg
    assert SECRET not in json.dumps(exc_info.value.result())


def test_format_detail():
    assert format_detail({'detail': 'Not found.'}) == 'Not found.'
    assert format_detail({'mac': ['taken_mac_or_forbidden']}) == 'mac: taken_mac_or_forbidden'
    assert format_detail({'name': ['a', 'b'], 'city': 'c'}) == 'name: a; b, city: c'
    assert format_detail(['x', 'y']) == 'x; y'
    assert format_detail('plain') == 'plain'


# -------------------------------------------------------------------------------- check mode, body size
@pytest.mark.parametrize('call', [
    lambda c: c.put('endpoint', ENDPOINT_BODY, mac=MAC),
    lambda c: c.create('profiles', {'name': 'p'}),
    lambda c: c.delete('endpoint', mac=MAC),
    lambda c: c.request('PATCH', API_URL + ENDPOINT, {'name': 'x'}),
], ids=['PUT', 'POST', 'DELETE', 'PATCH'])
def test_check_mode_refuses_writes_without_sending(sraps, make_client, call):
    client = make_client(company=COMPANY_UUID, check_mode=True)
    with pytest.raises(SrapsCheckModeError, match='check mode'):
        call(client)
    assert sraps.requests == []


def test_check_mode_allows_reads(sraps, make_client):
    sraps.route('GET', ENDPOINT, Reply(200, {'mac': MAC}))
    client = make_client(company=COMPANY_UUID, check_mode=True)
    assert client.get('endpoint', mac=MAC) == {'mac': MAC}
    assert sraps.count('GET') == 1


def test_oversized_body_refused_before_sending(sraps, make_client):
    client = make_client(company=COMPANY_UUID)
    body = {'name': 'x' * api.MAX_BODY_BYTES}
    with pytest.raises(SrapsError) as exc_info:
        client.put('endpoint', body, mac=MAC)
    assert exc_info.value.status == 413
    assert '10 MB' in exc_info.value.msg
    assert sraps.requests == []


def test_body_limit_boundary(sraps, make_client, monkeypatch):
    assert api.MAX_BODY_BYTES == 10 * 1024 * 1024
    monkeypatch.setattr(api, 'MAX_BODY_BYTES', 4096)    # the same check, without hashing 10 MB
    sraps.route('PUT', ENDPOINT, Reply(200, {}))
    client = make_client(company=COMPANY_UUID)
    body = {'name': 'x' * (4096 - len('{"name":""}'))}

    client.put('endpoint', body, mac=MAC)
    assert len(sraps.requests[0].body) == 4096

    with pytest.raises(SrapsError, match='over the 10 MB'):
        client.put('endpoint', {'name': body['name'] + 'x'}, mac=MAC)
    assert sraps.count() == 1


# ------------------------------------------------------------------------------------------------- TLS
def test_tls_error_mentions_ca_path(sraps, make_client):
    sraps.route('GET', 'settings/', requests.exceptions.SSLError('certificate verify failed: self-signed'))
    with pytest.raises(SrapsError) as exc_info:
        make_client().list('settings')
    assert 'ca_path' in exc_info.value.msg
    assert 'certificate verify failed' in exc_info.value.msg
    assert sraps.count() == 1


@pytest.fixture
def ca_file(tmp_path):
    path = tmp_path / 'ca.pem'
    path.write_text('')
    return str(path)


def _with_ca(kwargs, verify, ca_file):
    kwargs = dict((k, ca_file if v == 'CA' else v) for k, v in kwargs.items())
    return kwargs, ca_file if verify == 'CA' else verify


@pytest.mark.parametrize('kwargs, verify', [
    ({}, True),
    ({'ca_path': 'CA'}, 'CA'),
    ({'validate_certs': False}, False),
    ({'validate_certs': False, 'ca_path': 'CA'}, False),
    ({'validate_certs': False, 'ca_path': '/nowhere/ca.pem'}, False),   # not used, so not checked
])
def test_certificate_options_reach_the_transport(sraps, make_client, monkeypatch, ca_file, kwargs, verify):
    monkeypatch.delenv('REQUESTS_CA_BUNDLE', raising=False)
    monkeypatch.delenv('CURL_CA_BUNDLE', raising=False)
    kwargs, verify = _with_ca(kwargs, verify, ca_file)
    sraps.route('GET', 'settings/', Reply(200, []))
    make_client(**kwargs).list('settings')
    assert sraps.sends[0]['verify'] == verify


@pytest.mark.parametrize('kwargs, verify', [
    ({'ca_path': 'CA'}, 'CA'),
    ({'validate_certs': False}, False),
])
def test_certificate_options_beat_requests_ca_bundle(sraps, make_client, monkeypatch, ca_file, kwargs, verify):
    """REQUESTS_CA_BUNDLE in the environment must not override ca_path or validate_certs."""
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/etc/ssl/other-bundle.pem')
    kwargs, verify = _with_ca(kwargs, verify, ca_file)
    sraps.route('GET', 'settings/', Reply(200, []))
    make_client(**kwargs).list('settings')
    assert sraps.sends[0]['verify'] == verify


def test_missing_ca_path_is_refused_before_any_request(sraps, make_client):
    with pytest.raises(SrapsError) as exc_info:
        make_client(ca_path='/nowhere/ca.pem')
    msg = exc_info.value.msg
    assert "ca_path '/nowhere/ca.pem' does not exist" in msg and 'CA bundle' in msg and 'nothing was sent' in msg
    assert sraps.requests == []


def test_ca_path_with_plain_http_warns_that_it_is_unused(sraps, make_client, warned, ca_file):
    make_client(api_url='http://sraps.test/api/v1/', ca_path=ca_file)
    assert len(warned) == 1 and 'ca_path is set' in warned[0] and 'unused' in warned[0] and 'https://' in warned[0]
    warned[:] = []
    make_client(ca_path=ca_file)
    assert warned == []


@pytest.mark.parametrize('url, words', [
    ('sraps.test/api/v1/', ['has no scheme']),
    ('ftp://sraps.test/api/v1/', ['uses ftp://']),
    ('https:///api/v1/', ['has no host']),
])
def test_api_url_without_http_scheme_is_refused_before_any_request(sraps, make_client, url, words):
    with pytest.raises(SrapsError) as exc_info:
        make_client(api_url=url)
    msg = exc_info.value.msg
    for word in words + ['api_url %r' % url, 'write it as https://HOST/api/v1/', api.DEFAULT_API_URL]:
        assert word in msg
    assert sraps.requests == []


@pytest.mark.parametrize('reason', ['[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)',
                                    '[SSL: RECORD_LAYER_FAILURE] record layer failure (_ssl.c:1000)'])
def test_https_against_a_plain_http_port(sraps, make_client, reason):
    sraps.route('GET', 'settings/', requests.exceptions.SSLError(reason))
    with pytest.raises(SrapsError) as exc_info:
        make_client().list('settings')
    msg = exc_info.value.msg
    assert 'answered in plain HTTP' in msg and 'write api_url with http://' in msg and API_URL in msg
    assert 'certificate' not in msg


def test_token_not_found_under_a_url_without_api_v1(sraps, make_client):
    """The key is the first thing every task reads: a 404 there under an api_url without /api/v1/ says so."""
    with pytest.raises(SrapsError) as exc_info:
        make_client(api_url='https://sraps.test/').company()
    msg = exc_info.value.msg
    assert sraps.requests[0].path == '/tokens/' + KEY_ID
    assert 'HTTP 404' in msg and 'api_url https://sraps.test/ probably lacks /api/v1/' in msg
    assert api.DEFAULT_API_URL in msg


def test_collection_not_found_under_a_url_without_api_v1(sraps, make_client):
    with pytest.raises(SrapsError) as exc_info:
        make_client(api_url='https://sraps.test/sraps/').list('companies')
    assert 'api_url https://sraps.test/sraps/ probably lacks /api/v1/' in exc_info.value.msg


def test_token_not_found_under_api_v1_is_plain_not_found(sraps, make_client):
    with pytest.raises(SrapsError) as exc_info:
        make_client().company()
    assert 'HTTP 404: not found' in exc_info.value.msg and 'lacks' not in exc_info.value.msg


def test_netrc_does_not_replace_hawk(sraps, make_client, monkeypatch, tmp_path):
    netrc = tmp_path / 'netrc'
    netrc.write_text('machine sraps.test login user password pass\n')
    monkeypatch.setenv('NETRC', str(netrc))
    sraps.route('GET', 'settings/', Reply(200, []))
    make_client().list('settings')
    assert sraps.requests[0].headers['Authorization'].startswith('Hawk ')


# ------------------------------------------------------------------------------------------- companies
def test_the_transport_asks_for_the_company(make_client):
    """Which company a request is for is the account's (_sraps_account), never the transport's guess."""
    with pytest.raises(SrapsError, match='endpoint needs the company'):
        make_client().client.url('endpoint', mac=MAC)


def test_unknown_resource_is_an_internal_error(make_client):
    with pytest.raises(SrapsError, match='unknown SRAPS resource'):
        make_client().url('nope')


def test_pages_reads_a_page_only_when_asked(sraps, make_client):
    sraps.route('GET', 'settings/', Reply(200, [1, 2], link_next(API_URL + 'settings/?page=2')))
    pages = make_client().pages('settings', query={'page_size': 2})
    assert sraps.count() == 0
    assert next(pages) == [1, 2]
    assert sraps.count() == 1
    assert sraps.requests[0].query == {'page_size': ['2']}
    pages.close()
    assert sraps.count() == 1
