#!/usr/bin/env bash
# Benchmark of the main job: runs `./archlab demo` in a fresh, temporary archlab home and prints a
# table (wall time, trials, best candidate, peak memory). Usage: scripts/bench-demo.sh [--data DIR|subset]
# The application is built first (not timed), so the figure is the demo itself.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./archlab --version >/dev/null   # builds if needed

home="$(mktemp -d)"
log="$home/demo.log"
trap 'rm -rf "$home"' EXIT

start=$(date +%s.%N)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f '%M' -o "$home/rss" ./archlab demo --home "$home" "$@" >"$log" 2>&1
else
  ./archlab demo --home "$home" "$@" >"$log" 2>&1
fi
end=$(date +%s.%N)

json="$(./archlab status --json --home "$home")"
python3 - "$json" "$log" "$start" "$end" "$home/rss" <<'PY'
import json, re, sys, os
runs = json.loads(sys.argv[1]); log = open(sys.argv[2]).read()
wall = float(sys.argv[4]) - float(sys.argv[3])
rss = open(sys.argv[5]).read().strip() if os.path.exists(sys.argv[5]) else ""
data = re.search(r"^data: (.*)$", log, re.M).group(1)
r = runs[0]; b = r["best"] or {}
rows = [("data", data.split(" (")[0]), ("wall time (s)", f"{wall:.1f}"),
        ("trials finished", f'{r["trialsFinished"]}/{r["maxTrials"]}'),
        ("succeeded trials", str(sum(1 for l in log.splitlines() if re.match(r"\[\d+/\d+\] .* val ", l)))),
        ("best candidate", b.get("name", "-")), ("best params", f'{b.get("params", 0):,}'),
        ("best val accuracy", f'{100 * b.get("valAccuracy", 0):.2f}%'),
        ("its test accuracy", f'{100 * (b.get("testAccuracy") or 0):.2f}%'),
        ("peak RSS (MB)", f"{int(rss) / 1024:.0f}" if rss else "n/a")]
w = max(len(k) for k, _ in rows)
print(f'| {"measure".ljust(w)} | value |'); print(f'|{"-" * (w + 2)}|-------|')
for k, v in rows: print(f"| {k.ljust(w)} | {v} |")
PY
