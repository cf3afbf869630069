#!/usr/bin/env bash
# On the oldest ansible-core that meta/runtime.yml declares (requires_ansible: ">=X.Y"), with ansible-test of
# that release in a venv of its own (its version from tests/constraints.txt's matrix): module_examples (the
# EXAMPLES of every module) and the integration target of every role (role_<role>, required).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
use_venv

oldest="$(sed -n -E 's/^requires_ansible:[[:space:]]*["'"'"']?>=[[:space:]]*([0-9]+\.[0-9]+).*/\1/p' "${REPO}/meta/runtime.yml")"
[ -n "${oldest}" ] || die "meta/runtime.yml declares no requires_ansible: \">=X.Y\""
core="$(matrix_cores | grep -E "^${oldest//./\\.}\\." || true)"
[ -n "${core}" ] || die "tests/constraints.txt has no '# matrix: ansible-core==${oldest}.N' line for meta/runtime.yml's oldest release"

# Every module runs in module_examples (each module's EXAMPLES against the simulator); the modules' own
# targets run on the newest core in the integration step, which keeps this step to a few minutes.
targets=(module_examples)
for r in $(roles_of "${REPO}"); do targets+=("role_${r}"); done
for t in "${targets[@]}"; do
  [ -d "${REPO}/tests/integration/targets/${t}" ] || die "no integration target tests/integration/targets/${t}"
done

venv="$(core_venv "${core}")"
export PATH="${venv}/bin:${PATH}"
run_shards compat "${targets[@]}"
echo "compat: ${#targets[@]} targets (every module's examples, every role's target) passed on $(ansible-test --version)"
