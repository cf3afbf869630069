# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a bulk task keeps per phone: decoded answers share their field names; masking copies little."""

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_settings as settings
from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_catalogue import Catalogue
from ansible_collections.sraps.provisioning.tests.unit.plugins.module_utils import sraps_fakes as fx
from ansible_collections.sraps.provisioning.tests.unit.utils.sraps_fake import API_URL, COMPANY_UUID, Reply


@pytest.fixture
def catalogue():
    return Catalogue(fx.FakeClient())


def endpoint(mac):
    return {'mac': mac, 'name': 'Desk', 'settings_manager': {'a' * 32: {'value': 'x', 'attrs': {'perm': ''}}},
            'links': {'self': API_URL + 'x'}}


def test_answers_share_their_field_names(sraps, make_client):
    for mac in ('000413000001', '000413000002'):
        sraps.route('PUT', 'companies/%s/endpoints/%s' % (COMPANY_UUID, mac), Reply(201, endpoint(mac)))
    client = make_client(company=COMPANY_UUID)
    first = client.put('endpoint', endpoint('000413000001'), mac='000413000001').data
    second = client.put('endpoint', endpoint('000413000002'), mac='000413000002').data

    assert first == endpoint('000413000001') and second == endpoint('000413000002')
    assert list(first) == list(endpoint('x'))                  # order kept
    for one, two in zip(first, second):
        assert one is two                                       # the same string objects
    assert next(iter(first['settings_manager'])) is next(iter(second['settings_manager']))


def test_answers_that_are_not_objects_still_decode(sraps, make_client):
    sraps.route('GET', 'settings/', Reply(200, [1, 'two', None, {'three': [3]}]))
    assert make_client().request('GET', API_URL + 'settings/').data == [1, 'two', None, {'three': [3]}]


def test_masked_copies_only_password_entries(catalogue):
    stored = {fx.ADMIN_PASS: {'value': 'real', 'attrs': {}},
              fx.USER_PASS: [{'index': 1, 'value': 'sip-secret', 'attrs': {}}],
              fx.SERVER_PHONE: {'value': 'http://x/{mac}', 'attrs': {'perm': 'R'}}}
    hidden = settings.masked(stored, catalogue)

    assert hidden == {fx.ADMIN_PASS: {'value': '********', 'attrs': {}},
                      fx.USER_PASS: [{'index': 1, 'value': '********', 'attrs': {}}],
                      fx.SERVER_PHONE: {'value': 'http://x/{mac}', 'attrs': {'perm': 'R'}}}
    assert hidden is not stored
    assert hidden[fx.SERVER_PHONE] is stored[fx.SERVER_PHONE]   # shared, not copied
    assert stored[fx.ADMIN_PASS]['value'] == 'real'             # the input keeps its values
    assert stored[fx.USER_PASS][0]['value'] == 'sip-secret'
    assert settings.masked(None, catalogue) == {}
    plain = {fx.SERVER_PHONE: stored[fx.SERVER_PHONE]}
    assert settings.masked(plain, catalogue) is plain           # nothing to mask: nothing copied


# ------------------------------------------------------------------------------ parallel writes
def test_run_parallel_does_every_item_once_at_most_parallel_at_a_time(monkeypatch):
    import concurrent.futures
    import threading
    import time

    from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_endpoints as ep

    submitted = []
    original = concurrent.futures.ThreadPoolExecutor.submit

    def counting(self, *args, **kwargs):
        submitted.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures.ThreadPoolExecutor, 'submit', counting)
    lock = threading.Lock()
    done = []
    running = [0, 0]   # now, most at once

    def work(item):
        with lock:
            running[0] += 1
            running[1] = max(running[1], running[0])
        time.sleep(0.001)
        with lock:
            running[0] -= 1
            done.append(item)

    ep.run_parallel(work, list(range(200)), 8)
    assert sorted(done) == list(range(200))
    assert running[1] <= 8
    assert len(submitted) == 8          # one task per worker, not one future per item


def test_run_parallel_finishes_the_others_then_raises():
    from ansible_collections.sraps.provisioning.plugins.module_utils import _sraps_endpoints as ep

    done = []

    def work(item):
        if item % 10 == 3:
            raise RuntimeError('bug at %d' % item)
        done.append(item)

    with pytest.raises(RuntimeError, match='bug at'):
        ep.run_parallel(work, list(range(50)), 4)
    assert sorted(done) == [i for i in range(50) if i % 10 != 3]


def test_write_threads_share_one_catalogue_read_and_never_a_half_built_index():
    """A bulk task's write threads build the phones they return, and look settings up while they do."""
    import threading
    import time

    class SlowClient(fx.FakeClient):
        def cached_list(self, resource, **params):
            self.calls.append(('cached_list', resource))
            for setting in self.lists[resource]:
                time.sleep(0.0005)      # a page at a time, as over the network
                yield setting

    client = SlowClient()
    catalogue = Catalogue(client)
    seen = []

    def look_up():
        seen.append(catalogue.setting(fx.ADMIN_PASS))

    threads = [threading.Thread(target=look_up) for dummy in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8 and all(s is not None and s['uuid'] == fx.ADMIN_PASS for s in seen)
    assert client.calls == [('cached_list', 'settings')]
