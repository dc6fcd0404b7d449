//! nt tcp (being built).

use std::process::ExitCode;

use crate::cli::TcpArgs;
use crate::error::{Kind, fail};
use crate::output::Output;

pub fn run(_args: TcpArgs, _out: &Output) -> anyhow::Result<ExitCode> {
    Err(fail(Kind::Usage, "nt tcp is being built"))
}
