//! `nt completions SHELL`: the completion script, generated from the clap tree.
//!
//! The files under `completions/` are this output, checked in; a test keeps them in sync.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::stdout_result;
use crate::output::Output;

/// The completion script for a shell, as bytes.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "nt", &mut buf);
    buf
}

pub fn run(args: CompletionsArgs, _out: &Output) -> anyhow::Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    stdout_result(stdout.write_all(&script(args.shell)).and_then(|()| stdout.flush()))?;
    Ok(ExitCode::SUCCESS)
}
