//! The command line of nt ip: the subnet calculator's commands.
//!
//! Part of the one clap tree (see `cli.rs`): doc comments are the help text. Every number a
//! flag takes is bounded here, at parse time (exit 2): `--prefix` 0-128, `--count` at
//! least 1, `--hosts` a list of 1 to [`MAX_HOST_SIZES`] sizes of at least 1. Whether a
//! value fits the given network (`--prefix 30` on an IPv4 /24 is fine, `--prefix 200` never
//! is) is checked by `ip.rs`, also exit 2. Nothing here does I/O.

use clap::{ArgGroup, Args, Subcommand};

/// At most this many sizes in one `split --hosts` list.
pub const MAX_HOST_SIZES: usize = 65_536;

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
    /// wildcard mask; any other non-contiguous mask is an error. The address is also shown
    /// in decimal and hex, and IPv6 written out in full. `-` reads one input per line from
    /// stdin and prints one tab-separated line per input (JSON Lines with --json); a bad
    /// line is reported with its line number, the rest is still processed, exit 2.
    #[command(
        after_long_help = super::help::IP_INFO
    )]
    Info {
        /// Addresses, CIDRs, or `-` for stdin.
        #[arg(value_name = "ADDR[/PREFIX]", required = true)]
        inputs: Vec<String>,
        /// With `-`: print a first line naming the tab-separated columns (not with --json,
        /// whose objects name their keys).
        #[arg(long)]
        header: bool,
    },
    /// Split a network: into subnets of one prefix, into N equal subnets, or into the
    /// smallest subnets that hold the given numbers of hosts (VLSM).
    ///
    /// `--hosts 50,20,10` gives each size the smallest subnet that holds that many hosts
    /// (counted as `nt ip info` counts them: a /31 holds 2, a /30 2, a /29 6), placed from
    /// the start of the network, largest first, and lists the space left over. Sizes that
    /// do not fit together are an error (exit 2) that says how much they need.
    #[command(
        group(ArgGroup::new("how").required(true).args(["prefix", "count", "hosts"])),
        after_long_help = super::help::IP_SPLIT
    )]
    Split {
        /// The network to split.
        #[arg(value_name = "CIDR")]
        cidr: String,
        /// Prefix length of each subnet (0-128; at least the network's, at most 32 for IPv4).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=128))]
        prefix: Option<u8>,
        /// Number of equal subnets, at least 1 (rounded up to a power of two).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=u64::MAX))]
        count: Option<u64>,
        /// Hosts per subnet, comma-separated (VLSM): each at least 1, at most 65536 sizes.
        #[arg(long, value_name = "N,N,...", value_parser = parse_host_sizes)]
        hosts: Option<HostSizes>,
    },
    /// Exit 0 when every ADDR is inside CIDR, 1 otherwise.
    #[command(
        after_long_help = super::help::IP_CONTAINS
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
        after_long_help = super::help::IP_RANGE
    )]
    Range {
        /// FIRST-LAST, or FIRST LAST.
        #[arg(value_name = "RANGE", required = true, num_args = 1..=2)]
        range: Vec<String>,
    },
    /// Merge CIDRs into the smallest equivalent list (`-` reads stdin).
    #[command(
        after_long_help = super::help::IP_SUMMARIZE
    )]
    Summarize {
        /// CIDRs, or `-` for stdin.
        #[arg(value_name = "CIDR", required = true)]
        cidrs: Vec<String>,
    },
}

/// The `--hosts` list of `split`: how many hosts each subnet must hold, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostSizes(pub Vec<u64>);

/// `50,20,10`: 1 to [`MAX_HOST_SIZES`] whole numbers, each at least 1 (spaces around the
/// commas are allowed).
pub fn parse_host_sizes(text: &str) -> Result<HostSizes, String> {
    let mut sizes = Vec::new();
    for part in text.split(',') {
        let part = part.trim();
        if sizes.len() == MAX_HOST_SIZES {
            return Err(format!("at most {MAX_HOST_SIZES} sizes"));
        }
        let size = match part.parse::<u64>() {
            Ok(0) => return Err("a size must be at least 1 host".into()),
            Ok(n) => n,
            Err(_) if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) => {
                return Err(format!("{part} hosts: too many (at most {})", u64::MAX));
            }
            Err(_) => {
                return Err(format!(
                    "{:?} is not a number of hosts: expected a list such as 50,20,10",
                    crate::output::sanitize(part)
                ));
            }
        };
        sizes.push(size);
    }
    Ok(HostSizes(sizes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn host_sizes() {
        assert_eq!(parse_host_sizes("50,20,10"), Ok(HostSizes(vec![50, 20, 10])));
        assert_eq!(parse_host_sizes(" 7 , 1"), Ok(HostSizes(vec![7, 1])));
        for bad in ["", "0", "5,,6", "5,0", "-1", "1e3", "50 20", "18446744073709551616"] {
            assert!(parse_host_sizes(bad).is_err(), "{bad:?}");
        }
        let many = vec!["1"; MAX_HOST_SIZES].join(",");
        assert_eq!(parse_host_sizes(&many).map(|s| s.0.len()), Ok(MAX_HOST_SIZES));
        assert!(parse_host_sizes(&format!("{many},1")).is_err());
    }

    proptest! {
        #[test]
        fn host_sizes_roundtrip(sizes in proptest::collection::vec(1u64.., 1..50)) {
            let text = sizes.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
            prop_assert_eq!(parse_host_sizes(&text), Ok(HostSizes(sizes)));
        }

        #[test]
        fn host_sizes_never_panic(text in "\\PC{0,40}") {
            if let Ok(HostSizes(sizes)) = parse_host_sizes(&text) {
                prop_assert!(!sizes.is_empty() && sizes.iter().all(|n| *n >= 1));
            }
        }
    }
}
