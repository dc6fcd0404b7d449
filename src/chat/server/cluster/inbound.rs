//! What a payload from another node does here: a line or notice for this node's users,
//! a join, leave or nickname change for the roster (announced as on one node), a private
//! line for one user here (or an offline notice back), and heartbeats.
//!
//! The payload is decoded and checked in `wire.rs` first (a bad one is dropped with a -v
//! log). Then a payload may not claim a nickname it does not hold: a line, private line
//! or join from a nickname held by a user of this node, or that this node knows on
//! another node, is dropped (-v log); a join or nickname change onto a nickname another
//! node has is believed only once its lease in Redis says so ([`After::Learn`]). Payloads
//! of nodes past [`super::roster::MAX_NODES`] are dropped. Everything here is synchronous
//! and only appends to the room's log: what needs Redis is handed back to the runner as an
//! [`After`].

use std::sync::Arc;
use std::time::Instant;

use super::node::Node;
use super::roster::{MAX_NODES, Remote};
use super::wire::{self, Kind, Payload};
use crate::chat::nick::nick_key;
use crate::chat::protocol::Event;
use crate::chat::server::bus::Lease;
use crate::chat::server::room::Room;
use crate::output::sanitize;

/// What the runner does next.
pub enum After {
    Nothing,
    /// Our own heartbeat came back (the bus is alive; its delay is the lag).
    OwnBeat,
    /// Another node asked for this node's users.
    Reannounce,
    /// Another node says it has a nickname a user here holds: check our lease now.
    Recheck(Lease),
    /// Another node says it has a nickname this node knows elsewhere: ask its lease.
    Learn(String),
}

/// Handle one payload from the bus.
pub fn deliver(room: &Room, bus: &Node, bytes: &[u8]) -> After {
    let payload = match wire::decode(bytes, bus.max_text) {
        Ok(payload) => payload,
        Err(why) => {
            room.out.debug(&format!("bus: dropped a payload: {why}"));
            return After::Nothing;
        }
    };
    if *payload.node == *bus.name {
        return if payload.kind == Kind::Beat { After::OwnBeat } else { After::Nothing };
    }
    let now = Instant::now();
    match bus.roster().heard(&payload.node, now) {
        None => {
            room.out.debug(&format!(
                "bus: dropped a payload from node {}: {MAX_NODES} other nodes are known",
                payload.node
            ));
            return After::Nothing;
        }
        Some(true) if payload.kind != Kind::Sync => {
            // A node we did not know (or took for dead): ask it who is there.
            room.out.debug(&format!("bus: node {} is here", payload.node));
            bus.publish_to(&payload.node, &Payload::new(&bus.name, Kind::Sync));
        }
        Some(_) => {}
    }
    act(room, bus, &payload, now)
}

/// What a payload that passed the checks of its shape does.
fn act(room: &Room, bus: &Node, payload: &Payload, now: Instant) -> After {
    let node = &*payload.node;
    let text = payload.text.clone().unwrap_or_default();
    let (from, to) = (payload.from.as_deref().unwrap_or(""), payload.to.as_deref().unwrap_or(""));
    let speaks = matches!(payload.kind, Kind::Say | Kind::Msg | Kind::Join);
    if speaks && let Some(why) = claimed(room, bus, node, from) {
        let kind = format!("{:?}", payload.kind).to_lowercase();
        room.out.debug(&format!("bus: dropped a {kind} from {node} as {}: {why}", sanitize(from)));
        return match (payload.kind, room.lease_of(from)) {
            // After a split, the leases decide who keeps it.
            (Kind::Join, Some(lease)) => After::Recheck(lease),
            (Kind::Join, None) => After::Learn(from.to_string()),
            _ => After::Nothing,
        };
    }
    match payload.kind {
        Kind::Say => room.broadcast(&Event::Message { from: from.into(), text }, None),
        Kind::Notice => room.broadcast(&Event::Notice { text }, None),
        Kind::Join => joined(room, bus, node, from, now),
        Kind::Leave => {
            if bus.roster().remove(&nick_key(from), node).is_some()
                && room.online() < room.limits.announce_max
            {
                room.broadcast(&Event::Leave { nick: from.into(), reason: text }, None);
            }
        }
        Kind::Nick => return renamed(room, bus, node, from, to, now),
        Kind::Msg => match room.inbox_of(to) {
            Some(inbox) => room.reply(&inbox, &Event::Private { from: from.into(), text }),
            None => {
                let back = Payload::new(&bus.name, Kind::Offline).to(from).text(to);
                bus.publish_to(node, &back);
            }
        },
        Kind::Offline => {
            if let Some(inbox) = room.inbox_of(to) {
                let text = format!("{text} is not online");
                room.reply(&inbox, &Event::Error { code: "offline".into(), text });
            }
        }
        Kind::Beat => {}
        Kind::Sync => return After::Reannounce,
    }
    After::Nothing
}

/// Why `node` may not speak as `nick`: a user of this node has it, or this node knows it
/// on another node.
fn claimed(room: &Room, bus: &Node, node: &str, nick: &str) -> Option<String> {
    if room.clashes(nick) {
        return Some("a user of this node has that nickname (or one like it)".into());
    }
    match bus.roster().node_of(&nick_key(nick)) {
        Some(other) if *other != *node => Some(format!("node {other} has that nickname")),
        _ => None,
    }
}

/// `from` of `node` is now `to`: a nickname change when `from` was known there, else a
/// join of `to`. From or onto a nickname held here or elsewhere, it is dropped, and the
/// lease of `to` decides (after a split, the younger user is renamed: the others learn its
/// new nickname from its lease).
fn renamed(room: &Room, bus: &Node, node: &str, from: &str, to: &str, now: Instant) -> After {
    let dropped = |why: String| {
        let (old, new) = (sanitize(from), sanitize(to));
        room.out.debug(&format!("bus: dropped a nick change {old} -> {new} from {node}: {why}"));
    };
    if let Some(why) = claimed(room, bus, node, to) {
        dropped(why);
        return room.lease_of(to).map_or_else(|| After::Learn(to.to_string()), After::Recheck);
    }
    // Only a user this node knows on `node` is removed (as by a leave).
    let was = bus.roster().remove(&nick_key(from), node);
    if let Some(why) = claimed(room, bus, node, from) {
        dropped(why);
        return After::Learn(to.to_string());
    }
    let news = bus.roster().add(nick_key(to), to, node, now);
    if was.is_some() {
        room.broadcast(&Event::Nick { old: from.into(), new: to.into() }, None);
    } else if news && room.online() <= room.limits.announce_max {
        room.broadcast(&Event::Join { nick: to.into() }, None);
    }
    After::Nothing
}

/// What Redis says of a nickname's lease (`holder`: its node and nickname) is believed: a
/// holder on another node that this node does not have is added (and announced).
pub fn learned(room: &Room, bus: &Node, holder: Option<(&str, &str)>) {
    let Some((node, nick)) = holder else { return };
    if *node == *bus.name || room.inbox_of(nick).is_some() {
        return;
    }
    let news = bus.roster().add(nick_key(nick), nick, node, Instant::now());
    if news && room.online() <= room.limits.announce_max {
        room.broadcast(&Event::Join { nick: nick.into() }, None);
    }
}

/// A user joined another node (or was re-announced): news only when not known here.
fn joined(room: &Room, bus: &Node, node: &str, nick: &str, now: Instant) {
    let added = bus.roster().add(nick_key(nick), nick, node, now);
    if added && room.online() <= room.limits.announce_max {
        room.broadcast(&Event::Join { nick: nick.into() }, None);
    }
}

/// Drop the users of the nodes that missed two heartbeats (two thirds of `--lease`, so
/// that their leave is announced within the lease), announcing them; the dead nodes and
/// their users, whose leases the runner frees at once.
pub fn bury(room: &Room, bus: &Node) -> Vec<(Arc<str>, Vec<Remote>)> {
    let silence = bus.lease * 2 / 3;
    let dead = bus.roster().dead(Instant::now(), silence);
    for (node, users) in &dead {
        room.out.info(&format!(
            "node {node} was not heard from for {silence:?}: its {} users left",
            users.len()
        ));
        for user in users {
            if room.online() < room.limits.announce_max {
                let nick = user.nick.to_string();
                room.broadcast(&Event::Leave { nick, reason: "node-lost".into() }, None);
            }
        }
    }
    dead
}
