//! The dialect of the course's chat programs (the Python client and server in the course
//! notes), so that they work with nt, without their flaws.
//!
//! Their client sends its nickname in UTF-8 without a newline, then each message as
//! `to:message` in GBK, also without a newline (`all:message` is for everyone), and shows
//! what arrives by splitting it at the first `:` into sender and text. Their server speaks
//! GBK both ways and sends `from:message` without a newline.
//!
//! `nt chat serve` takes a first chunk without a newline, followed by a pause, as such a
//! client's nickname, and from then on speaks this dialect to it (see `server/user.rs`);
//! `nt chat join` reads a foreign server's lines as UTF-8 or else GBK (`--encoding gbk`:
//! GBK). Pure functions.

use encoding_rs::GBK;

use super::nick::nick_shape;
use super::protocol::{Command, Event, parse_command};

/// Text from the wire: GBK when `gbk` (what the course's programs send; ASCII is the same
/// in both), else UTF-8 where it is valid UTF-8 and GBK where not (a few short GBK texts,
/// such as `伪`, happen to be valid UTF-8: only a known GBK peer is read as GBK first).
pub fn decode(bytes: &[u8], gbk: bool) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) if !gbk => text.to_string(),
        _ => GBK.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// Text for the wire in GBK; a character GBK lacks becomes a `&#NNNN;` reference.
pub fn encode_gbk(text: &str) -> Vec<u8> {
    GBK.encode(text).0.into_owned()
}

/// What one line of a course client asks for: `all:TEXT` (or `:TEXT`) is for everyone,
/// `NICK:TEXT` for one user; a line without such a prefix is read as nt's own protocol
/// (so `/who` works too).
pub fn parse_line(line: &str) -> Command<'_> {
    let Some((to, text)) = line.split_once(':') else {
        return parse_command(line);
    };
    let to = to.trim();
    if text.trim().is_empty() {
        return Command::Empty;
    }
    if to.is_empty() || to.eq_ignore_ascii_case("all") {
        return Command::Say(text);
    }
    if nick_shape(to) { Command::Msg { to, text } } else { parse_command(line) }
}

/// A server line in the course's form, `FROM:TEXT` (the server's own lines come from
/// `server`, a nickname nobody can take). The course's client cuts the text at its first
/// `:`, so colons in the text become the full-width `：` that it shows whole.
pub fn render(event: &Event) -> String {
    let (from, text) = match event {
        Event::Message { from, text } | Event::Private { from, text } => {
            (from.as_str(), text.clone())
        }
        Event::Join { nick } => ("server", format!("{nick} joined")),
        Event::Leave { nick, reason } => ("server", format!("{nick} left ({reason})")),
        Event::Nick { old, new } => ("server", format!("{old} is now {new}")),
        Event::Welcome { nick } => ("server", format!("welcome, {nick}")),
        Event::Who { nicks } => ("server", format!("online {}", nicks.join(" "))),
        Event::Notice { text } | Event::Motd { text } | Event::Info { text } => {
            ("server", text.clone())
        }
        Event::Error { text, .. } => ("server", text.clone()),
        Event::Raw { text } => ("server", text.clone()),
    };
    format!("{from}:{}", text.replace(':', "\u{ff1a}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn gbk_and_utf8_are_both_read() {
        assert_eq!(decode("你好".as_bytes(), false), "你好");
        assert_eq!(decode(&encode_gbk("你好, all"), false), "你好, all");
        assert_eq!(decode(&encode_gbk("伪"), true), "伪");
        assert_eq!(decode(b"plain", true), "plain");
    }

    #[test]
    fn course_lines() {
        assert_eq!(parse_line("all:hello"), Command::Say("hello"));
        assert_eq!(parse_line("bob:psst"), Command::Msg { to: "bob", text: "psst" });
        assert_eq!(parse_line("bob:"), Command::Empty);
        assert_eq!(parse_line("no colon here"), Command::Say("no colon here"));
        assert_eq!(parse_line("/who"), Command::Who);
        assert_eq!(parse_line("see http://x"), Command::Say("see http://x"));
    }

    #[test]
    fn rendered_lines_split_once_at_the_colon() {
        let event = Event::Message { from: "bob".into(), text: "time: 5:00".into() };
        assert_eq!(render(&event), "bob:time\u{ff1a} 5\u{ff1a}00");
        let offline = Event::Error { code: "offline".into(), text: "dave is not online".into() };
        assert_eq!(render(&offline), "server:dave is not online");
    }

    proptest! {
        #[test]
        fn gbk_round_trips_chinese(text in "[\u{4e00}-\u{4fff}a-z ]{0,30}") {
            prop_assert_eq!(decode(&encode_gbk(&text), true), text);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..60)) {
            let text = decode(&bytes, false);
            let _ = parse_line(&text);
            let rendered = render(&Event::Raw { text });
            prop_assert_eq!(rendered.matches(':').count(), 1);
        }
    }
}
