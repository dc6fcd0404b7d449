//! What `nt ftp serve` says on stderr: one line per command (a JSON object with `--json`),
//! session start and end, and libunftp's own records.
//!
//! libunftp logs through slog; [`Drain`] is the one slog drain, and it writes through
//! `Output` like everything else in nt (shown with `-v`), so there is no second logging
//! style. Command lines are written by the control relay (`control.rs`) through
//! [`Entry::write`]. Peer-controlled text is sanitized here; passwords never reach this
//! module (the relay masks PASS and ACCT before anything is logged).

use std::net::SocketAddr;

use serde::Serialize;

use crate::output::{Output, sanitize};

/// One finished command of one session.
#[derive(Debug, Serialize)]
pub struct Entry<'a> {
    pub peer: SocketAddr,
    /// The login name given with USER (`null` before it).
    pub user: Option<&'a str>,
    /// The command word, upper case (`RETR`).
    pub command: &'a str,
    /// Its argument (`***` for PASS and ACCT), `null` if none.
    pub arg: Option<&'a str>,
    /// The final reply code.
    pub code: u16,
    /// The text of the final reply.
    pub reply: &'a str,
    /// Milliseconds from the command to its final reply.
    pub ms: u64,
    /// Bytes moved, for transfers (RETR, STOR, APPE, STOU).
    pub bytes: Option<u64>,
}

impl Entry<'_> {
    /// `PEER USER "COMMAND ARG" CODE BYTES MSms`, as an access log line; or JSON.
    pub fn write(&self, out: &Output) {
        emit(out, self, || {
            let request = match self.arg {
                Some(arg) => format!("{} {arg}", self.command),
                None => self.command.to_string(),
            };
            let bytes = self.bytes.map_or_else(|| "-".to_string(), |b| b.to_string());
            format!(
                "{} {} \"{}\" {} {} {}ms",
                self.peer,
                self.user.unwrap_or("-"),
                request.replace('"', "\\\""),
                self.code,
                bytes,
                self.ms
            )
        });
    }
}

/// One log line on stderr: `value` as JSON with `--json`, else `text()`, sanitized.
fn emit<T: Serialize>(out: &Output, value: &T, text: impl FnOnce() -> String) {
    if !out.is_json() {
        out.info(&sanitize(&text()));
    } else if let Ok(json) = serde_json::to_string(value) {
        out.info(&json);
    }
}

/// A session event: `connect`, `close`, or `refused` (with why).
#[derive(Debug, Serialize)]
pub struct Event<'a> {
    pub peer: SocketAddr,
    pub event: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<&'a str>,
}

impl Event<'_> {
    pub fn write(&self, out: &Output) {
        emit(out, self, || match self.detail {
            Some(detail) => format!("{} {}: {detail}", self.peer, self.event),
            None => format!("{} {}", self.peer, self.event),
        });
    }
}

/// A warning that belongs to no session (a failed accept, a task that failed inside
/// libunftp): `nt: warning: TEXT`, or a JSON object with `--json`.
#[derive(Debug, Serialize)]
pub struct Warning<'a> {
    pub event: &'static str,
    pub detail: &'a str,
}

impl Warning<'_> {
    pub fn write(out: &Output, detail: &str) {
        if out.is_json() {
            emit(out, &Warning { event: "warning", detail }, String::new);
        } else {
            out.warn(&sanitize(detail));
        }
    }
}

/// libunftp's slog records, shown with `-v` as `nt: PEER: message` (info and above; its
/// debug records are compiled out of release builds anyway); JSON with `--json`.
pub struct Drain {
    pub out: Output,
    pub peer: SocketAddr,
}

impl slog::Drain for Drain {
    type Ok = ();
    type Err = slog::Never;

    fn log(&self, record: &slog::Record<'_>, _: &slog::OwnedKVList) -> Result<(), slog::Never> {
        if record.level().is_at_least(slog::Level::Info) && self.out.verbosity() > 0 {
            let message = record.msg().to_string();
            if self.out.is_json() {
                let event = Event { peer: self.peer, event: "libunftp", detail: Some(&message) };
                event.write(&self.out);
            } else {
                self.out.debug(&sanitize(&format!("{}: {message}", self.peer)));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_serialize_with_the_documented_keys() {
        let entry = Entry {
            peer: "127.0.0.1:5000".parse().unwrap(),
            user: Some("alice"),
            command: "RETR",
            arg: Some("a b.txt"),
            code: 226,
            reply: "Transfer complete",
            ms: 3,
            bytes: Some(10),
        };
        let json: serde_json::Value = serde_json::to_value(&entry).unwrap();
        for key in ["peer", "user", "command", "arg", "code", "reply", "ms", "bytes"] {
            assert!(json.get(key).is_some(), "{key}");
        }
        assert_eq!(json["peer"], "127.0.0.1:5000");
        assert_eq!(json["code"], 226);
    }
}
