
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
            cand split 'Split a network into subnets of a longer prefix, or into N equal subnets'
            cand contains 'Exit 0 when every ADDR is inside CIDR, 1 otherwise'
            cand range 'The smallest list of CIDRs covering FIRST-LAST'
            cand summarize 'Merge CIDRs into the smallest equivalent list (`-` reads stdin)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;ip;info'= {
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
        &'nt;ip;split'= {
            cand --prefix 'Prefix length of each subnet'
            cand --count 'Number of subnets (rounded up to a power of two)'
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
        }
        &'nt;ip;contains'= {
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
        }
        &'nt;ip;range'= {
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
        }
        &'nt;ip;summarize'= {
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
        }
        &'nt;ip;help'= {
            cand info 'Everything about an address and its subnet: class, mask, network, hosts, scope'
            cand split 'Split a network into subnets of a longer prefix, or into N equal subnets'
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
            cand --count 'Exit after N datagrams'
            cand --timeout 'Exit when nothing arrives for DUR'
            cand --join 'Join a multicast group (class D or ff00::/8); repeatable'
            cand --buffer 'Receive buffer size (SO_RCVBUF), so bursts are not lost'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand --raw 'Write payloads byte-exact, nothing added'
            cand --hex 'Print payloads as hex'
            cand --echo 'Send every datagram back to its sender'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;udp;send'= {
            cand --size 'Largest datagram for --raw'
            cand --wait 'Print replies that arrive within DUR after the last send'
            cand --bind 'Local address to send from'
            cand --ttl 'IP TTL / hop limit (also for multicast)'
            cand --count 'Send MESSAGE N times'
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
            cand -h 'Print help'
            cand --help 'Print help'
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
            cand --max-clients 'At most N clients at once'
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
            cand --progress 'Show bytes and rate on stderr'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'nt;tcp;connect'= {
            cand --timeout 'Give up connecting after DUR'
            cand --idle 'Close when nothing moves for DUR'
            cand --retries 'Retry connecting up to N times, with backoff'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand -z 'Only test that it connects: exit 0 (open) or 1 (closed)'
            cand --tls 'Use TLS (SNI, system roots); --insecure or --pin imply it'
            cand --insecure 'Do not verify the server certificate (a --pin is still checked)'
            cand --progress 'Show bytes and rate on stderr'
            cand --json 'Machine-readable output: one JSON document, or JSON Lines for streams'
            cand -q 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand --quiet 'Say nothing on stderr but errors (data on stdout is unaffected)'
            cand -v 'Say more on stderr (repeat for more). Secrets are never printed'
            cand --verbose 'Say more on stderr (repeat for more). Secrets are never printed'
            cand -h 'Print help'
            cand --help 'Print help'
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
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Run a chat server; lines on stdin go to everyone as notices'
            cand join 'Join a chat server: lines typed are sent, what arrives is printed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;chat;serve'= {
            cand --max-clients 'At most N connections at once; one more is told `[error] full` and closed'
            cand --motd 'Message of the day, sent to each user on joining'
            cand --max-line 'Longest line a user may send; a longer one is dropped with `[error] too-long`'
            cand --queue 'Lines waiting for one user; a user whose queue fills (it stopped reading) is disconnected so it never slows anyone else'
            cand --rate 'Lines per second one user may send on average (0 = no limit); more is a flood and disconnects that user with `[error] flood`'
            cand --burst 'Lines one user may send in a burst above --rate'
            cand --announce-max 'Joins and leaves are announced while at most N users are online (announcing each of ten thousand joins to everyone already there would cost fifty million lines)'
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
        }
        &'nt;chat;join'= {
            cand --nick 'Your nickname (1-32 letters, digits, `_`, `-`, `.`)'
            cand --timeout 'Give up connecting after this long'
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
        }
        &'nt;chat;help'= {
            cand serve 'Run a chat server; lines on stdin go to everyone as notices'
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
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS)'
            cand --user 'User name (default: from the URL, ~/.netrc, the config, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
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
            cand get 'Download a file (or a tree with -r) into LOCAL.part, renamed when complete'
            cand put 'Upload a file (or a tree with -r); checked with SIZE where the server has it'
            cand cat 'Print a remote file on stdout'
            cand rm 'Delete remote files'
            cand mv 'Rename a remote file'
            cand mkdir 'Create a remote directory (`-p` creates parents, no error if it exists)'
            cand rmdir 'Remove an empty remote directory'
            cand pwd 'Print the remote working directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;ftp;ls'= {
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS)'
            cand --user 'User name (default: from the URL, ~/.netrc, the config, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
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
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS)'
            cand --user 'User name (default: from the URL, ~/.netrc, the config, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
            cand --color 'When to use color'
            cand --profile 'Use the named [profile.NAME] section of the config file'
            cand -r 'Recursive'
            cand --recursive 'Recursive'
            cand -c 'Resume a partial download (LOCAL.part) with REST'
            cand --continue 'Resume a partial download (LOCAL.part) with REST'
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
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS)'
            cand --user 'User name (default: from the URL, ~/.netrc, the config, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
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
        &'nt;ftp;cat'= {
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS)'
            cand --user 'User name (default: from the URL, ~/.netrc, the config, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
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
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS)'
            cand --user 'User name (default: from the URL, ~/.netrc, the config, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
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
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS)'
            cand --user 'User name (default: from the URL, ~/.netrc, the config, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
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
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS)'
            cand --user 'User name (default: from the URL, ~/.netrc, the config, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
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
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS)'
            cand --user 'User name (default: from the URL, ~/.netrc, the config, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
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
            cand --host 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS)'
            cand --user 'User name (default: from the URL, ~/.netrc, the config, else anonymous)'
            cand --tls 'Explicit TLS (AUTH TLS): auto uses it where offered'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry a failed connect or transfer up to N times (transfers resume)'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
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
        &'nt;ftp;help'= {
            cand ls 'List a directory (`-l` for details, from MLSD where offered)'
            cand get 'Download a file (or a tree with -r) into LOCAL.part, renamed when complete'
            cand put 'Upload a file (or a tree with -r); checked with SIZE where the server has it'
            cand cat 'Print a remote file on stdout'
            cand rm 'Delete remote files'
            cand mv 'Rename a remote file'
            cand mkdir 'Create a remote directory (`-p` creates parents, no error if it exists)'
            cand rmdir 'Remove an empty remote directory'
            cand pwd 'Print the remote working directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;ftp;help;ls'= {
        }
        &'nt;ftp;help;get'= {
        }
        &'nt;ftp;help;put'= {
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
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand send 'Build a message (text, HTML, inline images, attachments) and send it over SMTP'
            cand folders 'List the folders of an IMAP account: name, flags, messages and unseen'
            cand list 'List the messages of a folder (IMAP) or a POP3 mailbox, one line each'
            cand get 'Read messages by UID: a readable view, the raw bytes, files, attachments'
            cand watch 'Wait for new mail and report each new message once (IMAP IDLE, POP3 polling)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;mail;send'= {
            cand --to 'Recipient, `a@b` or `Name <a@b>` (repeatable; default: the config''s to)'
            cand --cc 'Carbon-copy recipient (repeatable)'
            cand --bcc 'Blind-copy recipient (repeatable; in the envelope, never in the headers)'
            cand --from 'Sender (default: the config''s from, else a login that is an address)'
            cand --reply-to 'Reply-To address'
            cand --subject 'Subject (UTF-8; encoded per RFC 2047 where needed)'
            cand --body 'Body text'
            cand --body-file 'Body text from a file (`-` for stdin)'
            cand --html 'HTML body from a file'
            cand --inline 'Inline image for the HTML, referenced as cid:CID (default CID: the file name; repeatable)'
            cand --attach 'Attach a file, base64, MIME type from its name (repeatable)'
            cand --header 'Extra header "Name: value" (repeatable)'
            cand --server 'SMTP server, HOST or HOST:PORT'
            cand --port 'SMTP server port (default 587 with STARTTLS, 465 with TLS, 25 with off)'
            cand --tls 'TLS mode (default: starttls, or tls on port 465)'
            cand --user 'Login name for AUTH; the password comes from NT_SMTP_PASSWORD, ~/.netrc, password_command or a prompt'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --retries 'Retry connecting up to N times, with backoff'
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
        &'nt;mail;folders'= {
            cand -f 'Folder (default: the URL''s, else INBOX). UTF-8 as typed'
            cand --folder 'Folder (default: the URL''s, else INBOX). UTF-8 as typed'
            cand --user 'Login name (default: the URL''s user, the config''s user, else ~/.netrc). The password comes from NT_IMAP_PASSWORD / NT_POP3_PASSWORD, NT_MAIL_PASSWORD, ~/.netrc, password_command or a prompt'
            cand --tls 'TLS mode (default: tls for imaps://, pop3s:// and ports 993/995, else starttls)'
            cand --pin 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure'
            cand --proxy 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD'
            cand --oauth2-token-command 'Log in with XOAUTH2; CMD (run with sh -c) prints the access token. It is run again, and the login retried once, when the server rejects the token'
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
            cand --oauth2-token-command 'Log in with XOAUTH2; CMD (run with sh -c) prints the access token. It is run again, and the login retried once, when the server rejects the token'
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
            cand --oauth2-token-command 'Log in with XOAUTH2; CMD (run with sh -c) prints the access token. It is run again, and the login retried once, when the server rejects the token'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
            cand --buffer 'The most one server answer may hold in memory (64KiB-1GiB); bigger messages are fetched in pieces of this size'
            cand -o 'Save each message as DIR/UID.eml (raw bytes, .part then renamed)'
            cand --output 'Save each message as DIR/UID.eml (raw bytes, .part then renamed)'
            cand --save-attachments 'Save the attachments into DIR under safe names (never outside DIR, never over a file)'
            cand --max-message 'The largest message shown or split into attachments in memory (1MiB-4GiB; -o DIR streams any size)'
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
            cand --oauth2-token-command 'Log in with XOAUTH2; CMD (run with sh -c) prints the access token. It is run again, and the login retried once, when the server rejects the token'
            cand --timeout 'Give up when connecting or when the server is silent for DUR'
            cand --buffer 'The most one server answer may hold in memory (64KiB-1GiB); bigger messages are fetched in pieces of this size'
            cand --exec 'Run CMD (sh -c) for each new message, the message on stdin; NT_MAIL_UID and NT_MAIL_FOLDER are set'
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
            cand folders 'List the folders of an IMAP account: name, flags, messages and unseen'
            cand list 'List the messages of a folder (IMAP) or a POP3 mailbox, one line each'
            cand get 'Read messages by UID: a readable view, the raw bytes, files, attachments'
            cand watch 'Wait for new mail and report each new message once (IMAP IDLE, POP3 polling)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;mail;help;send'= {
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
            cand -h 'Print help'
            cand --help 'Print help'
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
            cand -h 'Print help'
            cand --help 'Print help'
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
            cand -h 'Print help'
            cand --help 'Print help'
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
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'nt;help;ip'= {
            cand info 'Everything about an address and its subnet: class, mask, network, hosts, scope'
            cand split 'Split a network into subnets of a longer prefix, or into N equal subnets'
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
            cand serve 'Run a chat server; lines on stdin go to everyone as notices'
            cand join 'Join a chat server: lines typed are sent, what arrives is printed'
        }
        &'nt;help;chat;serve'= {
        }
        &'nt;help;chat;join'= {
        }
        &'nt;help;ftp'= {
            cand ls 'List a directory (`-l` for details, from MLSD where offered)'
            cand get 'Download a file (or a tree with -r) into LOCAL.part, renamed when complete'
            cand put 'Upload a file (or a tree with -r); checked with SIZE where the server has it'
            cand cat 'Print a remote file on stdout'
            cand rm 'Delete remote files'
            cand mv 'Rename a remote file'
            cand mkdir 'Create a remote directory (`-p` creates parents, no error if it exists)'
            cand rmdir 'Remove an empty remote directory'
            cand pwd 'Print the remote working directory'
        }
        &'nt;help;ftp;ls'= {
        }
        &'nt;help;ftp;get'= {
        }
        &'nt;help;ftp;put'= {
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
        &'nt;help;mail'= {
            cand send 'Build a message (text, HTML, inline images, attachments) and send it over SMTP'
            cand folders 'List the folders of an IMAP account: name, flags, messages and unseen'
            cand list 'List the messages of a folder (IMAP) or a POP3 mailbox, one line each'
            cand get 'Read messages by UID: a readable view, the raw bytes, files, attachments'
            cand watch 'Wait for new mail and report each new message once (IMAP IDLE, POP3 polling)'
        }
        &'nt;help;mail;send'= {
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
        &'nt;help;help'= {
        }
    ]
    $completions[$command]
}
