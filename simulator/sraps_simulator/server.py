"""HTTP front: framing checks, faults, content negotiation, Hawk, dispatch, admin endpoints.

Order of checks for /api/v1/ (mirrors a proxy in front of a DRF service):
  411 chunked / 413 too large (proxy level, body not read) -> body read -> injected faults
  (latency, drop, 429/502/503/504) -> 404 unknown route -> 406 Accept -> 401 Hawk ->
  429 per-key rate limit -> 405 method -> 403 role -> 415 / 400 body -> handler ->
  state saved -> apply-then-502. With the mode writes async, a valid write is answered 202 after
  the handler ran on a scratch copy, and applied later (async_writes.py).
Everything answered after Hawk succeeded carries Server-Authorization (unless the mode
server_auth is off).
"""

import io
import json
import socket
import ssl
import sys
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from . import __version__
from .async_writes import AsyncWrites, scratch_copy
from .call_in import CALLER_IP, CallIn, CallInConfigError
from .faults import FaultConfigError
from .modes import ModeConfigError, Modes
from .hawk import HawkError, HawkVerifier
from .resources import Api, ApiError, Ctx, FORBIDDEN
from .seed import SeedError
from .stats import Stats

MAX_BODY = 10 * 1024 * 1024           # 10 MiB, like a proxy's client_max_body_size 10m
ACCEPTED_VERSIONS = ("1", "1.0", "v1")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
JSON_TYPE = "application/json"

FAULT_BODIES = {
    429: "Request was throttled. Expected available in %d second%s.",
    502: "Bad gateway.",
    503: "Service temporarily unavailable (maintenance).",
    504: "Gateway timeout.",
}


def _hashable(payload):
    """A response body for mohawk to hash: non-empty as a file object, which mohawk hashes in
    blocks. Given bytes, mohawk pretty-prints the whole body for a debug line even when debug
    logging is off (~0.1 s per 500 kB list page), which would make the simulator, not the client
    under test, the bottleneck of a benchmark. The hash is the same."""
    return io.BytesIO(payload) if payload else payload


def encode(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def check_accept(header):
    """None when acceptable, else the 406 detail (contract §1)."""
    if not header or not header.strip():
        return None
    ranges = []
    for order, part in enumerate(header.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        if not media:
            continue
        attrs = {}
        for p in params:
            name, dummy, value = p.partition("=")
            attrs[name.strip().lower()] = value.strip().strip('"')
        try:
            q = float(attrs.get("q", "1"))
        except ValueError:
            q = 0.0
        if media.lower() in (JSON_TYPE, "application/*", "*/*") and q > 0:
            # Prefer the highest q, then the most specific range, then the order given.
            ranges.append((-q, media.lower() != JSON_TYPE, order, attrs))
    if not ranges:
        return "Could not satisfy the request Accept header."
    version = min(ranges)[3].get("version")
    if version is not None and version not in ACCEPTED_VERSIONS:
        return "Invalid version in \"Accept\" header."
    return None


class Simulator:
    """Everything a request handler needs; shared by all threads."""

    def __init__(self, state, faults, access_log=False, modes=None, call_in=None):
        self.state = state
        self.modes = modes if modes is not None else Modes()
        self.call_in = call_in if call_in is not None else CallIn()
        self.api = Api(state, self.modes, self.call_in)
        self.faults = faults
        self.stats = Stats()
        self.access_log = access_log
        self.hawk = HawkVerifier(self._secret_for)
        self.async_writes = AsyncWrites(self._apply_later)

    @property
    def server_auth(self):
        return self.modes.config["server_auth"] == "on"

    def _apply_later(self, job):
        """Carry out a write answered 202 (see async_writes.py)."""
        handler, ctx, params = job
        ctx.now = self.now()
        try:
            with self.state.lock:
                handler(ctx, **params)
        except ApiError as err:
            # Only the status and the fields: messages may quote values.
            sys.stderr.write("sraps_simulator: async %s %s not applied: %d %s\n"
                             % (ctx.method, ctx.path, err.status, sorted(err.body)))
            return
        self.stats.write()
        self.state.save()

    def make_due_calls(self):
        """The calls of phones that call in by themselves (call_in.py) that are due by now."""
        now = self.now()
        due = self.call_in.take_due(now)
        if not due:
            return
        with self.state.lock:
            for mac in due:
                endpoint = self.state.data["endpoints"].get(mac)
                if endpoint is not None:
                    self.api.phone_contact(mac, self.api.model_of(endpoint), CALLER_IP, now)
        self.state.save()

    def restart_call_in(self, doc=None):
        """Set the call-in configuration (doc None: keep it), counting every phone from now."""
        with self.state.lock:
            self.call_in.configure(self.call_in.config if doc is None else doc,
                                   list(self.state.data["endpoints"]), self.now())

    def snapshot_stats(self):
        snap = self.stats.snapshot()
        snap["writes_pending"] = self.async_writes.pending()
        return snap

    def _secret_for(self, key_id):
        with self.state.lock:
            key = self.state.data["keys"].get(key_id)
            return key["secret"] if key else None

    def now(self):
        """The server clock, including the configured offset (used by Hawk, logs, last_seen)."""
        return time.time() + self.faults.clock_offset


class _Answered(Exception):
    """The response has been sent (or the connection dropped); stop handling."""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"     # keep-alive: clients reuse connections
    server_version = "sraps-simulator/" + __version__
    sys_version = ""
    timeout = 120                     # idle keep-alive connections end eventually
    # Headers and body leave in one write (the base class flushes after each request), and
    # no Nagle: otherwise delayed ACKs cost ~40 ms per keep-alive request.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    # One dispatcher for every method; HEAD is left to the base class (501).
    def do_GET(self):
        self._dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    @property
    def sim(self):
        return self.server.sim

    def log_message(self, fmt, *args):
        if self.sim.access_log:
            sys.stderr.write("%s - %s\n" % (self.address_string(), fmt % args))

    # --- writing responses -------------------------------------------------------------------

    def send(self, status, body=None, headers=None, receiver=None, close=False):
        payload = b"" if status == 204 or body is None else encode(body)
        ctype = JSON_TYPE if payload else ""
        self.send_response(status)
        if payload:
            self.send_header("Content-Type", ctype)
        if status != 204:
            self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if receiver is not None and self.sim.server_auth:
            self.send_header("Server-Authorization",
                             receiver.respond(content=_hashable(payload), content_type=ctype))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if payload:
            self.wfile.write(payload)

    def _lingering_close(self):
        """After answering without reading the body: stop sending, then discard what the client
        still sends for a short while, so our answer is not lost to a TCP reset."""
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(0.2)
            deadline = time.monotonic() + 1.0
            drained = 0
            while time.monotonic() < deadline and drained < 2 * MAX_BODY:
                chunk = self.connection.recv(65536)
                if not chunk:
                    break
                drained += len(chunk)
        except OSError:
            pass
        self.close_connection = True

    def read_body(self, counted):
        """The request body, or raise _Answered after 411/413/400 (connection then closed)."""
        if self.headers.get("Transfer-Encoding"):
            # http.server cannot decode chunked bodies; SRAPS clients always send a length.
            if counted:
                self.sim.stats.rejected(411)
            self.send(411, {"detail": "Length Required: chunked request bodies are not "
                                      "supported, send Content-Length."}, close=True)
            raise _Answered()
        raw = self.headers.get("Content-Length")
        if raw is None:
            return b""
        try:
            length = int(raw)
            if length < 0:
                raise ValueError(raw)
        except ValueError:
            if counted:
                self.sim.stats.rejected(400)
            self.send(400, {"detail": "Invalid Content-Length header."}, close=True)
            raise _Answered()
        if length > MAX_BODY:
            if counted:
                self.sim.stats.rejected(413)
            self.send(413, {"detail": "Request body too large (limit %d bytes)." % MAX_BODY},
                      close=True)
            self._lingering_close()
            raise _Answered()
        body = self.rfile.read(length) if length else b""
        if len(body) != length:
            self.close_connection = True
            raise _Answered()
        return body

    # --- dispatch ----------------------------------------------------------------------------

    def _dispatch(self):
        path, dummy, query = self.path.partition("?")
        try:
            self.sim.make_due_calls()
            if path.startswith("/_sim/"):
                self._admin(path)
            elif path.startswith("/api/v1/") or path == "/api/v1":
                self._api(path, query)
            else:
                self.read_body(counted=False)
                self.send(404, {"detail": "Not found."})
        except _Answered:
            pass
        except (ConnectionError, socket.timeout):
            self.close_connection = True  # the client went away
        except Exception:  # pylint: disable=broad-except
            # A simulator bug: answer 500 (as the real service would) and show why on stderr.
            traceback.print_exc()
            try:
                self.send(500, {"detail": "Internal server error."}, close=True)
            except OSError:
                self.close_connection = True

    def _base(self):
        host = self.headers.get("Host")
        if not host:
            addr, port = self.server.server_address[:2]
            host = "%s:%d" % (("[%s]" % addr) if ":" in addr else addr, port)
        return "%s://%s" % (self.server.scheme, host)

    def _api(self, path, query):
        sim = self.sim
        method = self.command
        matched = sim.api.match(path)
        sim.stats.request(method, matched[0] if matched else "(unmatched)")
        body = self.read_body(counted=True)

        decision = sim.faults.draw()
        if decision.delay > 0:
            time.sleep(decision.delay)
        if decision.drop:
            sim.stats.fault("drop")
            self.close_connection = True   # no answer at all: the client sees a closed socket
            return
        if decision.fail:
            self._fault(decision.fail)
            return

        def reject(status, detail_or_body, headers=None, receiver=None):
            sim.stats.rejected(status)
            payload = detail_or_body if isinstance(detail_or_body, dict) else \
                {"detail": detail_or_body}
            self.send(status, payload, headers, receiver=receiver)

        if matched is None:
            return reject(404, "Not found.")
        methods, params = matched[1:]
        problem = check_accept(self.headers.get("Accept"))
        if problem:
            return reject(406, problem)

        base = self._base()
        ctype = self.headers.get("Content-Type", "")
        try:
            receiver = sim.hawk.verify(self.headers.get("Authorization"), base + self.path,
                                       method, body, ctype, sim.faults.clock_offset)
        except HawkError as err:
            with_tsm = sim.modes.config["stale_tsm"] == "on"
            return reject(401, err.detail, {"WWW-Authenticate": err.header(with_tsm)})
        key_id = receiver.resource.credentials["id"]

        wait = sim.faults.rate_limited(key_id)
        if wait is not None:
            sim.stats.fault("rate_limited")
            return self.send(429, {"detail": FAULT_BODIES[429] % (wait, "" if wait == 1 else "s")},
                             {"Retry-After": str(wait)}, receiver=receiver)
        handler = methods.get(method)
        if handler is None:
            return reject(405, "Method \"%s\" not allowed." % method,
                          {"Allow": ", ".join(sorted(methods))}, receiver)
        with sim.state.lock:
            key = sim.state.data["keys"].get(key_id)
            key = dict(key) if key else None
        if key is None:  # deleted (with its company) while this request was verified
            return reject(401, "Hawk authentication failed: Unknown credentials",
                          {"WWW-Authenticate": 'Hawk error="Unknown credentials"'})
        if method in WRITE_METHODS and key["role"] != "admin":
            return reject(403, FORBIDDEN, receiver=receiver)

        parsed = None
        if body and method in ("POST", "PUT", "PATCH"):
            media = ctype.split(";")[0].strip().lower()
            if media != JSON_TYPE:
                return reject(415, "Unsupported media type \"%s\" in request." % ctype,
                              receiver=receiver)
            try:
                parsed = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as exc:
                return reject(400, "JSON parse error - %s" % exc, receiver=receiver)

        ctx = Ctx(method, path, parse_qsl(query, keep_blank_values=True), parsed, base, key,
                  self.client_address[0], sim.now())
        writes = sim.modes.config["writes"]
        if method in WRITE_METHODS and writes != "sync":
            return self._accept_write(handler, ctx, params, writes, decision, receiver, reject)
        try:
            with sim.state.lock:
                status, result, headers = handler(ctx, **params)
                payload = encode(result) if result is not None else None
        except ApiError as err:
            return reject(err.status, err.body, err.headers, receiver)

        if method in WRITE_METHODS:
            sim.stats.write()
            sim.state.save()          # before answering: an acknowledged write is on disk
            if decision.apply_then_502:
                sim.stats.fault("applied_then_502")
                self.send(502, {"detail": FAULT_BODIES[502]})
                return
        self._send_encoded(status, payload, headers, receiver)

    def _accept_write(self, handler, ctx, params, writes, decision, receiver, reject):
        """Mode writes async / async_never: validate now, answer 202 without a body (contract
        §1), apply later (or never)."""
        sim = self.sim
        try:
            with sim.state.lock:
                real = sim.state.data
                # The handler runs on a scratch copy only to find the answer a bad write gets.
                sim.state.data = scratch_copy(real)
                try:
                    handler(ctx, **params)
                finally:
                    sim.state.data = real
        except ApiError as err:
            return reject(err.status, err.body, err.headers, receiver)
        sim.stats.accepted()
        if writes == "async":
            later = Ctx(ctx.method, ctx.path, ctx.query, ctx.body, ctx.base, ctx.key, ctx.ip,
                        ctx.now)
            sim.async_writes.submit(sim.modes.config["async_delay_ms"] / 1000.0,
                                    (handler, later, params))
        if decision.apply_then_502:
            # Accepted (and so carried out later) but the answer is lost on the way.
            sim.stats.fault("applied_then_502")
            self.send(502, {"detail": FAULT_BODIES[502]})
            return None
        return self._send_encoded(202, None, {}, receiver)

    def _send_encoded(self, status, payload, headers, receiver):
        # Same as send(), for a body already encoded under the state lock.
        self.send_response(status)
        ctype = JSON_TYPE if payload else ""
        if payload:
            self.send_header("Content-Type", ctype)
        if status != 204:
            self.send_header("Content-Length", str(len(payload or b"")))
        for name, value in headers.items():
            self.send_header(name, value)
        if self.sim.server_auth:
            self.send_header("Server-Authorization",
                             receiver.respond(content=_hashable(payload or b""), content_type=ctype))
        self.end_headers()
        if payload:
            self.wfile.write(payload)

    def _fault(self, status):
        config = self.sim.faults.config
        self.sim.stats.fault(str(status))
        headers = {}
        if status == 429:
            wait = config["retry_after"]
            headers["Retry-After"] = str(wait)
            detail = FAULT_BODIES[429] % (wait, "" if wait == 1 else "s")
        else:
            detail = FAULT_BODIES[status]
            if status == 503 and config["retry_after_503"] is not None:
                headers["Retry-After"] = str(config["retry_after_503"])
        self.send(status, {"detail": detail}, headers)

    # --- admin endpoints (test-only, unauthenticated, never faulted or counted) --------------

    def _admin(self, path):
        sim = self.sim
        body = self.read_body(counted=False)
        try:
            doc = json.loads(body.decode("utf-8")) if body.strip() else None
        except (UnicodeDecodeError, ValueError) as exc:
            return self.send(400, {"detail": "JSON parse error - %s" % exc})
        route = (self.command, path)
        if route == ("GET", "/_sim/health"):
            return self.send(200, {"ok": True, "version": __version__})
        if route == ("GET", "/_sim/state"):
            payload = sim.state.dump().encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", JSON_TYPE)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            return self.wfile.write(payload)
        if route == ("POST", "/_sim/reset"):
            try:
                # An empty body (or {}) means the seed the simulator started with. Pending
                # async writes belong to the old state: they are dropped.
                sim.async_writes.reset(lambda: sim.state.reset(doc or None))
            except (SeedError, KeyError, TypeError, AttributeError) as exc:
                return self.send(400, {"detail": "invalid seed: %s" % exc})
            sim.restart_call_in()
            return self.send(200, {"detail": "state reset"})
        if route == ("GET", "/_sim/stats"):
            return self.send(200, sim.snapshot_stats())
        if route == ("POST", "/_sim/stats/reset"):
            sim.stats.reset()
            return self.send(200, sim.snapshot_stats())
        if route == ("GET", "/_sim/faults"):
            return self.send(200, sim.faults.config)
        if route == ("POST", "/_sim/faults"):
            try:
                sim.faults.configure(doc if isinstance(doc, dict) else {})
            except FaultConfigError as exc:
                return self.send(400, {"detail": str(exc)})
            return self.send(200, sim.faults.config)
        if route == ("GET", "/_sim/modes"):
            return self.send(200, sim.modes.config)
        if route == ("POST", "/_sim/modes"):
            try:
                sim.modes.configure(doc if isinstance(doc, dict) else {})
            except ModeConfigError as exc:
                return self.send(400, {"detail": str(exc)})
            return self.send(200, sim.modes.config)
        if route == ("GET", "/_sim/call-in"):
            return self.send(200, sim.call_in.config)
        if route == ("POST", "/_sim/call-in"):
            try:
                sim.restart_call_in(doc if doc is not None else {})
            except CallInConfigError as exc:
                return self.send(400, {"detail": str(exc)})
            return self.send(200, sim.call_in.config)
        if route == ("POST", "/_sim/phone-contact"):
            if not isinstance(doc, dict) or "mac" not in doc:
                return self.send(400, {"mac": ["This field is required."]})
            try:
                with sim.state.lock:
                    endpoint = sim.api.phone_contact(doc["mac"], doc.get("product"),
                                                     doc.get("ip", self.client_address[0]),
                                                     sim.now())
            except ApiError as err:
                return self.send(err.status, err.body)
            sim.state.save()
            return self.send(200, endpoint)
        known = ("/_sim/health", "/_sim/state", "/_sim/reset", "/_sim/stats",
                 "/_sim/stats/reset", "/_sim/faults", "/_sim/modes", "/_sim/phone-contact",
                 "/_sim/call-in")
        if path in known:
            return self.send(405, {"detail": "Method \"%s\" not allowed." % self.command})
        return self.send(404, {"detail": "Not found."})


class SimHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, sim, ssl_context=None):
        self.sim = sim
        self.ssl_context = ssl_context
        self.scheme = "https" if ssl_context else "http"
        super().__init__(address, Handler)

    def finish_request(self, request, client_address):
        if self.ssl_context is None:
            return super().finish_request(request, client_address)
        # The TLS handshake runs here, in the connection's own thread, so a slow or broken
        # client never blocks the accept loop.
        request.settimeout(10)
        try:
            tls = self.ssl_context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            try:
                tls.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            tls.close()

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, socket.timeout, ssl.SSLError)):
            return  # clients hanging up (or drop faults) are not server errors
        super().handle_error(request, client_address)
