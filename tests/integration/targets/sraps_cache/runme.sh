#!/usr/bin/env bash
set -eu
# Extra simulator flags: a production-sized catalogue (two pages). simulator.sh reads the array,
# which shellcheck cannot see.
# shellcheck disable=SC2034
SIM_ARGS=(--catalogue-size 1200)
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
# The cache lives under the temporary directory: a private one, so that no other run's file counts.
SRAPS_TEST_TMPDIR="$(mktemp -d)"
trap 'rm -rf "${SRAPS_TEST_TMPDIR}"; sim_stop' EXIT
export TMPDIR="${SRAPS_TEST_TMPDIR}"
ansible-playbook -i ../../inventory main.yml -e "cache_root=${SRAPS_TEST_TMPDIR}" "$@"
