#!/usr/bin/env bash
# A write never sends a password mask back unless masked_secrets says so. The simulator runs in its
# default mode, which stores a mask sent back as the new password (the outcome that loses data), so a
# module that sent it would be caught by the stored values this target reads out of band.
set -eu
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh

# 100 phones for the bulk case: the last 10 hold a line password.
vars_file="$(mktemp --suffix=.json)"
trap 'rm -f "${vars_file}"; sim_stop' EXIT
"${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" - "${vars_file}" <<'PY'
import json, sys
macs = ["0004135000%02x" % i for i in range(100)]
create = [{"mac": m} for m in macs[:90]]
create += [{"mac": m, "settings": {"user_pass": {"1": "Bulk-s3cr3t-" + m}}} for m in macs[90:]]
rename = [{"mac": m, "name": "Desk " + m} for m in macs]
json.dump({"ms_bulk": macs, "ms_bulk_create_items": create, "ms_bulk_rename_items": rename}, open(sys.argv[1], "w"))
PY
ansible-playbook -i ../../inventory main.yml -e "@${vars_file}" "$@"
