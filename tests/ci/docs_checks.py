# Copyright: contributors to sraps.provisioning
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The parts of tests/ci/docs-check.sh that read pages and output: commands as a page prints them,
the versions a page names, what `make demo` prints.

Usage::

    python tests/ci/docs_checks.py block PAGE TEXT
        print the one fenced shell block of PAGE that contains TEXT, as printed
    python tests/ci/docs_checks.py prerequisites PAGE PYTHON_VERSION
        the page's venv and pip lines name that Python, the ansible-core versions of meta/runtime.yml
        and tests/constraints.txt, and the packages of requirements.txt
    python tests/ci/docs_checks.py demo OUTPUT REPORT_DIR
        OUTPUT (what tests/ci/demo.sh printed) says the four steps first, cuts the dry run's diffs short
        (its log in REPORT_DIR has them whole), and ends with where the data is and what to read next

Each exits 1 with one line per problem.
"""

from __future__ import annotations

import os
import re
import shlex
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHELL_FENCES = ('sh', 'bash', 'shell', 'console')
# The most lines of one diff the dry run of make demo shows (DEMO_DIFF_LINES of tests/ci/demo.sh), and
# the most lines its dry run prints in all (the whole output is about 600 lines).
DEMO_DIFF_MAX_LINES = 12
DEMO_DRY_RUN_MAX_LINES = 250


def fail(problems):
    """Exit 1 with one line per problem; return when there is none."""
    for problem in problems:
        print('docs_checks: %s' % problem, file=sys.stderr)
    if problems:
        sys.exit(1)


def shell_blocks(page):
    """The fenced shell blocks of a Markdown page, each as its text."""
    blocks, current, in_fence = [], None, False
    with open(page, encoding='utf-8') as handle:
        for line in handle:
            if not in_fence:
                fence = re.match(r'^```(\w*)\s*$', line)
                if fence:
                    in_fence = True
                    current = [] if fence.group(1) in SHELL_FENCES else None
            elif line.startswith('```'):
                in_fence = False
                if current is not None:
                    blocks.append(''.join(current))
            elif current is not None:
                current.append(line)
    return blocks


def block(page, text):
    found = [b for b in shell_blocks(page) if text in b]
    if len(found) != 1:
        fail(['%s has %d fenced shell blocks that contain %r, not one' % (page, len(found), text)])
    return found[0]


def minor(version):
    return tuple(int(part) for part in version.split('.')[:2])


def prerequisites(page, python_version):
    """Problems of the page's venv and pip lines against the files that hold the versions."""
    problems = []
    with open(os.path.join(ROOT, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        oldest = re.search(r'^requires_ansible:\s*["\']?>=\s*([0-9.]+)', handle.read(), re.M).group(1)
    with open(os.path.join(ROOT, 'tests', 'constraints.txt'), encoding='utf-8') as handle:
        tested = re.findall(r'^(?:# matrix: )?ansible-core==([0-9.]+)$', handle.read(), re.M)
    with open(os.path.join(ROOT, 'requirements.txt'), encoding='utf-8') as handle:
        packages = [line.strip() for line in handle if line.strip() and not line.startswith('#')]
    first, newest = minor(oldest), max(minor(v) for v in tested)
    core = 'ansible-core>=%d.%d,<%d.%d' % (first + (newest[0], newest[1] + 1))
    expected = [core] + packages

    text = block(page, ' -m venv ')
    if 'python%s -m venv ' % python_version not in text:
        problems.append('the install block does not make a venv with python%s: %r' % (python_version, text))
    pip = [line for line in text.splitlines() if ' pip install ' in line]
    args = shlex.split(pip[0].split(' install ', 1)[1]) if pip else []
    if args != expected:
        problems.append('the pip line installs %s; meta/runtime.yml, tests/constraints.txt and requirements.txt '
                        'say %s' % (' '.join(args) or 'nothing', ' '.join(expected)))
    with open(page, encoding='utf-8') as handle:
        prose = ' '.join(handle.read().split())
    versions = 'ansible-core %d.%d to %d.%d' % (first + newest)
    if versions not in prose:
        problems.append('the page does not say %r' % versions)
    return problems


def demo(output, report_dir):
    """Problems of what make demo printed."""
    with open(output, encoding='utf-8') as handle:
        lines = handle.read().splitlines()
    headers = ['==================== %d.' % n for n in (1, 2, 3, 4)] + ['==================== what the four steps did']
    at = []
    for header in headers:
        found = [i for i, line in enumerate(lines) if line.startswith(header)]
        if len(found) != 1:
            return ['make demo printed %d lines starting %r, not one' % (len(found), header)]
        at.append(found[0])
    if at != sorted(at):
        return ['make demo printed its steps out of order']
    problems = []

    plan = '\n'.join(lines[:at[0]])
    for pattern in (r'\n +1\. .*--check --diff', r'\n +2\. ', r'\n +3\. .*changed=0', r'\n +4\. .*CSV'):
        if not re.search(pattern, plan):
            problems.append('before its first step, make demo does not say %r' % pattern)

    dry_run = lines[at[0]:at[1]]
    if not dry_run[1].startswith('+ ansible-playbook ') or not dry_run[1].endswith(' --check --diff'):
        problems.append('the dry run is not shown as an ansible-playbook --check --diff run: %r' % dry_run[1])
    in_diff, longest = None, 0
    for line in dry_run:
        if line == '--- before':
            in_diff = 0
        elif in_diff is not None and (not line or ' more lines of this diff in ' in line):
            in_diff = None
        if in_diff is not None:
            in_diff += 1
            longest = max(longest, in_diff)
    if longest > DEMO_DIFF_MAX_LINES:
        problems.append('the dry run shows a diff of %d lines, more than %d' % (longest, DEMO_DIFF_MAX_LINES))
    if len(dry_run) > DEMO_DRY_RUN_MAX_LINES:
        problems.append('the dry run printed %d lines, more than %d' % (len(dry_run), DEMO_DRY_RUN_MAX_LINES))
    log = os.path.join(report_dir, '1-dry-run.log')
    if not os.path.isfile(log):
        problems.append('no log of the dry run at %s' % log)
    else:
        with open(log, encoding='utf-8') as handle:
            whole = handle.read().splitlines()
        cut = [line for line in dry_run if ' more lines of this diff in %s' % log in line]
        if not cut:
            problems.append('the dry run cut no diff short')
        shown = set(dry_run[2:]) - set(cut)
        if len(whole) <= len(dry_run) or not shown <= set(whole):
            problems.append('the log of the dry run %s does not hold all of its output' % log)

    end = lines[at[4]:]
    text = '\n'.join(end)
    for needed in ("Where the demo's data is", 'SRAPS simulator at http://127.0.0.1:', report_dir.rstrip('/') + '/',
                   'Read next:'):
        if needed not in text:
            problems.append('make demo does not end with %r' % needed)
    for label in ('the rollout report of step 4: ', 'the whole output of each step: '):
        named = [line.split(label, 1)[1].split() for line in end if label in line]
        if not named or not named[0]:
            problems.append('make demo does not end with %r and file names' % label)
            continue
        for name in named[0]:
            if not os.path.isfile(os.path.join(report_dir, name)):
                problems.append('make demo names %s, which is not in %s' % (name, report_dir))
    reading = end[end.index('Read next:') + 1:] if 'Read next:' in end else []
    pages = [line.split()[0] for line in reading if line.startswith('  ') and line.split()]
    if not pages:
        problems.append('make demo names nothing to read next')
    for page in pages:
        if not os.path.isfile(os.path.join(ROOT, page)):
            problems.append('make demo says to read %s, which does not exist' % page)
    return problems


def main():
    command, args = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else (None, [])
    if command == 'block' and len(args) == 2:
        sys.stdout.write(block(*args))
    elif command == 'prerequisites' and len(args) == 2:
        fail(prerequisites(*args))
    elif command == 'demo' and len(args) == 2:
        fail(demo(*args))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
