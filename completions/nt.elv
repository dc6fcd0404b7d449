
use builtin;
use str;

set edit:completion:arg-completer[nt] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'nt'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'nt'= {
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ip 'Addresses and subnets: info, split, contains, range, summarize'
            cand udp 'Send and receive UDP datagrams'
            cand tcp 'Bridge stdin/stdout to a TCP connection (a better nc)'
            cand chat 'A multi-user chat over TCP'
            cand ftp 'Files on an FTP or FTPS server'
            cand mail 'Send mail over SMTP; read it over IMAP and POP3'
            cand config 'Show the configuration file and the effective settings'
            cand completions 'Print a shell completion script'
            cand man 'Print a manual page (nt(1), nt-ftp(1), nt-ftp-serve(1), ...), or write them all'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;ip'= {
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand info 'Everything about an address and its subnet: class, mask, network, hosts, scope'
            cand split 'Split a network: into subnets of one prefix, into N equal subnets, or into the smallest subnets that hold the given numbers of hosts (VLSM)'
            cand contains 'Exit 0 when every ADDR is inside CIDR, 1 otherwise'
            cand range 'The smallest list of CIDRs covering FIRST-LAST'
            cand summarize 'Merge CIDRs into the smallest equivalent list (`-` reads stdin)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;ip;info'= {
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --header 'With `-`: print a first line naming the tab-separated columns (not with --json, whose objects name their keys)'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ip;split'= {
            cand --prefix 'Prefix length of each subnet (0-128; at least the network''s, at most 32 for IPv4)'
            cand --count 'Number of equal subnets, at least 1 (rounded up to a power of two)'
            cand --hosts 'Hosts per subnet, comma-separated (VLSM): each at least 1, at most 65536 sizes'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ip;contains'= {
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ip;range'= {
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ip;summarize'= {
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ip;help'= {
            cand info 'Everything about an address and its subnet: class, mask, network, hosts, scope'
            cand split 'Split a network: into subnets of one prefix, into N equal subnets, or into the smallest subnets that hold the given numbers of hosts (VLSM)'
            cand contains 'Exit 0 when every ADDR is inside CIDR, 1 otherwise'
            cand range 'The smallest list of CIDRs covering FIRST-LAST'
            cand summarize 'Merge CIDRs into the smallest equivalent list (`-` reads stdin)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;ip;help;info'= {
        }
        &'nt;ip;help;split'= {
        }
        &'nt;ip;help;contains'= {
        }
        &'nt;ip;help;range'= {
        }
        &'nt;ip;help;summarize'= {
        }
        &'nt;ip;help;help'= {
        }
        &'nt;udp'= {
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand listen 'Receive datagrams and print each on its own line; lines typed on stdin go back to the last peer'
            cand send 'Send a message, or each stdin line, as datagrams'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;udp;listen'= {
            cand --echo-rate 'With --echo: at most N echoes per second to one source, after a burst of one second''s worth'
            cand --count 'Exit after N datagrams'
            cand --timeout 'Exit when nothing arrives for DUR'
            cand --join 'Join a multicast group (class D or ff00::/8); repeatable'
            cand --buffer 'Receive buffer size (SO_RCVBUF, 1KiB-1GiB), so bursts are not lost'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --raw 'Write payloads byte-exact, nothing added'
            cand --hex 'Print payloads as hex'
            cand --echo 'Send every datagram back to its sender (never to this listener''s own address)'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;udp;send'= {
            cand --size 'Largest datagram for --raw (1-65507 bytes)'
            cand --wait 'Print replies that arrive within DUR after the last send'
            cand --bind 'Local address to send from'
            cand --ttl 'IP TTL / hop limit, 1-255 (also for multicast)'
            cand --count 'Send MESSAGE N times (with stdin: at most N datagrams)'
            cand --rate 'At most N datagrams per second (1000/s; also 5/ms, 60/m, 3600/h)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --raw 'Send stdin byte-exact in chunks of up to --size bytes'
            cand --broadcast 'Allow sending to a broadcast address'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;udp;help'= {
            cand listen 'Receive datagrams and print each on its own line; lines typed on stdin go back to the last peer'
            cand send 'Send a message, or each stdin line, as datagrams'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;udp;help;listen'= {
        }
        &'nt;udp;help;send'= {
        }
        &'nt;udp;help;help'= {
        }
        &'nt;tcp'= {
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Accept a client and bridge stdin/stdout to it'
            cand connect 'Connect and bridge stdin/stdout; at stdin EOF, half-close and read the rest'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;tcp;serve'= {
            cand --exec 'Run CMD for each client, the connection as its stdin and stdout (no shell: the words are split as a shell would quote them, nothing is expanded)'
            cand --sh-exec 'Run LINE with `sh -c` (`cmd /C` on Windows) for each client, the connection as its stdin and stdout. Whoever connects runs it: never expose a shell'
            cand --max-clients 'At most N clients at once (default 10000; 100 with --exec/--sh-exec)'
            cand --idle 'Close a connection idle for DUR'
            cand --cert 'Certificate chain (PEM)'
            cand --key 'Private key (PEM)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand -k 'Keep accepting clients, many at once'
            cand --keep-open 'Keep accepting clients, many at once'
            cand --echo 'Echo what each client sends back to it'
            cand --tls 'Serve TLS (with --cert and --key, or --self-signed)'
            cand --self-signed 'Serve TLS with a throwaway self-signed certificate; its SHA-256 is printed for clients to --pin'
            cand --progress 'Show bytes and rate on stderr (with a total and ETA when stdin is a file)'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;tcp;connect'= {
            cand --concurrency 'Probe at most N ports at once (-z with PORTS)'
            cand --timeout 'Give up connecting after DUR (a scan: per port, default 1s)'
            cand --idle 'Close when nothing moves for DUR'
            cand --retries 'Retry connecting up to N times, with backoff'
            cand --source 'Bind the local end to ADDR (an IP, or IP:PORT)'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand -z 'Only test that it connects: exit 0 (open) or 1 (closed); with PORTS, a scan'
            cand --tls 'Use TLS (SNI, system roots); --insecure or --pin imply it'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --progress 'Show bytes and rate on stderr (with a total and ETA when stdin is a file)'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;tcp;help'= {
            cand serve 'Accept a client and bridge stdin/stdout to it'
            cand connect 'Connect and bridge stdin/stdout; at stdin EOF, half-close and read the rest'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;tcp;help;serve'= {
        }
        &'nt;tcp;help;connect'= {
        }
        &'nt;tcp;help;help'= {
        }
        &'nt;chat'= {
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Run a chat server; lines on stdin go to everyone as notices, `/who`, `/kick NICK [REASON]` and `/notice TEXT` are operator commands'
            cand join 'Join a chat server: lines typed are sent, what arrives is printed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;chat;serve'= {
            cand --max-clients 'At most N connections at once (1-1000000); one more is told `[error] full` and closed'
            cand --motd 'Message of the day, sent to each user on joining'
            cand --max-line 'Longest line a user may send (16 B-1MiB); a longer one is dropped with `[error] too-long`'
            cand --rate 'Lines per second one user may send on average (0 = no limit, at most 1000000). A faster sender is read more slowly, never disconnected'
            cand --burst 'Lines one user may send in a burst above --rate (1-1000000)'
            cand --max-backlog 'Bytes waiting for one user (4KiB-1GiB); a user whose backlog passes this is disconnected as `too-slow`. Lines are shared by all queues, not copied'
            cand --stall 'A user whose socket accepts nothing for this long (100ms-1h) while lines wait is disconnected as `too-slow`'
            cand --login-timeout 'A connection that has not chosen a nickname within this long (100ms-1h) is closed'
            cand --max-pending 'Connections still choosing a nickname, per source address (an IPv6 /64 counts as one address; 1-1000000); one more is told `[error] busy` and closed'
            cand --announce-max 'Joins and leaves are announced while at most N users are online (0-1000000; announcing each of ten thousand joins to everyone already there would cost fifty million lines)'
            cand --cert 'Certificate chain (PEM)'
            cand --key 'Private key (PEM)'
            cand --cluster 'Join a cluster: one room shared by every node on this Redis, redis://[user@]host[:port][/db] (rediss:// for TLS; port 6379 by default; also `[chat] cluster` in the config). The password comes from NT_REDIS_PASSWORD or the config file, never from the command line (the process list would show it), and an error about the URL never repeats it'
            cand --node 'This node''s name in the cluster (1-16 of a-z, 0-9, ''-''; default: random; config: [chat] node). The operator''s /who marks users by it; a user renamed after a split becomes NICK-NODE'
            cand --lease 'How long a nickname lease (and a node''s heartbeat) lasts in Redis unless renewed (1s-1h; default 30s; config: [chat] lease): the users of a node that dies leave /who everywhere within it'
            cand --timeout 'Bounds every wait on the cluster''s Redis: connect, TLS handshake, each command (1ms-24h)'
            cand --cluster-pin 'rediss:// only: trust exactly Redis''s certificate with this SHA-256 fingerprint (hex, colons optional), even beside --cluster-insecure. Config: [chat] cluster_pin'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --tls 'Serve TLS (with --cert/--key, or --self-signed)'
            cand --self-signed 'Serve TLS with a throwaway self-signed certificate; its SHA-256 is printed for clients to --pin'
            cand --cluster-insecure 'rediss:// only: do not verify Redis''s certificate (a --cluster-pin is still checked). Without either, the system roots (or SSL_CERT_FILE) are trusted. Config: [chat] cluster_insecure'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;chat;join'= {
            cand --nick 'Your nickname (1-32 letters, digits, `_`, `-`, `.`)'
            cand --timeout 'Bounds the connect, the TLS handshake and the wait for the server''s answer to the nickname (1ms-24h)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --encoding 'How lines are encoded on the wire, both ways (`utf-8`, or `gbk` for the course''s chat server; nt''s own server takes UTF-8 only)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --tls 'Use TLS (system roots); --insecure or --pin imply it'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;chat;help'= {
            cand serve 'Run a chat server; lines on stdin go to everyone as notices, `/who`, `/kick NICK [REASON]` and `/notice TEXT` are operator commands'
            cand join 'Join a chat server: lines typed are sent, what arrives is printed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;chat;help;serve'= {
        }
        &'nt;chat;help;join'= {
        }
        &'nt;chat;help;help'= {
        }
        &'nt;ftp'= {
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url'
            cand --user 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR (1ms-24h)'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --limit-rate 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s'
            cand --max-entries 'Refuse a directory listing with more than N entries (1 to 100000000)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --active 'Active mode (PORT/EPRT) instead of passive'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List a directory (`-l` for details, from MLSD where offered)'
            cand get 'Download a file, the files matching a pattern, or a tree with -r, each into NAME.part, renamed when complete'
            cand put 'Upload files (or a tree with -r); each is checked with SIZE where the server has it'
            cand mirror 'Make a local directory a copy of a remote one (or, with --reverse, the other way): only new or changed files move'
            cand cat 'Print a remote file on stdout'
            cand rm 'Delete remote files'
            cand mv 'Rename a remote file'
            cand mkdir 'Create a remote directory (`-p` creates parents, no error if it exists)'
            cand rmdir 'Remove an empty remote directory'
            cand pwd 'Print the remote working directory'
            cand serve 'Serve DIR over FTP/FTPS: anonymous and read-only unless told otherwise'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;ftp;ls'= {
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url'
            cand --user 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR (1ms-24h)'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --limit-rate 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s'
            cand --max-entries 'Refuse a directory listing with more than N entries (1 to 100000000)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand -l 'Long listing: type, size, modification time'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --active 'Active mode (PORT/EPRT) instead of passive'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ftp;get'= {
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url'
            cand --user 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR (1ms-24h)'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --limit-rate 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s'
            cand --max-entries 'Refuse a directory listing with more than N entries (1 to 100000000)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand -r 'Recursive'
            cand --recursive 'Recursive'
            cand -c 'Resume a partial download (LOCAL.part, else LOCAL itself) with REST'
            cand --continue 'Resume a partial download (LOCAL.part, else LOCAL itself) with REST'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --active 'Active mode (PORT/EPRT) instead of passive'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ftp;put'= {
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url'
            cand --user 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR (1ms-24h)'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --limit-rate 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s'
            cand --max-entries 'Refuse a directory listing with more than N entries (1 to 100000000)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand -r 'Recursive'
            cand --recursive 'Recursive'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --active 'Active mode (PORT/EPRT) instead of passive'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ftp;mirror'= {
            cand -P 'Transfer over N connections at once (1 to 16)'
            cand --parallel 'Transfer over N connections at once (1 to 16)'
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url'
            cand --user 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR (1ms-24h)'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --limit-rate 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s'
            cand --max-entries 'Refuse a directory listing with more than N entries (1 to 100000000)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand -R 'Upload: the source is local, the target remote'
            cand --reverse 'Upload: the source is local, the target remote'
            cand --delete 'Remove files and directories the source no longer has'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --active 'Active mode (PORT/EPRT) instead of passive'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ftp;cat'= {
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url'
            cand --user 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR (1ms-24h)'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --limit-rate 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s'
            cand --max-entries 'Refuse a directory listing with more than N entries (1 to 100000000)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --active 'Active mode (PORT/EPRT) instead of passive'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ftp;rm'= {
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url'
            cand --user 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR (1ms-24h)'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --limit-rate 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s'
            cand --max-entries 'Refuse a directory listing with more than N entries (1 to 100000000)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --active 'Active mode (PORT/EPRT) instead of passive'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ftp;mv'= {
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url'
            cand --user 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR (1ms-24h)'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --limit-rate 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s'
            cand --max-entries 'Refuse a directory listing with more than N entries (1 to 100000000)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --active 'Active mode (PORT/EPRT) instead of passive'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ftp;mkdir'= {
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url'
            cand --user 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR (1ms-24h)'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --limit-rate 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s'
            cand --max-entries 'Refuse a directory listing with more than N entries (1 to 100000000)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand -p 'Create parents as needed'
            cand --parents 'Create parents as needed'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --active 'Active mode (PORT/EPRT) instead of passive'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ftp;rmdir'= {
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url'
            cand --user 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR (1ms-24h)'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --limit-rate 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s'
            cand --max-entries 'Refuse a directory listing with more than N entries (1 to 100000000)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --active 'Active mode (PORT/EPRT) instead of passive'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ftp;pwd'= {
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url'
            cand --user 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR (1ms-24h)'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --limit-rate 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s'
            cand --max-entries 'Refuse a directory listing with more than N entries (1 to 100000000)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --active 'Active mode (PORT/EPRT) instead of passive'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ftp;serve'= {
            cand --cert 'Certificate chain (PEM)'
            cand --key 'Private key (PEM)'
            cand --passive-ports 'Ports for passive data connections'
            cand --idle 'Close a session that sends no command for DUR (1s to 24h)'
            cand --max-clients 'At most N sessions at once; more are turned away with 421'
            cand --login-timeout 'Close a session that has not logged in within DUR (1s to 1h) with 421'
            cand --max-pending 'Sessions not yet logged in, per source address (1-10000); one more is told 421 and closed'
            cand --max-upload 'The largest file an upload may leave (with --write); past it the upload is cut with 552 and its file removed. Anonymous --write lets anyone fill the disk up to this, file after file: give anonymous write only where that is fine'
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url'
            cand --user 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR (1ms-24h)'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --limit-rate 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s'
            cand --max-entries 'Refuse a directory listing with more than N entries (1 to 100000000)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --write 'Allow uploads, deletes, renames and directories (STOR, APPE, DELE, RNFR/RNTO, MKD, RMD)'
            cand --self-signed 'Serve TLS with a throwaway self-signed certificate; its SHA-256 is printed for clients to --pin'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --active 'Active mode (PORT/EPRT) instead of passive'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;ftp;help'= {
            cand ls 'List a directory (`-l` for details, from MLSD where offered)'
            cand get 'Download a file, the files matching a pattern, or a tree with -r, each into NAME.part, renamed when complete'
            cand put 'Upload files (or a tree with -r); each is checked with SIZE where the server has it'
            cand mirror 'Make a local directory a copy of a remote one (or, with --reverse, the other way): only new or changed files move'
            cand cat 'Print a remote file on stdout'
            cand rm 'Delete remote files'
            cand mv 'Rename a remote file'
            cand mkdir 'Create a remote directory (`-p` creates parents, no error if it exists)'
            cand rmdir 'Remove an empty remote directory'
            cand pwd 'Print the remote working directory'
            cand serve 'Serve DIR over FTP/FTPS: anonymous and read-only unless told otherwise'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;ftp;help;ls'= {
        }
        &'nt;ftp;help;get'= {
        }
        &'nt;ftp;help;put'= {
        }
        &'nt;ftp;help;mirror'= {
        }
        &'nt;ftp;help;cat'= {
        }
        &'nt;ftp;help;rm'= {
        }
        &'nt;ftp;help;mv'= {
        }
        &'nt;ftp;help;mkdir'= {
        }
        &'nt;ftp;help;rmdir'= {
        }
        &'nt;ftp;help;pwd'= {
        }
        &'nt;ftp;help;serve'= {
        }
        &'nt;ftp;help;help'= {
        }
        &'nt;mail'= {
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand send 'Build a message (text, HTML, inline images, attachments) and send it over SMTP'
            cand catch 'Run a local SMTP server that keeps every message it receives (a mail catcher)'
            cand folders 'List the folders of an IMAP account: name, flags, messages and unseen'
            cand list 'List the messages of a folder (IMAP) or a POP3 mailbox, one line each'
            cand get 'Read messages by UID: a readable view, the raw bytes, files, attachments'
            cand watch 'Wait for new mail and report each new message once (IMAP IDLE, POP3 polling)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;mail;send'= {
            cand --to 'Recipient, `a@b` or `Name <a@b>`; several with commas or by repeating (default: the config''s to; with --eml: the message''s To, Cc and Bcc)'
            cand --cc 'Carbon-copy recipient (commas or repeatable)'
            cand --bcc 'Blind-copy recipient (commas or repeatable; in the envelope, never in the headers)'
            cand --from 'Sender (default: the config''s from, else a login that is an address; with --eml: the message''s From)'
            cand --reply-to 'Reply-To address'
            cand --subject 'Subject (UTF-8; encoded per RFC 2047 where needed)'
            cand --body 'Body text'
            cand --eml 'Send a prepared RFC 5322 message as it is (`-` for stdin); the envelope comes from its From/To/Cc/Bcc unless --from/--to are given; its Bcc field is not sent'
            cand --body-file 'Body text from a file (`-` for stdin)'
            cand --html 'HTML body from a file'
            cand --inline 'Inline image for the HTML, referenced as cid:CID (default CID: the file name; repeatable)'
            cand --attach 'Attach a file, base64, MIME type from its name (repeatable)'
            cand --header 'Extra header "Name: value" (repeatable)'
            cand --server 'SMTP server, HOST or HOST:PORT (default: the config''s server, else the recipient domain''s MX)'
            cand --port 'SMTP server port (default 587 with STARTTLS, 465 with TLS, 25 with off and for MX delivery). Config: [mail] port'
            cand --tls 'TLS mode (default: starttls, or tls on port 465). Config: [mail] tls'
            cand --user 'Login name for AUTH (config: [mail] user); the password comes from NT_SMTP_PASSWORD, ~/.netrc, password_command or a prompt'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry connecting up to N times, with backoff'
            cand --timeout 'Give up on a connect, a TLS handshake or any reply after this long'
            cand --ehlo 'The name nt gives itself in EHLO (default: this host''s name)'
            cand --dns 'DNS server for MX delivery, IP[:PORT] (default: the system''s resolver)'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --save 'Also save the message to FILE (an .eml file)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --dry-run 'Print the whole message (envelope on stderr) and do not connect'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;mail;catch'= {
            cand --listen 'Address to listen on'
            cand --reject 'Refuse recipients matching this glob with 550 (`*` any run, `?` one character, no case; repeatable), e.g. ''*@spam.test'''
            cand --count 'Exit after N messages'
            cand --max-size 'Refuse messages larger than this with 552 (advertised as SIZE)'
            cand --cert 'Certificate chain (PEM)'
            cand --key 'Private key (PEM)'
            cand --timeout 'Close a connection whose client says nothing for this long'
            cand --login-timeout 'A client that has not said EHLO or HELO (POP3: logged in) this long after it connected is closed (100ms-1h; long enough to type at telnet)'
            cand --max-clients 'Clients served at once (--pop3 has as many of its own); one more is told 421 (POP3: -ERR [SYS/TEMP]) and closed'
            cand --max-pending 'Connections from one address (an IPv6 /64 counts as one) that have not yet given a recipient (POP3: logged in), 1-10000; one more is told 421 (POP3: -ERR) and closed'
            cand --max-recipients 'Recipients accepted per message (RFC 5321 asks for at least 100)'
            cand --pop3 'Also serve the caught messages over POP3 on ADDR (needs DIR and --user; STLS when TLS is on, and then the password only after STLS)'
            cand --user 'The POP3 login; its password comes from NT_POP3_PASSWORD, else a prompt'
            cand --web 'Also serve a web page and a mailpit-compatible JSON API (/api/v1/...) over DIR on ADDR (default 127.0.0.1:8025; needs DIR, given before --web). Live updates, search, delete; HTML mail in a sandboxed frame that loads nothing remote unless asked'
            cand --web-user 'The login --web asks for (HTTP Basic; needed for a non-loopback --web address); its password comes from NT_WEB_PASSWORD, else a prompt'
            cand --web-cert 'Serve --web over HTTPS with this certificate chain (PEM); without it, --web uses HTTPS when the catcher has --cert/--key or --self-signed'
            cand --web-key 'The private key (PEM) of --web-cert'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --tls 'Offer STARTTLS (needs --cert/--key or --self-signed)'
            cand --self-signed 'Serve TLS with a throwaway self-signed certificate; its SHA-256 is printed for clients to --pin'
            cand --web-insecure 'Allow --web-user over plain HTTP (the password then travels in clear text)'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;mail;folders'= {
            cand -f 'Folder (default: the URL''s, else INBOX). UTF-8 as typed'
            cand --folder 'Folder (default: the URL''s, else INBOX). UTF-8 as typed'
            cand --user 'Login name (default: the URL''s user, the config''s user, else ~/.netrc). The password comes from NT_IMAP_PASSWORD / NT_POP3_PASSWORD, NT_MAIL_PASSWORD, ~/.netrc, password_command or a prompt'
            cand --tls 'TLS mode (default: tls for imaps://, pop3s:// and ports 993/995, else starttls)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --oauth2-token-command 'Log in with XOAUTH2; CMD (run with sh -c; cmd /C on Windows) prints the access token. It is run again, and the login retried once, when the server rejects the token. Config: [mail] oauth2_token_command'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
            cand --buffer 'The most one server answer may hold in memory (64KiB-1GiB); bigger messages are fetched in pieces of this size'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;mail;list'= {
            cand -f 'Folder (default: the URL''s, else INBOX). UTF-8 as typed'
            cand --folder 'Folder (default: the URL''s, else INBOX). UTF-8 as typed'
            cand --user 'Login name (default: the URL''s user, the config''s user, else ~/.netrc). The password comes from NT_IMAP_PASSWORD / NT_POP3_PASSWORD, NT_MAIL_PASSWORD, ~/.netrc, password_command or a prompt'
            cand --tls 'TLS mode (default: tls for imaps://, pop3s:// and ports 993/995, else starttls)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --oauth2-token-command 'Log in with XOAUTH2; CMD (run with sh -c; cmd /C on Windows) prints the access token. It is run again, and the login retried once, when the server rejects the token. Config: [mail] oauth2_token_command'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
            cand --buffer 'The most one server answer may hold in memory (64KiB-1GiB); bigger messages are fetched in pieces of this size'
            cand --since 'Only messages since DATE: YYYY-MM-DD, or an age such as 7d, 12h'
            cand --from 'Only messages whose From contains TEXT'
            cand --subject 'Only messages whose Subject contains TEXT'
            cand --search 'An IMAP SEARCH expression, sent as written (IMAP), e.g. ''OR FLAGGED LARGER 100000'''
            cand --limit 'Show only the newest N messages (1-1000000)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --unseen 'Only messages without \Seen (IMAP)'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;mail;get'= {
            cand -f 'Folder (default: the URL''s, else INBOX). UTF-8 as typed'
            cand --folder 'Folder (default: the URL''s, else INBOX). UTF-8 as typed'
            cand --user 'Login name (default: the URL''s user, the config''s user, else ~/.netrc). The password comes from NT_IMAP_PASSWORD / NT_POP3_PASSWORD, NT_MAIL_PASSWORD, ~/.netrc, password_command or a prompt'
            cand --tls 'TLS mode (default: tls for imaps://, pop3s:// and ports 993/995, else starttls)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --oauth2-token-command 'Log in with XOAUTH2; CMD (run with sh -c; cmd /C on Windows) prints the access token. It is run again, and the login retried once, when the server rejects the token. Config: [mail] oauth2_token_command'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
            cand --buffer 'The most one server answer may hold in memory (64KiB-1GiB); bigger messages are fetched in pieces of this size'
            cand -o 'Save each message as DIR/UID.eml (raw bytes, .part then renamed)'
            cand --output 'Save each message as DIR/UID.eml (raw bytes, .part then renamed)'
            cand --save-attachments 'Save the attachments into DIR under safe names (never outside DIR, never over a file)'
            cand --max-message 'The largest message shown or split into attachments in memory (1MiB-4GiB). -o DIR and --raw stream a bigger one up to the size the server announced (plus 1/8 and 1MiB); past both, nt stops with exit 6 and keeps no file'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --all 'Every message of the folder'
            cand --unseen 'Every message without \Seen (IMAP)'
            cand --raw 'Write the exact message bytes (to stdout, or files with -o)'
            cand --mark-read 'Mark the messages read (\Seen) after reading them (IMAP)'
            cand --delete 'Delete each message from the server once it is saved (needs -o DIR)'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;mail;watch'= {
            cand -f 'Folder (default: the URL''s, else INBOX). UTF-8 as typed'
            cand --folder 'Folder (default: the URL''s, else INBOX). UTF-8 as typed'
            cand --user 'Login name (default: the URL''s user, the config''s user, else ~/.netrc). The password comes from NT_IMAP_PASSWORD / NT_POP3_PASSWORD, NT_MAIL_PASSWORD, ~/.netrc, password_command or a prompt'
            cand --tls 'TLS mode (default: tls for imaps://, pop3s:// and ports 993/995, else starttls)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --oauth2-token-command 'Log in with XOAUTH2; CMD (run with sh -c; cmd /C on Windows) prints the access token. It is run again, and the login retried once, when the server rejects the token. Config: [mail] oauth2_token_command'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
            cand --buffer 'The most one server answer may hold in memory (64KiB-1GiB); bigger messages are fetched in pieces of this size'
            cand --exec 'Run CMD (sh -c; cmd /C on Windows) for each new message, the message on stdin; NT_MAIL_UID and NT_MAIL_FOLDER are set'
            cand --interval 'How often POP3 is polled (100ms-24h)'
            cand --count 'Exit after N new messages (1-1000000)'
            cand --max-message 'The largest message given to --exec (1MiB-4GiB)'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;mail;help'= {
            cand send 'Build a message (text, HTML, inline images, attachments) and send it over SMTP'
            cand catch 'Run a local SMTP server that keeps every message it receives (a mail catcher)'
            cand folders 'List the folders of an IMAP account: name, flags, messages and unseen'
            cand list 'List the messages of a folder (IMAP) or a POP3 mailbox, one line each'
            cand get 'Read messages by UID: a readable view, the raw bytes, files, attachments'
            cand watch 'Wait for new mail and report each new message once (IMAP IDLE, POP3 polling)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;mail;help;send'= {
        }
        &'nt;mail;help;catch'= {
        }
        &'nt;mail;help;folders'= {
        }
        &'nt;mail;help;list'= {
        }
        &'nt;mail;help;get'= {
        }
        &'nt;mail;help;watch'= {
        }
        &'nt;mail;help;help'= {
        }
        &'nt;config'= {
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print the effective settings (flags aside), secrets masked'
            cand path 'Print the path of the config file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;config;show'= {
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;config;path'= {
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;config;help'= {
            cand show 'Print the effective settings (flags aside), secrets masked'
            cand path 'Print the path of the config file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;config;help;show'= {
        }
        &'nt;config;help;path'= {
        }
        &'nt;config;help;help'= {
        }
        &'nt;completions'= {
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;man'= {
            cand --dir 'Write every page into DIR (made when missing) as nt.1, nt-ftp.1, nt-ftp-serve.1, ...'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;help'= {
            cand ip 'Addresses and subnets: info, split, contains, range, summarize'
            cand udp 'Send and receive UDP datagrams'
            cand tcp 'Bridge stdin/stdout to a TCP connection (a better nc)'
            cand chat 'A multi-user chat over TCP'
            cand ftp 'Files on an FTP or FTPS server'
            cand mail 'Send mail over SMTP; read it over IMAP and POP3'
            cand config 'Show the configuration file and the effective settings'
            cand completions 'Print a shell completion script'
            cand man 'Print a manual page (nt(1), nt-ftp(1), nt-ftp-serve(1), ...), or write them all'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;help;ip'= {
            cand info 'Everything about an address and its subnet: class, mask, network, hosts, scope'
            cand split 'Split a network: into subnets of one prefix, into N equal subnets, or into the smallest subnets that hold the given numbers of hosts (VLSM)'
            cand contains 'Exit 0 when every ADDR is inside CIDR, 1 otherwise'
            cand range 'The smallest list of CIDRs covering FIRST-LAST'
            cand summarize 'Merge CIDRs into the smallest equivalent list (`-` reads stdin)'
        }
        &'nt;help;ip;info'= {
        }
        &'nt;help;ip;split'= {
        }
        &'nt;help;ip;contains'= {
        }
        &'nt;help;ip;range'= {
        }
        &'nt;help;ip;summarize'= {
        }
        &'nt;help;udp'= {
            cand listen 'Receive datagrams and print each on its own line; lines typed on stdin go back to the last peer'
            cand send 'Send a message, or each stdin line, as datagrams'
        }
        &'nt;help;udp;listen'= {
        }
        &'nt;help;udp;send'= {
        }
        &'nt;help;tcp'= {
            cand serve 'Accept a client and bridge stdin/stdout to it'
            cand connect 'Connect and bridge stdin/stdout; at stdin EOF, half-close and read the rest'
        }
        &'nt;help;tcp;serve'= {
        }
        &'nt;help;tcp;connect'= {
        }
        &'nt;help;chat'= {
            cand serve 'Run a chat server; lines on stdin go to everyone as notices, `/who`, `/kick NICK [REASON]` and `/notice TEXT` are operator commands'
            cand join 'Join a chat server: lines typed are sent, what arrives is printed'
        }
        &'nt;help;chat;serve'= {
        }
        &'nt;help;chat;join'= {
        }
        &'nt;help;ftp'= {
            cand ls 'List a directory (`-l` for details, from MLSD where offered)'
            cand get 'Download a file, the files matching a pattern, or a tree with -r, each into NAME.part, renamed when complete'
            cand put 'Upload files (or a tree with -r); each is checked with SIZE where the server has it'
            cand mirror 'Make a local directory a copy of a remote one (or, with --reverse, the other way): only new or changed files move'
            cand cat 'Print a remote file on stdout'
            cand rm 'Delete remote files'
            cand mv 'Rename a remote file'
            cand mkdir 'Create a remote directory (`-p` creates parents, no error if it exists)'
            cand rmdir 'Remove an empty remote directory'
            cand pwd 'Print the remote working directory'
            cand serve 'Serve DIR over FTP/FTPS: anonymous and read-only unless told otherwise'
        }
        &'nt;help;ftp;ls'= {
        }
        &'nt;help;ftp;get'= {
        }
        &'nt;help;ftp;put'= {
        }
        &'nt;help;ftp;mirror'= {
        }
        &'nt;help;ftp;cat'= {
        }
        &'nt;help;ftp;rm'= {
        }
        &'nt;help;ftp;mv'= {
        }
        &'nt;help;ftp;mkdir'= {
        }
        &'nt;help;ftp;rmdir'= {
        }
        &'nt;help;ftp;pwd'= {
        }
        &'nt;help;ftp;serve'= {
        }
        &'nt;help;mail'= {
            cand send 'Build a message (text, HTML, inline images, attachments) and send it over SMTP'
            cand catch 'Run a local SMTP server that keeps every message it receives (a mail catcher)'
            cand folders 'List the folders of an IMAP account: name, flags, messages and unseen'
            cand list 'List the messages of a folder (IMAP) or a POP3 mailbox, one line each'
            cand get 'Read messages by UID: a readable view, the raw bytes, files, attachments'
            cand watch 'Wait for new mail and report each new message once (IMAP IDLE, POP3 polling)'
        }
        &'nt;help;mail;send'= {
        }
        &'nt;help;mail;catch'= {
        }
        &'nt;help;mail;folders'= {
        }
        &'nt;help;mail;list'= {
        }
        &'nt;help;mail;get'= {
        }
        &'nt;help;mail;watch'= {
        }
        &'nt;help;config'= {
            cand show 'Print the effective settings (flags aside), secrets masked'
            cand path 'Print the path of the config file'
        }
        &'nt;help;config;show'= {
        }
        &'nt;help;config;path'= {
        }
        &'nt;help;completions'= {
        }
        &'nt;help;man'= {
        }
        &'nt;help;help'= {
        }
    ]
    $completions[$command]
}
