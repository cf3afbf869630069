#!/usr/bin/env bash
# Rollouts measured side by side against the simulator (bench/run.py; arguments go to it, --help lists
# them), in bench/.venv: matplotlib draws the plot and is never a dependency of the collection.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_py="${REPO}/bench/.venv/bin/python"
stamp="${REPO}/bench/.venv/.stamp"
want="$(cat "${REPO}/bench/requirements.txt" "${CONSTRAINTS}" | sha256sum)"
if [ ! -f "${stamp}" ] || [ "$(cat "${stamp}")" != "${want}" ]; then
  [ -x "${bench_py}" ] || run "${BASE_PYTHON}" -m venv "${REPO}/bench/.venv"
  run pip_in "${bench_py}" install --quiet -r "${REPO}/bench/requirements.txt" -c "${CONSTRAINTS}"
  echo "${want}" > "${stamp}"
fi
run "${bench_py}" "${REPO}/bench/run.py" "$@"
