//! nt ip (being built).

use std::process::ExitCode;

use crate::cli::IpArgs;
use crate::error::{Kind, fail};
use crate::output::Output;

pub fn run(_args: IpArgs, _out: &Output) -> anyhow::Result<ExitCode> {
    Err(fail(Kind::Usage, "nt ip is being built"))
}
