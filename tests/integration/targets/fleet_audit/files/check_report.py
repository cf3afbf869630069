"""Compare the JSON report of a fleet audit with the findings seed.py planted; exit 1 naming every difference.

    check_report.py REPORT_JSON EXPECTED_JSON [CUSTOMER ...]

Per customer (those named, else every one of EXPECTED_JSON) and kind: the set of findings equals the planted one
(every planted problem found, nothing else), the counts match, and so do the phones registered and called in.
"""

import json
import sys


def key(kind, finding):
    if kind == "redundant_settings":
        return "%s/%s/%s" % (finding["profile"], finding["setting"], finding["product"])
    return finding["object"]


def main(report_path, expected_path, names):
    report = json.load(open(report_path))
    expected = json.load(open(expected_path))
    names = names or sorted(expected["findings"])
    by_name = dict((c["customer"], c) for c in report["customers"])
    problems = []
    for name in names:
        customer = by_name.get(name)
        if customer is None or customer["status"] != "ok":
            problems.append("%s: not audited (%s)" % (name, customer and customer["msg"]))
            continue
        for kind, planted in sorted(expected["findings"][name].items()):
            found = [key(kind, f) for f in customer["findings"].get(kind, [])]
            if sorted(found) != sorted(planted) or len(set(found)) != len(found):
                problems.append("%s %s: found %s, planted %s" % (name, kind, sorted(found), sorted(planted)))
            if customer["counts"].get(kind) != len(planted):
                problems.append("%s %s: count %s, planted %d" % (name, kind, customer["counts"].get(kind), len(planted)))
        phones, called_in = expected["phones"][name]
        if (customer["phones"], customer["called_in"]) != (phones, called_in):
            problems.append("%s: %d phones, %d called in; seeded %d and %d"
                            % (name, customer["phones"], customer["called_in"], phones, called_in))
    totals = dict((kind, sum(len(expected["findings"][n][kind]) for n in names))
                  for kind in expected["findings"][names[0]])
    if report["counts"] != totals:
        problems.append("report counts %s, planted %s" % (report["counts"], totals))
    for problem in problems:
        print("MISMATCH: %s" % problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
