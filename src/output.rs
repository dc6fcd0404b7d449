//! Where output goes and how it looks: data on stdout, talk on stderr.
//!
//! Color is decided once here (`--color` wins; auto means a TTY, `NO_COLOR` unset or
//! empty and `TERM` not `dumb`). JSON documents and JSON Lines go through [`Output::json`].
//! Peer-controlled text must pass through [`sanitize`] before it reaches a terminal.
//! This module never exits the process; a closed stdout becomes [`ClosedStdout`].
//!
//! [`ClosedStdout`]: crate::error::ClosedStdout

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use crate::cli::{ColorChoice, Globals};
use crate::error::stdout_result;

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
    pub json: bool,
    pub quiet: bool,
    pub verbose: u8,
    /// Color on stdout (data meant for a human on a terminal).
    pub color: bool,
    /// Color on stderr (talk, errors).
    pub color_err: bool,
    pub stdout_tty: bool,
    pub stderr_tty: bool,
    pub stdin_tty: bool,
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
    pub fn new(globals: &Globals) -> Output {
        let stdout_tty = io::stdout().is_terminal();
        let stderr_tty = io::stderr().is_terminal();
        let no_color = std::env::var("NO_COLOR").ok();
        let term = std::env::var("TERM").ok();
        let allowed = |tty| color_allowed(globals.color, tty, no_color.as_deref(), term.as_deref());
        Output {
            json: globals.json,
            quiet: globals.quiet,
            verbose: globals.verbose,
            color: allowed(stdout_tty) && !globals.json,
            color_err: allowed(stderr_tty),
            stdout_tty,
            stderr_tty,
            stdin_tty: io::stdin().is_terminal(),
        }
    }

    /// Whether progress bars may be drawn: stderr is a TTY, not quiet, not JSON.
    pub fn progress_allowed(&self) -> bool {
        self.stderr_tty && !self.quiet && !self.json
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
    pub fn listening(&self, local: std::net::SocketAddr, always: bool) {
        if always || !self.quiet {
            let _ = writeln!(io::stderr().lock(), "listening on {local}");
        }
    }

    /// Extra detail on stderr, only with `-v`. Never pass secrets here.
    pub fn debug(&self, text: &str) {
        if self.verbose > 0 && !self.quiet {
            let _ = writeln!(io::stderr().lock(), "nt: {text}");
        }
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
    fn paint_only_when_on() {
        assert_eq!(paint_if(false, Style::Red, "x"), "x");
        assert_eq!(paint_if(true, Style::Red, "x"), "\x1b[31mx\x1b[0m");
    }
}
