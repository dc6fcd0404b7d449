
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'nt' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'nt'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'nt' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ip', 'ip', [CompletionResultType]::ParameterValue, 'Addresses and subnets: info, split, contains, range, summarize')
            [CompletionResult]::new('udp', 'udp', [CompletionResultType]::ParameterValue, 'Send and receive UDP datagrams')
            [CompletionResult]::new('tcp', 'tcp', [CompletionResultType]::ParameterValue, 'Bridge stdin/stdout to a TCP connection (a better nc)')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'A multi-user chat over TCP')
            [CompletionResult]::new('ftp', 'ftp', [CompletionResultType]::ParameterValue, 'Files on an FTP or FTPS server')
            [CompletionResult]::new('mail', 'mail', [CompletionResultType]::ParameterValue, 'Send mail over SMTP; read it over IMAP and POP3')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the configuration file and the effective settings')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a manual page (nt(1), nt-ftp(1), nt-ftp-serve(1), ...), or write them all')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;ip' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Everything about an address and its subnet: class, mask, network, hosts, scope')
            [CompletionResult]::new('split', 'split', [CompletionResultType]::ParameterValue, 'Split a network: into subnets of one prefix, into N equal subnets, or into the smallest subnets that hold the given numbers of hosts (VLSM)')
            [CompletionResult]::new('contains', 'contains', [CompletionResultType]::ParameterValue, 'Exit 0 when every ADDR is inside CIDR, 1 otherwise')
            [CompletionResult]::new('range', 'range', [CompletionResultType]::ParameterValue, 'The smallest list of CIDRs covering FIRST-LAST')
            [CompletionResult]::new('summarize', 'summarize', [CompletionResultType]::ParameterValue, 'Merge CIDRs into the smallest equivalent list (`-` reads stdin)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;ip;info' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'With `-`: print a first line naming the tab-separated columns (not with --json, whose objects name their keys)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ip;split' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Prefix length of each subnet (0-128; at least the network''s, at most 32 for IPv4)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Number of equal subnets, at least 1 (rounded up to a power of two)')
            [CompletionResult]::new('--hosts', '--hosts', [CompletionResultType]::ParameterName, 'Hosts per subnet, comma-separated (VLSM): each at least 1, at most 65536 sizes')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ip;contains' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ip;range' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ip;summarize' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ip;help' {
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Everything about an address and its subnet: class, mask, network, hosts, scope')
            [CompletionResult]::new('split', 'split', [CompletionResultType]::ParameterValue, 'Split a network: into subnets of one prefix, into N equal subnets, or into the smallest subnets that hold the given numbers of hosts (VLSM)')
            [CompletionResult]::new('contains', 'contains', [CompletionResultType]::ParameterValue, 'Exit 0 when every ADDR is inside CIDR, 1 otherwise')
            [CompletionResult]::new('range', 'range', [CompletionResultType]::ParameterValue, 'The smallest list of CIDRs covering FIRST-LAST')
            [CompletionResult]::new('summarize', 'summarize', [CompletionResultType]::ParameterValue, 'Merge CIDRs into the smallest equivalent list (`-` reads stdin)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;ip;help;info' {
            break
        }
        'nt;ip;help;split' {
            break
        }
        'nt;ip;help;contains' {
            break
        }
        'nt;ip;help;range' {
            break
        }
        'nt;ip;help;summarize' {
            break
        }
        'nt;ip;help;help' {
            break
        }
        'nt;udp' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive datagrams and print each on its own line; lines typed on stdin go back to the last peer')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a message, or each stdin line, as datagrams')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;udp;listen' {
            [CompletionResult]::new('--echo-rate', '--echo-rate', [CompletionResultType]::ParameterName, 'With --echo: at most N echoes per second to one source, after a burst of one second''s worth')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit after N datagrams')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Exit when nothing arrives for DUR')
            [CompletionResult]::new('--join', '--join', [CompletionResultType]::ParameterName, 'Join a multicast group (class D or ff00::/8); repeatable')
            [CompletionResult]::new('--buffer', '--buffer', [CompletionResultType]::ParameterName, 'Receive buffer size (SO_RCVBUF, 1KiB-1GiB), so bursts are not lost')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Write payloads byte-exact, nothing added')
            [CompletionResult]::new('--hex', '--hex', [CompletionResultType]::ParameterName, 'Print payloads as hex')
            [CompletionResult]::new('--echo', '--echo', [CompletionResultType]::ParameterName, 'Send every datagram back to its sender (never to this listener''s own address)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;udp;send' {
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Largest datagram for --raw (1-65507 bytes)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Print replies that arrive within DUR after the last send')
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'Local address to send from')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'IP TTL / hop limit, 1-255 (also for multicast)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Send MESSAGE N times (with stdin: at most N datagrams)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most N datagrams per second (1000/s; also 5/ms, 60/m, 3600/h)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Send stdin byte-exact in chunks of up to --size bytes')
            [CompletionResult]::new('--broadcast', '--broadcast', [CompletionResultType]::ParameterName, 'Allow sending to a broadcast address')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;udp;help' {
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive datagrams and print each on its own line; lines typed on stdin go back to the last peer')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a message, or each stdin line, as datagrams')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;udp;help;listen' {
            break
        }
        'nt;udp;help;send' {
            break
        }
        'nt;udp;help;help' {
            break
        }
        'nt;tcp' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Accept a client and bridge stdin/stdout to it')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Connect and bridge stdin/stdout; at stdin EOF, half-close and read the rest')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;tcp;serve' {
            [CompletionResult]::new('--exec', '--exec', [CompletionResultType]::ParameterName, 'Run CMD for each client, the connection as its stdin and stdout (no shell: the words are split as a shell would quote them, nothing is expanded)')
            [CompletionResult]::new('--sh-exec', '--sh-exec', [CompletionResultType]::ParameterName, 'Run LINE with `sh -c` (`cmd /C` on Windows) for each client, the connection as its stdin and stdout. Whoever connects runs it: never expose a shell')
            [CompletionResult]::new('--max-clients', '--max-clients', [CompletionResultType]::ParameterName, 'At most N clients at once (default 10000; 100 with --exec/--sh-exec)')
            [CompletionResult]::new('--idle', '--idle', [CompletionResultType]::ParameterName, 'Close a connection idle for DUR')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Certificate chain (PEM)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Keep accepting clients, many at once')
            [CompletionResult]::new('--keep-open', '--keep-open', [CompletionResultType]::ParameterName, 'Keep accepting clients, many at once')
            [CompletionResult]::new('--echo', '--echo', [CompletionResultType]::ParameterName, 'Echo what each client sends back to it')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Serve TLS (with --cert and --key, or --self-signed)')
            [CompletionResult]::new('--self-signed', '--self-signed', [CompletionResultType]::ParameterName, 'Serve TLS with a throwaway self-signed certificate; its SHA-256 is printed for clients to --pin')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'Show bytes and rate on stderr (with a total and ETA when stdin is a file)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;tcp;connect' {
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Probe at most N ports at once (-z with PORTS)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up connecting after DUR (a scan: per port, default 1s)')
            [CompletionResult]::new('--idle', '--idle', [CompletionResultType]::ParameterName, 'Close when nothing moves for DUR')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry connecting up to N times, with backoff')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Bind the local end to ADDR (an IP, or IP:PORT)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'Only test that it connects: exit 0 (open) or 1 (closed); with PORTS, a scan')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Use TLS (SNI, system roots); --insecure or --pin imply it')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'Show bytes and rate on stderr (with a total and ETA when stdin is a file)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;tcp;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Accept a client and bridge stdin/stdout to it')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Connect and bridge stdin/stdout; at stdin EOF, half-close and read the rest')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;tcp;help;serve' {
            break
        }
        'nt;tcp;help;connect' {
            break
        }
        'nt;tcp;help;help' {
            break
        }
        'nt;chat' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a chat server; lines on stdin go to everyone as notices, `/who`, `/kick NICK [REASON]` and `/notice TEXT` are operator commands')
            [CompletionResult]::new('join', 'join', [CompletionResultType]::ParameterValue, 'Join a chat server: lines typed are sent, what arrives is printed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;chat;serve' {
            [CompletionResult]::new('--max-clients', '--max-clients', [CompletionResultType]::ParameterName, 'At most N connections at once (1-1000000); one more is told `[error] full` and closed')
            [CompletionResult]::new('--motd', '--motd', [CompletionResultType]::ParameterName, 'Message of the day, sent to each user on joining')
            [CompletionResult]::new('--max-line', '--max-line', [CompletionResultType]::ParameterName, 'Longest line a user may send (16 B-1MiB); a longer one is dropped with `[error] too-long`')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Lines per second one user may send on average (0 = no limit, at most 1000000). A faster sender is read more slowly, never disconnected')
            [CompletionResult]::new('--burst', '--burst', [CompletionResultType]::ParameterName, 'Lines one user may send in a burst above --rate (1-1000000)')
            [CompletionResult]::new('--max-backlog', '--max-backlog', [CompletionResultType]::ParameterName, 'Bytes waiting for one user (4KiB-1GiB); a user whose backlog passes this is disconnected as `too-slow`. Lines are shared by all queues, not copied')
            [CompletionResult]::new('--stall', '--stall', [CompletionResultType]::ParameterName, 'A user whose socket accepts nothing for this long (100ms-1h) while lines wait is disconnected as `too-slow`')
            [CompletionResult]::new('--login-timeout', '--login-timeout', [CompletionResultType]::ParameterName, 'A connection that has not chosen a nickname within this long (100ms-1h) is closed')
            [CompletionResult]::new('--max-pending', '--max-pending', [CompletionResultType]::ParameterName, 'Connections still choosing a nickname, per source address (an IPv6 /64 counts as one address; 1-1000000); one more is told `[error] busy` and closed')
            [CompletionResult]::new('--announce-max', '--announce-max', [CompletionResultType]::ParameterName, 'Joins and leaves are announced while at most N users are online (0-1000000; announcing each of ten thousand joins to everyone already there would cost fifty million lines)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Certificate chain (PEM)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM)')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Join a cluster: one room shared by every node on this Redis, redis://[user@]host[:port][/db] (rediss:// for TLS; port 6379 by default; also `[chat] cluster` in the config). The password comes from NT_REDIS_PASSWORD or the config file, never from the command line (the process list would show it), and an error about the URL never repeats it')
            [CompletionResult]::new('--node', '--node', [CompletionResultType]::ParameterName, 'This node''s name in the cluster (1-16 of a-z, 0-9, ''-''; default: random; config: [chat] node). The operator''s /who marks users by it; a user renamed after a split becomes NICK-NODE')
            [CompletionResult]::new('--lease', '--lease', [CompletionResultType]::ParameterName, 'How long a nickname lease (and a node''s heartbeat) lasts in Redis unless renewed (1s-1h; default 30s; config: [chat] lease): the users of a node that dies leave /who everywhere within it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bounds every wait on the cluster''s Redis: connect, TLS handshake, each command (1ms-24h)')
            [CompletionResult]::new('--cluster-pin', '--cluster-pin', [CompletionResultType]::ParameterName, 'rediss:// only: trust exactly Redis''s certificate with this SHA-256 fingerprint (hex, colons optional), even beside --cluster-insecure. Config: [chat] cluster_pin')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Serve TLS (with --cert/--key, or --self-signed)')
            [CompletionResult]::new('--self-signed', '--self-signed', [CompletionResultType]::ParameterName, 'Serve TLS with a throwaway self-signed certificate; its SHA-256 is printed for clients to --pin')
            [CompletionResult]::new('--cluster-insecure', '--cluster-insecure', [CompletionResultType]::ParameterName, 'rediss:// only: do not verify Redis''s certificate (a --cluster-pin is still checked). Without either, the system roots (or SSL_CERT_FILE) are trusted. Config: [chat] cluster_insecure')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;chat;join' {
            [CompletionResult]::new('--nick', '--nick', [CompletionResultType]::ParameterName, 'Your nickname (1-32 letters, digits, `_`, `-`, `.`)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bounds the connect, the TLS handshake and the wait for the server''s answer to the nickname (1ms-24h)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How lines are encoded on the wire, both ways (`utf-8`, or `gbk` for the course''s chat server; nt''s own server takes UTF-8 only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Use TLS (system roots); --insecure or --pin imply it')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;chat;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a chat server; lines on stdin go to everyone as notices, `/who`, `/kick NICK [REASON]` and `/notice TEXT` are operator commands')
            [CompletionResult]::new('join', 'join', [CompletionResultType]::ParameterValue, 'Join a chat server: lines typed are sent, what arrives is printed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;chat;help;serve' {
            break
        }
        'nt;chat;help;join' {
            break
        }
        'nt;chat;help;help' {
            break
        }
        'nt;ftp' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry a failed connect or transfer up to N times (transfers resume)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR (1ms-24h)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--limit-rate', '--limit-rate', [CompletionResultType]::ParameterName, 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s')
            [CompletionResult]::new('--max-entries', '--max-entries', [CompletionResultType]::ParameterName, 'Refuse a directory listing with more than N entries (1 to 100000000)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Active mode (PORT/EPRT) instead of passive')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List a directory (`-l` for details, from MLSD where offered)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Download a file, the files matching a pattern, or a tree with -r, each into NAME.part, renamed when complete')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Upload files (or a tree with -r); each is checked with SIZE where the server has it')
            [CompletionResult]::new('mirror', 'mirror', [CompletionResultType]::ParameterValue, 'Make a local directory a copy of a remote one (or, with --reverse, the other way): only new or changed files move')
            [CompletionResult]::new('cat', 'cat', [CompletionResultType]::ParameterValue, 'Print a remote file on stdout')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete remote files')
            [CompletionResult]::new('mv', 'mv', [CompletionResultType]::ParameterValue, 'Rename a remote file')
            [CompletionResult]::new('mkdir', 'mkdir', [CompletionResultType]::ParameterValue, 'Create a remote directory (`-p` creates parents, no error if it exists)')
            [CompletionResult]::new('rmdir', 'rmdir', [CompletionResultType]::ParameterValue, 'Remove an empty remote directory')
            [CompletionResult]::new('pwd', 'pwd', [CompletionResultType]::ParameterValue, 'Print the remote working directory')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve DIR over FTP/FTPS: anonymous and read-only unless told otherwise')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;ftp;ls' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry a failed connect or transfer up to N times (transfers resume)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR (1ms-24h)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--limit-rate', '--limit-rate', [CompletionResultType]::ParameterName, 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s')
            [CompletionResult]::new('--max-entries', '--max-entries', [CompletionResultType]::ParameterName, 'Refuse a directory listing with more than N entries (1 to 100000000)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Long listing: type, size, modification time')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Active mode (PORT/EPRT) instead of passive')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ftp;get' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry a failed connect or transfer up to N times (transfers resume)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR (1ms-24h)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--limit-rate', '--limit-rate', [CompletionResultType]::ParameterName, 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s')
            [CompletionResult]::new('--max-entries', '--max-entries', [CompletionResultType]::ParameterName, 'Refuse a directory listing with more than N entries (1 to 100000000)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Recursive')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Recursive')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Resume a partial download (LOCAL.part, else LOCAL itself) with REST')
            [CompletionResult]::new('--continue', '--continue', [CompletionResultType]::ParameterName, 'Resume a partial download (LOCAL.part, else LOCAL itself) with REST')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Active mode (PORT/EPRT) instead of passive')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ftp;put' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry a failed connect or transfer up to N times (transfers resume)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR (1ms-24h)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--limit-rate', '--limit-rate', [CompletionResultType]::ParameterName, 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s')
            [CompletionResult]::new('--max-entries', '--max-entries', [CompletionResultType]::ParameterName, 'Refuse a directory listing with more than N entries (1 to 100000000)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Recursive')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Recursive')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Active mode (PORT/EPRT) instead of passive')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ftp;mirror' {
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Transfer over N connections at once (1 to 16)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Transfer over N connections at once (1 to 16)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry a failed connect or transfer up to N times (transfers resume)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR (1ms-24h)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--limit-rate', '--limit-rate', [CompletionResultType]::ParameterName, 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s')
            [CompletionResult]::new('--max-entries', '--max-entries', [CompletionResultType]::ParameterName, 'Refuse a directory listing with more than N entries (1 to 100000000)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Upload: the source is local, the target remote')
            [CompletionResult]::new('--reverse', '--reverse', [CompletionResultType]::ParameterName, 'Upload: the source is local, the target remote')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Remove files and directories the source no longer has')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Active mode (PORT/EPRT) instead of passive')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ftp;cat' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry a failed connect or transfer up to N times (transfers resume)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR (1ms-24h)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--limit-rate', '--limit-rate', [CompletionResultType]::ParameterName, 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s')
            [CompletionResult]::new('--max-entries', '--max-entries', [CompletionResultType]::ParameterName, 'Refuse a directory listing with more than N entries (1 to 100000000)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Active mode (PORT/EPRT) instead of passive')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ftp;rm' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry a failed connect or transfer up to N times (transfers resume)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR (1ms-24h)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--limit-rate', '--limit-rate', [CompletionResultType]::ParameterName, 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s')
            [CompletionResult]::new('--max-entries', '--max-entries', [CompletionResultType]::ParameterName, 'Refuse a directory listing with more than N entries (1 to 100000000)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Active mode (PORT/EPRT) instead of passive')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ftp;mv' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry a failed connect or transfer up to N times (transfers resume)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR (1ms-24h)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--limit-rate', '--limit-rate', [CompletionResultType]::ParameterName, 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s')
            [CompletionResult]::new('--max-entries', '--max-entries', [CompletionResultType]::ParameterName, 'Refuse a directory listing with more than N entries (1 to 100000000)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Active mode (PORT/EPRT) instead of passive')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ftp;mkdir' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry a failed connect or transfer up to N times (transfers resume)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR (1ms-24h)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--limit-rate', '--limit-rate', [CompletionResultType]::ParameterName, 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s')
            [CompletionResult]::new('--max-entries', '--max-entries', [CompletionResultType]::ParameterName, 'Refuse a directory listing with more than N entries (1 to 100000000)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Create parents as needed')
            [CompletionResult]::new('--parents', '--parents', [CompletionResultType]::ParameterName, 'Create parents as needed')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Active mode (PORT/EPRT) instead of passive')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ftp;rmdir' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry a failed connect or transfer up to N times (transfers resume)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR (1ms-24h)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--limit-rate', '--limit-rate', [CompletionResultType]::ParameterName, 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s')
            [CompletionResult]::new('--max-entries', '--max-entries', [CompletionResultType]::ParameterName, 'Refuse a directory listing with more than N entries (1 to 100000000)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Active mode (PORT/EPRT) instead of passive')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ftp;pwd' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry a failed connect or transfer up to N times (transfers resume)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR (1ms-24h)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--limit-rate', '--limit-rate', [CompletionResultType]::ParameterName, 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s')
            [CompletionResult]::new('--max-entries', '--max-entries', [CompletionResultType]::ParameterName, 'Refuse a directory listing with more than N entries (1 to 100000000)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Active mode (PORT/EPRT) instead of passive')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ftp;serve' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Certificate chain (PEM)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM)')
            [CompletionResult]::new('--passive-ports', '--passive-ports', [CompletionResultType]::ParameterName, 'Ports for passive data connections')
            [CompletionResult]::new('--idle', '--idle', [CompletionResultType]::ParameterName, 'Close a session that sends no command for DUR (1s to 24h)')
            [CompletionResult]::new('--max-clients', '--max-clients', [CompletionResultType]::ParameterName, 'At most N sessions at once; more are turned away with 421')
            [CompletionResult]::new('--login-timeout', '--login-timeout', [CompletionResultType]::ParameterName, 'Close a session that has not logged in within DUR (1s to 1h) with 421')
            [CompletionResult]::new('--max-pending', '--max-pending', [CompletionResultType]::ParameterName, 'Sessions not yet logged in, per source address (1-10000); one more is told 421 and closed')
            [CompletionResult]::new('--max-upload', '--max-upload', [CompletionResultType]::ParameterName, 'The largest file an upload may leave (with --write); past it the upload is cut with 552 and its file removed. Anonymous --write lets anyone fill the disk up to this, file after file: give anonymous write only where that is fine')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'User name (default: from the URL, ~/.netrc, the config''s [ftp] user, else anonymous)')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry a failed connect or transfer up to N times (transfers resume)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR (1ms-24h)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--limit-rate', '--limit-rate', [CompletionResultType]::ParameterName, 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s')
            [CompletionResult]::new('--max-entries', '--max-entries', [CompletionResultType]::ParameterName, 'Refuse a directory listing with more than N entries (1 to 100000000)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Allow uploads, deletes, renames and directories (STOR, APPE, DELE, RNFR/RNTO, MKD, RMD)')
            [CompletionResult]::new('--self-signed', '--self-signed', [CompletionResultType]::ParameterName, 'Serve TLS with a throwaway self-signed certificate; its SHA-256 is printed for clients to --pin')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Active mode (PORT/EPRT) instead of passive')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;ftp;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List a directory (`-l` for details, from MLSD where offered)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Download a file, the files matching a pattern, or a tree with -r, each into NAME.part, renamed when complete')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Upload files (or a tree with -r); each is checked with SIZE where the server has it')
            [CompletionResult]::new('mirror', 'mirror', [CompletionResultType]::ParameterValue, 'Make a local directory a copy of a remote one (or, with --reverse, the other way): only new or changed files move')
            [CompletionResult]::new('cat', 'cat', [CompletionResultType]::ParameterValue, 'Print a remote file on stdout')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete remote files')
            [CompletionResult]::new('mv', 'mv', [CompletionResultType]::ParameterValue, 'Rename a remote file')
            [CompletionResult]::new('mkdir', 'mkdir', [CompletionResultType]::ParameterValue, 'Create a remote directory (`-p` creates parents, no error if it exists)')
            [CompletionResult]::new('rmdir', 'rmdir', [CompletionResultType]::ParameterValue, 'Remove an empty remote directory')
            [CompletionResult]::new('pwd', 'pwd', [CompletionResultType]::ParameterValue, 'Print the remote working directory')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve DIR over FTP/FTPS: anonymous and read-only unless told otherwise')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;ftp;help;ls' {
            break
        }
        'nt;ftp;help;get' {
            break
        }
        'nt;ftp;help;put' {
            break
        }
        'nt;ftp;help;mirror' {
            break
        }
        'nt;ftp;help;cat' {
            break
        }
        'nt;ftp;help;rm' {
            break
        }
        'nt;ftp;help;mv' {
            break
        }
        'nt;ftp;help;mkdir' {
            break
        }
        'nt;ftp;help;rmdir' {
            break
        }
        'nt;ftp;help;pwd' {
            break
        }
        'nt;ftp;help;serve' {
            break
        }
        'nt;ftp;help;help' {
            break
        }
        'nt;mail' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Build a message (text, HTML, inline images, attachments) and send it over SMTP')
            [CompletionResult]::new('catch', 'catch', [CompletionResultType]::ParameterValue, 'Run a local SMTP server that keeps every message it receives (a mail catcher)')
            [CompletionResult]::new('folders', 'folders', [CompletionResultType]::ParameterValue, 'List the folders of an IMAP account: name, flags, messages and unseen')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the messages of a folder (IMAP) or a POP3 mailbox, one line each')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Read messages by UID: a readable view, the raw bytes, files, attachments')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Wait for new mail and report each new message once (IMAP IDLE, POP3 polling)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;mail;send' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Recipient, `a@b` or `Name <a@b>`; several with commas or by repeating (default: the config''s to; with --eml: the message''s To, Cc and Bcc)')
            [CompletionResult]::new('--cc', '--cc', [CompletionResultType]::ParameterName, 'Carbon-copy recipient (commas or repeatable)')
            [CompletionResult]::new('--bcc', '--bcc', [CompletionResultType]::ParameterName, 'Blind-copy recipient (commas or repeatable; in the envelope, never in the headers)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Sender (default: the config''s from, else a login that is an address; with --eml: the message''s From)')
            [CompletionResult]::new('--reply-to', '--reply-to', [CompletionResultType]::ParameterName, 'Reply-To address')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Subject (UTF-8; encoded per RFC 2047 where needed)')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Body text')
            [CompletionResult]::new('--eml', '--eml', [CompletionResultType]::ParameterName, 'Send a prepared RFC 5322 message as it is (`-` for stdin); the envelope comes from its From/To/Cc/Bcc unless --from/--to are given; its Bcc field is not sent')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'Body text from a file (`-` for stdin)')
            [CompletionResult]::new('--html', '--html', [CompletionResultType]::ParameterName, 'HTML body from a file')
            [CompletionResult]::new('--inline', '--inline', [CompletionResultType]::ParameterName, 'Inline image for the HTML, referenced as cid:CID (default CID: the file name; repeatable)')
            [CompletionResult]::new('--attach', '--attach', [CompletionResultType]::ParameterName, 'Attach a file, base64, MIME type from its name (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra header "Name: value" (repeatable)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'SMTP server, HOST or HOST:PORT (default: the config''s server, else the recipient domain''s MX)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'SMTP server port (default 587 with STARTTLS, 465 with TLS, 25 with off and for MX delivery). Config: [mail] port')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'TLS mode (default: starttls, or tls on port 465). Config: [mail] tls')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Login name for AUTH (config: [mail] user); the password comes from NT_SMTP_PASSWORD, ~/.netrc, password_command or a prompt')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry connecting up to N times, with backoff')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a connect, a TLS handshake or any reply after this long')
            [CompletionResult]::new('--ehlo', '--ehlo', [CompletionResultType]::ParameterName, 'The name nt gives itself in EHLO (default: this host''s name)')
            [CompletionResult]::new('--dns', '--dns', [CompletionResultType]::ParameterName, 'DNS server for MX delivery, IP[:PORT] (default: the system''s resolver)')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--save', '--save', [CompletionResultType]::ParameterName, 'Also save the message to FILE (an .eml file)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the whole message (envelope on stderr) and do not connect')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;mail;catch' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on')
            [CompletionResult]::new('--reject', '--reject', [CompletionResultType]::ParameterName, 'Refuse recipients matching this glob with 550 (`*` any run, `?` one character, no case; repeatable), e.g. ''*@spam.test''')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit after N messages')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Refuse messages larger than this with 552 (advertised as SIZE)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Certificate chain (PEM)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key (PEM)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Close a connection whose client says nothing for this long')
            [CompletionResult]::new('--login-timeout', '--login-timeout', [CompletionResultType]::ParameterName, 'A client that has not said EHLO or HELO (POP3: logged in) this long after it connected is closed (100ms-1h; long enough to type at telnet)')
            [CompletionResult]::new('--max-clients', '--max-clients', [CompletionResultType]::ParameterName, 'Clients served at once (--pop3 has as many of its own); one more is told 421 (POP3: -ERR [SYS/TEMP]) and closed')
            [CompletionResult]::new('--max-pending', '--max-pending', [CompletionResultType]::ParameterName, 'Connections from one address (an IPv6 /64 counts as one) that have not yet given a recipient (POP3: logged in), 1-10000; one more is told 421 (POP3: -ERR) and closed')
            [CompletionResult]::new('--max-recipients', '--max-recipients', [CompletionResultType]::ParameterName, 'Recipients accepted per message (RFC 5321 asks for at least 100)')
            [CompletionResult]::new('--pop3', '--pop3', [CompletionResultType]::ParameterName, 'Also serve the caught messages over POP3 on ADDR (needs DIR and --user; STLS when TLS is on, and then the password only after STLS)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The POP3 login; its password comes from NT_POP3_PASSWORD, else a prompt')
            [CompletionResult]::new('--web', '--web', [CompletionResultType]::ParameterName, 'Also serve a web page and a mailpit-compatible JSON API (/api/v1/...) over DIR on ADDR (default 127.0.0.1:8025; needs DIR, given before --web). Live updates, search, delete; HTML mail in a sandboxed frame that loads nothing remote unless asked')
            [CompletionResult]::new('--web-user', '--web-user', [CompletionResultType]::ParameterName, 'The login --web asks for (HTTP Basic; needed for a non-loopback --web address); its password comes from NT_WEB_PASSWORD, else a prompt')
            [CompletionResult]::new('--web-cert', '--web-cert', [CompletionResultType]::ParameterName, 'Serve --web over HTTPS with this certificate chain (PEM); without it, --web uses HTTPS when the catcher has --cert/--key or --self-signed')
            [CompletionResult]::new('--web-key', '--web-key', [CompletionResultType]::ParameterName, 'The private key (PEM) of --web-cert')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Offer STARTTLS (needs --cert/--key or --self-signed)')
            [CompletionResult]::new('--self-signed', '--self-signed', [CompletionResultType]::ParameterName, 'Serve TLS with a throwaway self-signed certificate; its SHA-256 is printed for clients to --pin')
            [CompletionResult]::new('--web-insecure', '--web-insecure', [CompletionResultType]::ParameterName, 'Allow --web-user over plain HTTP (the password then travels in clear text)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;mail;folders' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Folder (default: the URL''s, else INBOX). UTF-8 as typed')
            [CompletionResult]::new('--folder', '--folder', [CompletionResultType]::ParameterName, 'Folder (default: the URL''s, else INBOX). UTF-8 as typed')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Login name (default: the URL''s user, the config''s user, else ~/.netrc). The password comes from NT_IMAP_PASSWORD / NT_POP3_PASSWORD, NT_MAIL_PASSWORD, ~/.netrc, password_command or a prompt')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'TLS mode (default: tls for imaps://, pop3s:// and ports 993/995, else starttls)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--oauth2-token-command', '--oauth2-token-command', [CompletionResultType]::ParameterName, 'Log in with XOAUTH2; CMD (run with sh -c; cmd /C on Windows) prints the access token. It is run again, and the login retried once, when the server rejects the token. Config: [mail] oauth2_token_command')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR')
            [CompletionResult]::new('--buffer', '--buffer', [CompletionResultType]::ParameterName, 'The most one server answer may hold in memory (64KiB-1GiB); bigger messages are fetched in pieces of this size')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;mail;list' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Folder (default: the URL''s, else INBOX). UTF-8 as typed')
            [CompletionResult]::new('--folder', '--folder', [CompletionResultType]::ParameterName, 'Folder (default: the URL''s, else INBOX). UTF-8 as typed')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Login name (default: the URL''s user, the config''s user, else ~/.netrc). The password comes from NT_IMAP_PASSWORD / NT_POP3_PASSWORD, NT_MAIL_PASSWORD, ~/.netrc, password_command or a prompt')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'TLS mode (default: tls for imaps://, pop3s:// and ports 993/995, else starttls)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--oauth2-token-command', '--oauth2-token-command', [CompletionResultType]::ParameterName, 'Log in with XOAUTH2; CMD (run with sh -c; cmd /C on Windows) prints the access token. It is run again, and the login retried once, when the server rejects the token. Config: [mail] oauth2_token_command')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR')
            [CompletionResult]::new('--buffer', '--buffer', [CompletionResultType]::ParameterName, 'The most one server answer may hold in memory (64KiB-1GiB); bigger messages are fetched in pieces of this size')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only messages since DATE: YYYY-MM-DD, or an age such as 7d, 12h')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Only messages whose From contains TEXT')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Only messages whose Subject contains TEXT')
            [CompletionResult]::new('--search', '--search', [CompletionResultType]::ParameterName, 'An IMAP SEARCH expression, sent as written (IMAP), e.g. ''OR FLAGGED LARGER 100000''')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show only the newest N messages (1-1000000)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--unseen', '--unseen', [CompletionResultType]::ParameterName, 'Only messages without \Seen (IMAP)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;mail;get' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Folder (default: the URL''s, else INBOX). UTF-8 as typed')
            [CompletionResult]::new('--folder', '--folder', [CompletionResultType]::ParameterName, 'Folder (default: the URL''s, else INBOX). UTF-8 as typed')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Login name (default: the URL''s user, the config''s user, else ~/.netrc). The password comes from NT_IMAP_PASSWORD / NT_POP3_PASSWORD, NT_MAIL_PASSWORD, ~/.netrc, password_command or a prompt')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'TLS mode (default: tls for imaps://, pop3s:// and ports 993/995, else starttls)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--oauth2-token-command', '--oauth2-token-command', [CompletionResultType]::ParameterName, 'Log in with XOAUTH2; CMD (run with sh -c; cmd /C on Windows) prints the access token. It is run again, and the login retried once, when the server rejects the token. Config: [mail] oauth2_token_command')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR')
            [CompletionResult]::new('--buffer', '--buffer', [CompletionResultType]::ParameterName, 'The most one server answer may hold in memory (64KiB-1GiB); bigger messages are fetched in pieces of this size')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Save each message as DIR/UID.eml (raw bytes, .part then renamed)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Save each message as DIR/UID.eml (raw bytes, .part then renamed)')
            [CompletionResult]::new('--save-attachments', '--save-attachments', [CompletionResultType]::ParameterName, 'Save the attachments into DIR under safe names (never outside DIR, never over a file)')
            [CompletionResult]::new('--max-message', '--max-message', [CompletionResultType]::ParameterName, 'The largest message shown or split into attachments in memory (1MiB-4GiB). -o DIR and --raw stream a bigger one up to the size the server announced (plus 1/8 and 1MiB); past both, nt stops with exit 6 and keeps no file')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every message of the folder')
            [CompletionResult]::new('--unseen', '--unseen', [CompletionResultType]::ParameterName, 'Every message without \Seen (IMAP)')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Write the exact message bytes (to stdout, or files with -o)')
            [CompletionResult]::new('--mark-read', '--mark-read', [CompletionResultType]::ParameterName, 'Mark the messages read (\Seen) after reading them (IMAP)')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete each message from the server once it is saved (needs -o DIR)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;mail;watch' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Folder (default: the URL''s, else INBOX). UTF-8 as typed')
            [CompletionResult]::new('--folder', '--folder', [CompletionResultType]::ParameterName, 'Folder (default: the URL''s, else INBOX). UTF-8 as typed')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Login name (default: the URL''s user, the config''s user, else ~/.netrc). The password comes from NT_IMAP_PASSWORD / NT_POP3_PASSWORD, NT_MAIL_PASSWORD, ~/.netrc, password_command or a prompt')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'TLS mode (default: tls for imaps://, pop3s:// and ports 993/995, else starttls)')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure')
            [CompletionResult]::new('--proxy', '--proxy', [CompletionResultType]::ParameterName, 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD')
            [CompletionResult]::new('--oauth2-token-command', '--oauth2-token-command', [CompletionResultType]::ParameterName, 'Log in with XOAUTH2; CMD (run with sh -c; cmd /C on Windows) prints the access token. It is run again, and the login retried once, when the server rejects the token. Config: [mail] oauth2_token_command')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when connecting or when the server is silent for DUR')
            [CompletionResult]::new('--buffer', '--buffer', [CompletionResultType]::ParameterName, 'The most one server answer may hold in memory (64KiB-1GiB); bigger messages are fetched in pieces of this size')
            [CompletionResult]::new('--exec', '--exec', [CompletionResultType]::ParameterName, 'Run CMD (sh -c; cmd /C on Windows) for each new message, the message on stdin; NT_MAIL_UID and NT_MAIL_FOLDER are set')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'How often POP3 is polled (100ms-24h)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit after N new messages (1-1000000)')
            [CompletionResult]::new('--max-message', '--max-message', [CompletionResultType]::ParameterName, 'The largest message given to --exec (1MiB-4GiB)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server certificate (a --pin is still checked)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;mail;help' {
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Build a message (text, HTML, inline images, attachments) and send it over SMTP')
            [CompletionResult]::new('catch', 'catch', [CompletionResultType]::ParameterValue, 'Run a local SMTP server that keeps every message it receives (a mail catcher)')
            [CompletionResult]::new('folders', 'folders', [CompletionResultType]::ParameterValue, 'List the folders of an IMAP account: name, flags, messages and unseen')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the messages of a folder (IMAP) or a POP3 mailbox, one line each')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Read messages by UID: a readable view, the raw bytes, files, attachments')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Wait for new mail and report each new message once (IMAP IDLE, POP3 polling)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;mail;help;send' {
            break
        }
        'nt;mail;help;catch' {
            break
        }
        'nt;mail;help;folders' {
            break
        }
        'nt;mail;help;list' {
            break
        }
        'nt;mail;help;get' {
            break
        }
        'nt;mail;help;watch' {
            break
        }
        'nt;mail;help;help' {
            break
        }
        'nt;config' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective settings (flags aside), secrets masked')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the path of the config file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;config;show' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;config;path' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective settings (flags aside), secrets masked')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the path of the config file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;config;help;show' {
            break
        }
        'nt;config;help;path' {
            break
        }
        'nt;config;help;help' {
            break
        }
        'nt;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write every page into DIR (made when missing) as nt.1, nt-ftp.1, nt-ftp-serve.1, ...')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use the named [profile.NAME] section of the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine-readable output: one JSON document, or JSON Lines for streams')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors (data on stdout is unaffected)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more). Secrets are never printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'nt;help' {
            [CompletionResult]::new('ip', 'ip', [CompletionResultType]::ParameterValue, 'Addresses and subnets: info, split, contains, range, summarize')
            [CompletionResult]::new('udp', 'udp', [CompletionResultType]::ParameterValue, 'Send and receive UDP datagrams')
            [CompletionResult]::new('tcp', 'tcp', [CompletionResultType]::ParameterValue, 'Bridge stdin/stdout to a TCP connection (a better nc)')
            [CompletionResult]::new('chat', 'chat', [CompletionResultType]::ParameterValue, 'A multi-user chat over TCP')
            [CompletionResult]::new('ftp', 'ftp', [CompletionResultType]::ParameterValue, 'Files on an FTP or FTPS server')
            [CompletionResult]::new('mail', 'mail', [CompletionResultType]::ParameterValue, 'Send mail over SMTP; read it over IMAP and POP3')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the configuration file and the effective settings')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a manual page (nt(1), nt-ftp(1), nt-ftp-serve(1), ...), or write them all')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'nt;help;ip' {
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Everything about an address and its subnet: class, mask, network, hosts, scope')
            [CompletionResult]::new('split', 'split', [CompletionResultType]::ParameterValue, 'Split a network: into subnets of one prefix, into N equal subnets, or into the smallest subnets that hold the given numbers of hosts (VLSM)')
            [CompletionResult]::new('contains', 'contains', [CompletionResultType]::ParameterValue, 'Exit 0 when every ADDR is inside CIDR, 1 otherwise')
            [CompletionResult]::new('range', 'range', [CompletionResultType]::ParameterValue, 'The smallest list of CIDRs covering FIRST-LAST')
            [CompletionResult]::new('summarize', 'summarize', [CompletionResultType]::ParameterValue, 'Merge CIDRs into the smallest equivalent list (`-` reads stdin)')
            break
        }
        'nt;help;ip;info' {
            break
        }
        'nt;help;ip;split' {
            break
        }
        'nt;help;ip;contains' {
            break
        }
        'nt;help;ip;range' {
            break
        }
        'nt;help;ip;summarize' {
            break
        }
        'nt;help;udp' {
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive datagrams and print each on its own line; lines typed on stdin go back to the last peer')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a message, or each stdin line, as datagrams')
            break
        }
        'nt;help;udp;listen' {
            break
        }
        'nt;help;udp;send' {
            break
        }
        'nt;help;tcp' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Accept a client and bridge stdin/stdout to it')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Connect and bridge stdin/stdout; at stdin EOF, half-close and read the rest')
            break
        }
        'nt;help;tcp;serve' {
            break
        }
        'nt;help;tcp;connect' {
            break
        }
        'nt;help;chat' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a chat server; lines on stdin go to everyone as notices, `/who`, `/kick NICK [REASON]` and `/notice TEXT` are operator commands')
            [CompletionResult]::new('join', 'join', [CompletionResultType]::ParameterValue, 'Join a chat server: lines typed are sent, what arrives is printed')
            break
        }
        'nt;help;chat;serve' {
            break
        }
        'nt;help;chat;join' {
            break
        }
        'nt;help;ftp' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List a directory (`-l` for details, from MLSD where offered)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Download a file, the files matching a pattern, or a tree with -r, each into NAME.part, renamed when complete')
            [CompletionResult]::new('put', 'put', [CompletionResultType]::ParameterValue, 'Upload files (or a tree with -r); each is checked with SIZE where the server has it')
            [CompletionResult]::new('mirror', 'mirror', [CompletionResultType]::ParameterValue, 'Make a local directory a copy of a remote one (or, with --reverse, the other way): only new or changed files move')
            [CompletionResult]::new('cat', 'cat', [CompletionResultType]::ParameterValue, 'Print a remote file on stdout')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete remote files')
            [CompletionResult]::new('mv', 'mv', [CompletionResultType]::ParameterValue, 'Rename a remote file')
            [CompletionResult]::new('mkdir', 'mkdir', [CompletionResultType]::ParameterValue, 'Create a remote directory (`-p` creates parents, no error if it exists)')
            [CompletionResult]::new('rmdir', 'rmdir', [CompletionResultType]::ParameterValue, 'Remove an empty remote directory')
            [CompletionResult]::new('pwd', 'pwd', [CompletionResultType]::ParameterValue, 'Print the remote working directory')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve DIR over FTP/FTPS: anonymous and read-only unless told otherwise')
            break
        }
        'nt;help;ftp;ls' {
            break
        }
        'nt;help;ftp;get' {
            break
        }
        'nt;help;ftp;put' {
            break
        }
        'nt;help;ftp;mirror' {
            break
        }
        'nt;help;ftp;cat' {
            break
        }
        'nt;help;ftp;rm' {
            break
        }
        'nt;help;ftp;mv' {
            break
        }
        'nt;help;ftp;mkdir' {
            break
        }
        'nt;help;ftp;rmdir' {
            break
        }
        'nt;help;ftp;pwd' {
            break
        }
        'nt;help;ftp;serve' {
            break
        }
        'nt;help;mail' {
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Build a message (text, HTML, inline images, attachments) and send it over SMTP')
            [CompletionResult]::new('catch', 'catch', [CompletionResultType]::ParameterValue, 'Run a local SMTP server that keeps every message it receives (a mail catcher)')
            [CompletionResult]::new('folders', 'folders', [CompletionResultType]::ParameterValue, 'List the folders of an IMAP account: name, flags, messages and unseen')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the messages of a folder (IMAP) or a POP3 mailbox, one line each')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Read messages by UID: a readable view, the raw bytes, files, attachments')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Wait for new mail and report each new message once (IMAP IDLE, POP3 polling)')
            break
        }
        'nt;help;mail;send' {
            break
        }
        'nt;help;mail;catch' {
            break
        }
        'nt;help;mail;folders' {
            break
        }
        'nt;help;mail;list' {
            break
        }
        'nt;help;mail;get' {
            break
        }
        'nt;help;mail;watch' {
            break
        }
        'nt;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective settings (flags aside), secrets masked')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the path of the config file')
            break
        }
        'nt;help;config;show' {
            break
        }
        'nt;help;config;path' {
            break
        }
        'nt;help;completions' {
            break
        }
        'nt;help;man' {
            break
        }
        'nt;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
