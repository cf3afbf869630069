# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: near_names
short_description: The names that a name that matches none of them was probably cut from
version_added: 0.3.0
author:
  - sraps.provisioning contributors (@sraps-provisioning)
description:
  - Returns the names of a list that start with the given name, that the given name starts with, or that
    equal it without regard to case and surrounding blanks - but not the names equal to it exactly.
  - A value with a space given on the command line as C(-e name=Northwind Dental), without quotes around
    the whole C(key=value), arrives as V(Northwind); this finds V(Northwind Dental), so that a role can
    ask "did you mean" instead of acting on (or reporting as missing) a company that was never meant.
positional: _input
options:
  _input:
    description: The names to look in, such as the names of the companies an access key sees.
    type: list
    elements: str
    required: true
  name:
    description: The name as given.
    type: str
    required: true
seealso:
  - plugin: sraps.provisioning.profile_problems
    plugin_type: filter
'''

EXAMPLES = r'''
# ['Northwind Dental', 'Contoso', 'Existing Customer'] | sraps.provisioning.near_names('Northwind')
# gives ['Northwind Dental']
- name: Stop when the company name was probably cut at a space
  ansible.builtin.assert:
    that: near | length == 0
    fail_msg: "No company called '{{ company }}'; did you mean {{ near | join(' or ') }}?"
  vars:
    near: "{{ companies | map(attribute='name') | sraps.provisioning.near_names(company) }}"
'''

RETURN = r'''
_value:
  description: The near names, each once, sorted; empty when there is none (or the name is empty).
  type: list
  elements: str
  sample: ["Northwind Dental"]
'''

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError


def near_names(names, name):
    """The names that start with name, that name starts with, or that equal it but for case; see DOCUMENTATION."""
    if isinstance(names, (str, bytes, Mapping)) or not hasattr(names, '__iter__'):
        raise AnsibleFilterError('near_names: expected a list of names, got %s' % type(names).__name__)
    given = str(name or '').strip().lower()
    if not given:
        return []
    near = set()
    for candidate in names:
        text = str(candidate)
        folded = text.strip().lower()
        if text != name and folded and (folded.startswith(given) or given.startswith(folded)):
            near.add(text)
    return sorted(near)


class FilterModule(object):
    """The near_names filter."""

    def filters(self):
        return {'near_names': near_names}
