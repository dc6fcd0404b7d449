#!/usr/bin/env bash
# 200,000 64-byte datagrams sent by `nt udp send` over loopback: how many arrive at
# `nt udp listen --buffer 16MiB`, at `nt udp listen` with the default buffer, and at the
# anchors socat and ncat, measured in the same run.
# Usage: tests/bench/udp.sh [COUNT]
#
# Earlier figures (2026-11-24, quiet machine): nt with --buffer 16MiB 100 %, socat
# rcvbuf=16MiB 26.5 %, ncat 24.0 %, nt with the default buffer 87.1 %.
#
# Figures of 2026-11-28 (one run, load average 11-14 on 2 cores): --buffer 16MiB 200,000 of
# 200,000 (100 %), the default buffer 38,181 (19.1 %; 87 % on a quiet machine), socat
# rcvbuf=16MiB 74,691 (37.3 %), ncat 53,550 (26.8 %). listen takes 256 datagrams per
# recvmmsg and writes through a 1 MiB stdout pipe.
#
# Before and after the port to Windows and macOS (2026-12-07, release builds without LTO,
# NT_BIN, five runs alternating): --buffer 16MiB received 100 % in all ten; the default
# buffer 77.7-97.7 % before and 92.7-97.8 % after; the sender's rate swings 240,000-427,000
# datagrams/s in both, with the receiver. recvmmsg/sendmmsg stay on Linux behind cfg.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
COUNT=${1:-200000}
need=()
command -v ncat >/dev/null || need+=(ncat)
command -v socat >/dev/null || need+=(socat)
if ((${#need[@]})); then
    echo "installing anchors: ${need[*]}" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
NT=$(built bin nt)
LINES=$(mktemp)
OUT=$(mktemp)
trap 'rm -f "$LINES" "$OUT"' EXIT
python3 -c "import sys; sys.stdout.write(''.join('%064d\n' % i for i in range($COUNT)))" >"$LINES"

port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

# run NAME RECEIVER_CMD COUNT_CMD: receiver on $P writes to $OUT; COUNT_CMD counts datagrams
run() {
    local name=$1 receiver=$2 counter=$3
    P=$(port)
    timeout 60 bash -c "${receiver//\$P/$P}" </dev/null >"$OUT" 2>/dev/null &
    local rpid=$!
    sleep 0.5
    local t0; t0=$(now)
    timeout 60 "$NT" udp send "127.0.0.1:$P" <"$LINES"
    local t1; t1=$(now)
    sleep 1
    kill "$rpid" 2>/dev/null || true
    wait "$rpid" 2>/dev/null || true
    local got; got=$(bash -c "$counter" <"$OUT")
    python3 -c "print('%-22s received %7d of %d (%5.1f%%), sent at %.0f datagrams/s' % ('$name', $got, $COUNT, 100.0*$got/$COUNT, $COUNT/($t1-$t0)))"
}

echo "$COUNT datagrams of 64 bytes over 127.0.0.1 (load: $(cut -d' ' -f1-3 /proc/loadavg))"
run "nt --buffer 16MiB" "$NT udp listen 127.0.0.1:\$P --buffer 16MiB --timeout 3s" "wc -l"
run "nt (default buffer)" "$NT udp listen 127.0.0.1:\$P --timeout 3s" "wc -l"
run "socat rcvbuf=16MiB" "socat -u UDP-RECV:\$P,bind=127.0.0.1,rcvbuf=16777216 STDOUT" "echo \$((\$(wc -c) / 64))"
run "ncat -u -l" "ncat -u -l 127.0.0.1 \$P" "echo \$((\$(wc -c) / 64))"
