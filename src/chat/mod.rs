//! nt chat: a multi-user chat over TCP (or TLS) with a line-based UTF-8 protocol that a
//! plain `nc` or `telnet` can speak.
//!
//! - `protocol`: framing, commands, server lines, text cleaning, the flood bucket (pure,
//!   property-tested);
//! - `nick`: nickname rules and the confusable-skeleton key they are compared by;
//! - `course`: the dialect of the course's chat programs (GBK, `to:message`);
//! - `server`: `nt chat serve` (the room, its log, one task per connection, the cluster);
//! - `client`: `nt chat join`, the terminal or scripted client.
//!
//! This file only builds the runtime and dispatches.

mod client;
mod course;
mod nick;
mod protocol;
mod server;

use std::process::ExitCode;

use crate::cli::{ChatArgs, ChatCommand};
use crate::config::Config;
use crate::error::{Kind, Tag};
use crate::output::Output;

pub fn run(args: ChatArgs, config: &Config, out: &Output) -> anyhow::Result<ExitCode> {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().kind(Kind::LocalFile)?;
    let result = runtime.block_on(async {
        match args.command {
            ChatCommand::Serve(args) => {
                server::serve(args, config, out).await.map(|()| ExitCode::SUCCESS)
            }
            ChatCommand::Join(args) => client::join(args, out).await,
        }
    });
    // A thread may still be blocked reading stdin; do not wait for it.
    runtime.shutdown_background();
    result
}
