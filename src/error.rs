//! Error kinds, exit codes and the one error reporter.
//!
//! Modules attach a [`Kind`] (and optionally a [`Hint`]) to an `anyhow::Error` with
//! [`Tag::kind`] / [`Tag::hint`] where the kind is known; `main` finds it by downcast and
//! turns it into the documented exit code. Nothing here matches on message text. A closed
//! stdout is tagged at the write site with [`ClosedStdout`] and ends quietly with success.

use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

/// What went wrong, as far as the exit code is concerned. The exit codes are named once here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bad flag, bad ADDR, bad CIDR, bad duration: exit 2.
    Usage,
    /// A local file is missing, unreadable or unwritable: exit 3.
    LocalFile,
    /// Cannot resolve, refused, unreachable, timed out, connection lost: exit 4.
    Network,
    /// Login rejected, certificate not trusted, TLS required but not offered: exit 5.
    AuthTls,
    /// The remote side refused the operation (FTP 4xx/5xx, SMTP rejection): exit 6.
    Refused,
    /// Interrupted by Ctrl-C: exit 130.
    Interrupted,
}

/// Exit code for a negative answer that is not an error (`ip contains` says no, `tcp -z` closed).
pub const EXIT_NO: u8 = 1;

impl Kind {
    /// The documented exit code of this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Usage => 2,
            Kind::LocalFile => 3,
            Kind::Network => 4,
            Kind::AuthTls => 5,
            Kind::Refused => 6,
            Kind::Interrupted => 130,
        }
    }

    /// The stable name used in JSON errors (`"kind":"network"`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Usage => "usage",
            Kind::LocalFile => "file",
            Kind::Network => "network",
            Kind::AuthTls => "auth",
            Kind::Refused => "refused",
            Kind::Interrupted => "interrupted",
        }
    }
}

/// A kind attached as context prints nothing: the reporter skips empty layers.
impl fmt::Display for Kind {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Ok(())
    }
}

/// A hint line for the user ("hint: ..."), attached as context; prints nothing in the chain.
#[derive(Debug, Clone)]
pub struct Hint(pub String);

impl fmt::Display for Hint {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Ok(())
    }
}

/// Marker: stdout was closed by the reader (`nt ... | head -1`). Ends quietly with success.
#[derive(Debug, Clone, Copy)]
pub struct ClosedStdout;

impl fmt::Display for ClosedStdout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("stdout was closed")
    }
}

impl std::error::Error for ClosedStdout {}

/// Attach a kind or a hint to an error or a result.
pub trait Tag<T> {
    /// Attach the kind that decides the exit code.
    fn kind(self, kind: Kind) -> anyhow::Result<T>;
    /// Attach a `hint:` line.
    fn hint(self, hint: impl Into<String>) -> anyhow::Result<T>;
}

impl<T, E> Tag<T> for Result<T, E>
where
    E: Into<anyhow::Error>,
{
    fn kind(self, kind: Kind) -> anyhow::Result<T> {
        self.map_err(|e| e.into().context(kind))
    }

    fn hint(self, hint: impl Into<String>) -> anyhow::Result<T> {
        self.map_err(|e| e.into().context(Hint(hint.into())))
    }
}

/// Build an error of a given kind from a message: `bail(Kind::Usage, "bad port")`.
pub fn fail(kind: Kind, msg: impl fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("{msg}").context(kind)
}

/// Whether a write failed because the reader of the pipe is gone: EPIPE on unix; on
/// Windows ERROR_NO_DATA (std's BrokenPipe) or ERROR_PIPE_NOT_CONNECTED (233), which a
/// pipe whose reader has closed also gives (wine gives only that one).
pub fn is_closed_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe || (cfg!(windows) && e.raw_os_error() == Some(233))
}

/// Map a write to stdout: a broken pipe becomes [`ClosedStdout`], anything else stays.
pub fn stdout_result<T>(r: io::Result<T>) -> anyhow::Result<T> {
    r.map_err(|e| {
        if is_closed_pipe(&e) {
            anyhow::Error::new(ClosedStdout)
        } else {
            anyhow::Error::new(e).context("cannot write to stdout").context(Kind::LocalFile)
        }
    })
}

/// The kind of an error: the outermost attached [`Kind`], else a guess from a typed
/// `io::Error` in the chain (file-ish errors are local, the rest network), else usage.
pub fn kind_of(err: &anyhow::Error) -> Kind {
    if let Some(kind) = err.downcast_ref::<Kind>() {
        return *kind;
    }
    for cause in err.chain() {
        if let Some(io) = cause.downcast_ref::<io::Error>() {
            use io::ErrorKind as K;
            return match io.kind() {
                K::NotFound
                | K::PermissionDenied
                | K::AlreadyExists
                | K::IsADirectory
                | K::NotADirectory
                | K::ReadOnlyFilesystem
                | K::StorageFull
                | K::DirectoryNotEmpty => Kind::LocalFile,
                K::Interrupted => Kind::Interrupted,
                _ => Kind::Network,
            };
        }
    }
    Kind::Usage
}

/// An error on one line, its layers joined by `: ` (for warnings). Unlike `{err:#}` it
/// leaves out the empty layers that carry a [`Kind`] or a [`Hint`].
pub fn one_line(err: &anyhow::Error) -> String {
    messages(err).join(": ")
}

/// The message lines of an error: every non-empty layer of its chain, without repeats.
fn messages(err: &anyhow::Error) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        let text = text.trim();
        if text.is_empty() || lines.iter().any(|l| l == text) {
            continue;
        }
        lines.push(text.replace(['\n', '\r'], " "));
    }
    if lines.is_empty() {
        lines.push("unknown error".into());
    }
    lines
}

#[derive(Serialize)]
struct JsonError<'a> {
    error: &'a str,
    kind: &'static str,
    exit: u8,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    causes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
}

/// Print an error to stderr in the documented format and return its exit code.
///
/// Human: `nt: error: WHAT`, then `caused by: ...` lines, then `hint: ...`.
/// JSON: one object `{"error":..,"kind":..,"exit":..}`. Write failures on stderr are ignored.
pub fn report(err: &anyhow::Error, json: bool) -> ExitCode {
    if err.downcast_ref::<ClosedStdout>().is_some() {
        return ExitCode::SUCCESS;
    }
    let kind = kind_of(err);
    let mut lines = messages(err);
    let what = lines.remove(0);
    let hint = err.downcast_ref::<Hint>().map(|h| h.0.as_str());
    let mut stderr = io::stderr().lock();
    if json {
        let doc = JsonError {
            error: &what,
            kind: kind.name(),
            exit: kind.exit_code(),
            causes: lines,
            hint,
        };
        let text = serde_json::to_string(&doc).unwrap_or_else(|_| "{}".into());
        let _ = writeln!(stderr, "{text}");
    } else {
        let _ = writeln!(stderr, "nt: error: {what}");
        for line in &lines {
            let _ = writeln!(stderr, "caused by: {line}");
        }
        if let Some(hint) = hint {
            let _ = writeln!(stderr, "hint: {hint}");
        }
    }
    if kind == Kind::Interrupted {
        drop(stderr);
        crate::signal::die();
    }
    ExitCode::from(kind.exit_code())
}

/// A command-line error from clap, reported like every other error: `nt: error: WHAT`,
/// with clap's tip or the usage line as the hint, exit 2. Help and version requests print
/// as clap renders them; a failed write of them is an error like any write to stdout
/// (exit 3), and a closed pipe (`nt --help | head -1`) the usual quiet success.
pub fn report_clap(err: clap::Error, json: bool) -> ExitCode {
    use clap::error::ErrorKind as K;
    match err.kind() {
        K::DisplayHelp | K::DisplayVersion => {
            let written = err.print().and_then(|()| io::stdout().flush());
            return match stdout_result(written) {
                Ok(()) => ExitCode::SUCCESS,
                Err(write_err) => report(&write_err, json),
            };
        }
        K::DisplayHelpOnMissingArgumentOrSubcommand => {
            // On stderr, as a usage error: a failed write there has nowhere to be told.
            let _ = err.print();
            return ExitCode::from(Kind::Usage.exit_code());
        }
        _ => {}
    }
    let (what, hint) = clap_message(&err.render().to_string());
    report(&fail(Kind::Usage, what).context(Hint(hint)), json)
}

/// The error line and the hint of a rendered clap error.
///
/// clap renders `error: WHAT`, then the list that belongs to WHAT one item per indented
/// line (the missing arguments, the conflicting ones, `[possible values: ...]`,
/// `[subcommands: ...]`), a blank line, then tips and the usage. The list is joined into
/// the one error line, so no kind of error loses it; the tip, else the usage, is the hint.
fn clap_message(text: &str) -> (String, String) {
    let mut paragraphs = text.split("\n\n");
    let mut first = paragraphs.next().unwrap_or("").lines().map(str::trim);
    let head = first.next().unwrap_or("");
    let mut what = head.strip_prefix("error: ").unwrap_or(head).trim().to_string();
    if what.is_empty() {
        what = "invalid usage".into();
    }
    let (notes, items): (Vec<&str>, Vec<&str>) =
        first.filter(|l| !l.is_empty()).partition(|l| l.starts_with('['));
    if !items.is_empty() {
        let sep = if what.ends_with(':') { " " } else { ": " };
        what = format!("{what}{sep}{}", items.join(", "));
    }
    for note in notes {
        what = format!("{what} {note}");
    }
    let rest: Vec<&str> = paragraphs.flat_map(str::lines).map(str::trim).collect();
    let tip = rest.iter().find_map(|l| l.strip_prefix("tip: "));
    let usage = rest.iter().find_map(|l| l.strip_prefix("Usage: "));
    let hint = match (tip, usage) {
        (Some(tip), _) => tip.to_string(),
        (None, Some(usage)) => format!("usage: {usage} (more with --help)"),
        (None, None) => "more with --help".to_string(),
    };
    (what, hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_match_the_contract() {
        let table = [
            (Kind::Usage, 2),
            (Kind::LocalFile, 3),
            (Kind::Network, 4),
            (Kind::AuthTls, 5),
            (Kind::Refused, 6),
            (Kind::Interrupted, 130),
        ];
        for (kind, code) in table {
            assert_eq!(kind.exit_code(), code, "{kind:?}");
        }
    }

    #[test]
    fn outermost_kind_wins_and_prints_nothing() {
        let err: anyhow::Result<()> = Err(io::Error::from(io::ErrorKind::NotFound))
            .kind(Kind::LocalFile)
            .map_err(|e| e.context("cannot open x"))
            .kind(Kind::Network);
        let err = err.unwrap_err();
        assert_eq!(kind_of(&err), Kind::Network);
        let lines = messages(&err);
        assert_eq!(lines[0], "cannot open x");
        assert!(lines.iter().all(|l| !l.is_empty()));
        assert!(one_line(&err).starts_with("cannot open x: "), "{}", one_line(&err));
    }

    #[test]
    fn untagged_io_errors_are_classified_by_type() {
        let refused = anyhow::Error::new(io::Error::from(io::ErrorKind::ConnectionRefused));
        assert_eq!(kind_of(&refused), Kind::Network);
        let missing = anyhow::Error::new(io::Error::from(io::ErrorKind::NotFound));
        assert_eq!(kind_of(&missing), Kind::LocalFile);
        assert_eq!(kind_of(&anyhow::anyhow!("plain")), Kind::Usage);
    }

    #[test]
    fn clap_errors_become_usage_errors() {
        use clap::{Arg, Command};
        let cmd =
            || Command::new("nt").arg(Arg::new("port").value_parser(clap::value_parser!(u16)));
        let err = cmd().try_get_matches_from(["nt", "70000"]).unwrap_err();
        assert_eq!(report_clap(err, false), ExitCode::from(2));
        let help = cmd().try_get_matches_from(["nt", "--help"]).unwrap_err();
        assert!(!help.use_stderr());
    }

    #[test]
    fn hint_is_found_and_broken_pipe_is_quiet() {
        let err = fail(Kind::Network, "port in use").context(Hint("try another".into()));
        assert_eq!(err.downcast_ref::<Hint>().map(|h| h.0.as_str()), Some("try another"));
        let pipe = stdout_result::<()>(Err(io::Error::from(io::ErrorKind::BrokenPipe)));
        assert!(pipe.unwrap_err().downcast_ref::<ClosedStdout>().is_some());
    }
}
