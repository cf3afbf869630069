#!/usr/bin/env bash
# What production SRAPS does that the contract's first guesses did not: writes answered 202 and carried
# out later, a null warranty period (no warning) that a full replace must keep, and a foreign MAC refused
# with 403 instead of 400. The simulator's modes are set at run time by the playbook and reset after.
set -eu
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
# shellcheck source=../setup_sraps_tools/tools.sh
source ../setup_sraps_tools/tools.sh

# A phone stored with a null warranty period by another client (out of band, not through the modules).
sraps_tools api PUT "companies/6c62282a00435b43bcee46a8551ea136/endpoints/000413500001" \
  '{"mac": "000413500001", "name": "No warning", "warranty_exp_warning_period": null}' >/dev/null

vars_file="$(mktemp --suffix=.json)"
trap 'rm -f "${vars_file}"; sim_stop' EXIT
"${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" - "${vars_file}" <<'PY'
import json, sys
async_phones = [{"mac": "0004136000%02x" % i, "name": "Async %d" % i} for i in range(50)]
# Eleven new phones around a MAC that another account owns: read with one list, so the PUT meets it.
foreign = [{"mac": "0004136100%02x" % i} for i in range(11)]
foreign.insert(4, {"mac": "00:04:13:ff:ff:01"})
json.dump({"wf_async_phones": async_phones, "wf_foreign_phones": foreign}, open(sys.argv[1], "w"))
PY
ansible-playbook -i ../../inventory main.yml -e "@${vars_file}" "$@"
