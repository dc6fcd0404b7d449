//! The command line of nt chat: `serve` and `join`.
//!
//! Part of the one clap tree (see `cli.rs`): doc comments are the help text, values are
//! parsed with the typed parsers of `addr.rs`, and every number, size and duration is
//! bounded here, so a value out of range is a usage error (exit 2) before any socket
//! opens. Nothing here does I/O.

use std::time::Duration;

use clap::builder::RangedU64ValueParser;
use clap::{Args, Subcommand, ValueEnum};

use crate::addr::{Addr, Size, parse_connect, parse_duration, parse_listen, parse_size};
use crate::net::ProxyArgs;
use crate::secret::Secret;
use crate::tls::{CertArgs, VerifyArgs};

#[derive(Debug, Args)]
pub struct ChatArgs {
    #[command(subcommand)]
    pub command: ChatCommand,
}

#[derive(Debug, Subcommand)]
pub enum ChatCommand {
    /// Run a chat server; lines on stdin go to everyone as notices, `/who`, `/kick NICK
    /// [REASON]` and `/notice TEXT` are operator commands.
    #[command(
        after_help = "Examples:\n  nt chat serve :8888\n  nt chat serve 127.0.0.1:8888 --motd 'be nice' --max-clients 5000\n  nt chat serve 127.0.0.1:0 --max-line 16KiB --rate 50 --burst 200\n  nt chat serve :8443 --self-signed\n  nt chat serve :8443 --tls --cert cert.pem --key key.pem\n  nt chat serve :8888 --cluster redis://10.0.0.5:6379 --node web1\n  NT_REDIS_PASSWORD=... nt chat serve :8888 --cluster rediss://chat@redis.example.org:6380/2"
    )]
    Serve(ChatServeArgs),
    /// Join a chat server: lines typed are sent, what arrives is printed.
    #[command(
        after_help = "Examples:\n  nt chat join 127.0.0.1:8888 --nick alice\n  echo '/msg bob hi' | nt chat join 127.0.0.1:8888 --nick alice\n  nt --json chat join 127.0.0.1:8888 --nick bot | jq -c 'select(.event == \"private\")'\n  nt chat join chat.example.org:8443 --nick alice --tls --pin AB:CD:...\n  nt chat join 127.0.0.1:8888 --nick alice --encoding gbk   # the course's server\n  nt chat join chat.internal:8888 --nick alice --proxy socks5://127.0.0.1:1080"
    )]
    Join(ChatJoinArgs),
}

#[derive(Debug, Args)]
pub struct ChatServeArgs {
    /// Where to listen (`:port` is every interface; port 0 lets the kernel pick one).
    #[arg(value_name = "ADDR", value_parser = parse_listen)]
    pub addr: Addr,
    /// At most N connections at once (1-1000000); one more is told `[error] full` and
    /// closed.
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = RangedU64ValueParser::<usize>::new().range(1..=1_000_000))]
    pub max_clients: usize,
    /// Message of the day, sent to each user on joining.
    #[arg(long, value_name = "TEXT")]
    pub motd: Option<String>,
    /// Longest line a user may send (16 B-1MiB); a longer one is dropped with
    /// `[error] too-long`.
    #[arg(long, value_name = "SIZE", default_value = "4KiB", value_parser = parse_max_line)]
    pub max_line: Size,
    /// Lines per second one user may send on average (0 = no limit, at most 1000000). A
    /// faster sender is read more slowly, never disconnected.
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    pub rate: u32,
    /// Lines one user may send in a burst above --rate (1-1000000).
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub burst: u32,
    /// Bytes waiting for one user (4KiB-1GiB); a user whose backlog passes this is
    /// disconnected as `too-slow`. Lines are shared by all queues, not copied.
    #[arg(long, value_name = "SIZE", default_value = "8MiB", value_parser = parse_max_backlog)]
    pub max_backlog: Size,
    /// A user whose socket accepts nothing for this long (100ms-1h) while lines wait is
    /// disconnected as `too-slow`.
    #[arg(long, value_name = "DUR", default_value = "30s", value_parser = parse_wait)]
    pub stall: Duration,
    /// A connection that has not chosen a nickname within this long (100ms-1h) is closed.
    #[arg(long, value_name = "DUR", default_value = "10s", value_parser = parse_wait)]
    pub login_timeout: Duration,
    /// Connections still choosing a nickname, per source address (an IPv6 /64 counts as
    /// one address; 1-1000000); one more is told `[error] busy` and closed.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = RangedU64ValueParser::<usize>::new().range(1..=1_000_000))]
    pub max_pending: usize,
    /// Joins and leaves are announced while at most N users are online (0-1000000;
    /// announcing each of ten thousand joins to everyone already there would cost fifty
    /// million lines).
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = RangedU64ValueParser::<usize>::new().range(0..=1_000_000))]
    pub announce_max: usize,
    /// Serve TLS (with --cert/--key, or --self-signed).
    #[arg(long)]
    pub tls: bool,
    #[command(flatten)]
    pub certs: CertArgs,
    /// Join a cluster: one room shared by every node on this Redis,
    /// redis://[user@]host[:port][/db] (rediss:// for TLS; port 6379 by default; also
    /// `[chat] cluster` in the config). The password comes from NT_REDIS_PASSWORD or the
    /// config file, never from the command line (the process list would show it).
    /// Checked by the server ([`parse_redis_url`]), so that an error never echoes it.
    #[arg(long, value_name = "URL")]
    pub cluster: Option<String>,
    /// This node's name in the cluster (1-16 of a-z, 0-9, '-'; default: random). The
    /// operator's /who marks users by it; a user renamed after a split becomes NICK-NODE.
    #[arg(long, value_name = "NAME", value_parser = parse_node)]
    pub node: Option<String>,
    /// How long a nickname lease (and a node's heartbeat) lasts in Redis unless renewed
    /// (1s-1h; default 30s): the users of a node that dies leave /who everywhere within it.
    #[arg(long, value_name = "DUR", value_parser = parse_lease)]
    pub lease: Option<Duration>,
    /// Bounds every wait on the cluster's Redis: connect, TLS handshake, each command
    /// (100ms-1h).
    #[arg(long, value_name = "DUR", default_value = "5s", value_parser = parse_wait)]
    pub timeout: Duration,
    /// rediss:// only: trust exactly Redis's certificate with this SHA-256 fingerprint
    /// (hex, colons optional), even beside --cluster-insecure.
    #[arg(long, value_name = "SHA256")]
    pub cluster_pin: Option<String>,
    /// rediss:// only: do not verify Redis's certificate (a --cluster-pin is still
    /// checked). Without either, the system roots (or SSL_CERT_FILE) are trusted.
    #[arg(long)]
    pub cluster_insecure: bool,
}

/// Where a cluster's Redis is (`--cluster`, `[chat] cluster`). Shown without its password.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisUrl {
    /// `rediss://`: TLS.
    pub tls: bool,
    pub addr: Addr,
    pub user: Option<String>,
    /// Only from the config file (or NT_REDIS_PASSWORD, read by the chat server).
    pub password: Option<Secret>,
    pub db: u16,
}

impl std::fmt::Display for RedisUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scheme = if self.tls { "rediss" } else { "redis" };
        match &self.user {
            Some(user) => write!(f, "{scheme}://{user}@{}/{}", self.addr, self.db),
            None => write!(f, "{scheme}://{}/{}", self.addr, self.db),
        }
    }
}

impl std::fmt::Debug for RedisUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self}")
    }
}

/// Parse `redis[s]://[user[:password]@]host[:port][/db]`; `password_allowed` is false on
/// the command line. User and password may be percent-encoded. An error never repeats
/// what stands before the '@' (it may hold a password).
pub fn parse_redis_url(text: &str, password_allowed: bool) -> Result<RedisUrl, String> {
    let lower = text.get(..9).unwrap_or(text).to_ascii_lowercase();
    let (tls, rest) = if lower.starts_with("rediss://") {
        (true, &text[9..])
    } else if lower.starts_with("redis://") {
        (false, &text[8..])
    } else {
        return Err("expected redis://[user@]host[:port][/db] or rediss://...".into());
    };
    let (auth, rest) = match rest.rsplit_once('@') {
        Some((auth, rest)) => (Some(auth), rest),
        None => (None, rest),
    };
    let (hostport, db) = match rest.split_once('/') {
        Some((hostport, db)) => (hostport, db),
        None => (rest, ""),
    };
    let db = match db {
        "" => 0,
        db => db.parse::<u16>().map_err(|_| format!("invalid database '{db}' (0-65535)"))?,
    };
    let has_port = match hostport.strip_prefix('[') {
        Some(v6) => v6.contains("]:"),
        None => hostport.contains(':'),
    };
    let addr = match has_port {
        true => parse_connect(hostport)?,
        false => parse_connect(&format!("{hostport}:6379"))?,
    };
    let (user, password) = match auth.map(|a| a.split_once(':').unwrap_or((a, ""))) {
        None => (None, None),
        Some((user, password)) => {
            if !password.is_empty() && !password_allowed {
                return Err("a password in --cluster would show in the process list: put it \
                            in NT_REDIS_PASSWORD or in the config file's [chat] cluster"
                    .into());
            }
            let user = percent_decode(user).ok_or("invalid %-escape in the user name")?;
            let password = percent_decode(password).ok_or("invalid %-escape in the password")?;
            (
                (!user.is_empty()).then_some(user),
                (!password.is_empty()).then(|| Secret::new(password)),
            )
        }
    };
    Ok(RedisUrl { tls, addr, user, password, db })
}

/// `%XX` escapes decoded (UTF-8); `None` for a malformed escape or invalid UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

/// `--node`: 1 to 16 of `a-z`, `0-9`, `-`, not starting with `-`.
pub fn parse_node(text: &str) -> Result<String, String> {
    let ok = (1..=16).contains(&text.len())
        && !text.starts_with('-')
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    match ok {
        true => Ok(text.to_string()),
        false => Err(format!("invalid node name '{text}': 1-16 of a-z, 0-9, '-'")),
    }
}

/// `--lease`: 1 s to an hour.
pub fn parse_lease(text: &str) -> Result<Duration, String> {
    let (min, max) = (Duration::from_secs(1), Duration::from_secs(3600));
    bounded_duration(text, min, max, "1s to 1h")
}

/// What a chat server's lines are encoded in, when it is not nt (nt is always UTF-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Encoding {
    /// UTF-8 (received lines that are not valid UTF-8 are read as GBK).
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK, as the course's chat programs send and expect.
    Gbk,
}

#[derive(Debug, Args)]
pub struct ChatJoinArgs {
    /// The chat server.
    #[arg(value_name = "ADDR", value_parser = parse_connect)]
    pub addr: Addr,
    /// Your nickname (1-32 letters, digits, `_`, `-`, `.`).
    #[arg(long, value_name = "NAME", env = "NT_CHAT_NICK")]
    pub nick: String,
    /// Bounds the connect, the TLS handshake and the wait for the server's answer to the
    /// nickname (1ms-1h).
    #[arg(long, value_name = "DUR", value_parser = parse_timeout, default_value = "10s")]
    pub timeout: Duration,
    /// Use TLS (system roots); --insecure or --pin imply it.
    #[arg(long)]
    pub tls: bool,
    #[command(flatten)]
    pub verify: VerifyArgs,
    #[command(flatten)]
    pub proxy: ProxyArgs,
    /// How lines are encoded on the wire, both ways (`utf-8`, or `gbk` for the course's
    /// chat server; nt's own server takes UTF-8 only).
    #[arg(long, value_name = "ENCODING", default_value = "utf-8")]
    pub encoding: Encoding,
}

/// A size within `min..=max` bytes, or a usage error naming the bounds.
fn bounded_size(text: &str, min: u64, max: u64, range: &str) -> Result<Size, String> {
    let bytes = parse_size(text)?;
    if (min..=max).contains(&bytes) {
        Ok(Size(bytes))
    } else {
        Err(format!("'{text}' is out of range ({range})"))
    }
}

/// A duration within `min..=max`, or a usage error naming the bounds.
fn bounded_duration(
    text: &str,
    min: Duration,
    max: Duration,
    range: &str,
) -> Result<Duration, String> {
    let value = parse_duration(text)?;
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(format!("'{text}' is out of range ({range})"))
    }
}

/// `--max-line`: 16 bytes to 1 MiB.
pub fn parse_max_line(text: &str) -> Result<Size, String> {
    bounded_size(text, 16, 1 << 20, "16 B to 1MiB")
}

/// `--max-backlog`: 4 KiB to 1 GiB.
pub fn parse_max_backlog(text: &str) -> Result<Size, String> {
    bounded_size(text, 4 << 10, 1 << 30, "4KiB to 1GiB")
}

/// `--stall`, `--login-timeout`: 100 ms to an hour.
pub fn parse_wait(text: &str) -> Result<Duration, String> {
    let (min, max) = (Duration::from_millis(100), Duration::from_secs(3600));
    bounded_duration(text, min, max, "100ms to 1h")
}

/// `chat join --timeout`: 1 ms to an hour.
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    let (min, max) = (Duration::from_millis(1), Duration::from_secs(3600));
    bounded_duration(text, min, max, "1ms to 1h")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bounds_are_inclusive() {
        assert_eq!(parse_max_line("16").unwrap(), Size(16));
        assert_eq!(parse_max_line("1MiB").unwrap(), Size(1 << 20));
        assert!(parse_max_line("15").is_err());
        assert!(parse_max_line("2305843009213693952").is_err());
        assert!(parse_max_backlog("8MiB").is_ok());
        assert!(parse_max_backlog("2GiB").is_err());
        assert_eq!(parse_wait("100ms").unwrap(), Duration::from_millis(100));
        assert!(parse_wait("0").is_err());
        assert!(parse_wait("2h").is_err());
        assert!(parse_timeout("0s").is_err());
        assert_eq!(parse_timeout("1ms").unwrap(), Duration::from_millis(1));
    }

    #[test]
    fn redis_urls() {
        let url = parse_redis_url("redis://127.0.0.1:7000/3", false).unwrap();
        assert_eq!((url.tls, url.addr.port, url.db, url.user.is_none()), (false, 7000, 3, true));
        assert_eq!(url.to_string(), "redis://127.0.0.1:7000/3");
        let url = parse_redis_url("REDISS://chat@redis.example.org", false).unwrap();
        assert_eq!(url.to_string(), "rediss://chat@redis.example.org:6379/0");
        let url = parse_redis_url("redis://[::1]/", false).unwrap();
        assert_eq!(url.to_string(), "redis://[::1]:6379/0");
        let url = parse_redis_url("redis://u%40x:p%3Aw%40d@h:1", true).unwrap();
        assert_eq!(url.user.as_deref(), Some("u@x"));
        assert_eq!(url.password.as_ref().map(Secret::expose), Some("p:w@d"));
        assert_eq!(url.to_string(), "redis://u@x@h:1/0", "never the password");
        let err = parse_redis_url("redis://u:hunter2@h:1", false).unwrap_err();
        assert!(err.contains("NT_REDIS_PASSWORD") && !err.contains("hunter2"), "{err}");
        for bad in [
            "http://h:1",
            "redis://",
            "redis://h:0",
            "redis://h:1/x",
            "redis://h:1/70000",
            "redis://h h",
        ] {
            assert!(parse_redis_url(bad, true).is_err(), "{bad}");
        }
        assert!(parse_redis_url("redis://u:%zz@h", true).is_err());
        assert_eq!(parse_node("web-1").unwrap(), "web-1");
        for bad in ["", "Web", "-x", "a_b", &"n".repeat(17)] {
            assert!(parse_node(bad).is_err(), "{bad}");
        }
        assert!(parse_lease("500ms").is_err() && parse_lease("2h").is_err());
    }

    proptest! {
        #[test]
        fn redis_url_errors_never_show_a_password(user in "[a-z]{1,8}", password in "[a-zA-Z0-9]{6,12}", rest in "\\PC{0,20}") {
            let text = format!("redis://{user}:{password}@{rest}");
            if let Err(e) = parse_redis_url(&text, false) {
                prop_assert!(!e.contains(&password), "{}", e);
            }
            let _ = parse_redis_url(&text, true);
        }

        #[test]
        fn parsers_never_panic(text in "\\PC{0,30}") {
            let _ = parse_max_line(&text);
            let _ = parse_max_backlog(&text);
            let _ = parse_wait(&text);
            let _ = parse_timeout(&text);
            let _ = parse_redis_url(&text, true);
            let _ = parse_node(&text);
            let _ = parse_lease(&text);
        }

        #[test]
        fn sizes_in_range_only(bytes in 0u64..(1 << 32)) {
            let got = parse_max_backlog(&bytes.to_string());
            prop_assert_eq!(got.is_ok(), ((4 << 10)..=(1 << 30)).contains(&bytes));
            let got = parse_max_line(&bytes.to_string());
            prop_assert_eq!(got.ok(), ((16..=(1 << 20)).contains(&bytes)).then_some(Size(bytes)));
        }

        #[test]
        fn numeric_flags_are_bounded_at_parse_time(
            flag in prop::sample::select(vec![
                ("--max-clients", 1u64, 1_000_000u64),
                ("--rate", 0, 1_000_000),
                ("--burst", 1, 1_000_000),
                ("--max-pending", 1, 1_000_000),
                ("--announce-max", 0, 1_000_000),
            ]),
            value in prop_oneof![0u64..2_000_000, any::<u64>()],
        ) {
            use clap::Parser;
            let (name, min, max) = flag;
            let line = ["nt", "chat", "serve", "127.0.0.1:0", name, &value.to_string()];
            let parsed = crate::cli::Cli::try_parse_from(line);
            prop_assert_eq!(parsed.is_ok(), (min..=max).contains(&value), "{} {}", name, value);
            if let Err(e) = parsed {
                prop_assert_eq!(e.exit_code(), 2);
            }
        }

        #[test]
        fn durations_in_range_only(ms in 0u64..10_000_000) {
            let got = parse_wait(&format!("{ms}ms"));
            prop_assert_eq!(got.ok(), (100..=3_600_000).contains(&ms).then(|| Duration::from_millis(ms)));
        }
    }
}
