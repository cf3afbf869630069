#!/usr/bin/env bash
set -eu
SIM_ARGS=()
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
ansible-playbook -i ../../inventory main.yml "$@"
