//! Typed values parsed at the edge: ADDR (`host:port`, `[v6]:port`, `:port`, `unix:/path`),
//! port lists and ranges; durations, sizes and rates are in `quantity.rs`.
//!
//! Each parser returns a plain `String` error so clap reports it as a usage error (exit 2)
//! before any socket opens. Resolution and binding helpers live here too, so no module
//! glues hosts and ports together with `format!` (which breaks IPv6).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};

use anyhow::Context;

use crate::error::{Kind, Tag, fail};

pub mod cluster;
mod quantity;

pub use quantity::{
    ByteRate, Rate, Size, duration_within, parse_byte_rate, parse_duration,
    parse_positive_duration, parse_rate, parse_size, size_within,
};

/// The host part of an ADDR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// `:port`: every interface (listeners only).
    Any,
    Ip(IpAddr),
    /// A name to resolve; validated as a DNS name.
    Name(String),
}

/// A parsed ADDR. Port 0 is only accepted by [`parse_listen`] (the kernel picks one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addr {
    pub host: Host,
    pub port: u16,
}

impl fmt::Display for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.host {
            Host::Any => write!(f, ":{}", self.port),
            Host::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]:{}", self.port),
            Host::Ip(IpAddr::V4(ip)) => write!(f, "{ip}:{}", self.port),
            Host::Name(name) => write!(f, "{name}:{}", self.port),
        }
    }
}

fn parse_port(text: &str) -> Result<u16, String> {
    if text.is_empty() {
        return Err("missing port (expected host:port)".into());
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("invalid port '{text}': not a number"));
    }
    text.parse::<u16>().map_err(|_| format!("invalid port '{text}': must be 1-65535"))
}

fn valid_hostname(name: &str) -> bool {
    name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

fn parse_any(text: &str) -> Result<Addr, String> {
    let text = text.trim();
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        let (ip, after) =
            rest.split_once(']').ok_or_else(|| format!("invalid address '{text}': missing ']'"))?;
        let port = after
            .strip_prefix(':')
            .ok_or_else(|| format!("invalid address '{text}': expected [v6]:port"))?;
        let ip = ip
            .parse::<Ipv6Addr>()
            .map_err(|_| format!("invalid address '{text}': '{ip}' is not an IPv6 address"))?;
        (Host::Ip(IpAddr::V6(ip)), port)
    } else {
        let (host, port) = text
            .rsplit_once(':')
            .ok_or_else(|| format!("invalid address '{text}': expected host:port"))?;
        let host = if host.is_empty() {
            Host::Any
        } else if host.contains(':') {
            return Err(format!("invalid address '{text}': write IPv6 addresses as [v6]:port"));
        } else if let Ok(ip) = host.parse::<Ipv4Addr>() {
            Host::Ip(IpAddr::V4(ip))
        } else if host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return Err(format!("invalid address '{text}': '{host}' is not an IPv4 address"));
        } else if valid_hostname(host) {
            Host::Name(host.to_ascii_lowercase())
        } else {
            return Err(format!("invalid address '{text}': '{host}' is not a valid host name"));
        };
        (host, port)
    };
    Ok(Addr { host, port: parse_port(port)? })
}

/// ADDR to connect or send to: a host is required and the port is 1-65535.
pub fn parse_connect(text: &str) -> Result<Addr, String> {
    let addr = parse_any(text)?;
    if addr.host == Host::Any {
        return Err(format!("invalid address '{text}': a host is required (e.g. 127.0.0.1{text})"));
    }
    if addr.port == 0 {
        return Err(format!("invalid port in '{text}': must be 1-65535"));
    }
    Ok(addr)
}

/// The parts of `scheme://[userinfo@]hostport[/path]` (undecoded): scheme, userinfo,
/// host and port, path (without its first `/`). `None` without `://`.
pub fn split_url(text: &str) -> Option<(&str, Option<&str>, &str, &str)> {
    let (scheme, rest) = text.split_once("://")?;
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    Some((scheme, userinfo, hostport, path))
}

/// ADDR to listen on: `:port` means every interface; port 0 lets the kernel pick one.
pub fn parse_listen(text: &str) -> Result<Addr, String> {
    parse_any(text)
}

impl Addr {
    /// A host given on its own (`smtp.example.org`, `192.0.2.7`, `::1`) with a port.
    pub fn from_host(host: &str, port: u16) -> Addr {
        let host = match host.parse::<IpAddr>() {
            Ok(ip) => Host::Ip(ip),
            Err(_) => Host::Name(host.to_ascii_lowercase()),
        };
        Addr { host, port }
    }

    /// The host as text for TLS (SNI, certificate check) and netrc: a name or a bare IP
    /// (IPv6 without brackets); empty for `:port`.
    pub fn host_text(&self) -> String {
        match &self.host {
            Host::Ip(ip) => ip.to_string(),
            Host::Name(name) => name.clone(),
            Host::Any => String::new(),
        }
    }

    /// Every socket address this ADDR stands for, in resolver order. `Any` becomes the
    /// dual-stack `[::]` where the host has IPv6, else `0.0.0.0`.
    pub fn resolve(&self) -> anyhow::Result<Vec<SocketAddr>> {
        match &self.host {
            Host::Ip(ip) => Ok(vec![SocketAddr::new(*ip, self.port)]),
            Host::Any => Ok(vec![SocketAddr::new(wildcard(), self.port)]),
            Host::Name(name) => {
                let addrs: Vec<SocketAddr> = (name.as_str(), self.port)
                    .to_socket_addrs()
                    .with_context(|| format!("cannot resolve '{name}'"))
                    .kind(Kind::Network)?
                    .collect();
                if addrs.is_empty() {
                    return Err(fail(Kind::Network, format!("'{name}' has no address")));
                }
                Ok(addrs)
            }
        }
    }

    /// Whether this is `:port`, the dual-stack wildcard.
    pub fn is_any(&self) -> bool {
        self.host == Host::Any
    }
}

/// The unspecified address a `:port` listener binds: `::` (dual-stack) where IPv6 works.
pub fn wildcard() -> IpAddr {
    let v6 = std::net::UdpSocket::bind((Ipv6Addr::UNSPECIFIED, 0)).is_ok();
    if v6 { IpAddr::V6(Ipv6Addr::UNSPECIFIED) } else { IpAddr::V4(Ipv4Addr::UNSPECIFIED) }
}

/// The local end of an outgoing connection (`--source`): a bare IP (`10.0.0.2`,
/// `::1`, any port) or an ADDR (`10.0.0.2:4000`, `[::1]:0`, `:4000`).
pub fn parse_source(text: &str) -> Result<Addr, String> {
    match text.trim().parse::<IpAddr>() {
        Ok(ip) => Ok(Addr { host: Host::Ip(ip), port: 0 }),
        Err(_) => parse_listen(text),
    }
}

/// A stream endpoint of `nt tcp`: an ADDR, or `unix:/path` (a Unix stream socket).
/// Only tcp takes it: udp and the other protocols keep parsing plain ADDRs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    Inet(Addr),
    Unix(std::path::PathBuf),
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Endpoint::Inet(addr) => addr.fmt(f),
            Endpoint::Unix(path) => write!(f, "unix:{}", path.display()),
        }
    }
}

/// What a `unix:` address says on Windows (exit 2): std has no Unix sockets there.
pub const NO_UNIX_SOCKETS: &str = "unix: sockets are not available on Windows";

/// `unix:/path` as a path (at most 107 bytes: sun_path holds 108 with its NUL), `None`
/// when `text` is not of that form. On Windows every `unix:` address is refused.
fn unix_path(text: &str) -> Option<Result<std::path::PathBuf, String>> {
    let path = text.strip_prefix("unix:")?;
    if cfg!(windows) {
        return Some(Err(NO_UNIX_SOCKETS.to_string()));
    }
    let bad = |why: &str| Err(format!("invalid address '{text}': {why}"));
    Some(match path {
        "" => bad("expected unix:/path/to/socket"),
        _ if path.len() > 107 => bad("a Unix socket path holds at most 107 bytes"),
        _ if path.contains('\0') => bad("NUL in the path"),
        _ => Ok(std::path::PathBuf::from(path)),
    })
}

/// ADDR or `unix:/path` to connect to.
pub fn parse_stream_connect(text: &str) -> Result<Endpoint, String> {
    match unix_path(text) {
        Some(path) => path.map(Endpoint::Unix),
        None => parse_connect(text).map(Endpoint::Inet),
    }
}

/// ADDR or `unix:/path` to listen on.
pub fn parse_stream_listen(text: &str) -> Result<Endpoint, String> {
    match unix_path(text) {
        Some(path) => path.map(Endpoint::Unix),
        None => parse_listen(text).map(Endpoint::Inet),
    }
}

/// What `tcp connect` takes first: ADDR or `unix:/path`, or a bare host (port 0, for
/// `-z HOST PORTS`). The caller checks which of the two its other arguments want.
pub fn parse_stream_or_host(text: &str) -> Result<Endpoint, String> {
    let err = match parse_stream_connect(text) {
        Ok(endpoint) => return Ok(endpoint),
        Err(err) => err,
    };
    let bare = text.trim().trim_start_matches('[').trim_end_matches(']');
    let numeric = bare.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let host = match bare.parse::<IpAddr>() {
        Ok(ip) => Host::Ip(ip),
        Err(_) if !numeric && valid_hostname(bare) => Host::Name(bare.to_ascii_lowercase()),
        Err(_) => return Err(err),
    };
    Ok(Endpoint::Inet(Addr { host, port: 0 }))
}

/// The ports of a scan, sorted, each once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ports(pub Vec<u16>);

/// A port list for a scan: ports and ranges joined by commas (`20-25,80,443`), each
/// 1-65535; returned sorted, each port once.
pub fn parse_ports(text: &str) -> Result<Ports, String> {
    let mut ports = Vec::new();
    for part in text.split(',').map(str::trim) {
        let bad = |why: &str| format!("invalid port list '{text}': '{part}' {why}");
        let port = |p: &str| match parse_port(p.trim()) {
            Ok(0) => Err(bad("is not 1-65535")),
            Ok(n) => Ok(n),
            Err(_) => Err(bad("is not a port (1-65535) or a range A-B")),
        };
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (port(a)?, port(b)?);
                if a > b {
                    return Err(bad("runs backwards"));
                }
                ports.extend(a..=b);
            }
            None => ports.push(port(part)?),
        }
    }
    ports.sort_unstable();
    ports.dedup();
    Ok(Ports(ports))
}

/// A range of ports `A-B` (1-65535, A <= B), as `--passive-ports` takes it.
pub fn parse_port_range(text: &str) -> Result<std::ops::RangeInclusive<u16>, String> {
    let bad = || format!("invalid port range '{text}' (example: 50000-50100)");
    let (first, last) = text.trim().split_once('-').ok_or_else(bad)?;
    let first = parse_port(first.trim()).map_err(|e| format!("{}: {e}", bad()))?;
    let last = parse_port(last.trim()).map_err(|e| format!("{}: {e}", bad()))?;
    if first == 0 || first > last {
        return Err(format!("invalid port range '{text}': expected A-B with 1 <= A <= B <= 65535"));
    }
    Ok(first..=last)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn url_parts() {
        assert_eq!(split_url("imap://a@b@h:1/x/y"), Some(("imap", Some("a@b"), "h:1", "x/y")));
        assert_eq!(split_url("ftp://h"), Some(("ftp", None, "h", "")));
        assert_eq!(split_url("h:1"), None);
    }

    #[test]
    fn addr_forms() {
        assert_eq!(
            parse_connect("127.0.0.1:80").unwrap(),
            Addr { host: Host::Ip("127.0.0.1".parse().unwrap()), port: 80 }
        );
        assert_eq!(parse_connect("[::1]:8080").unwrap().to_string(), "[::1]:8080");
        assert_eq!(parse_connect("LocalHost:25").unwrap().host, Host::Name("localhost".into()));
        assert_eq!(parse_listen(":40000").unwrap(), Addr { host: Host::Any, port: 40000 });
        assert_eq!(parse_listen("127.0.0.1:0").unwrap().port, 0);
        let v6 = Addr::from_host("::1", 25);
        assert_eq!((v6.to_string(), v6.host_text()), ("[::1]:25".into(), "::1".into()));
        assert_eq!(Addr::from_host("Mail.Example", 587).to_string(), "mail.example:587");
    }

    #[test]
    fn addr_errors() {
        for bad in [
            "127.0.0.1:0",
            "127.0.0.1:65536",
            "127.0.0.1:x",
            "127.0.0.1",
            ":80",
            "::1:80",
            "300.1.1.1:80",
            "[::1]80",
            "[zz]:80",
            "bad host:1",
            "",
        ] {
            assert!(parse_connect(bad).is_err(), "{bad} should be rejected");
        }
        assert!(parse_listen(":65536").is_err());
    }

    #[test]
    fn stream_endpoints_sources_and_port_lists() {
        if cfg!(unix) {
            let unix = parse_stream_connect("unix:/tmp/s").unwrap();
            assert_eq!(unix, Endpoint::Unix("/tmp/s".into()));
            assert_eq!(parse_stream_listen("unix:/tmp/s").unwrap().to_string(), "unix:/tmp/s");
        } else {
            assert_eq!(parse_stream_listen("unix:/tmp/s").unwrap_err(), NO_UNIX_SOCKETS);
        }
        assert_eq!(parse_stream_connect("127.0.0.1:80").unwrap().to_string(), "127.0.0.1:80");
        assert!(parse_stream_connect("unix:").is_err());
        assert!(parse_stream_connect(&format!("unix:/{}", "x".repeat(120))).is_err());
        assert!(parse_connect("unix:/tmp/s").is_err(), "udp and the others refuse unix:");
        assert_eq!(parse_source("::1").unwrap().to_string(), "[::1]:0");
        assert_eq!(parse_source("127.0.0.1:4000").unwrap().port, 4000);
        assert!(parse_source("nope nope").is_err());
        assert_eq!(parse_ports("20-22,80,443,21").unwrap().0, vec![20, 21, 22, 80, 443]);
        assert_eq!(parse_ports("1-65535").unwrap().0.len(), 65535);
        for bad in ["", "0", "65536", "5-1", "a", "1-", "-3", "1,,2", "1-2-3"] {
            assert!(parse_ports(bad).is_err(), "{bad}");
        }
        assert!(parse_positive_duration("0s").is_err());
        assert_eq!(parse_stream_or_host("::1").unwrap().to_string(), "[::1]:0");
        assert_eq!(parse_stream_or_host("Example.org").unwrap().to_string(), "example.org:0");
        assert_eq!(parse_stream_or_host("h:22").unwrap().to_string(), "h:22");
        for bad in ["127.0.0.1:0", "1.2.3", "bad host", ""] {
            assert!(parse_stream_or_host(bad).is_err(), "{bad}");
        }
        let within = size_within(1, 1500);
        assert_eq!(within("1KiB"), Ok(Size(1024)));
        assert!(within("0").is_err() && within("2KiB").is_err());
        assert_eq!(parse_positive_duration("1ms"), Ok(Duration::from_millis(1)));
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,40}") {
            let _ = parse_connect(&s);
            let _ = parse_listen(&s);
            let _ = parse_duration(&s);
            let _ = parse_size(&s);
            if let Ok(rate) = parse_rate(&s) {
                prop_assert!(rate.interval() <= Duration::from_secs(86_401));
            }
        }

        #[test]
        fn stream_and_port_parsers_never_panic(s in "\\PC{0,40}") {
            let _ = parse_stream_connect(&s);
            let _ = parse_stream_listen(&s);
            let _ = parse_source(&s);
            let _ = parse_positive_duration(&s);
            let _ = parse_stream_or_host(&s);
            if let Ok(Size(n)) = size_within(10, 1000)(&s) {
                prop_assert!((10..=1000).contains(&n));
            }
            if let Ok(Ports(ports)) = parse_ports(&s) {
                prop_assert!(!ports.is_empty() && ports.windows(2).all(|w| w[0] < w[1]));
                prop_assert!(ports[0] >= 1);
            }
        }

        #[test]
        fn port_ranges_cover_exactly(a in 1u16.., b in 1u16.., extra in 1u16..) {
            let (lo, hi) = (a.min(b), a.max(b));
            let ports = parse_ports(&format!("{lo}-{hi},{extra}")).unwrap().0;
            let want = usize::from(hi - lo) + 1 + usize::from(extra < lo || extra > hi);
            prop_assert_eq!(ports.len(), want);
            prop_assert!(ports.contains(&extra) && ports.contains(&lo) && ports.contains(&hi));
        }

        #[test]
        fn socket_addrs_round_trip(ip in any::<IpAddr>(), port in 1u16..) {
            let sa = SocketAddr::new(ip, port);
            let parsed = parse_connect(&sa.to_string()).unwrap();
            prop_assert_eq!(parsed.resolve().unwrap(), vec![sa]);
            prop_assert_eq!(parsed.to_string(), sa.to_string());
        }

        #[test]
        fn port_ranges_parse_or_fail_cleanly(a in any::<u16>(), b in any::<u16>(), junk in "\\PC{0,12}") {
            let parsed = parse_port_range(&format!("{a}-{b}"));
            prop_assert_eq!(parsed.is_ok(), a >= 1 && a <= b);
            if let Ok(range) = parsed {
                prop_assert_eq!((*range.start(), *range.end()), (a, b));
            }
            let _ = parse_port_range(&junk);
        }

    }
}
