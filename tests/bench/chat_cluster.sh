#!/usr/bin/env bash
# Cluster chat benchmark: one `nt chat serve` with 9,000 users beside three
# `nt chat serve --cluster` nodes with 3,000 users each on one redis-server, in one run, on
# loopback, driven by the same load generator (tests/bench/chat_load.rs; for the cluster
# its clients are spread over the three nodes, so are the senders).
#
#   10 senders x 40 lines; every line must reach all 8,999 other users (3,599,600
#   deliveries). ROUNDS rounds of each, alternating; the median round is quoted.
#   Goal: the cluster's p99 latency within 2x the single node's, and no line lost.
#
# Usage: tests/bench/chat_cluster.sh   (ROUNDS=3 by default; bounded: every step has a timeout)
#
# Figures of 2026-11-28 (median of 3): one node with 9,000 users 2.08 M deliveries/s, p99
# 1,724 ms; three nodes with 3,000 users each on one local redis-server 3.64 M
# deliveries/s, p99 970 ms, every delivery made: 0.56x the single node's p99, 1.75x its
# rate. Each node kept 20 MiB against the single node's 35 MiB. Measured before the
# writers' 256-line batches; an earlier run, before the leaner generator and the boxed TLS
# path: 0.64x.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-3}
USERS=${USERS:-9000}

if ! command -v redis-server >/dev/null; then
    apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
fi
NT=$(built bin nt)
GEN=$(built bench chat_load)
WORK=$(mktemp -d)

PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# The generator sends as fast as it can (--rate 0), from one address (--max-pending).
CROWD=(--rate 0 --max-clients 19500 --max-pending 1000)

# Start `nt chat serve` with these flags; prints "PID ADDR".
start_nt() {
    local log; log=$(mktemp -p "$WORK")
    "$NT" -q chat serve 127.0.0.1:0 "${CROWD[@]}" "$@" </dev/null >/dev/null 2>"$log" &
    local pid=$!
    for _ in $(seq 100); do grep -q '^listening on' "$log" && break; sleep 0.1; done
    echo "$pid $(sed -n 's/^listening on //p' "$log" | head -1)"
}

run_single() {
    read -r pid addr < <(start_nt); PIDS+=("$pid")
    timeout 300 "$GEN" --addr "$addr" --clients "$USERS" --senders 10 --messages 40 \
        --server-pid "$pid" --timeout 60 || echo "generator failed"
    kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
}

run_cluster() {
    local port; port=$(free_port)
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" \
        >/dev/null 2>&1 &
    local redis=$!; PIDS+=("$redis")
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
    local pids=() addrs=()
    for n in n1 n2 n3; do
        read -r pid addr < <(start_nt --cluster "redis://127.0.0.1:$port" --node "$n")
        PIDS+=("$pid"); pids+=("$pid"); addrs+=("$addr")
    done
    timeout 300 "$GEN" --addr "$(IFS=,; echo "${addrs[*]}")" --clients "$USERS" --senders 10 \
        --messages 40 --server-pid "${pids[0]}" --timeout 60 || echo "generator failed"
    kill "${pids[@]}" "$redis" 2>/dev/null || true
    wait "${pids[@]}" "$redis" 2>/dev/null || true
}

echo "== $USERS users, 10 senders x 40 lines: one node, then three nodes x $((USERS / 3)) on Redis; $ROUNDS rounds each =="
ONE_RATE=(); ONE_P99=(); ONE_P50=(); CL_RATE=(); CL_P99=(); CL_P50=(); LOST=0
for r in $(seq "$ROUNDS"); do
    a=$(run_single); echo "one node round $r:    $a"
    b=$(run_cluster); echo "three nodes round $r: $b"
    [ "$(field "$a" delivered)" = "$(field "$a" expected)" ] || { echo "one node LOST LINES in round $r"; LOST=1; }
    [ "$(field "$b" delivered)" = "$(field "$b" expected)" ] || { echo "cluster LOST LINES in round $r"; LOST=1; }
    ONE_RATE+=("$(field "$a" rate)"); CL_RATE+=("$(field "$b" rate)")
    ONE_P50+=("$(field "$a" p50_ms)"); CL_P50+=("$(field "$b" p50_ms)")
    ONE_P99+=("$(field "$a" p99_ms)"); CL_P99+=("$(field "$b" p99_ms)")
done
or=$(printf '%s\n' "${ONE_RATE[@]}" | median); cr=$(printf '%s\n' "${CL_RATE[@]}" | median)
o50=$(printf '%s\n' "${ONE_P50[@]}" | median); c50=$(printf '%s\n' "${CL_P50[@]}" | median)
o99=$(printf '%s\n' "${ONE_P99[@]}" | median); c99=$(printf '%s\n' "${CL_P99[@]}" | median)
echo "median one node:    $or deliveries/s, p50 $o50 ms, p99 $o99 ms"
echo "median three nodes: $cr deliveries/s, p50 $c50 ms, p99 $c99 ms"
awk -v a="$cr" -v b="$or" -v c="$c99" -v d="$o99" -v lost="$LOST" 'BEGIN {
    printf "ratio cluster/one node: delivery rate %.2fx, p99 latency %.2fx (goal <= 2x: %s); every line delivered: %s\n",
        a/b, c/d, (c <= 2*d ? "ok" : "MISSED"), (lost == 0 ? "ok" : "MISSED") }'
