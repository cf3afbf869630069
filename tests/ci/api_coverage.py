# Copyright: contributors to sraps.provisioning
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Generate the tables of docs/api-coverage.md from plugins/module_utils/_sraps_api.py.

The page keeps its prose; each generated part lies between two markers::

    <!-- generated: NAME (make api-coverage) -->
    ...
    <!-- end of generated: NAME -->

Usage (from anywhere)::

    python tests/ci/api_coverage.py           # rewrite the generated parts of the page
    python tests/ci/api_coverage.py --check   # exit 1 and show a diff when the page is not current

tests/unit/test_api_coverage_doc.py runs the check in ``make test``.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
API_PATH = os.path.join(ROOT, 'plugins', 'module_utils', '_sraps_api.py')
DOC_PATH = os.path.join(ROOT, 'docs', 'api-coverage.md')

BEGIN = '<!-- generated: %s (make api-coverage) -->'
END = '<!-- end of generated: %s -->'
TABLES = ('resources', 'fields', 'server-owned', 'object-fields', 'defaults', 'values')


class CoverageError(Exception):
    """The resource table cannot be documented as it stands, or the page lacks a marker."""


def load_api(path=API_PATH):
    """Import _sraps_api.py from its file (it imports nothing of the collection)."""
    spec = importlib.util.spec_from_file_location('_sraps_api_for_docs', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def status(value):
    return '**%s**' % value


def code(value):
    if isinstance(value, str):
        return '`%s`' % value if value else '`""`'
    return '`%s`' % json.dumps(value)


def values(value):
    """A constant as the page shows it: a sequence as its items, anything else as one literal."""
    if isinstance(value, (tuple, list)):
        return ', '.join(code(item) for item in value)
    return code(value)


def table(header, rows):
    lines = ['| %s |' % ' | '.join(header), '|%s' % ('---|' * len(header))]
    lines.extend('| %s |' % ' | '.join(row) for row in rows)
    return lines


def undocumented_constants(api):
    """Upper-case constants of the module that no fact names, and fact names the module lacks."""
    tables = {'KNOWN', 'ASSUMED', 'RESOURCES', 'FIELDS', 'FIELD_NOTES', 'SERVER_OWNED', 'OBJECT_FIELDS',
              'ENDPOINT_DEFAULTS', 'DEFAULT_STATUS', 'CREATE_DEFAULTS', 'FACTS'}
    constants = {name for name, value in vars(api).items()
                 if re.match(r'^[A-Z][A-Z0-9_]*$', name) and name not in tables
                 and isinstance(value, (str, int, float, bool, tuple, list, dict))}
    named = {name for fact in api.FACTS for name in fact.names}
    return sorted(constants - named), sorted(named - constants)


def check_api(api):
    """Raise CoverageError when an entry lacks what the page needs."""
    problems = []
    statuses = (api.KNOWN, api.ASSUMED)
    for name, res in sorted(api.RESOURCES.items()):
        if res.status not in statuses:
            problems.append('RESOURCES[%r] has status %r' % (name, res.status))
    if set(api.FIELDS) != set(api.FIELD_NOTES):
        problems.append('FIELD_NOTES must have exactly the keys of FIELDS: missing %s, extra %s' % (
            sorted(set(api.FIELDS) - set(api.FIELD_NOTES)), sorted(set(api.FIELD_NOTES) - set(api.FIELDS))))
    problems.extend('FIELD_NOTES[%r] has status %r' % (key, note[0])
                    for key, note in sorted(api.FIELD_NOTES.items()) if note[0] not in statuses)
    if set(api.ENDPOINT_DEFAULTS) != set(api.DEFAULT_STATUS):
        problems.append('DEFAULT_STATUS must have exactly the keys of ENDPOINT_DEFAULTS')
    problems.extend('FACTS entry %s has status %r' % (', '.join(fact.names), fact.status)
                    for fact in api.FACTS if fact.status not in statuses)
    missing, unknown = undocumented_constants(api)
    if missing:
        problems.append('constants without a FACTS entry: %s' % ', '.join(missing))
    if unknown:
        problems.append('FACTS names constants that do not exist: %s' % ', '.join(unknown))
    if problems:
        raise CoverageError('plugins/module_utils/_sraps_api.py:\n  ' + '\n  '.join(problems))


def render(api):
    """Return {table name: list of lines} for every generated part of the page."""
    check_api(api)
    out = {}
    out['resources'] = table(
        ('path', 'methods', 'resource name in `_sraps_api.py`', 'status', 'note'),
        [(code(res.path), ', '.join(res.methods), code(name), status(res.status), res.note)
         for name, res in api.RESOURCES.items()])
    out['fields'] = table(
        ('field', 'option key in `FIELDS`', 'status', 'module option, return value or use'),
        [(code(field), code(key), status(api.FIELD_NOTES[key][0]), api.FIELD_NOTES[key][1])
         for key, field in api.FIELDS.items()])
    out['server-owned'] = table(
        ('object', 'fields the server owns'),
        [(kind, ', '.join(code(field) for field in fields)) for kind, fields in api.SERVER_OWNED.items()])
    out['object-fields'] = table(
        ('object', '**KNOWN** fields', '**ASSUMED** fields'),
        [(kind, ', '.join(code(field) for field in known) or '-', ', '.join(code(field) for field in assumed) or '-')
         for kind, (known, assumed) in api.OBJECT_FIELDS.items()])
    out['defaults'] = table(
        ('field', 'default', 'status'),
        [(code(field), code(default), status(api.DEFAULT_STATUS[field]))
         for field, default in api.ENDPOINT_DEFAULTS.items()]
    ) + [''] + table(
        ('object', 'defaults of a `POST` that omits the field (`CREATE_DEFAULTS`, all **ASSUMED**)'),
        [(kind, ', '.join('%s %s' % (code(field), code(value)) for field, value in defaults.items()))
         for kind, defaults in api.CREATE_DEFAULTS.items()])
    out['values'] = table(
        ('constant', 'value', 'status', 'meaning'),
        [(', '.join(code(name) for name in fact.names),
          '; '.join(values(getattr(api, name)) for name in fact.names),
          status(fact.status), fact.meaning) for fact in api.FACTS])
    return out


def update(text, parts):
    """Return the page text with each generated part replaced by parts[name]."""
    for name, lines in parts.items():
        pattern = re.compile(r'(%s\n)(.*?)(%s)' % (re.escape(BEGIN % name), re.escape(END % name)), re.S)
        if not pattern.search(text):
            raise CoverageError('docs/api-coverage.md lacks the markers\n  %s\n  %s' % (BEGIN % name, END % name))
        text = pattern.sub(lambda match, lines=lines: match.group(1) + '\n'.join(lines) + '\n' + match.group(3),
                           text, count=1)
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--check', action='store_true', help='only report whether the page is current')
    args = parser.parse_args(argv)
    with open(DOC_PATH, encoding='utf-8') as handle:
        current = handle.read()
    try:
        wanted = update(current, render(load_api()))
    except CoverageError as exc:
        sys.stderr.write('%s\n' % exc)
        return 1
    if wanted == current:
        print('docs/api-coverage.md is current with plugins/module_utils/_sraps_api.py')
        return 0
    if args.check:
        sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), wanted.splitlines(True),
                                                   'docs/api-coverage.md', 'generated'))
        print('docs/api-coverage.md is not current: run make api-coverage')
        return 1
    with open(DOC_PATH, 'w', encoding='utf-8') as handle:
        handle.write(wanted)
    print('wrote the tables of docs/api-coverage.md')
    return 0


if __name__ == '__main__':
    sys.exit(main())
