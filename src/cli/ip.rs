//! The command line of nt ip: the subnet calculator's commands.
//!
//! Part of the one clap tree (see `cli.rs`): doc comments are the help text, values are
//! parsed with the typed parsers of `addr.rs`. Nothing here does I/O.

use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct IpArgs {
    #[command(subcommand)]
    pub command: IpCommand,
}

#[derive(Debug, Subcommand)]
pub enum IpCommand {
    /// Everything about an address and its subnet: class, mask, network, hosts, scope.
    ///
    /// Accepts ADDR/PREFIX, ADDR/NETMASK, ADDR NETMASK, or a bare address (IPv4 gets its
    /// classful mask, IPv6 /128). A mask of zeros then ones (0.0.0.255) is read as a
    /// wildcard mask; any other non-contiguous mask is an error. `-` reads one input per
    /// line from stdin and prints one tab-separated line per input (JSON Lines with --json);
    /// a bad line is reported with its line number, the rest is still processed, exit 2.
    #[command(
        after_help = "Examples:\n  nt ip info 192.168.12.146/24\n  nt ip info 10.1.2.3 255.255.0.0\n  nt ip info 10.1.2.3/0.0.0.255\n  nt ip info 2001:db8::1/64 ::ffff:192.0.2.1\n  cut -f1 hosts.tsv | nt --json ip info -"
    )]
    Info {
        /// Addresses, CIDRs, or `-` for stdin.
        #[arg(value_name = "ADDR[/PREFIX]", required = true)]
        inputs: Vec<String>,
    },
    /// Split a network into subnets of a longer prefix, or into N equal subnets.
    #[command(
        after_help = "Examples:\n  nt ip split 192.168.0.0/24 --prefix 26\n  nt ip split 10.0.0.0/8 --count 4"
    )]
    Split {
        /// The network to split.
        #[arg(value_name = "CIDR")]
        cidr: String,
        /// Prefix length of each subnet.
        #[arg(long, value_name = "N", conflicts_with = "count", required_unless_present = "count")]
        prefix: Option<u8>,
        /// Number of subnets (rounded up to a power of two).
        #[arg(long, value_name = "N")]
        count: Option<u64>,
    },
    /// Exit 0 when every ADDR is inside CIDR, 1 otherwise.
    #[command(
        after_help = "Examples:\n  nt ip contains 10.0.0.0/8 10.1.2.3\n  nt ip contains 192.168.0.0/16 192.168.1.1 8.8.8.8 || echo outside"
    )]
    Contains {
        /// The network.
        #[arg(value_name = "CIDR")]
        cidr: String,
        /// Addresses to test.
        #[arg(value_name = "ADDR", required = true)]
        addrs: Vec<String>,
    },
    /// The smallest list of CIDRs covering FIRST-LAST.
    #[command(
        after_help = "Examples:\n  nt ip range 10.0.0.5-10.0.0.20\n  nt ip range 10.0.0.5 10.0.0.20"
    )]
    Range {
        /// FIRST-LAST, or FIRST LAST.
        #[arg(value_name = "RANGE", required = true, num_args = 1..=2)]
        range: Vec<String>,
    },
    /// Merge CIDRs into the smallest equivalent list (`-` reads stdin).
    #[command(
        after_help = "Examples:\n  nt ip summarize 10.0.0.0/25 10.0.0.128/25\n  nt ip summarize - < prefixes.txt"
    )]
    Summarize {
        /// CIDRs, or `-` for stdin.
        #[arg(value_name = "CIDR", required = true)]
        cidrs: Vec<String>,
    },
}
