//! The chat wire protocol, as pure functions: line framing, nickname rules, the commands a
//! client sends, and the lines the server sends back (formatted by the server, parsed by
//! `nt chat join`). Documented in the README's `nt chat` section.
//!
//! Everything here is synchronous and allocation-light; no sockets, and no clock is read
//! (the flood limit's [`Bucket`] is handed the time). Every line is
//! UTF-8 ending in LF (a CR before it is dropped). Server lines start with a stable marker per
//! kind (`<nick> `, `*nick* `, `[join] `, ...) so scripts and `--json` can tell them apart.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::invisible;
use super::nick::nick_shape;

/// One item cut out of the byte stream by [`LineBuf`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Framed {
    /// A complete line without its LF (and without a CR before the LF).
    Line(Vec<u8>),
    /// A line longer than the limit; its bytes were dropped up to the next LF.
    TooLong,
}

/// Cuts a byte stream into lines of at most `max` bytes, whatever the read boundaries.
///
/// Memory stays bounded by `max` plus one read: an over-long line is reported once as
/// [`Framed::TooLong`] and skipped up to its LF without being stored.
#[derive(Debug)]
pub struct LineBuf {
    buf: Vec<u8>,
    start: usize,
    max: usize,
    skipping: bool,
}

impl LineBuf {
    pub fn new(max: usize) -> LineBuf {
        LineBuf { buf: Vec::new(), start: 0, max, skipping: false }
    }

    /// Append bytes read from the peer; take the lines out with [`LineBuf::pop`].
    pub fn push(&mut self, data: &[u8]) {
        if self.skipping {
            if let Some(i) = data.iter().position(|&b| b == b'\n') {
                self.skipping = false;
                self.buf.extend_from_slice(&data[i + 1..]);
            }
        } else {
            self.buf.extend_from_slice(data);
        }
    }

    /// The next complete line, or `None` when more bytes are needed.
    pub fn pop(&mut self) -> Option<Framed> {
        let rest = &self.buf[self.start..];
        match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                let line = rest[..i].strip_suffix(b"\r").unwrap_or(&rest[..i]);
                let item = if line.len() > self.max {
                    Framed::TooLong
                } else {
                    Framed::Line(line.to_vec())
                };
                self.start += i + 1;
                self.compact();
                Some(item)
            }
            None if rest.len() > self.max + 1 => {
                // No LF within the limit (+1 for a CR): drop it now, skip to its LF.
                self.skipping = true;
                self.start = self.buf.len();
                self.compact();
                Some(Framed::TooLong)
            }
            None => {
                self.compact();
                None
            }
        }
    }

    /// Whether bytes of an unfinished line (no LF yet) are waiting.
    pub fn has_partial(&self) -> bool {
        !self.skipping && self.start < self.buf.len()
    }

    /// The unfinished line, taken as a whole: at end of stream, or after a pause from a
    /// peer that sends its lines without LF (the course's programs).
    pub fn finish(&mut self) -> Option<Framed> {
        let rest = &self.buf[self.start..];
        if self.skipping || rest.is_empty() {
            return None;
        }
        let line = rest.strip_suffix(b"\r").unwrap_or(rest).to_vec();
        self.buf = Vec::new();
        self.start = 0;
        Some(if line.len() > self.max { Framed::TooLong } else { Framed::Line(line) })
    }

    /// Free consumed bytes; an idle connection keeps no buffer at all.
    fn compact(&mut self) {
        if self.start >= self.buf.len() {
            self.buf = Vec::new();
            self.start = 0;
        } else if self.start > 0 && self.start * 2 >= self.buf.len() {
            self.buf.drain(..self.start);
            self.start = 0;
        }
    }
}

/// What a client's line (after its nickname) asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command<'a> {
    /// An empty line: ignored.
    Empty,
    /// A plain line for everyone else.
    Say(&'a str),
    /// `/msg NICK TEXT` or `@NICK TEXT`: for one user (`all` means everyone).
    Msg {
        to: &'a str,
        text: &'a str,
    },
    Who,
    Nick(&'a str),
    Quit,
    Help,
    /// A known command used wrongly; the text is its usage.
    Usage(&'static str),
    /// `/something` that is not a command.
    Unknown(&'a str),
}

/// Parse one line from a client that has a nickname. `//text` sends `/text` literally.
pub fn parse_command(line: &str) -> Command<'_> {
    if line.trim().is_empty() {
        return Command::Empty;
    }
    if let Some(rest) = line.strip_prefix('@')
        && rest.starts_with(|c: char| !c.is_whitespace())
    {
        return match split_word(rest) {
            (to, Some(text)) => Command::Msg { to, text },
            (_, None) => Command::Usage("@NICK TEXT"),
        };
    }
    let Some(rest) = line.strip_prefix('/') else {
        return Command::Say(line);
    };
    if rest.starts_with('/') {
        return Command::Say(rest);
    }
    let (name, arg) = split_word(rest);
    match name.to_ascii_lowercase().as_str() {
        "msg" | "m" => match arg.map(split_word) {
            Some((to, Some(text))) => Command::Msg { to, text },
            _ => Command::Usage("/msg NICK TEXT"),
        },
        "who" | "names" => Command::Who,
        "nick" => match arg.map(split_word) {
            Some((nick, None)) => Command::Nick(nick),
            _ => Command::Usage("/nick NEW"),
        },
        "quit" | "exit" => Command::Quit,
        "help" | "?" => Command::Help,
        _ => Command::Unknown(name),
    }
}

/// First word and the rest (trimmed at the start; `None` when nothing is left).
fn split_word(text: &str) -> (&str, Option<&str>) {
    let text = text.trim_start();
    match text.split_once(char::is_whitespace) {
        Some((word, rest)) => {
            let rest = rest.trim_start();
            (word, (!rest.trim_end().is_empty()).then_some(rest))
        }
        None => (text.trim_end(), None),
    }
}

/// The help text sent for `/help`, one server line each.
pub const HELP: [&str; 7] = [
    "TEXT            send TEXT to everyone else",
    "/msg NICK TEXT  send TEXT to NICK only (also @NICK TEXT; /msg all TEXT = everyone)",
    "/who            list who is online",
    "/nick NEW       change your nickname",
    "/quit           leave (so does closing the connection)",
    "/help           this list",
    "//TEXT          send a line that starts with /",
];

/// A line the server sends; `Display` is its exact wire form (without the LF).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum Event {
    /// `<FROM> TEXT`: a line for everyone.
    Message { from: String, text: String },
    /// `*FROM* TEXT`: a line for you only.
    Private { from: String, text: String },
    /// `[notice] TEXT`: the operator typed this on the server's stdin.
    Notice { text: String },
    /// `[join] NICK`
    Join { nick: String },
    /// `[leave] NICK REASON`
    Leave { nick: String, reason: String },
    /// `[nick] OLD NEW`
    Nick { old: String, new: String },
    /// `[welcome] NICK`: your nickname was accepted.
    Welcome { nick: String },
    /// `[motd] TEXT`: the message of the day.
    Motd { text: String },
    /// `[who] NICK...`: some of the users online (long lists take several lines).
    Who { nicks: Vec<String> },
    /// `[info] TEXT`: an answer from the server (help, counts).
    Info { text: String },
    /// `[error] CODE TEXT`: your last line was refused, or you are being disconnected.
    Error { code: String, text: String },
    /// A line in no known form (another server, such as `ncat --chat`).
    Raw { text: String },
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Event::Message { from, text } => write!(f, "<{from}> {text}"),
            Event::Private { from, text } => write!(f, "*{from}* {text}"),
            Event::Notice { text } => write!(f, "[notice] {text}"),
            Event::Join { nick } => write!(f, "[join] {nick}"),
            Event::Leave { nick, reason } => write!(f, "[leave] {nick} {reason}"),
            Event::Nick { old, new } => write!(f, "[nick] {old} {new}"),
            Event::Welcome { nick } => write!(f, "[welcome] {nick}"),
            Event::Motd { text } => write!(f, "[motd] {text}"),
            Event::Who { nicks } => write!(f, "[who] {}", nicks.join(" ")),
            Event::Info { text } => write!(f, "[info] {text}"),
            Event::Error { code, text } => write!(f, "[error] {code} {text}"),
            Event::Raw { text } => f.write_str(text),
        }
    }
}

/// Error codes that come with a disconnection (`flood` and `slow` from older servers).
pub const FATAL: [&str; 7] = ["full", "busy", "timeout", "kicked", "too-slow", "flood", "slow"];

/// Read one server line (without its LF).
pub fn parse_event(line: &str) -> Event {
    let raw = || Event::Raw { text: line.to_string() };
    let owned = |s: &str| s.to_string();
    if let Some(rest) = line.strip_prefix('<')
        && let Some((from, text)) = rest.split_once("> ")
        && nick_shape(from)
    {
        return Event::Message { from: owned(from), text: owned(text) };
    }
    if let Some(rest) = line.strip_prefix('*')
        && let Some((from, text)) = rest.split_once("* ")
        && nick_shape(from)
    {
        return Event::Private { from: owned(from), text: owned(text) };
    }
    let Some((tag, rest)) = line.strip_prefix('[').and_then(|l| l.split_once("] ")) else {
        return raw();
    };
    let two = || rest.split_once(' ').map(|(a, b)| (owned(a), owned(b)));
    match tag {
        "notice" => Event::Notice { text: owned(rest) },
        "join" => Event::Join { nick: owned(rest) },
        "leave" => two().map_or_else(raw, |(nick, reason)| Event::Leave { nick, reason }),
        "nick" => two().map_or_else(raw, |(old, new)| Event::Nick { old, new }),
        "welcome" => Event::Welcome { nick: owned(rest) },
        "motd" => Event::Motd { text: owned(rest) },
        "who" => {
            Event::Who { nicks: rest.split(' ').filter(|n| !n.is_empty()).map(owned).collect() }
        }
        "info" => Event::Info { text: owned(rest) },
        "error" => two().map_or_else(raw, |(code, text)| Event::Error { code, text }),
        _ => raw(),
    }
}

/// What relayed text may not carry: control characters (other than tab), bidi controls
/// (embeddings, overrides, isolates and marks) and the line and paragraph separators
/// become U+FFFD, so the reader sees that something was there; every other
/// `Default_Ignorable_Code_Point` (zero-width characters, tags, fillers, variation
/// selectors, the soft hyphen: `invisible.rs`) is removed, and the braille blank becomes a
/// space. A plain `nc` user's terminal can then neither be driven by escape sequences nor
/// show reordered or hidden text.
pub fn clean_text(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| hidden(c).is_some()) {
        return text.into();
    }
    text.chars().filter_map(|c| hidden(c).unwrap_or(Some(c))).collect::<String>().into()
}

/// `None` for a character that may be shown; `Some(replacement)` for one that may not.
fn hidden(c: char) -> Option<Option<char>> {
    match c {
        '\t' => None,
        '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{061c}'
        | '\u{2028}'
        | '\u{2029}' => Some(Some('\u{fffd}')),
        c if c.is_control() => Some(Some('\u{fffd}')),
        c if invisible::default_ignorable(c) => Some(None),
        c if invisible::blank(c) => Some(Some(' ')),
        _ => None,
    }
}

/// A per-user token bucket: `rate` lines per second, bursts of up to `burst`.
#[derive(Debug)]
pub struct Bucket {
    tokens: f64,
    last: Instant,
    rate: f64,
    burst: f64,
}

impl Bucket {
    pub fn new(rate: u32, burst: u32, now: Instant) -> Bucket {
        let burst = f64::from(burst.max(1));
        Bucket { tokens: burst, last: now, rate: f64::from(rate), burst }
    }

    /// Take one line's token, or say how long until there is one (then nothing is
    /// taken): the flood limit slows a sender down by that much, it never cuts it off. A
    /// rate of 0 means no limit.
    pub fn wait(&mut self, now: Instant) -> Option<Duration> {
        if self.rate == 0.0 {
            return None;
        }
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            None
        } else {
            // A microsecond more, so that after the wait a token is there despite rounding.
            let secs = (1.0 - self.tokens) / self.rate + 1e-6;
            Some(Duration::from_secs_f64(secs))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn frame_all(chunks: &[&[u8]], max: usize) -> Vec<Framed> {
        let mut buf = LineBuf::new(max);
        let mut out = Vec::new();
        for chunk in chunks {
            buf.push(chunk);
            while let Some(item) = buf.pop() {
                out.push(item);
            }
        }
        out.extend(buf.finish());
        out
    }

    /// The reference: split the whole input at LF at once.
    fn frame_whole(data: &[u8], max: usize) -> Vec<Framed> {
        let mut out = Vec::new();
        let mut parts: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
        let last = parts.pop().unwrap_or_default();
        for part in parts {
            let line = part.strip_suffix(b"\r").unwrap_or(part);
            out.push(if line.len() > max { Framed::TooLong } else { Framed::Line(line.to_vec()) });
        }
        if !last.is_empty() {
            let line = last.strip_suffix(b"\r").unwrap_or(last);
            out.push(if line.len() > max { Framed::TooLong } else { Framed::Line(line.to_vec()) });
        }
        out
    }

    #[test]
    fn lines_lf_and_crlf() {
        let got = frame_all(&[b"ab\r\nc", b"d\nef"], 10);
        let want = [b"ab".to_vec(), b"cd".to_vec(), b"ef".to_vec()].map(Framed::Line);
        assert_eq!(got, want);
    }

    #[test]
    fn overlong_line_is_skipped_once() {
        let big = vec![b'x'; 100];
        let got = frame_all(&[&big, &big, b"tail\nok\n"], 10);
        assert_eq!(got, vec![Framed::TooLong, Framed::Line(b"ok".to_vec())]);
    }

    #[test]
    fn line_of_exactly_max_with_crlf() {
        assert_eq!(
            frame_all(&[b"0123456789\r", b"\n"], 10),
            vec![Framed::Line(b"0123456789".to_vec())]
        );
        assert_eq!(frame_all(&[b"0123456789x\n"], 10), vec![Framed::TooLong]);
    }

    #[test]
    fn commands() {
        use Command::*;
        assert_eq!(parse_command("hello /msg"), Say("hello /msg"));
        assert_eq!(parse_command("  "), Empty);
        assert_eq!(parse_command("/msg bob hi there"), Msg { to: "bob", text: "hi there" });
        assert_eq!(parse_command("@bob  hi"), Msg { to: "bob", text: "hi" });
        assert_eq!(parse_command("@ hi"), Say("@ hi"));
        assert_eq!(parse_command("@bob"), Usage("@NICK TEXT"));
        assert_eq!(parse_command("/MSG bob"), Usage("/msg NICK TEXT"));
        assert_eq!(parse_command("/who"), Who);
        assert_eq!(parse_command("/nick  carol "), Nick("carol"));
        assert_eq!(parse_command("/nick a b"), Usage("/nick NEW"));
        assert_eq!(parse_command("/quit bye"), Quit);
        assert_eq!(parse_command("/help"), Help);
        assert_eq!(parse_command("//etc/passwd"), Say("/etc/passwd"));
        assert_eq!(parse_command("/dance now"), Unknown("dance"));
    }

    #[test]
    fn events_round_trip_and_raw() {
        let line = "[error] offline bob is not online";
        assert_eq!(
            parse_event(line),
            Event::Error { code: "offline".into(), text: "bob is not online".into() }
        );
        assert_eq!(
            parse_event("<user5> hi"),
            Event::Message { from: "user5".into(), text: "hi".into() }
        );
        assert_eq!(
            parse_event("<announce> x"),
            Event::Message { from: "announce".into(), text: "x".into() }
        );
        assert_eq!(parse_event("hello"), Event::Raw { text: "hello".into() });
        assert_eq!(parse_event("<a b> x"), Event::Raw { text: "<a b> x".into() });
    }

    #[test]
    fn clean_text_replaces_controls_and_hidden_characters() {
        assert_eq!(clean_text("a\x1b[2Jb\tc"), "a\u{fffd}[2Jb\tc");
        assert_eq!(clean_text("plain 世界"), "plain 世界");
        assert_eq!(clean_text("evil\u{202e}txt.exe"), "evil\u{fffd}txt.exe");
        assert_eq!(clean_text("a\u{2066}b\u{2069}c"), "a\u{fffd}b\u{fffd}c");
        assert_eq!(clean_text("one\u{2028}two\u{2029}"), "one\u{fffd}two\u{fffd}");
        assert_eq!(clean_text("in\u{200b}vis\u{200d}ible\u{feff}\u{2060}"), "invisible");
        assert_eq!(clean_text("\u{85}\u{7f}"), "\u{fffd}\u{fffd}");
        // ASCII smuggled in tag characters, and the other invisible ones.
        let tags: String =
            "ignore all".chars().map(|c| char::from_u32(0xe0000 + c as u32).unwrap()).collect();
        assert_eq!(clean_text(&format!("hi{tags}!")), "hi!");
        assert_eq!(
            clean_text("a\u{ad}b\u{34f}c\u{180e}d\u{115f}e\u{3164}f\u{ffa0}g\u{fe0f}h\u{e0001}i"),
            "abcdefghi"
        );
        assert_eq!(clean_text("x\u{2800}y"), "x y");
    }

    fn nick_strategy() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9_\u{4e00}-\u{4e10}][a-zA-Z0-9_.\u{4e00}-\u{4e10}-]{0,31}"
    }

    #[test]
    fn bucket_allows_a_burst_then_the_rate() {
        let t0 = Instant::now();
        let mut bucket = Bucket::new(10, 3, t0);
        assert!((0..3).all(|_| bucket.wait(t0).is_none()));
        let wait = bucket.wait(t0).expect("empty after the burst");
        assert!(wait > Duration::from_millis(99) && wait < Duration::from_millis(101), "{wait:?}");
        assert!(bucket.wait(t0 + Duration::from_millis(150)).is_none());
        assert!(bucket.wait(t0 + Duration::from_millis(160)).is_some());
        let mut free = Bucket::new(0, 1, t0);
        assert!((0..1000).all(|_| free.wait(t0).is_none()));
    }

    proptest! {
        #[test]
        fn framing_ignores_read_boundaries(
            data in proptest::collection::vec(prop_oneof![Just(b'\n'), Just(b'\r'), any::<u8>()], 0..400),
            cuts in proptest::collection::vec(0usize..400, 0..8),
            max in 1usize..40,
        ) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(data.len())).collect();
            cuts.sort_unstable();
            let mut chunks = Vec::new();
            let mut at = 0;
            for c in cuts {
                chunks.push(&data[at..c]);
                at = c;
            }
            chunks.push(&data[at..]);
            prop_assert_eq!(frame_all(&chunks, max), frame_whole(&data, max));
        }

        #[test]
        fn framing_memory_is_bounded(data in proptest::collection::vec(any::<u8>(), 0..2000), max in 1usize..50) {
            let mut buf = LineBuf::new(max);
            for chunk in data.chunks(7) {
                buf.push(chunk);
                while buf.pop().is_some() {}
                prop_assert!(buf.buf.len() - buf.start <= max + 1 + 7);
            }
        }

        #[test]
        fn parse_command_never_panics(line in "\\PC{0,60}") {
            let _ = parse_command(&line);
        }

        #[test]
        fn msg_forms_agree(to in nick_strategy(), text in "[^\\s][^\n]{0,40}") {
            let (long, short) = (format!("/msg {to} {text}"), format!("@{to} {text}"));
            let (a, b) = (parse_command(&long), parse_command(&short));
            prop_assert_eq!(&a, &b);
            prop_assert_eq!(a, Command::Msg { to: &to, text: &text });
        }

        #[test]
        fn events_round_trip(from in nick_strategy(), text in "[^\n\r]{0,40}", word in "[a-z]{1,8}") {
            let events = [
                Event::Message { from: from.clone(), text: text.clone() },
                Event::Private { from: from.clone(), text: text.clone() },
                Event::Notice { text: text.clone() },
                Event::Join { nick: from.clone() },
                Event::Leave { nick: from.clone(), reason: format!("{word}{text}") },
                Event::Nick { old: from.clone(), new: word.clone() },
                Event::Welcome { nick: from.clone() },
                Event::Info { text: text.clone() },
                Event::Error { code: word.clone(), text: text.clone() },
                Event::Who { nicks: vec![from.clone(), word.clone()] },
            ];
            for event in events {
                prop_assert_eq!(parse_event(&event.to_string()), event);
            }
        }

        #[test]
        fn cleaned_text_shows_nothing_hidden(text in "\\PC{0,40}|[\u{2000}-\u{2070}\x00-\x20a\u{e0000}-\u{e0fff}\u{ad}\u{3164}\u{2800}]{0,20}") {
            let clean = clean_text(&text);
            prop_assert!(clean.chars().all(|c| hidden(c).is_none()));
            prop_assert_eq!(clean_text(&clean), clean.clone());
        }

        #[test]
        fn a_bucket_never_waits_long(rate in 1u32..1_000_000, burst in 1u32..1000, steps in 1usize..300) {
            let t0 = Instant::now();
            let mut bucket = Bucket::new(rate, burst, t0);
            let mut now = t0;
            for _ in 0..steps {
                if let Some(wait) = bucket.wait(now) {
                    prop_assert!(wait <= Duration::from_secs(1) + Duration::from_millis(1));
                    now += wait;
                    prop_assert!(bucket.wait(now).is_none());
                }
            }
        }

        #[test]
        fn parse_event_never_panics(line in "\\PC{0,60}") {
            let _ = parse_event(&line);
        }
    }
}
