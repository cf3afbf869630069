# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Small helpers for the integration targets, run with the test's Python:

    python sraps_tools.py stats                  the simulator's /_sim/stats (JSON on stdout)
    python sraps_tools.py state                  its /_sim/state
    python sraps_tools.py reset-stats            zero the stats
    python sraps_tools.py reset                  back to the start-up seed
    python sraps_tools.py last-writes N          the log SRAPS keeps of its last N writes (one per line)
    python sraps_tools.py faults '{"fail_503": 0.1}'   replace the fault configuration
    python sraps_tools.py modes '{"mask_sent_back": "keep"}'   replace the mode configuration
    python sraps_tools.py call-in '{"after": 3, "fraction": 0.9}'   phones call in by themselves ('{}': off)
    python sraps_tools.py phone-contact MAC [PRODUCT]   the phone of MAC calls in (reporting model PRODUCT)
    python sraps_tools.py phone-contacts FILE    several calls, in order: FILE holds a JSON list of
                                                 {"mac": ..., "product": ...} (product optional)
    python sraps_tools.py api METHOD PATH [JSON] one Hawk-signed request to the API (PATH relative to
                                                 SRAPS_API_URL); prints the JSON answer, exit 1 on >= 400
    python sraps_tools.py closed-port            a local TCP port nobody listens on

The simulator comes from SIM_URL, the API and the key from SRAPS_API_URL, SRAPS_ACCESS_KEY_ID and
SRAPS_ACCESS_KEY_SECRET (what setup_simulator exports); SIM_CA_FILE verifies a TLS simulator.
Independent of the collection's client on purpose: it checks the modules from outside.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import sys
import urllib.error
import urllib.request

import mohawk


def _context():
    cafile = os.environ.get('SIM_CA_FILE')
    return ssl.create_default_context(cafile=cafile) if cafile else None


def admin(method, path, body=None):
    """Call the simulator's admin API (/_sim/...), return the decoded JSON answer."""
    data = None if body is None else json.dumps(body).encode('utf-8')
    req = urllib.request.Request('%s/_sim/%s' % (os.environ['SIM_URL'].rstrip('/'), path), data=data, method=method)
    if data is not None:
        req.add_header('Content-Type', 'application/json')
    with urllib.request.urlopen(req, timeout=30, context=_context()) as resp:
        return json.loads(resp.read().decode('utf-8'))


def api(method, path, body=None):
    """One Hawk-signed request to the SRAPS API: (status, decoded JSON answer or None)."""
    url = os.environ['SRAPS_API_URL'] + path
    payload = b'' if body is None else json.dumps(body).encode('utf-8')
    ctype = 'application/json' if body is not None else ''
    sender = mohawk.Sender({'id': os.environ['SRAPS_ACCESS_KEY_ID'], 'key': os.environ['SRAPS_ACCESS_KEY_SECRET'],
                            'algorithm': 'sha256'}, url, method, content=payload, content_type=ctype)
    req = urllib.request.Request(url, data=payload if body is not None else None, method=method)
    req.add_header('Authorization', sender.request_header)
    req.add_header('Accept', 'application/json')
    if ctype:
        req.add_header('Content-Type', ctype)
    try:
        with urllib.request.urlopen(req, timeout=30, context=_context()) as resp:
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as err:
        status, raw = err.code, err.read()
    return status, json.loads(raw.decode('utf-8')) if raw else None


def collection_root(marker):
    """The collection holding the file marker (a path inside it): the one ansible-test put on
    ANSIBLE_COLLECTIONS_PATH, else the one above the integration targets. Exits when none holds it."""
    candidates = []
    for entry in os.environ.get('ANSIBLE_COLLECTIONS_PATH', '').split(os.pathsep):
        if entry:
            candidates.append(os.path.join(entry, 'ansible_collections', 'sraps', 'provisioning'))
            if os.path.basename(os.path.normpath(entry)) == 'ansible_collections':
                candidates.append(os.path.join(entry, 'sraps', 'provisioning'))
    candidates.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..'))
    for root in candidates:
        if os.path.isfile(os.path.join(root, marker)):
            return os.path.abspath(root)
    return sys.exit('%s not found in %s' % (marker, ', '.join(candidates)))


def closed_port():
    """A loopback port that was free a moment ago (bound, then closed)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def main(argv):
    if not argv:
        sys.exit(__doc__)
    command, args = argv[0], argv[1:]
    if command in ('stats', 'state'):
        out = admin('GET', command)
    elif command == 'reset-stats':
        out = admin('POST', 'stats/reset', {})
    elif command == 'reset':
        out = admin('POST', 'reset', {})
    elif command == 'last-writes':
        logs = admin('GET', 'state')['logs']
        count = int(args[0])
        for entry in logs[len(logs) - count:] if count > 0 else []:
            print('%s %s: %s' % (entry['timestamp'], entry['event'], entry['message']))
        return
    elif command in ('faults', 'modes', 'call-in'):
        out = admin('POST', command, json.loads(args[0]))
    elif command == 'phone-contact':
        out = admin('POST', 'phone-contact', dict({'mac': args[0]}, **({'product': args[1]} if len(args) > 1 else {})))
    elif command == 'api':
        status, out = api(args[0].upper(), args[1], json.loads(args[2]) if len(args) > 2 else None)
        if status >= 400:
            sys.exit('%s %s: HTTP %d %s' % (args[0].upper(), args[1], status, json.dumps(out)))
    elif command == 'phone-contacts':
        with open(args[0]) as handle:
            contacts = json.load(handle)
        for contact in contacts:
            admin('POST', 'phone-contact', contact)
        out = {'contacts': len(contacts)}
    elif command == 'closed-port':
        print(closed_port())
        return
    else:
        sys.exit('unknown command %r\n%s' % (command, __doc__))
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main(sys.argv[1:])
