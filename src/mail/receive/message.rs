//! What a message says, read with mail-parser 0.11: the summary line of `list` and
//! `watch`, the readable view of `get`, and the attachments for `--save-attachments`.
//!
//! mail-parser has panicked on odd input before, so every parse and everything that
//! reads the parsed tree runs inside [`guarded`]: a panic becomes `None` (the caller
//! still lists and saves the message raw, with a warning) and prints nothing. Nothing
//! here does I/O, and text from a message is made safe for a terminal by the caller.
//!
//! mail-parser 0.11 because 1.x needs a newer Rust; the panic hook is silenced while a parse
//! runs, and proptest feeds the parser random bytes and MIME-shaped input.

use std::borrow::Cow;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use mail_parser::decoders::html::html_to_text;
use mail_parser::{Address, Message, MessageParser, MimeHeaders, PartType};
use serde::Serialize;

thread_local! {
    /// Set while mail-parser runs on this thread: its panics are expected, not reported.
    static PARSING: Cell<bool> = const { Cell::new(false) };
}

/// Run `work` (which parses mail) and turn a panic into `None`, silently.
pub fn guarded<T>(work: impl FnOnce() -> T) -> Option<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !PARSING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    PARSING.with(|p| p.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(work)).ok();
    PARSING.with(|p| p.set(false));
    result
}

/// A message's identity on its server: an IMAP UID or a POP3 UIDL.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Uid {
    Imap(u32),
    Pop3(String),
}

impl std::fmt::Display for Uid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Uid::Imap(n) => write!(f, "{n}"),
            Uid::Pop3(s) => f.write_str(s),
        }
    }
}

/// One message as `list` and `watch` show it (the `--json` keys are SPEC's contract).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub uid: Uid,
    /// RFC 3339, from the Date header.
    pub date: Option<String>,
    pub from: Option<String>,
    pub to: Vec<String>,
    /// Decoded (RFC 2047).
    pub subject: Option<String>,
    pub size: u64,
    /// IMAP flags (`\Seen`, ...); POP3 has none.
    pub flags: Vec<String>,
    /// Names of the attachments; `null` where unknown (POP3 lists headers only).
    pub attachments: Option<Vec<String>>,
}

/// The header fields a summary shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    pub date: Option<String>,
    pub from: Option<String>,
    pub to: Vec<String>,
    pub subject: Option<String>,
    /// The header could not be read (the summary shows what could).
    pub unreadable: bool,
}

/// `Name <addr>`, or the address alone.
fn mailbox(name: Option<&str>, addr: Option<&str>) -> Option<String> {
    match (name.map(str::trim).filter(|n| !n.is_empty()), addr) {
        (Some(n), Some(a)) => Some(format!("{n} <{a}>")),
        (None, Some(a)) => Some(a.to_string()),
        (Some(n), None) => Some(n.to_string()),
        (None, None) => None,
    }
}

fn addresses(address: Option<&Address<'_>>) -> Vec<String> {
    let Some(address) = address else { return Vec::new() };
    address.iter().filter_map(|a| mailbox(a.name(), a.address())).collect()
}

fn headers_of(msg: &Message<'_>) -> Headers {
    Headers {
        date: msg.date().map(|d| d.to_rfc3339()),
        from: addresses(msg.from()).into_iter().next(),
        to: addresses(msg.to()),
        subject: msg.subject().map(str::to_string),
        unreadable: false,
    }
}

/// The summary fields from a message's header (or the first bytes of a message).
pub fn headers(raw: &[u8]) -> Headers {
    guarded(|| MessageParser::default().parse_headers(raw).map(|m| headers_of(&m)))
        .flatten()
        .unwrap_or(Headers { unreadable: true, ..Headers::default() })
}

/// One non-body part of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// The name the message gives (never trusted as a path: see `save.rs`).
    pub name: Option<String>,
    pub content_type: String,
    pub size: u64,
    /// An inline image of the HTML (Content-ID), not an attachment.
    pub inline: bool,
    pub content_id: Option<String>,
}

/// The readable form of a message.
#[derive(Debug, Clone)]
pub struct View {
    pub cc: Vec<String>,
    /// The text part, or the HTML part as text.
    pub text: String,
    pub parts: Vec<Part>,
}

impl View {
    /// Names of the attachments (inline images excluded), as `Summary::attachments`.
    pub fn attachment_names(&self) -> Vec<String> {
        self.parts
            .iter()
            .filter(|p| !p.inline)
            .map(|p| p.name.clone().unwrap_or_else(|| "(unnamed)".into()))
            .collect()
    }
}

fn content_type(part: &mail_parser::MessagePart<'_>) -> String {
    match part.content_type() {
        Some(ct) => match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub).to_ascii_lowercase(),
            None => ct.ctype().to_ascii_lowercase(),
        },
        None => "application/octet-stream".into(),
    }
}

fn is_inline(part: &mail_parser::MessagePart<'_>) -> bool {
    let attachment = part.content_disposition().is_some_and(|d| d.is_attachment());
    !attachment && part.content_id().is_some()
}

/// Tags that begin or end a block of text: the HTML view breaks the line at each.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tr",
    "ul",
];

/// HTML as text (mail-parser's `html_to_text`), with a line break at every block element
/// (`<h1>`, `<p>`, `<br>`, `<li>`, `<div>`, `<tr>`, ...), blank lines left out.
pub fn html_text(html: &str) -> String {
    let mut marked = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        marked.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .take(12)
            .collect::<String>()
            .to_ascii_lowercase();
        if BLOCKS.contains(&name.as_str()) {
            marked.push_str("<br>");
        }
        marked.push('<');
    }
    marked.push_str(rest);
    let text = html_to_text(&marked);
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines.join("\n")
}

/// The first text part that says something, else the first HTML part as text (inline
/// images sit among the bodies of a multipart/mixed, so the first body may be one).
fn readable_text(msg: &Message<'_>) -> String {
    let text =
        (0..msg.text_body_count()).filter_map(|i| msg.body_text(i)).find(|t| !t.trim().is_empty());
    let html = || {
        msg.html_bodies().find_map(|part| match &part.body {
            PartType::Html(html) => Some(Cow::Owned(html_text(html))),
            _ => None,
        })
    };
    text.or_else(html).map(Cow::into_owned).unwrap_or_default()
}

/// Parse a whole message into its readable view; `None` when mail-parser cannot.
pub fn view(raw: &[u8]) -> Option<View> {
    guarded(|| {
        let msg = MessageParser::default().parse(raw)?;
        let parts = msg
            .attachments()
            .map(|part| Part {
                name: part.attachment_name().map(str::to_string),
                content_type: content_type(part),
                size: part.len() as u64,
                inline: is_inline(part),
                content_id: part.content_id().map(str::to_string),
            })
            .collect();
        Some(View { cc: addresses(msg.cc()), text: readable_text(&msg), parts })
    })
    .flatten()
}

/// Every attachment (inline images too) as its name and decoded bytes, in order; `None`
/// when mail-parser cannot read the message.
pub fn attachments(raw: &[u8], mut each: impl FnMut(&Part, &[u8])) -> Option<()> {
    guarded(|| {
        let msg = MessageParser::default().parse(raw)?;
        for part in msg.attachments() {
            let info = Part {
                name: part.attachment_name().map(str::to_string),
                content_type: content_type(part),
                size: part.len() as u64,
                inline: is_inline(part),
                content_id: part.content_id().map(str::to_string),
            };
            each(&info, part.contents());
        }
        Some(())
    })
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const COURSE: &[u8] = b"From: =?utf-8?b?5byg5LiJ?= <a@x.test>\r\nTo: b@y.test, C <c@y.test>\r\n\
Subject: =?utf-8?b?5rWL6K+V6YKu5Lu2?=\r\nDate: Tue, 1 Oct 2024 10:00:00 +0200\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\n\
Content-Type: image/jpeg\r\nContent-ID: <img01>\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4A==\r\n\
--B\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<h1>\xe5\x9b\xbe\xe7\x89\x87</h1><img src='cid:img01'/><p>end</p>\r\n\
--B\r\nContent-Type: text/plain; charset=utf8\r\nContent-Transfer-Encoding: base64\r\n\
Content-Disposition: attachment; filename = \"text1_SMTP.py\"\r\n\r\ncHJpbnQoMSkK\r\n--B--\r\n";

    #[test]
    fn the_course_message_reads_back() {
        let h = headers(COURSE);
        assert_eq!(h.subject.as_deref(), Some("测试邮件"));
        assert_eq!(h.from.as_deref(), Some("张三 <a@x.test>"));
        assert_eq!(h.to, ["b@y.test", "C <c@y.test>"]);
        assert_eq!(h.date.as_deref(), Some("2024-10-01T10:00:00+02:00"));
        let v = view(COURSE).unwrap();
        assert!(v.text.contains("图片"), "{}", v.text);
        assert_eq!(v.attachment_names(), ["text1_SMTP.py"]);
        assert_eq!(v.parts.len(), 2);
        assert!(v.parts[0].inline);
        let mut seen = Vec::new();
        attachments(COURSE, |p, bytes| seen.push((p.name.clone(), bytes.to_vec()))).unwrap();
        assert_eq!(seen[0].1, [0xff, 0xd8, 0xff, 0xe0]);
        assert_eq!(seen[1], (Some("text1_SMTP.py".into()), b"print(1)\n".to_vec()));
    }

    #[test]
    fn html_blocks_are_lines() {
        let html = "<h1>Title</h1><p>one</p><p>two<br>three</p><ul><li>a</li><li>b &amp; c</li>\
                    </ul><div>d</div><table><tr><td>x</td></tr><tr><td>y</td></tr></table>";
        assert_eq!(html_text(html), "Title\none\ntwo\nthree\na\nb & c\nd\nx\ny");
        assert_eq!(html_text("<H1>图片</H1><img src='cid:img01'/><P>结束</P>"), "图片\n结束");
        assert_eq!(html_text("plain <b>bold</b> text"), "plain bold text");
    }

    #[test]
    fn garbage_is_not_a_panic() {
        assert!(headers(b"\xff\xfe\x00").subject.is_none());
        let _ = view(b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n--x--");
        assert_eq!(guarded(|| -> u8 { panic!("expected") }), None);
    }

    proptest! {
        #[test]
        fn parsing_never_panics(raw in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = headers(&raw);
            let _ = view(&raw);
            let _ = guarded(|| html_text(&String::from_utf8_lossy(&raw)));
        }

        #[test]
        fn mime_shaped_input_never_panics(
            parts in proptest::collection::vec(
                ("(text/plain|text/html|multipart/mixed|multipart/alternative|message/rfc822|image/png)",
                 "(base64|quoted-printable|7bit|x-bad)?",
                 "[ -~\\r\\n=]{0,40}"), 0..6),
            boundary in "[a-z]{1,3}",
        ) {
            let mut raw = format!("Subject: =?utf-8?q?x=C3?=\r\nContent-Type: multipart/mixed; boundary={boundary}\r\n\r\n");
            for (ct, cte, body) in &parts {
                raw.push_str(&format!("--{boundary}\r\nContent-Type: {ct}; boundary={boundary}\r\nContent-Transfer-Encoding: {cte}\r\nContent-Disposition: attachment; filename*=utf-8''%FF%2e%2e\r\n\r\n{body}\r\n"));
            }
            let _ = view(raw.as_bytes());
            let _ = attachments(raw.as_bytes(), |_, _| {});
        }
    }
}
