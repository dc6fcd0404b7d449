//! nt ftp (being built).

use std::process::ExitCode;

use crate::cli::FtpArgs;
use crate::config::Config;
use crate::error::{Kind, fail};
use crate::output::Output;

pub fn run(_args: FtpArgs, _config: &Config, _out: &Output) -> anyhow::Result<ExitCode> {
    Err(fail(Kind::Usage, "nt ftp is being built"))
}
