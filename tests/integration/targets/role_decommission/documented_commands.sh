#!/usr/bin/env bash
# documented_commands.sh FILE...: the decommission commands of the given Markdown files, exactly as
# printed in their ```sh blocks, one per line (continuation lines joined), in the order of the files.
# A command is a line of a shell block that starts with ansible-playbook and names the decommission
# role or playbook.
set -eu
for file in "$@"; do
  awk '
    /^```sh$/ { block = 1; next }
    /^```/    { block = 0; next }
    block {
      line = $0
      if (command != "") { sub(/^[ \t]+/, "", line); command = command " " line }
      else if (line ~ /^ansible-playbook /) { command = line }
      else { next }
      if (command ~ /\\$/) { sub(/[ \t]*\\$/, "", command) }
      else { if (command ~ /decommission/) print command; command = "" }
    }
  ' "${file}"
done
