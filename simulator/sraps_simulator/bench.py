"""Measure the simulator: start-up time and signed GET requests per second on loopback.

    python -m sraps_simulator.bench [--requests 2000] [--threads 1,4] [--starts 5]

Start-up is the time from spawning `python -m sraps_simulator` to its URL line. Requests/second
include the client's own Hawk signing (mohawk) and use keep-alive connections (http.client),
no faults. Both client and server share the machine's cores, so read the figures as a floor.
"""

import argparse
import http.client
import statistics
import threading
import time
from urllib.parse import urlsplit

import mohawk

from .seed import DEFAULT_KEYS, EXISTING_CUSTOMER_UUID
from .testing import start_simulator


def measure_startup(starts):
    times = []
    for dummy in range(starts):
        t0 = time.perf_counter()
        sim = start_simulator()
        times.append(time.perf_counter() - t0)
        sim.stop()
    return times


def _worker(url, count, results, key):
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    creds = {"id": key["id"], "key": key["secret"], "algorithm": "sha256"}
    ok = 0
    for dummy in range(count):
        sender = mohawk.Sender(creds, url, "GET", content=b"", content_type="")
        conn.request("GET", parts.path, headers={"Authorization": sender.request_header,
                                                 "Accept": "application/json"})
        resp = conn.getresponse()
        resp.read()
        ok += resp.status == 200
    conn.close()
    results.append(ok)


def measure_rps(sim, total, threads):
    url = sim.url + "companies/%s/endpoints/000413100001" % EXISTING_CUSTOMER_UUID
    key = DEFAULT_KEYS["customer_admin"]
    results = []
    workers = [threading.Thread(target=_worker, args=(url, total // threads, results, key))
               for dummy in range(threads)]
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - t0
    return sum(results) / elapsed, sum(results)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m sraps_simulator.bench")
    p.add_argument("--requests", type=int, default=2000)
    p.add_argument("--threads", default="1,4")
    p.add_argument("--starts", type=int, default=5)
    args = p.parse_args(argv)
    import logging
    logging.getLogger("mohawk").setLevel(logging.ERROR)  # no per-request nonce warnings
    starts = measure_startup(args.starts)
    print("start-up (spawn to URL line): median %.0f ms, min %.0f ms, max %.0f ms over %d runs"
          % (statistics.median(starts) * 1000, min(starts) * 1000, max(starts) * 1000,
             len(starts)))
    sim = start_simulator()
    try:
        measure_rps(sim, 200, 1)  # warm-up
        for threads in [int(t) for t in args.threads.split(",")]:
            rps, ok = measure_rps(sim, args.requests, threads)
            print("GET endpoint, %d connection(s): %.0f requests/s (%d OK)" % (threads, rps, ok))
    finally:
        sim.stop()


if __name__ == "__main__":
    main()
