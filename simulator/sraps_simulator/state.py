"""In-memory state behind one lock, with atomic persistence to a JSON file.

Shape of `State.data` (also what GET /_sim/state returns, and what a state file holds under "data"):
    companies        {uuid: {uuid, name, type, parent, country, city}}
    keys             {key id: {id, secret, role, company, description}}
    profiles         {uuid: {uuid, company, name, product_group, autoprovisioning_enabled,
                             settings_manager}}
    endpoints        {mac: {uuid, company, mac, name, autoprovisioning_enabled,
                            provisioning_profile, settings_manager, warranty_exp_warning_period,
                            product, last_seen}}
    product_defaults {uuid: {uuid, company, product, settings_manager}}
    users            {uuid: {uuid, company, email, first_name, last_name, role, language,
                             is_active}}
    logs             [{uuid, company, timestamp, mac, event, message, ip}]  (oldest first)
Stored settings values are real (not masked); only API reads mask passwords.
"""

import datetime
import json
import os
import threading
import uuid as uuidlib

from .seed import build_state

STATE_FORMAT = "sraps-simulator-state"
STATE_VERSION = 1
# Old log entries are dropped beyond this, so long benchmark runs do not grow memory forever.
MAX_LOGS = 50000


def isoformat(ts):
    """ISO 8601 UTC with a Z, microseconds kept so `since`/`until` filters are precise."""
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ")


class StateFileError(Exception):
    pass


class State:
    def __init__(self, catalogue, seed_doc, path=None):
        # Re-entrant so a handler holding the lock can call helpers that take it too.
        self.lock = threading.RLock()
        # Saves are serialised: each takes its snapshot after the previous save finished, so the
        # file that stays last on disk is always the newest snapshot.
        self._save_lock = threading.Lock()
        self.catalogue = catalogue
        self.seed_doc = seed_doc
        self.path = path
        if path and os.path.exists(path):
            self.data = self._load(path)
        else:
            self.data = build_state(seed_doc, catalogue)
            if path:
                self.save()

    @staticmethod
    def _load(path):
        try:
            with open(path, "r", encoding="utf-8") as fh:
                doc = json.load(fh)
        except (OSError, ValueError) as exc:
            raise StateFileError("cannot read state file %s: %s" % (path, exc))
        if not isinstance(doc, dict) or doc.get("format") != STATE_FORMAT:
            raise StateFileError("%s is not a simulator state file" % path)
        return doc["data"]

    def reset(self, seed_doc=None):
        """Back to the start-up seed, or to the seed given."""
        data = build_state(self.seed_doc if seed_doc is None else seed_doc, self.catalogue)
        with self.lock:
            self.data = data
        self.save()

    def dump(self):
        with self.lock:
            return json.dumps(self.data, ensure_ascii=False, separators=(",", ":"))

    def save(self):
        """Write the state to `path` atomically: temp file in the same dir, fsync, os.replace.

        A reader (or a restart after SIGKILL) sees the old file or the new one, never a mix.
        """
        if not self.path:
            return
        with self._save_lock:
            with self.lock:
                text = json.dumps({"format": STATE_FORMAT, "version": STATE_VERSION,
                                   "data": self.data}, ensure_ascii=False, separators=(",", ":"))
            directory = os.path.dirname(os.path.abspath(self.path))
            tmp = os.path.join(directory, ".%s.tmp" % os.path.basename(self.path))
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
            # fsync the directory so the rename itself survives a crash of the machine.
            try:
                fd = os.open(directory, os.O_RDONLY)
            except OSError:
                return
            try:
                os.fsync(fd)
            except OSError:
                pass
            finally:
                os.close(fd)

    def add_log(self, company, event, message, now, mac=None, ip=None):
        with self.lock:
            logs = self.data["logs"]
            logs.append({"uuid": uuidlib.uuid4().hex, "company": company,
                         "timestamp": isoformat(now), "mac": mac, "event": event,
                         "message": message, "ip": ip})
            if len(logs) > MAX_LOGS:
                del logs[:len(logs) - MAX_LOGS]
