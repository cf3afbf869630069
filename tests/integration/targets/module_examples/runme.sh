#!/usr/bin/env bash
# Runs the EXAMPLES of every module against a freshly reset simulator (see run_examples.py).
set -eu
# Extra simulator flags: none. simulator.sh reads the array, which shellcheck cannot see.
# shellcheck disable=SC2034
SIM_ARGS=()
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
"${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" run_examples.py --inventory ../../inventory
