//! The long help of the network commands (udp, tcp, chat) and of nt itself: what `--help`
//! prints after the options, and what `nt man` turns into sections (each block that opens
//! with a heading line, "Examples:", "Exit codes:", "Protocol:", becomes a man page section).
//!
//! Text only, ASCII only (a man page must read the same under any encoding). Every line
//! under "Examples:" is a command that parses as written (a test checks each one with the
//! real clap tree). The ip, ftp and mail texts are in `help/`.

mod ftp;
mod ip;
mod mail;

pub use ftp::*;
pub use ip::*;
pub use mail::*;

/// `nt --help`: the conventions every command shares.
pub const NT: &str = r#"Exit codes:
  The same in every command:
  0    success
  1    a negative answer that is not an error (ip contains: no; tcp connect -z: closed)
  2    usage or invalid input: bad flag, bad ADDR, bad CIDR, bad duration
  3    local file problem: missing, unreadable, unwritable
  4    network: cannot resolve, refused, unreachable, timed out, connection lost
  5    authentication or TLS: login rejected, certificate not trusted, TLS not offered
  6    the remote side refused the operation (FTP 4xx/5xx, SMTP rejection)
  130  interrupted by Ctrl-C

Conventions:
  ADDR is host:port, 1.2.3.4:port, [v6]:port or :port. For a listener :port is every
  interface, IPv6 and IPv4 together where the host has IPv6; port 0 lets the kernel pick
  one, and "listening on ADDR" on stderr says which.
  Durations: 500ms, 3s, 1.5s, 2m, 1h (a bare number is seconds). Sizes: 1500, 64KiB,
  1MB, 16MiB (K/KiB = 1024, KB = 1000).
  stdout is data, stderr is talk. Into a pipe nothing is colored and no progress bar is
  drawn; nt ... | head -1 ends quietly with success.
  Errors are one line "nt: error: WHAT", then "caused by:" lines and sometimes a "hint:".
  With --json an error is one object on stderr: {"error":"...","kind":"network","exit":4}
  (kinds: usage, file, network, auth, refused, interrupted; "causes" and "hint" when any).
  TLS is rustls everywhere: certificates are checked against the system roots
  (SSL_CERT_FILE and SSL_CERT_DIR replace them), --insecure skips the check, --pin SHA256
  trusts exactly one certificate (checked even beside --insecure), and a failed check
  prints the fingerprint of the certificate the server presented.

Timeouts:
  --timeout DUR bounds every wait on the network (connect, TLS handshake, each read and
  write) with one range, 1ms to 24h (0 is refused), and one default per command:
  chat join                     10s   connect, TLS, the server's answer to the nickname
  chat serve --cluster          5s    each wait on Redis
  ftp (client and serve)        30s   every wait on the control and data connections
  mail send/folders/list/get/watch  30s  every wait on the server
  mail catch                    60s   how long a client may say nothing
  tcp connect -z HOST PORTS     1s    each port of a scan
  tcp connect, udp listen       none  they wait as long as the peer does

Configuration:
  $NT_CONFIG, else $XDG_CONFIG_HOME/nt/config.toml, else ~/.config/nt/config.toml (on
  Windows %APPDATA%\nt\config.toml): the sections [ftp], [mail] and [chat] hold
  defaults, [profile.NAME.ftp] (and .mail, .chat) override them under --profile NAME.
  Precedence: flag > environment > profile > defaults. nt config show prints the
  effective settings (secrets masked), nt config path the path.
  Passwords never go on the command line: they come from an environment variable
  (NT_FTP_PASSWORD, NT_SMTP_PASSWORD, NT_IMAP_PASSWORD, NT_POP3_PASSWORD,
  NT_MAIL_PASSWORD, NT_PROXY_PASSWORD, NT_REDIS_PASSWORD), ~/.netrc ($NETRC; on Windows
  %USERPROFILE%\_netrc), a password_command in the config (run with sh -c, on Windows
  cmd /C; its first line), or a prompt without echo.

Examples:
  nt ip info 192.168.12.146/24
  nt udp listen :40000
  nt tcp connect example.org:80
  nt ftp put local.png remote.png
  nt mail send --to you@example.org --attach file.py
  nt man --dir ~/.local/share/man/man1"#;

/// `nt udp listen --help`.
pub const UDP_LISTEN: &str = r#"Output:
  Each datagram on its own line (a newline is added where the payload has none). On a
  terminal each line is prefixed with the sender, [ip:port] text, control characters
  escaped; into a pipe the payload is written alone and unchanged. --raw writes payloads
  byte-exact, --hex as lowercase hex. Lines typed on stdin go to the last peer that sent
  something. Datagrams up to 65507 bytes are received whole. On Linux datagrams are taken
  in batches (recvmmsg) and the kernel's drops are reported; elsewhere one per call. On
  Windows an ICMP port unreachable from one peer does not end the listener.

JSON:
  One object per datagram: {"from":"ip:port","len":N,"data":"..."}; "data_b64" (standard
  base64) replaces "data" when the payload is not UTF-8.

Echo:
  --echo never answers a datagram from the listener's own address, and answers each source
  at most --echo-rate times a second after a burst of one second's worth, so two echo
  servers pointed at each other run out of budget. At most 4096 sources are remembered.

Examples:
  nt udp listen :40000
  nt udp listen 127.0.0.1:0 --count 1 --timeout 5s
  nt --json udp listen :5353 --join 224.0.0.251
  nt udp listen 127.0.0.1:7 --echo
  nt udp listen :40000 --buffer 16MiB --hex

Exit codes:
  0    --count datagrams arrived, --timeout passed without --count, or Ctrl-D at the prompt
  2    bad flag, ADDR or group
  4    cannot listen (address in use, port below 1024); --timeout before --count datagrams
       arrived ("timed out: k of N datagrams arrived")
  130  Ctrl-C"#;

/// `nt udp send --help`.
pub const UDP_SEND: &str = r#"Sending:
  Each stdin line is one datagram (its line ending removed); --raw sends stdin in chunks of
  exactly --size bytes. Without --rate datagrams go out in sendmmsg batches of 64 (on
  Linux; one call each elsewhere); --rate takes N/s (or a bare N), N/ms, N/m, N/h, N/d,
  decimals allowed, spaced evenly.
  A port where nothing listens is exit 4: the socket is connected (unless --broadcast or a
  multicast target), so the ICMP port unreachable is heard, up to 100 ms after the last
  datagram, or through --wait.

Examples:
  nt udp send 127.0.0.1:40000 hello
  printf 'a\nb\n' | nt udp send 127.0.0.1:40000
  nt udp send 127.0.0.1:40000 ping --wait 1s
  nt udp send 127.0.0.1:40000 tick --count 100 --rate 10/s
  nt udp send --raw --size 1400 127.0.0.1:9000 < file.bin

Exit codes:
  0    sent
  2    bad flag, ADDR or rate
  3    stdin cannot be read
  4    cannot send (nothing listens on that port, unreachable)
  130  Ctrl-C"#;

/// `nt tcp serve --help`.
pub const TCP_SERVE: &str = r#"Serving:
  Without -k one client is served, then nt exits. With -k each chunk a client sends is
  written to stdout whole, stdin goes to every connected client, and a client that does not
  read (1024 chunks queued) is dropped so it cannot stall the others. Client
  --max-clients+1 is accepted and closed at once, with a warning; at start the open-files
  limit is raised to its hard limit. A TLS handshake has 10 s.
  unix:/path serves a Unix stream socket: a stale socket file is replaced, a file a live
  server holds is exit 4, a file that is not a socket is never removed (exit 3). Unix
  sockets are not available on Windows (exit 2).

Running a program:
  --exec 'CMD ARGS' runs CMD for each client, the connection as its stdin and stdout, its
  stderr nt's, NT_PEER the client's address. The words are split as a shell quotes them
  but no shell runs. --sh-exec runs sh -c LINE (cmd /C LINE on Windows). Either gives
  every client that can reach ADDR the program, with your rights: --sh-exec sh on a
  reachable address hands your account to anyone. Listen on 127.0.0.1 or unix:, and put
  --tls in front of anything that matters.

JSON:
  With -k: {"event":"open","peer":..}, {"event":"data","peer":..,"len":N,"data":..} (or
  "data_b64"), {"event":"close","peer":..}.

Examples:
  nt tcp serve :12345 > received.bin
  nt tcp serve -k --echo 127.0.0.1:7
  nt tcp serve :8443 --tls --cert cert.pem --key key.pem
  nt tcp serve 127.0.0.1:8443 --self-signed
  nt tcp serve -k 127.0.0.1:7000 --exec 'tr a-z A-Z'
  nt tcp serve unix:/tmp/nt.sock

Exit codes:
  0    the client (or, with -k, stdin) finished
  2    bad flag or ADDR, --tls without a certificate, unix: on Windows
  3    a certificate, key or --exec program cannot be read or found; stdin cannot be read
       (one plain client; with -k or --tls that is a warning)
  4    cannot listen (address in use, port below 1024: with a hint), connection lost,
       --idle passed
  130  Ctrl-C"#;

/// `nt tcp connect --help`.
pub const TCP_CONNECT: &str = r#"Bridging:
  stdin goes to the socket and the socket to stdout, byte-exact. At stdin EOF the write
  half is shut down (TLS: close_notify, then FIN) and reading goes on until the peer
  closes. When the peer closes first, what nt already read from stdin still goes out, and
  so does stdin while it keeps flowing; 100 ms without input ends it (a terminal nobody
  types on, an idle pipe). If stdin cannot be read, or sending fails while the peer is
  there, the exit says so (3 or 4) though the peer closed cleanly.
  Every resolved address is tried in order, all within --timeout (resolving, the proxy's
  handshake and the TLS handshake included). --retries waits 250 ms, 500 ms, 1 s ... (at
  most 8 s) between tries. On a terminal a line editor shows what arrives above the line
  being typed.

Port scans:
  -z HOST PORTS connects to each port (a TCP connect scan, like nmap -sT), --concurrency
  at a time, each under --timeout (default 1s), and prints the open ports in ascending
  order. Refused, reset, unreachable and timed out count as closed; a connection the
  kernel made to itself is not an open port. The first address of HOST is scanned;
  --proxy does not apply to scans.

Proxies:
  --proxy socks5://[user@]host:port (the proxy resolves names), socks5h://..., or
  http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD, never
  from the URL.

JSON:
  -z: one object per probed port, in port order: {"port":22,"open":true,"ms":0.3}.

Examples:
  nt tcp connect 127.0.0.1:12345 < file.bin
  printf 'GET / HTTP/1.0\r\n\r\n' | nt tcp connect example.org:80
  nt tcp connect -z 127.0.0.1:22 && echo open
  nt tcp connect -z 127.0.0.1 20-25,80,443
  nt tcp connect example.org:443 --tls
  nt tcp connect --proxy socks5://127.0.0.1:1080 example.org:80
  nt tcp connect unix:/tmp/nt.sock

Exit codes:
  0    the connection ended normally; -z: open (a scan: any port open)
  1    -z: closed (a scan: no port open)
  2    bad flag, ADDR or PORTS, --proxy with a scan or a unix: ADDR, unix: on Windows
  3    stdin cannot be read
  4    cannot resolve or connect, timed out, connection lost or reset, proxy unreachable
  5    certificate not trusted (its fingerprint is shown) or not the pinned one; the proxy
       refused the login
  130  Ctrl-C"#;

/// `nt chat --help`: the wire protocol, shared by serve and join.
pub const CHAT: &str = r#"Protocol:
  Every line is UTF-8 and ends in LF (a CR before it is dropped), at most --max-line bytes
  (4 KiB by default); over TLS the same lines flow inside TLS. nc, ncat or telnet is a
  working client.
  The first line a client sends is its nickname: 1 to 32 letters or digits of any script,
  _, -, . (not first: - or .); all, server, operator, admin are reserved. Nicknames that
  look alike (compared after NFKC, case folding and the Unicode confusable skeleton) are
  the same nickname. A refused one gets "[error] nick-taken" or "[error] nick-invalid" and
  the client sends another line.
  Then each line is one of:
    TEXT                  <NICK> TEXT to everyone else (never echoed to the sender)
    /msg NICK TEXT        *SENDER* TEXT to NICK only (also @NICK TEXT); /msg all TEXT
                          is a plain line
    /who                  [who] NICK NICK ..., then [info] N online
    /nick NEW             renames; everyone gets [nick] OLD NEW
    /quit                 [info] bye, then the server closes (also: closing)
    /help                 the command list as [info] lines
    //TEXT                sends /TEXT as a plain line
  Command names are case-insensitive; /m, /names, /exit, /? are aliases.
  The server sends, one per line (the --json event of chat join in brackets):
    <FROM> TEXT           message {"event":"message","from":..,"text":..}
    *FROM* TEXT           private {"event":"private","from":..,"text":..}
    [notice] TEXT         notice, from the operator
    [join] NICK           join {"nick":..}
    [leave] NICK REASON   leave {"nick":..,"reason":..}: quit, closed, connection-lost,
                          too-slow, kicked, node-lost
    [nick] OLD NEW        nick {"old":..,"new":..}
    [welcome] NICK        welcome: the nickname was accepted (always first)
    [motd] TEXT           motd
    [who] NICK...         who {"nicks":[..]}
    [info] TEXT           info
    [error] CODE TEXT     error {"code":..,"text":..}
    anything else         raw {"text":..} (another kind of server)
  Error codes: nick-taken, nick-invalid, nick-unavailable, offline, usage,
  unknown-command, too-long, bad-utf8 (the line is dropped, the session goes on); full,
  busy, timeout, kicked (sent just before the server closes the connection).
  Relayed text has control characters, bidi controls and line separators replaced by
  U+FFFD and zero-width characters removed, on the server and again in chat join.

Examples:
  nt chat serve :8888
  nt chat join 127.0.0.1:8888 --nick alice
  nc 127.0.0.1 8888

Exit codes:
  As nt chat serve --help and nt chat join --help say."#;

/// `nt chat serve --help`.
pub const CHAT_SERVE: &str = r#"The operator:
  A stdin line starting with / is a command, any other goes to everyone as [notice] TEXT:
    /who                  who is online, on stdout (--json: {"event":"who","nicks":[..]})
    /kick NICK [REASON]   NICK gets [error] kicked REASON and is disconnected
    /notice TEXT          TEXT as a notice (for one that starts with /)
  The server's stdin ending does not stop it; a stdin line is read up to 64 KiB.

Flood and slow readers:
  A sender over --rate is read more slowly (its writes wait), never cut off: a paste of
  300 lines on a default server arrives whole in about 10 s. Lines are stored once in a
  shared log; a user whose socket accepts nothing for --stall while lines wait, or whose
  backlog passes --max-backlog, is disconnected as too-slow. A line over --max-line gets
  [error] too-long, invalid UTF-8 [error] bad-utf8; the session goes on.
  The course's Python client (a nickname without newline, then to:message in GBK) is
  recognised by a 0.4 s pause after its first chunk and spoken to in its own dialect.

Cluster:
  --cluster joins one room shared by every node on one Redis 6 or 7 (keys nt:chat:*,
  channels nt:chat:room and nt:chat:to:NODE; one room per database). Lines, private
  messages, /who, joins and leaves reach every node; each node fans out to its own users.
  Nicknames are unique across nodes by a lease in Redis, renewed every third of --lease; a
  node silent for two thirds of --lease is taken for dead and its users leave as
  node-lost. When Redis goes away a node keeps serving its own users (they are told the
  room is split), refuses new nicknames with [error] nick-unavailable, and reconnects with
  backoff (0.1 s doubling to 5 s); after a split, the older of two claims to a nickname
  keeps it and the other user becomes NICK-NODE. The password comes from
  NT_REDIS_PASSWORD or the config file, never the command line. Nodes of one cluster
  should share --max-line, and their clocks should agree (NTP).
  Config ([chat] or [profile.NAME.chat]): cluster, node, lease, cluster_pin,
  cluster_insecure.

Examples:
  nt chat serve :8888
  nt chat serve 127.0.0.1:8888 --motd 'be nice' --max-clients 5000
  nt chat serve 127.0.0.1:0 --max-line 16KiB --rate 50 --burst 200
  nt chat serve :8443 --self-signed
  nt chat serve :8888 --cluster redis://10.0.0.5:6379 --node web1
  NT_REDIS_PASSWORD=pw nt chat serve :8888 --cluster rediss://chat@redis.example.org:6380/2

Exit codes:
  2    bad flag or ADDR, a password in --cluster, --node already taken in the cluster
  3    a certificate or key cannot be read
  4    cannot listen; cannot join the cluster (Redis unreachable or timed out)
  5    Redis refused the password or its certificate is not trusted
  130  Ctrl-C (the server runs until then)"#;

/// `nt chat join --help`.
pub const CHAT_JOIN: &str = r#"Session:
  On a terminal: a NAME> prompt with history, arrivals printed above it; a taken nickname
  is asked for again. From a pipe each stdin line is sent as read, and stdin is read only
  as fast as the socket takes it (a line over 64 KiB is skipped with a warning). It exits
  0 on /quit, at stdin EOF (after half-closing and printing everything up to the server's
  close, which must come within --timeout) and when the server closes. -vv traces the
  lines on stderr.
  Another kind of server (the first line after the nickname is not [welcome] or [error],
  or nothing comes for 2 s) is spoken to plainly: each stdin line is sent as it is and
  every line that arrives is a raw event. With the course's server use --encoding gbk and
  its to:message form.

Examples:
  nt chat join 127.0.0.1:8888 --nick alice
  echo '/msg bob hi' | nt chat join 127.0.0.1:8888 --nick alice
  nt --json chat join 127.0.0.1:8888 --nick bot | jq -c 'select(.event == "private")'
  nt chat join chat.example.org:8443 --nick alice --tls --pin AB:CD:EF
  nt chat join 127.0.0.1:8888 --nick alice --encoding gbk
  nt chat join chat.internal:8888 --nick alice --proxy socks5://127.0.0.1:1080

Exit codes:
  0    /quit, stdin ended, or the server closed
  2    bad nickname or flag (before connecting)
  4    cannot connect, connection lost, timed out, or disconnected by the server (full,
       busy, timeout, kicked)
  5    certificate not trusted (its fingerprint is shown) or not the pinned one
  6    the server refused the nickname (on a terminal: Ctrl-D at the new prompt) or the
       connection (full, busy)
  130  Ctrl-C"#;
