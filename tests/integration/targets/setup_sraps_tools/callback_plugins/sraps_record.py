# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Test helper: record every task result, as Ansible registers it, in a JSON-lines file.

Enabled by the integration targets that need it (tools.sh: sraps_record_on FILE) with
ANSIBLE_CALLBACK_PLUGINS and ANSIBLE_CALLBACKS_ENABLED; the file is SRAPS_RECORD_FILE. One line per
task result (per loop item for loops): {"task", "status", "result"}. The fault suite counts the
modules' retry warnings in it (the screen shows a repeated warning once); the secrets suite greps it.
"""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r'''
name: sraps_record
type: aggregate
short_description: Record every task result in a JSON-lines file (integration tests only)
description:
  - Appends one line per task result to the file named by the environment variable SRAPS_RECORD_FILE.
requirements:
  - enable in the ansible.cfg or with ANSIBLE_CALLBACKS_ENABLED
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'sraps_record'
    CALLBACK_NEEDS_ENABLED = True

    def _record(self, result, status):
        path = os.environ.get('SRAPS_RECORD_FILE')
        if not path:
            return
        line = {'task': result.task_name, 'status': status, 'result': result._result}  # pylint: disable=protected-access
        with open(path, 'a', encoding='utf-8') as fh:
            fh.write(json.dumps(line, sort_keys=True, default=repr) + '\n')

    def v2_runner_on_ok(self, result):
        self._record(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, 'failed')

    def v2_runner_item_on_ok(self, result):
        self._record(result, 'item_ok')

    def v2_runner_item_on_failed(self, result):
        self._record(result, 'item_failed')
