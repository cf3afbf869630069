#!/usr/bin/env bash
# Adopting an account, end to end: a reseller with five customers set up by hand (files/rich_seed.py:
# users of every role, profiles of two product groups with indexed settings, perms and passwords, a
# setting whose param_name exists in two sections, product defaults for three models, phones with
# and without a profile and with settings of their own, one customer with 2,000 phones) is exported
# as a book; the book, its secrets filled in, applies in check mode and for real with changed=0 for
# every customer and no write on the server; a second export is byte-identical; three changes made
# beside the book show up in the next export as exactly those lines.
set -eu
work="$(mktemp -d)"
"${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" files/rich_seed.py --phones 2000 >"${work}/seed.json"
# The simulator with ${work}/seed.json, the tools, and the clean-up on exit.
# shellcheck source=../setup_sraps_tools/seeded.sh
source ../setup_sraps_tools/seeded.sh

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
book="${work}/book"
log="${work}/run.log"
customers=5
fail() { echo "FAILED: $*" >&2; exit 1; }

run() {  # run LABEL ARGS...: ansible-playbook ARGS, output kept in $log, exit status in $rc
  echo "=== $1"; shift
  rc=0
  ansible-playbook "$@" >"${log}" 2>&1 || rc=$?
  tail -n 40 "${log}"
}

export_to() {  # export_to DIR [ARGS...]: the export playbook, as the docs show it
  run "export to $1" -i ../../inventory sraps.provisioning.export -e "export_dest=$1" "${@:2}"
  [ "${rc}" -eq 0 ] || fail "the export failed"
}

expect_unchanged_book() {  # every customer: changed=0 failed=0, and nothing else in the recap
  [ "${rc}" -eq 0 ] || fail "the apply failed"
  local hosts
  hosts="$(grep -Ec '^[^ ]+ +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' "${log}" || true)"
  [ "${hosts}" -eq "${customers}" ] || fail "expected ${customers} customers with changed=0 failed=0, got ${hosts}"
  ! grep -Eq 'changed=[1-9]|failed=[1-9]' "${log}" || fail "a customer changed or failed"
}

writes() { sraps_tools stats >"${work}/stats.json"; json_get "${work}/stats.json" 'd["writes"] + d["writes_accepted"]'; }

# ---------------------------------------------------------------- export
export_to "${book}"
[ "$(grep -c 'sraps_customer_uuid' "${book}/hosts.yml")" -eq "${customers}" ] \
  || fail "hosts.yml should list the ${customers} customers of the key"
! grep -q 'Other Company' -r "${book}" || fail "a company outside the key's view was exported"
for secret in acme-4711 bistro-web bar-secret- "${SRAPS_ACCESS_KEY_SECRET}"; do
  ! grep -rqF -- "${secret}" "${book}" || fail "a secret (${secret}) was written to the book"
done
[ -s "${book}/secrets-to-fill.yml" ] || fail "no secrets-to-fill.yml"
[ "$("${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" files/count_phones.py "${book}")" -eq 2009 ] \
  || fail "the book should hold the 2,009 phones of the five customers"

# A second export of the unchanged account: byte-identical.
export_to "${work}/again"
diff -r "${book}" "${work}/again" || fail "two exports of one account differ"

# ---------------------------------------------------------------- apply
# Without its secrets a customer that has passwords is refused before anything is written.
sraps_tools reset-stats >/dev/null
run "apply without the secrets" -i "${book}/hosts.yml" sraps.provisioning.apply --limit acme_dental,bistro_nord
[ "${rc}" -ne 0 ] || fail "the apply should refuse a book whose secrets are not filled in"
grep -qF 'secrets-to-fill.yml' "${log}" || fail "the refusal should point to secrets-to-fill.yml"
[ "$(grep -Ec '^(acme_dental|bistro_nord) +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=1' "${log}")" -eq 2 ] \
  || fail "both customers with passwords should stop at the pre-flight"
[ "$(writes)" -eq 0 ] || fail "the refused apply wrote"

# The user fills the secrets in (here: the values SRAPS holds, read out of band).
"${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" files/fill_secrets.py "${book}"

run "apply, check mode" -i "${book}/hosts.yml" sraps.provisioning.apply --check --diff
expect_unchanged_book
run "apply" -i "${book}/hosts.yml" sraps.provisioning.apply
expect_unchanged_book
[ "$(writes)" -eq 0 ] || fail "applying an unchanged book wrote to SRAPS"

# ---------------------------------------------------------------- changes beside the book
(cd "${book}" && git init -q && git add -A && git -c user.name=t -c user.email=t@example.com commit -qm export)
sraps_tools modes '{"mask_sent_back": "keep"}' >/dev/null
"${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" files/out_of_band.py
export_to "${book}" -e export_replace=true
git -C "${book}" status --short
git -C "${book}" diff --unified=0 | tee "${work}/diff"
# Exactly three changes: the setting (one line out, one in), the phone's profile (one row out, one
# in), the new phone (one row in); the filled-in secrets file is kept.
[ "$(grep -c '^-[^-]' "${work}/diff")" -eq 2 ] || fail "expected 2 lines removed"
[ "$(grep -c '^+[^+]' "${work}/diff")" -eq 3 ] || fail "expected 3 lines added"
grep -q '^-.*GER+1' "${work}/diff" || fail "the setting's old value is not in the diff"
grep -q '^+.*FIN+2' "${work}/diff" || fail "the setting's new value is not in the diff"
grep -q '^+.*000413010001.*Handsets' "${work}/diff" || fail "the phone's new profile is not in the diff"
grep -q '^+.*000413050002.*Pool bar' "${work}/diff" || fail "the new phone is not in the diff"
! git -C "${book}" status --short | grep -qv '^ M' || fail "files were added or removed"
echo "export_round_trip: ${customers} customers, 2,009 phones: exported, applied with 0 writes, re-exported identically"
