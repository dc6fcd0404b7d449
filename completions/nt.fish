# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_nt_global_optspecs
    string join \n json q/quiet v/verbose color= profile= h/help V/version
end

function __fish_nt_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_nt_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_nt_using_subcommand
    set -l cmd (__fish_nt_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c nt -n "__fish_nt_needs_command" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_needs_command" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_needs_command" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_needs_command" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_needs_command" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_needs_command" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_needs_command" -f -a "ip" -d 'Addresses and subnets: info, split, contains, range, summarize'
complete -c nt -n "__fish_nt_needs_command" -f -a "udp" -d 'Send and receive UDP datagrams'
complete -c nt -n "__fish_nt_needs_command" -f -a "tcp" -d 'Bridge stdin/stdout to a TCP connection (a better nc)'
complete -c nt -n "__fish_nt_needs_command" -f -a "chat" -d 'A multi-user chat over TCP'
complete -c nt -n "__fish_nt_needs_command" -f -a "ftp" -d 'Files on an FTP or FTPS server'
complete -c nt -n "__fish_nt_needs_command" -f -a "mail" -d 'Send mail over SMTP; read it over IMAP and POP3'
complete -c nt -n "__fish_nt_needs_command" -f -a "config" -d 'Show the configuration file and the effective settings'
complete -c nt -n "__fish_nt_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c nt -n "__fish_nt_needs_command" -f -a "man" -d 'Print a manual page (nt(1), nt-ftp(1), nt-ftp-serve(1), ...), or write them all'
complete -c nt -n "__fish_nt_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand ip; and not __fish_seen_subcommand_from info split contains range summarize help" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ip; and not __fish_seen_subcommand_from info split contains range summarize help" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ip; and not __fish_seen_subcommand_from info split contains range summarize help" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ip; and not __fish_seen_subcommand_from info split contains range summarize help" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ip; and not __fish_seen_subcommand_from info split contains range summarize help" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ip; and not __fish_seen_subcommand_from info split contains range summarize help" -s h -l help -d 'Print help'
complete -c nt -n "__fish_nt_using_subcommand ip; and not __fish_seen_subcommand_from info split contains range summarize help" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ip; and not __fish_seen_subcommand_from info split contains range summarize help" -f -a "info" -d 'Everything about an address and its subnet: class, mask, network, hosts, scope'
complete -c nt -n "__fish_nt_using_subcommand ip; and not __fish_seen_subcommand_from info split contains range summarize help" -f -a "split" -d 'Split a network: into subnets of one prefix, into N equal subnets, or into the smallest subnets that hold the given numbers of hosts (VLSM)'
complete -c nt -n "__fish_nt_using_subcommand ip; and not __fish_seen_subcommand_from info split contains range summarize help" -f -a "contains" -d 'Exit 0 when every ADDR is inside CIDR, 1 otherwise'
complete -c nt -n "__fish_nt_using_subcommand ip; and not __fish_seen_subcommand_from info split contains range summarize help" -f -a "range" -d 'The smallest list of CIDRs covering FIRST-LAST'
complete -c nt -n "__fish_nt_using_subcommand ip; and not __fish_seen_subcommand_from info split contains range summarize help" -f -a "summarize" -d 'Merge CIDRs into the smallest equivalent list (`-` reads stdin)'
complete -c nt -n "__fish_nt_using_subcommand ip; and not __fish_seen_subcommand_from info split contains range summarize help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from info" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from info" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from info" -l header -d 'With `-`: print a first line naming the tab-separated columns (not with --json, whose objects name their keys)'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from info" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from info" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from info" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from info" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from split" -l prefix -d 'Prefix length of each subnet (0-128; at least the network\'s, at most 32 for IPv4)' -r
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from split" -l count -d 'Number of equal subnets, at least 1 (rounded up to a power of two)' -r
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from split" -l hosts -d 'Hosts per subnet, comma-separated (VLSM): each at least 1, at most 65536 sizes' -r
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from split" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from split" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from split" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from split" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from split" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from split" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from split" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from contains" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from contains" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from contains" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from contains" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from contains" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from contains" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from contains" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from range" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from range" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from range" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from range" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from range" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from range" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from range" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from summarize" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from summarize" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from summarize" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from summarize" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from summarize" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from summarize" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from summarize" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from help" -f -a "info" -d 'Everything about an address and its subnet: class, mask, network, hosts, scope'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from help" -f -a "split" -d 'Split a network: into subnets of one prefix, into N equal subnets, or into the smallest subnets that hold the given numbers of hosts (VLSM)'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from help" -f -a "contains" -d 'Exit 0 when every ADDR is inside CIDR, 1 otherwise'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from help" -f -a "range" -d 'The smallest list of CIDRs covering FIRST-LAST'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from help" -f -a "summarize" -d 'Merge CIDRs into the smallest equivalent list (`-` reads stdin)'
complete -c nt -n "__fish_nt_using_subcommand ip; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand udp; and not __fish_seen_subcommand_from listen send help" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand udp; and not __fish_seen_subcommand_from listen send help" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand udp; and not __fish_seen_subcommand_from listen send help" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand udp; and not __fish_seen_subcommand_from listen send help" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand udp; and not __fish_seen_subcommand_from listen send help" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand udp; and not __fish_seen_subcommand_from listen send help" -s h -l help -d 'Print help'
complete -c nt -n "__fish_nt_using_subcommand udp; and not __fish_seen_subcommand_from listen send help" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand udp; and not __fish_seen_subcommand_from listen send help" -f -a "listen" -d 'Receive datagrams and print each on its own line; lines typed on stdin go back to the last peer'
complete -c nt -n "__fish_nt_using_subcommand udp; and not __fish_seen_subcommand_from listen send help" -f -a "send" -d 'Send a message, or each stdin line, as datagrams'
complete -c nt -n "__fish_nt_using_subcommand udp; and not __fish_seen_subcommand_from listen send help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from listen" -l echo-rate -d 'With --echo: at most N echoes per second to one source, after a burst of one second\'s worth' -r
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from listen" -l count -d 'Exit after N datagrams' -r
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from listen" -l timeout -d 'Exit when nothing arrives for DUR' -r
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from listen" -l join -d 'Join a multicast group (class D or ff00::/8); repeatable' -r
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from listen" -l buffer -d 'Receive buffer size (SO_RCVBUF, 1KiB-1GiB), so bursts are not lost' -r
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from listen" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from listen" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from listen" -l raw -d 'Write payloads byte-exact, nothing added'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from listen" -l hex -d 'Print payloads as hex'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from listen" -l echo -d 'Send every datagram back to its sender (never to this listener\'s own address)'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from listen" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from listen" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from listen" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from listen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from listen" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from send" -l size -d 'Largest datagram for --raw (1-65507 bytes)' -r
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from send" -l wait -d 'Print replies that arrive within DUR after the last send' -r
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from send" -l bind -d 'Local address to send from' -r
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from send" -l ttl -d 'IP TTL / hop limit, 1-255 (also for multicast)' -r
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from send" -l count -d 'Send MESSAGE N times (with stdin: at most N datagrams)' -r
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from send" -l rate -d 'At most N datagrams per second (1000/s; also 5/ms, 60/m, 3600/h)' -r
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from send" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from send" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from send" -l raw -d 'Send stdin byte-exact in chunks of up to --size bytes'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from send" -l broadcast -d 'Allow sending to a broadcast address'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from send" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from send" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from send" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from send" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from help" -f -a "listen" -d 'Receive datagrams and print each on its own line; lines typed on stdin go back to the last peer'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from help" -f -a "send" -d 'Send a message, or each stdin line, as datagrams'
complete -c nt -n "__fish_nt_using_subcommand udp; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand tcp; and not __fish_seen_subcommand_from serve connect help" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand tcp; and not __fish_seen_subcommand_from serve connect help" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand tcp; and not __fish_seen_subcommand_from serve connect help" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand tcp; and not __fish_seen_subcommand_from serve connect help" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand tcp; and not __fish_seen_subcommand_from serve connect help" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand tcp; and not __fish_seen_subcommand_from serve connect help" -s h -l help -d 'Print help'
complete -c nt -n "__fish_nt_using_subcommand tcp; and not __fish_seen_subcommand_from serve connect help" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand tcp; and not __fish_seen_subcommand_from serve connect help" -f -a "serve" -d 'Accept a client and bridge stdin/stdout to it'
complete -c nt -n "__fish_nt_using_subcommand tcp; and not __fish_seen_subcommand_from serve connect help" -f -a "connect" -d 'Connect and bridge stdin/stdout; at stdin EOF, half-close and read the rest'
complete -c nt -n "__fish_nt_using_subcommand tcp; and not __fish_seen_subcommand_from serve connect help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -l exec -d 'Run CMD for each client, the connection as its stdin and stdout (no shell: the words are split as a shell would quote them, nothing is expanded)' -r
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -l sh-exec -d 'Run LINE with `sh -c` (`cmd /C` on Windows) for each client, the connection as its stdin and stdout. Whoever connects runs it: never expose a shell' -r
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -l max-clients -d 'At most N clients at once (default 10000; 100 with --exec/--sh-exec)' -r
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -l idle -d 'Close a connection idle for DUR' -r
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -l cert -d 'Certificate chain (PEM)' -r -F
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -l key -d 'Private key (PEM)' -r -F
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -s k -l keep-open -d 'Keep accepting clients, many at once'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -l echo -d 'Echo what each client sends back to it'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -l tls -d 'Serve TLS (with --cert and --key, or --self-signed)'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -l self-signed -d 'Serve TLS with a throwaway self-signed certificate; its SHA-256 is printed for clients to --pin'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -l progress -d 'Show bytes and rate on stderr (with a total and ETA when stdin is a file)'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from serve" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -l concurrency -d 'Probe at most N ports at once (-z with PORTS)' -r
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -l timeout -d 'Give up connecting after DUR (a scan: per port, default 1s)' -r
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -l idle -d 'Close when nothing moves for DUR' -r
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -l retries -d 'Retry connecting up to N times, with backoff' -r
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -l source -d 'Bind the local end to ADDR (an IP, or IP:PORT)' -r
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -s z -d 'Only test that it connects: exit 0 (open) or 1 (closed); with PORTS, a scan'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -l tls -d 'Use TLS (SNI, system roots); --insecure or --pin imply it'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -l progress -d 'Show bytes and rate on stderr (with a total and ETA when stdin is a file)'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from connect" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Accept a client and bridge stdin/stdout to it'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from help" -f -a "connect" -d 'Connect and bridge stdin/stdout; at stdin EOF, half-close and read the rest'
complete -c nt -n "__fish_nt_using_subcommand tcp; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand chat; and not __fish_seen_subcommand_from serve join help" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand chat; and not __fish_seen_subcommand_from serve join help" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and not __fish_seen_subcommand_from serve join help" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand chat; and not __fish_seen_subcommand_from serve join help" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand chat; and not __fish_seen_subcommand_from serve join help" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand chat; and not __fish_seen_subcommand_from serve join help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand chat; and not __fish_seen_subcommand_from serve join help" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand chat; and not __fish_seen_subcommand_from serve join help" -f -a "serve" -d 'Run a chat server; lines on stdin go to everyone as notices, `/who`, `/kick NICK [REASON]` and `/notice TEXT` are operator commands'
complete -c nt -n "__fish_nt_using_subcommand chat; and not __fish_seen_subcommand_from serve join help" -f -a "join" -d 'Join a chat server: lines typed are sent, what arrives is printed'
complete -c nt -n "__fish_nt_using_subcommand chat; and not __fish_seen_subcommand_from serve join help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l max-clients -d 'At most N connections at once (1-1000000); one more is told `[error] full` and closed' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l motd -d 'Message of the day, sent to each user on joining' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l max-line -d 'Longest line a user may send (16 B-1MiB); a longer one is dropped with `[error] too-long`' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l rate -d 'Lines per second one user may send on average (0 = no limit, at most 1000000). A faster sender is read more slowly, never disconnected' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l burst -d 'Lines one user may send in a burst above --rate (1-1000000)' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l max-backlog -d 'Bytes waiting for one user (4KiB-1GiB); a user whose backlog passes this is disconnected as `too-slow`. Lines are shared by all queues, not copied' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l stall -d 'A user whose socket accepts nothing for this long (100ms-1h) while lines wait is disconnected as `too-slow`' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l login-timeout -d 'A connection that has not chosen a nickname within this long (100ms-1h) is closed' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l max-pending -d 'Connections still choosing a nickname, per source address (an IPv6 /64 counts as one address; 1-1000000); one more is told `[error] busy` and closed' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l announce-max -d 'Joins and leaves are announced while at most N users are online (0-1000000; announcing each of ten thousand joins to everyone already there would cost fifty million lines)' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l cert -d 'Certificate chain (PEM)' -r -F
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l key -d 'Private key (PEM)' -r -F
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l cluster -d 'Join a cluster: one room shared by every node on this Redis, redis://[user@]host[:port][/db] (rediss:// for TLS; port 6379 by default; also `[chat] cluster` in the config). The password comes from NT_REDIS_PASSWORD or the config file, never from the command line (the process list would show it), and an error about the URL never repeats it' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l node -d 'This node\'s name in the cluster (1-16 of a-z, 0-9, \'-\'; default: random; config: [chat] node). The operator\'s /who marks users by it; a user renamed after a split becomes NICK-NODE' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l lease -d 'How long a nickname lease (and a node\'s heartbeat) lasts in Redis unless renewed (1s-1h; default 30s; config: [chat] lease): the users of a node that dies leave /who everywhere within it' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l timeout -d 'Bounds every wait on the cluster\'s Redis: connect, TLS handshake, each command (1ms-24h)' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l cluster-pin -d 'rediss:// only: trust exactly Redis\'s certificate with this SHA-256 fingerprint (hex, colons optional), even beside --cluster-insecure. Config: [chat] cluster_pin' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l tls -d 'Serve TLS (with --cert/--key, or --self-signed)'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l self-signed -d 'Serve TLS with a throwaway self-signed certificate; its SHA-256 is printed for clients to --pin'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l cluster-insecure -d 'rediss:// only: do not verify Redis\'s certificate (a --cluster-pin is still checked). Without either, the system roots (or SSL_CERT_FILE) are trusted. Config: [chat] cluster_insecure'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from serve" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from join" -l nick -d 'Your nickname (1-32 letters, digits, `_`, `-`, `.`)' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from join" -l timeout -d 'Bounds the connect, the TLS handshake and the wait for the server\'s answer to the nickname (1ms-24h)' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from join" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from join" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from join" -l encoding -d 'How lines are encoded on the wire, both ways (`utf-8`, or `gbk` for the course\'s chat server; nt\'s own server takes UTF-8 only)' -r -f -a "utf-8\t'UTF-8 (received lines that are not valid UTF-8 are read as GBK)'
gbk\t'GBK, as the course\'s chat programs send and expect'"
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from join" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from join" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from join" -l tls -d 'Use TLS (system roots); --insecure or --pin imply it'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from join" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from join" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from join" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from join" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from join" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from join" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Run a chat server; lines on stdin go to everyone as notices, `/who`, `/kick NICK [REASON]` and `/notice TEXT` are operator commands'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from help" -f -a "join" -d 'Join a chat server: lines typed are sent, what arrives is printed'
complete -c nt -n "__fish_nt_using_subcommand chat; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -l host -d 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -l user -d 'User name (default: from the URL, ~/.netrc, the config\'s [ftp] user, else anonymous)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -l tls -d 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)' -r -f -a "auto\t'Use AUTH TLS where the server offers it; plain text (with a warning) where not'
required\t'AUTH TLS or nothing (exit 5)'
off\t'Plain text'"
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -l retries -d 'Retry a failed connect or transfer up to N times (transfers resume)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -l timeout -d 'Give up when connecting or when the server is silent for DUR (1ms-24h)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -l limit-rate -d 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -l max-entries -d 'Refuse a directory listing with more than N entries (1 to 100000000)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -l active -d 'Active mode (PORT/EPRT) instead of passive'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -f -a "ls" -d 'List a directory (`-l` for details, from MLSD where offered)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -f -a "get" -d 'Download a file, the files matching a pattern, or a tree with -r, each into NAME.part, renamed when complete'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -f -a "put" -d 'Upload files (or a tree with -r); each is checked with SIZE where the server has it'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -f -a "mirror" -d 'Make a local directory a copy of a remote one (or, with --reverse, the other way): only new or changed files move'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -f -a "cat" -d 'Print a remote file on stdout'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -f -a "rm" -d 'Delete remote files'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -f -a "mv" -d 'Rename a remote file'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -f -a "mkdir" -d 'Create a remote directory (`-p` creates parents, no error if it exists)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -f -a "rmdir" -d 'Remove an empty remote directory'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -f -a "pwd" -d 'Print the remote working directory'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -f -a "serve" -d 'Serve DIR over FTP/FTPS: anonymous and read-only unless told otherwise'
complete -c nt -n "__fish_nt_using_subcommand ftp; and not __fish_seen_subcommand_from ls get put mirror cat rm mv mkdir rmdir pwd serve help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -l host -d 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -l user -d 'User name (default: from the URL, ~/.netrc, the config\'s [ftp] user, else anonymous)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -l tls -d 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)' -r -f -a "auto\t'Use AUTH TLS where the server offers it; plain text (with a warning) where not'
required\t'AUTH TLS or nothing (exit 5)'
off\t'Plain text'"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -l retries -d 'Retry a failed connect or transfer up to N times (transfers resume)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -l timeout -d 'Give up when connecting or when the server is silent for DUR (1ms-24h)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -l limit-rate -d 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -l max-entries -d 'Refuse a directory listing with more than N entries (1 to 100000000)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -s l -d 'Long listing: type, size, modification time'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -l active -d 'Active mode (PORT/EPRT) instead of passive'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -l host -d 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -l user -d 'User name (default: from the URL, ~/.netrc, the config\'s [ftp] user, else anonymous)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -l tls -d 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)' -r -f -a "auto\t'Use AUTH TLS where the server offers it; plain text (with a warning) where not'
required\t'AUTH TLS or nothing (exit 5)'
off\t'Plain text'"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -l retries -d 'Retry a failed connect or transfer up to N times (transfers resume)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -l timeout -d 'Give up when connecting or when the server is silent for DUR (1ms-24h)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -l limit-rate -d 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -l max-entries -d 'Refuse a directory listing with more than N entries (1 to 100000000)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -s r -l recursive -d 'Recursive'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -s c -l continue -d 'Resume a partial download (LOCAL.part, else LOCAL itself) with REST'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -l active -d 'Active mode (PORT/EPRT) instead of passive'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -l host -d 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -l user -d 'User name (default: from the URL, ~/.netrc, the config\'s [ftp] user, else anonymous)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -l tls -d 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)' -r -f -a "auto\t'Use AUTH TLS where the server offers it; plain text (with a warning) where not'
required\t'AUTH TLS or nothing (exit 5)'
off\t'Plain text'"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -l retries -d 'Retry a failed connect or transfer up to N times (transfers resume)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -l timeout -d 'Give up when connecting or when the server is silent for DUR (1ms-24h)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -l limit-rate -d 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -l max-entries -d 'Refuse a directory listing with more than N entries (1 to 100000000)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -s r -l recursive -d 'Recursive'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -l active -d 'Active mode (PORT/EPRT) instead of passive'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from put" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -s P -l parallel -d 'Transfer over N connections at once (1 to 16)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -l host -d 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -l user -d 'User name (default: from the URL, ~/.netrc, the config\'s [ftp] user, else anonymous)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -l tls -d 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)' -r -f -a "auto\t'Use AUTH TLS where the server offers it; plain text (with a warning) where not'
required\t'AUTH TLS or nothing (exit 5)'
off\t'Plain text'"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -l retries -d 'Retry a failed connect or transfer up to N times (transfers resume)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -l timeout -d 'Give up when connecting or when the server is silent for DUR (1ms-24h)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -l limit-rate -d 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -l max-entries -d 'Refuse a directory listing with more than N entries (1 to 100000000)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -s R -l reverse -d 'Upload: the source is local, the target remote'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -l delete -d 'Remove files and directories the source no longer has'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -l active -d 'Active mode (PORT/EPRT) instead of passive'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mirror" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -l host -d 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -l user -d 'User name (default: from the URL, ~/.netrc, the config\'s [ftp] user, else anonymous)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -l tls -d 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)' -r -f -a "auto\t'Use AUTH TLS where the server offers it; plain text (with a warning) where not'
required\t'AUTH TLS or nothing (exit 5)'
off\t'Plain text'"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -l retries -d 'Retry a failed connect or transfer up to N times (transfers resume)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -l timeout -d 'Give up when connecting or when the server is silent for DUR (1ms-24h)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -l limit-rate -d 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -l max-entries -d 'Refuse a directory listing with more than N entries (1 to 100000000)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -l active -d 'Active mode (PORT/EPRT) instead of passive'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from cat" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -l host -d 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -l user -d 'User name (default: from the URL, ~/.netrc, the config\'s [ftp] user, else anonymous)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -l tls -d 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)' -r -f -a "auto\t'Use AUTH TLS where the server offers it; plain text (with a warning) where not'
required\t'AUTH TLS or nothing (exit 5)'
off\t'Plain text'"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -l retries -d 'Retry a failed connect or transfer up to N times (transfers resume)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -l timeout -d 'Give up when connecting or when the server is silent for DUR (1ms-24h)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -l limit-rate -d 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -l max-entries -d 'Refuse a directory listing with more than N entries (1 to 100000000)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -l active -d 'Active mode (PORT/EPRT) instead of passive'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -l host -d 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -l user -d 'User name (default: from the URL, ~/.netrc, the config\'s [ftp] user, else anonymous)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -l tls -d 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)' -r -f -a "auto\t'Use AUTH TLS where the server offers it; plain text (with a warning) where not'
required\t'AUTH TLS or nothing (exit 5)'
off\t'Plain text'"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -l retries -d 'Retry a failed connect or transfer up to N times (transfers resume)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -l timeout -d 'Give up when connecting or when the server is silent for DUR (1ms-24h)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -l limit-rate -d 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -l max-entries -d 'Refuse a directory listing with more than N entries (1 to 100000000)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -l active -d 'Active mode (PORT/EPRT) instead of passive'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mv" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -l host -d 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -l user -d 'User name (default: from the URL, ~/.netrc, the config\'s [ftp] user, else anonymous)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -l tls -d 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)' -r -f -a "auto\t'Use AUTH TLS where the server offers it; plain text (with a warning) where not'
required\t'AUTH TLS or nothing (exit 5)'
off\t'Plain text'"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -l retries -d 'Retry a failed connect or transfer up to N times (transfers resume)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -l timeout -d 'Give up when connecting or when the server is silent for DUR (1ms-24h)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -l limit-rate -d 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -l max-entries -d 'Refuse a directory listing with more than N entries (1 to 100000000)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -s p -l parents -d 'Create parents as needed'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -l active -d 'Active mode (PORT/EPRT) instead of passive'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from mkdir" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -l host -d 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -l user -d 'User name (default: from the URL, ~/.netrc, the config\'s [ftp] user, else anonymous)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -l tls -d 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)' -r -f -a "auto\t'Use AUTH TLS where the server offers it; plain text (with a warning) where not'
required\t'AUTH TLS or nothing (exit 5)'
off\t'Plain text'"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -l retries -d 'Retry a failed connect or transfer up to N times (transfers resume)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -l timeout -d 'Give up when connecting or when the server is silent for DUR (1ms-24h)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -l limit-rate -d 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -l max-entries -d 'Refuse a directory listing with more than N entries (1 to 100000000)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -l active -d 'Active mode (PORT/EPRT) instead of passive'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from rmdir" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -l host -d 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -l user -d 'User name (default: from the URL, ~/.netrc, the config\'s [ftp] user, else anonymous)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -l tls -d 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)' -r -f -a "auto\t'Use AUTH TLS where the server offers it; plain text (with a warning) where not'
required\t'AUTH TLS or nothing (exit 5)'
off\t'Plain text'"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -l retries -d 'Retry a failed connect or transfer up to N times (transfers resume)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -l timeout -d 'Give up when connecting or when the server is silent for DUR (1ms-24h)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -l limit-rate -d 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -l max-entries -d 'Refuse a directory listing with more than N entries (1 to 100000000)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -l active -d 'Active mode (PORT/EPRT) instead of passive'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from pwd" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l cert -d 'Certificate chain (PEM)' -r -F
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l key -d 'Private key (PEM)' -r -F
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l passive-ports -d 'Ports for passive data connections' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l idle -d 'Close a session that sends no command for DUR (1s to 24h)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l max-clients -d 'At most N sessions at once; more are turned away with 421' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l login-timeout -d 'Close a session that has not logged in within DUR (1s to 1h) with 421' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l max-pending -d 'Sessions not yet logged in, per source address (1-10000); one more is told 421 and closed' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l max-upload -d 'The largest file an upload may leave (with --write); past it the upload is cut with 552 and its file removed. Anonymous --write lets anyone fill the disk up to this, file after file: give anonymous write only where that is fine' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l host -d 'Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l user -d 'User name (default: from the URL, ~/.netrc, the config\'s [ftp] user, else anonymous)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l tls -d 'Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required. `serve`: offer FTPS (required before login; `auto` leaves it optional)' -r -f -a "auto\t'Use AUTH TLS where the server offers it; plain text (with a warning) where not'
required\t'AUTH TLS or nothing (exit 5)'
off\t'Plain text'"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l retries -d 'Retry a failed connect or transfer up to N times (transfers resume)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l timeout -d 'Give up when connecting or when the server is silent for DUR (1ms-24h)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l limit-rate -d 'Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l max-entries -d 'Refuse a directory listing with more than N entries (1 to 100000000)' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l write -d 'Allow uploads, deletes, renames and directories (STOR, APPE, DELE, RNFR/RNTO, MKD, RMD)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l self-signed -d 'Serve TLS with a throwaway self-signed certificate; its SHA-256 is printed for clients to --pin'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l active -d 'Active mode (PORT/EPRT) instead of passive'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from serve" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List a directory (`-l` for details, from MLSD where offered)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from help" -f -a "get" -d 'Download a file, the files matching a pattern, or a tree with -r, each into NAME.part, renamed when complete'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from help" -f -a "put" -d 'Upload files (or a tree with -r); each is checked with SIZE where the server has it'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from help" -f -a "mirror" -d 'Make a local directory a copy of a remote one (or, with --reverse, the other way): only new or changed files move'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from help" -f -a "cat" -d 'Print a remote file on stdout'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Delete remote files'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from help" -f -a "mv" -d 'Rename a remote file'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from help" -f -a "mkdir" -d 'Create a remote directory (`-p` creates parents, no error if it exists)'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from help" -f -a "rmdir" -d 'Remove an empty remote directory'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from help" -f -a "pwd" -d 'Print the remote working directory'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Serve DIR over FTP/FTPS: anonymous and read-only unless told otherwise'
complete -c nt -n "__fish_nt_using_subcommand ftp; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand mail; and not __fish_seen_subcommand_from send catch folders list get watch help" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand mail; and not __fish_seen_subcommand_from send catch folders list get watch help" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and not __fish_seen_subcommand_from send catch folders list get watch help" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand mail; and not __fish_seen_subcommand_from send catch folders list get watch help" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand mail; and not __fish_seen_subcommand_from send catch folders list get watch help" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand mail; and not __fish_seen_subcommand_from send catch folders list get watch help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand mail; and not __fish_seen_subcommand_from send catch folders list get watch help" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand mail; and not __fish_seen_subcommand_from send catch folders list get watch help" -f -a "send" -d 'Build a message (text, HTML, inline images, attachments) and send it over SMTP'
complete -c nt -n "__fish_nt_using_subcommand mail; and not __fish_seen_subcommand_from send catch folders list get watch help" -f -a "catch" -d 'Run a local SMTP server that keeps every message it receives (a mail catcher)'
complete -c nt -n "__fish_nt_using_subcommand mail; and not __fish_seen_subcommand_from send catch folders list get watch help" -f -a "folders" -d 'List the folders of an IMAP account: name, flags, messages and unseen'
complete -c nt -n "__fish_nt_using_subcommand mail; and not __fish_seen_subcommand_from send catch folders list get watch help" -f -a "list" -d 'List the messages of a folder (IMAP) or a POP3 mailbox, one line each'
complete -c nt -n "__fish_nt_using_subcommand mail; and not __fish_seen_subcommand_from send catch folders list get watch help" -f -a "get" -d 'Read messages by UID: a readable view, the raw bytes, files, attachments'
complete -c nt -n "__fish_nt_using_subcommand mail; and not __fish_seen_subcommand_from send catch folders list get watch help" -f -a "watch" -d 'Wait for new mail and report each new message once (IMAP IDLE, POP3 polling)'
complete -c nt -n "__fish_nt_using_subcommand mail; and not __fish_seen_subcommand_from send catch folders list get watch help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l to -d 'Recipient, `a@b` or `Name <a@b>`; several with commas or by repeating (default: the config\'s to; with --eml: the message\'s To, Cc and Bcc)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l cc -d 'Carbon-copy recipient (commas or repeatable)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l bcc -d 'Blind-copy recipient (commas or repeatable; in the envelope, never in the headers)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l from -d 'Sender (default: the config\'s from, else a login that is an address; with --eml: the message\'s From)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l reply-to -d 'Reply-To address' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l subject -d 'Subject (UTF-8; encoded per RFC 2047 where needed)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l body -d 'Body text' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l eml -d 'Send a prepared RFC 5322 message as it is (`-` for stdin); the envelope comes from its From/To/Cc/Bcc unless --from/--to are given; its Bcc field is not sent' -r -F
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l body-file -d 'Body text from a file (`-` for stdin)' -r -F
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l html -d 'HTML body from a file' -r -F
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l inline -d 'Inline image for the HTML, referenced as cid:CID (default CID: the file name; repeatable)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l attach -d 'Attach a file, base64, MIME type from its name (repeatable)' -r -F
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l header -d 'Extra header "Name: value" (repeatable)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l server -d 'SMTP server, HOST or HOST:PORT (default: the config\'s server, else the recipient domain\'s MX)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l port -d 'SMTP server port (default 587 with STARTTLS, 465 with TLS, 25 with off and for MX delivery). Config: [mail] port' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l tls -d 'TLS mode (default: starttls, or tls on port 465). Config: [mail] tls' -r -f -a "starttls\t'Plain connection upgraded with STARTTLS/STLS (required)'
tls\t'Implicit TLS from the first byte (SMTPS, IMAPS, POP3S)'
off\t'No TLS at all'"
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l user -d 'Login name for AUTH (config: [mail] user); the password comes from NT_SMTP_PASSWORD, ~/.netrc, password_command or a prompt' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l retries -d 'Retry connecting up to N times, with backoff' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l timeout -d 'Give up on a connect, a TLS handshake or any reply after this long' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l ehlo -d 'The name nt gives itself in EHLO (default: this host\'s name)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l dns -d 'DNS server for MX delivery, IP[:PORT] (default: the system\'s resolver)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l save -d 'Also save the message to FILE (an .eml file)' -r -F
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l dry-run -d 'Print the whole message (envelope on stderr) and do not connect'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from send" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l listen -d 'Address to listen on' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l reject -d 'Refuse recipients matching this glob with 550 (`*` any run, `?` one character, no case; repeatable), e.g. \'*@spam.test\'' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l count -d 'Exit after N messages' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l max-size -d 'Refuse messages larger than this with 552 (advertised as SIZE)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l cert -d 'Certificate chain (PEM)' -r -F
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l key -d 'Private key (PEM)' -r -F
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l timeout -d 'Close a connection whose client says nothing for this long' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l login-timeout -d 'A client that has not said EHLO or HELO (POP3: logged in) this long after it connected is closed (100ms-1h; long enough to type at telnet)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l max-clients -d 'Clients served at once (--pop3 has as many of its own); one more is told 421 (POP3: -ERR [SYS/TEMP]) and closed' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l max-pending -d 'Connections from one address (an IPv6 /64 counts as one) that have not yet given a recipient (POP3: logged in), 1-10000; one more is told 421 (POP3: -ERR) and closed' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l max-recipients -d 'Recipients accepted per message (RFC 5321 asks for at least 100)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l pop3 -d 'Also serve the caught messages over POP3 on ADDR (needs DIR and --user; STLS when TLS is on, and then the password only after STLS)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l user -d 'The POP3 login; its password comes from NT_POP3_PASSWORD, else a prompt' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l web -d 'Also serve a web page and a mailpit-compatible JSON API (/api/v1/...) over DIR on ADDR (default 127.0.0.1:8025; needs DIR, given before --web). Live updates, search, delete; HTML mail in a sandboxed frame that loads nothing remote unless asked' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l web-user -d 'The login --web asks for (HTTP Basic; needed for a non-loopback --web address); its password comes from NT_WEB_PASSWORD, else a prompt' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l web-cert -d 'Serve --web over HTTPS with this certificate chain (PEM); without it, --web uses HTTPS when the catcher has --cert/--key or --self-signed' -r -F
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l web-key -d 'The private key (PEM) of --web-cert' -r -F
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l tls -d 'Offer STARTTLS (needs --cert/--key or --self-signed)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l self-signed -d 'Serve TLS with a throwaway self-signed certificate; its SHA-256 is printed for clients to --pin'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l web-insecure -d 'Allow --web-user over plain HTTP (the password then travels in clear text)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from catch" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -s f -l folder -d 'Folder (default: the URL\'s, else INBOX). UTF-8 as typed' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -l user -d 'Login name (default: the URL\'s user, the config\'s user, else ~/.netrc). The password comes from NT_IMAP_PASSWORD / NT_POP3_PASSWORD, NT_MAIL_PASSWORD, ~/.netrc, password_command or a prompt' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -l tls -d 'TLS mode (default: tls for imaps://, pop3s:// and ports 993/995, else starttls)' -r -f -a "starttls\t'Plain connection upgraded with STARTTLS/STLS (required)'
tls\t'Implicit TLS from the first byte (SMTPS, IMAPS, POP3S)'
off\t'No TLS at all'"
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -l oauth2-token-command -d 'Log in with XOAUTH2; CMD (run with sh -c; cmd /C on Windows) prints the access token. It is run again, and the login retried once, when the server rejects the token. Config: [mail] oauth2_token_command' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -l timeout -d 'Give up when connecting or when the server is silent for DUR' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -l buffer -d 'The most one server answer may hold in memory (64KiB-1GiB); bigger messages are fetched in pieces of this size' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from folders" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -s f -l folder -d 'Folder (default: the URL\'s, else INBOX). UTF-8 as typed' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l user -d 'Login name (default: the URL\'s user, the config\'s user, else ~/.netrc). The password comes from NT_IMAP_PASSWORD / NT_POP3_PASSWORD, NT_MAIL_PASSWORD, ~/.netrc, password_command or a prompt' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l tls -d 'TLS mode (default: tls for imaps://, pop3s:// and ports 993/995, else starttls)' -r -f -a "starttls\t'Plain connection upgraded with STARTTLS/STLS (required)'
tls\t'Implicit TLS from the first byte (SMTPS, IMAPS, POP3S)'
off\t'No TLS at all'"
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l oauth2-token-command -d 'Log in with XOAUTH2; CMD (run with sh -c; cmd /C on Windows) prints the access token. It is run again, and the login retried once, when the server rejects the token. Config: [mail] oauth2_token_command' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l timeout -d 'Give up when connecting or when the server is silent for DUR' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l buffer -d 'The most one server answer may hold in memory (64KiB-1GiB); bigger messages are fetched in pieces of this size' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l since -d 'Only messages since DATE: YYYY-MM-DD, or an age such as 7d, 12h' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l from -d 'Only messages whose From contains TEXT' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l subject -d 'Only messages whose Subject contains TEXT' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l search -d 'An IMAP SEARCH expression, sent as written (IMAP), e.g. \'OR FLAGGED LARGER 100000\'' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l limit -d 'Show only the newest N messages (1-1000000)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l unseen -d 'Only messages without \\Seen (IMAP)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -s f -l folder -d 'Folder (default: the URL\'s, else INBOX). UTF-8 as typed' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l user -d 'Login name (default: the URL\'s user, the config\'s user, else ~/.netrc). The password comes from NT_IMAP_PASSWORD / NT_POP3_PASSWORD, NT_MAIL_PASSWORD, ~/.netrc, password_command or a prompt' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l tls -d 'TLS mode (default: tls for imaps://, pop3s:// and ports 993/995, else starttls)' -r -f -a "starttls\t'Plain connection upgraded with STARTTLS/STLS (required)'
tls\t'Implicit TLS from the first byte (SMTPS, IMAPS, POP3S)'
off\t'No TLS at all'"
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l oauth2-token-command -d 'Log in with XOAUTH2; CMD (run with sh -c; cmd /C on Windows) prints the access token. It is run again, and the login retried once, when the server rejects the token. Config: [mail] oauth2_token_command' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l timeout -d 'Give up when connecting or when the server is silent for DUR' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l buffer -d 'The most one server answer may hold in memory (64KiB-1GiB); bigger messages are fetched in pieces of this size' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -s o -l output -d 'Save each message as DIR/UID.eml (raw bytes, .part then renamed)' -r -F
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l save-attachments -d 'Save the attachments into DIR under safe names (never outside DIR, never over a file)' -r -F
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l max-message -d 'The largest message shown or split into attachments in memory (1MiB-4GiB). -o DIR and --raw stream a bigger one up to the size the server announced (plus 1/8 and 1MiB); past both, nt stops with exit 6 and keeps no file' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l all -d 'Every message of the folder'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l unseen -d 'Every message without \\Seen (IMAP)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l raw -d 'Write the exact message bytes (to stdout, or files with -o)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l mark-read -d 'Mark the messages read (\\Seen) after reading them (IMAP)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l delete -d 'Delete each message from the server once it is saved (needs -o DIR)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -s f -l folder -d 'Folder (default: the URL\'s, else INBOX). UTF-8 as typed' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -l user -d 'Login name (default: the URL\'s user, the config\'s user, else ~/.netrc). The password comes from NT_IMAP_PASSWORD / NT_POP3_PASSWORD, NT_MAIL_PASSWORD, ~/.netrc, password_command or a prompt' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -l tls -d 'TLS mode (default: tls for imaps://, pop3s:// and ports 993/995, else starttls)' -r -f -a "starttls\t'Plain connection upgraded with STARTTLS/STLS (required)'
tls\t'Implicit TLS from the first byte (SMTPS, IMAPS, POP3S)'
off\t'No TLS at all'"
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -l pin -d 'Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional), even beside --insecure' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -l proxy -d 'Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -l oauth2-token-command -d 'Log in with XOAUTH2; CMD (run with sh -c; cmd /C on Windows) prints the access token. It is run again, and the login retried once, when the server rejects the token. Config: [mail] oauth2_token_command' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -l timeout -d 'Give up when connecting or when the server is silent for DUR' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -l buffer -d 'The most one server answer may hold in memory (64KiB-1GiB); bigger messages are fetched in pieces of this size' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -l exec -d 'Run CMD (sh -c; cmd /C on Windows) for each new message, the message on stdin; NT_MAIL_UID and NT_MAIL_FOLDER are set' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -l interval -d 'How often POP3 is polled (100ms-24h)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -l count -d 'Exit after N new messages (1-1000000)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -l max-message -d 'The largest message given to --exec (1MiB-4GiB)' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -l insecure -d 'Do not verify the server certificate (a --pin is still checked)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from watch" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "send" -d 'Build a message (text, HTML, inline images, attachments) and send it over SMTP'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "catch" -d 'Run a local SMTP server that keeps every message it receives (a mail catcher)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "folders" -d 'List the folders of an IMAP account: name, flags, messages and unseen'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the messages of a folder (IMAP) or a POP3 mailbox, one line each'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "get" -d 'Read messages by UID: a readable view, the raw bytes, files, attachments'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "watch" -d 'Wait for new mail and report each new message once (IMAP IDLE, POP3 polling)'
complete -c nt -n "__fish_nt_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s h -l help -d 'Print help'
complete -c nt -n "__fish_nt_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "show" -d 'Print the effective settings (flags aside), secrets masked'
complete -c nt -n "__fish_nt_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "path" -d 'Print the path of the config file'
complete -c nt -n "__fish_nt_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from show" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from path" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from path" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from path" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from path" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the effective settings (flags aside), secrets masked'
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the path of the config file'
complete -c nt -n "__fish_nt_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand completions" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand completions" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand completions" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand completions" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand completions" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand completions" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand man" -l dir -d 'Write every page into DIR (made when missing) as nt.1, nt-ftp.1, nt-ftp-serve.1, ...' -r -F
complete -c nt -n "__fish_nt_using_subcommand man" -l color -d 'When to use color' -r -f -a "auto\t''
always\t''
never\t''"
complete -c nt -n "__fish_nt_using_subcommand man" -l profile -d 'Use the named [profile.NAME] section of the config file' -r
complete -c nt -n "__fish_nt_using_subcommand man" -l json -d 'Machine-readable output: one JSON document, or JSON Lines for streams'
complete -c nt -n "__fish_nt_using_subcommand man" -s q -l quiet -d 'Say nothing on stderr but errors (data on stdout is unaffected)'
complete -c nt -n "__fish_nt_using_subcommand man" -s v -l verbose -d 'Say more on stderr (repeat for more). Secrets are never printed'
complete -c nt -n "__fish_nt_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c nt -n "__fish_nt_using_subcommand man" -s V -l version -d 'Print version'
complete -c nt -n "__fish_nt_using_subcommand help; and not __fish_seen_subcommand_from ip udp tcp chat ftp mail config completions man help" -f -a "ip" -d 'Addresses and subnets: info, split, contains, range, summarize'
complete -c nt -n "__fish_nt_using_subcommand help; and not __fish_seen_subcommand_from ip udp tcp chat ftp mail config completions man help" -f -a "udp" -d 'Send and receive UDP datagrams'
complete -c nt -n "__fish_nt_using_subcommand help; and not __fish_seen_subcommand_from ip udp tcp chat ftp mail config completions man help" -f -a "tcp" -d 'Bridge stdin/stdout to a TCP connection (a better nc)'
complete -c nt -n "__fish_nt_using_subcommand help; and not __fish_seen_subcommand_from ip udp tcp chat ftp mail config completions man help" -f -a "chat" -d 'A multi-user chat over TCP'
complete -c nt -n "__fish_nt_using_subcommand help; and not __fish_seen_subcommand_from ip udp tcp chat ftp mail config completions man help" -f -a "ftp" -d 'Files on an FTP or FTPS server'
complete -c nt -n "__fish_nt_using_subcommand help; and not __fish_seen_subcommand_from ip udp tcp chat ftp mail config completions man help" -f -a "mail" -d 'Send mail over SMTP; read it over IMAP and POP3'
complete -c nt -n "__fish_nt_using_subcommand help; and not __fish_seen_subcommand_from ip udp tcp chat ftp mail config completions man help" -f -a "config" -d 'Show the configuration file and the effective settings'
complete -c nt -n "__fish_nt_using_subcommand help; and not __fish_seen_subcommand_from ip udp tcp chat ftp mail config completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c nt -n "__fish_nt_using_subcommand help; and not __fish_seen_subcommand_from ip udp tcp chat ftp mail config completions man help" -f -a "man" -d 'Print a manual page (nt(1), nt-ftp(1), nt-ftp-serve(1), ...), or write them all'
complete -c nt -n "__fish_nt_using_subcommand help; and not __fish_seen_subcommand_from ip udp tcp chat ftp mail config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ip" -f -a "info" -d 'Everything about an address and its subnet: class, mask, network, hosts, scope'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ip" -f -a "split" -d 'Split a network: into subnets of one prefix, into N equal subnets, or into the smallest subnets that hold the given numbers of hosts (VLSM)'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ip" -f -a "contains" -d 'Exit 0 when every ADDR is inside CIDR, 1 otherwise'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ip" -f -a "range" -d 'The smallest list of CIDRs covering FIRST-LAST'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ip" -f -a "summarize" -d 'Merge CIDRs into the smallest equivalent list (`-` reads stdin)'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from udp" -f -a "listen" -d 'Receive datagrams and print each on its own line; lines typed on stdin go back to the last peer'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from udp" -f -a "send" -d 'Send a message, or each stdin line, as datagrams'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from tcp" -f -a "serve" -d 'Accept a client and bridge stdin/stdout to it'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from tcp" -f -a "connect" -d 'Connect and bridge stdin/stdout; at stdin EOF, half-close and read the rest'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from chat" -f -a "serve" -d 'Run a chat server; lines on stdin go to everyone as notices, `/who`, `/kick NICK [REASON]` and `/notice TEXT` are operator commands'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from chat" -f -a "join" -d 'Join a chat server: lines typed are sent, what arrives is printed'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ftp" -f -a "ls" -d 'List a directory (`-l` for details, from MLSD where offered)'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ftp" -f -a "get" -d 'Download a file, the files matching a pattern, or a tree with -r, each into NAME.part, renamed when complete'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ftp" -f -a "put" -d 'Upload files (or a tree with -r); each is checked with SIZE where the server has it'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ftp" -f -a "mirror" -d 'Make a local directory a copy of a remote one (or, with --reverse, the other way): only new or changed files move'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ftp" -f -a "cat" -d 'Print a remote file on stdout'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ftp" -f -a "rm" -d 'Delete remote files'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ftp" -f -a "mv" -d 'Rename a remote file'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ftp" -f -a "mkdir" -d 'Create a remote directory (`-p` creates parents, no error if it exists)'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ftp" -f -a "rmdir" -d 'Remove an empty remote directory'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ftp" -f -a "pwd" -d 'Print the remote working directory'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from ftp" -f -a "serve" -d 'Serve DIR over FTP/FTPS: anonymous and read-only unless told otherwise'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "send" -d 'Build a message (text, HTML, inline images, attachments) and send it over SMTP'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "catch" -d 'Run a local SMTP server that keeps every message it receives (a mail catcher)'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "folders" -d 'List the folders of an IMAP account: name, flags, messages and unseen'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "list" -d 'List the messages of a folder (IMAP) or a POP3 mailbox, one line each'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "get" -d 'Read messages by UID: a readable view, the raw bytes, files, attachments'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "watch" -d 'Wait for new mail and report each new message once (IMAP IDLE, POP3 polling)'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the effective settings (flags aside), secrets masked'
complete -c nt -n "__fish_nt_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print the path of the config file'
