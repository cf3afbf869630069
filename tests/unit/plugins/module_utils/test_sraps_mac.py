# -*- coding: utf-8 -*-
# Copyright: sraps.provisioning contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.sraps.provisioning.plugins.module_utils._sraps_mac import normalize_mac, normalize_macs


@pytest.mark.parametrize('value', ['00:04:13:AA:BB:CC', '00-04-13-aa-bb-cc', '0004.13aa.bbcc', '000413AABBCC',
                                   ' 000413aabbcc '])
def test_accepted_forms_normalise_to_lowercase_hex(value):
    assert normalize_mac(value) == '000413aabbcc'


@pytest.mark.parametrize('value', ['00:04:13:AA:BB', '00:04:13:AA:BB:CC:DD', '00:04-13:aa:bb:cc', '000413AABBCG',
                                   '0004.13aabbcc', '', None, 413, '00:04:13:aa:bb:c'])
def test_other_forms_are_rejected(value):
    assert normalize_mac(value) is None


def test_every_invalid_and_repeated_mac_is_named():
    macs, problems = normalize_macs(['00:04:13:00:00:01', 'nonsense', '000413000001', '0004.1300.0002', 'zz'])
    assert macs == ['000413000001', '000413000002']
    assert len(problems) == 3
    assert "item 2: 'nonsense'" in problems[0]
    assert 'same phone as item 1' in problems[1]
    assert "item 5: 'zz'" in problems[2]
