//! The readable view of a message for `nt mail get`: its headers, its attachments
//! (name, type, size), then its text; peer text made safe for a terminal. No I/O here.

use super::message::{Summary, View};
use super::one_line;
use crate::output::{Output, Style, sanitize};
use crate::progress;

/// The readable view: headers, attachments, then the text.
pub fn readable(s: &Summary, view: Option<&View>, raw: &[u8], out: &Output) -> String {
    let bold = |t: &str| out.paint(Style::Bold, t).into_owned();
    let mut text = String::new();
    let mut field = |name: &str, value: &str| {
        text.push_str(&format!("{} {}\n", bold(&format!("{name}:")), one_line(value)))
    };
    field("UID", &s.uid.to_string());
    field("Date", s.date.as_deref().unwrap_or("-"));
    field("From", s.from.as_deref().unwrap_or("-"));
    field("To", &s.to.join(", "));
    if let Some(v) = view.filter(|v| !v.cc.is_empty()) {
        field("Cc", &v.cc.join(", "));
    }
    field("Subject", s.subject.as_deref().unwrap_or(""));
    let Some(view) = view else {
        text.push('\n');
        for line in String::from_utf8_lossy(raw).lines() {
            text.push_str(&sanitize(line));
            text.push('\n');
        }
        return text;
    };
    for part in &view.parts {
        let name = one_line(part.name.as_deref().unwrap_or("(unnamed)"));
        let kind = if part.inline {
            format!("inline {}", part.content_type)
        } else {
            part.content_type.clone()
        };
        text.push_str(&format!(
            "{} {name} ({kind}, {})\n",
            bold("Attachment:"),
            progress::human_bytes(part.size)
        ));
    }
    text.push('\n');
    for line in view.text.lines() {
        text.push_str(&sanitize(line));
        text.push('\n');
    }
    text
}
