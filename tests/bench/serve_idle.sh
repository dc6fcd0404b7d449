#!/usr/bin/env bash
# Memory of `nt tcp serve -k` with many idle clients (SPEC: thousands of idle clients held
# cheaply): RSS at start, with N idle clients, after 4 KiB from every tenth, and after all
# of them left. Goal: 10,000 idle clients under 100 MiB, back under 50 MiB once gone.
# Usage: tests/bench/serve_idle.sh [CLIENTS]   (default 10000; loopback only, bounded)
#
# Figures of 2026-11-28: 4 MiB at start, 53 MiB with 10,000 idle clients, 54 MiB after the
# bursts, 35 MiB after all left. Before that work: about 160 KiB per idle client, and 358 MB
# kept after 2,000 clients left.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
CLIENTS=${1:-10000}
NT=$(built bin nt)
timeout 300 python3 - "$NT" "$CLIENTS" <<'PY'
import re, resource, socket, subprocess, sys, threading, time
nt, n = sys.argv[1], int(sys.argv[2])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
n = min(n, hard - 200)
p = subprocess.Popen([nt, "tcp", "serve", "-k", "127.0.0.1:0"], stdin=subprocess.PIPE,
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
port = int(p.stderr.readline().strip().rsplit(":", 1)[1])
seen = {"open": 0, "closed": 0}
def count():
    for line in p.stderr:
        if "connection from" in line: seen["open"] += 1
        elif line.rstrip().endswith(" closed"): seen["closed"] += 1
threading.Thread(target=count, daemon=True).start()
def rss(): return int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{p.pid}/status").read()).group(1)) / 1024
def until(key, want):
    end = time.time() + 60
    while seen[key] < want and time.time() < end: time.sleep(0.05)
start = rss()
conns = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
until("open", n); idle = rss()
for c in conns[::10]: c.sendall(b"x" * 4096)
time.sleep(1); burst = rss()
for c in conns: c.close()
until("closed", n); time.sleep(0.5); gone = rss()
p.kill()
print(f"nt tcp serve -k: at start {start:.0f} MiB; {n} idle clients {idle:.0f} MiB; "
      f"after 4 KiB from every tenth {burst:.0f} MiB; after all left {gone:.0f} MiB "
      f"(goal: < 100 MiB, back < 50 MiB)")
PY
