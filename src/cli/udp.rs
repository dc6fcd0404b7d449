//! The command line of nt udp: `listen` and `send`.
//!
//! Part of the one clap tree (see `cli.rs`): doc comments are the help text, values are
//! parsed with the typed parsers of `addr.rs` and every number is bounded here (exit 2).
//! Nothing here does I/O.

use std::net::IpAddr;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::timeout::parse_timeout;
use crate::addr::{
    Addr, Rate, Size, parse_connect, parse_listen, parse_positive_duration, parse_rate, size_within,
};

/// The largest UDP payload (65535 - 20 - 8), the bound of `--size`.
pub const MAX_DATAGRAM: u64 = 65507;
/// The bounds of `--buffer` (SO_RCVBUF).
const MIN_BUFFER: u64 = 1 << 10;
const MAX_BUFFER: u64 = 1 << 30;

/// `unix:` is refused by name: a datagram socket path is not an ADDR of nt udp.
fn no_unix(text: &str) -> Result<(), String> {
    if text.trim_start().get(..5).is_some_and(|s| s.eq_ignore_ascii_case("unix:")) {
        return Err("UDP does not use unix sockets (give HOST:PORT; unix: is for nt tcp)".into());
    }
    Ok(())
}

/// ADDR to send to (`unix:` refused by name).
fn udp_connect(text: &str) -> Result<Addr, String> {
    no_unix(text).and_then(|()| parse_connect(text))
}

/// ADDR to listen on (`unix:` refused by name).
fn udp_listen(text: &str) -> Result<Addr, String> {
    no_unix(text).and_then(|()| parse_listen(text))
}

#[derive(Debug, Args)]
pub struct UdpArgs {
    #[command(subcommand)]
    pub command: UdpCommand,
}

#[derive(Debug, Subcommand)]
pub enum UdpCommand {
    /// Receive datagrams and print each on its own line; lines typed on stdin go back
    /// to the last peer.
    #[command(
        after_long_help = super::help::UDP_LISTEN
    )]
    Listen(UdpListenArgs),
    /// Send a message, or each stdin line, as datagrams.
    #[command(
        after_long_help = super::help::UDP_SEND
    )]
    Send(UdpSendArgs),
}

#[derive(Debug, Args)]
pub struct UdpListenArgs {
    /// Where to listen (`:port` is every interface).
    #[arg(value_name = "ADDR", value_parser = udp_listen)]
    pub addr: Addr,
    /// Write payloads byte-exact, nothing added.
    #[arg(long, conflicts_with = "hex")]
    pub raw: bool,
    /// Print payloads as hex.
    #[arg(long)]
    pub hex: bool,
    /// Send every datagram back to its sender (never to this listener's own address).
    #[arg(long)]
    pub echo: bool,
    /// With --echo: at most N echoes per second to one source, after a burst of one
    /// second's worth.
    #[arg(long, value_name = "N/s", value_parser = parse_rate, default_value = "1000/s", requires = "echo")]
    pub echo_rate: Rate,
    /// Exit after N datagrams.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
    /// Exit when nothing arrives for DUR.
    #[arg(long, value_name = "DUR", value_parser = parse_timeout)]
    pub timeout: Option<Duration>,
    /// Join a multicast group (class D or ff00::/8); repeatable.
    #[arg(long, value_name = "GROUP")]
    pub join: Vec<IpAddr>,
    /// Receive buffer size (SO_RCVBUF, 1KiB-1GiB), so bursts are not lost.
    #[arg(long, value_name = "SIZE", value_parser = size_within(MIN_BUFFER, MAX_BUFFER))]
    pub buffer: Option<Size>,
}

#[derive(Debug, Args)]
pub struct UdpSendArgs {
    /// Where to send.
    #[arg(value_name = "ADDR", value_parser = udp_connect)]
    pub addr: Addr,
    /// One datagram; without it each stdin line is one datagram.
    #[arg(value_name = "MESSAGE")]
    pub message: Option<String>,
    /// Send stdin byte-exact in chunks of up to --size bytes.
    #[arg(long)]
    pub raw: bool,
    /// Largest datagram for --raw (1-65507 bytes).
    #[arg(long, value_name = "SIZE", default_value = "1472", value_parser = size_within(1, MAX_DATAGRAM))]
    pub size: Size,
    /// Print replies that arrive within DUR after the last send.
    #[arg(long, value_name = "DUR", value_parser = parse_positive_duration)]
    pub wait: Option<Duration>,
    /// Local address to send from.
    #[arg(long, value_name = "ADDR", value_parser = udp_listen)]
    pub bind: Option<Addr>,
    /// Allow sending to a broadcast address.
    #[arg(long)]
    pub broadcast: bool,
    /// IP TTL / hop limit, 1-255 (also for multicast).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=255))]
    pub ttl: Option<u32>,
    /// Send MESSAGE N times (with stdin: at most N datagrams).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
    /// At most N datagrams per second (1000/s; also 5/ms, 60/m, 3600/h).
    #[arg(long, value_name = "N/s", value_parser = parse_rate)]
    pub rate: Option<Rate>,
}

#[cfg(test)]
mod tests {
    use clap::Parser;
    use proptest::prelude::*;

    use crate::cli::Cli;

    fn parses(args: &[&str]) -> bool {
        Cli::try_parse_from(["nt", "udp"].iter().chain(args)).is_ok()
    }

    #[test]
    fn numbers_are_checked_at_parse_time() {
        for bad in [
            &["send", "127.0.0.1:9", "x", "--ttl", "0"][..],
            &["send", "127.0.0.1:9", "x", "--ttl", "256"],
            &["send", "127.0.0.1:9", "x", "--ttl", "4294967295"],
            &["send", "127.0.0.1:9", "x", "--count", "0"],
            &["send", "127.0.0.1:9", "--raw", "--size", "0"],
            &["send", "127.0.0.1:9", "--raw", "--size", "65508"],
            &["send", "127.0.0.1:9", "x", "--wait", "0"],
            &["listen", "127.0.0.1:0", "--count", "0"],
            &["listen", "127.0.0.1:0", "--timeout", "0ms"],
            &["listen", "127.0.0.1:0", "--buffer", "2GiB"],
            &["listen", "127.0.0.1:0", "--buffer", "10"],
            &["listen", "127.0.0.1:0", "--echo", "--echo-rate", "0/s"],
            &["listen", "127.0.0.1:0", "--echo-rate", "5/s"],
        ] {
            assert!(!parses(bad), "{bad:?} should be a usage error");
        }
        assert!(parses(&["send", "127.0.0.1:9", "x", "--ttl", "255", "--count", "1"]));
        assert!(parses(&[
            "listen",
            "127.0.0.1:0",
            "--buffer",
            "16MiB",
            "--echo",
            "--echo-rate",
            "5/s"
        ]));
    }

    proptest! {
        #[test]
        fn ttl_is_accepted_exactly_from_1_to_255(n in any::<i64>()) {
            let text = n.to_string();
            prop_assert_eq!(parses(&["send", "127.0.0.1:9", "x", "--ttl", &text]), (1..=255).contains(&n));
        }

        #[test]
        fn size_is_accepted_exactly_within_a_datagram(n in 0u64..200_000) {
            let text = n.to_string();
            prop_assert_eq!(
                parses(&["send", "127.0.0.1:9", "--raw", "--size", &text]),
                (1..=super::MAX_DATAGRAM).contains(&n)
            );
        }

        #[test]
        fn counts_start_at_one(n in any::<u64>()) {
            let text = n.to_string();
            prop_assert_eq!(parses(&["listen", "127.0.0.1:0", "--count", &text]), n >= 1);
            prop_assert_eq!(parses(&["send", "127.0.0.1:9", "x", "--count", &text]), n >= 1);
        }
    }
}
