//! nt udp (being built).

use std::process::ExitCode;

use crate::cli::UdpArgs;
use crate::error::{Kind, fail};
use crate::output::Output;

pub fn run(_args: UdpArgs, _out: &Output) -> anyhow::Result<ExitCode> {
    Err(fail(Kind::Usage, "nt udp is being built"))
}
