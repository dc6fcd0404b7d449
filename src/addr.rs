//! Typed values parsed at the edge: ADDR (`host:port`, `[v6]:port`, `:port`), durations
//! (`500ms`, `3s`, `2m`) and sizes (`64KiB`, `1MB`).
//!
//! Each parser returns a plain `String` error so clap reports it as a usage error (exit 2)
//! before any socket opens. Resolution and binding helpers live here too, so no module
//! glues hosts and ports together with `format!` (which breaks IPv6).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;

use crate::error::{Kind, Tag, fail};

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

/// `unix:/path` as a path (at most 107 bytes: sun_path holds 108 with its NUL), `None`
/// when `text` is not of that form.
fn unix_path(text: &str) -> Option<Result<std::path::PathBuf, String>> {
    let path = text.strip_prefix("unix:")?;
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

/// A size flag bounded to `min..=max` bytes (`--buffer`, `--size`), for clap.
pub fn size_within(min: u64, max: u64) -> impl Fn(&str) -> Result<Size, String> + Clone {
    move |text| {
        let n = parse_size(text)?;
        if n < min || n > max {
            return Err(format!("invalid size '{text}': must be {min}-{max} bytes"));
        }
        Ok(Size(n))
    }
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

/// A duration that must be more than zero (`--timeout`, `--idle`, `--wait`): `0` would
/// read as "no limit" to a socket, or end before anything could happen.
pub fn parse_positive_duration(text: &str) -> Result<Duration, String> {
    let d = parse_duration(text)?;
    if d.is_zero() {
        return Err(format!("invalid duration '{text}': must be more than zero"));
    }
    Ok(d)
}

/// Parse a duration: `500ms`, `3s`, `1.5s`, `2m`, `1h`; a bare number is seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let bad = || format!("invalid duration '{text}' (examples: 500ms, 3s, 2m, 1h)");
    if num.is_empty() || num.starts_with('.') || num.ends_with('.') || num.matches('.').count() > 1
    {
        return Err(bad());
    }
    let millis_per_unit: u64 = match unit.trim() {
        "ms" => 1,
        "" | "s" | "sec" => 1000,
        "m" | "min" => 60_000,
        "h" => 3_600_000,
        _ => return Err(bad()),
    };
    let too_long = || format!("invalid duration '{text}': too long (at most 100 years)");
    const MAX_MS: u64 = 100 * 365 * 86_400_000;
    if !num.contains('.') {
        let value: u64 = num.parse().map_err(|_| too_long())?;
        let ms = value.checked_mul(millis_per_unit).filter(|ms| *ms <= MAX_MS);
        return ms.map(Duration::from_millis).ok_or_else(too_long);
    }
    let value: f64 = num.parse().map_err(|_| bad())?;
    let ms = value * millis_per_unit as f64;
    if !ms.is_finite() || ms > MAX_MS as f64 {
        return Err(too_long());
    }
    Ok(Duration::from_secs_f64(ms / 1000.0))
}

/// Parse a size: bytes, or `K`/`KiB` (1024), `KB` (1000), and so on up to `T`/`TiB`/`TB`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let bad = || format!("invalid size '{text}' (examples: 1500, 64KiB, 1MB, 16MiB)");
    if num.is_empty() {
        return Err(bad());
    }
    let value: u64 = num.parse().map_err(|_| bad())?;
    let unit = unit.trim();
    let mult: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "kb" => 1_000,
        "m" | "mib" => 1 << 20,
        "mb" => 1_000_000,
        "g" | "gib" => 1 << 30,
        "gb" => 1_000_000_000,
        "t" | "tib" => 1 << 40,
        "tb" => 1_000_000_000_000,
        _ => return Err(bad()),
    };
    value.checked_mul(mult).ok_or_else(|| format!("invalid size '{text}': too large"))
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

/// `--rate`: events (datagrams, lines) per second, between one a day and 1e9 a second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate(pub f64);

impl Rate {
    /// Time between two events (at most a day, so it always fits a `Duration`).
    pub fn interval(self) -> Duration {
        Duration::from_secs_f64(1.0 / self.0)
    }
}

/// The slowest `--rate` accepted: one a day. Slower rates would overflow a `Duration`
/// long before they were useful.
const MIN_RATE: f64 = 1.0 / 86_400.0;

/// Parse `1000/s`, `1000`, `50/ms`, `10/m`, `600/min`, `3600/h` (also `0.5/s`).
pub fn parse_rate(text: &str) -> Result<Rate, String> {
    let bad = || format!("invalid rate '{text}' (examples: 1000/s, 50/ms, 10/m)");
    let t = text.trim();
    let (num, unit) = t.split_once('/').unwrap_or((t, "s"));
    let secs: f64 = match unit.trim() {
        "ms" => 0.001,
        "s" | "sec" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        "d" | "day" => 86_400.0,
        _ => return Err(bad()),
    };
    let num = num.trim();
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(bad());
    }
    let n: f64 = num.parse().map_err(|_| bad())?;
    let per_sec = n / secs;
    if !per_sec.is_finite() || per_sec <= 0.0 {
        return Err(format!("invalid rate '{text}': must be more than zero"));
    }
    if per_sec < MIN_RATE * (1.0 - 1e-9) {
        return Err(format!("invalid rate '{text}': at least 1 per day"));
    }
    if per_sec > 1e9 {
        return Err(format!("invalid rate '{text}': at most 1e9 per second"));
    }
    Ok(Rate(per_sec))
}

/// `--limit-rate`: bytes per second, from 1 B/s to 1 TiB/s.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ByteRate(pub f64);

/// Parse `500KiB/s`, `2MB/s`, `100K` (per second, as curl's `--limit-rate`), `10MiB/m`,
/// `1GB/h`: a size (see [`parse_size`]) per second, minute or hour.
pub fn parse_byte_rate(text: &str) -> Result<ByteRate, String> {
    let t = text.trim();
    let (size, unit) = t.split_once('/').unwrap_or((t, "s"));
    let secs = match unit.trim() {
        "s" | "sec" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        _ => return Err(format!("invalid rate '{text}' (examples: 500KiB/s, 2MB/s, 100K)")),
    };
    let bytes = parse_size(size).map_err(|e| format!("invalid rate '{text}': {e}"))?;
    let per_sec = bytes as f64 / secs;
    if per_sec < 1.0 {
        return Err(format!("invalid rate '{text}': at least 1 byte per second"));
    }
    if per_sec > (1u64 << 40) as f64 {
        return Err(format!("invalid rate '{text}': at most 1TiB/s"));
    }
    Ok(ByteRate(per_sec))
}

/// A size value for clap (`--buffer 16MiB`), displayed as given in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size(pub u64);

impl FromStr for Size {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_size(s).map(Size)
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
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
    fn durations_and_sizes() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("3s"), Ok(Duration::from_secs(3)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
        for bad in ["", "s", "-1s", "3x", "1..2s", ".5s", "1e9s"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_size("64KiB"), Ok(65536));
        assert_eq!(parse_size("1MB"), Ok(1_000_000));
        assert_eq!(parse_size("16MiB"), Ok(16 << 20));
        assert_eq!(parse_size("1500"), Ok(1500));
        for bad in ["", "KiB", "-1", "1.5MiB", "99999999999999999999", "20000000TiB"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rates() {
        assert_eq!(parse_rate("1000/s"), Ok(Rate(1000.0)));
        assert_eq!(parse_rate("1000"), Ok(Rate(1000.0)));
        assert_eq!(parse_rate("5/ms"), Ok(Rate(5000.0)));
        assert_eq!(parse_rate("60/m"), Ok(Rate(1.0)));
        assert_eq!(parse_rate("0.5/s"), Ok(Rate(0.5)));
        assert_eq!(parse_rate("1/d"), Ok(Rate(1.0 / 86_400.0)));
        for bad in [
            "",
            "/s",
            "0/s",
            "-1/s",
            "1/x",
            "1e3/s",
            "abc",
            "inf/s",
            "2000000000/s",
            "0.00000000000000000001/h",
            "0.0000000000000000001/s",
            "0.5/d",
        ] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn byte_rates() {
        assert_eq!(parse_byte_rate("100K").unwrap(), ByteRate(102_400.0));
        assert_eq!(parse_byte_rate("2MB/s").unwrap(), ByteRate(2e6));
        assert_eq!(parse_byte_rate("60KiB/m").unwrap(), ByteRate(1024.0));
        for bad in ["0", "0/s", "10/d", "x/s", "", "59/m", "2TiB/s"] {
            assert!(parse_byte_rate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn stream_endpoints_sources_and_port_lists() {
        assert_eq!(parse_stream_connect("unix:/tmp/s").unwrap(), Endpoint::Unix("/tmp/s".into()));
        assert_eq!(parse_stream_listen("unix:/tmp/s").unwrap().to_string(), "unix:/tmp/s");
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
        fn byte_rate_parser_never_panics(text in "\\PC{0,30}") {
            if let Ok(rate) = parse_byte_rate(&text) {
                prop_assert!(rate.0 >= 1.0 && rate.0 <= (1u64 << 40) as f64);
            }
        }

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
        fn sizes_scale(n in 0u64..1_000_000, unit in prop::sample::select(vec![
            ("", 1u64), ("KiB", 1024), ("KB", 1000), ("MiB", 1 << 20), ("GB", 1_000_000_000)])) {
            prop_assert_eq!(parse_size(&format!("{n}{}", unit.0)), Ok(n * unit.1));
        }

        #[test]
        fn whole_rates_round_trip(n in 1u32..1_000_000, unit in prop::sample::select(vec![("s", 1.0), ("m", 60.0), ("h", 3600.0)])) {
            let rate = parse_rate(&format!("{n}/{}", unit.0)).unwrap();
            prop_assert!((rate.0 - f64::from(n) / unit.1).abs() < 1e-9);
            prop_assert!(rate.interval() > Duration::ZERO);
        }

        #[test]
        fn any_float_rate_is_bounded(x in any::<f64>(), unit in prop::sample::select(vec!["ms", "s", "m", "h", "d"])) {
            if let Ok(rate) = parse_rate(&format!("{x:.30}/{unit}")) {
                prop_assert!(rate.interval() > Duration::ZERO);
                prop_assert!(rate.interval() <= Duration::from_secs(86_401));
            }
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

        #[test]
        fn millis_round_trip(ms in 0u64..10_000_000) {
            prop_assert_eq!(parse_duration(&format!("{ms}ms")), Ok(Duration::from_millis(ms)));
        }
    }
}
