//! The system shell, for the few places that run a line of text the user wrote:
//! `tcp serve --sh-exec`, `password_command`, `--oauth2-token-command` and
//! `mail watch --exec`. `sh -c LINE` on unix; `cmd /C LINE` on Windows, with the line passed
//! as it was typed (as ncat does: cmd.exe does not read the C runtime's quoting). Nothing
//! here runs anything: callers set up stdio and spawn.

use std::process::Command;

/// The shell and its "run this line" flag, for messages.
pub const SHELL: [&str; 2] = if cfg!(windows) { ["cmd", "/C"] } else { ["sh", "-c"] };

/// A command that runs `line` with the system shell.
pub fn command(line: &str) -> Command {
    let mut cmd = Command::new(SHELL[0]);
    cmd.arg(SHELL[1]);
    #[cfg(windows)]
    std::os::windows::process::CommandExt::raw_arg(&mut cmd, line);
    #[cfg(not(windows))]
    cmd.arg(line);
    cmd
}
