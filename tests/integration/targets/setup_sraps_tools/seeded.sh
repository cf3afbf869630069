# shellcheck shell=bash
# Sourced by a target's runme.sh once it has made its temporary directory ${work} and written its seed to
# ${work}/seed.json: starts the simulator with that seed (../setup_simulator/simulator.sh), loads tools.sh,
# and on exit stops the simulator and removes ${work}.
# shellcheck disable=SC2154  # work is the sourcing runme.sh's
: "${work:?set work to the temporary directory of the target before sourcing seeded.sh}"
_seeded_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# simulator.sh reads the array, which shellcheck cannot see.
# shellcheck disable=SC2034
SIM_ARGS=(--seed "${work}/seed.json")
# shellcheck source=../setup_simulator/simulator.sh
source "${_seeded_here}/../setup_simulator/simulator.sh"
# shellcheck source=tools.sh
source "${_seeded_here}/tools.sh"
trap 'rm -rf "${work}"; sim_stop' EXIT
