# Shared set-up for the benchmark scripts (sourced, not run): work from the repository
# root, and `built KIND NAME` (KIND is bin or bench) builds that target in release mode and
# prints the path of its executable (release executables are linked by .cargo/link-release).
# `NT_BIN=PATH` measures that nt instead (the static musl build, an older build): every
# script then runs it against the same anchors.
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

built() {
    if [ "$1 $2" = "bin nt" ] && [ -n "${NT_BIN:-}" ]; then
        echo "$NT_BIN"
        return
    fi
    cargo build --release --quiet --message-format=json-render-diagnostics "--$1" "$2" |
        python3 -c '
import json, sys
name = sys.argv[1]
for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("reason") == "compiler-artifact" and msg.get("executable") \
            and msg["target"]["name"] == name:
        print(msg["executable"])' "$2"
}

# FTP benchmarks: `ftp_bench_setup NAME` sets PY (Debian's python3, which has pyftpdlib; a
# pyenv python3 lacks it) and WORK (a fresh directory on tmpfs where there is one, so the
# disk's writeback is not what is measured; TMPDIR wins), removed at exit with the server.
ftp_bench_setup() {
    PY=${PYTHON:-/usr/bin/python3}
    "$PY" -c 'import pyftpdlib' 2>/dev/null || { apt-get update && apt-get install -y python3-pyftpdlib; }
    WORK=$(mktemp -d "${TMPDIR:-/dev/shm}/nt-$1.XXXXXX" 2>/dev/null || mktemp -d "/tmp/nt-$1.XXXXXX")
    SERVER_PID=
    trap 'if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT
}

# `ftp_server ROOT USER PASSWORD [ARGS...]`: pyftpdlib on a free loopback port, in the
# background; sets PORT and SERVER_PID and returns once the port accepts connections.
ftp_server() {
    local root=$1 user=$2 password=$3
    shift 3
    PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$PY" -m pyftpdlib -i 127.0.0.1 -p "$PORT" -d "$root" -u "$user" -P "$password" \
        -r 40000-50000 "$@" >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "pyftpdlib did not start" >&2
    return 1
}
