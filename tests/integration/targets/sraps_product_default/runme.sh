#!/usr/bin/env bash
set -eu
# The simulator refuses a setting of another product group (400), as the target's "another product
# group fails" tasks expect of SRAPS; production accepts such writes (the simulator's default).
# simulator.sh reads the array, which shellcheck cannot see.
# shellcheck disable=SC2034
SIM_ARGS=(--product-group-check strict)
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
ansible-playbook -i ../../inventory main.yml "$@"
