#!/usr/bin/env bash
# Builds the packages (tslab loads them with CommonJS require, so it needs dist/), then executes
# every docs/notebooks/*.ipynb with the tslab kernel into a temporary folder; fails on the first
# error. Usage: scripts/run-notebooks.sh [notebook.ipynb ...]   (SKIP_BUILD=1 to reuse dist/)
# Needs: jupyter nbconvert (Debian: jupyter-nbconvert) and the tslab kernel
# (`npx tslab install --python=/usr/bin/python3`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
command -v jupyter >/dev/null || { echo "run-notebooks: jupyter not found" >&2; exit 2; }
command -v tslab >/dev/null || { echo "run-notebooks: tslab not found (npm install)" >&2; exit 2; }
if [ "${SKIP_BUILD:-0}" != "1" ]; then npm run build; fi
out="$(mktemp -d "${TMPDIR:-/tmp}/operando-notebooks.XXXXXX")"
trap 'rm -rf "$out"' EXIT
if [ "$#" -gt 0 ]; then notebooks=("$@"); else notebooks=(docs/notebooks/*.ipynb); fi
status=0
for nb in "${notebooks[@]}"; do
  start=$(date +%s)
  if jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=tslab --output-dir "$out" "$nb" >"$out/log.txt" 2>&1; then
    # nbconvert stops at a raising cell; also catch error outputs that did not raise.
    if python3 -c 'import json,sys; nb=json.load(open(sys.argv[1])); sys.exit(any(o.get("output_type")=="error" for c in nb["cells"] for o in c.get("outputs",[])))' "$out/$(basename "$nb")"; then
      echo "ok    $nb ($(( $(date +%s) - start )) s)"
    else
      echo "FAIL  $nb: an error output" >&2; status=1
    fi
  else
    echo "FAIL  $nb" >&2; tail -40 "$out/log.txt" >&2; status=1
  fi
done
exit $status
