//! The command line of nt chat: `serve` and `join`.
//!
//! Part of the one clap tree (see `cli.rs`): doc comments are the help text, values are
//! parsed with the typed parsers of `addr.rs`. Nothing here does I/O.

use std::time::Duration;

use clap::{Args, Subcommand};

use crate::addr::{Addr, Size, parse_connect, parse_duration, parse_listen};

#[derive(Debug, Args)]
pub struct ChatArgs {
    #[command(subcommand)]
    pub command: ChatCommand,
}

#[derive(Debug, Subcommand)]
pub enum ChatCommand {
    /// Run a chat server; lines on stdin go to everyone as notices.
    #[command(
        after_help = "Examples:\n  nt chat serve :8888\n  nt chat serve 127.0.0.1:8888 --motd 'be nice' --max-clients 5000\n  nt chat serve 127.0.0.1:0 --max-line 16KiB --rate 50 --burst 200"
    )]
    Serve(ChatServeArgs),
    /// Join a chat server: lines typed are sent, what arrives is printed.
    #[command(
        after_help = "Examples:\n  nt chat join 127.0.0.1:8888 --nick alice\n  echo '/msg bob hi' | nt chat join 127.0.0.1:8888 --nick alice\n  nt --json chat join 127.0.0.1:8888 --nick bot | jq -c 'select(.event == \"private\")'"
    )]
    Join(ChatJoinArgs),
}

#[derive(Debug, Args)]
pub struct ChatServeArgs {
    /// Where to listen (`:port` is every interface; port 0 lets the kernel pick one).
    #[arg(value_name = "ADDR", value_parser = parse_listen)]
    pub addr: Addr,
    /// At most N connections at once; one more is told `[error] full` and closed.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_clients: usize,
    /// Message of the day, sent to each user on joining.
    #[arg(long, value_name = "TEXT")]
    pub motd: Option<String>,
    /// Longest line a user may send; a longer one is dropped with `[error] too-long`.
    #[arg(long, value_name = "SIZE", default_value = "4KiB")]
    pub max_line: Size,
    /// Lines waiting for one user; a user whose queue fills (it stopped reading) is
    /// disconnected so it never slows anyone else.
    #[arg(long, value_name = "LINES", default_value_t = 1024)]
    pub queue: usize,
    /// Lines per second one user may send on average (0 = no limit); more is a flood and
    /// disconnects that user with `[error] flood`.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub rate: u32,
    /// Lines one user may send in a burst above --rate.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub burst: u32,
    /// Joins and leaves are announced while at most N users are online (announcing each of
    /// ten thousand joins to everyone already there would cost fifty million lines).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub announce_max: usize,
}

#[derive(Debug, Args)]
pub struct ChatJoinArgs {
    /// The chat server.
    #[arg(value_name = "ADDR", value_parser = parse_connect)]
    pub addr: Addr,
    /// Your nickname (1-32 letters, digits, `_`, `-`, `.`).
    #[arg(long, value_name = "NAME", env = "NT_CHAT_NICK")]
    pub nick: String,
    /// Give up connecting after this long.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "10s")]
    pub timeout: Duration,
}
