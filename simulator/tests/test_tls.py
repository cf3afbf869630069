"""TLS: --tls-cert/--tls-key with a self-signed certificate made for the test."""

import shutil
import subprocess

import pytest

from conftest import CUSTOMER, Client, verify_response
from sraps_simulator.testing import running_simulator


@pytest.fixture(scope="module")
def cert(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    if shutil.which("openssl"):
        done = subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key), "-out", str(cert),
             "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
             "subjectAltName=IP:127.0.0.1,DNS:localhost"], capture_output=True, timeout=30,
            check=False)
        if done.returncode == 0:
            return cert, key
    try:
        return _with_cryptography(cert, key)
    except ImportError:
        pytest.skip("neither the openssl CLI nor the cryptography package can make a cert")


def _with_cryptography(cert_path, key_path):
    import datetime
    import ipaddress
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
                critical=False)
            .sign(key, hashes.SHA256()))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def test_tls(cert):
    cert_path, key_path = cert
    with running_simulator(["--tls-cert", str(cert_path), "--tls-key", str(key_path)]) as sim:
        assert sim.url.startswith("https://127.0.0.1:")
        api = Client(sim.url, verify=str(cert_path))
        token = api.get("tokens/" + api_key_id()).json()
        assert token["links"]["company"] == sim.url + "companies/" + CUSTOMER
        first = api.get("settings/")
        assert first.headers["Link"].startswith("<https://127.0.0.1:%d/" % sim.port)
        verify_response(first)
        resp = api.put("companies/%s/endpoints/000413aabb50" % CUSTOMER, {"mac": "000413aabb50"})
        assert resp.status_code == 201
        assert sim.stats()["writes"] == 1  # the admin API speaks TLS too
        # A plain-HTTP or broken client does not disturb the server.
        import socket
        with socket.create_connection(("127.0.0.1", sim.port), timeout=5) as raw:
            raw.sendall(b"GET / HTTP/1.1\r\n\r\n")
        assert api.get("companies/").status_code == 200


def test_tls_with_cryptography_cert(tmp_path):
    pytest.importorskip("cryptography")
    cert_path, key_path = _with_cryptography(tmp_path / "c.pem", tmp_path / "k.pem")
    with running_simulator(["--tls-cert", str(cert_path), "--tls-key", str(key_path)]) as sim:
        assert Client(sim.url, verify=str(cert_path)).get("companies/").status_code == 200


def api_key_id():
    from conftest import KEYS
    return KEYS["customer_admin"]["id"]
