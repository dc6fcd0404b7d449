//! The server's words in IMAP errors: async-imap wraps a NO or BAD text in Rust debug
//! text and reports a line it cannot parse as a nom error with the bytes as numbers; this
//! takes the server's own text back out, clipped ([`clip`]). No I/O here.

use crate::error::{Kind, fail};
use crate::net;
use crate::output::sanitize;

/// Server text for an error: one line, at most 200 characters, safe for a terminal.
pub fn clip(text: &str) -> String {
    let one: String =
        text.chars().map(|c| if c.is_control() { ' ' } else { c }).take(200).collect();
    let more = if text.chars().count() > 200 { "..." } else { "" };
    format!("{}{more}", sanitize(one.trim()))
}

/// The server's own words in an async-imap NO or BAD, which wraps them in Rust debug
/// text (`code: None, info: Some("...")` or `Outcome { .., information: Some("...") }`):
/// the quoted text, unescaped, clipped; `(no text)` where the server gave none.
pub fn server_text(raw: &str) -> String {
    for key in ["information: Some(\"", "info: Some(\""] {
        if let Some(start) = raw.find(key) {
            return clip(&unquote(&raw[start + key.len()..]));
        }
    }
    if raw.contains("information: None") || raw.contains("info: None") {
        return "(no text)".into();
    }
    clip(raw)
}

/// A Rust debug string literal (after its opening quote) back to its text.
fn unquote(debug: &str) -> String {
    let mut text = String::new();
    let mut chars = debug.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => match chars.next() {
                Some('n') => text.push('\n'),
                Some('r') => text.push('\r'),
                Some('t') => text.push('\t'),
                Some('0') => text.push('\0'),
                Some('u') => {
                    let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                    let code = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                    text.push(code.unwrap_or('\u{fffd}'));
                }
                Some(other) => text.push(other),
                None => break,
            },
            other => text.push(other),
        }
    }
    text
}

/// An I/O error under IMAP as nt reports it. async-imap reports a line it cannot parse
/// as a nom error with the whole buffer (`Error(Error { input: [42, ..] }) during parsing
/// of "..."`): that becomes the server's first line, clipped.
pub fn io_error(io: std::io::Error, what: &str) -> anyhow::Error {
    if net::is_timeout(&io) || io.get_ref().is_some_and(|e| e.is::<rustls::Error>()) {
        return net::io_error(io, what);
    }
    let message = io.to_string();
    if let Some(start) = message.find(" during parsing of \"") {
        let line = unquote(&message[start + " during parsing of \"".len()..]);
        let first = line.lines().next().unwrap_or("");
        return fail(
            Kind::Network,
            format!("{what}: the server sent what is not IMAP: {}", clip(first)),
        );
    }
    // async-imap may put a whole buffer into its message: cut it.
    net::io_error(std::io::Error::new(io.kind(), clip(&message)), what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_text_leaves_the_debug_wrapping_out() {
        let outcome = r#"outcome: Outcome { code: None, information: Some("Mailbox \"x\" doesn't exist\u{e9}") }"#;
        assert_eq!(server_text(outcome), "Mailbox \"x\" doesn't exist\u{e9}");
        let checked = r#"code: Some(AuthenticationFailed), info: Some("bad\r\npassword")"#;
        assert_eq!(server_text(checked), "bad  password");
        assert_eq!(server_text("code: None, info: None"), "(no text)");
        assert_eq!(server_text("plain words"), "plain words");
        let nom = std::io::Error::other(
            "Error(Error { input: [103, 97], code: Tag }) during parsing of \"garbage \\\"here\\\"\\r\\nmore\"",
        );
        let err = crate::error::one_line(&io_error(nom, "LOGIN failed"));
        assert_eq!(err, "LOGIN failed: the server sent what is not IMAP: garbage \"here\"");
    }
}
