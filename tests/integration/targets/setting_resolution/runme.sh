#!/usr/bin/env bash
# Setting resolution against the simulator's production catalogue (the setting_server pair, contract
# section 5): written on C-, M- and MSC-Series profiles, with a warning where SRAPS lists no entry for
# the group; SRAPS's 400 in its strict product-group mode (set at run time); the onboarding pre-flight
# warning about, not stopping at, a D-Series setting on an M-Series phone.
set -eu
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
ansible-playbook -i ../../inventory main.yml "$@"
