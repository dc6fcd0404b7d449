#!/usr/bin/env bash
# Benchmark: nt ftp mirror --parallel 4 vs lftp `mirror -P 4`, from one pyftpdlib server on
# loopback, 2,000 files of 1-200 KB in 20 directories, server root and copies on tmpfs.
#
# In one run, alternating who goes first: a full mirror into an empty directory by each
# client (timed), a check that both copies equal the source, then a second mirror of the
# unchanged tree by each (timed: nothing to move, only listings). Prints each round, the
# medians and the lftp/nt time ratio (above 1.0: nt is faster). Bounded: every client run
# has a `timeout`.
#
#   tests/bench/ftp_mirror.sh [ROUNDS]    (default 3; FILES=2000 to change the count)
#
# Figures of 2026-11-28 (`tests/bench/ftp_mirror.sh 3`, load average 11-15): full mirror
# 1.808 s against lftp 13.189 s (7.29x); again, unchanged, 0.230 s against 0.423 s (1.84x).
# nt asks nothing per file beyond EPSV and RETR (sizes and times come from the MLSD
# listing), so a file costs two round trips and a data connection.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=${1:-3}
FILES=${FILES:-2000}
USER_NAME=bench
PASSWORD=bench-pw

command -v lftp >/dev/null || { apt-get update && apt-get install -y lftp; }
ftp_bench_setup mirror-bench
NT=$(built bin nt)

# 2,000 files of 1-200 KB (sizes from a fixed seed), 100 per directory.
"$PY" - "$WORK/srv/src" "$FILES" <<'EOF'
import os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
for i in range(count):
    d = os.path.join(root, f"dir{i // 100:02d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"file{i:04d}.bin"), "wb") as f:
        f.write(os.urandom(rng.randint(1_000, 200_000)))
EOF
total=$(du -sb "$WORK/srv/src" | cut -f1)

ftp_server "$WORK/srv" "$USER_NAME" "$PASSWORD"

export NT_FTP_PASSWORD=$PASSWORD
run_nt() { timeout 600 "$NT" -q ftp mirror --parallel 4 "ftp://$USER_NAME@127.0.0.1:$PORT/src" "$1"; }
run_lftp() {
    timeout 600 lftp -u "$USER_NAME,$PASSWORD" \
        -e "set net:max-retries 1; set ftp:ssl-allow no; mirror -P 4 src $1; quit" \
        "ftp://127.0.0.1:$PORT" >/dev/null
}
timed() {
    local start end
    start=$(date +%s.%N)
    "$@"
    end=$(date +%s.%N)
    echo "$start $end" | awk '{printf "%.3f", $2 - $1}'
}

declare -a nt_full lftp_full nt_again lftp_again
for r in $(seq "$ROUNDS"); do
    rm -rf "$WORK/nt" "$WORK/lftp"
    if [ $((r % 2)) -eq 1 ]; then order="nt lftp"; else order="lftp nt"; fi
    for who in $order; do
        if [ "$who" = nt ]; then nt_full+=("$(timed run_nt "$WORK/nt")"); else lftp_full+=("$(timed run_lftp "$WORK/lftp")"); fi
    done
    diff -r "$WORK/srv/src" "$WORK/nt" >/dev/null || { echo "nt: the copy differs" >&2; exit 1; }
    diff -r "$WORK/srv/src" "$WORK/lftp" >/dev/null || { echo "lftp: the copy differs" >&2; exit 1; }
    for who in $order; do
        if [ "$who" = nt ]; then nt_again+=("$(timed run_nt "$WORK/nt")"); else lftp_again+=("$(timed run_lftp "$WORK/lftp")"); fi
    done
    echo "round $r ($order): full nt ${nt_full[-1]} s, lftp ${lftp_full[-1]} s; no change nt ${nt_again[-1]} s, lftp ${lftp_again[-1]} s"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
report() {
    local what=$1 nt_s lftp_s
    nt_s=$(median "${@:2:$ROUNDS}")
    lftp_s=$(median "${@:$((ROUNDS + 2))}")
    awk -v w="$what" -v n="$nt_s" -v l="$lftp_s" 'BEGIN {
        printf "%-9s nt %7.3f s   lftp %7.3f s   lftp/nt time %.2fx\n", w, n, l, l / n }'
}
echo "median of $ROUNDS rounds, $FILES files ($((total / 1000000)) MB), --parallel 4 / mirror -P 4, pyftpdlib $("$PY" -c 'import pyftpdlib; print(pyftpdlib.__ver__)'), $(lftp --version | head -1 | cut -d' ' -f1-4):"
report full "${nt_full[@]}" "${lftp_full[@]}"
report no-change "${nt_again[@]}" "${lftp_again[@]}"
