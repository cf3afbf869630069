# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A fake SRAPS transport for unit tests: no sockets, no real sleeping.

FakeSraps is mounted on a SrapsClient's requests.Session as a transport adapter. Every
request is checked with mohawk.Receiver exactly like the real service does (MAC over
method, URL, host, port and the payload hash; a reused nonce is a test failure), then
answered from a route table or a handler. A stale timestamp is answered like Hawk does:
401 with WWW-Authenticate ts/tsm. FakeClock replaces time.time and time.sleep.
"""

from __future__ import annotations

import collections
import json
import math

from urllib.parse import parse_qs, urlsplit

import mohawk
import mohawk.exc
import requests
import requests.adapters
import requests.structures

API_URL = 'https://sraps.test/api/v1/'
API_PATH = '/api/v1/'
KEY_ID = 'ck_' + '0a1b2c3d4e5f60718293a4b5c6d7e8f9'
SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f'
CREDENTIALS = {'id': KEY_ID, 'key': SECRET, 'algorithm': 'sha256'}
COMPANY_UUID = '3f2a9c0e4b1d4e8f9a6b5c4d3e2f1a0b'


class Reply(object):
    """An answer of the fake server. body is JSON-encoded unless raw bytes are given."""

    def __init__(self, status=200, body=None, headers=None, raw=None, sign=None):
        self.status = status
        self.body = body
        self.headers = dict(headers or {})
        self.raw = raw
        # None: follow FakeSraps.sign_responses; True/False: sign or not; 'mac-only': sign without the
        # payload hash; any other str: send this Server-Authorization header as is.
        self.sign = sign


class Seen(object):
    """One request as the server saw it."""

    def __init__(self, prepared):
        self.prepared = prepared
        self.method = prepared.method
        self.url = prepared.url
        split = urlsplit(prepared.url)
        self.path = split.path
        self.query = parse_qs(split.query)
        self.headers = prepared.headers
        body = prepared.body
        if isinstance(body, str):
            body = body.encode('utf-8')
        self.body = body
        self.auth = hawk_attrs(prepared.headers.get('Authorization', ''))
        self.receiver = None
        self.at = None      # the fake clock when the server saw it
        self.status = None  # the status the server answered with (None: the transport failed)

    def json(self):
        return json.loads(self.body.decode('utf-8'))


def hawk_attrs(header):
    """The attributes of a Hawk header, parsed independently of the client's own parser."""
    assert header.startswith('Hawk '), header
    out = {}
    for part in header[5:].split(','):
        name, dummy, value = part.strip().partition('=')
        assert value.startswith('"') and value.endswith('"'), header
        out[name] = value[1:-1]
    return out


class FakeClock(object):
    """time.time and time.sleep for the client, and mohawk's clock: sleeping advances it, never waits.

    The conftest installs utc_now() as mohawk.base.utc_now, so the fake server's timestamp window and
    the client's check of Server-Authorization both run on this clock, not on the (coarse) real one.
    """

    START = 1800000000.0

    def __init__(self, start=START):
        self.now = float(start)
        self.sleeps = []
        self.on_sleep = None

    def time(self):
        return self.now

    def utc_now(self, offset_in_seconds=0.0):
        """mohawk.util.utc_now on the fake clock."""
        return int(math.floor(self.now + float(offset_in_seconds)))

    def sleep(self, seconds):
        """Record the delay, run on_sleep (what happens meanwhile), then advance the clock."""
        assert seconds >= 0, seconds
        self.sleeps.append(seconds)
        hook, self.on_sleep = self.on_sleep, None
        if hook is not None:
            hook(seconds)
        self.now += seconds


class FakeAdapter(requests.adapters.BaseAdapter):
    """Hands each PreparedRequest to the fake server and builds a requests.Response."""

    def __init__(self, server):
        super(FakeAdapter, self).__init__()
        self.server = server

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        self.server.sends.append({'timeout': timeout, 'verify': verify})
        reply = self.server.handle(request)
        response = requests.Response()
        response.status_code = reply.status
        response.reason = 'Fake'
        response.headers = requests.structures.CaseInsensitiveDict(reply.headers)
        response._content = reply.raw  # pylint: disable=protected-access
        response.encoding = 'utf-8'
        response.url = request.url
        response.request = request
        response.connection = self
        return response

    def close(self):
        pass


class FakeSraps(object):
    """The fake service: Hawk verification, a route table and a log of every request.

    Its clock is self.clock (plus server_time_offset): mohawk.base.utc_now must be self.clock.utc_now.
    """

    def __init__(self, credentials=None, clock=None, skew_window=60, max_requests=500):
        self.credentials = dict(credentials or CREDENTIALS)
        self.clock = clock or FakeClock()
        self.skew_window = skew_window
        self.max_requests = max_requests   # more is a client stuck in a loop: fail instead of hanging
        self.routes = {}
        self.handler = None        # callable(Seen) -> Reply, tried when no route matches
        self.requests = []
        self.sends = []
        self.nonces = set()
        self.sign_responses = False
        self.server_time_offset = 0  # seconds the server's clock is ahead of the client's

    # --------------------------------------------------------------- routes
    def route(self, method, path, *replies):
        """Answer METHOD path (relative to the API root, no query) with replies in order.

        A reply is a Reply, an exception to raise, or a callable(Seen) returning one of those.
        The last reply repeats.
        """
        self.routes[(method.upper(), API_PATH + path)] = collections.deque(replies)

    def count(self, method=None, path=None):
        return len([r for r in self.requests if (method is None or r.method == method)
                    and (path is None or r.path == API_PATH + path)])

    # ------------------------------------------------------------- handling
    def _lookup_credentials(self, key_id):
        if key_id != self.credentials['id']:
            raise LookupError(key_id)
        return self.credentials

    def _seen_nonce(self, key_id, nonce, ts):
        key = (key_id, nonce, ts)
        if key in self.nonces:
            return True
        self.nonces.add(key)
        return False

    def handle(self, prepared):
        seen = Seen(prepared)
        seen.at = self.clock.now
        self.requests.append(seen)
        if len(self.requests) > self.max_requests:
            raise AssertionError('the client sent more than %d requests: a loop?' % self.max_requests)
        reply = self._authenticate(seen)
        if reply is None:
            reply = self._dispatch(seen)
        if isinstance(reply, BaseException):
            raise reply
        seen.status = reply.status
        return self._finish(seen, reply)

    def server_now(self):
        """The server's clock: the fake clock (sleeping advances it) plus server_time_offset."""
        return self.clock.now + self.server_time_offset

    def _authenticate(self, seen):
        """Verify Hawk like SRAPS; a stale timestamp gets the standard 401, anything else fails the test."""
        try:
            seen.receiver = mohawk.Receiver(
                self._lookup_credentials, seen.headers['Authorization'], seen.url, seen.method,
                content=seen.body or b'', content_type=seen.headers.get('Content-Type', ''),
                seen_nonce=self._seen_nonce, timestamp_skew_in_seconds=self.skew_window,
                localtime_offset_in_seconds=self.server_time_offset)
        except mohawk.exc.TokenExpired as exc:
            return Reply(401, {'detail': 'Stale timestamp'}, headers={'WWW-Authenticate': exc.www_authenticate})
        except mohawk.exc.HawkFail as exc:
            raise AssertionError('the fake SRAPS rejected the client\'s Hawk signature: %s: %s'
                                 % (type(exc).__name__, exc))
        return None

    def _dispatch(self, seen):
        queue = self.routes.get((seen.method, seen.path))
        if queue:
            reply = queue.popleft() if len(queue) > 1 else queue[0]
        elif self.handler is not None:
            reply = self.handler
        else:
            reply = Reply(404, {'detail': 'Not found.'})
        if callable(reply) and not isinstance(reply, (Reply, BaseException)):
            reply = reply(seen)
        return reply

    def _finish(self, seen, reply):
        headers = dict(reply.headers)
        raw = reply.raw
        if raw is None:
            raw = b''
            if reply.body is not None:
                raw = json.dumps(reply.body).encode('utf-8')
                headers.setdefault('Content-Type', 'application/json')
        sign = self.sign_responses if reply.sign is None else reply.sign
        if sign == 'mac-only':
            seen.receiver.respond(always_hash_content=False)
            headers['Server-Authorization'] = seen.receiver.response_header
        elif isinstance(sign, str):
            headers['Server-Authorization'] = sign
        elif sign and seen.receiver is not None:
            seen.receiver.respond(content=raw, content_type=headers.get('Content-Type', ''))
            headers['Server-Authorization'] = seen.receiver.response_header
        return Reply(reply.status, reply.body, headers, raw)


def link_next(url):
    """A Link header pointing at the next page."""
    return {'Link': '<%s>; rel="next"' % url}


def connection_refused(url=API_URL):
    """What requests raises when the TCP connection is refused (the server saw nothing)."""
    import urllib3.connection
    import urllib3.exceptions
    conn = urllib3.connection.HTTPSConnection('sraps.test', 443)
    reason = urllib3.exceptions.NewConnectionError(conn, 'Failed to establish a new connection: '
                                                         '[Errno 111] Connection refused')
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, url, reason=reason))


def connection_reset():
    """What requests raises when the connection drops after the request was sent."""
    return requests.exceptions.ConnectionError(
        ConnectionResetError(104, 'Connection reset by peer'))


def run_module(main, args, capsys):
    """Run a module's main() with args; return its JSON result (real exit_json/fail_json output)."""
    import pytest
    from ansible.module_utils.testing import patch_module_args
    with patch_module_args(args):
        with pytest.raises(SystemExit) as exit_info:
            main()
    out = capsys.readouterr().out
    result = json.loads(out)
    result['_rc'] = exit_info.value.code
    return result


def serve_company(sraps, settings, product_groups, products, profiles=()):
    """Route the global catalogues and the company's profiles and (no) phones: what the object and
    endpoint modules read before they plan. Returns sraps, for a fixture to return."""
    base = 'companies/%s/' % COMPANY_UUID
    sraps.route('GET', 'settings/', Reply(200, settings))
    sraps.route('GET', 'product-groups/', Reply(200, product_groups))
    sraps.route('GET', 'products/', Reply(200, products))
    sraps.route('GET', base + 'provisioning-profiles/', Reply(200, list(profiles)))
    sraps.route('GET', base + 'endpoints/', Reply(200, []))
    return sraps
