#!/usr/bin/env bash
set -eu
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
ansible-playbook -i ../../inventory main.yml "$@"
