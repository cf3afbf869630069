# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bench-only callback: wall-clock timestamps of the playbook, each task and each loop item.

Per host it also records each task's start and end (``runs``: what one customer's tasks cost when
forks run several hosts at once) and, at the end, the play recap (``recap``: ok, changed, failed, ...
per host).

Enabled by bench/run.py through ANSIBLE_CALLBACK_PLUGINS / ANSIBLE_CALLBACKS_ENABLED; writes a JSON
document to the file named by BENCH_TIMING_FILE when the playbook ends. Timestamps are time.time(),
the clock bench/run.py reads before it starts ansible-playbook, so start-up cost is their difference.
Not part of the collection (it lives in bench/, outside plugins/).
"""

from __future__ import annotations

DOCUMENTATION = r'''
name: bench_timing
type: aggregate
short_description: Record task and loop-item timestamps for bench/run.py
description:
  - Writes the playbook start, each task's start and end, and each loop item's end to a JSON file.
  - Also each task's start and end per host with the size of its result as JSON, and the play recap per host.
options: {}
'''

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_timing'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._doc = {'playbook_start': None, 'tasks': [], 'end': None, 'runs': [], 'recap': {}}
        self._current = None
        self._started = {}

    def v2_playbook_on_start(self, playbook):
        self._doc['playbook_start'] = time.time()

    def _start(self, task):
        now = time.time()
        if self._current is not None and self._current['end'] is None:
            self._current['end'] = now
        self._current = {'name': task.get_name(), 'action': task.action, 'start': now, 'end': None,
                         'items': 0, 'status': None}
        self._doc['tasks'].append(self._current)

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._start(task)

    def v2_playbook_on_handler_task_start(self, task):
        self._start(task)

    def v2_runner_on_start(self, host, task):
        self._started[(host.get_name(), task._uuid)] = time.time()

    def _host_done(self, result, status):
        now = time.time()
        host = result._host.get_name()
        task = result._task
        start = self._started.pop((host, task._uuid), None)
        self._doc['runs'].append({'host': host, 'name': task.get_name(), 'action': task.action,
                                  'start': start if start is not None else now, 'end': now, 'status': status,
                                  'changed': bool(result._result.get('changed')),
                                  'result_bytes': len(json.dumps(result._result, default=str)),
                                  'run_once': bool(getattr(task, 'run_once', False))})

    def _item(self, result):
        if self._current is not None:
            self._current['items'] += 1

    v2_runner_item_on_ok = v2_runner_item_on_failed = v2_runner_item_on_skipped = _item

    def _done(self, result, status):
        self._host_done(result, status)
        if self._current is not None:
            self._current['end'] = time.time()
            self._current['status'] = status
            changed = result._result.get('changed')
            self._current['changed'] = bool(changed)

    def v2_runner_on_ok(self, result):
        self._done(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._done(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._done(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._done(result, 'unreachable')

    def v2_playbook_on_stats(self, stats):
        self._doc['end'] = time.time()
        self._doc['recap'] = dict((host, stats.summarize(host)) for host in sorted(stats.processed))
        path = os.environ.get('BENCH_TIMING_FILE')
        if path:
            with open(path, 'w') as fh:
                json.dump(self._doc, fh)
