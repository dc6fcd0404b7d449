//! What the web view reads from a caught message, with mail-parser 0.11: the fields the
//! index keeps ([`head`]), and the whole message for one view ([`view`]): addresses,
//! text, HTML, headers and the MIME tree with IMAP-style part numbers (`1`, `1.2`).
//!
//! Every parse runs inside `receive::message::guarded` (mail-parser has panicked on odd
//! input before): a message it cannot read is still listed, with what its bytes allow.
//! Nothing here does I/O; callers bound what they read ([`HEAD`], [`MAX_VIEW`]).

use mail_parser::decoders::html::html_to_text;
use mail_parser::{Address, Message, MessageParser, MessagePart, MimeHeaders, PartType};
use serde::Serialize;

use crate::mail::receive::message::guarded;

/// The bound on what is read of a message to index it (its headers and the start of its
/// body, for the snippet and the attachment count).
pub const HEAD: usize = 64 * 1024;
/// The bound on the snippet kept per message in the index, in bytes.
pub const SNIPPET: usize = 60;
/// The bound on what is parsed of one message for its view; a longer message is shown
/// cut there (its raw source and parts past it are still served whole from the file).
pub const MAX_VIEW: u64 = 64 << 20;

/// A name and an address, as mailpit's JSON has them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Contact {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Address")]
    pub address: String,
}

/// What the index keeps of a message.
#[derive(Debug, Default)]
pub struct Head {
    pub from: Option<Contact>,
    pub to: Vec<Contact>,
    pub cc: Vec<Contact>,
    pub bcc: Vec<Contact>,
    pub reply_to: Vec<Contact>,
    pub subject: String,
    pub message_id: String,
    pub attachments: u16,
    pub snippet: String,
}

/// Read the start of a message (at most [`HEAD`] bytes; `whole` when that is all of it).
/// A message the parser cannot read gives an empty [`Head`].
pub fn head(bytes: &[u8], whole: bool) -> Head {
    let parsed = guarded(|| {
        let msg = MessageParser::default().parse(bytes)?;
        let mut head = Head {
            from: contacts(msg.from()).into_iter().next(),
            to: contacts(msg.to()),
            cc: contacts(msg.cc()),
            bcc: contacts(msg.bcc()),
            reply_to: contacts(msg.reply_to()),
            subject: msg.subject().unwrap_or_default().to_string(),
            message_id: msg.message_id().unwrap_or_default().to_string(),
            attachments: files(&msg),
            snippet: snippet(&msg),
        };
        // A big first part can hide the attachments after it: a mixed message that was
        // cut has at least one.
        if !whole && head.attachments == 0 && msg.root_part().is_content_type("multipart", "mixed")
        {
            head.attachments = 1;
        }
        Some(head)
    });
    parsed.flatten().unwrap_or_default()
}

fn contacts(address: Option<&Address>) -> Vec<Contact> {
    let Some(address) = address else { return Vec::new() };
    address
        .iter()
        .map(|a| Contact {
            name: a.name().unwrap_or_default().to_string(),
            address: a.address().unwrap_or_default().to_string(),
        })
        .collect()
}

/// The first words of the text (or of the HTML as text), on one line, at most
/// [`SNIPPET`] bytes. A text part is read as it is: going through mail-parser's
/// `body_html` would turn a plain message into HTML and back, most of what indexing a
/// plain message costs.
fn snippet(msg: &Message) -> String {
    let body = |part: Option<&MessagePart>| -> Option<String> {
        match &part?.body {
            PartType::Text(text) => Some(text.to_string()),
            PartType::Html(html) => Some(html_to_text(html)),
            _ => None,
        }
    };
    let text = body(msg.text_part(0))
        .filter(|text| !text.trim().is_empty())
        .or_else(|| body(msg.html_part(0)))
        .unwrap_or_default();
    let mut out = String::with_capacity(SNIPPET);
    for word in text.split_whitespace() {
        let extra = if out.is_empty() { 0 } else { 1 };
        if out.len() + extra + word.len() > SNIPPET {
            if out.is_empty() {
                let mut end = SNIPPET;
                while !word.is_char_boundary(end) {
                    end -= 1;
                }
                out.push_str(&word[..end]);
            }
            break;
        }
        if extra == 1 {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// One part of the MIME tree, as the view's "MIME" tab and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    #[serde(rename = "PartID")]
    pub part_id: String,
    #[serde(rename = "ContentType")]
    pub content_type: String,
    #[serde(rename = "Charset")]
    pub charset: String,
    #[serde(rename = "Encoding")]
    pub encoding: String,
    /// Decoded bytes (for a multipart: of its raw body).
    #[serde(rename = "Size")]
    pub size: u64,
    #[serde(rename = "ContentID")]
    pub content_id: String,
    #[serde(rename = "FileName")]
    pub file_name: String,
    #[serde(rename = "Disposition")]
    pub disposition: String,
    /// Nesting depth (0 for the message itself).
    #[serde(rename = "Depth")]
    pub depth: u8,
    /// mail-parser's index of the part (not shown).
    #[serde(skip)]
    pub index: u32,
}

/// An attachment or inline part, in mailpit's shape.
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    #[serde(rename = "PartID")]
    pub part_id: String,
    #[serde(rename = "FileName")]
    pub file_name: String,
    #[serde(rename = "ContentType")]
    pub content_type: String,
    #[serde(rename = "ContentID")]
    pub content_id: String,
    #[serde(rename = "Size")]
    pub size: u64,
}

/// The whole of one message, for the view.
#[derive(Debug, Default)]
pub struct View {
    pub return_path: String,
    /// The Date header in RFC 3339, when it has one.
    pub date: Option<String>,
    pub text: String,
    pub html: String,
    pub headers: Vec<(String, String)>,
    pub parts: Vec<Part>,
    pub inline: Vec<Attachment>,
    pub attachments: Vec<Attachment>,
}

/// Parse a message for its view; `None` when the parser cannot read it at all.
pub fn view(bytes: &[u8]) -> Option<View> {
    guarded(|| {
        let msg = MessageParser::default().parse(bytes)?;
        let mut parts = Vec::new();
        tree(&msg, 0, String::new(), 0, &mut parts);
        let (mut inline, mut attached) = (Vec::new(), Vec::new());
        let listed = attachments(&msg);
        for part in &parts {
            if !listed.contains(&part.index) {
                continue;
            }
            let entry = Attachment {
                part_id: part.part_id.clone(),
                file_name: part.file_name.clone(),
                content_type: part.content_type.clone(),
                content_id: part.content_id.clone(),
                size: part.size,
            };
            let is_inline = !part.content_id.is_empty() && part.disposition != "attachment";
            if is_inline { inline.push(entry) } else { attached.push(entry) }
        }
        let headers =
            msg.headers_raw().map(|(name, value)| (name.to_string(), unfold(value))).collect();
        Some(View {
            return_path: msg.return_address().unwrap_or_default().to_string(),
            date: msg.date().map(|d| d.to_rfc3339()),
            text: msg.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
            html: match is_html(&msg) {
                true => msg.body_html(0).map(|h| h.into_owned()).unwrap_or_default(),
                false => String::new(),
            },
            headers,
            parts,
            inline,
            attachments: attached,
        })
    })
    .flatten()
}

/// Whether the message's first HTML body really is HTML (mail-parser fills `html_body`
/// with the text part when a message has no HTML).
fn is_html(msg: &Message) -> bool {
    msg.html_body.first().and_then(|id| msg.part(*id)).is_some_and(|p| p.is_text_html())
}

/// How many attachments are files rather than inline images (as the view counts them).
fn files(msg: &Message) -> u16 {
    let inline = |p: &MessagePart| {
        p.content_id().is_some()
            && p.content_disposition().is_none_or(|d| !d.ctype().eq_ignore_ascii_case("attachment"))
    };
    let n = attachments(msg).iter().filter(|id| msg.part(**id).is_some_and(|p| !inline(p))).count();
    n.min(u16::MAX as usize) as u16
}

/// The parts that are files: mail-parser's attachments, without nested multiparts.
fn attachments(msg: &Message) -> Vec<u32> {
    msg.attachments
        .iter()
        .copied()
        .filter(|id| msg.part(*id).is_some_and(|p| !p.is_multipart()))
        .collect()
}

/// A header value on one line.
fn unfold(value: &str) -> String {
    value
        .split(['\r', '\n'])
        .map(str::trim_start)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Walk the MIME tree from part `index`, numbering as IMAP does: the children of a
/// multipart are `PREFIX.1`, `PREFIX.2`...; a single-part message's body is `1`.
fn tree(msg: &Message, index: u32, number: String, depth: u8, out: &mut Vec<Part>) {
    let Some(part) = msg.part(index) else { return };
    if out.len() >= MAX_PARTS || depth > 64 {
        return;
    }
    let shown =
        if number.is_empty() && !part.is_multipart() { "1".to_string() } else { number.clone() };
    out.push(describe(part, index, shown, depth));
    if let PartType::Multipart(children) = &part.body {
        for (n, child) in children.iter().enumerate() {
            let number = if number.is_empty() {
                format!("{}", n + 1)
            } else {
                format!("{number}.{}", n + 1)
            };
            tree(msg, *child, number, depth + 1, out);
        }
    }
}

/// The bound on the parts listed in one message's MIME tree.
pub const MAX_PARTS: usize = 10_000;

fn describe(part: &MessagePart, index: u32, part_id: String, depth: u8) -> Part {
    let ct = part.content_type();
    let content_type = match ct {
        Some(ct) => format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()).to_lowercase(),
        None => "text/plain".into(),
    };
    let charset = ct.and_then(|c| c.attribute("charset")).unwrap_or_default().to_string();
    let size = match &part.body {
        PartType::Multipart(_) => u64::from(part.offset_end.saturating_sub(part.offset_body)),
        _ => part.contents().len() as u64,
    };
    Part {
        part_id,
        content_type,
        charset,
        encoding: part.content_transfer_encoding().unwrap_or_default().to_lowercase(),
        size,
        content_id: part.content_id().unwrap_or_default().to_string(),
        file_name: part.attachment_name().unwrap_or_default().to_string(),
        disposition: part
            .content_disposition()
            .map(|d| d.ctype().to_lowercase())
            .unwrap_or_default(),
        depth,
        index,
    }
}

/// The decoded bytes of the part numbered `part_id`, with its content type and file name.
pub fn part(bytes: &[u8], part_id: &str) -> Option<(Vec<u8>, String, String)> {
    guarded(|| {
        let msg = MessageParser::default().parse(bytes)?;
        let mut parts = Vec::new();
        tree(&msg, 0, String::new(), 0, &mut parts);
        let found = parts.into_iter().find(|p| p.part_id == part_id)?;
        let part = msg.part(found.index)?;
        if part.is_multipart() {
            return None;
        }
        let body = match &part.body {
            PartType::Message(inner) => inner.raw_message().to_vec(),
            _ => part.contents().to_vec(),
        };
        let content_type = match found.charset.is_empty() {
            true => found.content_type,
            false => format!("{}; charset={}", found.content_type, found.charset),
        };
        Some((body, content_type, found.file_name))
    })
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIL: &[u8] = b"From: Me <me@x.test>\r\nTo: a@y.test, B <b@y.test>\r\nSubject: =?utf-8?B?5rWL6K+V?=\r\n\
Message-ID: <1@x>\r\nDate: Mon, 7 Dec 2026 03:00:00 +0100\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: multipart/related; boundary=\"b2\"\r\n\r\n\
--b2\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hello <b>there</b></p><img src=\"cid:img01\">\r\n\
--b2\r\nContent-Type: image/png\r\nContent-ID: <img01>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0K\r\n--b2--\r\n\
--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; filename=\"a.py\"\r\n\r\nprint(1)\r\n--b1--\r\n";

    #[test]
    fn snippets_of_plain_html_and_blank_text_mail() {
        let plain = b"Subject: x\r\n\r\nFirst  line\r\nsecond <b>line</b> & more\r\n";
        assert_eq!(head(plain, true).snippet, "First line second <b>line</b> & more");
        let html = b"Content-Type: text/html\r\n\r\n<p>Hi &amp; <i>you</i></p>\r\n";
        assert_eq!(head(html, true).snippet, "Hi & you");
        let blank = b"Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\n\
Content-Type: text/plain\r\n\r\n \r\n--b\r\nContent-Type: text/html\r\n\r\n<p>From HTML</p>\r\n--b--\r\n";
        assert_eq!(head(blank, true).snippet, "From HTML");
        let long = format!("Subject: x\r\n\r\n{}\r\n", "word ".repeat(100));
        assert_eq!(head(long.as_bytes(), true).snippet.len(), 59);
    }

    #[test]
    fn head_and_view_of_the_course_mail() {
        let head = head(MAIL, true);
        assert_eq!(head.subject, "测试");
        assert_eq!(head.from.unwrap().address, "me@x.test");
        assert_eq!(head.to.len(), 2);
        assert_eq!(head.attachments, 1);
        assert_eq!(head.snippet, "Hello there");
        let view = view(MAIL).unwrap();
        let ids: Vec<&str> = view.parts.iter().map(|p| p.part_id.as_str()).collect();
        assert_eq!(ids, ["", "1", "1.1", "1.2", "2"]);
        assert_eq!(view.inline[0].part_id, "1.2");
        assert_eq!(view.inline[0].content_id, "img01");
        assert_eq!(view.attachments[0].file_name, "a.py");
        assert!(view.html.contains("cid:img01"));
        assert_eq!(view.date.as_deref(), Some("2026-12-07T03:00:00+01:00"));
        let (bytes, ct, name) = part(MAIL, "2").unwrap();
        assert_eq!(
            (bytes.as_slice(), ct.as_str(), name.as_str()),
            (&b"print(1)"[..], "text/plain; charset=utf-8", "a.py")
        );
        assert_eq!(part(MAIL, "1.2").unwrap().0, b"\x89PNG\r\n");
    }

    #[test]
    fn garbage_gives_an_empty_head() {
        let head = head(b"\xff\xfe\x00", true);
        assert!(head.subject.is_empty() && head.from.is_none());
    }
}
