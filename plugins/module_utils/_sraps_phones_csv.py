# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The phones CSV format: a header line naming the columns, one phone per line.

PRIVATE to this collection: not a public API, it may change in any release.

One parser for the filter phones_from_csv (CSV text on the controller) and for sraps_endpoint's
endpoints_file (a file the module reads line by line, so the phones never pass through the task's
arguments). The columns mac, name, profile, autoprovisioning, warranty_warning_months, state and company
are options of the phone; every other column is a setting by its param_name, param_name[N] for index N.
"""

from __future__ import annotations

import csv
import io
import re

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_mac import FORMS_HELP, normalize_mac
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_match import FALSE_WORDS, TRUE_WORDS

_INDEXED = re.compile(r'^(?P<name>[^\[\]]+)\[(?P<index>[1-9][0-9]*)\]$')


class CsvError(Exception):
    """The CSV cannot be read as phones; the message names every bad line."""


def _bool(text):
    value = text.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ValueError('%r is not a boolean (write true or false)' % text)


def _int(text):
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError('%r is not a whole number' % text)


def _state(text):
    value = text.strip().lower()
    if value not in ('present', 'absent'):
        raise ValueError('%r is not a state (write present or absent)' % text)
    return value


# Columns that are options of the phone rather than settings, and how their cells are read.
PHONE_COLUMNS = {
    'mac': None,  # checked on its own, below
    'name': str,
    'profile': str,
    'autoprovisioning': _bool,
    'warranty_warning_months': _int,
    'state': _state,
    'company': str,
}


class _LineError(Exception):
    """A problem of one line; the parser collects them and reports them all at the end."""

    def __init__(self, line, text):
        super(_LineError, self).__init__(text)
        self.line = line
        self.text = text


def _fail(line, text):
    raise _LineError(line, text)


def _report(source, problems):
    """One error for every bad line: 'line N: problem; problem', in the order of the file."""
    by_line = {}
    for line, text in problems:
        by_line.setdefault(line, []).append(text)
    lines = ['line %d: %s' % (line, '; '.join(texts)) for line, texts in sorted(by_line.items())]
    if len(lines) == 1:
        return CsvError('%s: %s' % (source, lines[0]))
    return CsvError('%s: %d bad lines - %s' % (source, len(lines), ' | '.join(lines)))


def _header(source, row):
    """The column names of the header row, checked: each named once, a mac column among them."""
    names = []
    for position, cell in enumerate(row, start=1):
        name = cell.strip().lower()
        if not name:
            raise _report(source, [(1, 'column %d of the header has no name' % position)])
        if name in names:
            raise _report(source, [(1, 'column %r appears twice in the header' % name)])
        names.append(name)
    if 'mac' not in names:
        raise CsvError('%s: the first line must be a header naming the columns, one of them mac; found: %s'
                       % (source, ', '.join(names)))
    return names


def _setting(column):
    """(param_name, index or None) of a setting column: user_name, user_name[2]."""
    match = _INDEXED.match(column)
    if match:
        return match.group('name').strip(), int(match.group('index'))
    return column, None


def _phone(line, mac, cells, problems):
    """One phone from the cells of its line (column -> text, mac taken out); bad cells go to problems."""
    phone = {'mac': mac}
    settings = {}
    for column, value in cells.items():
        if column in PHONE_COLUMNS:
            try:
                phone[column] = PHONE_COLUMNS[column](value)
            except ValueError as exc:
                problems.append((line, 'column %s: %s' % (column, exc)))
            continue
        name, index = _setting(column)
        if index is None:
            if isinstance(settings.get(name), dict):
                settings[name][1] = value
            else:
                settings[name] = value
        else:
            current = settings.get(name)
            if not isinstance(current, dict):
                # a plain column of the same setting is index 1
                current = {} if current is None else {1: current}
                settings[name] = current
            current[index] = value
    if settings:
        phone['settings'] = settings
    return phone


def _line(line, row, header, seen, problems):
    """The phone of one data line; a problem that leaves no phone raises, others go to problems."""
    if len(row) > len(header):
        _fail(line, 'has %d cells, the header names %d columns' % (len(row), len(header)))
    cells = dict((name, cell.strip()) for name, cell in zip(header, row) if cell.strip())
    raw_mac = cells.pop('mac', None)
    if raw_mac is None:
        _fail(line, 'no mac: every phone line needs its MAC address in the mac column')
    mac = normalize_mac(raw_mac)
    if mac is None:
        _fail(line, '%r is not a MAC address (write it as %s)' % (raw_mac, FORMS_HELP))
    if mac in seen:
        _fail(line, 'MAC %s is the same phone as on line %d' % (raw_mac, seen[mac]))
    seen[mac] = line
    return _phone(line, mac, cells, problems)


def read_phones(lines_in, delimiter=',', lines=False, source='phones_from_csv', refuse=()):
    """The phones of CSV lines (an iterable of text lines, such as a file opened as utf-8-sig: a byte order
    mark already removed) as a list of dicts.

    lines adds each phone's line number as `line`. refuse: {column: why} for columns the caller cannot take.
    Raises CsvError naming every bad line, prefixed with source.
    """
    reader = csv.reader(lines_in, delimiter=delimiter, strict=True)
    phones = []
    seen = {}
    header = None
    problems = []
    try:
        for row in reader:
            # line_num is the line on which the record ended: the line a user finds it on, unless a
            # quoted cell spans lines.
            line = reader.line_num
            if not any(cell.strip() for cell in row) or row[0].strip().startswith('#'):
                continue
            if header is None:
                header = _header(source, row)
                refused = [column for column in header if column in refuse]
                if refused:
                    why = ['column %s: %s' % (column, refuse[column]) for column in refused]
                    raise CsvError('%s: %s' % (source, '; '.join(why)))
                continue
            try:
                phone = _line(line, row, header, seen, problems)
                if lines:
                    phone['line'] = line
                phones.append(phone)
            except _LineError as exc:
                problems.append((exc.line, exc.text))
    except csv.Error as exc:
        # the rest of the file cannot be read reliably: report what was found up to here, and this
        problems.append((reader.line_num, 'not valid CSV: %s (the lines after it were not read)' % exc))
    if problems:
        raise _report(source, problems)
    if header is None:
        raise CsvError('%s: the CSV is empty; the first line must be a header naming the columns, one of them mac'
                       % source)
    return phones


def read_text(text, delimiter=',', lines=False, source='phones_from_csv'):
    """read_phones() of a CSV text."""
    if text.startswith(u'\ufeff'):
        text = text[1:]
    return read_phones(io.StringIO(text), delimiter=delimiter, lines=lines, source=source)
