"""Command line: python -m sraps_simulator --host 127.0.0.1 --port 0 [options].

The first line on stdout is the base URL, printed once the socket listens; nothing else goes to
stdout. Diagnostics go to stderr. SIGTERM / SIGINT save the state file (if any) and exit 0.
"""

import argparse
import json
import signal
import ssl
import sys

from .catalogue import Catalogue
from .call_in import CallIn
from .faults import FIELDS, Faults, FaultConfigError
from . import modes as modes_mod
from .seed import SeedError, default_seed
from .server import SimHTTPServer, Simulator
from .state import State, StateFileError


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m sraps_simulator",
                                description="Local simulator of the SRAPS REST API (test only).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    p.add_argument("--seed", metavar="FILE", help="JSON seed (default: the built-in seed)")
    p.add_argument("--state", metavar="FILE",
                   help="load state from FILE if it exists (else seed), save it after each write")
    p.add_argument("--catalogue-size", type=int, default=None, metavar="N",
                   help="pad the settings catalogue with filler settings to N entries")
    p.add_argument("--no-server-auth", action="store_true",
                   help="do not send Server-Authorization (the same as --server-auth off)")
    p.add_argument("--tls-cert", metavar="FILE")
    p.add_argument("--tls-key", metavar="FILE")
    p.add_argument("--access-log", action="store_true", help="log each request to stderr")
    p.add_argument("--print-default-seed", action="store_true",
                   help="print the built-in seed as JSON and exit")
    f = p.add_argument_group("faults (also settable at run time: POST /_sim/faults)")
    f.add_argument("--latency-ms", type=float, help="fixed delay before each answer")
    f.add_argument("--jitter-ms", type=float, help="plus a uniform random 0..J ms")
    for status in (429, 502, 503, 504):
        f.add_argument("--fail-%d" % status, type=float, metavar="FRACTION",
                       help="fraction of requests answered %d" % status)
    f.add_argument("--retry-after", type=int, metavar="S", help="Retry-After of 429 (default 1)")
    f.add_argument("--retry-after-503", type=int, metavar="S",
                   help="Retry-After of 503 (default: none)")
    f.add_argument("--drop-rate", type=float, metavar="FRACTION",
                   help="fraction of requests whose connection is closed without an answer")
    f.add_argument("--apply-then-502", type=float, metavar="FRACTION",
                   help="fraction of writes applied and then answered 502")
    f.add_argument("--clock-offset", type=float, metavar="S",
                   help="server clock offset in seconds (Hawk, logs, last_seen)")
    f.add_argument("--rate-limit", type=float, metavar="RPS", help="per-key token bucket rate")
    f.add_argument("--rate-burst", type=int, metavar="N",
                   help="bucket size (default: RPS rounded up)")
    f.add_argument("--fault-seed", type=int, metavar="N", help="RNG seed (default 0)")
    c = p.add_argument_group("phones that call in by themselves (also settable at run time: "
                             "POST /_sim/call-in)")
    c.add_argument("--call-in-after", type=float, metavar="S",
                   help="each phone calls in S seconds after it is registered (default: never)")
    c.add_argument("--call-in-fraction", type=float, metavar="F",
                   help="only this fraction of the phones ever calls (default 1)")
    c.add_argument("--call-in-seed", type=int, metavar="N",
                   help="which phones never call: a hash of N and the MAC (default 0)")
    m = p.add_argument_group("modes: where the real service's behaviour is not known, and "
                             "deviations from the contract (also settable at run time: "
                             "POST /_sim/modes)")
    # One flag per entry of the modes table; modes.parse_config validates the values.
    for name, mode in modes_mod.FIELDS.items():
        flag = "--" + name.replace("_", "-")
        text = "%s (default: %s)" % (mode.help, mode.default if mode.default not in ({}, [])
                                     else "none")
        if mode.kind == "choice":
            m.add_argument(flag, choices=mode.values, help=text)
        elif mode.kind in ("renames", "paths"):
            m.add_argument(flag, action="append", metavar=mode.metavar, help=text)
        else:
            m.add_argument(flag, metavar=mode.metavar, help=text)
    args = p.parse_args(argv)
    if args.no_server_auth:
        if args.server_auth == "on":
            p.error("--no-server-auth and --server-auth on contradict each other")
        args.server_auth = "off"
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    return args


class _Stop(BaseException):
    """Raised by the signal handler in the main thread. A BaseException on purpose: socketserver
    swallows any Exception raised while it hands a connection to a new thread."""


def _stop(signum, frame):
    raise _Stop()


def main(argv=None):
    args = parse_args(argv)
    if args.print_default_seed:
        json.dump(default_seed(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    try:
        seed_doc = default_seed()
        if args.seed:
            with open(args.seed, "r", encoding="utf-8") as fh:
                seed_doc = json.load(fh)
        catalogue = Catalogue(args.catalogue_size)
        state = State(catalogue, seed_doc, args.state)
        faults = Faults({name: getattr(args, name) for name in FIELDS})
        modes = modes_mod.Modes({name: getattr(args, name) for name in modes_mod.FIELDS})
        call_in = CallIn({"after": args.call_in_after, "fraction": args.call_in_fraction,
                          "seed": args.call_in_seed})
    except (OSError, ValueError, SeedError, StateFileError, FaultConfigError, KeyError) as exc:
        # ModeConfigError and CallInConfigError are ValueErrors: a bad value stops start-up with its reason.
        sys.stderr.write("sraps_simulator: %s\n" % exc)
        return 2

    context = None
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    sim = Simulator(state, faults, access_log=args.access_log, modes=modes, call_in=call_in)
    sim.restart_call_in()      # the seeded phones are counted from start-up
    try:
        server = SimHTTPServer((args.host, args.port), sim, context)
    except OSError as exc:
        sys.stderr.write("sraps_simulator: cannot listen on %s:%s: %s\n"
                         % (args.host, args.port, exc))
        return 2

    try:
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        host = "[%s]" % args.host if ":" in args.host else args.host
        sys.stdout.write("%s://%s:%d/api/v1/\n" % (server.scheme, host, server.server_address[1]))
        sys.stdout.flush()
        server.serve_forever(poll_interval=0.5)
    except _Stop:
        pass
    finally:
        # A second signal must not interrupt the final save.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        server.server_close()
        # Writes answered 202 were promised: carry them out before the final save.
        sim.async_writes.flush()
        state.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
