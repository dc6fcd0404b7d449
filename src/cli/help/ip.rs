//! The long help of `nt ip`, its commands, `nt config` and `nt completions` (see `help.rs`).
//! Text only, ASCII only; every example parses as written (tested).

/// `nt ip info --help`.
pub const IP_INFO: &str = r#"Output:
  A labelled block: address (also in decimal, hex, and IPv6 written out in full), prefix,
  netmask, wildcard, network, broadcast, first and last host, hosts, class, scope, reverse
  pointer, then the binary view with the network and host bits apart (colored on a
  terminal). With -: one tab-separated line per input, the JSON values in key order
  without version, - for null; --header names the columns first.
  Host counts: IPv4 /0-/30 exclude network and broadcast (2^n - 2), /31 has 2 hosts and no
  broadcast (RFC 3021), /32 has 1. IPv6 has no broadcast: every address counts, so /127
  has 2 (RFC 6164) and /128 has 1. Leading zeros (010.1.1.1) are refused.

JSON:
  One object per input (JSON Lines for several inputs and for -), keys in this order:
  address, prefix, netmask, wildcard, network, broadcast (null for /31, /32 and IPv6),
  host_min, host_max, hosts (an exact integer, also above 2^53), class ("A".."E", null for
  IPv6), scope, reverse_pointer, version, address_decimal, address_hex, address_expanded
  (null for IPv4).
  scope: public, private, shared, loopback, link-local, multicast, documentation,
  benchmarking, reserved, this-network, unspecified, broadcast, global-unicast,
  unique-local, site-local, ipv4-mapped, nat64, 6to4, teredo.

Examples:
  nt ip info 192.168.12.146/24
  nt ip info 10.1.2.3 255.255.0.0
  nt ip info 10.1.2.3/0.0.0.255
  nt ip info 2001:db8::1/64 ::ffff:192.0.2.1
  cut -f1 hosts.tsv | nt ip info --header - | column -t
  cut -f1 hosts.tsv | nt --json ip info -

Exit codes:
  0    every input was read
  2    a bad input or mask (with -: each bad line is reported with its number, the others
       are still printed)"#;

/// `nt ip split --help`.
pub const IP_SPLIT: &str = r#"Output:
  --prefix and --count: one subnet per line (JSON: one array of CIDR strings). --count
  rounds N up to a power of two and says so on stderr. --hosts: "CIDR  wanted N, usable M:
  FIRST - LAST" per subnet, then "Unused:" and the space left as CIDRs. JSON:
  {"network":..,"subnets":[{"network","requested","hosts","host_min","host_max"}],
  "unused":[..]}.
  A bare address is one host (/32 or /128); a CIDR with host bits set is taken as its
  network.

Examples:
  nt ip split 192.168.0.0/24 --prefix 26
  nt ip split 10.0.0.0/8 --count 4
  nt ip split 192.168.0.0/24 --hosts 50,20,10
  nt --json ip split 2001:db8::/48 --hosts 5000,300

Exit codes:
  0    split
  2    bad CIDR or flag; a prefix outside the network; more subnets than fit; sizes that do
       not fit together (the error says how much they need)"#;

/// `nt ip contains --help`.
pub const IP_CONTAINS: &str = r#"Output:
  "ADDR inside|outside CIDR" per argument. ADDR may be a network too (10.9.0.0/16 is
  inside 10.0.0.0/8); an address of the other family is outside. JSON:
  {"network":..,"all_inside":true,"results":[{"address":..,"inside":true}]}.

Examples:
  nt ip contains 10.0.0.0/8 10.1.2.3
  nt ip contains 192.168.0.0/16 192.168.1.1 8.8.8.8 || echo outside

Exit codes:
  0    every ADDR is inside
  1    at least one is not
  2    bad CIDR or ADDR"#;

/// `nt ip range --help`.
pub const IP_RANGE: &str = r#"Output:
  One CIDR per line (JSON: one array of strings).

Examples:
  nt ip range 10.0.0.5-10.0.0.20
  nt ip range 10.0.0.5 10.0.0.20

Exit codes:
  0    done
  2    bad address, or FIRST after LAST"#;

/// `nt ip summarize --help`.
pub const IP_SUMMARIZE: &str = r#"Output:
  One CIDR per line (JSON: one array of strings). With -, blank lines and # comments are
  skipped and any bad line stops everything (exit 2, nothing printed): a summary of part
  of a list would be wrong.

Examples:
  nt ip summarize 10.0.0.0/25 10.0.0.128/25
  nt ip summarize - < prefixes.txt

Exit codes:
  0    done
  2    a bad CIDR (with its line number for -)"#;

/// `nt completions --help`.
pub const COMPLETIONS: &str = r#"Examples:
  nt completions bash > ~/.local/share/bash-completion/completions/nt
  nt completions zsh > ~/.zfunc/_nt
  nt completions fish > ~/.config/fish/completions/nt.fish

Exit codes:
  0    printed
  2    unknown shell
  3    stdout cannot be written"#;

/// `nt man --help`.
pub const MAN: &str = r#"Examples:
  nt man | man -l -
  nt man ftp serve | man -l -
  nt man --dir ~/.local/share/man/man1 && man nt-chat

Exit codes:
  0    printed or written
  2    no such command
  3    DIR or a page cannot be written"#;
