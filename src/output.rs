//! Where output goes and how it looks: data on stdout, talk on stderr.
//!
//! Color is decided once here (`--color` wins; auto means a TTY that shows ANSI colors
//! (a Windows console is asked to), `NO_COLOR` unset or empty and `TERM` not `dumb`).
//! JSON documents and JSON Lines go through [`Output::json`].
//! Peer-controlled text must pass through [`sanitize`] before it reaches a terminal.
//! This module never exits the process; a closed stdout becomes [`ClosedStdout`].
//!
//! [`ClosedStdout`]: crate::error::ClosedStdout

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use crate::error::stdout_result;

/// `--color`: when to use color.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What the global flags say about output (`--json -q -v --color`).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub json: bool,
    pub quiet: bool,
    pub verbose: u8,
    pub color: ColorChoice,
}

/// A few ANSI styles; nothing else in nt writes escape codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Bold,
    Dim,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Bold => "1",
            Style::Dim => "2",
            Style::Red => "31",
            Style::Green => "32",
            Style::Yellow => "33",
            Style::Blue => "34",
            Style::Magenta => "35",
            Style::Cyan => "36",
        }
    }
}

/// How this run talks: JSON or human, quiet or verbose, colored or plain, TTY or pipe.
#[derive(Debug, Clone)]
pub struct Output {
    json: bool,
    quiet: bool,
    verbose: u8,
    /// Color on stdout (data meant for a human on a terminal).
    color: bool,
    /// Color on stderr (talk, errors).
    color_err: bool,
    stdout_tty: bool,
    stderr_tty: bool,
    stdin_tty: bool,
}

fn color_allowed(
    choice: ColorChoice,
    tty: bool,
    no_color: Option<&str>,
    term: Option<&str>,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && no_color.is_none_or(str::is_empty) && term != Some("dumb"),
    }
}

impl Output {
    /// Decide everything once from the global flags and the environment.
    pub fn new(globals: Settings) -> Output {
        let stdout_tty = io::stdout().is_terminal();
        let stderr_tty = io::stderr().is_terminal();
        let no_color = std::env::var("NO_COLOR").ok();
        let term = std::env::var("TERM").ok();
        let allowed = |tty| color_allowed(globals.color, tty, no_color.as_deref(), term.as_deref());
        // A Windows console that cannot show ANSI escapes is treated as a pipe for color.
        let ansi = |tty: bool, stderr| tty && crate::console::ansi_ok(stderr);
        Output {
            json: globals.json,
            quiet: globals.quiet,
            verbose: globals.verbose,
            color: allowed(ansi(stdout_tty, false)) && !globals.json,
            color_err: allowed(ansi(stderr_tty, true)),
            stdout_tty,
            stderr_tty,
            stdin_tty: io::stdin().is_terminal(),
        }
    }

    /// A quiet, colorless `Output` for unit tests.
    #[cfg(test)]
    pub fn quiet_for_tests() -> Output {
        Output::new(Settings { json: false, quiet: true, verbose: 0, color: ColorChoice::Never })
    }

    /// Whether progress bars may be drawn: stderr is a TTY, not quiet, not JSON.
    pub fn progress_allowed(&self) -> bool {
        self.stderr_tty && !self.quiet && !self.json
    }

    /// `--json`: one JSON document, or JSON Lines for streams.
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// How many `-v` were given.
    pub fn verbosity(&self) -> u8 {
        self.verbose
    }

    pub fn stdin_tty(&self) -> bool {
        self.stdin_tty
    }

    pub fn stdout_tty(&self) -> bool {
        self.stdout_tty
    }

    pub fn stderr_tty(&self) -> bool {
        self.stderr_tty
    }

    /// A person at a terminal on both ends and no JSON: the two-way line-editor sessions
    /// (`udp send`, `tcp connect`, `chat join`) and prompts.
    pub fn interactive(&self) -> bool {
        self.stdin_tty && self.stdout_tty && !self.json
    }

    /// Raw data on stdout (bytes from a peer, a file): a buffered writer whose broken
    /// pipe ends the command quietly with success ([`Data::write`], [`Data::flush`]).
    pub fn data(&self) -> Data {
        Data { inner: io::BufWriter::with_capacity(64 << 10, io::stdout()) }
    }

    /// Wrap text in a style when stdout is colored.
    pub fn paint<'a>(&self, style: Style, text: &'a str) -> Cow<'a, str> {
        paint_if(self.color, style, text)
    }

    /// Wrap text in a style when stderr is colored.
    pub fn paint_err<'a>(&self, style: Style, text: &'a str) -> Cow<'a, str> {
        paint_if(self.color_err, style, text)
    }

    /// One line of data on stdout. A closed pipe becomes `ClosedStdout`.
    pub fn line(&self, text: &str) -> anyhow::Result<()> {
        let mut out = io::stdout().lock();
        stdout_result(writeln!(out, "{text}").and_then(|()| out.flush()))
    }

    /// One JSON document (or one JSON Lines event) on stdout.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> anyhow::Result<()> {
        let text = serde_json::to_string(value)?;
        self.line(&text)
    }

    /// Talk on stderr (status, summaries); silenced by `-q`.
    pub fn info(&self, text: &str) {
        if !self.quiet {
            let _ = writeln!(io::stderr().lock(), "{text}");
        }
    }

    /// A warning on stderr; silenced by `-q`.
    pub fn warn(&self, text: &str) {
        if !self.quiet {
            let label = self.paint_err(Style::Yellow, "warning:");
            let _ = writeln!(io::stderr().lock(), "nt: {label} {text}");
        }
    }

    /// `listening on ADDR` on stderr: talk, but printed even under `-q` when `always`
    /// (port 0: the caller cannot know the port otherwise; scripts and tests read it).
    /// `service` names a second listener of one command: `listening on ADDR (pop3)`.
    pub fn listening(&self, local: std::net::SocketAddr, always: bool, service: Option<&str>) {
        if always || !self.quiet {
            let _ = match service {
                Some(service) => writeln!(io::stderr().lock(), "listening on {local} ({service})"),
                None => writeln!(io::stderr().lock(), "listening on {local}"),
            };
        }
    }

    /// A line on stderr that a user needs to go on (a certificate's fingerprint to pin),
    /// printed even under `-q`.
    pub fn announce(&self, text: &str) {
        let _ = writeln!(io::stderr().lock(), "{text}");
    }

    /// Extra detail on stderr, only with `-v`. Never pass secrets here.
    pub fn debug(&self, text: &str) {
        if self.verbose > 0 && !self.quiet {
            let _ = writeln!(io::stderr().lock(), "nt: {text}");
        }
    }

    /// Whether `-vv` asked for the protocol dialogue.
    pub fn tracing(&self) -> bool {
        self.verbose >= 2 && !self.quiet
    }

    /// One line of the protocol dialogue on stderr with `-vv`: `> ` for what nt sends,
    /// `< ` for what arrives. Secrets in known commands are masked ([`mask`]); a line
    /// that is a secret as a whole (an AUTH LOGIN answer) is traced with [`Output::trace_secret`].
    pub fn trace(&self, dir: Dir, line: &str) {
        if self.tracing() {
            let line = line.trim_end_matches(['\r', '\n']);
            let masked = mask(line);
            let _ = writeln!(io::stderr().lock(), "{} {}", dir.mark(), sanitize(&masked));
        }
    }

    /// A line that is a secret as a whole (a base64 password after `334`): `> ***`.
    pub fn trace_secret(&self, dir: Dir) {
        if self.tracing() {
            let _ = writeln!(io::stderr().lock(), "{} ***", dir.mark());
        }
    }
}

/// Which way a traced protocol line went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// nt sent it (`>`).
    Sent,
    /// nt received it (`<`).
    Received,
}

impl Dir {
    fn mark(self) -> &'static str {
        match self {
            Dir::Sent => ">",
            Dir::Received => "<",
        }
    }
}

/// Commands whose arguments are secrets, by protocol: what follows the command word
/// (after an IMAP tag, if any) is replaced with `***`. A protocol that adds a command
/// carrying a secret adds it here.
const SECRET_COMMANDS: &[(&str, usize)] = &[
    // FTP and POP3: PASS password; POP3 APOP name digest.
    ("PASS", 0),
    ("APOP", 1),
    // SMTP AUTH PLAIN/LOGIN/XOAUTH2 with an initial response, POP3 AUTH likewise.
    ("AUTH", 1),
    // IMAP: tag LOGIN user password; tag AUTHENTICATE mechanism initial-response.
    ("LOGIN", 1),
    ("AUTHENTICATE", 1),
    // SOCKS/HTTP proxies are traced by net.rs with their credentials left out already.
];

/// A protocol line with its secrets masked: `PASS hunter2` → `PASS ***`,
/// `AUTH PLAIN AGFsaWNl...` → `AUTH PLAIN ***`, `a1 LOGIN bob pw` → `a1 LOGIN bob ***`.
pub fn mask(line: &str) -> Cow<'_, str> {
    let words: Vec<&str> = line.split(' ').collect();
    // A server reply (`250 AUTH PLAIN LOGIN`, `250-AUTH ...`) names mechanisms, not secrets.
    if words[0].len() >= 3 && words[0].bytes().take(3).all(|b| b.is_ascii_digit()) {
        return Cow::Borrowed(line);
    }
    // IMAP commands start with a tag; the command word is then the second word.
    for start in 0..words.len().min(2) {
        let Some((_, keep)) =
            SECRET_COMMANDS.iter().find(|(cmd, _)| words[start].eq_ignore_ascii_case(cmd))
        else {
            continue;
        };
        let kept = start + 1 + keep;
        if words.len() <= kept {
            return Cow::Borrowed(line);
        }
        let mut masked = words[..kept].join(" ");
        masked.push_str(" ***");
        return Cow::Owned(masked);
    }
    Cow::Borrowed(line)
}

/// Raw data on stdout, buffered. A reader that went away (`| head -1`) turns into
/// [`ClosedStdout`](crate::error::ClosedStdout): the command ends quietly with success.
pub struct Data {
    inner: io::BufWriter<io::Stdout>,
}

impl Data {
    /// Write all of `bytes` (buffered).
    pub fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        stdout_result(self.inner.write_all(bytes))
    }

    /// Push everything buffered to stdout.
    pub fn flush(&mut self) -> anyhow::Result<()> {
        stdout_result(self.inner.flush())
    }
}

/// `Data` as an `io::Write`, for code that writes through a generic writer (a message
/// streamed from disk). Errors are the raw `io::Error`s: map them with
/// [`stdout_result`](crate::error::stdout_result) so a closed pipe stays a quiet success.
impl Write for Data {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn paint_if(on: bool, style: Style, text: &str) -> Cow<'_, str> {
    if on {
        Cow::Owned(format!("\x1b[{}m{text}\x1b[0m", style.code()))
    } else {
        Cow::Borrowed(text)
    }
}

/// Make peer-controlled text safe for a terminal: control characters (other than tab)
/// are shown escaped (`\u{1b}`), so a peer cannot move the cursor or recolor the screen.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut clean = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            clean.extend(c.escape_default());
        } else {
            clean.push(c);
        }
    }
    Cow::Owned(clean)
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn color_rules() {
        use ColorChoice::*;
        assert!(color_allowed(Always, false, Some("1"), Some("dumb")));
        assert!(!color_allowed(Never, true, None, None));
        assert!(color_allowed(Auto, true, None, Some("xterm")));
        assert!(color_allowed(Auto, true, Some(""), None));
        assert!(!color_allowed(Auto, true, Some("1"), None));
        assert!(!color_allowed(Auto, true, None, Some("dumb")));
        assert!(!color_allowed(Auto, false, None, None));
    }

    #[test]
    fn sanitize_escapes_controls_only() {
        assert_eq!(sanitize("héllo\tworld"), "héllo\tworld");
        assert_eq!(sanitize("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(sanitize("x\ry"), "x\\ry");
    }

    #[test]
    fn secrets_are_masked() {
        assert_eq!(mask("PASS hunter2"), "PASS ***");
        assert_eq!(mask("pass hunter 2"), "pass ***");
        assert_eq!(mask("AUTH PLAIN AGFsaWNlAHNlY3JldA=="), "AUTH PLAIN ***");
        assert_eq!(mask("AUTH LOGIN"), "AUTH LOGIN");
        assert_eq!(mask("AUTH TLS"), "AUTH TLS");
        assert_eq!(mask("a1 LOGIN bob secret"), "a1 LOGIN bob ***");
        assert_eq!(mask("a2 AUTHENTICATE XOAUTH2 dXNlcj1i"), "a2 AUTHENTICATE XOAUTH2 ***");
        assert_eq!(mask("USER bob"), "USER bob");
        assert_eq!(mask("APOP bob 0123abcd"), "APOP bob ***");
        assert_eq!(mask("a3 FETCH 1 BODY.PEEK[]"), "a3 FETCH 1 BODY.PEEK[]");
        assert_eq!(mask("250 AUTH PLAIN LOGIN"), "250 AUTH PLAIN LOGIN");
        assert_eq!(mask("250-AUTH PLAIN LOGIN"), "250-AUTH PLAIN LOGIN");
    }

    #[test]
    fn paint_only_when_on() {
        assert_eq!(paint_if(false, Style::Red, "x"), "x");
        assert_eq!(paint_if(true, Style::Red, "x"), "\x1b[31mx\x1b[0m");
    }
}
