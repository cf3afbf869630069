"""Interop with the reference Hawk implementation, @hapi/hawk 8.0.0 (node).

The package is installed once with npm into a folder under the system temp directory (outside
the checkout, so no node_modules ever lands in the collection); without npm/node, or when the
install fails (no registry), the tests skip with the reason.
"""

import json
import os
import shutil
import subprocess
import tempfile
import time

import pytest
import requests

from conftest import CUSTOMER, KEYS

EP = "companies/%s/endpoints/" % CUSTOMER

SCRIPT = r"""
const Hawk = require('@hapi/hawk');
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const credentials = {id: input.id, key: input.key, algorithm: 'sha256'};
try {
    if (input.mode === 'sign') {
        const options = {credentials};
        for (const name of ['payload', 'contentType', 'timestamp', 'nonce', 'localtimeOffsetMsec']) {
            if (input[name] !== undefined) options[name] = input[name];
        }
        const {header, artifacts} = Hawk.client.header(input.uri, input.method, options);
        process.stdout.write(JSON.stringify({header, artifacts}));
    } else {
        const res = {headers: input.headers};
        const result = Hawk.client.authenticate(res, credentials, input.artifacts,
                                                {payload: input.payload, required: input.required});
        process.stdout.write(JSON.stringify({ok: true, headers: result.headers}));
    }
} catch (err) {
    process.stdout.write(JSON.stringify({ok: false, error: err.message}));
}
"""


@pytest.fixture(scope="module")
def hawk_node():
    if not shutil.which("npm") or not shutil.which("node"):
        pytest.skip("npm/node not on PATH: reference Hawk interop not tested")
    folder = os.path.join(tempfile.gettempdir(), "sraps-simulator-hapi-hawk-8.0.0")
    os.makedirs(folder, exist_ok=True)
    package = os.path.join(folder, "node_modules", "@hapi", "hawk", "package.json")
    if not os.path.exists(package) or _version(package) != "8.0.0":
        try:
            done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent",
                                   "--prefix", folder, "@hapi/hawk@8.0.0"], cwd=folder,
                                  capture_output=True, text=True, timeout=90, check=False)
        except subprocess.TimeoutExpired:
            pytest.skip("npm install @hapi/hawk@8.0.0 timed out")
        if done.returncode != 0:
            pytest.skip("npm install @hapi/hawk@8.0.0 failed: %s" % done.stderr.strip()[-300:])
    with open(os.path.join(folder, "hawk_client.js"), "w") as fh:
        fh.write(SCRIPT)
    return folder


def _version(package_json):
    with open(package_json) as fh:
        return json.load(fh).get("version")


def node(folder, **params):
    key = KEYS["customer_admin"]
    params.setdefault("id", key["id"])
    params.setdefault("key", key["secret"])
    out = subprocess.run(["node", "hawk_client.js"], cwd=folder, input=json.dumps(params),
                         capture_output=True, text=True, timeout=30, check=False)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def send(url, method, header, data=None, content_type=None):
    headers = {"Authorization": header, "Accept": "application/json"}
    if content_type:
        headers["Content-Type"] = content_type
    return requests.request(method, url, data=data, headers=headers, timeout=10)


def node_verify(folder, signed, resp, required=True):
    return node(folder, mode="verify", artifacts=signed["artifacts"], required=required,
                payload=resp.text, headers={k.lower(): v for k, v in resp.headers.items()})


def test_node_signed_get_and_put(hawk_node, api):
    url = api.url + EP + "000413100001"
    signed = node(hawk_node, mode="sign", uri=url, method="GET")
    resp = send(url, "GET", signed["header"])
    assert resp.status_code == 200, resp.text
    assert node_verify(hawk_node, signed, resp)["ok"] is True  # Server-Authorization checks out

    url = api.url + EP + "000413aabb40"
    body = json.dumps({"mac": "000413AABB40", "name": "Node"})
    signed = node(hawk_node, mode="sign", uri=url, method="PUT", payload=body,
                  contentType="application/json")
    assert 'hash="' in signed["header"]
    resp = send(url, "PUT", signed["header"], body.encode(), "application/json")
    assert resp.status_code == 201, resp.text
    assert node_verify(hawk_node, signed, resp)["ok"] is True
    # Without payload hash (node omits it when no payload is given).
    signed = node(hawk_node, mode="sign", uri=url, method="PUT")
    assert 'hash="' not in signed["header"]
    resp = send(url, "PUT", signed["header"], body.encode(), "application/json")
    assert resp.status_code == 200


def test_node_tampered_requests_rejected(hawk_node, api):
    url = api.url + EP + "000413aabb41"
    body = json.dumps({"mac": "000413aabb41"})
    signed = node(hawk_node, mode="sign", uri=url, method="PUT", payload=body,
                  contentType="application/json")
    resp = send(url, "PUT", signed["header"], body.replace("41", "42").encode(),
                "application/json")
    assert resp.status_code == 401 and 'error="Bad payload hash"' in \
        resp.headers["WWW-Authenticate"]
    signed = node(hawk_node, mode="sign", uri=url, method="GET")
    forged = signed["header"].replace('mac="', 'mac="x')
    resp = send(url, "GET", forged)
    assert resp.status_code == 401 and 'error="Bad mac"' in resp.headers["WWW-Authenticate"]
    signed = node(hawk_node, mode="sign", uri=url, method="GET", key="0" * 32)
    assert send(url, "GET", signed["header"]).status_code == 401


def test_node_replay_and_stale(hawk_node, api, sim):
    url = api.url + "companies/"
    signed = node(hawk_node, mode="sign", uri=url, method="GET")
    assert send(url, "GET", signed["header"]).status_code == 200
    replay = send(url, "GET", signed["header"])
    assert replay.status_code == 401 and 'error="Invalid nonce"' in \
        replay.headers["WWW-Authenticate"]

    signed = node(hawk_node, mode="sign", uri=url, method="GET", timestamp=int(time.time()) - 600)
    stale = send(url, "GET", signed["header"])
    assert stale.status_code == 401
    # @hapi/hawk checks the tsm of WWW-Authenticate and parses ts/tsm/error.
    checked = node_verify(hawk_node, signed, stale, required=False)
    assert checked["ok"] is True, checked
    www = checked["headers"]["www-authenticate"]
    assert www["error"] == "Stale timestamp" and abs(int(www["ts"]) - time.time()) < 5
    # A forged tsm is detected by the reference client.
    forged = dict(stale.headers)
    forged["WWW-Authenticate"] = forged["WWW-Authenticate"].replace('tsm="', 'tsm="x')
    fake = type("Answer", (), {"headers": forged, "text": stale.text})()
    assert node_verify(hawk_node, signed, fake, required=False)["ok"] is False


def test_node_corrects_server_clock_offset(hawk_node, api, sim):
    sim.set_faults(clock_offset=900)
    url = api.url + "companies/"
    signed = node(hawk_node, mode="sign", uri=url, method="GET")
    stale = send(url, "GET", signed["header"])
    assert stale.status_code == 401
    www = node_verify(hawk_node, signed, stale, required=False)["headers"]["www-authenticate"]
    offset_ms = (int(www["ts"]) - int(time.time())) * 1000
    assert 895000 <= offset_ms <= 905000
    signed = node(hawk_node, mode="sign", uri=url, method="GET", localtimeOffsetMsec=offset_ms)
    resp = send(url, "GET", signed["header"])
    assert resp.status_code == 200
    assert node_verify(hawk_node, signed, resp)["ok"] is True
