# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Print the bad-input playbook (JSON, which is YAML) built from cases.yml.

    python make_play.py cases.yml [PART PARTS] > play.yml

With PART and PARTS, only every PARTS-th case starting at PART (0-based), so that parts can run side
by side. A task's module cannot come from a variable, hence a generated playbook: one module task per
case (its result registered, its failure ignored), then one task that judges every case: the task
failed with a message that holds every expected word (compared without regard to case), or, for a
case marked ok, did not fail and meets its check. runme.sh checks the write counter around the run.
"""

from __future__ import annotations

import json
import re
import sys

import yaml

FQCN = 'sraps.provisioning.'


def load(path):
    with open(path, encoding='utf-8') as fh:
        return yaml.safe_load(fh)


def all_cases(doc):
    """(module, case, group) for every case: group is 'key' (with the access key) or 'no_key'."""
    out = []
    for module in doc['base']:
        for case in doc['no_key']:
            out.append((module, case, 'no_key'))
        for case in doc['common']:
            if module in case.get('only', [module]):
                out.append((module, case, 'key'))
        for case in doc['cases'].get(module, []):
            out.append((module, case, 'key'))
    return out


def jinja_string(text):
    """text as a Jinja string literal."""
    return json.dumps(text)


def word_expression(word):
    """An expected word as a Jinja expression in lower case; "{{ name }}" stands for a variable's value."""
    match = re.match(r'^{{\s*(\w+)\s*}}$', word)
    if match:
        return '(%s | lower)' % match.group(1)
    return jinja_string(word.lower())


def task_for(ident, module, case, base):
    args = dict(base)
    for key, value in case.get('args', {}).items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    label = '%s %s: %s' % (ident, module, case['case'])
    return label, {'name': label, FQCN + module: args, 'register': ident, 'ignore_errors': True}


def judgement(ident, label, case):
    """A Jinja expression: '' when the case passed, else what went wrong."""
    shown = '(%s.msg | default(%s | string))' % (ident, ident)
    if case.get('ok'):
        good = '(%s is not failed and (%s))' % (ident, case['check'].replace('r.', ident + '.'))
        return "('' if %s else %s ~ ' should not fail and meet its check: ' ~ %s)" % (
            good, jinja_string(label), shown)
    words = '[%s]' % ', '.join(word_expression(w) for w in case['expect'])
    missing = "(%s | reject('in', (%s.msg | default('') | lower)) | list)" % (words, ident)
    good = '(%s is failed and %s.msg is string and %s == [])' % (ident, ident, missing)
    return "('' if %s else %s ~ ': expected one error with ' ~ (%s | string) ~ ', got: ' ~ %s)" % (
        good, jinja_string(label), missing, shown)


def main(argv):
    doc = load(argv[0])
    part, parts = (int(argv[1]), int(argv[2])) if len(argv) > 2 else (0, 1)
    groups = {'key': [], 'no_key': []}
    judged = []
    for number, (module, case, group) in enumerate(all_cases(doc), start=1):
        if number % parts != part:
            continue
        ident = 'c%03d' % number
        label, task = task_for(ident, module, case, doc['base'][module])
        groups[group].append(task)
        judged.append((ident, label, judgement(ident, label, case)))
    connection = {'api_url': '{{ api_url }}'}
    with_key = dict(connection, access_key_id='{{ key_id }}', access_key_secret='{{ key_secret }}',
                    company='Existing Customer')
    common = {'hosts': 'localhost', 'gather_facts': False}
    problems = "{{ [%s] | select | list }}" % ', '.join(expr for dummy, dummy, expr in judged)
    plays = [
        dict(common, name='Bad input with the access key (part %d of %d)' % (part + 1, parts),
             module_defaults={'group/sraps.provisioning.sraps': with_key}, tasks=groups['key']),
        dict(common, name='Bad input without the access key (part %d of %d)' % (part + 1, parts),
             module_defaults={'group/sraps.provisioning.sraps': connection}, tasks=groups['no_key']),
        dict(common, name='Judge the cases (part %d of %d)' % (part + 1, parts), tasks=[
            {'name': 'Write every case\'s message to messages_file',
             'ansible.builtin.copy': {
                 'dest': '{{ messages_file }}', 'mode': '0600',
                 'content': '{{ {%s} | to_nice_json }}' % ', '.join(
                     "%s: %s.msg | default('(not an error)')" % (jinja_string(label), ident)
                     for ident, label, dummy in judged)},
             'when': 'messages_file is defined'},
            {'name': 'Every case gave one clear error (or, where marked, no error)',
             'vars': {'problems': problems},
             'ansible.builtin.assert': {
                 'that': 'problems == []',
                 'fail_msg': '{{ problems | length }} of %d case(s) failed: {{ problems }}' % len(judged),
                 'success_msg': '%d cases passed' % len(judged)}},
        ]),
    ]
    json.dump(plays, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main(sys.argv[1:])
