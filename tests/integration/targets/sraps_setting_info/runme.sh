#!/usr/bin/env bash
set -eu
# Extra simulator flags: none. simulator.sh reads the array, which shellcheck cannot see.
# shellcheck disable=SC2034
SIM_ARGS=()
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
ansible-playbook -i ../../inventory main.yml "$@"
