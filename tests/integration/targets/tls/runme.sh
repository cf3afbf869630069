#!/usr/bin/env bash
# TLS: the simulator behind a certificate from a CA this test makes with the openssl CLI (a CA key and
# certificate; a server certificate for 127.0.0.1 with subjectAltName IP:127.0.0.1). By default the
# modules refuse it with a clear certificate message; ca_path (or SRAPS_CA_PATH) trusts it;
# validate_certs: false works with a warning; a host name the certificate does not name is refused.
set -eu
work="$(mktemp -d)"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "${work}/ca.key" -out "${work}/ca.pem" -days 2 \
  -subj "/CN=sraps.provisioning test CA" -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "${work}/server.key" -out "${work}/server.csr" -subj /CN=127.0.0.1 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"${work}/server.ext"
openssl x509 -req -in "${work}/server.csr" -CA "${work}/ca.pem" -CAkey "${work}/ca.key" -CAcreateserial \
  -out "${work}/server.pem" -days 2 -extfile "${work}/server.ext" 2>/dev/null
openssl verify -CAfile "${work}/ca.pem" "${work}/server.pem" >/dev/null

# shellcheck disable=SC2034  # read by simulator.sh
SIM_ARGS=(--tls-cert "${work}/server.pem" --tls-key "${work}/server.key")
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
trap 'rm -rf "${work}"; sim_stop' EXIT

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
case "${SRAPS_API_URL}" in https://127.0.0.1:*) ;; *) echo "FAILED: the simulator does not serve TLS: ${SRAPS_API_URL}" >&2; exit 1 ;; esac
ansible-playbook -i ../../inventory tls.yml -e "ca_file=${work}/ca.pem" "$@"
