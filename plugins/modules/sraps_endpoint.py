#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sraps_endpoint
short_description: Register, reassign and remove Snom phones in SRAPS, one or thousands per task
version_added: 0.1.0
description:
  - Manages phones (SRAPS endpoints, keyed by MAC address) of a company. It registers them, gives them a
    provisioning profile, a name and settings, and removes them.
  - Give one phone with O(mac), or many with O(endpoints); options given at the top level are defaults
    for every item of O(endpoints).
  - SRAPS replaces a whole phone on every write. The module sends the phone's current fields with only
    your changes applied, so what you do not set keeps its current value.
  - Many phones are read with one paged list request and written O(parallel) at a time. A phone that
    fails does not stop the others; the task fails at the end, naming each failed MAC and why, in its
    message and, one item per phone, in RV(failures).
  - MAC addresses, profile names and setting names are all checked before anything is written.
author:
  - sraps.provisioning contributors (@sraps-provisioning)
options:
  mac:
    description:
      - MAC address of one phone, as V(00:04:13:AA:BB:CC), V(00-04-13-aa-bb-cc), V(0004.13aa.bbcc) or
        V(000413AABBCC).
      - A multicast address (the lowest bit of the first octet set), V(ff:ff:ff:ff:ff:ff) and
        V(00:00:00:00:00:00) are refused before anything is written, except with O(state=absent). A MAC
        outside Snom's prefix V(00:04:13) is written with a warning (likelier a typo than another maker's phone).
      - Mutually exclusive with O(endpoints).
    type: str
  endpoints:
    description:
      - Many phones, each a dict with C(mac) and any of the per-phone options.
      - Per-phone options not given in an item take the value of the top-level option.
      - Mutually exclusive with O(mac) and O(endpoints_file).
    type: list
    elements: dict
    suboptions:
      mac:
        description: MAC address of the phone, in any form O(mac) accepts.
        type: str
        required: true
      name:
        description: Name of the phone. See O(name).
        type: str
      profile:
        description: Provisioning profile. See O(profile).
        type: str
      autoprovisioning:
        description: See O(autoprovisioning).
        type: bool
      settings:
        description: Settings of the phone. See O(settings).
        type: dict
      warranty_warning_months:
        description: See O(warranty_warning_months).
        type: int
      state:
        description: See O(state).
        type: str
        choices: [present, absent]
  endpoints_file:
    description:
      - Many phones, read from a CSV file by the module, in the format of the
        P(sraps.provisioning.phones_from_csv#filter) filter (a header line naming the columns, C(mac) among
        them, one phone per line, every column that is not a phone option a setting by its C(param_name)).
        The phones are then O(endpoints) in every other respect, top-level options their defaults.
      - The file is read on the host the module runs on. For a task delegated to C(localhost), or a play on
        C(localhost), that is the controller, or in AWX the execution environment, where the project is checked
        out.
      - The phones do not pass through the task's arguments, which for tens of thousands of phones saves
        ansible templating and handing them to the module, and the controller's memory for them.
      - Cells are separated by commas, or by semicolons when the header line has semicolons and no comma.
        UTF-8, with or without a byte order mark.
      - Every bad line is reported in one error, naming the line, before anything is read from SRAPS. A
        C(company) column is refused (it is for P(sraps.provisioning.site_rollout#role)).
      - Mutually exclusive with O(mac) and O(endpoints).
    type: path
    version_added: 0.6.0
  name:
    description:
      - Name of the phone, for example its user or desk.
    type: str
  profile:
    description:
      - Provisioning profile of the company to assign, by name or uuid.
      - An empty string removes the phone's profile.
      - A name that several profiles share fails, listing their uuids; give the uuid then.
    type: str
  autoprovisioning:
    description:
      - Whether SRAPS redirects the phone when it calls in.
      - SRAPS sets V(true) when a phone is created without it.
    type: bool
  settings:
    description:
      - Phone settings, a map from a setting's C(param_name) to its value.
      - Where the catalogue has two settings with one C(param_name) (such as C(setting_server)), the one
        that applies to the phone's product group is taken, then the one in section C(phone-settings);
        write C(section:param_name) or the setting's uuid to choose another.
      - A value is a string, a number (written as digits) or a boolean (written as C(on) or C(off), as Snom
        phones expect); or a dict with C(value) and C(perm) (V(RW) the phone user may change it, V(R)
        read-only, empty for the default).
      - For indexed settings such as C(user_realname), a map from index (1, 2, ...) to a value or a dict;
        a plain value sets index 1.
      - V(null) removes a setting from the phone. C({mac}) in a value is kept as written; the phone
        expands it.
      - Settings you do not name keep their values, unless O(purge_settings=true).
      - Values of password settings are never shown; see O(update_password).
    type: dict
  warranty_warning_months:
    description:
      - Months before the warranty ends at which SRAPS warns. SRAPS sets 3 when a phone is created
        without it.
      - V(-1) turns the warning off (SRAPS stores null). A phone whose period is null keeps null when the
        task changes something else; it is never turned back into 3. Diffs show such a phone's period as
        V(-1).
    type: int
  state:
    description:
      - V(present) registers or updates the phones; V(absent) removes them.
      - In O(endpoints), an item's own C(state) wins.
    type: str
    choices: [present, absent]
    default: present
  purge_settings:
    description:
      - If V(true), each phone's settings become exactly the ones given in O(settings); others are removed.
      - Only applies when O(settings) is given; O(settings) set to an empty dict with it removes every
        setting. Without O(settings), nothing is removed.
    type: bool
    default: false
  purge_endpoints:
    description:
      - If V(true), the company's phones that O(endpoints) (or O(endpoints_file)) does not name are removed.
      - Only with O(endpoints) or O(endpoints_file), and never with an empty list.
      - Nothing is removed without this option or O(state=absent).
    type: bool
    default: false
  parallel:
    description:
      - How many writes run at once. A rate limit answer (HTTP 429) slows every writer.
    type: int
    default: 8
  return_objects:
    description:
      - Which phones the result returns as objects (RV(endpoint) or RV(endpoints)). V(all) returns every
        phone that exists after the task, V(changed) only those created, updated or moved, V(none) none.
      - The lists of MACs by outcome (RV(created), RV(updated), RV(deleted), RV(unchanged), RV(moved)),
        RV(failures) and RV(summary) come back whatever the value, complete, in check mode too.
      - When not set, V(all) with O(mac) (one object) and V(none) with O(endpoints). AWX and Automation
        Platform store each task's result as a job event in their database and show it in the browser, and
        drop the result of an event larger than 700,000 characters (ansible-runner's C(MAX_EVENT_RES)), so
        the job then shows neither the summary nor the failures. A task of 10,000 phones with a profile and
        two settings returns about 5.7 MB with V(all) and 0.16 MB (the MAC lists) with V(none). Ask for
        V(changed) or V(all) where a later task needs the objects.
    type: str
    choices: [all, changed, none]
    version_added: 0.5.0
  update_password:
    description:
      - V(on_create) writes a password setting only when the phone does not have it yet; SRAPS never
        shows stored passwords, so a stored one counts as unchanged and is no reason to write.
      - Whenever the phone is written (for any change), every password setting given in O(settings) is
        sent with its value, never as the mask SRAPS reads back; see O(masked_secrets) for those not given.
      - V(always) sends password settings on every run; the task then always reports a change for them.
    type: str
    choices: [always, on_create]
    default: on_create
  planned_profiles:
    description:
      - Names of profiles that the same play creates before this task.
      - Only used in check mode, where those profiles do not exist yet; phones that name them are
        accepted with a warning. In a real run every profile must exist.
      - The roles of this collection set it; playbooks rarely need it.
    type: list
    elements: str
    default: []
  move_from:
    description:
      - Companies to move phones from, by name or uuid, among those the access key can see (for a reseller,
        its customers); or the single value V(any), every company the key can see but O(company).
      - A phone to register (O(state=present)) that O(company) does not hold but one of these companies does
        is moved; it is listed in RV(moved), not in RV(created). SRAPS has no move, so the module deletes the
        phone there and creates it in O(company), O(parallel) phones at a time.
      - The phone is created with what the task declares only. Its name, profile and settings in the old
        company do not come along (a profile belongs to one company).
      - When the create fails for good after the delete, the phone is put back in the old company as it was
        (but for password settings, which SRAPS never shows); its entry in RV(failures) says why the create
        failed and whether it was put back. A run stopped between the delete and the create leaves the phone
        in no company; the next run creates it in O(company).
      - The companies are read (one paged list of phones each, until every missing phone is found) only when
        a phone of the task is missing from O(company).
      - Without this option, a phone that another company of the key holds fails, naming that company.
    type: list
    elements: str
    default: []
    version_added: 0.4.0
extends_documentation_fragment:
  - sraps.provisioning.sraps
attributes:
  check_mode:
    support: full
    details:
      - Reads everything a real run reads and predicts the same result, the same lists of MACs and the
        same diff, without writing.
  diff_mode:
    support: full
    details:
      - Shows each changed phone before and after, in the option names above; password values masked.
      - With many changed phones, a summary and the first 20 phones in full.
notes:
  - A MAC that belongs to another SRAPS account cannot be taken; that phone fails with a clear reason
    while the others are registered. RV(failures) lists each failed phone. A MAC that another company of
    the same key holds can be moved with O(move_from).
  - Re-running a task that failed part way converges. Writes are retried on rate limits and gateway
    errors (see O(retries)).
  - A write that SRAPS answers with HTTP 202 (carried out later) is read back until the phone shows it,
    all such phones of the task together within O(async_timeout); a phone that does not show it in time is
    one of RV(failures).
seealso:
  - module: sraps.provisioning.sraps_endpoint_info
  - module: sraps.provisioning.sraps_profile
'''

EXAMPLES = r'''
# The connection options (api_url, access_key_id, access_key_secret) can be left out of every task:
# every module of this collection reads them from the environment variables SRAPS_API_URL,
# SRAPS_ACCESS_KEY_ID and SRAPS_ACCESS_KEY_SECRET, as the first example does (and the examples of the
# other modules). The second example sets them once for a block of tasks with module_defaults; the
# group covers every module of the collection. Its values come from the environment here; a variable
# from ansible-vault works the same way. Never write the secret itself into a playbook.

- name: Register one phone with a profile and a name
  sraps.provisioning.sraps_endpoint:
    company: Existing Customer
    mac: "00:04:13:20:00:01"
    name: Reception
    profile: Existing Profile

- name: Roll out a site, connection set once for the whole block
  module_defaults:
    group/sraps.provisioning.sraps:
      # api_url left out: SRAPS_API_URL if set, else the default
      access_key_id: "{{ lookup('ansible.builtin.env', 'SRAPS_ACCESS_KEY_ID') }}"
      access_key_secret: "{{ lookup('ansible.builtin.env', 'SRAPS_ACCESS_KEY_SECRET') }}"
      company: Existing Customer
  block:
    - name: Register the phones of the site, with site-wide settings
      sraps.provisioning.sraps_endpoint:
        profile: Existing Profile
        settings:
          setting_server: "https://pbx.example.com/provisioning/{mac}"
          language: Deutsch
        endpoints:
          - mac: "00:04:13:20:00:02"
            name: Desk 2
          - mac: "00:04:13:20:00:03"
            name: Desk 3
            settings:
              user_realname: {1: Desk 3}
              setting_server: "https://pbx.example.com/provisioning/{mac}"
      register: rollout

    - name: Show what happened
      ansible.builtin.debug:
        var: rollout.summary

    - name: Rename two phones; return the objects of the phones that changed, for the next task
      sraps.provisioning.sraps_endpoint:
        endpoints:
          - mac: "00:04:13:20:00:02"
            name: Reception left
          - mac: "00:04:13:20:00:03"
            name: Reception right
        return_objects: changed
      register: renamed

    - name: Their uuids
      ansible.builtin.debug:
        msg: "{{ renamed.endpoints | map(attribute='uuid') | list }}"

- name: A site's phones as a CSV file (in a real project, a file kept beside the playbook)
  ansible.builtin.copy:
    dest: /tmp/site-berlin.csv
    mode: "0600"
    content: |
      mac,name,user_realname
      00:04:13:20:00:11,Desk 11,Alice Example
      00:04:13:20:00:12,Desk 12,Bob Example

- name: Register the phones of the file; the module reads it, so thousands of phones never pass through the task
  sraps.provisioning.sraps_endpoint:
    company: Existing Customer
    profile: Existing Profile
    endpoints_file: /tmp/site-berlin.csv

- name: Remove one phone
  sraps.provisioning.sraps_endpoint:
    company: Existing Customer
    mac: "000413200003"
    state: absent

- name: Take a phone back from a customer into the reseller's own company (stock)
  sraps.provisioning.sraps_endpoint:
    company: Demo Reseller
    mac: "00:04:13:20:00:02"
    name: Returned from Existing Customer
    move_from: [Existing Customer]
  register: move

- name: Show where it came from
  ansible.builtin.debug:
    var: move.moved
'''

RETURN = r'''
endpoint:
  description:
    - The phone as SRAPS holds it after the task (single form, O(mac)); in check mode, as it would be.
    - The API's own URLs (C(links)) are left out.
    - Absent when the phone was removed.
  returned: when O(mac) is given, the phone exists afterwards and O(return_objects) is not V(none) (with
    V(changed), when the task created, updated or moved it)
  type: dict
  contains:
    mac:
      description: MAC address, 12 lowercase hex digits.
      type: str
      sample: "000413200001"
    uuid:
      description: Id of the phone in SRAPS.
      type: str
    name:
      description: Name of the phone.
      type: str
    provisioning_profile:
      description: Uuid of the phone's provisioning profile, or null.
      type: str
    autoprovisioning_enabled:
      description: Whether SRAPS redirects the phone.
      type: bool
    warranty_exp_warning_period:
      description: Months before the warranty ends at which SRAPS warns; null when it does not warn.
      type: int
    settings_manager:
      description: The phone's settings by setting uuid, as SRAPS stores them; password values masked.
      type: dict
    settings:
      description: The phone's settings by C(param_name) (C(section:param_name) where the name is not unique).
      type: dict
      sample: {"language": "Deutsch", "user_realname": {"1": "Alice"}}
    product:
      description: Uuid of the phone model, null until the phone has called in.
      type: str
    last_seen:
      description: When the phone last called in (ISO 8601), or null.
      type: str
endpoints:
  description:
    - The phones of O(endpoints) that exist after the task, each as in RV(endpoint); with
      O(return_objects=changed) only those created, updated or moved.
  returned: when O(endpoints) is given and O(return_objects) is V(all) or V(changed)
  type: list
  elements: dict
summary:
  description:
    - How many phones were created, updated, deleted, unchanged and failed.
    - With O(move_from), also how many were moved (C(moved)), once the phones were planned.
  returned: always
  type: dict
  sample: {"created": 198, "updated": 1, "deleted": 0, "unchanged": 1, "failed": 0}
moved:
  description:
    - The phones moved here from another company (O(move_from)), or that would be, in check mode.
    - In diff mode a moved phone shows C(company) on both sides, the old company before and O(company) after.
  returned: always
  type: list
  elements: dict
  version_added: 0.4.0
  contains:
    mac:
      description: The phone's MAC address, 12 lowercase hex digits.
      type: str
    from_company:
      description: Name of the company the phone came from.
      type: str
    from_uuid:
      description: Uuid of the company the phone came from.
      type: str
  sample:
    - {"mac": "000413200002", "from_company": "Existing Customer", "from_uuid": "6c62282a00435b43bcee46a8551ea136"}
created:
  description: MACs of the phones registered (or that would be, in check mode).
  returned: always
  type: list
  elements: str
updated:
  description: MACs of the phones changed.
  returned: always
  type: list
  elements: str
deleted:
  description: MACs of the phones removed.
  returned: always
  type: list
  elements: str
unchanged:
  description: MACs of the phones already as declared.
  returned: always
  type: list
  elements: str
failures:
  description:
    - Phones that could not be written (or would fail, in check mode), each with C(mac) and C(msg), the reason.
    - When the input of some phones is invalid (a MAC that is not one, a MAC listed twice, an unknown profile or
      setting, a value that is not one of a setting's choices), nothing is written and this lists those phones.
      An invalid MAC is given as written, a repeated one in its 12-digit form; their C(msg) starts with the
      item's position (C(item 3)).
    - When the task fails before any write for a reason that is no single phone's (SRAPS unreachable, a wrong
      access key, a wrong value of O(parallel)), it lists every phone of the task with that reason.
    - In every failed result, a phone of the task that is in none of RV(created), RV(updated), RV(deleted),
      RV(unchanged) and RV(failures) was not written because of the phones listed here.
  returned: always
  type: list
  elements: dict
  contains:
    mac:
      description: The phone's MAC address, 12 lowercase hex digits (as written when it is not a MAC address).
      type: str
    msg:
      description: Why the phone failed.
      type: str
  sample:
    - {"mac": "000413ffff01", "msg": "the MAC belongs to another SRAPS account: remove it from the list, or ask its owner to release it"}
    - {"mac": "not-a-mac", "msg": "item 2: 'not-a-mac' is not a MAC address (write it as 00:04:13:AA:BB:CC, 00-04-13-aa-bb-cc, 0004.13aa.bbcc or 000413AABBCC)"}
'''

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_endpoints as ep
from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings_mod
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_client import SrapsError, SrapsInputError
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_mac import mac_problems, mac_warnings
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_module import SrapsModule, grouped as grouped_lines
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_phones_csv import CsvError, read_phones

DIFF_PHONES = 20


def argument_spec():
    return dict(
        ep.PHONE_SPEC,
        mac=dict(type='str'),
        # Each item is checked in place against ep.ITEM_SPEC (SrapsModule's bulk): the same rules without AnsibleModule's
        # copy of every item with every option filled in (100,000 phones cost it 4 s and 100 MB).
        endpoints=dict(type='list', elements='dict'),
        endpoints_file=dict(type='path'),
        state=dict(type='str', choices=ep.STATE_CHOICES, default='present'),
        purge_settings=dict(type='bool', default=False),
        purge_endpoints=dict(type='bool', default=False),
        parallel=dict(type='int', default=8),
        return_objects=dict(type='str', choices=['all', 'changed', 'none']),
        update_password=dict(type='str', choices=['always', 'on_create'], default='on_create', no_log=False),
        planned_profiles=dict(type='list', elements='str', default=[]),
        move_from=dict(type='list', elements='str', default=[]),
    )


def read_endpoints_file(module, path):
    """The phones of endpoints_file: a CSV in the phones_from_csv format, read line by line."""
    try:
        with open(path, encoding='utf-8-sig', newline='') as handle:
            header = handle.readline()
            handle.seek(0)
            delimiter = ';' if ';' in header and ',' not in header else ','
            return read_phones(handle, delimiter=delimiter, source='endpoints_file %s' % path, refuse={
                'company': 'sraps_endpoint writes the phones of one company (the company option); a CSV that '
                           'gives each phone its company is for the site_rollout role, or group the phones by '
                           'company in a file each'})
    except CsvError as exc:
        module.fail_json(msg='%s; nothing was written' % exc)
    except UnicodeDecodeError as exc:
        module.fail_json(msg='endpoints_file %s is not UTF-8 text (%s); save it as UTF-8 (CSV UTF-8 in a '
                             'spreadsheet)' % (path, exc.reason))
    except (IOError, OSError) as exc:
        module.fail_json(msg='endpoints_file %s cannot be read: %s; the file is read on the host the module '
                             'runs on' % (path, exc.strerror or exc))


def grouped(problems):
    """Problems shared by many phones are said once, with the phones they concern."""
    return grouped_lines(problems, 'phone', 'phones')


def outcome_lists(failures=()):
    """The result's per-phone lists when nothing was written: every phone is in none of them but
    `failures`."""
    failures = list(failures)
    lists = dict((k, []) for k in ('created', 'updated', 'deleted', 'unchanged'))
    return dict(lists, moved=[], failures=failures, summary=dict(dict((k, 0) for k in lists), failed=len(failures)))


def task_failed(phones, reason):
    """A failure that is no single phone's: every phone of the task failed, for that reason."""
    return outcome_lists({'mac': phone.mac, 'msg': reason} for phone in phones)


def check_input(module, phones, problems):
    p = module.params
    if problems:
        items = [{'mac': p['mac']}] if p['mac'] is not None else p['endpoints']
        failures = [{'mac': found['normalized'] or found['mac'], 'msg': found['msg']}
                    for found in mac_problems([item.get('mac') for item in items],
                                              deletes=ep.deletes(items, p))]
        module.fail_json(msg='invalid MAC addresses, nothing was written: ' + '; '.join(problems),
                         errors=problems, **outcome_lists(failures))
    written = [phone.mac for phone in phones if phone.options['state'] != 'absent']
    foreign = [w['normalized'] for w in mac_warnings(written)]
    if foreign:
        module.warn('%d MAC(s) do not start with 00:04:13, the prefix of Snom phones: %s. Check them for a '
                    'typo; another maker\'s phone is written as given'
                    % (len(foreign), ', '.join(foreign[:5]) + (' and %d more' % (len(foreign) - 5)
                                                               if len(foreign) > 5 else '')))
    if p['parallel'] < 1:
        msg = 'parallel must be 1 or more, got %d' % p['parallel']
        module.fail_json(msg=msg, **task_failed(phones, msg))
    if p['purge_endpoints'] and p['mac'] is not None:
        msg = 'purge_endpoints works with the endpoints list, not with mac'
        module.fail_json(msg=msg, **task_failed(phones, msg))
    if p['purge_endpoints'] and not phones:
        empty = 'endpoints is empty'
        if p['endpoints_file'] is not None:
            empty = 'endpoints_file %s lists no phone' % p['endpoints_file']
        module.fail_json(msg=empty + ' and purge_endpoints is true: that would remove every phone of the company. '
                                     'List the phones to keep, or remove phones by name with state: absent',
                         **outcome_lists())


class Plan(object):
    """Plans the phones as they come, page by page of the company's list; a phone with nothing to write is
    settled at once (what it returns is kept, what SRAPS holds of it is let go), so an unchanged run holds
    one page of phones at a time. finish() plans the rest and fails, before any write, when the input
    cannot be right."""

    def __init__(self, module, planner):
        self.module = module
        self.planner = planner
        self.problems = []
        self.planned = set()

    def __call__(self, phones):
        for phone in phones:
            if phone.error or phone.mac in self.planned:
                continue
            self.planned.add(phone.mac)
            try:
                self.planner.plan(phone)
            except SrapsInputError as exc:
                self.problems.append((phone.mac, exc.msg))
            self.module.no_log_values.update(phone.secrets)
            if phone.action == 'none':
                self.planner.settle(phone)

    def finish(self, phones):
        self(phones)
        module = self.module
        if self.problems:
            for phone in phones:
                if phone.options is not None:
                    module.no_log_values.update(settings_mod.likely_secret_values(phone.options.get('settings'),
                                                                                  self.planner.catalogue))
            lines = grouped(self.problems)
            module.fail_json(msg='nothing was written: ' + '; '.join(lines), errors=lines,
                             **outcome_lists({'mac': mac, 'msg': msg} for mac, msg in self.problems))
        for note in sorted(set(n for phone in phones for n in phone.notes)):
            module.warn('check mode: %s' % note)


def note_diffs(planner, phones):
    """Views of the first phones to change, taken before the write; failed ones are dropped later."""
    for phone in [ph for ph in phones
                  if ph.action in ('create', 'update', 'delete', 'move') and not ph.error][:DIFF_PHONES]:
        planner.note_diff(phone)


def build_diff(changed_phones, single):
    if single:
        return tuple(view or {} for view in changed_phones[0].diff)
    shown = [phone for phone in changed_phones if phone.diff is not None]
    before = dict((phone.mac, phone.diff[0] or 'absent') for phone in shown)
    after = dict((phone.mac, phone.diff[1] or 'absent') for phone in shown)
    if len(changed_phones) > len(shown):
        note = 'the first %d of %d changed phones' % (len(shown), len(changed_phones))
        before = {'shown': note, 'endpoints': before}
        after = {'shown': note, 'endpoints': after}
    return before, after


def objects_returned(params):
    """Which phones the result returns as objects: return_objects, else all for mac and none for endpoints."""
    return params['return_objects'] or ('all' if params['mac'] is not None else 'none')


def report(module, phones):
    """Exit with what happened to each phone: lists by outcome, failures with a reason each, the objects."""
    p = module.params
    lists = dict((k, []) for k in ('created', 'updated', 'deleted', 'unchanged', 'moved'))
    failed = []
    changed_phones = []
    objects = []
    for phone in phones:
        state = ep.outcome(phone)
        if state == 'failed':
            failed.append({'mac': phone.mac, 'msg': phone.error})
            continue
        lists[state].append(phone.moved if state == 'moved' else phone.mac)
        if state != 'unchanged':
            changed_phones.append(phone)
        if phone.output is not None:
            objects.append(phone.output)
    summary = dict((k, len(v)) for k, v in lists.items() if k != 'moved' or p['move_from'])
    result = dict(lists, failures=failed, summary=dict(summary, failed=len(failed)))
    returns = objects_returned(p)
    if p['mac'] is not None:
        if returns != 'none' and (objects or returns == 'all'):
            result['endpoint'] = objects[0] if objects else None
    elif returns != 'none':
        result['endpoints'] = objects
    changed = bool(changed_phones)
    if changed and module._diff:
        before, after = build_diff(changed_phones, p['mac'] is not None)
        result['diff'] = dict(before=before, after=after)
    if failed:
        module.fail_json(msg='%d of %d phones failed: %s' % (
            len(failed), len(phones), '; '.join(grouped([(f['mac'], f['msg']) for f in failed]))),
            changed=changed, **result)
    module.exit_json(changed=changed, **result)


def prepare(module, phones):
    """Everything before the writes: read, plan (adding the phones a purge removes), and in check
    mode probe new phones. Returns the planner."""
    p = module.params
    module.pool_size = max(module.pool_size, p['parallel'])
    client = module.client
    planner = ep.Planner(client, Catalogue(client), purge_settings=p['purge_settings'], returns=objects_returned(p),
                         update_password=p['update_password'], masked_secrets=p['masked_secrets'],
                         planned_profiles=p['planned_profiles'] if module.check_mode else ())
    plan = Plan(module, planner)
    existing = planner.read(phones, all_phones=p['purge_endpoints'], each_page=plan)
    if p['move_from']:
        ep.plan_moves(client, planner, phones, p['move_from'])
    plan.finish(phones)
    if p['purge_endpoints']:
        phones.extend(ep.purge_extra(phones, existing))
    existing = None  # the company's phones, not needed any more: freed before the probes
    if module.check_mode:
        ep.probe_new(module.client, planner, phones, p['parallel'])
    if module._diff:
        note_diffs(planner, phones)
    return planner


def main():
    module = SrapsModule(argument_spec=argument_spec(), bulk={'endpoints': ep.ITEM_SPEC},
                         mutually_exclusive=[('mac', 'endpoints', 'endpoints_file')],
                         required_one_of=[('mac', 'endpoints', 'endpoints_file')],
                         supports_check_mode=True)

    def body():
        p = module.params
        if p['endpoints_file'] is not None:
            p['endpoints'] = read_endpoints_file(module, p['endpoints_file'])
        # A failed task echoes its arguments: hide password values before anything can fail.
        for raw in [p['settings']] + [item.get('settings') for item in p['endpoints'] or []]:
            module.no_log_values.update(settings_mod.likely_secret_values(raw))
        phones, problems = ep.build_phones(p)
        check_input(module, phones, problems)
        try:
            planner = prepare(module, phones)
        except SrapsError as exc:
            # Raised before any write (a write's error stays with its phone): no phone got written.
            module.fail_error(exc, **task_failed(phones, exc.msg))
        if not module.check_mode:
            ep.apply(module.client, phones, p['parallel'], planner)
        ep.name_holders(module.client, phones)
        for phone in phones:
            planner.settle(phone)

        report(module, phones)

    module.run(body)


if __name__ == '__main__':
    main()
