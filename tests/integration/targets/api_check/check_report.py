# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Judge an api_check report:

    python check_report.py REPORT_DIR WRITES [ID=CONCERN ...]

The JSON and Markdown reports exist and agree; the report counts WRITES writes; exactly the checks
named differ (none when no ID is given), each naming CONCERN (a _sraps_api.py name) with its line;
every other check holds or is not observable.
"""

from __future__ import annotations

import json
import os
import re
import sys


def main(report_dir, writes, *expected):
    with open(os.path.join(report_dir, 'api-check.json'), encoding='utf-8') as fh:
        report = json.load(fh)
    with open(os.path.join(report_dir, 'api-check.md'), encoding='utf-8') as fh:
        markdown = fh.read()
    problems = []
    wanted = dict(item.split('=', 1) for item in expected)
    differs = dict((c['id'], c) for c in report['checks'] if c['status'] == 'differs')
    if sorted(differs) != sorted(wanted):
        problems.append('differs: %s, expected %s' % (sorted(differs), sorted(wanted)))
    for check_id, concern in wanted.items():
        found = differs.get(check_id, {}).get('concerns', '')
        if not re.match(r'^_sraps_api\.py:\d+ %s$' % re.escape(concern), found):
            problems.append('%s concerns %r, expected _sraps_api.py:<line> %s' % (check_id, found, concern))
    if report['writes'] != int(writes):
        problems.append('writes: %s, expected %s' % (report['writes'], writes))
    if report['summary']['differs'] != len(differs) or len(report['checks']) < 35:
        problems.append('summary %s for %d checks' % (report['summary'], len(report['checks'])))
    for check in report['checks']:
        if check['id'] not in markdown:
            problems.append('%s is not in the Markdown report' % check['id'])
    if problems:
        sys.exit('%s: %s' % (report_dir, '; '.join(problems)))
    print('%s: %d checks, %s, writes %s, differs: %s' % (os.path.basename(report_dir), len(report['checks']),
                                                         report['summary'], writes, ', '.join(sorted(differs)) or 'none'))


if __name__ == '__main__':
    main(*sys.argv[1:])
