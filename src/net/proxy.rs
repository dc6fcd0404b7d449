//! `--proxy`: a tunnel through a SOCKS5 proxy (RFC 1928, user/password RFC 1929) or an
//! HTTP proxy's CONNECT method, opened on a connection to the proxy before the protocol
//! starts. Names are resolved by the proxy (SOCKS5 "domain name" requests), so a name that
//! only the proxy's side knows still works and no lookup leaks from this host.
//!
//! The password of `socks5://user@host:port` or `http://user@host:port` comes from
//! `NT_PROXY_PASSWORD`, never from the command line. Every read and write here is under
//! the dial's deadline; replies are read byte by byte up to a bound, so nothing of the
//! tunnelled stream is consumed and no proxy can make nt buffer without limit.

use std::fmt;
use std::io::{Read, Write};
use std::net::{IpAddr, TcpStream};
use std::str::FromStr;

use base64::Engine;

use super::deadline::{Deadline, io_error};
use crate::addr::{Addr, Host};
use crate::error::{Kind, fail};
use crate::output::{Dir, Output};
use crate::secret::Secret;

/// The longest HTTP CONNECT answer (status line and headers) that is read.
const MAX_HTTP_REPLY: usize = 16 << 10;

/// `--proxy`, flattened into every command that dials out (also from `NT_PROXY`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ProxyArgs {
    /// Connect through a proxy: socks5://[user@]host:port or http://[user@]host:port
    /// (HTTP CONNECT); the password comes from NT_PROXY_PASSWORD.
    #[arg(long, value_name = "URL", env = "NT_PROXY", value_parser = parse_proxy)]
    pub proxy: Option<Proxy>,
}

/// Which kind of proxy, where, and as whom.
#[derive(Clone, PartialEq, Eq)]
pub struct Proxy {
    kind: ProxyKind,
    addr: Addr,
    user: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProxyKind {
    Socks5,
    Http,
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = match self.kind {
            ProxyKind::Socks5 => "socks5",
            ProxyKind::Http => "http",
        };
        match &self.user {
            Some(user) => write!(f, "{scheme}://{user}@{}", self.addr),
            None => write!(f, "{scheme}://{}", self.addr),
        }
    }
}

impl FromStr for Proxy {
    type Err = String;
    fn from_str(text: &str) -> Result<Proxy, String> {
        parse_proxy(text)
    }
}

/// Parse `socks5://[user@]host:port`, `socks5h://...` (the same: names always go to the
/// proxy) or `http://[user@]host:port`. A password in the URL is refused: it would be
/// visible to every user of the machine in the process list.
pub fn parse_proxy(text: &str) -> Result<Proxy, String> {
    // Never echo what stands before an '@': it may hold a password.
    let shown = match text.rsplit_once('@') {
        Some((_, host)) => format!("...@{host}"),
        None => text.to_string(),
    };
    let bad = |why: &str| format!("invalid proxy '{shown}': {why}");
    let (scheme, rest) = text
        .split_once("://")
        .ok_or_else(|| bad("expected socks5://host:port or http://host:port"))?;
    let kind = match scheme.to_ascii_lowercase().as_str() {
        "socks5" | "socks5h" => ProxyKind::Socks5,
        "http" => ProxyKind::Http,
        other => return Err(bad(&format!("unknown scheme '{other}' (socks5 or http)"))),
    };
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let (user, hostport) = match rest.rsplit_once('@') {
        Some((user, hp)) => (Some(user), hp),
        None => (None, rest),
    };
    if let Some(user) = user {
        if user.contains(':') {
            return Err(bad("put the password in NT_PROXY_PASSWORD, not in the URL"));
        }
        if user.is_empty() || user.len() > 255 || user.chars().any(char::is_control) {
            return Err(bad("invalid user name"));
        }
    }
    let addr = crate::addr::parse_connect(hostport).map_err(|e| bad(&e))?;
    Ok(Proxy { kind, addr, user: user.map(str::to_string) })
}

impl Proxy {
    /// Where the proxy itself listens.
    pub fn addr(&self) -> &Addr {
        &self.addr
    }

    fn password(&self) -> Secret {
        Secret::new(std::env::var("NT_PROXY_PASSWORD").unwrap_or_default())
    }

    /// Ask the proxy, over `stream`, for a tunnel to `target`.
    pub fn tunnel(
        &self,
        stream: &TcpStream,
        target: &Addr,
        deadline: &Deadline,
        out: &Output,
    ) -> anyhow::Result<()> {
        let mut io = Timed { stream, deadline, what: format!("the proxy {}", self.addr) };
        match self.kind {
            ProxyKind::Socks5 => self.socks5(&mut io, target, out),
            ProxyKind::Http => self.http(&mut io, target, out),
        }
    }

    fn socks5(&self, io: &mut Timed<'_>, target: &Addr, out: &Output) -> anyhow::Result<()> {
        let method = if self.user.is_some() { 2u8 } else { 0u8 };
        io.write(&[5, 1, method])?;
        let mut answer = [0u8; 2];
        io.read(&mut answer)?;
        if answer[0] != 5 {
            return Err(fail(Kind::Network, format!("{} is not a SOCKS5 proxy", self.addr)));
        }
        match (answer[1], &self.user) {
            (0, _) => {}
            (2, Some(user)) => {
                let password = self.password();
                let pass = password.expose().as_bytes();
                if pass.len() > 255 {
                    return Err(fail(Kind::Usage, "NT_PROXY_PASSWORD is longer than 255 bytes"));
                }
                let mut auth = vec![1, user.len() as u8];
                auth.extend_from_slice(user.as_bytes());
                auth.push(pass.len() as u8);
                auth.extend_from_slice(pass);
                out.trace(Dir::Sent, &format!("SOCKS5 login {user} ***"));
                io.write(&auth)?;
                io.read(&mut answer)?;
                if answer[1] != 0 {
                    return Err(fail(
                        Kind::AuthTls,
                        format!("the proxy {} rejected the login of '{user}'", self.addr),
                    ));
                }
            }
            _ => {
                return Err(fail(
                    Kind::AuthTls,
                    format!("the proxy {} wants a login: give socks5://USER@host:port", self.addr),
                ));
            }
        }
        let mut request = vec![5, 1, 0];
        match &target.host {
            Host::Ip(IpAddr::V4(ip)) => {
                request.push(1);
                request.extend_from_slice(&ip.octets());
            }
            Host::Ip(IpAddr::V6(ip)) => {
                request.push(4);
                request.extend_from_slice(&ip.octets());
            }
            Host::Name(name) => {
                request.push(3);
                request.push(name.len() as u8);
                request.extend_from_slice(name.as_bytes());
            }
            Host::Any => return Err(fail(Kind::Usage, "a host is required")),
        }
        request.extend_from_slice(&target.port.to_be_bytes());
        out.trace(Dir::Sent, &format!("SOCKS5 CONNECT {target}"));
        io.write(&request)?;
        let mut head = [0u8; 4];
        io.read(&mut head)?;
        out.trace(Dir::Received, &format!("SOCKS5 reply {}", head[1]));
        if head[1] != 0 {
            return Err(fail(Kind::Network, format!("the proxy said: {}", socks_reply(head[1]))));
        }
        // The bound address (skipped): IPv4, a name, or IPv6, then the port.
        let skip = match head[3] {
            1 => 4,
            4 => 16,
            3 => {
                let mut len = [0u8; 1];
                io.read(&mut len)?;
                usize::from(len[0])
            }
            other => {
                return Err(fail(Kind::Network, format!("bad SOCKS5 address type {other}")));
            }
        };
        let mut rest = vec![0u8; skip + 2];
        io.read(&mut rest)
    }

    fn http(&self, io: &mut Timed<'_>, target: &Addr, out: &Output) -> anyhow::Result<()> {
        let mut request = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
        out.trace(Dir::Sent, &format!("CONNECT {target} HTTP/1.1"));
        if let Some(user) = &self.user {
            let token = base64::engine::general_purpose::STANDARD
                .encode(format!("{user}:{}", self.password().expose()));
            request.push_str(&format!("Proxy-Authorization: Basic {token}\r\n"));
            out.trace(Dir::Sent, "Proxy-Authorization: Basic ***");
        }
        request.push_str("\r\n");
        io.write(request.as_bytes())?;
        let head = io.read_head()?;
        let status_line = head.lines().next().unwrap_or_default().trim().to_string();
        out.trace(Dir::Received, &status_line);
        let code = status_line.split(' ').nth(1).and_then(|c| c.parse::<u16>().ok());
        match code {
            Some(200..=299) => Ok(()),
            Some(407) => Err(fail(
                Kind::AuthTls,
                format!("the proxy {} wants a login: {status_line}", self.addr),
            )),
            Some(_) => Err(fail(Kind::Network, format!("the proxy said: {status_line}"))),
            None => Err(fail(Kind::Network, format!("{} is not an HTTP proxy", self.addr))),
        }
    }
}

/// The text of a SOCKS5 reply code (RFC 1928, section 6).
fn socks_reply(code: u8) -> &'static str {
    match code {
        1 => "general failure",
        2 => "connection not allowed by its rules",
        3 => "network unreachable",
        4 => "host unreachable",
        5 => "connection refused",
        6 => "TTL expired",
        7 => "command not supported",
        8 => "address type not supported",
        _ => "unknown error",
    }
}

/// Reads and writes on the proxy connection, each under the dial's deadline.
struct Timed<'a> {
    stream: &'a TcpStream,
    deadline: &'a Deadline,
    what: String,
}

impl Timed<'_> {
    fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        self.deadline.apply(self.stream).map_err(|e| io_error(e, &self.what))?;
        let mut stream = self.stream;
        stream.write_all(bytes).map_err(|e| io_error(e, &self.what))
    }

    fn read(&mut self, buf: &mut [u8]) -> anyhow::Result<()> {
        self.deadline.apply(self.stream).map_err(|e| io_error(e, &self.what))?;
        let mut stream = self.stream;
        stream.read_exact(buf).map_err(|e| {
            if e.kind() == std::io::ErrorKind::UnexpectedEof {
                fail(Kind::Network, format!("{} closed the connection", self.what))
            } else {
                io_error(e, &self.what)
            }
        })
    }

    /// An HTTP head up to its blank line, one byte at a time (the tunnel starts right
    /// after it), at most [`MAX_HTTP_REPLY`] bytes.
    fn read_head(&mut self) -> anyhow::Result<String> {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && !head.ends_with(b"\n\n") {
            if head.len() >= MAX_HTTP_REPLY {
                return Err(fail(Kind::Network, format!("{}: reply too long", self.what)));
            }
            self.read(&mut byte)?;
            head.push(byte[0]);
        }
        Ok(String::from_utf8_lossy(&head).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn proxy_urls() {
        let p = parse_proxy("socks5://alice@127.0.0.1:1080").unwrap();
        assert_eq!((p.kind, p.user.as_deref()), (ProxyKind::Socks5, Some("alice")));
        assert_eq!(p.to_string(), "socks5://alice@127.0.0.1:1080");
        assert_eq!(parse_proxy("http://[::1]:3128/").unwrap().addr.to_string(), "[::1]:3128");
        assert_eq!(parse_proxy("SOCKS5H://proxy.lan:1080").unwrap().kind, ProxyKind::Socks5);
        for bad in [
            "127.0.0.1:1080",
            "ftp://h:1",
            "socks5://h",
            "socks5://a:secret@h:1080",
            "http://@h:1",
            "socks4://h:1",
        ] {
            assert!(parse_proxy(bad).is_err(), "{bad}");
        }
        let refused = parse_proxy("socks5://a:secret@h:1080").unwrap_err();
        assert!(!refused.contains("secret"), "{refused}");
    }

    proptest! {
        #[test]
        fn proxy_parser_never_panics(text in "\\PC{0,60}") {
            let _ = parse_proxy(&text);
        }
    }
}
