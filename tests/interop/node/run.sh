#!/usr/bin/env bash
# Starts the embedded server in standalone mode (Trino and PrestoDB dialects) and runs the npm clients against it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$here"
npm install --no-audit --no-fund --no-package-lock --silent
dotnet build "$root/src/Presto.Client.Testing" -c Release -f net10.0 -v q -nologo >/dev/null
exe="$root/src/Presto.Client.Testing/bin/Release/net10.0/Presto.Client.Testing.dll"
logs=$(mktemp -d)
dotnet "$exe" --port 0 --dialect trino >"$logs/trino.log" 2>&1 &
trino_pid=$!
dotnet "$exe" --port 0 --dialect presto >"$logs/presto.log" 2>&1 &
presto_pid=$!
trap 'kill $trino_pid $presto_pid 2>/dev/null || true; rm -rf "$logs"' EXIT
port_of() {
  for _ in $(seq 1 100); do
    p=$(grep -Eo '127\.0\.0\.1:[0-9]+' "$1" | head -n1 | cut -d: -f2 || true)
    if [ -n "$p" ]; then echo "$p"; return 0; fi
    sleep 0.1
  done
  echo "server did not start: $(cat "$1")" >&2
  return 1
}
node run.js "$(port_of "$logs/trino.log")" "$(port_of "$logs/presto.log")"
