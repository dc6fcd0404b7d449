//! nt chat (being built).

use std::process::ExitCode;

use crate::cli::ChatArgs;
use crate::error::{Kind, fail};
use crate::output::Output;

pub fn run(_args: ChatArgs, _out: &Output) -> anyhow::Result<ExitCode> {
    Err(fail(Kind::Usage, "nt chat is being built"))
}
