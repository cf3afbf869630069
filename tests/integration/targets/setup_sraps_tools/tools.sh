# shellcheck shell=bash
# Sourced by integration targets after ../setup_simulator/simulator.sh:
#   sraps_tools ARGS...   runs sraps_tools.py with the test's Python (see its docstring)
#   json_get FILE EXPR    prints a value of a JSON file: EXPR is Python over `d`, e.g. 'd["writes"]'
_tools_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
_tools_python="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"

sraps_tools() {
  "${_tools_python}" "${_tools_here}/sraps_tools.py" "$@"
}

json_get() {
  "${_tools_python}" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# sraps_record_on FILE: record every task result of later ansible-playbook runs in FILE (JSON lines)
sraps_record_on() {
  export ANSIBLE_CALLBACK_PLUGINS="${_tools_here}/callback_plugins" ANSIBLE_CALLBACKS_ENABLED=sraps_record
  export SRAPS_RECORD_FILE="$1"
}
