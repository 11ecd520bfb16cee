#!/usr/bin/env bash
# Takes the screenshots in docs/img/ that docs/operations.md shows, during a real run: starts
# `bin/llm-stream serve` (web UI on port 8081, Prometheus on 9249), submits TEXTS.jsonl with
# `bin/llm-stream submit`, and while the job works through it photographs Flink's web UI (the
# job's graph, its checkpoints, the model operator's back-pressure) and the job's Prometheus
# endpoint with headless Chromium (Debian: apt-get install chromium).
#
#   docs/screenshots.sh TEXTS.jsonl     # a few thousand texts, so that the job runs a minute or more
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INPUT="${1:?usage: docs/screenshots.sh TEXTS.jsonl}"
IMG="$ROOT/docs/img"
WORK="$(mktemp -d)"
STATE="$WORK/serve.json"
SERVE_PID=""

cleanup() {
  if [[ -n "$SERVE_PID" ]]; then kill "$SERVE_PID" 2>/dev/null || true; wait "$SERVE_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

shoot() { # URL FILE: a 1400x900 screenshot once the page's scripts have had 6 s of virtual time
  # to render; a longer budget can wait for ever on the web UI's polling when the machine is busy
  timeout 300 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,900 \
    --virtual-time-budget=6000 --screenshot="$2" "$1" 2>>"$WORK/chromium.log"
  echo "took $2 of $1"
}

"$ROOT/bin/llm-stream" serve --state-file "$STATE" --web-port 8081 --metrics-port 9249 >"$WORK/serve.log" 2>&1 &
SERVE_PID=$!
for _ in $(seq 1 180); do [[ -f "$STATE" ]] && break; sleep 1; done
[[ -f "$STATE" ]] || { cat "$WORK/serve.log"; echo "serve did not start" >&2; exit 1; }
cat "$WORK/serve.log"
JOB_ID="$(sed -n 's/.*"jobId" : "\([0-9a-f]*\)".*/\1/p' "$STATE")"

# submit once every task runs (the model is loaded); on a busy machine the broker may still miss
# submit's 10 s check, which fails before anything is sent, so that is tried again
for _ in $(seq 1 300); do
  curl -s "http://127.0.0.1:8081/jobs/$JOB_ID" | grep -q '"status":"RUNNING"' \
    && ! curl -s "http://127.0.0.1:8081/jobs/$JOB_ID" | grep -q '"status":"\(INITIALIZING\|DEPLOYING\|SCHEDULED\|CREATED\)"' && break
  sleep 1
done
submit() {
  for _ in 1 2 3 4 5; do
    "$ROOT/bin/llm-stream" submit --state-file "$STATE" --input "$INPUT" --job screenshots >"$WORK/submit.log" 2>&1 && return 0
    grep -q "cannot reach the Kafka broker" "$WORK/submit.log" || return 1
    sleep 5
  done
  return 1
}
submit &
SUBMIT_PID=$!
# let the job take in texts, fill batches and complete a few checkpoints
sleep "${SCREENSHOT_DELAY_S:-120}"
# the vertex whose chain runs the model
VERTEX="$(curl -s "http://127.0.0.1:8081/jobs/$JOB_ID" \
  | python3 -c 'import json,sys; print(next(v["id"] for v in json.load(sys.stdin)["vertices"] if "embed" in v["name"]))')"

shoot "http://127.0.0.1:8081/#/job/running/$JOB_ID/overview" "$IMG/flink-ui-job.png"
shoot "http://127.0.0.1:8081/#/job/running/$JOB_ID/checkpoints" "$IMG/flink-ui-checkpoints.png"
shoot "http://127.0.0.1:8081/#/job/running/$JOB_ID/overview/$VERTEX/backpressure" "$IMG/flink-ui-backpressure.png"
shoot "http://localhost:9249/metrics" "$IMG/serve-prometheus-metrics.png"

wait "$SUBMIT_PID" || true
tail -n 3 "$WORK/submit.log"
