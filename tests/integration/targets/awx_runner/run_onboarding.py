# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run playbooks/onboard_customer.yml the way AWX runs a job, against the simulator.

AWX runs playbooks with ansible-runner and hands credentials to them through the environment
variables their credential type injects. So this script:

1. renders the injectors of extensions/awx/credential_type_sraps.yml the way AWX does, from
   credential inputs holding the simulator's URL and the reseller key that setup_simulator
   exported (then removes every SRAPS_* variable from its own environment, so that the key
   reaches the playbook only through the rendered variables);
2. runs the playbook with ansible_runner.run() (no process isolation), the demo customer of
   playbooks/examples/demo_customer.yml as extra vars: a dry run (--check --diff), the real run,
   a re-run, and a run with a wrong secret;
3. checks each job's status, the play recap of its playbook_on_stats event, what SRAPS (the
   simulator) holds afterwards, and that the secret appears in none of the job's events nor in
   its stdout.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import tempfile
import urllib.request

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'setup_sraps_tools'))
import sraps_tools  # noqa: E402  pylint: disable=wrong-import-position

try:
    import ansible_runner
except ImportError as exc:
    sys.exit('ansible-runner is not installed for %s (%s): pip install ansible-runner' % (sys.executable, exc))

PLAYBOOK = os.path.join('playbooks', 'onboard_customer.yml')
DEMO_DATA = os.path.join('playbooks', 'examples', 'demo_customer.yml')
CREDENTIAL_TYPE = os.path.join('extensions', 'awx', 'credential_type_sraps.yml')
WRONG_SECRET = '0123456789abcdef0123456789abcdef'


def fail(msg):
    sys.exit('awx_runner: FAILED: %s' % msg)


def load_awx_inject(root):
    """awx_inject() of tests/unit/utils/awx_injector.py (what AWX does with a credential), by its path."""
    path = os.path.join(root, 'tests', 'unit', 'utils', 'awx_injector.py')
    spec = importlib.util.spec_from_file_location('awx_injector', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.awx_inject


def sim_state(sim_url):
    with urllib.request.urlopen(sim_url + '/_sim/state', timeout=30) as answer:
        return json.load(answer)


def customer_in(state, name):
    """The counts of what the simulator holds for the company called name (None when it does not exist)."""
    uuids = [uuid for uuid, company in state['companies'].items() if company['name'] == name]
    if not uuids:
        return None
    uuid = uuids[0]
    return dict((kind, sum(1 for obj in state[kind].values() if obj['company'] == uuid))
                for kind in ('endpoints', 'profiles', 'users', 'product_defaults'))


def run_job(label, root, cred, inputs, demo, cmdline=None):
    """One job: a fresh private data dir, the injected environment, the playbook.

    Returns the runner, its events, all it wrote (events, event files, stdout) as one text, and stdout.
    """
    private_data_dir = tempfile.mkdtemp(prefix='awx_runner_%s_' % label)
    envvars = load_awx_inject(root)(cred, inputs, private_data_dir)
    kwargs = dict(
        private_data_dir=private_data_dir,
        playbook=os.path.join(root, PLAYBOOK),
        envvars=envvars,
        extravars=demo,
        inventory={'all': {'hosts': {'localhost': {
            'ansible_connection': 'local',
            'ansible_python_interpreter': '{{ ansible_playbook_python }}'}}}},
        quiet=True,
        timeout=900,
    )
    if cmdline:
        kwargs['cmdline'] = cmdline
    runner = ansible_runner.run(**kwargs)
    events = list(runner.events)
    with open(os.path.join(runner.config.artifact_dir, 'stdout'), encoding='utf-8') as handle:
        stdout = handle.read()
    text = json.dumps(events, sort_keys=True, default=str) + '\n' + stdout
    # every job event file ansible-runner wrote, not only the ones it handed back
    events_dir = os.path.join(runner.config.artifact_dir, 'job_events')
    for name in sorted(os.listdir(events_dir)):
        with open(os.path.join(events_dir, name), encoding='utf-8') as handle:
            text += handle.read()
    print('%-8s status=%s rc=%s events=%d' % (label, runner.status, runner.rc, len(events)))
    return runner, events, text, stdout


def recap(label, events, stdout_tail):
    stats = [e for e in events if e.get('event') == 'playbook_on_stats']
    if len(stats) != 1:
        fail('%s: expected one playbook_on_stats event, got %d\n%s' % (label, len(stats), stdout_tail))
    return stats[0]['event_data']


def tail(text, lines=60):
    return '\n'.join(text.splitlines()[-lines:])


def main():
    root = sraps_tools.collection_root(PLAYBOOK)
    sim_url = os.environ['SIM_URL']
    # What the credential holds: the simulator's URL and the seeded reseller key. Nothing else.
    inputs = {
        'api_url': os.environ['SRAPS_API_URL'],
        'access_key_id': os.environ['SRAPS_ACCESS_KEY_ID'],
        'access_key_secret': os.environ['SRAPS_ACCESS_KEY_SECRET'],
    }
    secret = inputs['access_key_secret']
    for name in list(os.environ):
        if name.startswith('SRAPS_'):
            del os.environ[name]

    with open(os.path.join(root, CREDENTIAL_TYPE), encoding='utf-8') as handle:
        cred = yaml.safe_load(handle)
    with open(os.path.join(root, DEMO_DATA), encoding='utf-8') as handle:
        demo = yaml.safe_load(handle)
    customer = demo['onboard_customer_company']['name']
    # the demo's password setting, a second secret that must not show
    password = 'demo-0815'
    if password not in json.dumps(demo):
        fail('%s no longer holds the password %r this test looks for' % (DEMO_DATA, password))
    expected = {'endpoints': len(demo['onboard_customer_phones']), 'profiles': len(demo['onboard_customer_profiles']),
                'users': len(demo['onboard_customer_users']),
                'product_defaults': len(demo['onboard_customer_product_defaults'])}

    if customer_in(sim_state(sim_url), customer) is not None:
        fail('the simulator already holds %r before the first job' % customer)

    # 1. dry run, 2. real run, 3. re-run: (label, cmdline, changes expected, customer expected afterwards)
    for label, cmdline, changes, exists in (('check', '--check --diff', True, False), ('apply', None, True, True),
                                            ('rerun', None, False, True)):
        runner, events, text, stdout = run_job(label, root, cred, inputs, demo, cmdline)
        if runner.status != 'successful' or runner.rc != 0:
            fail('%s: job status %s, rc %s\n%s' % (label, runner.status, runner.rc, tail(stdout)))
        stats = recap(label, events, tail(stdout))
        for key in ('failures', 'dark'):
            if stats.get(key):
                fail('%s: play recap has %s: %s' % (label, key, stats[key]))
        if not stats.get('ok', {}).get('localhost'):
            fail('%s: play recap shows no task run on localhost: %s' % (label, stats))
        if bool(stats.get('changed')) != changes:
            fail('%s: expected %s, play recap changed=%s' % (label, 'changes' if changes else 'no change', stats.get('changed')))
        for what, value in (('access key secret', secret), ('demo password', password)):
            if value in text:
                fail('%s: the %s appears in the job events or stdout' % (label, what))
        held = customer_in(sim_state(sim_url), customer)
        if not exists and held is not None:
            fail('%s: the dry run wrote to SRAPS: %s' % (label, held))
        if exists and held != expected:
            fail('%s: SRAPS holds %s for %r, the demo data declares %s' % (label, held, customer, expected))

    # 4. the same job with a wrong secret in the credential: it fails, and says what to fix.
    wrong = dict(inputs, access_key_secret=WRONG_SECRET)
    runner, events, text, stdout = run_job('wrongkey', root, cred, wrong, demo)
    stats = recap('wrongkey', events, tail(stdout))
    if runner.status != 'failed' or not stats.get('failures'):
        fail('wrongkey: a wrong secret should fail the job: status %s, recap %s' % (runner.status, stats))
    if 'access_key_secret' not in text or WRONG_SECRET in text:
        fail('wrongkey: the failure should name access_key_secret and not show the secret\n%s' % tail(stdout))

    print('awx_runner: PASS: dry run, apply, idempotent re-run and a wrong key through ansible-runner, '
          'credentials only from the credential type\'s environment, no secret in any event')


if __name__ == '__main__':
    main()
