"""Server side of Hawk (hawk.1, sha256) with mohawk.Receiver (contract §2).

The error names in `WWW-Authenticate: Hawk error="..."` follow the reference implementation
(@hapi/hawk): Missing authentication, Invalid header syntax, Unknown credentials, Bad mac,
Bad payload hash, Invalid nonce (a replay), Stale timestamp.
"""

import heapq
import threading
import time

import mohawk
from mohawk import exc as hawk_exc
from mohawk.util import calculate_ts_mac, parse_authorization_header

SKEW_SECONDS = 60


class HawkError(Exception):
    """A request that fails authentication: answer 401 with these details."""

    def __init__(self, error, detail=None, www_authenticate=None, ts=None):
        super().__init__(error)
        self.error = error
        self.detail = detail or "Hawk authentication failed: %s" % error
        self.www_authenticate = www_authenticate or 'Hawk error="%s"' % error
        self.ts = ts   # the server time of a stale-timestamp answer

    def header(self, with_tsm=True):
        """WWW-Authenticate; a stale-timestamp answer without tsm when with_tsm is false (the
        mode stale_tsm off: a server that does not sign its time)."""
        if self.ts is None or with_tsm:
            return self.www_authenticate
        return 'Hawk ts="%d", error="%s"' % (self.ts, self.error)


class NonceStore:
    """Remembers (id, nonce, ts) while ts is inside the window; older entries are pruned."""

    def __init__(self, skew=SKEW_SECONDS):
        self.skew = skew
        self._lock = threading.Lock()
        self._seen = set()
        self._expiry = []  # heap of (expires at, entry)

    def __len__(self):
        return len(self._seen)

    def seen(self, key_id, nonce, ts, now):
        """True when the triple was seen before (a replay); otherwise records it."""
        try:
            ts = int(ts)
        except (TypeError, ValueError):
            return False  # mohawk rejects the header itself a moment later
        with self._lock:
            while self._expiry and self._expiry[0][0] < now:
                self._seen.discard(heapq.heappop(self._expiry)[1])
            if abs(ts - now) > self.skew:
                # Stale: mohawk rejects it with a tsm right after this call. Not recording it
                # keeps the store bounded and gives a replayed stale request the stale answer.
                return False
            entry = (key_id, nonce, ts)
            if entry in self._seen:
                return True
            self._seen.add(entry)
            # Past this moment ts is outside the window, so a replay is stale anyway.
            heapq.heappush(self._expiry, (ts + self.skew + 1, entry))
            return False


class HawkVerifier:
    def __init__(self, secret_for, skew=SKEW_SECONDS):
        """`secret_for(key_id)` returns the key's secret, or None for an unknown id."""
        self.secret_for = secret_for
        self.skew = skew
        self.nonces = NonceStore(skew)

    def _credentials(self, key_id):
        secret = self.secret_for(key_id)
        if secret is None:
            raise LookupError(key_id)
        # A fresh dict each time: mohawk rewrites credentials["id"] in place.
        return {"id": key_id, "key": secret, "algorithm": "sha256"}

    def verify(self, header, url, method, content, content_type, clock_offset=0.0):
        """Return the mohawk.Receiver (it signs the response) or raise HawkError.

        `url` is rebuilt by the caller from the Host header the client used. The payload hash
        is optional (accept_untrusted_content) but verified when present; a bodiless request
        that hashes empty content with an empty content type verifies too.
        """
        if not header:
            raise HawkError("Missing authentication",
                            "Authentication credentials were not provided.", "Hawk")

        def seen_nonce(key_id, nonce, ts):
            return self.nonces.seen(key_id, nonce, ts, time.time() + clock_offset)

        try:
            return mohawk.Receiver(
                self._credentials, header, url, method,
                content=content, content_type=content_type,
                seen_nonce=seen_nonce,
                accept_untrusted_content=True,
                localtime_offset_in_seconds=clock_offset,
                timestamp_skew_in_seconds=self.skew)
        except hawk_exc.CredentialsLookupError:
            raise HawkError("Unknown credentials")
        except hawk_exc.MacMismatch:
            raise HawkError("Bad mac")
        except hawk_exc.MisComputedContentHash:
            raise HawkError("Bad payload hash")
        except hawk_exc.AlreadyProcessed:
            raise HawkError("Invalid nonce", "Hawk authentication failed: replayed request "
                                             "(nonce already used)")
        except hawk_exc.TokenExpired as err:
            server_ts = err.localtime_in_seconds
            key_id = _header_id(header)
            tsm = calculate_ts_mac(server_ts, self._credentials(key_id)).decode("ascii")
            raise HawkError("Stale timestamp", "Hawk authentication failed: stale timestamp",
                            'Hawk ts="%d", tsm="%s", error="Stale timestamp"' % (server_ts, tsm),
                            ts=server_ts)
        except (hawk_exc.HawkFail, KeyError, ValueError, TypeError, UnicodeError):
            raise HawkError("Invalid header syntax")


def _header_id(header):
    return parse_authorization_header(header)["id"]
