//! Where an `nt ftp` command goes: `ftp://` / `ftps://` URLs, the server, remote paths.
//!
//! The server comes from the first URL among the path arguments, else `--host` (or
//! `NT_FTP_URL`), else the config's `[ftp] url`. A URL's path follows RFC 1738 as curl and
//! lftp read it: relative to the login directory, `%2F` for an absolute path. In `--host`
//! and the config the path is the working directory for relative arguments. A password in a
//! URL is refused: passwords never go on the command line. Nothing here does I/O.

use crate::addr::{Addr, parse_connect};

/// An FTP server and the user named with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// `ftps://`: TLS from the first byte (implicit FTPS).
    pub implicit_tls: bool,
    pub user: Option<String>,
    pub addr: Addr,
    /// The directory the URL names (decoded, no leading `/` unless absolute); may be empty.
    pub dir: String,
}

impl Server {
    /// The host as text for TLS (SNI, certificate check) and netrc: a name or a bare IP.
    pub fn host(&self) -> String {
        self.addr.host_text()
    }

    /// Same server, user and scheme (paths may differ).
    fn same_place(&self, other: &Server) -> bool {
        self.implicit_tls == other.implicit_tls
            && self.user == other.user
            && self.addr == other.addr
    }
}

/// Whether a path argument is a URL.
pub fn is_url(text: &str) -> bool {
    let lower = text.get(..7).map(str::to_ascii_lowercase).unwrap_or_default();
    lower.starts_with("ftp://") || lower.starts_with("ftps://")
}

/// Decode `%XX` escapes; the result must be UTF-8 without control characters (a CR or LF
/// would smuggle a second command onto the control connection).
pub fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
            let Some(hex) = hex else {
                return Err(format!("invalid %-escape in '{text}'"));
            };
            out.push(u8::from_str_radix(hex, 16).map_err(|e| e.to_string())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).map_err(|_| format!("'{text}' is not UTF-8"))?;
    check_path(&decoded)?;
    Ok(decoded)
}

/// A remote path must not contain control characters (CR/LF would inject commands).
pub fn check_path(path: &str) -> Result<(), String> {
    if path.chars().any(char::is_control) {
        return Err("a remote path must not contain control characters".into());
    }
    Ok(())
}

/// Parse `ftp://[user@]host[:port]/path` or `ftps://...`. The path is returned decoded,
/// relative to the login directory (absolute when it was written `%2F...`).
pub fn parse_url(text: &str) -> Result<(Server, String), String> {
    let (scheme, rest) = text.split_once("://").ok_or_else(|| format!("invalid URL '{text}'"))?;
    let implicit_tls = match scheme.to_ascii_lowercase().as_str() {
        "ftp" => false,
        "ftps" => true,
        _ => return Err(format!("unsupported URL scheme '{scheme}' (ftp:// or ftps://)")),
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let user = match userinfo {
        // The URL itself is not repeated: it holds a password.
        Some(u) if u.contains(':') => {
            return Err("a password in the URL is not accepted: use NT_FTP_PASSWORD, \
                        ~/.netrc or password_command"
                .into());
        }
        Some("") => return Err(format!("empty user name in '{text}'")),
        Some(u) => Some(percent_decode(u)?),
        None => None,
    };
    let addr = parse_hostport(hostport, if implicit_tls { 990 } else { 21 })
        .map_err(|e| format!("invalid URL '{text}': {e}"))?;
    let path = percent_decode(path)?;
    let dir = path.trim_end_matches('/').to_string();
    Ok((Server { implicit_tls, user, addr, dir }, path))
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`, with a default port.
pub fn parse_hostport(text: &str, default_port: u16) -> Result<Addr, String> {
    if text.is_empty() {
        return Err("missing host".into());
    }
    let has_port = match text.strip_prefix('[') {
        Some(rest) => rest.contains("]:"),
        None => text.contains(':'),
    };
    if has_port { parse_connect(text) } else { parse_connect(&format!("{text}:{default_port}")) }
}

/// A server given with `--host` or in the config: a URL, or `host[:port]`.
pub fn parse_server(text: &str) -> Result<Server, String> {
    if is_url(text) {
        return parse_url(text).map(|(server, _)| server);
    }
    let addr = parse_hostport(text.trim_end_matches('/'), 21)?;
    Ok(Server { implicit_tls: false, user: None, addr, dir: String::new() })
}

/// Where a command goes: the server, whether it came from a URL argument, and each
/// path argument resolved (URL arguments to their path; plain ones unchanged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub server: Server,
    /// The server came from the config file (its user ranks as the config's user).
    pub from_config: bool,
    pub paths: Vec<String>,
}

/// Pick the server for a command from its path arguments, `--host`/`NT_FTP_URL` and the
/// config's url, in that order. Every URL argument must name the same server.
pub fn locate(
    args: &[&str],
    host: Option<&str>,
    config_url: Option<&str>,
) -> Result<Located, String> {
    let mut server: Option<Server> = None;
    let mut paths = Vec::with_capacity(args.len());
    for arg in args {
        if is_url(arg) {
            let (s, path) = parse_url(arg)?;
            match &server {
                Some(first) if !first.same_place(&s) => {
                    return Err("all URLs of one command must name the same server".into());
                }
                Some(_) => {}
                None => server = Some(Server { dir: String::new(), ..s }),
            }
            paths.push(path);
        } else {
            check_path(arg)?;
            paths.push((*arg).to_string());
        }
    }
    if let Some(server) = server {
        return Ok(Located { server, from_config: false, paths });
    }
    if let Some(host) = host.filter(|h| !h.is_empty()) {
        return Ok(Located { server: parse_server(host)?, from_config: false, paths });
    }
    if let Some(url) = config_url.filter(|u| !u.is_empty()) {
        let server = parse_server(url).map_err(|e| format!("[ftp] url in the config: {e}"))?;
        return Ok(Located { server, from_config: true, paths });
    }
    Err("no FTP server given".into())
}

/// The last component of a remote path (`a/b/c.txt` → `c.txt`), if it names something.
pub fn basename(path: &str) -> Option<&str> {
    let name = path.trim_end_matches('/').rsplit('/').next()?;
    (!name.is_empty() && name != "." && name != "..").then_some(name)
}

/// Join a remote directory and a name with one `/`.
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() || dir == "." {
        name.to_string()
    } else if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// A name from a server listing that is safe to create locally: one plain component.
pub fn safe_local_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains('/')
        && !name.contains('\\')
        && !name.chars().any(char::is_control)
}

/// Whether a path component is a pattern (`*`, `?` or `[...]`).
pub fn is_pattern(name: &str) -> bool {
    name.contains(['*', '?', '['])
}

/// Percent-encode a path or user for a URL (unreserved characters and `/` stay).
fn encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        // In a user name, ':' and '@' would end it.
        let extra: &[u8] = if keep_slash { b"-._~!$&()*+,;=:@" } else { b"-._~!$&()*+,;=" };
        let plain = b.is_ascii_alphanumeric() || extra.contains(&b);
        if plain || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The URL of `path` on `server` as `user`: relative paths are taken from the server's
/// working directory, and an absolute one is written `%2F...` (RFC 1738, as curl reads it).
pub fn url(server: &Server, user: Option<&str>, path: &str) -> String {
    let scheme = if server.implicit_tls { "ftps" } else { "ftp" };
    let who = user.map(|u| format!("{}@", encode(u, false))).unwrap_or_default();
    let full = if path.starts_with('/') { path.to_string() } else { join(&server.dir, path) };
    let path = match full.strip_prefix('/') {
        Some(rest) => format!("%2F{}", encode(rest, true)),
        None => encode(&full, true),
    };
    format!("{scheme}://{who}{}/{path}", server.addr)
}

/// Quote a word for a POSIX shell (as is when it holds nothing the shell would read).
pub fn shell_quote(word: &str) -> String {
    let safe = !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_alphanumeric() || b"@%+=:,./_-".contains(&b));
    if safe { word.to_string() } else { format!("'{}'", word.replace('\'', "'\\''")) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn urls_parse() {
        let (s, path) = parse_url("ftp://alice@127.0.0.1:2121/pub/x%20y.bin").unwrap();
        assert!(!s.implicit_tls);
        assert_eq!(s.user.as_deref(), Some("alice"));
        assert_eq!(s.addr.port, 2121);
        assert_eq!(s.host(), "127.0.0.1");
        assert_eq!(path, "pub/x y.bin");
        let (s, path) = parse_url("FTPS://[::1]/%2Fetc/").unwrap();
        assert!(s.implicit_tls);
        assert_eq!(s.addr.port, 990);
        assert_eq!(s.host(), "::1");
        assert_eq!(path, "/etc/");
        assert_eq!(s.dir, "/etc");
        let (s, path) = parse_url("ftp://Example.org").unwrap();
        assert_eq!((s.host().as_str(), s.addr.port, path.as_str()), ("example.org", 21, ""));
    }

    #[test]
    fn bad_urls_are_refused_without_echoing_passwords() {
        let err = parse_url("ftp://bob:hunter2@host/").unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
        assert!(parse_url("http://host/").is_err());
        assert!(parse_url("ftp:///x").is_err());
        assert!(parse_url("ftp://host:99999/").is_err());
        assert!(parse_url("ftp://host/a%0d%0aDELE%20x").is_err());
        assert!(parse_url("ftp://host/%zz").is_err());
        assert!(parse_url("ftp://@host/").is_err());
    }

    #[test]
    fn locate_prefers_url_arguments_then_host_then_config() {
        let l = locate(&["ftp://h:2121/a", "b"], Some("other"), None).unwrap();
        assert_eq!(l.server.addr.port, 2121);
        assert_eq!(l.server.dir, "");
        assert_eq!(l.paths, ["a", "b"]);
        let l = locate(&["x"], Some("ftp://h/pub/"), Some("ftp://c/")).unwrap();
        assert_eq!((l.server.dir.as_str(), l.from_config), ("pub", false));
        let l = locate(&["x"], None, Some("c:2121")).unwrap();
        assert!(l.from_config);
        assert_eq!(l.server.addr.port, 2121);
        assert!(locate(&["x"], None, None).is_err());
        assert!(locate(&["ftp://a/x", "ftp://b/y"], None, None).is_err());
        assert!(locate(&["a\nb"], Some("h"), None).is_err());
    }

    #[test]
    fn names_and_joins() {
        assert_eq!(basename("a/b/c.txt"), Some("c.txt"));
        assert_eq!(basename("dir/"), Some("dir"));
        assert_eq!(basename(""), None);
        assert_eq!(basename(".."), None);
        assert_eq!(join("", "x"), "x");
        assert_eq!(join("/", "x"), "/x");
        assert_eq!(join("a", "x"), "a/x");
        assert!(safe_local_name("ok.txt"));
        for bad in ["", ".", "..", "a/b", "a\\b", "x\ny"] {
            assert!(!safe_local_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn urls_for_hints_round_trip() {
        let (server, _) = parse_url("ftp://127.0.0.1:2121/pub").unwrap();
        let u = url(&server, Some("alice"), "big file.bin");
        assert_eq!(u, "ftp://alice@127.0.0.1:2121/pub/big%20file.bin");
        let again = parse_url(&u).unwrap();
        assert_eq!(again.1, "pub/big file.bin");
        let abs = url(&server, None, "/etc/x");
        assert_eq!(abs, "ftp://127.0.0.1:2121/%2Fetc/x");
        assert_eq!(parse_url(&abs).unwrap().1, "/etc/x");
        assert_eq!(shell_quote("a.bin"), "a.bin");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert!(is_pattern("*.png") && !is_pattern("a.png"));
    }

    proptest! {
        #[test]
        fn url_parser_never_panics(text in "\\PC{0,80}") {
            let _ = parse_url(&text);
            let _ = parse_server(&text);
            let _ = percent_decode(&text);
        }

        #[test]
        fn url_round_trip(user in "[a-z][a-z0-9_]{0,8}", host in "[a-z][a-z0-9]{0,10}",
                          port in 1u16.., path in "[a-zA-Z0-9 ._-]{0,20}") {
            let escaped = path.replace(' ', "%20");
            let url = format!("ftp://{user}@{host}:{port}/{escaped}");
            let (s, p) = parse_url(&url).unwrap();
            prop_assert_eq!(s.user.as_deref(), Some(user.as_str()));
            prop_assert_eq!(s.host(), host);
            prop_assert_eq!(s.addr.port, port);
            prop_assert_eq!(p, path);
        }
    }
}
