//! The message: a MIME tree built with lettre, with file parts streamed from disk.
//!
//! lettre builds the headers (RFC 2047 where needed), the multipart tree and the small
//! in-memory parts (text, HTML). Every file part (inline image or attachment) is
//! base64-encoded, text files too, so no line ever starts with a bare '.' or ends in a
//! bare LF. lettre does not stream: a 20 MiB attachment would be held three times in
//! memory. So each file part gets a unique marker as its pre-encoded body, and the
//! formatted message is cut at the markers into [`Segment`]s; [`Draft::write_to`] writes
//! the bytes and encodes the files chunk by chunk in the same line layout lettre uses
//! (57 input bytes → 76 characters, CRLF between lines). The text and HTML bodies are
//! normalised to CRLF first ([`crlf`]): lettre turns lone LFs into CRLF but passes lone
//! CRs, and sends an HTML file given as bytes with bare LFs. A prepared message
//! (`--eml`, see `eml.rs`) is a [`Segment::Lines`]: its body is normalised while it
//! streams. This module does no network I/O.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use lettre::message::header::{
    ContentDisposition, ContentId, ContentTransferEncoding, ContentType, HeaderName, HeaderValue,
};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};

use super::crlf;
use super::encode::{base64_len, encode_file, is_utf8_file};
use crate::error::{Kind, Tag, fail};

/// Headers that nt sets from its own flags; `--header` must not duplicate them.
const RESERVED: &[&str] = &[
    "from",
    "to",
    "cc",
    "bcc",
    "subject",
    "reply-to",
    "date",
    "message-id",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
];

/// Everything a message is made of, already read from flags, config and stdin.
#[derive(Debug, Default)]
pub struct Parts {
    pub from: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub reply_to: Option<String>,
    pub subject: Option<String>,
    pub headers: Vec<String>,
    /// The plain-text body (may be empty).
    pub text: String,
    pub html: Option<PathBuf>,
    /// `[CID=]FILE` as given.
    pub inline: Vec<String>,
    pub attach: Vec<PathBuf>,
    /// The domain of the Message-ID (the host name, as in EHLO).
    pub host: String,
}

/// One piece of the wire form: bytes from lettre, or a file encoded as base64 on the fly.
#[derive(Debug)]
pub enum Segment {
    Bytes(Vec<u8>),
    File {
        path: PathBuf,
        len: u64,
    },
    /// A prepared message's body from `offset`, normalised to CRLF on the way out;
    /// `len` and `ascii` describe the normalised form.
    Lines {
        file: Arc<File>,
        offset: u64,
        len: u64,
        ascii: bool,
    },
}

/// A message ready to be written: its envelope and its segments.
#[derive(Debug)]
pub struct Draft {
    pub from: Address,
    /// Every envelope recipient: To, Cc and Bcc (Bcc is not in the headers).
    pub recipients: Vec<Address>,
    pub message_id: Option<String>,
    pub segments: Vec<Segment>,
    /// Things worth telling the user (an inline image the HTML never references).
    pub warnings: Vec<String>,
}

/// A file part before the tree is built.
struct FilePart {
    path: PathBuf,
    len: u64,
    name: String,
    content_type: ContentType,
    /// `Some(cid)` for inline images.
    cid: Option<String>,
}

/// Parse an address flag value (`a@b` or `Name <a@b>`): a bad one is a usage error.
pub fn mailbox(flag: &str, text: &str) -> anyhow::Result<Mailbox> {
    text.trim()
        .parse::<Mailbox>()
        .map_err(|e| fail(Kind::Usage, format!("invalid address '{text}' for --{flag}: {e}")))
}

/// Split `--inline [CID=]FILE`; the default CID is the file name.
pub fn split_inline(spec: &str) -> (String, PathBuf) {
    match spec.split_once('=') {
        Some((cid, file)) if !cid.is_empty() && !cid.contains('/') && !file.is_empty() => {
            (cid.to_string(), PathBuf::from(file))
        }
        _ => {
            let path = PathBuf::from(spec);
            (file_name(&path), path)
        }
    }
}

/// A CID goes into `Content-ID: <CID>` as is, so it must be a valid msg-id body (RFC 5322
/// `dot-atom-text`, optionally `left@right`): letters, digits, `.` and
/// ``!#$%&'*+-/=?^_`{|}~``. Anything else (a space, `<>`, `"`, a line break) is exit 2.
pub fn check_cid(cid: &str, spec: &str) -> anyhow::Result<()> {
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let dot_atom = |part: &str| {
        !part.is_empty() && part.split('.').all(|atom| !atom.is_empty() && atom.chars().all(atext))
    };
    let valid = match cid.split_once('@') {
        Some((left, right)) => dot_atom(left) && dot_atom(right),
        None => dot_atom(cid),
    };
    if valid {
        return Ok(());
    }
    Err(fail(Kind::Usage, format!("invalid Content-ID '{cid}' in --inline '{spec}'")))
        .hint("a CID is letters, digits and .-_ (no spaces or <>); name it: --inline img01=FILE")
}

/// Parse `--header "Name: value"`: a valid field name, no line breaks, not a reserved one.
pub fn parse_header(text: &str) -> anyhow::Result<HeaderValue> {
    let bad = |why: &str| fail(Kind::Usage, format!("invalid --header '{text}': {why}"));
    let (name, value) = text.split_once(':').ok_or_else(|| bad("expected 'Name: value'"))?;
    let name = name.trim();
    if value.contains(['\r', '\n']) {
        return Err(bad("line breaks are not allowed"));
    }
    let valid = !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':');
    if !valid {
        return Err(bad("not a valid header name"));
    }
    if RESERVED.contains(&name.to_ascii_lowercase().as_str()) {
        return Err(bad("nt sets this header itself; use its flag"));
    }
    let header = HeaderName::new_from_ascii(name.to_string()).map_err(|_| bad("bad name"))?;
    Ok(HeaderValue::new(header, value.trim().to_string()))
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".into())
}

/// Check a file exists and is readable now, before any connection: exit 3 otherwise.
fn check_file(what: &str, path: &Path) -> anyhow::Result<u64> {
    let file = File::open(path)
        .with_context(|| format!("cannot read {what} {}", path.display()))
        .kind(Kind::LocalFile)?;
    let meta = file
        .metadata()
        .with_context(|| format!("cannot read {what} {}", path.display()))
        .kind(Kind::LocalFile)?;
    if !meta.is_file() {
        return Err(fail(Kind::LocalFile, format!("{what} {} is not a file", path.display())));
    }
    Ok(meta.len())
}

/// Read a small text file (body, HTML) whole: exit 3 when it cannot be read.
pub fn read_text(what: &str, path: &Path) -> anyhow::Result<Vec<u8>> {
    check_file(what, path)?;
    std::fs::read(path)
        .with_context(|| format!("cannot read {what} {}", path.display()))
        .kind(Kind::LocalFile)
}

/// 32 hex digits from the system's random source (the local part of a Message-ID).
fn unique_id() -> String {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 16];
    if ring::rand::SystemRandom::new().fill(&mut bytes).is_err() {
        // No random source: the time and the process id are unique enough for an id.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        bytes = crate::tls::sha256(format!("{nanos}/{}", std::process::id()).as_bytes())[..16]
            .try_into()
            .expect("16 of 32 bytes");
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A marker that appears nowhere else in the formatted message (checked when cutting).
fn marker(seed: &str, index: usize) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let digest =
        crate::tls::sha256(format!("{seed}/{}/{nanos}/{index}", std::process::id()).as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("ntpart{index}x{hex}")
}

impl Draft {
    /// Build the message; every file is checked before returning (no connection yet).
    pub fn build(parts: &Parts) -> anyhow::Result<Draft> {
        let message_id = format!("<{}@{}>", unique_id(), parts.host);
        let mut builder =
            Message::builder().message_id(Some(message_id)).from(mailbox("from", &parts.from)?);
        for to in &parts.to {
            builder = builder.to(mailbox("to", to)?);
        }
        for cc in &parts.cc {
            builder = builder.cc(mailbox("cc", cc)?);
        }
        for bcc in &parts.bcc {
            builder = builder.bcc(mailbox("bcc", bcc)?);
        }
        if let Some(reply_to) = &parts.reply_to {
            builder = builder.reply_to(mailbox("reply-to", reply_to)?);
        }
        if let Some(subject) = &parts.subject {
            builder = builder.subject(subject.clone());
        }
        for header in &parts.headers {
            builder = builder.raw_header(parse_header(header)?);
        }
        let html = match &parts.html {
            Some(path) => Some(crlf::normalize(&read_text("HTML file", path)?)),
            None => None,
        };
        let mut files = Vec::new();
        for spec in &parts.inline {
            let (cid, path) = split_inline(spec);
            check_cid(&cid, spec)?;
            files.push(file_part("inline image", path, Some(cid))?);
        }
        for path in &parts.attach {
            files.push(file_part("attachment", path.clone(), None)?);
        }
        let mut warnings = Vec::new();
        if let Some(html) = &html {
            let html = String::from_utf8_lossy(html);
            for cid in files.iter().filter_map(|f| f.cid.as_deref()) {
                if !html.contains(&format!("cid:{cid}")) {
                    warnings.push(format!("the HTML never references inline image cid:{cid}"));
                }
            }
        }
        let seed = format!("{}{:?}", parts.from, parts.subject);
        let markers: Vec<String> = (0..files.len()).map(|i| marker(&seed, i)).collect();
        let text = String::from_utf8(crlf::normalize(parts.text.as_bytes()))
            .expect("normalising line breaks keeps UTF-8 valid");
        let message = tree(builder, &text, html, &files, &markers)?;
        let envelope = message.envelope();
        let from = envelope
            .from()
            .cloned()
            .ok_or_else(|| fail(Kind::Usage, "the message has no sender"))?;
        let recipients = envelope.to().to_vec();
        let message_id = message.headers().get_raw("Message-ID").map(|v| v.trim().to_string());
        let segments = cut(message.formatted(), &markers, files)?;
        Ok(Draft { from, recipients, message_id, segments, warnings })
    }

    /// The exact number of bytes [`Draft::write_to`] writes (before SMTP dot-stuffing).
    pub fn len(&self) -> u64 {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Bytes(b) => b.len() as u64,
                Segment::File { len, .. } => base64_len(*len),
                Segment::Lines { len, .. } => *len,
            })
            .sum()
    }

    /// Whether every byte is 7-bit (file parts are base64, so only the lettre bytes count).
    pub fn is_ascii(&self) -> bool {
        self.segments.iter().all(|s| match s {
            Segment::Bytes(b) => b.is_ascii(),
            Segment::File { .. } => true,
            Segment::Lines { ascii, .. } => *ascii,
        })
    }

    /// Write the whole message; `tick` is told how many bytes went out after each write.
    /// File errors are tagged exit 3; errors of `sink` are returned as they are.
    pub fn write_to(&self, sink: &mut dyn Write, tick: &mut dyn FnMut(u64)) -> anyhow::Result<()> {
        for segment in &self.segments {
            match segment {
                Segment::Bytes(bytes) => {
                    sink.write_all(bytes)?;
                    tick(bytes.len() as u64);
                }
                Segment::File { path, .. } => encode_file(path, sink, tick)?,
                Segment::Lines { file, offset, .. } => crlf::copy_lines(file, *offset, sink, tick)?,
            }
        }
        Ok(())
    }
}

fn file_part(what: &str, path: PathBuf, cid: Option<String>) -> anyhow::Result<FilePart> {
    let len = check_file(what, &path)?;
    let name = file_name(&path);
    let guess = mime_guess::from_path(&path).first_or_octet_stream();
    let mut essence = guess.essence_str().to_string();
    // A text file that is UTF-8 says so, or a reader guesses (and the course's Chinese
    // comment arrives as mojibake).
    if guess.type_() == mime_guess::mime::TEXT && is_utf8_file(&path)? {
        essence.push_str("; charset=utf-8");
    }
    let content_type = ContentType::parse(&essence)
        .unwrap_or(ContentType::parse("application/octet-stream").expect("a valid MIME type"));
    Ok(FilePart { path, len, name, content_type, cid })
}

/// One file part: its type, disposition (and Content-ID), and the marker as its body.
fn file_single(f: &FilePart, marker: &str) -> SinglePart {
    let disposition = match &f.cid {
        Some(_) => ContentDisposition::inline_with_name(&f.name),
        None => ContentDisposition::attachment(&f.name),
    };
    let mut part = SinglePart::builder().header(f.content_type.clone()).header(disposition);
    if let Some(cid) = &f.cid {
        part = part.header(ContentId::from(format!("<{cid}>")));
    }
    let body =
        Body::dangerous_pre_encoded(marker.as_bytes().to_vec(), ContentTransferEncoding::Base64);
    part.body(body)
}

/// The MIME tree: text|HTML (alternative), HTML+inline (related), attachments (mixed).
fn tree(
    builder: lettre::message::MessageBuilder,
    text: &str,
    html: Option<Vec<u8>>,
    files: &[FilePart],
    markers: &[String],
) -> anyhow::Result<Message> {
    let text_part = || SinglePart::plain(text.to_string());
    let (inline, attached): (Vec<_>, Vec<_>) =
        files.iter().zip(markers).partition(|(f, _)| f.cid.is_some());
    // Without HTML, inline images have nothing to show them: they go with the attachments.
    let loose: Vec<_> = match html {
        None => inline.iter().chain(attached.iter()).collect(),
        Some(_) => attached.iter().collect(),
    };
    // The readable content: text, HTML, or both as alternatives; inline images with the HTML.
    // An empty text body beside files and no HTML is left out.
    enum Content {
        Single(SinglePart),
        Multi(MultiPart),
    }
    let content = match html {
        None if text.is_empty() && !loose.is_empty() => None,
        None => Some(Content::Single(text_part())),
        Some(html) => {
            let html_part = SinglePart::builder().header(ContentType::TEXT_HTML).body(html);
            let html_content = if inline.is_empty() {
                Content::Single(html_part)
            } else {
                let mut related = MultiPart::related().singlepart(html_part);
                for (f, m) in &inline {
                    related = related.singlepart(file_single(f, m));
                }
                Content::Multi(related)
            };
            Some(if text.is_empty() {
                html_content
            } else {
                let alt = MultiPart::alternative().singlepart(text_part());
                Content::Multi(match html_content {
                    Content::Single(s) => alt.singlepart(s),
                    Content::Multi(m) => alt.multipart(m),
                })
            })
        }
    };
    let result = match content {
        Some(Content::Single(s)) if loose.is_empty() => builder.singlepart(s),
        Some(Content::Multi(m)) if loose.is_empty() => builder.multipart(m),
        content => {
            let mut mixed = MultiPart::mixed().build();
            match content {
                Some(Content::Single(s)) => mixed = mixed.singlepart(s),
                Some(Content::Multi(m)) => mixed = mixed.multipart(m),
                None => {}
            }
            for (f, m) in loose {
                mixed = mixed.singlepart(file_single(f, m));
            }
            builder.multipart(mixed)
        }
    };
    result.map_err(|e| fail(Kind::Usage, format!("cannot build the message: {e}")))
}

/// Cut the formatted message at each marker, which must appear exactly once.
fn cut(
    mut formatted: Vec<u8>,
    markers: &[String],
    files: Vec<FilePart>,
) -> anyhow::Result<Vec<Segment>> {
    // A message file (and the DATA before its final dot) ends with a line break.
    if !formatted.ends_with(b"\r\n") {
        formatted.extend_from_slice(b"\r\n");
    }
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (i, m) in markers.iter().enumerate() {
        let hits: Vec<usize> = find_all(&formatted, m.as_bytes());
        let [at] = hits[..] else {
            return Err(fail(Kind::Usage, "cannot lay out the message (marker clash); try again"));
        };
        found.push((at, i));
    }
    found.sort_unstable();
    let mut files: Vec<Option<FilePart>> = files.into_iter().map(Some).collect();
    let mut segments = Vec::new();
    let mut pos = 0;
    for (at, i) in found {
        segments.push(Segment::Bytes(formatted[pos..at].to_vec()));
        let f = files[i].take().expect("each marker index is found once");
        segments.push(Segment::File { path: f.path, len: f.len });
        pos = at + markers[i].len();
    }
    segments.push(Segment::Bytes(formatted[pos..].to_vec()));
    Ok(segments)
}

fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn inline_specs() {
        assert_eq!(split_inline("img01=a/iu.jpg"), ("img01".into(), PathBuf::from("a/iu.jpg")));
        assert_eq!(split_inline("dir/iu.jpg"), ("iu.jpg".into(), PathBuf::from("dir/iu.jpg")));
        assert_eq!(split_inline("=x.png"), ("=x.png".into(), PathBuf::from("=x.png")));
        assert_eq!(split_inline("a/b=c.png"), ("b=c.png".into(), PathBuf::from("a/b=c.png")));
    }

    #[test]
    fn headers() {
        assert!(parse_header("X-Tool: nt").is_ok());
        assert!(parse_header("X-Tool:").is_ok());
        assert!(parse_header("Subject: x").is_err());
        assert!(parse_header("X-A: b\r\nBcc: evil@x").is_err());
        assert!(parse_header("Bad Name: x").is_err());
        assert!(parse_header("no colon").is_err());
    }

    proptest! {
        #[test]
        fn header_parser_never_panics(text in "\\PC{0,60}") {
            let _ = parse_header(&text);
        }

        #[test]
        fn inline_parser_keeps_the_file(cid in "[a-z0-9]{1,8}", file in "[a-z]{1,8}\\.png") {
            let (c, p) = split_inline(&format!("{cid}={file}"));
            prop_assert_eq!(c, cid);
            prop_assert_eq!(p, PathBuf::from(&file));
            let (c, _) = split_inline(&file);
            prop_assert_eq!(c, file);
        }

        #[test]
        fn mailbox_parser_never_panics(text in "\\PC{0,40}") {
            let _ = mailbox("to", &text);
        }
    }
}
