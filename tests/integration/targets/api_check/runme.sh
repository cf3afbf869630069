#!/usr/bin/env bash
# The api_check playbook against the simulator: everything holds against the default simulator and a
# read-only run makes no write; the write round trip makes exactly three and leaves nothing behind; each
# deviation the simulator can make from the contract is named in the report, with the _sraps_api.py entry
# it concerns; no secret is in any report or output.
set -eu
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
# shellcheck source=../setup_sraps_tools/tools.sh
source ../setup_sraps_tools/tools.sh

work="$(mktemp -d)"
trap 'rm -rf "${work}"; sim_stop' EXIT
py="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"

# check NAME WRITES [ID=CONCERN ...]: run the playbook with the simulator as it is, judge its report
check() {
  local name="$1" writes="$2"
  shift 2
  sraps_tools reset-stats >/dev/null
  ansible-playbook -i ../../inventory sraps.provisioning.api_check -e "api_check_report_dir=${work}/${name}" \
    ${write_mac:+-e api_check_write_mac=${write_mac}} >"${work}/${name}.out" 2>&1 \
    || { tail -n 40 "${work}/${name}.out" >&2; echo "FAILED: ${name}: the playbook failed" >&2; exit 1; }
  # Asynchronous writes land a moment after their 202: count them once none is pending.
  for _ in $(seq 1 100); do
    sraps_tools stats >"${work}/stats.json"
    [ "$(json_get "${work}/stats.json" 'd.get("writes_pending", 0)')" = 0 ] && break
    sleep 0.1
  done
  [ "$(json_get "${work}/stats.json" 'd["writes"]')" = "${writes}" ] \
    || { echo "FAILED: ${name}: SRAPS counted $(json_get "${work}/stats.json" 'd["writes"]') writes, not ${writes}" >&2; exit 1; }
  "${py}" check_report.py "${work}/${name}" "${writes}" "$@"
}

modes() { sraps_tools modes "$1" >/dev/null; }

write_mac=""
check default 0
# The seed holds passwords: they are read (and counted), never reported.
grep -q '"passwords.masked"' "${work}/default/api-check.json"
grep -A3 '"passwords.masked"' "${work}/default/api-check.json" | grep -q '"holds"' \
  || { echo "FAILED: the seed's passwords were not seen masked" >&2; exit 1; }

write_mac="00:04:13:ff:00:77"
check write_round_trip 3
sraps_tools state >"${work}/state.json"
[ "$(json_get "${work}/state.json" '"000413ff0077" in d["endpoints"]')" = False ] \
  || { echo "FAILED: the round trip left its phone" >&2; exit 1; }

# A MAC that SRAPS knows (the seed's reception phone) is never touched.
write_mac="00:04:13:10:00:01"
check known_mac 0
grep -q 'SRAPS already knows 000413100001' "${work}/known_mac/api-check.md"

write_mac=""
modes '{"page_param": "p"}';               check page_param 0 paging.page_parameter=PAGE_QUERY
modes '{"server_auth": "off"}';            check server_auth 0 hawk.server_authorization=SERVER_SIGNS_ANSWERS
modes '{"stale_tsm": "off"}';              check stale_tsm 0 hawk.stale_timestamp=STALE_HEADER_ATTRS
modes '{"rename_field": {"endpoint.last_seen": "lastSeen"}}'
check renamed_field 0 "fields.endpoint=OBJECT_FIELDS['endpoint']"
modes '{"drop_field": ["setting.no_profiles", "company.links.endpoints"]}'
check dropped_fields 0 "fields.setting=OBJECT_FIELDS['setting']" "company.endpoints_link=RESOURCES['company']" \
  company.links=COMPANY_LINKS
grep -q 'missing: no_profiles' "${work}/dropped_fields/api-check.md"
write_mac="00:04:13:ff:00:78"
modes '{"writes": "async", "async_delay_ms": 200}'
# Each 202 is named; the round trip reads each write back until it has landed, and still cleans up.
check async_writes 3 "write.create=RESOURCES['endpoint']" "write.full_replace=ENDPOINT_DEFAULTS" \
  "write.delete=RESOURCES['endpoint']"
grep -q 'HTTP 202' "${work}/async_writes/api-check.md"
sraps_tools state >"${work}/state.json"
[ "$(json_get "${work}/state.json" '"000413ff0078" in d["endpoints"]')" = False ] \
  || { echo "FAILED: the asynchronous round trip left its phone" >&2; exit 1; }
modes '{}'

# No secret in any report or output: the key's secret and the seed's passwords.
for secret in "${SRAPS_ACCESS_KEY_SECRET}" 4711 reception-secret; do
  # -w: a password such as 4711 may stand inside a random uuid; as a value it stands alone.
  if grep -rqFw -- "${secret}" "${work}"/*/api-check.* "${work}"/*.out; then
    echo "FAILED: a secret is in the reports or the output" >&2; exit 1
  fi
done
echo "api_check: every report as expected, no secret in $(find "${work}" -type f | wc -l) files"
