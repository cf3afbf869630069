# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""SrapsClient: the one HTTP choke point of the collection.

PRIVATE to this collection: not a public API, it may change in any release.

Every request to SRAPS goes through SrapsClient.request(), which signs it with Hawk
(mohawk), retries what is safe to retry, corrects clock skew once, verifies the
server's signature when one is sent, and turns every failure into one SrapsApiError
that says what to fix. Paths come from _sraps_api.RESOURCES; nothing else in the
collection touches requests or mohawk. It also pages through lists, reads back a POST whose
answer was lost, and refuses writes in check mode; what a request means for the account
(which company, planned companies, caching) is _sraps_account's. A 202 (SRAPS will act
asynchronously) is returned as it came: reading the object back until it shows the write is the
resource layer's, which knows what the object should look like.
"""

from __future__ import annotations

import collections
import email.utils
import hmac
import io
import json
import logging
import os
import random
import re
import secrets
import ssl
import sys
import threading
import time

from urllib.parse import quote, urlencode, urlsplit

# The libraries that did not import, by name, with their ImportError; SrapsModule reports the first one
# with missing_required_lib(). Empty when both are there.
IMPORT_ERRORS = {}

try:
    import requests
    import requests.adapters
    import requests.utils
except ImportError as exc:  # pragma: no cover - reported by the module
    IMPORT_ERRORS['requests'] = exc

try:
    import mohawk
    import mohawk.exc
    import mohawk.util
except ImportError as exc:  # pragma: no cover - reported by the module
    IMPORT_ERRORS['mohawk'] = exc

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_api as api

# mohawk warns "seen_nonce was None" on every verified response. A response's MAC covers the
# request's own nonce and timestamp, so there is nothing to replay; without a handler the warning
# went to the module's stderr once per request (10,000 lines for 10,000 phones).
logging.getLogger('mohawk').addHandler(logging.NullHandler())

WRITE_METHODS = ('POST', 'PUT', 'PATCH', 'DELETE')
RETRY_STATUSES = (429, 502, 503, 504)
# A POST is not idempotent: retry it only when the server cannot have processed it.
POST_RETRY_STATUSES = (429, 503)

STATUS_HINTS = {
    400: 'SRAPS rejected the request as invalid',
    401: ('authentication failed: check access_key_id and access_key_secret, and the clock of the host '
          'running the module (Hawk allows 60 seconds of difference)'),
    403: ('forbidden: the access key\'s role may not allow this (readonly and none keys cannot write), '
          'or the object belongs to another account'),
    404: 'not found',
    405: 'the API does not allow this method here: check that api_url points at the SRAPS API (…/api/v1/)',
    406: ('the server refused the requested API version: leave api_version unset or use one of '
          + ', '.join(api.ACCEPTED_API_VERSIONS)),
    413: 'the request body is too large for SRAPS (10 MB at most): send fewer settings or phones per request',
    415: 'the server refused the body\'s content type',
    429: 'SRAPS is rate limiting this key: lower parallel, raise retries, or run again later',
    500: 'SRAPS had an internal error: run again later; a re-run converges',
    502: 'SRAPS answered with a gateway error: run again; a re-run converges',
    503: 'SRAPS is unavailable (maintenance?): run again later; a re-run converges',
    504: 'SRAPS timed out at its gateway: run again; a re-run converges',
}

Response = collections.namedtuple('Response', ['status', 'data', 'headers'])


class SrapsError(Exception):
    """The base of the collection's two error kinds: a message that says what to fix."""

    def __init__(self, msg):
        super(SrapsError, self).__init__(msg)
        self.msg = msg

    def __str__(self):
        return self.msg

    def result(self):
        """Keyword arguments for fail_json: the message plus the facts behind it."""
        return {'msg': self.msg}


class SrapsInputError(SrapsError):
    """The task's input cannot be right (a typo, an unknown name, an ambiguous one): raised before any
    request that would depend on it, so nothing was written because of it."""


class SrapsApiError(SrapsError):
    """A request to SRAPS failed: what was asked (method, path), the HTTP status (None when no answer
    came), the API's error body, and whether the answer of a POST was lost."""

    def __init__(self, msg, method=None, path=None, status=None, detail=None, lost=None):
        super(SrapsApiError, self).__init__(msg)
        self.method = method
        self.path = path
        self.status = status
        self.detail = detail
        # A POST whose answer was lost, so SRAPS may or may not have done it: 'broken' (a 502 or a
        # connection that broke after the request was sent: nothing is left running) or 'slow' (a 504 or a
        # timeout: SRAPS may still be working on it). None for every other failure.
        self.lost = lost

    def result(self):
        out = {'msg': self.msg}
        if self.status:   # an HTTP status; None when no answer came
            out['status'] = self.status
        if self.method:
            out['method'] = self.method
        if self.path:
            out['path'] = self.path
        if self.detail is not None:
            out['api_error'] = self.detail
        return out


class SrapsCheckModeError(SrapsApiError):
    """A write was attempted while the module runs in check mode: a bug, never a user error."""


def format_detail(detail):
    """Render an API error body (DRF style) as one line."""
    if isinstance(detail, dict):
        if set(detail) == {'detail'}:
            return str(detail['detail'])
        parts = []
        for field, value in detail.items():
            if isinstance(value, list):
                value = '; '.join(str(v) for v in value)
            parts.append('%s: %s' % (field, value))
        return ', '.join(parts)
    if isinstance(detail, list):
        return '; '.join(str(v) for v in detail)
    return str(detail)


def _interned_keys(pairs):
    """A decoded JSON object whose keys are shared with every other answer's (sys.intern).

    A bulk task keeps thousands of answers (one per phone) until it exits; without this each holds
    its own copy of every field name, about a third of an endpoint's memory.
    """
    return dict((sys.intern(key), value) for key, value in pairs)


def encode_body(body):
    """The exact bytes a JSON request body is sent (and signed) as."""
    return json.dumps(body, separators=(',', ':'), sort_keys=True).encode('utf-8')


def parse_retry_after(value, now):
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now)


def parse_hawk_header(value):
    """Attributes of a Hawk header (any order) as a dict."""
    if not value or not value.strip().lower().startswith('hawk'):
        return {}
    return dict(re.findall(r'(\w+)="([^"]*)"', value))


def _causes(exc):
    """exc and the exceptions behind it (requests wraps urllib3, which wraps the socket's)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        nxt = getattr(exc, 'reason', None)
        if not isinstance(nxt, BaseException):
            nxt = None
        if nxt is None and exc.args and isinstance(exc.args[0], BaseException):
            nxt = exc.args[0]
        exc = nxt or exc.__cause__ or exc.__context__


def _connection_refused(exc):
    """True when the TCP connection never opened, so the server saw nothing."""
    # urllib3's NewConnectionError (and its NameResolutionError): the socket never connected.
    return any(isinstance(e, ConnectionRefusedError) or any(k.__name__ == 'NewConnectionError' for k in type(e).__mro__)
               for e in _causes(exc))


def _transport_reason(exc):
    """Why a connection failed, in the socket's or TLS library's words.

    str() of a requests exception is urllib3's wrapping ("HTTPSConnectionPool(...): Max retries exceeded
    with url: ... (Caused by ...)"), which also says "retries" when none were made.
    """
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError) and getattr(cause, 'verify_message', None):
            return 'certificate verify failed: %s' % cause.verify_message
        if isinstance(cause, ssl.SSLError):
            return cause.strerror or str(cause)
        if isinstance(cause, OSError) and cause.strerror:
            return '[Errno %s] %s' % (cause.errno, cause.strerror) if cause.errno else cause.strerror
        if isinstance(cause, (ConnectionError, TimeoutError)) and str(cause):
            return str(cause)
    return str(exc)


API_PATH = '/api/v1/'   # how the default api_url ends (_sraps_api.DEFAULT_API_URL)


def check_connection_options(api_url, validate_certs, ca_path, warn):
    """Refuse an api_url without http(s):// and a ca_path that does not exist, before any request; warn
    when ca_path is given for an http:// URL, where nothing uses it."""
    scheme = urlsplit(api_url).scheme.lower()
    if scheme not in ('http', 'https') or not urlsplit(api_url).netloc:
        if '://' not in api_url:
            what = 'has no scheme'
        elif scheme in ('http', 'https'):
            what = 'has no host'
        else:
            what = 'uses %s://, which the SRAPS API does not speak' % scheme
        raise SrapsInputError('api_url %r %s: write it as https://HOST%s (the default is %s); nothing was sent'
                              % (api_url, what, API_PATH, api.DEFAULT_API_URL))
    if ca_path and scheme == 'http':
        warn('ca_path is set, but api_url %s is plain http://, so no certificate is checked and ca_path is '
             'unused: write api_url with https:// (or leave ca_path out)' % api_url)
    elif ca_path and validate_certs and not os.path.exists(ca_path):
        raise SrapsInputError('ca_path %r does not exist: give the path of the CA bundle (PEM) that signed the '
                              'SRAPS server\'s certificate on the host that runs the module, or leave ca_path '
                              'out to use the system\'s CAs; nothing was sent' % ca_path)


def _plain_http_answer(reason):
    """Whether a TLS handshake failed because the server answered in plain HTTP."""
    text = reason.lower()
    return any(word in text for word in ('wrong version number', 'record layer failure', 'unknown protocol',
                                         'http request', 'packet length too long'))


class SrapsClient(object):
    """Hawk-signed access to one SRAPS account, for the length of one module run."""

    def __init__(self, api_url, access_key_id, access_key_secret, validate_certs=True, ca_path=None, timeout=30,
                 retries=5, api_version=None, check_mode=False, warn=None, pool_size=16, retry_max_wait=300.0,
                 max_pages=200, sleep=time.sleep, clock=time.time):
        if IMPORT_ERRORS:
            raise SrapsInputError('the Python libraries requests and mohawk are required on the host that runs '
                                  'the module: pip install requests mohawk')
        if not api_url.endswith('/'):
            api_url += '/'
        check_connection_options(api_url, validate_certs, ca_path, warn or (lambda msg: None))
        self.api_url = api_url
        self.key_id = access_key_id
        self._secret = access_key_secret
        self._credentials = {'id': access_key_id, 'key': access_key_secret, 'algorithm': 'sha256'}
        self.check_mode = check_mode
        self.timeout = timeout
        self.retries = retries
        self.retry_max_wait = retry_max_wait
        self.max_pages = max_pages
        self._warn = warn or (lambda msg: None)
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._pause_until = 0.0
        self.clock_offset = 0
        self.stats = collections.Counter()

        self.session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=pool_size, max_retries=0)
        self.session.mount('https://', adapter)
        self.session.mount('http://', adapter)
        self.session.verify = (ca_path or True) if validate_certs else False
        # The environment is read once, here, for the API's host, instead of by requests on every
        # request (trust_env scans os.environ each time: a cost that shows at thousands of requests).
        # As requests would: proxies from HTTPS_PROXY, HTTP_PROXY and NO_PROXY, and REQUESTS_CA_BUNDLE
        # or CURL_CA_BUNDLE, but only when neither ca_path nor validate_certs false is set.
        self._verify = self.session.verify
        if self._verify is True:
            self._verify = os.environ.get('REQUESTS_CA_BUNDLE') or os.environ.get('CURL_CA_BUNDLE') or True
        self.session.proxies.update(requests.utils.get_environ_proxies(api_url))
        self.session.trust_env = False
        # A no-op auth: nothing (such as ~/.netrc) may replace the Hawk header.
        self.session.auth = lambda prepared: prepared
        accept = 'application/json'
        if api_version:
            accept += '; version=%s' % api_version
        self.session.headers.update({'Accept': accept, 'User-Agent': 'sraps.provisioning'})
        if not validate_certs:
            try:
                import urllib3
                urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
            except ImportError:  # pragma: no cover
                pass

    # ------------------------------------------------------------------ paths
    def url(self, resource, query=None, **params):
        """Absolute URL of a named resource from the table, path parameters quoted."""
        try:
            template = api.RESOURCES[resource].path
        except KeyError:
            raise SrapsInputError('internal error: unknown SRAPS resource %r' % resource)
        if '{company}' in template and 'company' not in params:
            raise SrapsInputError('internal error: %s needs the company (the account layer fills it in)' % resource)
        path = template.format(**dict((k, quote(str(v), safe='')) for k, v in params.items()))
        url = self.api_url + path
        if query:
            url += '?' + urlencode([(k, v) for k, v in query.items() if v is not None])
        return url

    def _redact(self, text):
        if self._secret and text:
            text = text.replace(self._secret, '********')
        return text

    def _redact_data(self, data):
        """A decoded API body with the secret masked in every string (an echoing server must not leak it)."""
        if isinstance(data, str):
            return self._redact(data)
        if isinstance(data, list):
            return [self._redact_data(v) for v in data]
        if isinstance(data, dict):
            return dict((self._redact_data(k), self._redact_data(v)) for k, v in data.items())
        return data

    # ---------------------------------------------------------------- signing
    @staticmethod
    def _hashable(content):
        """Content for mohawk: a non-empty body as a file object, which mohawk hashes in blocks.

        Given bytes, mohawk also pretty-prints the whole body for a debug log line it builds even
        when debug logging is off: about 0.1 s per 500 kB page of a list.
        """
        return io.BytesIO(content) if content else content

    def _sign(self, method, url, body, content_type):
        ts = int(self._clock() + self.clock_offset)
        sender = mohawk.Sender(self._credentials, url, method, content=self._hashable(body),
                               content_type=content_type, nonce=secrets.token_urlsafe(12), _timestamp=ts)
        return sender

    def _adopt_clock(self, www_authenticate):
        """Verify a stale-timestamp answer and take the server's clock. False when not one."""
        attrs = parse_hawk_header(www_authenticate)
        if 'ts' not in attrs or 'tsm' not in attrs:
            return False
        expected = mohawk.util.calculate_ts_mac(attrs['ts'], self._credentials)
        if isinstance(expected, bytes):
            expected = expected.decode('ascii')
        if not hmac.compare_digest(expected.encode('utf-8'), attrs['tsm'].encode('utf-8')):
            raise SrapsApiError('the server\'s clock correction (tsm) failed verification: the answer did not '
                                'come from a SRAPS server that knows this key. Check api_url and any proxy '
                                'in between.', status=401)
        try:
            server_ts = int(attrs['ts'])
        except ValueError:
            return False
        with self._lock:
            self.clock_offset = server_ts - int(self._clock())
        self._warn('the clock of this host differs from SRAPS by %d seconds; requests now use the server '
                   'time' % self.clock_offset)
        return True

    def _verify_response(self, sender, response):
        header = response.headers.get('Server-Authorization')
        if not header:
            return
        try:
            # The hash is optional in Server-Authorization: a mac-only header is valid; a hash, when
            # present, is still checked (mohawk only skips the check when the hash is absent).
            sender.accept_response(header, content=self._hashable(response.content),
                                   content_type=response.headers.get('Content-Type', ''),
                                   accept_untrusted_content=True,
                                   localtime_offset_in_seconds=self.clock_offset,
                                   timestamp_skew_in_seconds=self.timeout + 120)
        except mohawk.exc.HawkFail as exc:
            raise SrapsApiError('the response\'s Server-Authorization signature is not valid (%s): the answer '
                                'may have been altered on the way; check api_url and any proxy in between'
                                % type(exc).__name__, status=response.status_code)

    # --------------------------------------------------------------- retries
    def _backoff(self, attempt, response):
        if response is not None:
            after = parse_retry_after(response.headers.get('Retry-After'), self._clock())
            if after is not None:
                return after
        base = min(30.0, 0.5 * (2 ** attempt))
        return base / 2 + random.uniform(0, base / 2)

    def _wait_for_pause(self):
        with self._lock:
            pause = self._pause_until - self._clock()
        if pause > 0:
            self._sleep(pause)

    def _pause_everyone(self, delay):
        """A 429 slows every worker of this client, not just the one that got it."""
        with self._lock:
            self._pause_until = max(self._pause_until, self._clock() + delay)

    # --------------------------------------------------------------- request
    def request(self, method, url, body=None):
        """Send one signed request, retrying what is safe; return a Response or raise SrapsApiError."""
        method = method.upper()
        path = urlsplit(url).path
        payload, content_type = self._payload(method, path, body)
        attempt = 0
        waited = 0.0
        skew_corrected = False
        while True:
            self._wait_for_pause()
            sender = self._sign(method, url, payload, content_type)
            response = None
            try:
                response = self._send(sender, method, url, payload if body is not None else None, content_type)
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                delay, reason = self._connection_failed(method, path, exc, attempt)
            else:
                status = response.status_code
                if status == 401 and not skew_corrected and \
                        self._adopt_clock(response.headers.get('WWW-Authenticate', '')):
                    skew_corrected = True
                    continue
                retryable = status in (POST_RETRY_STATUSES if method == 'POST' else RETRY_STATUSES)
                if not retryable or attempt >= self.retries:
                    self._verify_response(sender, response)
                    return self._finish(method, path, response, attempt)
                delay = self._backoff(attempt, response)
                if status == 429:
                    self._pause_everyone(delay)
                reason = 'HTTP %d' % status
            if waited + delay > self.retry_max_wait:
                if response is not None:
                    return self._finish(method, path, response, attempt)
                raise SrapsApiError('%s %s: gave up after waiting %.0f seconds for SRAPS to recover'
                                    % (method, path, waited), method=method, path=path)
            attempt += 1
            waited += delay
            self.stats['retries'] += 1
            self._warn('%s %s: %s, retry %d of %d in %.1f s' % (method, path, reason, attempt, self.retries, delay))
            self._sleep(delay)

    def _payload(self, method, path, body):
        """(bytes, content type) of a request body; a write in check mode or a body over 10 MB is refused."""
        if method in WRITE_METHODS and self.check_mode:
            raise SrapsCheckModeError('internal error: %s %s attempted in check mode; nothing was written'
                                      % (method, path), method=method, path=path)
        if body is None:
            return b'', ''
        payload = encode_body(body)
        if len(payload) > api.MAX_BODY_BYTES:
            raise SrapsApiError('%s %s: the request body is %d bytes, over the 10 MB SRAPS accepts; send '
                                'fewer settings per object' % (method, path, len(payload)),
                                method=method, path=path, status=413)
        return payload, 'application/json'

    def _send(self, sender, method, url, data, content_type):
        """One attempt: the signed request sent; a TLS failure is final, other connection errors propagate."""
        headers = {'Authorization': sender.request_header}
        if content_type:
            headers['Content-Type'] = content_type
        self.stats[method] += 1
        try:
            # verify per request: an explicit argument is what requests uses as given.
            return self.session.request(method, url, data=data, headers=headers, timeout=self.timeout,
                                        verify=self._verify)
        except requests.exceptions.SSLError as exc:
            reason = self._redact(_transport_reason(exc))
            if _plain_http_answer(reason):
                raise SrapsApiError('api_url %s uses https://, but the server at that port answered in plain '
                                    'HTTP (%s): write api_url with http:// if this server has no TLS, or use '
                                    'the port that serves https (ca_path and validate_certs do not help here)'
                                    % (self.api_url, reason), method=method, path=urlsplit(url).path)
            raise SrapsApiError('TLS certificate verification failed for %s (%s). Set ca_path to the CA '
                                'bundle that signed the server\'s certificate; validate_certs: false only '
                                'for testing.' % (self.api_url, reason),
                                method=method, path=urlsplit(url).path)

    def _connection_failed(self, method, path, exc, attempt):
        """(delay, reason) to retry after a connection error, or the final error: a POST is retried only
        when the connection never opened (the server saw nothing)."""
        safe = method != 'POST' or _connection_refused(exc)
        if safe and attempt < self.retries:
            return self._backoff(attempt, None), 'connection error (%s)' % self._redact(_transport_reason(exc))
        timeout = isinstance(exc, requests.exceptions.Timeout)
        hint = 'check api_url, DNS, proxy and firewall' if _connection_refused(exc) else 'a re-run converges'
        if not safe:
            hint = ('the server may have processed it; not retried because POST is not '
                    'idempotent. Run again: the module finds what exists and converges')
        raise SrapsApiError('%s %s: the connection to %s %s after %d attempt(s): %s; %s'
                            % (method, path, self.api_url, 'timed out' if timeout else 'failed', attempt + 1,
                               self._redact(_transport_reason(exc)), hint), method=method, path=path,
                            lost=None if safe else ('slow' if timeout else 'broken'))

    def _finish(self, method, path, response, attempts):
        status = response.status_code
        data = None
        if response.content:
            try:
                data = json.loads(response.content, object_pairs_hook=_interned_keys)
            except ValueError:
                data = response.text[:500]
        if status < 400:
            return Response(status, data, response.headers)
        hint = STATUS_HINTS.get(status, 'unexpected answer from SRAPS')
        if status == 404 and self._outside_api(path):
            hint = ('not found: api_url %s probably lacks %s (neither the access key nor a list is there): '
                    'write api_url as https://HOST%s, such as %s'
                    % (self.api_url, API_PATH, API_PATH, api.DEFAULT_API_URL))
        if status in RETRY_STATUSES and attempts:
            hint += ' (after %d retries)' % attempts
        detail = format_detail(data) if data not in (None, '') else ''
        msg = '%s %s failed with HTTP %d: %s' % (method, path, status, hint)
        if detail:
            msg += '. SRAPS said: %s' % detail
        lost = None
        if method == 'POST' and status in RETRY_STATUSES and status not in POST_RETRY_STATUSES:
            lost = 'slow' if status == 504 else 'broken'
        raise SrapsApiError(self._redact(msg), method=method, path=path, status=status,
                            detail=self._redact_data(data), lost=lost)

    def _outside_api(self, path):
        """Whether a 404 for path means that api_url is not the API's root: api_url does not end in /api/v1/
        and path is the access key (the first read of a task) or a collection (which the API always has)."""
        root = urlsplit(self.api_url).path
        token = root + api.RESOURCES['token'].path.split('{')[0]
        return not root.endswith(API_PATH) and (path.startswith(token) or path.endswith('/'))

    # ------------------------------------------------------------ verbs
    def get(self, resource, query=None, missing_ok=False, **params):
        """One object, or None when missing_ok and SRAPS answers 404."""
        try:
            return self.request('GET', self.url(resource, query=query, **params)).data
        except SrapsApiError as exc:
            if missing_ok and exc.status == 404:
                return None
            raise

    def list(self, resource, query=None, limit=None, **params):
        """Every item of a collection: follows Link rel="next" at the largest page size.

        With limit, stops reading pages once that many items are in (logs can be long).
        """
        query = dict(query or {})
        query.setdefault('page_size', min(limit, api.PAGE_SIZE_MAX) if limit else api.PAGE_SIZE_MAX)
        items = []
        for page in self.pages(resource, query=query, **params):
            items.extend(page)
            if limit and len(items) >= limit:
                return items[:limit]
        return items

    def pages(self, resource, query=None, **params):
        """The pages of a collection one by one (each a list of items), following Link rel="next".

        A page is read only when the caller asks for it: a caller that has what it needs stops, and no
        further page is requested. page_size in query defaults to the largest.
        """
        query = dict(query or {})
        query.setdefault('page_size', api.PAGE_SIZE_MAX)
        url = self.url(resource, query=query, **params)
        count = 0
        while url:
            response = self.request('GET', url)
            if not isinstance(response.data, list):
                raise SrapsApiError('GET %s: expected a JSON list, got %s'
                                    % (urlsplit(url).path, type(response.data).__name__))
            count += 1
            yield response.data
            url = self._next_link(response.headers.get('Link'))
            if url and count >= self.max_pages:
                raise SrapsApiError('GET %s: more than %d pages of %d items; narrow the query'
                                    % (urlsplit(url).path, self.max_pages, query['page_size']))

    @staticmethod
    def _next_link(header):
        if not header:
            return None
        for part in header.split(','):
            match = re.match(r'\s*<([^>]*)>\s*;(.*)', part)
            if match and re.search(r'rel="?next"?', match.group(2)):
                return match.group(1)
        return None

    def create(self, resource, body, find=None, unique=False, **params):
        """POST a new object to a collection.

        A POST is not retried like other requests: SRAPS may have created the object although the answer
        was lost (a 502 or 504, a broken connection). With find (items -> the object, or None), such a
        loss is followed by a read of the collection: an object find() recognises was created, and is
        returned. When there is none, the POST is sent again (at most `retries` times) if unique (SRAPS
        refuses a second object with the same key, so a repeat cannot duplicate) or if nothing can still be
        running (a 502, a broken connection); after a 504 or a timeout SRAPS may still be creating it, so
        the error stands and a later run, which reads first, converges.
        """
        url = self.url(resource, **params)
        path = urlsplit(url).path
        repeats = 0
        while True:
            try:
                return self.request('POST', url, body)
            except SrapsApiError as exc:
                # After a repeat, a refusal of the unique key means the lost POST did create the object.
                taken = repeats > 0 and unique and exc.status == 400
                if find is None or not (exc.lost or taken):
                    raise
                error = exc
            found = find(self.list(resource, **params))
            if found is not None:
                self._warn('POST %s: the answer was lost, but SRAPS has the object: it was created' % path)
                return Response(201, found, {})
            if taken or repeats >= self.retries or not (unique or error.lost == 'broken'):
                raise error
            repeats += 1
            delay = self._backoff(repeats, None)
            self.stats['retries'] += 1
            self._warn('POST %s: the answer was lost and SRAPS does not have the object, retry %d of %d in %.1f s'
                       % (path, repeats, self.retries, delay))
            self._sleep(delay)

    def put(self, resource, body, **params):
        return self.request('PUT', self.url(resource, **params), body)

    def delete(self, resource, missing_ok=True, **params):
        """Delete; an object already gone counts as deleted (a retried DELETE may find it gone)."""
        try:
            return self.request('DELETE', self.url(resource, **params))
        except SrapsApiError as exc:
            if missing_ok and exc.status == 404:
                return None
            raise

    def warn(self, msg):
        """Tell the user (a warning of the task)."""
        self._warn(msg)

    def now(self):
        """The client's clock (a fake one in tests), for the layers that wait."""
        return self._clock()

    def pause(self, seconds):
        """Sleep on the client's clock: the account's waits after a 202 use it."""
        self._sleep(seconds)
