//! Where a receiving command goes: `imap://`, `imaps://`, `pop3://`, `pop3s://` URLs,
//! folder names and the UIDs a user names.
//!
//! A URL is `SCHEME://[user@]host[:port][/FOLDER]`; the folder is UTF-8 as typed
//! (`imaps://host/Entwürfe`) or percent-encoded, and is encoded to modified UTF-7 only on
//! the wire (`imap.rs`). A password in the URL is refused: passwords never go on the
//! command line. Control characters are refused everywhere (a CR or LF would smuggle a
//! second command). Nothing here does I/O.

use percent_encoding::percent_decode_str;

use crate::addr::{Addr, parse_connect, split_url};
use crate::config::MailTls;

/// The two mailbox protocols.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Imap,
    Pop3,
}

impl Protocol {
    /// The well-known port for a TLS mode: 993/995 for implicit TLS, else 143/110.
    pub fn default_port(self, tls: MailTls) -> u16 {
        match (self, tls) {
            (Protocol::Imap, MailTls::Tls) => 993,
            (Protocol::Imap, _) => 143,
            (Protocol::Pop3, MailTls::Tls) => 995,
            (Protocol::Pop3, _) => 110,
        }
    }
}

/// A parsed receive URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub protocol: Protocol,
    /// `imaps://` / `pop3s://`: TLS from the first byte.
    pub implicit_tls: bool,
    pub user: Option<String>,
    /// A host name or an IP address (no brackets).
    pub host: String,
    pub port: Option<u16>,
    /// The folder the URL names (decoded UTF-8), if any.
    pub folder: Option<String>,
}

impl Target {
    /// The TLS mode: `--tls` if given, else what the scheme and port imply (implicit TLS
    /// for imaps/pop3s and on 993/995, STARTTLS/STLS otherwise).
    pub fn tls(&self, flag: Option<MailTls>) -> MailTls {
        match (flag, self.implicit_tls, self.port) {
            (Some(mode), _, _) => mode,
            (None, true, _) | (None, false, Some(993 | 995)) => MailTls::Tls,
            (None, false, _) => MailTls::Starttls,
        }
    }

    /// Host and port to dial.
    pub fn addr(&self, tls: MailTls) -> Addr {
        Addr::from_host(&self.host, self.port.unwrap_or(self.protocol.default_port(tls)))
    }
}

/// Whether a command-line word is a receive URL (anything else is a folder or a UID).
pub fn is_url(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    ["imap://", "imaps://", "pop3://", "pop3s://"].iter().any(|s| lower.starts_with(s))
}

/// Decode `%XX` escapes into UTF-8 without control characters.
fn decode(text: &str, what: &str) -> Result<String, String> {
    let decoded = percent_decode_str(text)
        .decode_utf8()
        .map_err(|_| format!("the {what} in '{text}' is not UTF-8"))?;
    check_name(&decoded, what)?;
    Ok(decoded.into_owned())
}

/// A folder or user name must not hold control characters (CR/LF would inject commands).
pub fn check_name(name: &str, what: &str) -> Result<(), String> {
    if name.chars().any(char::is_control) {
        return Err(format!("the {what} must not contain control characters"));
    }
    Ok(())
}

/// Parse `imap://[user@]host[:port][/FOLDER]` (and imaps, pop3, pop3s).
pub fn parse_url(text: &str) -> Result<Target, String> {
    let bad = |why: &str| format!("invalid URL '{text}': {why}");
    let (scheme, userinfo, hostport, path) = split_url(text).ok_or_else(|| bad("no scheme"))?;
    let (protocol, implicit_tls) = match scheme.to_ascii_lowercase().as_str() {
        "imap" => (Protocol::Imap, false),
        "imaps" => (Protocol::Imap, true),
        "pop3" | "pop" => (Protocol::Pop3, false),
        "pop3s" | "pops" => (Protocol::Pop3, true),
        _ => {
            return Err(format!(
                "unsupported URL scheme '{scheme}' (imap://, imaps://, pop3:// or pop3s://)"
            ));
        }
    };
    let user = match userinfo {
        Some(u) if u.contains(':') => {
            return Err("a password in the URL is not accepted: use NT_IMAP_PASSWORD or \
                        NT_POP3_PASSWORD, ~/.netrc or password_command"
                .into());
        }
        Some("") => return Err(bad("empty user name")),
        Some(u) => Some(decode(u, "user name")?),
        None => None,
    };
    let (host, port) = split_hostport(hostport).map_err(|e| bad(&e))?;
    let folder = decode(path.trim_end_matches('/'), "folder")?;
    let folder = (!folder.is_empty()).then_some(folder);
    if protocol == Protocol::Pop3 && folder.is_some() {
        return Err(bad("POP3 has one mailbox and no folders"));
    }
    Ok(Target { protocol, implicit_tls, user, host, port, folder })
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`: the host (no brackets) and the port if any.
fn split_hostport(text: &str) -> Result<(String, Option<u16>), String> {
    if text.is_empty() {
        return Err("missing host".into());
    }
    let has_port = match text.strip_prefix('[') {
        Some(rest) => rest.contains("]:"),
        None => text.contains(':'),
    };
    let addr = if has_port { parse_connect(text)? } else { parse_connect(&format!("{text}:1"))? };
    if has_port && addr.port == 0 {
        return Err("port 0 is not a port".into());
    }
    Ok((addr.host_text(), has_port.then_some(addr.port)))
}

/// The UIDs named on the command line (`5`, `3:9`, `12:*`, `1,4,7`) as one IMAP UID set,
/// checked so that nothing but digits, `:`, `,` and `*` reaches the wire.
pub fn uid_set(words: &[String]) -> Result<String, String> {
    let mut parts = Vec::new();
    for word in words {
        for part in word.split(',') {
            let ok = match part.split_once(':') {
                Some((a, b)) => is_uid(a) && (is_uid(b) || b == "*"),
                None => is_uid(part) || part == "*",
            };
            if !ok {
                return Err(format!(
                    "invalid UID '{part}' (examples: 5, 3:9, 12:*, 1,4,7; see `nt mail list`)"
                ));
            }
            parts.push(part.to_string());
        }
    }
    Ok(parts.join(","))
}

fn is_uid(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 10
        && text.bytes().all(|b| b.is_ascii_digit())
        && text.parse::<u32>().is_ok_and(|n| n > 0)
}

/// A sorted list of UIDs as a compact IMAP set: `1:3,7,9:10`.
pub fn compact(uids: &[u32]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end.wrapping_add(1) {
            i += 1;
            end = uids[i];
        }
        if !out.is_empty() {
            out.push(',');
        }
        if start == end {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn url_forms() {
        let t = parse_url("imaps://alice@imap.example.org").unwrap();
        assert_eq!(t.protocol, Protocol::Imap);
        assert!(t.implicit_tls);
        assert_eq!(t.user.as_deref(), Some("alice"));
        assert_eq!(t.host, "imap.example.org");
        assert_eq!(t.port, None);
        assert_eq!(t.tls(None), MailTls::Tls);
        assert_eq!(t.addr(MailTls::Tls).port, 993);
        let t = parse_url("imap://bob%40x.test@127.0.0.1:1143/Entw%C3%BCrfe/Sub").unwrap();
        assert_eq!(t.user.as_deref(), Some("bob@x.test"));
        assert_eq!(t.port, Some(1143));
        assert_eq!(t.folder.as_deref(), Some("Entwürfe/Sub"));
        assert_eq!(t.tls(None), MailTls::Starttls);
        let t = parse_url("imap://[::1]/Entwürfe").unwrap();
        assert_eq!(t.host, "::1");
        assert_eq!(t.folder.as_deref(), Some("Entwürfe"));
        let t = parse_url("POP3://h:995").unwrap();
        assert_eq!((t.protocol, t.tls(None)), (Protocol::Pop3, MailTls::Tls));
        assert_eq!(parse_url("pop3://h").unwrap().addr(MailTls::Starttls).port, 110);
        assert_eq!(parse_url("pop3s://h").unwrap().addr(MailTls::Tls).port, 995);
        assert_eq!(parse_url("imap://h").unwrap().tls(Some(MailTls::Off)), MailTls::Off);
    }

    #[test]
    fn bad_urls() {
        assert!(parse_url("imap://a:pw@h").unwrap_err().contains("password"));
        assert!(parse_url("http://h").is_err());
        assert!(parse_url("imap://").is_err());
        assert!(parse_url("imap://h:0").is_err());
        assert!(parse_url("imap://h:99999").is_err());
        assert!(parse_url("imap://h/a%0Db").is_err());
        assert!(parse_url("imap://h/%FF").is_err());
        assert!(parse_url("pop3://h/INBOX").is_err());
        assert!(is_url("IMAPS://x") && is_url("pop3://x") && !is_url("INBOX") && !is_url("5"));
    }

    #[test]
    fn uid_sets() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(uid_set(&words(&["5", "3:9", "12:*", "1,4"])).unwrap(), "5,3:9,12:*,1,4");
        assert!(uid_set(&words(&["0"])).is_err());
        assert!(uid_set(&words(&["1 2"])).is_err());
        assert!(uid_set(&words(&["1:"])).is_err());
        assert!(uid_set(&words(&["4294967296"])).is_err());
        assert!(uid_set(&words(&["1)"])).is_err());
        assert_eq!(compact(&[1, 2, 3, 7, 9, 10]), "1:3,7,9:10");
        assert_eq!(compact(&[]), "");
        assert_eq!(compact(&[u32::MAX]), u32::MAX.to_string());
    }

    proptest! {
        #[test]
        fn url_parser_never_panics(text in "\\PC{0,60}") {
            let _ = parse_url(&text);
            let _ = parse_url(&format!("imap://{text}"));
        }

        #[test]
        fn uid_sets_carry_only_set_characters(words in proptest::collection::vec("\\PC{0,12}", 0..4)) {
            if let Ok(set) = uid_set(&words) {
                prop_assert!(set.bytes().all(|b| b.is_ascii_digit() || b":,*".contains(&b)));
            }
        }
    }
}
