//! nt chat: a multi-user chat over TCP (or TLS) with a line-based UTF-8 protocol that a
//! plain `nc` or `telnet` can speak.
//!
//! - `protocol`: framing, commands, server lines, text cleaning, the flood bucket (pure,
//!   property-tested);
//! - `nick`: nickname rules and the confusable-skeleton key they are compared by;
//! - `invisible`: the characters that render as nothing (Default_Ignorable_Code_Point);
//! - `course`: the dialect of the course's chat programs (GBK, `to:message`);
//! - `server`: `nt chat serve` (the room, its log, one task per connection, the cluster);
//! - `client`: `nt chat join`, the terminal or scripted client.
//!
//! This file only builds the runtime and dispatches.

mod client;
mod course;
mod invisible;
pub mod nick;
pub mod protocol;
pub mod server;

use std::process::ExitCode;

use crate::cli::{ChatArgs, ChatCommand};
use crate::config::Config;
use crate::output::Output;

pub fn run(args: ChatArgs, config: &Config, out: &Output) -> anyhow::Result<ExitCode> {
    let result = crate::net::block_on(crate::net::Threads::Pool, async {
        match args.command {
            ChatCommand::Serve(args) => {
                server::serve(args, config, out).await.map(|()| ExitCode::SUCCESS)
            }
            ChatCommand::Join(args) => client::join(args, out).await,
        }
    });
    result?
}
