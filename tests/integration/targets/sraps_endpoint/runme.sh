#!/usr/bin/env bash
set -eu
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh

# 300 phones: more than a page at the default page size (20) and more than LIST_READ_THRESHOLD.
phones_file="$(mktemp --suffix=.json)"
"${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" - "${phones_file}" <<'PY'
import json, sys
phones = [{"mac": "0004132%05x" % i, "name": "Desk %d" % i} for i in range(300)]
# Eleven new phones around a MAC that another account owns: read with one list, like a real rollout.
foreign = [{"mac": "00:04:13:30:00:%02x" % i} for i in range(1, 12)]
foreign.insert(5, {"mac": "00:04:13:ff:ff:01"})
json.dump({"bulk_phones": phones, "foreign_phones": foreign}, open(sys.argv[1], "w"))
PY
trap 'rm -f "${phones_file}"; sim_stop' EXIT
ansible-playbook -i ../../inventory main.yml -e "@${phones_file}" "$@"
