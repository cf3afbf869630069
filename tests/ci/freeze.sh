#!/usr/bin/env bash
# Regenerate tests/constraints.txt: pip freeze of fresh venvs made from tests/requirements-dev.txt and
# bench/requirements.txt (each with resolvelib below 1.1, which the matrix's ansible-core releases need),
# merged; a package the two resolve to different versions is an error. The matrix lines are kept.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
for req in tests/requirements-dev.txt bench/requirements.txt; do
  venv="${tmp}/$(basename "$(dirname "${req}")")"
  run "${BASE_PYTHON}" -m venv "${venv}"
  run pip_in "${venv}/bin/python" install --quiet -r "${REPO}/${req}" 'resolvelib<1.1'
  pip_in "${venv}/bin/python" freeze >> "${tmp}/frozen.txt"
done
pins="$(sort -u -f "${tmp}/frozen.txt")"
twice="$(printf '%s\n' "${pins}" | sed 's/==.*//' | tr '[:upper:]_' '[:lower:]-' | uniq -d)"
[ -z "${twice}" ] || die "the two venvs disagree on: ${twice}"
{
  sed -n '1,/^[^#]/p' "${CONSTRAINTS}" | sed '$d'
  printf '%s\n' "${pins}"
  sed -n '/^# The older ansible-core releases/,$p' "${CONSTRAINTS}"
} > "${tmp}/constraints.txt"
mv "${tmp}/constraints.txt" "${CONSTRAINTS}"
echo "wrote ${CONSTRAINTS}"
