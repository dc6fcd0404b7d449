# Shared set-up for the benchmark scripts (sourced, not run): work from the repository
# root, and `built KIND NAME` (KIND is bin or bench) builds that target in release mode and
# prints the path of its executable (release executables are linked by .cargo/link-release).
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

built() {
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
