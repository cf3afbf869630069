# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run the EXAMPLES of every module of the collection against the simulator.

For each plugins/modules/*.py: read EXAMPLES from the source (ast, without importing the module),
check it (it must exist, be a list of tasks and use the module it documents), write it as the tasks
of one playbook, reset the simulator to its default seed, and run the playbook.

An example gets its connection in one of two ways, as a user's task would:
- from the environment: it sets no connection option, and the module reads SRAPS_API_URL,
  SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET. setup_simulator exports them for the simulator, and
  the runner refuses to start unless they are all set and SRAPS_API_URL is the simulator's (SIM_URL),
  so no example can reach another server;
- from variables: where a task or a group/sraps.provisioning.sraps module_defaults block sets api_url,
  access_key_id or access_key_secret, it sets them to the variables sraps_api_url, sraps_access_key_id
  and sraps_access_key_secret (the play vars hold them, from that same environment), never to literals.

A task that deletes (state: absent) runs in check mode, and must report a change there: an
example that deletes something should find it.

YAML is read the way Ansible reads it (YAML 1.1): a MAC written unquoted as digits, such as
000413200003, is a number there too, so such an example fails as it would for a user.

Exits non-zero naming every module whose EXAMPLES broke.
"""

from __future__ import annotations

import argparse
import ast
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request

import yaml

from sraps_simulator import seed

CONNECTION_VARS = {
    'api_url': 'sraps_api_url',
    'access_key_id': 'sraps_access_key_id',
    'access_key_secret': 'sraps_access_key_secret',
}
# What the modules read when a task sets no connection option (env_fallback of their argument spec).
ENVIRONMENT = ('SRAPS_API_URL', 'SRAPS_ACCESS_KEY_ID', 'SRAPS_ACCESS_KEY_SECRET')
GROUP = 'group/sraps.provisioning.sraps'
PREFIX = 'sraps.provisioning.'
BLOCK_KEYS = ('block', 'rescue', 'always')


def collection_root():
    candidates = []
    for entry in os.environ.get('ANSIBLE_COLLECTIONS_PATH', '').split(os.pathsep):
        if entry:
            candidates.append(os.path.join(entry, 'ansible_collections', 'sraps', 'provisioning'))
    candidates.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..'))
    for root in candidates:
        if glob.glob(os.path.join(root, 'plugins', 'modules', 'sraps_*.py')):
            return os.path.abspath(root)
    return sys.exit('module_examples: no plugins/modules/sraps_*.py in %s' % ', '.join(candidates))


def examples_of(path):
    """The EXAMPLES string of a module source file, or None."""
    with open(path, encoding='utf-8') as handle:
        tree = ast.parse(handle.read(), filename=path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == 'EXAMPLES' for t in node.targets):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                return node.value.value
    return None


def leaf_tasks(tasks):
    """Every task that is not a block, depth first, with the list that holds it."""
    for task in tasks:
        if any(key in task for key in BLOCK_KEYS):
            for key in BLOCK_KEYS:
                yield from leaf_tasks(task.get(key) or [])
        else:
            yield task, tasks


def action_of(task):
    """(module name, args) of a leaf task, for modules of this collection; (None, None) for others."""
    for key, value in task.items():
        if isinstance(key, str) and key.startswith(PREFIX):
            return key[len(PREFIX):], value if isinstance(value, dict) else {}
    return None, None


def connection_problems(module, tasks):
    """Connection options set to anything but the examples' variables."""
    problems = []

    def check(where, options):
        for option, var in CONNECTION_VARS.items():
            if option in options and options[option] != '{{ %s }}' % var:
                problems.append('%s: %s in task %r is %r, the examples use "{{ %s }}"'
                                % (module, option, where, options[option], var))

    def walk(items):
        for task in items:
            defaults = (task.get('module_defaults') or {}).get(GROUP)
            if defaults:
                check(task.get('name'), defaults)
            for key in BLOCK_KEYS:
                walk(task.get(key) or [])
            _name, args = action_of(task)
            if args:
                check(task.get('name'), args)
    walk(tasks)
    return problems


def prepare(module, examples):
    """The checked and prepared tasks of one module's EXAMPLES: (tasks, problems, deletes in check mode)."""
    if not examples or not examples.strip():
        return None, ['%s: no EXAMPLES' % module], 0
    try:
        tasks = yaml.safe_load(examples)
    except yaml.YAMLError as exc:
        return None, ['%s: EXAMPLES is not valid YAML: %s' % (module, exc)], 0
    if not isinstance(tasks, list) or not tasks or not all(isinstance(t, dict) for t in tasks):
        return None, ['%s: EXAMPLES is not a list of tasks' % module], 0
    problems = connection_problems(module, tasks)
    used = set(action_of(task)[0] for task, _holder in leaf_tasks(tasks))
    if module not in used:
        problems.append('%s: its EXAMPLES never use %s%s' % (module, PREFIX, module))

    deletes = 0
    for task, holder in list(leaf_tasks(tasks)):
        _name, args = action_of(task)
        if not args or args.get('state') != 'absent':
            continue
        deletes += 1
        task['check_mode'] = True
        register = task.setdefault('register', 'module_examples_delete_%d' % deletes)
        holder.insert(holder.index(task) + 1, {
            'name': 'module_examples | the delete above finds what it deletes',
            'ansible.builtin.assert': {
                'that': ['%s is changed' % register],
                'fail_msg': 'task %r of the %s EXAMPLES deletes nothing (check mode reports no change)'
                            % (task.get('name'), module),
            },
        })
    return tasks, problems, deletes


def playbook(module, tasks):
    env = "{{ lookup('ansible.builtin.env', '%s') }}"
    return [{
        'name': 'EXAMPLES of %s%s' % (PREFIX, module),
        'hosts': 'localhost',
        'gather_facts': False,
        'vars': {
            'sraps_api_url': env % 'SRAPS_API_URL',
            'sraps_access_key_id': env % 'SRAPS_ACCESS_KEY_ID',
            'sraps_access_key_secret': env % 'SRAPS_ACCESS_KEY_SECRET',
            # sraps_profile shows how to pick one of two same-named profiles by uuid, when this is set
            'existing_profile_uuid': seed.EXISTING_PROFILE_UUID,
        },
        'tasks': tasks,
    }]


def environment_problems():
    """Why the environment would let an example that relies on it reach anything but the simulator."""
    missing = [name for name in ENVIRONMENT if not os.environ.get(name)]
    if missing or not os.environ.get('SIM_URL'):
        return 'module_examples: %s not set (run it from runme.sh, which starts the simulator)' % (
            ', '.join(missing + ([] if os.environ.get('SIM_URL') else ['SIM_URL'])))
    if not os.environ['SRAPS_API_URL'].startswith(os.environ['SIM_URL'].rstrip('/') + '/'):
        return 'module_examples: SRAPS_API_URL %s is not the simulator at SIM_URL %s' % (
            os.environ['SRAPS_API_URL'], os.environ['SIM_URL'])
    return None


def reset_simulator():
    request = urllib.request.Request(os.environ['SIM_URL'] + '/_sim/reset', data=b'', method='POST')
    with urllib.request.urlopen(request, timeout=30) as answer:
        if answer.status != 200:
            raise RuntimeError('simulator reset answered %d' % answer.status)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--inventory', default=None)
    parser.add_argument('--keep', action='store_true', help='keep the generated playbooks')
    args = parser.parse_args()

    problem = environment_problems()
    if problem:
        sys.exit(problem)
    root = collection_root()
    paths = sorted(glob.glob(os.path.join(root, 'plugins', 'modules', '*.py')))
    paths = [p for p in paths if os.path.basename(p) != '__init__.py']
    if not paths:
        sys.exit('module_examples: no modules in %s' % root)
    workdir = tempfile.mkdtemp(prefix='module_examples_')
    broken = {}
    for path in paths:
        module = os.path.splitext(os.path.basename(path))[0]
        tasks, problems, deletes = prepare(module, examples_of(path))
        if problems:
            broken[module] = problems
            for problem in problems:
                print('module_examples: %s' % problem)
            if tasks is None:
                continue
        play_path = os.path.join(workdir, '%s.yml' % module)
        with open(play_path, 'w', encoding='utf-8') as handle:
            handle.write('---\n')
            yaml.safe_dump(playbook(module, tasks), handle, sort_keys=False, default_flow_style=False, width=200)
        reset_simulator()
        command = ['ansible-playbook', play_path]
        if args.inventory and os.path.exists(args.inventory):
            command[1:1] = ['-i', args.inventory]
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
        if result.returncode != 0:
            print(result.stdout)
            print('module_examples: %s: FAILED (ansible-playbook exit %d, playbook %s)'
                  % (module, result.returncode, play_path))
            broken.setdefault(module, []).append('ansible-playbook exit %d' % result.returncode)
        else:
            print('module_examples: %s: ok (%d example tasks, %d delete(s) in check mode)'
                  % (module, len(list(leaf_tasks(tasks))) - deletes, deletes))
    if broken:
        sys.exit('module_examples: FAILED: the EXAMPLES of %s broke (generated playbooks in %s)'
                 % (', '.join(sorted(broken)), workdir))
    print('module_examples: PASS: the EXAMPLES of %d modules ran against the simulator' % len(paths))
    if not args.keep:
        # The playbooks, and what examples wrote beside them (sraps_export writes a folder there).
        shutil.rmtree(workdir)


if __name__ == '__main__':
    main()
