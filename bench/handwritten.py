"""Case (c) of the bench: the script a user would write instead of the collection.

Registers phones in SRAPS one after the other with `requests` and `mohawk`: for each MAC, GET the
phone, and PUT it when it is missing or differs. It is written the way a competent user would
write it: one requests.Session (keep-alive), the company, profile and setting looked up once by
name, lists followed page by page, the setting picked by param_name and section, no threads.

    python bench/handwritten.py --api-url URL --key-id ID --secret SECRET \
        --company "Existing Customer" --profile "Existing Profile" \
        --setting setting_server=https://pbx.example.com/prov/{mac} --phones phones.json

phones.json is {"bench_phones": [{"mac": "00:04:13:60:00:00", "name": "Desk 0"}, ...]}.
Prints one JSON line: {"created": n, "updated": n, "unchanged": n}.
"""

import argparse
import json
import sys

import mohawk
import requests


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--api-url", required=True)
    p.add_argument("--key-id", required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--company", required=True)
    p.add_argument("--profile", required=True)
    p.add_argument("--setting", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--phones", required=True)
    args = p.parse_args(argv)

    api = args.api_url.rstrip("/") + "/"
    credentials = {"id": args.key_id, "key": args.secret, "algorithm": "sha256"}
    session = requests.Session()
    session.headers["Accept"] = "application/json"

    def call(method, url, body=None):
        data = b"" if body is None else json.dumps(body).encode("utf-8")
        ctype = "" if body is None else "application/json"
        sender = mohawk.Sender(credentials, url, method, content=data, content_type=ctype)
        headers = {"Authorization": sender.request_header}
        if body is not None:
            headers["Content-Type"] = ctype
        return session.request(method, url, data=data if body is not None else None, headers=headers,
                               timeout=30)

    def get_all(url):
        items = []
        url += "?page_size=1000"
        while url:
            response = call("GET", url)
            response.raise_for_status()
            items.extend(response.json())
            url = response.links.get("next", {}).get("url")
        return items

    company = next(c["uuid"] for c in get_all(api + "companies/") if c["name"] == args.company)
    base = api + "companies/%s/" % company
    profile = next(p for p in get_all(base + "provisioning-profiles/") if p["name"] == args.profile)
    catalogue = get_all(api + "settings/")
    wanted_settings = {}
    for item in args.setting:
        name, value = item.split("=", 1)
        setting = next(s for s in catalogue if s["param_name"] == name and s["section"] == "phone-settings"
                       and profile["product_group"] in s["product_groups"])
        wanted_settings[setting["uuid"]] = {"value": value, "attrs": {"perm": ""}}

    with open(args.phones) as fh:
        phones = json.load(fh)["bench_phones"]

    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for phone in phones:
        mac = phone["mac"].replace(":", "").replace("-", "").replace(".", "").lower()
        url = base + "endpoints/" + mac
        response = call("GET", url)
        if response.status_code == 404:
            current = None
        else:
            response.raise_for_status()
            current = response.json()
        body = {
            "mac": mac,
            "name": phone.get("name", ""),
            "provisioning_profile": profile["uuid"],
            "autoprovisioning_enabled": True,
            "warranty_exp_warning_period": 3,
            "settings_manager": wanted_settings,
        }
        if current is not None:
            # PUT replaces the whole phone: keep what is there, change what we manage.
            merged = dict((k, current.get(k)) for k in body)
            merged["settings_manager"] = dict(current.get("settings_manager") or {}, **wanted_settings)
            merged.update(mac=mac, name=body["name"], provisioning_profile=profile["uuid"])
            if merged == dict((k, current.get(k)) for k in body):
                counts["unchanged"] += 1
                continue
            body = merged
        response = call("PUT", url, body)
        response.raise_for_status()
        counts["created" if current is None else "updated"] += 1
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
