//! nt mail (being built).

use std::process::ExitCode;

use crate::cli::MailArgs;
use crate::config::Config;
use crate::error::{Kind, fail};
use crate::output::Output;

pub fn run(_args: MailArgs, _config: &Config, _out: &Output) -> anyhow::Result<ExitCode> {
    Err(fail(Kind::Usage, "nt mail is being built"))
}
