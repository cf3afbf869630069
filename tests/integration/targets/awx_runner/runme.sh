#!/usr/bin/env bash
# Runs the onboarding playbook the way AWX does: through ansible-runner, with the SRAPS key only in
# the environment, as extensions/awx/credential_type_sraps.yml injects it (see run_onboarding.py).
set -eu
# Extra simulator flags: none. simulator.sh reads the array, which shellcheck cannot see.
# shellcheck disable=SC2034
SIM_ARGS=()
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
"${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" run_onboarding.py
