#!/usr/bin/env bash
# Secrets: the onboarding and rollout playbooks run with -vvvv and --diff, in check and real mode (and
# a re-run that writes every password again, and runs that fail on a typo next to passwords), with
# stdout, stderr, every task result as Ansible registers it (the sraps_record callback) and the rollout
# reports kept in files. The access key secret and every password value of the data (every s3cr3t-...
# token in vars/ and files/) must appear in none of them. The grep is proven able to fail: it must find
# each secret planted into a copy of the output.
set -eu
# shellcheck source=../setup_simulator/simulator.sh
source ../setup_simulator/simulator.sh
# shellcheck source=../setup_sraps_tools/tools.sh
source ../setup_sraps_tools/tools.sh

export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
work="$(mktemp -d)"
trap 'rm -rf "${work}"; sim_stop' EXIT
out="${work}/out"
reports="${work}/reports"
mkdir -p "${out}" "${reports}"
sraps_record_on "${out}/registered-results.jsonl"

{ printf '%s\n' "${SRAPS_ACCESS_KEY_SECRET}"; grep -ohE 's3cr3t-[a-z0-9-]+' vars/*.yml files/*.csv | sort -u; } >"${work}/secrets.txt"
count="$(wc -l <"${work}/secrets.txt")"
[ "${count}" -ge 29 ] || { echo "FAILED: only ${count} secrets found in the test data" >&2; exit 1; }

# play NAME EXPECTED_RC PLAYBOOK ARGS...: one run, -vvvv, stdout and stderr in $out/NAME.{stdout,stderr}
play() {
  local name="$1" expected="$2" rc=0
  shift 2
  ansible-playbook -i ../../inventory -vvvv "$@" >"${out}/${name}.stdout" 2>"${out}/${name}.stderr" || rc=$?
  echo "${name}: exit ${rc}, $(wc -c <"${out}/${name}.stdout") bytes of stdout, $(wc -c <"${out}/${name}.stderr") of stderr"
  if [ "${rc}" -ne "${expected}" ]; then
    echo "FAILED: ${name} exited ${rc}, expected ${expected}" >&2
    tail -n 60 "${out}/${name}.stdout" >&2; tail -n 20 "${out}/${name}.stderr" >&2
    exit 1
  fi
}

onboard=(sraps.provisioning.onboard_customer -e @vars/customer.yml)
rollout=(sraps.provisioning.site_rollout -e @vars/site.yml -e "site_rollout_csv=${PWD}/files/site.csv"
         -e "site_rollout_report_dir=${reports}")
play onboard-check 0 "${onboard[@]}" --check --diff
play onboard-real 0 "${onboard[@]}" --diff
play rollout-check 0 "${rollout[@]}" --check --diff
play rollout-real 0 "${rollout[@]}" --diff
play rollout-always 0 "${rollout[@]}" --diff -e site_rollout_update_password=always
play onboard-typo 2 "${onboard[@]}" -e @vars/typo.yml --check --diff
play rollout-typo 2 "${rollout[@]}" -e "site_rollout_csv=${PWD}/files/typo.csv" --diff

# The runs did what they should, so that the outputs below are worth searching.
grep -q '"changed": true' "${out}/rollout-always.stdout" || { echo "FAILED: the always run wrote no password" >&2; exit 1; }
grep -qF '******** (new value)' "${out}/rollout-always.stdout" || { echo "FAILED: no masked password in the diff" >&2; exit 1; }
grep -qF "unknown setting 'admin_mode_pasword'" "${out}/onboard-typo.stdout" || { echo "FAILED: onboard-typo failed otherwise" >&2; exit 1; }
grep -qF "unknown setting 'htp_pass'" "${out}/rollout-typo.stdout" || { echo "FAILED: rollout-typo failed otherwise" >&2; exit 1; }
# each run's report is named after its start (UTC): two real runs and a dry run, each with a CSV and a Markdown file
for report in 'rollout-quiet-annex-2*Z.csv' 'rollout-quiet-annex-2*Z.md' 'rollout-quiet-annex-2*Z-dry-run.csv' 'rollout-quiet-annex-2*Z-dry-run.md'; do
  for file in "${reports}"/${report}; do
    [ -s "${file}" ] || { echo "FAILED: no report ${report}" >&2; exit 1; }
  done
done
grep -q 'Quiet Desk' "${out}/registered-results.jsonl" || { echo "FAILED: no task results recorded" >&2; exit 1; }

# leaks FILE...: print "secret<TAB>file" for every secret found in the files; exit 1 if any
leaks() {
  local secret file found=0
  while IFS= read -r secret; do
    for file in "$@"; do
      if grep -qF -- "${secret}" "${file}"; then
        printf '%s\t%s\n' "${secret}" "${file##*/}"
        found=1
      fi
    done
  done <"${work}/secrets.txt"
  return "${found}"
}

# The check must be able to fail: each secret planted into a copy of an output is found.
planted="${work}/planted.stdout"
while IFS= read -r secret; do
  { cat "${out}/onboard-real.stdout"; printf 'msg: "%s"\n' "${secret}"; } >"${planted}"
  if leaks "${planted}" >/dev/null; then
    echo "FAILED: the leak check does not find a planted secret" >&2; exit 1
  fi
done <"${work}/secrets.txt"
echo "leak check: each of ${count} secrets is found when planted"

# The passwords did reach SRAPS (so their absence from the output means something).
sraps_tools state >"${work}/state.json"
stored="$(grep -oE 's3cr3t-[a-z0-9-]+' "${work}/state.json" | sort -u | wc -l)"
[ "${stored}" -ge 20 ] || { echo "FAILED: SRAPS holds only ${stored} of the passwords" >&2; exit 1; }
if [ -n "${SRAPS_SECRETS_KEEP:-}" ]; then cp -r "${out}" "${reports}" "${SRAPS_SECRETS_KEEP}"; fi

files=("${out}"/* "${reports}"/*)
if ! leaks "${files[@]}" >"${work}/leaks.txt"; then
  echo "FAILED: secrets in the output:" >&2
  cat "${work}/leaks.txt" >&2
  exit 1
fi
echo "no leak: ${count} secrets (${stored} of them stored in SRAPS) (the access key secret and every password value) searched in ${#files[@]} files," \
  "$(cat "${files[@]}" | wc -c) bytes (stdout, stderr and registered results of 7 runs at -vvvv, and the rollout reports)"
