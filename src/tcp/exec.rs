//! `nt tcp serve --exec 'CMD ARGS'` and `--sh-exec 'LINE'`: a program per connection, with
//! the connection as its stdin and stdout and nt's stderr as its stderr.
//!
//! `--exec` splits its text into argv the way a shell would quote it (shell-words) and runs
//! the program directly: no shell ever sees the text. Only `--sh-exec` goes through a
//! shell: `sh -c` on unix, `cmd /C` on Windows (as ncat does). The program's exit closes
//! its connection; a client that goes away closes the program's stdin, and a client that
//! resets kills it. Each program leads a process group (unix) or Job object (Windows) of its
//! own (`group.rs`): when its connection ends, whatever it left running is ended with it,
//! so a slot is free only when its processes are gone. It must not read nt's stdin.

use std::path::Path;
use std::process::Stdio;

use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};

use super::group::{self, Group};
use crate::error::{Kind, fail};
use crate::output::Output;

/// The program to run for each client.
#[derive(Debug, Clone)]
pub struct Program {
    argv: Vec<String>,
    /// `argv` is the system shell and its line (`--sh-exec`).
    shell: bool,
}

impl Program {
    /// `--exec`: `line` split into argv without a shell; the program must exist (exit 3).
    pub fn exec(line: &str) -> anyhow::Result<Program> {
        let argv = shell_words::split(line)
            .map_err(|e| fail(Kind::Usage, format!("--exec '{line}': {e}")))?;
        let Some(program) = argv.first() else {
            return Err(fail(Kind::Usage, "--exec needs a command"));
        };
        if !found(program) {
            return Err(fail(
                Kind::LocalFile,
                format!("--exec: cannot find the program '{program}'"),
            ));
        }
        Ok(Program { argv, shell: false })
    }

    /// `--sh-exec`: `line` run by the system's shell, `sh -c` (unix) or `cmd /C` (Windows).
    pub fn shell(line: &str) -> anyhow::Result<Program> {
        if line.trim().is_empty() {
            return Err(fail(Kind::Usage, "--sh-exec needs a command line"));
        }
        let [shell, flag] = crate::shell::SHELL;
        Ok(Program { argv: vec![shell.into(), flag.into(), line.into()], shell: true })
    }

    /// The program to spawn: the shell with its line as typed (`crate::shell`), or argv.
    fn command(&self) -> std::process::Command {
        if self.shell {
            return crate::shell::command(&self.argv[2]);
        }
        let mut cmd = std::process::Command::new(&self.argv[0]);
        cmd.args(&self.argv[1..]);
        cmd
    }

    /// Run the program with `stream` as its stdin and stdout until it exits; then (or when
    /// the client resets) end what is left of its process group.
    pub async fn run<S>(&self, stream: S, peer: &str, out: &Output) -> anyhow::Result<()>
    where
        S: AsyncRead + AsyncWrite + Unpin,
    {
        let mut cmd = tokio::process::Command::from(self.command());
        cmd.env("NT_PEER", peer)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        let mut child = group::own_group(&mut cmd)
            .spawn()
            .map_err(|e| fail(Kind::LocalFile, format!("cannot run '{}': {e}", self.argv[0])))?;
        let mut group = Group::of(&child);
        let served = self.serve(&mut child, stream).await;
        group.end(&mut child).await;
        match served? {
            Ok(status) if !status.success() => {
                out.warn(&format!("{peer}: '{}' ended with {status}", self.argv[0]));
            }
            Ok(_) => {}
            Err(e) => out.warn(&format!("{peer}: cannot wait for '{}': {e}", self.argv[0])),
        }
        Ok(())
    }

    /// Copy between the connection and the program until the program exits (its status)
    /// or the client resets (an error).
    async fn serve<S>(
        &self,
        child: &mut tokio::process::Child,
        stream: S,
    ) -> anyhow::Result<std::io::Result<std::process::ExitStatus>>
    where
        S: AsyncRead + AsyncWrite + Unpin,
    {
        let (Some(mut child_in), Some(mut child_out)) = (child.stdin.take(), child.stdout.take())
        else {
            return Err(fail(Kind::LocalFile, "the program's stdin and stdout were not piped"));
        };
        let (mut rd, mut wr) = tokio::io::split(stream);
        let to_program = async move {
            let copied = tokio::io::copy(&mut rd, &mut child_in).await;
            // Dropping the pipe is the program's EOF.
            drop(child_in);
            copied
        };
        let from_program = async move {
            let copied = tokio::io::copy(&mut child_out, &mut wr).await;
            let _ = wr.shutdown().await;
            copied
        };
        let ended = async { tokio::join!(from_program, child.wait()) };
        tokio::pin!(to_program, ended);
        let mut client_done = false;
        loop {
            tokio::select! {
                copied = &mut to_program, if !client_done => match copied {
                    // The client half-closed: the program has its EOF and finishes.
                    Ok(_) => client_done = true,
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => client_done = true,
                    // A reset: nobody is left to answer; the program's group is ended.
                    Err(e) => return Err(anyhow::Error::new(e).context("connection lost").context(Kind::Network)),
                },
                (_, status) = &mut ended => return Ok(status),
            }
        }
    }
}

/// Whether `program` can be found: a path that exists, or a name on `PATH`. On Windows a
/// name may leave out its extension (`.exe`, `.bat`...: the ones `PATHEXT` lists), as
/// the system finds it.
fn found(program: &str) -> bool {
    let extensions = windows_extensions();
    let exists = |candidate: &Path| {
        candidate.is_file()
            || extensions.iter().any(|ext| {
                let mut name = candidate.as_os_str().to_owned();
                name.push(ext);
                Path::new(&name).is_file()
            })
    };
    if program.contains('/') || (cfg!(windows) && program.contains('\\')) {
        return exists(Path::new(program));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).any(|dir| exists(&dir.join(program)))
}

/// The extensions Windows tries on a program name (`PATHEXT`); none elsewhere.
fn windows_extensions() -> Vec<String> {
    if !cfg!(windows) {
        return Vec::new();
    }
    let listed = std::env::var("PATHEXT").unwrap_or_else(|_| ".COM;.EXE;.BAT;.CMD".into());
    listed.split(';').filter(|e| !e.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_splits_without_a_shell_and_checks_the_program() {
        // A program every platform has (Windows finds cmd.exe without its extension).
        let [shell, _] = crate::shell::SHELL;
        let p = Program::exec(&format!("{shell} -c 'echo \"a b\"; exit 3'")).unwrap();
        assert_eq!(p.argv, [shell, "-c", "echo \"a b\"; exit 3"]);
        let p = Program::exec(&format!("{shell} $HOME;rm")).unwrap();
        assert_eq!(p.argv, [shell, "$HOME;rm"], "no expansion, no command separator");
        assert!(Program::exec("").is_err());
        assert!(Program::exec("'unclosed").is_err());
        let missing = Program::exec("no-such-program-here-1234").unwrap_err();
        assert_eq!(crate::error::kind_of(&missing), Kind::LocalFile);
        let [shell, flag] = crate::shell::SHELL;
        assert_eq!(Program::shell("echo $HOME").unwrap().argv, [shell, flag, "echo $HOME"]);
        assert!(Program::shell("  ").is_err());
    }
}
