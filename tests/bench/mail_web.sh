#!/usr/bin/env bash
# nt mail catch --web over a big Maildir: MSGS messages (default 100,000) written straight
# into new/ (as another deliverer would), then `nt mail catch DIR --web` started on them.
# Prints the start-up index time (target < 5 s), the time to first byte of a listing page
# of 50, newest first (median of ROUNDS requests on loopback; target < 50 ms), a search
# over all of them, and the bytes of index per message (GET /api/v1/info; target < 300).
# Usage: tests/bench/mail_web.sh     (from the repository root; loopback only, bounded)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
MSGS=${MSGS:-100000}
ROUNDS=${ROUNDS:-20}
NT=$(built bin nt)
WORK=$(mktemp -d "${TMPDIR:-/dev/shm}/nt-web.XXXXXX" 2>/dev/null || mktemp -d "/tmp/nt-web.XXXXXX")
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

python3 - "$WORK/inbox" "$MSGS" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for sub in ("new", "cur", "tmp"):
    os.makedirs(os.path.join(root, sub), exist_ok=True)
for i in range(n):
    body = (f"From: Sender {i % 97} <sender{i % 97}@example.test>\r\n"
            f"To: user{i % 13}@example.test\r\nSubject: message number {i} about topic {i % 1000}\r\n"
            f"Message-ID: <{i}.bench@example.test>\r\nDate: Mon, 7 Dec 2026 03:00:00 +0000\r\n"
            f"\r\nHello, this is the body of message {i}. It has a few words in it.\r\n")
    name = f"{1700000000 + i}.M{i:06}P1Q{i}.bench,S={len(body)}"
    with open(os.path.join(root, "new", name), "w") as f:
        f.write(body)
PY
sync

"$NT" mail catch "$WORK/inbox" --listen 127.0.0.1:0 --web 127.0.0.1:0 2>"$WORK/err" &
PID=$!
for _ in $(seq 1 600); do
    grep -q 'web: indexed' "$WORK/err" 2>/dev/null && break
    sleep 0.1
done
WEB=$(sed -n 's/^listening on \(.*\) (web)$/\1/p' "$WORK/err")
INDEXED=$(sed -n 's/^web: indexed \([0-9]*\) messages in \([0-9]*\) ms$/\1 \2/p' "$WORK/err")
[ -n "$INDEXED" ] || { cat "$WORK/err" >&2; echo "the index did not finish within 60 s" >&2; exit 1; }
set -- $INDEXED
echo "index start-up: $1 messages in $2 ms (target < 5000 ms)"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for _ in $(seq 1 "$ROUNDS"); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' "http://$WEB/api/v1/messages?start=0&limit=50"
done | median | awk '{printf "listing page of 50 (newest first): %.1f ms to first byte, median (target < 50 ms)\n", $1 * 1000}'
for _ in $(seq 1 "$ROUNDS"); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' "http://$WEB/api/v1/messages?start=50000&limit=50"
done | median | awk '{printf "listing page of 50 at 50,000: %.1f ms to first byte, median\n", $1 * 1000}'
for _ in $(seq 1 5); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' "http://$WEB/api/v1/search?query=topic%20999&limit=50"
done | median | awk '{printf "search over all (free text): %.1f ms to first byte, median\n", $1 * 1000}'
curl -s "http://$WEB/api/v1/info" | python3 -c '
import json, sys
info = json.load(sys.stdin)
print("index memory: %d bytes for %d messages = %.0f bytes per message (target < 300)"
      % (info["IndexBytes"], info["Messages"], info["IndexBytes"] / max(1, info["Messages"])))'
RSS=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
echo "nt RSS with the index: $((RSS / 1024)) MiB"
