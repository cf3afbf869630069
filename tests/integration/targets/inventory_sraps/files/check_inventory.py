"""Check what `ansible-inventory --list` printed for the SRAPS inventory against the simulator's state.

    python check_inventory.py STATE LIST [--counts] [--book HOSTS_YML]

STATE is the simulator's /_sim/state (read out of band), LIST the JSON of ansible-inventory --list. The key is
Demo Reseller's: every company below it is a host and nothing else; each host's uuid, parent, country and city
are the company's; with --counts its phone, profile and user counts are those the simulator holds; the groups
are sraps_customers, one per parent reseller, and those of the inventory file's compose, groups and
keyed_groups. With --book, the host names are those the export wrote to the book's hosts.yml. Prints one line
per problem and exits 1 when there is any.
"""

import argparse
import collections
import json
import sys

import yaml

RESELLER = "Demo Reseller"


def plain(value):
    """A value of ansible-inventory's JSON without its markers: ansible-core 2.19 writes text that is not a
    template as {"__ansible_unsafe": text}."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return dict((k, plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def main():
    p = argparse.ArgumentParser()
    p.add_argument("state")
    p.add_argument("listing")
    p.add_argument("--counts", action="store_true")
    p.add_argument("--book")
    args = p.parse_args()
    with open(args.state, encoding="utf-8") as handle:
        state = json.load(handle)
    with open(args.listing, encoding="utf-8") as handle:
        listing = plain(json.load(handle))
    problems = []

    def expect(what, got, want):
        if got != want:
            problems.append("%s: got %r, want %r" % (what, got, want))

    companies = state["companies"]
    own = [c for c in companies.values() if c["name"] == RESELLER][0]["uuid"]
    below, todo = set(), [own]
    while todo:
        parent = todo.pop()
        children = [u for u, c in companies.items() if c["parent"] == parent]
        below.update(children)
        todo.extend(children)
    hostvars = listing["_meta"]["hostvars"]
    by_uuid = dict((v.get("sraps_customer_uuid"), h) for h, v in hostvars.items())
    expect("the hosts' companies", sorted(by_uuid), sorted(below))
    outside = [c["name"] for u, c in companies.items() if u not in below and u != own]
    expect("companies outside the key's view among the hosts",
           sorted(v["sraps_customer_name"] for v in hostvars.values() if v["sraps_customer_name"] in outside), [])
    if not outside:
        problems.append("the seed should hold a company outside the key's view")

    def group(name):
        return sorted(listing.get(name, {}).get("hosts", []))

    expect("group sraps_customers", group("sraps_customers"), sorted(hostvars))
    held = collections.Counter()
    for kind in ("endpoints", "profiles", "users"):
        for item in state[kind].values():
            held[(item["company"], kind)] += 1
    resellers = collections.defaultdict(list)
    for uuid in below:
        company = companies[uuid]
        host = by_uuid.get(uuid)
        if host is None:
            continue
        variables = hostvars[host]
        expect("%s sraps_customer_name" % host, variables["sraps_customer_name"], company["name"])
        expect("%s sraps_parent_uuid" % host, variables["sraps_parent_uuid"], company["parent"])
        expect("%s sraps_parent_name" % host, variables["sraps_parent_name"], companies[company["parent"]]["name"])
        expect("%s sraps_company_type" % host, variables["sraps_company_type"], company["type"])
        expect("%s sraps_country" % host, variables["sraps_country"], company["country"])
        expect("%s sraps_city" % host, variables["sraps_city"], company["city"])
        # compose: sraps_location
        expect("%s sraps_location (compose)" % host, variables.get("sraps_location"),
               "%s, %s" % (company["city"], company["country"]))
        # keyed_groups: country_<country in lower case>
        if host not in group("country_%s" % company["country"].lower()):
            problems.append("%s is not in its keyed group country_%s" % (host, company["country"].lower()))
        if args.counts:
            for kind, var in (("endpoints", "sraps_phone_count"), ("profiles", "sraps_profile_count"),
                              ("users", "sraps_user_count")):
                expect("%s %s" % (host, var), variables.get(var), held[(uuid, kind)])
        else:
            expect("%s count variables" % host, [v for v in variables if v.endswith("_count")], [])
        resellers["reseller_" + companies[company["parent"]]["name"].lower().replace(" ", "_")].append(host)
    for name, hosts in resellers.items():
        expect("group %s" % name, group(name), sorted(hosts))
    if args.counts:
        # groups: with_phones
        expect("group with_phones", group("with_phones"),
               sorted(h for h, v in hostvars.items() if v["sraps_phone_count"] > 0))
    if args.book:
        with open(args.book, encoding="utf-8") as handle:
            book = yaml.safe_load(handle)
        expect("the hosts of the exported book", sorted(book["sraps_customers"]["hosts"]), sorted(hostvars))
    for problem in problems:
        print("check_inventory: %s" % problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
