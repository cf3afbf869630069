# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run the EXAMPLES of every module of the collection against the simulator.

For each plugins/modules/*.py: read EXAMPLES from the source (ast, without importing the module),
check it (it must exist, be a list of tasks and use the module it documents), write it as the tasks
of one playbook, reset the simulator to its default seed, and run the playbook. The playbook adds no
variables: an example runs as a user who pastes it into a play of their own would run it.

Every variable an example uses must be defined by the example itself (vars, register, set_fact, a
loop variable) or be one of Ansible's own (playbook_dir, ansible_check_mode, ...); anything else is
refused before the example runs, even behind `is defined` or `default()`. Values from outside come
from the environment, with lookup('ansible.builtin.env', NAME):
- the connection: an example sets no connection option, and the module reads SRAPS_API_URL,
  SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET itself; or it sets api_url, access_key_id or
  access_key_secret (in a task or a group/sraps.provisioning.sraps module_defaults block) to the
  lookup of that same variable, never to a literal or to anything else. setup_simulator exports them
  for the simulator, and the runner refuses to start unless they are all set and SRAPS_API_URL is the
  simulator's (SIM_URL), so no example can reach another server;
- passwords: a password setting is never a literal; its value comes from the environment (or, in a
  real playbook, from a vault variable). The runner sets the variables of EXAMPLE_ENVIRONMENT, and
  refuses an example that reads any other variable that is not set.

A task that deletes (state: absent) runs in check mode, and must report a change there: an
example that deletes something should find it.

YAML is read the way Ansible reads it (YAML 1.1): a MAC written unquoted as digits, such as
000413200003, is a number there too, so such an example fails as it would for a user.

Exits non-zero naming every module whose EXAMPLES broke. --self-test first checks that the checks
above refuse examples that break each rule.
"""

from __future__ import annotations

import argparse
import ast
import glob
import os
import subprocess
import sys
import tempfile
import urllib.request

import jinja2
import jinja2.meta
import yaml
from jinja2 import nodes

from sraps_simulator import catalogue

# Each connection option and the environment variable the modules read for it (their env_fallback).
CONNECTION_ENV = {
    'api_url': 'SRAPS_API_URL',
    'access_key_id': 'SRAPS_ACCESS_KEY_ID',
    'access_key_secret': 'SRAPS_ACCESS_KEY_SECRET',
}
# The other environment variables the examples read, with the values they get here.
EXAMPLE_ENVIRONMENT = {
    'PHONE_ADMIN_PASSWORD': 'Ex4mple-Adm1n-0815',
    'PHONE_WEB_PASSWORD': 'Ex4mple-W3b-4711',
}
GROUP = 'group/sraps.provisioning.sraps'
PREFIX = 'sraps.provisioning.'
BLOCK_KEYS = ('block', 'rescue', 'always')
# Task keywords that hold a bare expression; `register` holds a name.
CONDITIONALS = ('when', 'changed_when', 'failed_when', 'until')
# Options of ansible.builtin modules that hold a bare expression.
EXPRESSION_OPTIONS = {'assert': ('that',), 'debug': ('var',)}
# What a play has without defining it: Ansible's magic variables and template globals.
ANSIBLE_NAMES = frozenset((
    'ansible_check_mode', 'ansible_diff_mode', 'ansible_loop', 'ansible_play_hosts', 'ansible_version',
    'group_names', 'groups', 'hostvars', 'inventory_hostname', 'playbook_dir',
    'cycler', 'dict', 'joiner', 'lipsum', 'lookup', 'namespace', 'now', 'omit', 'q', 'query', 'range', 'undef',
))
LOOKUP_FUNCTIONS = ('lookup', 'query', 'q')
ENV_LOOKUPS = ('env', 'ansible.builtin.env')
PASSWORD_SETTINGS = frozenset(s['param_name'] for s in catalogue.REAL_SETTINGS if s['field_type'] == 'password')


class _AnyName(dict):
    """Filters or tests by name, each known: Ansible's are not loaded here, and finding a template's
    variables compiles it, which needs every filter and test it uses to exist."""

    def get(self, key, default=None):
        return super().get(key, _any_filter)


def _any_filter(*_args, **_kwargs):
    return None


JINJA = jinja2.Environment()
JINJA.filters = _AnyName(JINJA.filters)
JINJA.tests = _AnyName(JINJA.tests)


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


def strings_of(value):
    """Every string inside a value (dict values and list items, depth first)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_of(item)


def template_names(text, expression=False):
    """(variables a template uses, environment variables it reads, problems) of one string.

    expression: the string is a bare expression (when, assert's that, debug's var), not a template."""
    if not isinstance(text, str):
        return set(), set(), []
    if '{{' not in text and '{%' not in text:
        if not expression:
            return set(), set(), []
        text = '{{ (%s) }}' % text
    try:
        tree = JINJA.parse(text)
    except jinja2.TemplateSyntaxError as exc:
        return set(), set(), ['%r is not a valid template: %s' % (text, exc)]
    environment, problems = set(), []
    for call in tree.find_all(nodes.Call):
        if (isinstance(call.node, nodes.Name) and call.node.name in LOOKUP_FUNCTIONS and call.args
                and isinstance(call.args[0], nodes.Const) and call.args[0].value in ENV_LOOKUPS):
            for arg in call.args[1:]:
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                    environment.add(arg.value)
                else:
                    problems.append('%r reads an environment variable whose name is not written out' % text)
    return set(jinja2.meta.find_undeclared_variables(tree)), environment, problems


def connection_problems(module, tasks):
    """Connection options set to anything but the lookup of their own environment variable."""
    problems = []

    def check(where, options):
        for option, name in CONNECTION_ENV.items():
            if option not in options:
                continue
            used, environment, _problems = template_names(options[option])
            if not used <= set(LOOKUP_FUNCTIONS) or environment != {name}:
                problems.append('%s: %s in task %r is %r: leave it out (the module reads %s) or take it from '
                                "there, \"{{ lookup('ansible.builtin.env', '%s') }}\""
                                % (module, option, where, options[option], name, name))

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


def variable_problems(module, tasks, environment):
    """Variables an example uses without defining them; environment variables it reads that are not set."""
    problems = []
    defined = set()  # by register and set_fact, in the order of the tasks

    def use(where, text, scope, expression=False):
        used, read, bad = template_names(text, expression)
        problems.extend('%s: task %r: %s' % (module, where, problem) for problem in bad)
        for name in sorted(used - scope - defined - ANSIBLE_NAMES):
            problems.append('%s: task %r uses the variable %r, which the example does not define: define it '
                            "(vars, register, set_fact) or read it with lookup('ansible.builtin.env', NAME)"
                            % (module, where, name))
        for name in sorted(read - environment):
            problems.append('%s: task %r reads the environment variable %s, which is not set for the examples '
                            '(EXAMPLE_ENVIRONMENT of run_examples.py)' % (module, where, name))

    def walk(items, scope):
        for task in items:
            where = task.get('name')
            task_vars = task.get('vars') or {}
            for text in strings_of(task_vars):
                use(where, text, scope)
            local = scope | set(task_vars)
            if any(key == 'loop' or str(key).startswith('with_') for key in task):
                local |= {(task.get('loop_control') or {}).get('loop_var', 'item')}
            own = {task['register']} if task.get('register') else set()
            for key, value in task.items():
                if key in BLOCK_KEYS or key in ('vars', 'register'):
                    continue
                if key in CONDITIONALS:
                    for text in value if isinstance(value, list) else [value]:
                        use(where, text, local | (own if key != 'when' else set()), expression=True)
                    continue
                short = str(key).rsplit('.', 1)[-1] if str(key).startswith('ansible.builtin.') else key
                for option, option_value in (value.items() if isinstance(value, dict) else [(None, value)]):
                    expression = option in EXPRESSION_OPTIONS.get(short, ())
                    texts = option_value if expression and isinstance(option_value, list) else [option_value]
                    for text in texts:
                        if expression:
                            use(where, text, local, expression=True)
                        else:
                            for string in strings_of(text):
                                use(where, string, local)
            for key in BLOCK_KEYS:
                walk(task.get(key) or [], local)
            defined.update(own)
            for key in ('set_fact', 'ansible.builtin.set_fact'):
                if isinstance(task.get(key), dict):
                    defined.update(name for name in task[key] if name != 'cacheable')
    walk(tasks, frozenset())
    return problems


def password_problems(module, tasks):
    """Password settings written as literals."""
    problems = []

    def leaves(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key != 'perm':
                    yield from leaves(item)
        elif isinstance(value, list):
            for item in value:
                yield from leaves(item)
        else:
            yield value

    for task, _holder in leaf_tasks(tasks):
        _name, args = action_of(task)
        if not args:
            continue
        holders = [args] + [x for x in (args.get('endpoints') or []) + (args.get('validate') or []) if isinstance(x, dict)]
        for holder in holders:
            settings = holder.get('settings')
            for key, value in (settings.items() if isinstance(settings, dict) else []):
                if str(key).rsplit(':', 1)[-1] not in PASSWORD_SETTINGS:
                    continue
                if any(not isinstance(leaf, str) or '{{' not in leaf for leaf in leaves(value)):
                    problems.append("%s: task %r writes the password setting %s as a literal: read it with "
                                    "lookup('ansible.builtin.env', NAME) (or, in a playbook, from a vault variable)"
                                    % (module, task.get('name'), key))
    return problems


def static_problems(module, tasks, environment):
    """Everything wrong with an example's tasks that shows without running them."""
    problems = (connection_problems(module, tasks) + variable_problems(module, tasks, environment)
                + password_problems(module, tasks))
    return list(dict.fromkeys(problems))  # each once, in order


def prepare(module, examples, environment):
    """The checked and prepared tasks of one module's EXAMPLES: (tasks, problems, deletes in check mode)."""
    if not examples or not examples.strip():
        return None, ['%s: no EXAMPLES' % module], 0
    try:
        tasks = yaml.safe_load(examples)
    except yaml.YAMLError as exc:
        return None, ['%s: EXAMPLES is not valid YAML: %s' % (module, exc)], 0
    if not isinstance(tasks, list) or not tasks or not all(isinstance(t, dict) for t in tasks):
        return None, ['%s: EXAMPLES is not a list of tasks' % module], 0
    problems = static_problems(module, tasks, environment)
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


# Examples that break one rule each, with a part of the problem the checks must report, and one that
# breaks none: the checks of static_problems() are run on them before the modules' EXAMPLES.
SELF_TEST_GOOD = """
- name: Connection from its own environment variables, for a block
  module_defaults:
    group/sraps.provisioning.sraps:
      access_key_id: "{{ lookup('ansible.builtin.env', 'SRAPS_ACCESS_KEY_ID') }}"
      access_key_secret: "{{ lookup('ansible.builtin.env', 'SRAPS_ACCESS_KEY_SECRET') }}"
  vars:
    customer: Existing Customer
  block:
    - name: A profile with a password from the environment
      sraps.provisioning.sraps_profile:
        company: "{{ customer }}"
        name: "{{ item }}"
        settings:
          admin_mode_password: {value: "{{ lookup('ansible.builtin.env', 'PHONE_ADMIN_PASSWORD') }}", perm: R}
      loop: [One, Two]
      register: made
      changed_when: made is changed
    - name: Use what was registered
      ansible.builtin.debug:
        var: made.results
      when: not ansible_check_mode
"""
SELF_TEST_BAD = [
    ('uses the variable \'customer_name\'', """
- name: A variable nobody defines
  sraps.provisioning.sraps_company_info:
    name: "{{ customer_name }}"
"""),
    ('uses the variable \'profile_uuid\'', """
- name: A variable behind is defined
  sraps.provisioning.sraps_profile:
    name: Existing Profile
    uuid: "{{ profile_uuid }}"
  when: profile_uuid is defined
"""),
    ('uses the variable \'web_password\'', """
- name: A variable behind default()
  sraps.provisioning.sraps_product_default:
    product: D785
    settings: {http_pass: "{{ web_password | default(lookup('ansible.builtin.env', 'PHONE_WEB_PASSWORD')) }}"}
"""),
    ('uses the variable \'found\'', """
- name: Shown before it is read
  ansible.builtin.debug:
    var: found.profiles
- name: Read
  sraps.provisioning.sraps_profile_info:
  register: found
"""),
    ('uses the variable \'checked\'', """
- name: A bare expression of an assert
  ansible.builtin.assert:
    that: checked.problems | length == 0
"""),
    ('access_key_secret in task \'A literal secret\'', """
- name: A literal secret
  sraps.provisioning.sraps_company_info:
    access_key_secret: 9c1e5f7a3b2d4c6e8f0a1b3c5d7e9f20
"""),
    ('api_url in task \'A URL from a variable\'', """
- name: A URL from a variable
  module_defaults:
    group/sraps.provisioning.sraps:
      api_url: "{{ lookup('ansible.builtin.env', 'SRAPS_ACCESS_KEY_ID') }}"
  block:
    - name: Read
      sraps.provisioning.sraps_company_info:
"""),
    ('environment variable NOT_SET_FOR_EXAMPLES', """
- name: An environment variable that is not set
  sraps.provisioning.sraps_company_info:
    name: "{{ lookup('ansible.builtin.env', 'NOT_SET_FOR_EXAMPLES') }}"
"""),
    ('the password setting phone-settings:http_pass as a literal', """
- name: A literal password
  sraps.provisioning.sraps_endpoint:
    endpoints:
      - {mac: "00:04:13:20:00:01", settings: {"phone-settings:http_pass": {1: "1234"}}}
"""),
]


def self_test(environment):
    """Problems of the checks themselves: a rule they let pass, or a good example they refuse."""
    failures = []
    problems = static_problems('self_test', yaml.safe_load(SELF_TEST_GOOD), environment)
    if problems:
        failures.append('the good example was refused: %s' % '; '.join(problems))
    for expected, examples in SELF_TEST_BAD:
        problems = static_problems('self_test', yaml.safe_load(examples), environment)
        if not any(expected in problem for problem in problems):
            failures.append('an example was not refused with %r; the checks said: %s'
                            % (expected, '; '.join(problems) or 'nothing'))
    return failures


def playbook(module, tasks):
    return [{
        'name': 'EXAMPLES of %s%s' % (PREFIX, module),
        'hosts': 'localhost',
        'gather_facts': False,
        'tasks': tasks,
    }]


def environment_problems():
    """Why the environment would let an example that relies on it reach anything but the simulator."""
    missing = [name for name in CONNECTION_ENV.values() if not os.environ.get(name)]
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
    env = dict(os.environ, **EXAMPLE_ENVIRONMENT)
    environment = set(name for name, value in env.items() if value)
    failures = self_test(environment)
    if failures:
        sys.exit('module_examples: the checks of the examples are broken: %s' % '; '.join(failures))
    print('module_examples: the checks refuse each of %d broken examples and accept a good one' % len(SELF_TEST_BAD))
    secrets = [os.environ['SRAPS_ACCESS_KEY_SECRET']] + list(EXAMPLE_ENVIRONMENT.values())

    root = collection_root()
    paths = sorted(glob.glob(os.path.join(root, 'plugins', 'modules', '*.py')))
    paths = [p for p in paths if os.path.basename(p) != '__init__.py']
    if not paths:
        sys.exit('module_examples: no modules in %s' % root)
    workdir = tempfile.mkdtemp(prefix='module_examples_')
    broken = {}
    for path in paths:
        module = os.path.splitext(os.path.basename(path))[0]
        tasks, problems, deletes = prepare(module, examples_of(path), environment)
        if problems:
            broken[module] = problems
            for problem in problems:
                print('module_examples: %s' % problem)
            continue
        play_path = os.path.join(workdir, '%s.yml' % module)
        with open(play_path, 'w', encoding='utf-8') as handle:
            handle.write('---\n')
            yaml.safe_dump(playbook(module, tasks), handle, sort_keys=False, default_flow_style=False, width=200)
        reset_simulator()
        command = ['ansible-playbook', play_path]
        if args.inventory and os.path.exists(args.inventory):
            command[1:1] = ['-i', args.inventory]
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False,
                                env=env)
        shown = [i for i, secret in enumerate(secrets) if secret in result.stdout]
        if result.returncode != 0:
            print(result.stdout)
            print('module_examples: %s: FAILED (ansible-playbook exit %d, playbook %s)'
                  % (module, result.returncode, play_path))
            broken.setdefault(module, []).append('ansible-playbook exit %d' % result.returncode)
        elif shown:
            print('module_examples: %s: FAILED: the output shows %d secret(s) of the examples' % (module, len(shown)))
            broken.setdefault(module, []).append('secrets in the output')
        else:
            print('module_examples: %s: ok (%d example tasks, %d delete(s) in check mode)'
                  % (module, len(list(leaf_tasks(tasks))) - deletes, deletes))
    if broken:
        sys.exit('module_examples: FAILED: the EXAMPLES of %s broke (generated playbooks in %s)'
                 % (', '.join(sorted(broken)), workdir))
    print('module_examples: PASS: the EXAMPLES of %d modules ran against the simulator' % len(paths))
    if not args.keep:
        for name in os.listdir(workdir):
            os.remove(os.path.join(workdir, name))
        os.rmdir(workdir)


if __name__ == '__main__':
    main()
