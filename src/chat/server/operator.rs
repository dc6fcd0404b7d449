//! The operator's console: lines typed on the server's stdin.
//!
//! A line starting with `/` is a command: `/who` prints who is online on stdout (one
//! nickname a line; `--json`: one `{"event":"who",...}` object), `/kick NICK [REASON]`
//! disconnects a user (it gets `[error] kicked REASON`, the others `[leave] NICK kicked`),
//! `/notice TEXT` sends TEXT as a notice (for a notice that starts with `/`). Every other
//! line goes to everyone as `[notice] TEXT`, as before. The end of stdin ends only this
//! task: the server goes on.
//!
//! In a cluster, `/who` lists the users of every node as `NICK<TAB>NODE` (`--json`: a
//! `users` array of `{"nick","node"}` beside `nicks`), a notice reaches every node, and
//! `/kick` acts on this node's users only (it names the node of a user elsewhere).

use std::sync::Arc;

use serde::Serialize;
use tokio::io::{AsyncBufReadExt, AsyncReadExt};

use super::room::Room;
use crate::chat::nick::nick_key;
use crate::chat::protocol::clean_text;
use crate::output::sanitize;

/// Longest operator line read; the rest of a longer line is dropped.
const MAX_LINE: u64 = 64 << 10;

/// What an operator line asks for.
#[derive(Debug, PartialEq, Eq)]
enum Order<'a> {
    Notice(&'a str),
    Who,
    Kick { nick: &'a str, reason: Option<&'a str> },
    Unknown(&'a str),
    Usage(&'static str),
}

fn parse(line: &str) -> Order<'_> {
    let Some(rest) = line.strip_prefix('/') else { return Order::Notice(line) };
    let (name, arg) = match rest.split_once(char::is_whitespace) {
        Some((name, arg)) => (name, arg.trim()),
        None => (rest, ""),
    };
    match name.to_ascii_lowercase().as_str() {
        "who" | "names" => Order::Who,
        "notice" if arg.is_empty() => Order::Usage("/notice TEXT"),
        "notice" => Order::Notice(arg),
        "kick" => match arg.split_once(char::is_whitespace) {
            _ if arg.is_empty() => Order::Usage("/kick NICK [REASON]"),
            Some((nick, reason)) => Order::Kick { nick, reason: Some(reason.trim()) },
            None => Order::Kick { nick: arg, reason: None },
        },
        _ => Order::Unknown(name),
    }
}

#[derive(Serialize)]
struct Who<'a> {
    event: &'static str,
    nicks: Vec<&'a str>,
    /// In a cluster: each user with its node.
    #[serde(skip_serializing_if = "Option::is_none")]
    users: Option<Vec<WhoUser<'a>>>,
}

#[derive(Serialize)]
struct WhoUser<'a> {
    nick: &'a str,
    node: &'a str,
}

/// `/who`: one nickname a line; in a cluster, `NICK<TAB>NODE` (this node's name for its
/// own users).
fn who(room: &Room) {
    let out = &room.out;
    let all = room.who();
    let here = room.bus.as_ref().map(|bus| bus.node());
    let node_of = |node: &Option<Arc<str>>| node.clone().or_else(|| here.clone());
    let shown = if out.is_json() {
        let nodes: Vec<Option<Arc<str>>> = all.iter().map(|(_, node)| node_of(node)).collect();
        let users = here.as_ref().map(|_| {
            let pairs = all.iter().zip(&nodes);
            pairs.map(|((nick, _), node)| WhoUser { nick, node: node.as_deref().unwrap_or("") })
        });
        let nicks = all.iter().map(|(nick, _)| &**nick).collect();
        out.json(&Who { event: "who", nicks, users: users.map(Iterator::collect) })
    } else {
        all.iter().try_for_each(|(nick, node)| match node_of(node) {
            Some(node) => out.line(&format!("{}\t{node}", sanitize(nick))),
            None => out.line(&sanitize(nick)),
        })
    };
    if shown.is_ok() {
        let local = all.iter().filter(|(_, node)| node.is_none()).count();
        match here {
            Some(node) => out.info(&format!("{} online, {local} on this node ({node})", all.len())),
            None => out.info(&format!("{} online", all.len())),
        }
    }
}

/// Read the operator's lines until stdin ends.
pub async fn commands(room: Arc<Room>) {
    let mut stdin = tokio::io::BufReader::new(tokio::io::stdin());
    let mut line = Vec::new();
    loop {
        line.clear();
        match (&mut stdin).take(MAX_LINE).read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        if !line.ends_with(b"\n") && line.len() as u64 == MAX_LINE {
            // Skip the rest of an over-long line, a bounded piece at a time.
            let mut rest = Vec::new();
            loop {
                rest.clear();
                match (&mut stdin).take(MAX_LINE).read_until(b'\n', &mut rest).await {
                    Ok(n) if n > 0 && !rest.ends_with(b"\n") => {}
                    _ => break,
                }
            }
        }
        let text = String::from_utf8_lossy(&line);
        obey(&room, &clean_text(text.trim_end_matches(['\n', '\r'])));
    }
}

fn obey(room: &Room, line: &str) {
    let out = &room.out;
    match parse(line) {
        Order::Notice(text) if text.trim().is_empty() => {}
        Order::Notice(text) => room.notice(text),
        Order::Who => who(room),
        Order::Kick { nick, reason } => {
            let reason = reason.unwrap_or("kicked by the operator");
            let remote = room.bus.as_ref().and_then(|bus| bus.node_of(&nick_key(nick)));
            match (room.kick(nick, reason), remote) {
                (Some(nick), _) => out.info(&format!("kicking {}", sanitize(&nick))),
                (None, Some(node)) => out.warn(&format!(
                    "{} is on node {node}: kick it on that node's console",
                    sanitize(nick)
                )),
                (None, None) => out.warn(&format!("{} is not online", sanitize(nick))),
            }
        }
        Order::Usage(usage) => out.warn(&format!("usage: {usage}")),
        Order::Unknown(name) => out.warn(&format!(
            "unknown operator command /{} (/who, /kick NICK [REASON], /notice TEXT)",
            sanitize(name)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn orders() {
        assert_eq!(parse("maintenance at 5"), Order::Notice("maintenance at 5"));
        assert_eq!(parse("/who"), Order::Who);
        assert_eq!(parse("/WHO"), Order::Who);
        assert_eq!(parse("/kick bob"), Order::Kick { nick: "bob", reason: None });
        assert_eq!(
            parse("/kick bob  spamming links"),
            Order::Kick { nick: "bob", reason: Some("spamming links") }
        );
        assert_eq!(parse("/kick"), Order::Usage("/kick NICK [REASON]"));
        assert_eq!(parse("/notice /help is broken"), Order::Notice("/help is broken"));
        assert_eq!(parse("/notice"), Order::Usage("/notice TEXT"));
        assert_eq!(parse("/dance"), Order::Unknown("dance"));
    }

    proptest! {
        #[test]
        fn parse_never_panics(line in "\\PC{0,40}") {
            let _ = parse(&line);
        }
    }
}
