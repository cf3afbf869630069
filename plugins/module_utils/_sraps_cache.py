# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A short-lived file cache of read-only lookups, shared by the tasks of one play.

PRIVATE to this collection: not a public API, it may change in any release.

Every module run builds a new client, so without this each task of a play reads the settings
catalogue (two pages in production), the product groups, the products and its company again.
By default the global catalogues are kept for a minute (DEFAULT_CATALOGUE_TTL of _sraps_account);
with a positive cache_ttl option they and the company lookups are kept for that many seconds;
cache_ttl 0 keeps nothing. They are kept in one JSON file per API URL and access key:

- the file lives in a directory only this user can use (0700, checked, never followed through
  a symlink), is written atomically with mode 0600, and holds no secret;
- its name is an HMAC of the API URL, API version and key id made with the key's secret, so a
  different key, or the same key id with another secret, never finds it; the file also states
  the URL and key id it belongs to, and a file that says otherwise is ignored;
- entries that depend on the company (the resolved company uuid) are keyed by the company
  option as well;
- an entry older than the TTL, a file that cannot be read or parsed, or one with the wrong
  owner or mode is ignored (and replaced on the next write).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import tempfile
import time

FORMAT = 'sraps.provisioning cache'
VERSION = 1
# Entries stamped later than now by more than this are not trusted (a clock set back, a bad file).
FUTURE_SKEW = 5.0


def default_directory():
    """A per-user directory under the system's temporary directory."""
    uid = os.getuid() if hasattr(os, 'getuid') else 0
    return os.path.join(tempfile.gettempdir(), 'sraps-provisioning-cache-%d' % uid)


class FileCache(object):
    """Named entries of JSON data for one API URL and access key, each valid for ttl seconds."""

    def __init__(self, api_url, key_id, secret, ttl, api_version=None, directory=None, clock=time.time,
                 warn=None):
        self.api_url = api_url
        self.key_id = key_id
        self.api_version = api_version or ''
        self.ttl = float(ttl)
        self.directory = directory or default_directory()
        self._clock = clock
        self._warn = warn or (lambda msg: None)
        self.disabled = False
        self._read = None       # the file's entries, read at most once for get()
        digest = hmac.new(str(secret).encode('utf-8'),
                          '\n'.join(('sraps.provisioning cache v%d' % VERSION, api_url, self.api_version,
                                     key_id)).encode('utf-8'),
                          hashlib.sha256).hexdigest()
        self.path = os.path.join(self.directory, 'sraps-%s.json' % digest)

    # ------------------------------------------------------------------ safety
    def _directory_ok(self, create):
        """True when the directory exists (or was made), is ours, and no one else may use it."""
        if self.disabled:
            return False
        if create and not os.path.lexists(self.directory):
            try:
                os.makedirs(self.directory, mode=0o700)
            except OSError:
                pass
        try:
            info = os.lstat(self.directory)
        except OSError:
            return False
        problem = None
        if not stat.S_ISDIR(info.st_mode):
            problem = 'is not a directory'
        elif hasattr(os, 'getuid') and info.st_uid != os.getuid():
            problem = 'belongs to another user'
        elif stat.S_IMODE(info.st_mode) & 0o077:
            problem = 'can be used by other users (mode %o)' % stat.S_IMODE(info.st_mode)
        if problem:
            self.disabled = True
            self._warn('cache_ttl: the cache directory %s %s; not caching' % (self.directory, problem))
            return False
        return True

    # ------------------------------------------------------------------ reading
    def _load(self):
        """The file's entries, or {} when it is missing, unsafe, corrupt or someone else's."""
        if not self._directory_ok(create=False):
            return {}
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, 'O_NOFOLLOW', 0))
        except OSError:
            return {}
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or stat.S_IMODE(info.st_mode) & 0o077 or \
                    (hasattr(os, 'getuid') and info.st_uid != os.getuid()):
                return {}
            with os.fdopen(fd, 'rb') as fh:
                fd = None
                doc = json.loads(fh.read().decode('utf-8'))
        except (OSError, ValueError, UnicodeDecodeError):
            return {}
        finally:
            if fd is not None:
                os.close(fd)
        if not isinstance(doc, dict) or doc.get('format') != FORMAT or doc.get('version') != VERSION:
            return {}
        if doc.get('api_url') != self.api_url or doc.get('key_id') != self.key_id or \
                doc.get('api_version', '') != self.api_version:
            return {}
        entries = doc.get('entries')
        return entries if isinstance(entries, dict) else {}

    def _fresh(self, entry):
        if not isinstance(entry, dict) or 'data' not in entry:
            return False
        at = entry.get('at')
        if not isinstance(at, (int, float)) or isinstance(at, bool):
            return False
        age = self._clock() - at
        return -FUTURE_SKEW <= age <= self.ttl

    def get(self, name):
        """The data stored under name while fresh, else None. The file is read once per instance."""
        if self._read is None:
            self._read = self._load()
        entry = self._read.get(name)
        return entry['data'] if self._fresh(entry) else None

    # ------------------------------------------------------------------ writing
    def _store(self, entries):
        """Write the file; False when it could not be written."""
        if not self._directory_ok(create=True):
            return False
        doc = {'format': FORMAT, 'version': VERSION, 'api_url': self.api_url, 'key_id': self.key_id,
               'api_version': self.api_version, 'entries': entries}
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(prefix='.sraps-', suffix='.tmp', dir=self.directory)
            with os.fdopen(fd, 'w') as fh:
                os.fchmod(fh.fileno(), 0o600)
                json.dump(doc, fh, separators=(',', ':'))
            os.replace(tmp, self.path)
            tmp = None
        except (OSError, TypeError, ValueError):
            return False   # a cache that cannot be written only costs the reads it would have saved
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
        return True

    def _current(self):
        """The fresh entries of the file as it is now (another task may have written it), to write
        back with a change."""
        return dict((k, v) for k, v in self._load().items() if self._fresh(v))

    def put(self, name, data):
        entries = self._current()
        entries[name] = {'at': self._clock(), 'data': data}
        if self._store(entries):
            self._read = entries

    def forget(self, prefix):
        """Drop every entry whose name starts with prefix (after a write that may change it)."""
        entries = self._current()
        kept = dict((k, v) for k, v in entries.items() if not k.startswith(prefix))
        if len(kept) != len(entries) and self._store(kept):
            self._read = kept
        elif self._read is not None:
            self._read = dict((k, v) for k, v in self._read.items() if not k.startswith(prefix))
