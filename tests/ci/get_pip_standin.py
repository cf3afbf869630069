# Copyright: contributors to sraps.provisioning
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for the get-pip.py bootstrap script that ansible-test downloads.

ansible-test creates its sanity/units/integration virtual environments without pip and then
bootstraps pip with a get-pip.py script fetched from ci-files.testing.ansible.com, which this
machine cannot reach.  Before downloading, ansible-test looks for a cached copy at
``~/.ansible/test/cache/get_pip_<version with underscores>.py``; ``tests/ci/setup.sh`` (and, for
the older ansible-core releases, ``tests/ci/lib.sh``'s ``core_venv``) copies this file there, next to
the wheels that ansible-test's ``get_venv_packages()`` names, fetched from PyPI with ``pip download``.

ansible-test runs the script (through its quiet_pip.py wrapper, with GET_PIP set) as::

    python get_pip_24_2.py --disable-pip-version-check pip==24.2 --no-setuptools --no-wheel   # 2.18, 2.19
    python get_pip_23_1_2.py --disable-pip-version-check pip==23.1.2 setuptools==67.7.2 wheel==0.37.1  # 2.16, 2.17

Like the real get-pip.py, it imports pip from the wheel and lets it install itself.
"""

from __future__ import annotations

import glob
import os
import sys


def main():
    """Install pip from the wheel that lies next to this script."""
    here = os.path.dirname(os.path.abspath(__file__))
    args = sys.argv[1:]

    pinned = [arg.split('==', 1)[0] for arg in args if '==' in arg]
    extra = []
    if '--no-setuptools' not in args and 'setuptools' not in pinned:
        extra.append('setuptools')
    if '--no-wheel' not in args and 'wheel' not in pinned:
        extra.append('wheel')
    args = [arg for arg in args if arg not in ('--no-setuptools', '--no-wheel')]

    wanted = [arg.split('==', 1)[1] for arg in args if arg.startswith('pip==')]
    pattern = 'pip-%s-py3-none-any.whl' % (wanted[0] if wanted else '*')
    wheels = sorted(glob.glob(os.path.join(here, pattern)))
    if not wheels:
        sys.exit('get-pip stand-in: no %s in %s (run tests/ci/setup.sh)' % (pattern, here))

    sys.path.insert(0, wheels[-1])
    from pip._internal.cli.main import main as pip_main  # pylint: disable=import-outside-toplevel

    options = ['install', '--upgrade', '--force-reinstall', '--find-links', here]
    if not extra:
        # Everything needed lies next to this script: no index, no network.
        options.append('--no-index')

    sys.exit(pip_main(options + args + extra))


if __name__ == '__main__':
    main()
