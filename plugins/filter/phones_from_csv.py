# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: phones_from_csv
short_description: Turn a CSV list of phones into the phone list of sraps_endpoint
version_added: 0.1.0
author:
  - sraps.provisioning contributors (@sraps-provisioning)
description:
  - Parses CSV text (the contents of a file, for example from P(ansible.builtin.file#lookup)) into a list
    of phones, each a dict in the shape of the O(sraps.provisioning.sraps_endpoint#module:endpoints) items.
  - The first line must be a header naming the columns; column names are compared without regard to case
    and surrounding blanks. A C(mac) column is required.
  - The columns C(mac), C(name), C(profile), C(autoprovisioning), C(warranty_warning_months) and C(state)
    are options of the phone. A C(company) column (version 0.4.0) gives the company of the phone, by name or
    uuid, for P(sraps.provisioning.site_rollout#role), which declares the phone there; the items of
    O(sraps.provisioning.sraps_endpoint#module:endpoints) take no C(company), so a list with it is for that
    role, or for tasks that group the phones by company first. Every other column is a phone setting by its C(param_name), such as
    C(user_realname), C(user_name) or C(user_pass); write C(param_name[N]) (for example C(user_name[2]))
    for index N of an indexed setting. A plain column name of an indexed setting sets index 1.
  - Empty cells are dropped, so the phone keeps its current value or takes the defaults the task sets.
  - Empty lines and lines whose first cell starts with C(#) are skipped.
  - MAC addresses are checked and returned as 12 lowercase hex digits; a line without a MAC, a MAC that
    is not one, a MAC that an earlier line has, an C(autoprovisioning) that is not a boolean, a
    C(warranty_warning_months) that is not a number, a C(state) other than C(present) or C(absent), or a
    line with more cells than the header fails, naming the line.
  - >-
    Every bad line is reported, in one error that names each line with its problems
    (C(phones_from_csv: 2 bad lines - line 3: no mac ... | line 7: ...)), so that one run shows all of them.
positional: _input
options:
  _input:
    description: The CSV text, header line first. A leading byte order mark (as Excel writes) is ignored.
    type: str
    required: true
  delimiter:
    description: The character between cells, for example V(;) for files saved by a spreadsheet in a
      locale that writes decimal commas.
    type: str
    default: ','
  lines:
    description:
      - Add to each phone C(line), the number of the line it is on in the file (the header line counted, as
        in the error messages), to name lines in messages of one's own.
      - The phones are then not O(sraps.provisioning.sraps_endpoint#module:endpoints) items as they are.
    type: bool
    default: false
    version_added: 0.5.0
notes:
  - Cells are read with Python's C(csv) module, so quoted cells may contain the delimiter and line breaks.
  - Values are strings, except C(autoprovisioning) (a boolean) and C(warranty_warning_months) (an integer;
    V(-1) stores no warranty warning, null in SRAPS, as the module option does).
  - A CSV with passwords (for example a C(user_pass) column) can be kept encrypted with ansible-vault;
    P(ansible.builtin.file#lookup) decrypts it.
seealso:
  - module: sraps.provisioning.sraps_endpoint
'''

EXAMPLES = r'''
# phones.csv:
#   mac,name,profile,user_realname,user_name
#   00:04:13:20:00:01,Reception,Office Phones,Reception,100
#   00:04:13:20:00:02,Desk 2,Office Phones,,
- name: Register the phones listed in a CSV file
  sraps.provisioning.sraps_endpoint:
    company: Existing Customer
    endpoints: "{{ lookup('ansible.builtin.file', 'phones.csv') | sraps.provisioning.phones_from_csv }}"

# The same list, from a file a spreadsheet saved with semicolons
- name: Read phones separated by semicolons
  ansible.builtin.set_fact:
    site_phones: "{{ lookup('ansible.builtin.file', 'phones.csv') | sraps.provisioning.phones_from_csv(delimiter=';') }}"
'''

RETURN = r'''
_value:
  description:
    - One dict per phone line, with C(mac) and the other phone options of its non-empty cells, and
      C(settings) when a setting cell is not empty.
  type: list
  elements: dict
  sample:
    - mac: "000413200001"
      name: Reception
      profile: Office Phones
      settings: {"user_realname": "Reception", "user_name": "100"}
    - mac: "000413200002"
      name: Desk 2
      profile: Office Phones
  contains:
    line:
      description: The number of the phone's line in the file, the header line counted.
      type: int
      returned: when O(lines=true)
'''

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_phones_csv import CsvError, read_text


def phones_from_csv(data, delimiter=',', lines=False):
    """The phones of a CSV text as a list of dicts; see DOCUMENTATION."""
    if not isinstance(data, str):
        raise AnsibleFilterError('phones_from_csv: expected the CSV text as a string, got %s'
                                 % type(data).__name__)
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise AnsibleFilterError('phones_from_csv: delimiter must be one character, got %r' % (delimiter,))
    try:
        return read_text(to_text(data), delimiter=delimiter, lines=lines)
    except CsvError as exc:
        raise AnsibleFilterError(str(exc))


class FilterModule(object):
    """The phones_from_csv filter."""

    def filters(self):
        return {'phones_from_csv': phones_from_csv}
