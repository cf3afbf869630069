# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: book_report_merge
short_description: Merge the reports of the slices of a run of a book into the report of the whole book
version_added: 0.4.0
author:
  - sraps.provisioning contributors (@sraps-provisioning)
description:
  - Takes the C(data) of several reports of P(sraps.provisioning.book_report#filter), for example the JSON
    files that the slices of a job sliced in AWX wrote, and returns the report of all their customers, in the
    shape P(sraps.provisioning.book_report#filter) returns (C(data), C(markdown), C(csv), C(stats)).
  - The customers are put together and sorted by host, the totals and counts are computed again, and
    C(generated) is the latest of the reports'. Merging the slices of a run gives the same C(data) as the
    report of the run without slices, apart from C(generated).
  - A customer (host) in two reports is an error that names it, and so are reports of different modes
    (check and apply), since the slices of a run apply each customer exactly once.
positional: _input
options:
  _input:
    description: The C(data) of each report, such as the contents of the C(book-check-*.json) files of the slices.
    type: list
    elements: dict
    required: true
seealso:
  - plugin: sraps.provisioning.book_report
    plugin_type: filter
'''

EXAMPLES = r'''
# The JSON reports of the three slices of a sliced check-mode job, copied into one folder.
- name: Read the slices' reports
  ansible.builtin.set_fact:
    slices: "{{ slices | default([]) + [lookup('ansible.builtin.file', item) | from_json] }}"
  loop: "{{ query('ansible.builtin.fileglob', 'reports/book-check-*.json') | sort }}"

- name: Merge them
  ansible.builtin.set_fact:
    book: "{{ slices | sraps.provisioning.book_report_merge }}"

- name: Write the report of the whole book
  ansible.builtin.copy:
    dest: reports/book.md
    content: "{{ book.markdown }}"
    mode: "0644"
'''

RETURN = r'''
_value:
  description:
    - The report of the whole book, C(data), C(markdown), C(csv) and C(stats), as
      P(sraps.provisioning.book_report#filter) describes them.
  type: dict
  contains:
    data:
      description: The report as data, for a JSON file.
      type: dict
    markdown:
      description: The report as Markdown.
      type: str
    csv:
      description: The changes and failures as CSV.
      type: str
    stats:
      description: For M(ansible.builtin.set_stats), the dict with the key C(sraps_book).
      type: dict
'''

from ansible_collections.sraps.provisioning.plugins.filter.book_report import book_report_merge


class FilterModule(object):
    """The book_report_merge filter."""

    def filters(self):
        return {'book_report_merge': book_report_merge}
