//! The command line of nt udp: `listen` and `send`.
//!
//! Part of the one clap tree (see `cli.rs`): doc comments are the help text, values are
//! parsed with the typed parsers of `addr.rs`. Nothing here does I/O.

use std::net::IpAddr;
use std::time::Duration;

use clap::{Args, Subcommand};

use crate::addr::{Addr, Rate, Size, parse_connect, parse_duration, parse_listen, parse_rate};

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
        after_help = "Examples:\n  nt udp listen :40000\n  nt udp listen 127.0.0.1:40000 --count 1 --timeout 5s\n  nt udp listen :5353 --join 224.0.0.251 --json"
    )]
    Listen(UdpListenArgs),
    /// Send a message, or each stdin line, as datagrams.
    #[command(
        after_help = "Examples:\n  nt udp send 127.0.0.1:40000 hello\n  printf 'a\\nb\\n' | nt udp send 127.0.0.1:40000\n  nt udp send 127.0.0.1:40000 ping --wait 1s"
    )]
    Send(UdpSendArgs),
}

#[derive(Debug, Args)]
pub struct UdpListenArgs {
    /// Where to listen (`:port` is every interface).
    #[arg(value_name = "ADDR", value_parser = parse_listen)]
    pub addr: Addr,
    /// Write payloads byte-exact, nothing added.
    #[arg(long, conflicts_with = "hex")]
    pub raw: bool,
    /// Print payloads as hex.
    #[arg(long)]
    pub hex: bool,
    /// Send every datagram back to its sender.
    #[arg(long)]
    pub echo: bool,
    /// Exit after N datagrams.
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// Exit when nothing arrives for DUR.
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub timeout: Option<Duration>,
    /// Join a multicast group (class D or ff00::/8); repeatable.
    #[arg(long, value_name = "GROUP")]
    pub join: Vec<IpAddr>,
    /// Receive buffer size (SO_RCVBUF), so bursts are not lost.
    #[arg(long, value_name = "SIZE")]
    pub buffer: Option<Size>,
}

#[derive(Debug, Args)]
pub struct UdpSendArgs {
    /// Where to send.
    #[arg(value_name = "ADDR", value_parser = parse_connect)]
    pub addr: Addr,
    /// One datagram; without it each stdin line is one datagram.
    #[arg(value_name = "MESSAGE")]
    pub message: Option<String>,
    /// Send stdin byte-exact in chunks of up to --size bytes.
    #[arg(long)]
    pub raw: bool,
    /// Largest datagram for --raw.
    #[arg(long, value_name = "SIZE", default_value = "1472")]
    pub size: Size,
    /// Print replies that arrive within DUR after the last send.
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub wait: Option<Duration>,
    /// Local address to send from.
    #[arg(long, value_name = "ADDR", value_parser = parse_listen)]
    pub bind: Option<Addr>,
    /// Allow sending to a broadcast address.
    #[arg(long)]
    pub broadcast: bool,
    /// IP TTL / hop limit (also for multicast).
    #[arg(long, value_name = "N")]
    pub ttl: Option<u32>,
    /// Send MESSAGE N times.
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// At most N datagrams per second (1000/s; also 5/ms, 60/m, 3600/h).
    #[arg(long, value_name = "N/s", value_parser = parse_rate)]
    pub rate: Option<Rate>,
}
