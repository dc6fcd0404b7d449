#!/usr/bin/env bash
# Smoke test of one nt binary built for another platform, run through an emulator:
# every command's main path on loopback, and the usage errors.
#
#   tests/cross/smoke.sh qemu-aarch64 -L /usr/aarch64-linux-gnu target/aarch64-unknown-linux-gnu/debug/nt
#   tests/cross/smoke.sh wine target/x86_64-pc-windows-gnu/debug/nt.exe
#   tests/cross/smoke.sh target/debug/nt          # the script itself, natively
#
# Each server is the binary under test, and so is each client; where a Linux peer is the
# natural other side (curl for ftp serve, swaks for mail catch) it is used when installed.
# Everything listens on 127.0.0.1 port 0 and is read back from its `listening on` line;
# every wait is bounded by `timeout`, and every process started here is ended by its PID.
set -uo pipefail
if [ $# -eq 0 ]; then
    echo "usage: $0 [EMULATOR ARGS...] NT" >&2
    exit 2
fi
NT=("$@")
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    wait "${pids[@]}" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
passed=0
failed=0

ok() { echo "smoke: ok   $1"; passed=$((passed + 1)); }
bad() { echo "smoke: FAIL $1"; failed=$((failed + 1)); }
nt() { timeout 60 "${NT[@]}" "$@"; }

# Start `nt ARGS...` in the background with stderr to $work/NAME.err; sets $pid.
start() {
    local name=$1
    shift
    nt "$@" >"$work/$name.out" 2>"$work/$name.err" &
    pid=$!
    pids+=("$pid")
}

# The port of the Nth (default 1st) `listening on` line of $work/NAME.err, within 30 s.
port_of() {
    local name=$1 nth=${2:-1} port=""
    for _ in $(seq 300); do
        port=$(grep -a 'listening on' "$work/$name.err" 2>/dev/null | sed -n "${nth}p" |
            sed -E 's/.*:([0-9]+).*/\1/')
        if [ -n "$port" ]; then
            echo "$port"
            return 0
        fi
        sleep 0.1
    done
    echo "smoke: no listening line from $name: $(cat "$work/$name.err")" >&2
    return 1
}

# Wait (bounded: 60 s, an emulated start on a busy machine is slow) for a file to hold a
# pattern.
wait_for() {
    for _ in $(seq 600); do
        grep -aq "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# ip
if nt ip info 192.168.12.146/24 | grep -q 192.168.12.255; then ok "ip info"; else bad "ip info"; fi

# tcp: 1 MiB one way, byte-exact
head -c 1048576 /dev/urandom >"$work/blob"
start tcp tcp serve 127.0.0.1:0
if p=$(port_of tcp) && nt tcp connect "127.0.0.1:$p" <"$work/blob" && wait "$pid" &&
    cmp -s "$work/blob" "$work/tcp.out"; then ok "tcp serve/connect 1 MiB"; else bad "tcp serve/connect"; fi

# udp: a datagram and its reply
start udp udp listen 127.0.0.1:0 --count 1 --echo --timeout 30s
if p=$(port_of udp) && nt udp send "127.0.0.1:$p" hello --wait 10s >"$work/udp.reply" &&
    grep -q hello "$work/udp.reply"; then ok "udp send/listen --echo"; else bad "udp send/listen"; fi
nt udp send "127.0.0.1:$p" again >/dev/null 2>&1
if [ $? -eq 4 ]; then ok "udp to a closed port: exit 4"; else bad "udp closed port exit"; fi

# chat: bob hears alice
start chat chat serve 127.0.0.1:0
if p=$(port_of chat); then
    # bob reads a FIFO that this script holds open until the check is done.
    mkfifo "$work/bob.in"
    nt chat join "127.0.0.1:$p" --nick bob <"$work/bob.in" >"$work/bob.out" 2>&1 &
    pids+=($!)
    exec 3>"$work/bob.in"
    wait_for "$work/bob.out" 'welcome. bob' || bad "chat: bob was not welcomed within 60 s"
    (sleep 2; echo 'hello from alice'; sleep 2) | nt chat join "127.0.0.1:$p" --nick alice >/dev/null 2>&1
    if wait_for "$work/bob.out" 'hello from alice'; then
        ok "chat serve/join"
    else
        bad "chat serve/join: bob saw: $(tr '\n' '|' <"$work/bob.out")"
    fi
    exec 3>&-
else
    bad "chat serve"
fi

# ftp: put, ls, get against nt's own server; curl reads it too
mkdir -p "$work/pub"
start ftp ftp serve "$work/pub" 127.0.0.1:0 --write
if p=$(port_of ftp) && nt ftp put "$work/blob" "ftp://127.0.0.1:$p/blob" &&
    nt ftp ls "ftp://127.0.0.1:$p/" | grep -q blob &&
    nt ftp get "ftp://127.0.0.1:$p/blob" "$work/blob.copy" && cmp -s "$work/blob" "$work/blob.copy"; then
    ok "ftp serve put/ls/get"
else
    bad "ftp serve put/ls/get"
fi
if command -v curl >/dev/null; then
    if curl -s --max-time 30 "ftp://127.0.0.1:$p/blob" | cmp -s - "$work/blob"; then
        ok "ftp serve read by curl"
    else
        bad "ftp serve read by curl"
    fi
fi

# mail: send with an attachment to catch, read back over its POP3
mkdir -p "$work/inbox"
printf 'print("hello")\n' >"$work/file.py"
NT_POP3_PASSWORD=secret start mail mail catch "$work/inbox" 127.0.0.1:0 --pop3 127.0.0.1:0 --user u
if sp=$(port_of mail 1) && pp=$(port_of mail 2) &&
    nt mail send --server "127.0.0.1:$sp" --tls off --from a@example.org --to b@example.org \
        --subject smoke --body hi --attach "$work/file.py" &&
    NT_POP3_PASSWORD=secret nt mail get "pop3://u@127.0.0.1:$pp" --tls off --insecure --all --raw -o "$work/got" &&
    grep -rqa 'filename="file.py"' "$work/got"; then
    ok "mail send, catch, get --pop3"
else
    bad "mail send, catch, get --pop3"
fi
if command -v swaks >/dev/null; then
    if swaks --server "127.0.0.1:$sp" --from s@example.org --to b@example.org \
        --header 'Subject: from swaks' >/dev/null 2>&1 &&
        NT_POP3_PASSWORD=secret nt mail list "pop3://u@127.0.0.1:$pp" --tls off --insecure | grep -q "from swaks"; then
        ok "mail catch fed by swaks"
    else
        bad "mail catch fed by swaks"
    fi
fi

# usage errors: exit 2, one line, no panic
for args in "ip info 300.1.2.3" "tcp connect 127.0.0.1:99999" "udp listen :0 --count x" "nosuch"; do
    # shellcheck disable=SC2086
    nt $args >/dev/null 2>"$work/usage.err"
    code=$?
    if [ $code -eq 2 ] && ! grep -q panicked "$work/usage.err"; then
        ok "usage error: nt $args"
    else
        bad "usage error: nt $args (exit $code)"
    fi
done

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
