#!/usr/bin/env bash
# Chat fan-out benchmark: `ncat --chat` and `nt chat serve` side by side, in one run, on
# loopback, driven by the same load generator (tests/bench/chat_load.rs).
#
#   1. 300 users, 10 senders x 40 lines (BASELINES.md), ROUNDS rounds each, alternating;
#      the median round is quoted and the ratio printed.
#   2. 10,000 users connected to nt, one sender broadcasting 10 lines to all of them;
#      the server's RSS must stay under 400 MiB. (ncat cannot: select() caps it near 1,000.)
#
# Usage: tests/bench/chat.sh   (ROUNDS=3 by default; bounded: every step has a timeout)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-3}

if ! command -v ncat >/dev/null; then
    apt-get update -qq && apt-get install -y -qq ncat >/dev/null
fi
NT=$(built bin nt)
GEN=$(built bench chat_load)

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_ncat() {
    local port; port=$(free_port)
    ncat --chat -l -m 1000 127.0.0.1 "$port" </dev/null >/dev/null 2>&1 &
    local pid=$!; PIDS+=("$pid"); sleep 0.5
    timeout 120 "$GEN" --ncat --addr "127.0.0.1:$port" --clients 300 --senders 10 --messages 40 \
        --server-pid "$pid" --timeout 30 || echo "generator failed"
    kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
}

run_nt() { # clients senders messages
    local log; log=$(mktemp)
    "$NT" -q chat serve 127.0.0.1:0 --rate 0 --max-clients 20000 </dev/null 2>"$log" &
    local pid=$!; PIDS+=("$pid")
    for _ in $(seq 50); do grep -q '^listening on' "$log" && break; sleep 0.1; done
    local addr; addr=$(sed -n 's/^listening on //p' "$log" | head -1)
    timeout 120 "$GEN" --addr "$addr" --clients "$1" --senders "$2" --messages "$3" \
        --server-pid "$pid" --timeout 30 || echo "generator failed"
    kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"
}

echo "== 300 users, 10 senders x 40 lines, $ROUNDS rounds each =="
NCAT_RATES=(); NT_RATES=(); NCAT_P99=(); NT_P99=(); NCAT_P50=(); NT_P50=()
for r in $(seq "$ROUNDS"); do
    a=$(run_ncat); echo "ncat  round $r: $a"
    b=$(run_nt 300 10 40); echo "nt    round $r: $b"
    [ "$(field "$a" delivered)" = "$(field "$a" expected)" ] || echo "ncat lost lines in round $r"
    [ "$(field "$b" delivered)" = "$(field "$b" expected)" ] || echo "nt LOST LINES in round $r"
    NCAT_RATES+=("$(field "$a" rate)"); NT_RATES+=("$(field "$b" rate)")
    NCAT_P50+=("$(field "$a" p50_ms)"); NT_P50+=("$(field "$b" p50_ms)")
    NCAT_P99+=("$(field "$a" p99_ms)"); NT_P99+=("$(field "$b" p99_ms)")
done
nr=$(printf '%s\n' "${NCAT_RATES[@]}" | median); tr_=$(printf '%s\n' "${NT_RATES[@]}" | median)
n50=$(printf '%s\n' "${NCAT_P50[@]}" | median); t50=$(printf '%s\n' "${NT_P50[@]}" | median)
n99=$(printf '%s\n' "${NCAT_P99[@]}" | median); t99=$(printf '%s\n' "${NT_P99[@]}" | median)
echo "median ncat --chat: $nr deliveries/s, p50 $n50 ms, p99 $n99 ms"
echo "median nt chat:     $tr_ deliveries/s, p50 $t50 ms, p99 $t99 ms"
awk -v a="$tr_" -v b="$nr" -v c="$t99" -v d="$n99" \
    'BEGIN { printf "ratio nt/ncat: delivery rate %.2fx, p99 latency %.2fx\n", a/b, c/d }'

echo "== 10,000 users, 1 sender x 10 lines broadcast to all (nt only) =="
c=$(run_nt 10000 1 10); echo "nt: $c"
rss=$(field "$c" hwm_kib)
awk -v k="$rss" 'BEGIN { printf "server peak RSS %.1f MiB (target < 400 MiB): %s\n", k/1024, (k < 400*1024 ? "ok" : "OVER") }'
