# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What AWX does with a credential of a custom type when it starts a job, for the tests.

Used by tests/unit/test_awx_credential_type.py and by the awx_runner integration target, which
loads this file by its path (it runs outside the unit test environment).
"""

from __future__ import annotations

import os
import stat
import tempfile
import types

from jinja2.sandbox import ImmutableSandboxedEnvironment


def awx_inject(cred, inputs, private_data_dir):
    """The environment AWX gives a job for a credential with these inputs.

    As AWX's injector code does it: inputs that are blank are left out of the namespace (so
    they render as ""), unset boolean inputs are false, the unnamed file injector is written
    to a private file in env/ whose path is tower.filename, and every env template is rendered.
    """
    namespace = dict((field_id, value) for field_id, value in inputs.items() if isinstance(value, bool) or value)
    for field in cred['inputs']['fields']:
        if field['type'] == 'boolean' and field['id'] not in inputs:
            namespace[field['id']] = False
    tower = types.SimpleNamespace(filename=None)
    namespace['tower'] = tower
    sandbox = ImmutableSandboxedEnvironment()
    env_dir = os.path.join(private_data_dir, 'env')
    os.makedirs(env_dir, exist_ok=True)
    for label, template in (cred['injectors'].get('file') or {}).items():
        assert '.' not in label, 'only the unnamed file injector is emulated'
        handle, path = tempfile.mkstemp(dir=env_dir)
        with os.fdopen(handle, 'w') as out:
            out.write(sandbox.from_string(template).render(**namespace))
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        tower.filename = path
    return dict((name, sandbox.from_string(template).render(**namespace))
                for name, template in cred['injectors']['env'].items())
