#!/usr/bin/env bash
# Benchmark nt ip against its anchors, side by side in one run:
#   1. per call: `nt ip info 192.168.12.146/24` vs sipcalc and ipcalc-ng (hyperfine -N);
#      ROUNDS (5) rounds of RUNS (300) runs each, the order rotated every round;
#      NT_ALSO=PATH adds another nt build to the same rounds (default: the static musl
#      build, target/x86_64-unknown-linux-musl/release/nt, when it has been built: see the
#      README's Install);
#   2. bulk: `nt --json ip info -` vs a Python `ipaddress` loop writing the same JSON keys,
#      on the same generated input (LINES random IPv4 CIDRs, default 1,000,000).
# Installs sipcalc, ipcalc-ng and hyperfine if missing (apt). Bounded: a few seconds per step.
#
# Start-up anatomy (2026-11-28, callgrind and `perf stat` on `nt ip info 192.168.12.146/24`;
# instructions in user space, page faults, and the fastest of 1,200 calls in a second run,
# `hyperfine -N` with the six commands rotated over six rounds of 200 calls at a load
# average near 20: its medians are noise, the fastest calls are not):
#   sipcalc (C, libc only)                              184,000   61   0.512 ms
#   nt, static glibc, non-PIE (before)                  136,000   59   0.399 ms (0.78x)
#   nt, shared glibc, rustc's defaults (PIE, libgcc_s)  663,000  179   1.213 ms (2.37x)
#   + non-PIE release executable                        461,000  111   1.049 ms (2.05x)
#   + unwinder linked in (no libgcc_s)                  418,000   99   0.768 ms (1.50x)
#   the build of that day (same links, its features)    424,000  100   0.741 ms (1.45x)
#   lazy binding / no RELRO instead of full RELRO: no change (calls go through the GOT
#   either way): not taken. PIE with `-z pack-relative-relocs`: 661,000 / 176: not taken.
# The shared-glibc binary pays the loader's work: mapping libc and libm, binding ~170
# symbols, and glibc's parse of /proc/self/maps for Rust's stack guard, which grows with
# every mapped library. A static glibc binary needs no loader (0.93x sipcalc's time in the
# same run) but loads glibc's NSS modules at run time for name resolution and can fail or
# crash on another glibc, which issue 9 rules out. Both link changes taken (non-PIE, the
# unwinder built in) are for release executables only (`.cargo/link-release`); debug and
# test builds are linked as rustc asks. Measured and not taken, or left: a Rust hello world
# linked the same way costs 287,000 instructions, of which 107,000 are the standard
# library's start-up (the stack-guard lookup); skipping it (`#![no_main]`) would also drop
# its stack-overflow message and stdio checks. libm stays (tokio's multi-thread scheduler
# and indicatif call `pow`). The allocator is glibc's: allocation is about 25,000
# instructions of a call, less than another allocator's own start-up.
# Earlier figures: bulk 95x a Python loop (13 keys) on a quiet machine before the three
# extra keys; the BASELINES.md loop computes only three keys (63x on 2026-11-28).
#
# Figures of 2026-11-28 (`LINES=300000 tests/bench/ip.sh`, a quiet moment; per call 5
# rounds x 300 runs, order rotated): one `nt ip info 192.168.12.146/24`, median: static
# musl build 0.578 ms, shared glibc build 1.102 ms, sipcalc 0.760 ms, ipcalc-ng 0.777 ms
# (0.76x / 1.45x sipcalc's time); fastest runs musl 0.353 ms, glibc 0.746 ms, sipcalc
# 0.481 ms. Bulk `nt --json ip info -` of 300,000 random IPv4 CIDRs (glibc build): 0.213 s
# = 1,407,000 lines/s against Python `ipaddress` writing the same 16 keys at 12,600
# lines/s (112x; the three-key loop of BASELINES.md: 33,300 lines/s, 42x). The musl build
# reads bulk input slower (0.33 s, 64x Python): for big batches the default build is faster.
# Allocators for the musl build, measured in one sitting: mimalloc v3 made one call 1.5 ms,
# mimalloc v2 0.94x sipcalc's time, and mimalloc raised the chat server's memory (10,000
# users: 62.5 MiB against 56 MiB with musl's malloc): the static build keeps musl's malloc.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
LINES=${LINES:-1000000}
ROUNDS=${ROUNDS:-5}
RUNS=${RUNS:-300}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if ! command -v sipcalc >/dev/null || ! command -v ipcalc-ng >/dev/null || ! command -v hyperfine >/dev/null; then
    apt-get update -qq && apt-get install -y -qq sipcalc ipcalc-ng hyperfine >/dev/null
fi
NT=$(built bin nt)
MUSL=target/x86_64-unknown-linux-musl/release/nt
NT_ALSO=${NT_ALSO:-$( [ -x "$MUSL" ] && echo "$MUSL" || true)}

echo "== per call: nt ip info vs sipcalc / ipcalc-ng (hyperfine -N, $ROUNDS rounds, order rotated)"
CMDS=("$NT ip info 192.168.12.146/24" "$NT --json ip info 192.168.12.146/24"
      "sipcalc 192.168.12.146/24" "ipcalc-ng 192.168.12.146/24")
if [ -n "$NT_ALSO" ]; then CMDS+=("$NT_ALSO ip info 192.168.12.146/24"); fi
# hyperfine times one command after the other; on a shared machine the load drifts between
# them, so each round starts with the next command and the figures are taken over all rounds.
for round in $(seq 0 $((ROUNDS - 1))); do
    first=$((round % ${#CMDS[@]}))
    ORDER=("${CMDS[@]:first}" "${CMDS[@]:0:first}")
    hyperfine -N --warmup 20 --runs "$RUNS" --export-json "$WORK/call$round.json" "${ORDER[@]}" \
        2>/dev/null >/dev/null
done
python3 - "$WORK" "$ROUNDS" "${CMDS[@]}" <<'EOF'
import json, statistics, sys
work, rounds, cmds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
times = {c: [] for c in cmds}
for r in range(rounds):
    for res in json.load(open(f"{work}/call{r}.json"))["results"]:
        times[res["command"]].extend(res["times"])
stat = {c: (statistics.median(t), min(t), statistics.mean(t)) for c, t in times.items()}
for c in cmds:
    med, low, mean = stat[c]
    print(f"  median {med * 1000:6.3f} ms  min {low * 1000:6.3f}  mean {mean * 1000:6.3f}  {c}")
sip, ipc = stat[cmds[2]], stat[cmds[3]]
for i, name in enumerate(("median", "min", "mean")):
    print(f"  {name:6} nt / sipcalc = {stat[cmds[0]][i] / sip[i]:.2f}   nt / ipcalc-ng = {stat[cmds[0]][i] / ipc[i]:.2f}   (below 1.00 = nt faster)")
    if len(cmds) > 4:
        print(f"  {name:6} NT_ALSO / sipcalc = {stat[cmds[4]][i] / sip[i]:.2f}   ({cmds[4].split()[0]})")
EOF

echo "== bulk: $LINES lines, nt --json ip info - vs Python ipaddress"
python3 - "$LINES" >"$WORK/in.txt" <<'EOF'
import random, sys
random.seed(42)
n = int(sys.argv[1])
out = []
for _ in range(n):
    a = random.getrandbits(32)
    out.append(f"{a >> 24}.{a >> 16 & 255}.{a >> 8 & 255}.{a & 255}/{random.randrange(33)}\n")
sys.stdout.write("".join(out))
EOF

# The same 16 JSON keys as nt (RFC 3021 for /31 and /32), one object per line.
cat >"$WORK/full.py" <<'EOF'
import ipaddress, json, sys
w = sys.stdout.write
for line in sys.stdin:
    i = ipaddress.ip_interface(line.strip())
    n = i.network
    p = n.prefixlen
    a = i.ip
    if p <= 30:
        lo, hi, hosts, bc = n.network_address + 1, n.broadcast_address - 1, n.num_addresses - 2, str(n.broadcast_address)
    elif p == 31:
        lo, hi, hosts, bc = n.network_address, n.broadcast_address, 2, None
    else:
        lo, hi, hosts, bc = a, a, 1, None
    first = a.packed[0]
    cls = "A" if first < 128 else "B" if first < 192 else "C" if first < 224 else "D" if first < 240 else "E"
    scope = "private" if a.is_private else "public"
    w(json.dumps({"address": str(a), "prefix": p, "netmask": str(n.netmask), "wildcard": str(n.hostmask),
                  "network": str(n), "broadcast": bc, "host_min": str(lo), "host_max": str(hi), "hosts": hosts,
                  "class": cls, "scope": scope, "reverse_pointer": a.reverse_pointer, "version": 4,
                  "address_decimal": int(a), "address_hex": f"0x{int(a):08x}", "address_expanded": None},
                 separators=(",", ":")) + "\n")
EOF
# The BASELINES.md loop: network, netmask, broadcast only.
cat >"$WORK/small.py" <<'EOF'
import ipaddress, json, sys
w = sys.stdout.write
for line in sys.stdin:
    n = ipaddress.ip_network(line.strip(), strict=False)
    w(json.dumps({"network": str(n), "netmask": str(n.netmask), "broadcast": str(n.broadcast_address)}) + "\n")
EOF

secs() { local t0 t1; t0=$(date +%s.%N); "$@" <"$WORK/in.txt" >"$WORK/out.txt"; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
best() { local b=999999 t; for _ in 1 2 3; do t=$(secs "$@"); b=$(echo "if ($t < $b) $t else $b" | bc -l); done; echo "$b"; }
NT_S=$(best "$NT" --json ip info -)
NT_OUT=$(wc -l <"$WORK/out.txt")
PY_FULL_S=$(secs python3 "$WORK/full.py")
PY_OUT=$(wc -l <"$WORK/out.txt")
PY_SMALL_S=$(secs python3 "$WORK/small.py")
python3 - "$LINES" "$NT_S" "$PY_FULL_S" "$PY_SMALL_S" "$NT_OUT" "$PY_OUT" <<'EOF'
import sys
n = int(sys.argv[1]); nt, full, small = map(float, sys.argv[2:5])
print(f"  nt --json ip info -     {nt:7.3f} s  {n / nt:12,.0f} lines/s  ({sys.argv[5]} lines out)")
print(f"  python, same keys       {full:7.3f} s  {n / full:12,.0f} lines/s  ({sys.argv[6]} lines out)")
print(f"  python, BASELINES loop  {small:7.3f} s  {n / small:12,.0f} lines/s")
print(f"  nt is {full / nt:.0f}x faster than the same-keys loop, {small / nt:.0f}x faster than the BASELINES loop (goal: >= 50x)")
EOF
