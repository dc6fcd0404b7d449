//! Where a chat cluster meets: its Redis URL (`--cluster`, `[chat] cluster`), a node's
//! name (`--node`) and the lease (`--lease`). Parsed here, in the shared layer, so that the
//! command line and the config file read them with the same rules. An error never repeats
//! what stands before a URL's '@' (it may hold a password). Nothing here does I/O.

use std::time::Duration;

use super::{Addr, duration_within, parse_connect};
use crate::secret::Secret;

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

/// `--lease`, `[chat] lease`: 1 s to an hour.
pub fn parse_lease(text: &str) -> Result<Duration, String> {
    let (min, max) = (Duration::from_secs(1), Duration::from_secs(3600));
    duration_within(text, min, max, "1s to 1h")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

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
            let _ = parse_redis_url(&text, true);
            let _ = parse_node(&text);
            let _ = parse_lease(&text);
        }
    }
}
