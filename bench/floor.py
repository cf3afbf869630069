"""Case (f) of the bench: the floor of this machine and simulator for N parallel writes.

The same PUTs that case (a) sends, `--parallel` at a time, with as little client as possible:
one keep-alive http.client connection per thread, the Hawk header from mohawk, no response
verification, no retries, no ansible. Whatever (a) takes above this is the collection's (and
ansible's) own cost; what this takes above its lower bound is the simulator's and the machine's.

    python bench/floor.py --api-url URL --key-id ID --secret SECRET --company UUID \
        --profile UUID --setting UUID=VALUE --phones phones.json --parallel 8
"""

import argparse
import http.client
import json
import logging
import sys
import threading

from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import mohawk


def main(argv=None):
    p = argparse.ArgumentParser()
    for name in ("--api-url", "--key-id", "--secret", "--company", "--profile", "--phones"):
        p.add_argument(name, required=True)
    p.add_argument("--setting", action="append", default=[], metavar="UUID=VALUE")
    p.add_argument("--parallel", type=int, default=8)
    args = p.parse_args(argv)
    logging.getLogger("mohawk").setLevel(logging.ERROR)

    credentials = {"id": args.key_id, "key": args.secret, "algorithm": "sha256"}
    base = args.api_url.rstrip("/") + "/companies/%s/endpoints/" % args.company
    parts = urlsplit(base)
    settings = dict((uuid, {"value": value, "attrs": {"perm": ""}})
                    for uuid, value in (item.split("=", 1) for item in args.setting))
    with open(args.phones) as fh:
        phones = json.load(fh)["bench_phones"]
    local = threading.local()

    def put(phone):
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mac = phone["mac"].replace(":", "").lower()
        body = json.dumps({"mac": mac, "name": phone["name"], "provisioning_profile": args.profile,
                           "autoprovisioning_enabled": True, "warranty_exp_warning_period": 3,
                           "settings_manager": settings}).encode("utf-8")
        url = base + mac
        sender = mohawk.Sender(credentials, url, "PUT", content=body, content_type="application/json")
        conn.request("PUT", urlsplit(url).path, body=body,
                     headers={"Authorization": sender.request_header, "Content-Type": "application/json",
                              "Accept": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status

    with ThreadPoolExecutor(args.parallel) as pool:
        statuses = list(pool.map(put, phones))
    bad = [s for s in statuses if s not in (200, 201)]
    print(json.dumps({"written": len(statuses) - len(bad), "failed": len(bad)}))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
