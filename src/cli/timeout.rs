//! The one `--timeout`: its parser, its range, and each command's default, in one table.
//!
//! Every `--timeout` bounds the waits on the network of its command (connect, TLS
//! handshake, each read and write; for `udp listen` the wait for the next datagram, for
//! `mail catch` a client's silence, for `chat serve` each Redis command) and takes the same
//! values: more than zero, since a zero socket timeout would mean "wait for ever", and at
//! most a day. A timeout that passes says `timed out` (exit 4), where the wait is.
//!
//! Nothing here does I/O; other bounded durations (`--login-timeout`, `--stall`,
//! `--lease`, `--interval`) are not timeouts of the network and keep their own ranges.

use std::time::Duration;

use crate::addr::parse_duration;

/// The shortest `--timeout`.
pub const MIN: Duration = Duration::from_millis(1);
/// The longest `--timeout`: a day.
pub const MAX: Duration = Duration::from_secs(86_400);

// Each command's default (`--help` shows it beside the flag). `udp listen` and
// `tcp connect` have none: without the flag they wait as long as the peer does.

/// `chat join`: connect, TLS, and the server's answer to the nickname.
pub const CHAT_JOIN: &str = "10s";
/// `chat serve --cluster`: every wait on the cluster's Redis.
pub const CHAT_SERVE: &str = "5s";
/// `ftp`: every wait on the control and data connections.
pub const FTP: &str = "30s";
/// `mail send`, `folders`, `list`, `get`, `watch`: every wait on the server.
pub const MAIL: &str = "30s";
/// `mail catch`: how long a client may say nothing.
pub const MAIL_CATCH: &str = "60s";
/// `tcp connect -z HOST PORTS`: each port of a scan.
pub const TCP_SCAN: Duration = Duration::from_secs(1);

/// Parse a `--timeout`: a duration (`500ms`, `3s`, `2m`) from [`MIN`] to [`MAX`].
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    let value = parse_duration(text)?;
    if value.is_zero() {
        return Err(format!("invalid --timeout {text}: must be more than zero (1ms to 24h)"));
    }
    if !(MIN..=MAX).contains(&value) {
        return Err(format!("invalid --timeout {text}: out of range (1ms to 24h)"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn nt_help_lists_every_default() {
        let table = super::super::help::NT;
        let tcp_scan = format!("{}s", TCP_SCAN.as_secs());
        for (command, default) in [
            ("chat join ", CHAT_JOIN),
            ("chat serve --cluster ", CHAT_SERVE),
            ("ftp (client and serve) ", FTP),
            ("mail send/folders/list/get/watch ", MAIL),
            ("mail catch ", MAIL_CATCH),
            ("tcp connect -z HOST PORTS ", &tcp_scan),
        ] {
            let line = table.lines().find(|l| l.trim_start().starts_with(command));
            let value = line.and_then(|l| {
                l[l.find(command).unwrap() + command.len()..].split_whitespace().next()
            });
            assert_eq!(value, Some(default), "{command}");
        }
    }

    #[test]
    fn one_range_for_every_command() {
        assert_eq!(parse_timeout("1ms"), Ok(MIN));
        assert_eq!(parse_timeout("24h"), Ok(MAX));
        assert!(parse_timeout("0").unwrap_err().contains("--timeout 0: must be more than zero"));
        assert!(parse_timeout("0s").is_err());
        assert!(parse_timeout("25h").unwrap_err().contains("out of range"));
        assert!(parse_timeout("soon").is_err());
        for default in [CHAT_JOIN, CHAT_SERVE, FTP, MAIL, MAIL_CATCH] {
            assert!(parse_timeout(default).is_ok(), "{default}");
        }
        assert!((MIN..=MAX).contains(&TCP_SCAN));
    }

    proptest! {
        #[test]
        fn accepts_exactly_the_range(ms in 0u64..200_000_000) {
            let parsed = parse_timeout(&format!("{ms}ms"));
            let d = Duration::from_millis(ms);
            prop_assert_eq!(parsed.is_ok(), (MIN..=MAX).contains(&d));
        }

        #[test]
        fn never_panics(text in "\\PC{0,12}") {
            let _ = parse_timeout(&text);
        }
    }
}
