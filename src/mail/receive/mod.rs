//! nt mail folders, list, get and watch: reading mail over IMAP and POP3.
//!
//! [`account`] decides where and as whom (URL, config, password); [`imap`] and
//! [`pop3`] speak the protocols over a [`link::Guarded`] (timeouts, trace, guard);
//! [`message`] reads MIME with mail-parser (never panicking); [`save`] writes files that
//! cannot leave their directory; [`list`], [`get`] and [`watch`] are the commands.
//! The POP3 server of `nt mail catch --pop3` is the catcher's. Output goes through
//! `Output`; peer text is sanitized before a terminal sees it. Nothing here exits.

pub mod account;
pub mod get;
pub mod imap;
pub mod link;
pub mod list;
pub mod message;
pub mod pop3;
pub mod readable;
pub mod save;
pub mod target;
pub mod utf7;
pub mod watch;

use self::message::Summary;
use crate::error::{Kind, fail};
use crate::output::{Output, Style, sanitize};

/// Text from a message on one line: controls and tabs as spaces, safe for a terminal.
fn one_line(text: &str) -> String {
    let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    sanitize(flat.trim()).into_owned()
}

/// Cut `text` to `width` terminal cells (an East Asian wide character takes two; `…`
/// when cut) and pad it to that width.
fn column(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let cells = |c: char| c.width().unwrap_or(0);
    let total: usize = text.chars().map(cells).sum();
    if total <= width {
        return format!("{text}{}", " ".repeat(width - total));
    }
    let room = width.saturating_sub(1);
    let (mut cut, mut used) = (String::new(), 0);
    for c in text.chars() {
        if used + cells(c) > room {
            break;
        }
        used += cells(c);
        cut.push(c);
    }
    format!("{cut}…{}", " ".repeat(room - used))
}

/// `2024-10-01 10:00` from an RFC 3339 date.
fn short_date(date: Option<&str>) -> String {
    date.map(|d| d.get(..16).unwrap_or(d).replace('T', " ")).unwrap_or_else(|| "-".into())
}

/// One message as a line: aligned and cut on a terminal, tab-separated whole into a pipe.
pub fn summary_line(s: &Summary, out: &Output) -> String {
    let from = one_line(s.from.as_deref().unwrap_or("-"));
    let subject = one_line(s.subject.as_deref().unwrap_or("(no subject)"));
    let flags = s.flags.join(" ");
    let clip = if s.attachments.as_ref().is_some_and(|a| !a.is_empty()) { " @" } else { "" };
    if out.stdout_tty() {
        let uid = out.paint(Style::Bold, &format!("{:>6}", s.uid.to_string())).into_owned();
        let size = crate::progress::human_bytes(s.size);
        format!(
            "{uid}  {}  {}  {}  {size:>9}{clip}  {}",
            short_date(s.date.as_deref()),
            column(&from, 24),
            column(&subject, 44),
            out.paint(Style::Dim, &flags)
        )
    } else {
        let date = s.date.as_deref().unwrap_or("-");
        format!("{}\t{date}\t{from}\t{subject}\t{}\t{flags}", s.uid, s.size)
    }
}

/// `--since`: `YYYY-MM-DD`, or an age (`7d`, `12h`, `30m`) counted back from now.
pub fn since_date(text: &str) -> anyhow::Result<chrono::NaiveDate> {
    let text = text.trim();
    if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date);
    }
    let age = match text.strip_suffix('d').map(str::parse::<u32>) {
        Some(Ok(days)) if days <= 36_500 => Some(chrono::Duration::days(i64::from(days))),
        Some(_) => None,
        None => {
            crate::addr::parse_duration(text).ok().and_then(|d| chrono::Duration::from_std(d).ok())
        }
    };
    match age.and_then(|age| chrono::Utc::now().checked_sub_signed(age)) {
        Some(when) => Ok(when.date_naive()),
        None => Err(fail(
            Kind::Usage,
            format!("invalid --since '{text}' (examples: 2024-05-01, 7d, 12h)"),
        )),
    }
}

/// An IMAP quoted string (the text must not hold CR or LF: checked by the caller).
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The filters of `list` as one IMAP SEARCH program.
pub struct Filters<'a> {
    pub unseen: bool,
    pub since: Option<chrono::NaiveDate>,
    pub from: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub raw: Option<&'a str>,
}

impl Filters<'_> {
    /// `UNSEEN SINCE 1-Oct-2024 FROM "bob"` (`ALL` when empty), with `CHARSET UTF-8` in
    /// front when any text is not ASCII.
    pub fn criteria(&self) -> anyhow::Result<String> {
        let mut keys = Vec::new();
        if self.unseen {
            keys.push("UNSEEN".to_string());
        }
        if let Some(date) = self.since {
            keys.push(format!("SINCE {}", date.format("%-d-%b-%Y")));
        }
        for (key, text) in [("FROM", self.from), ("SUBJECT", self.subject)] {
            if let Some(text) = text {
                keys.push(format!("{key} {}", quoted(text)));
            }
        }
        if let Some(raw) = self.raw {
            keys.push(format!("({raw})"));
        }
        let all = keys.join(" ");
        if all.chars().any(char::is_control) {
            return Err(fail(Kind::Usage, "a search must not contain control characters"));
        }
        Ok(match (all.is_empty(), all.is_ascii()) {
            (true, _) => "ALL".to_string(),
            (false, true) => all,
            (false, false) => format!("CHARSET UTF-8 {all}"),
        })
    }

    /// The same test on a summary (POP3 reads headers itself); `--unseen` and `--search`
    /// cannot be done without a server that searches.
    pub fn matches(&self, s: &Summary) -> bool {
        let contains = |field: Option<&str>, needle: Option<&str>| match needle {
            None => true,
            Some(n) => field.is_some_and(|f| f.to_lowercase().contains(&n.to_lowercase())),
        };
        let recent = match self.since {
            None => true,
            Some(since) => s
                .date
                .as_deref()
                .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
                .is_some_and(|d| d.date_naive() >= since),
        };
        recent
            && contains(s.from.as_deref(), self.from)
            && contains(s.subject.as_deref(), self.subject)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn search_programs() {
        let none = Filters { unseen: false, since: None, from: None, subject: None, raw: None };
        assert_eq!(none.criteria().unwrap(), "ALL");
        let f = Filters {
            unseen: true,
            since: chrono::NaiveDate::from_ymd_opt(2024, 10, 1),
            from: Some("bob \"x\""),
            subject: None,
            raw: Some("LARGER 10"),
        };
        assert_eq!(
            f.criteria().unwrap(),
            "UNSEEN SINCE 1-Oct-2024 FROM \"bob \\\"x\\\"\" (LARGER 10)"
        );
        let u =
            Filters { unseen: false, since: None, from: None, subject: Some("测试"), raw: None };
        assert_eq!(u.criteria().unwrap(), "CHARSET UTF-8 SUBJECT \"测试\"");
        let bad =
            Filters { unseen: false, since: None, from: Some("a\r\nb"), subject: None, raw: None };
        assert!(bad.criteria().is_err());
    }

    #[test]
    fn since_forms() {
        assert_eq!(since_date("2024-05-01").unwrap().to_string(), "2024-05-01");
        assert!(since_date("7d").is_ok());
        assert!(since_date("12h").is_ok());
        assert!(since_date("yesterday").is_err());
        assert!(since_date("99999999d").is_err());
    }

    #[test]
    fn columns() {
        assert_eq!(column("abc", 5), "abc  ");
        assert_eq!(column("abcdef", 4), "abc…");
        // East Asian wide characters take two cells each.
        assert_eq!(column("测试", 6), "测试  ");
        assert_eq!(column("测试邮件", 6), "测试… ");
        assert_eq!(column("a测试邮件", 6), "a测试…");
        assert_eq!(column("测试邮件", 8), "测试邮件");
        assert_eq!(one_line("a\tb\x1b[2J"), "a b [2J");
        assert_eq!(short_date(Some("2024-10-01T10:00:00+02:00")), "2024-10-01 10:00");
    }

    proptest! {
        #[test]
        fn since_never_panics(text in "\\PC{0,20}") {
            let _ = since_date(&text);
        }
    }
}
