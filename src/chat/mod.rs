//! nt chat: a multi-user chat over TCP with a line-based UTF-8 protocol that a plain `nc`
//! or `telnet` can speak.
//!
//! - `protocol`: framing, nicknames, commands and server lines (pure, property-tested);
//! - `server`: `nt chat serve`, the room (tokio, bounded per-user queues);
//! - `client`: `nt chat join`, the terminal or scripted client.
//!
//! This file only builds the runtime and dispatches.

mod client;
mod protocol;
mod server;

use std::process::ExitCode;

use crate::cli::{ChatArgs, ChatCommand};
use crate::error::{Kind, Tag};
use crate::output::Output;

pub fn run(args: ChatArgs, out: &Output) -> anyhow::Result<ExitCode> {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().kind(Kind::LocalFile)?;
    let result = runtime.block_on(async {
        match args.command {
            ChatCommand::Serve(args) => server::serve(args, out).await.map(|()| ExitCode::SUCCESS),
            ChatCommand::Join(args) => client::join(args, out).await,
        }
    });
    // A thread may still be blocked reading stdin; do not wait for it.
    runtime.shutdown_background();
    result
}
