//! What a payload from another node does here: a line or notice for this node's users,
//! a join, leave or nickname change for the roster (announced as on one node), a private
//! line for one user here (or an offline notice back), and heartbeats.
//!
//! The payload is decoded and checked in `wire.rs` first (a bad one is dropped with a -v
//! log). Everything here is synchronous and only appends to the room's log: what needs
//! Redis is handed back to the runner as an [`After`].

use std::time::Instant;

use super::Bus;
use super::lease::Lease;
use super::wire::{self, Kind, Payload};
use crate::chat::nick::nick_key;
use crate::chat::protocol::Event;
use crate::chat::server::room::Room;

/// What the runner does next.
pub enum After {
    Nothing,
    /// Our own heartbeat came back (the bus is alive; its delay is the lag).
    OwnBeat,
    /// Another node asked for this node's users.
    Reannounce,
    /// Another node says it has a nickname a user here holds: check our lease now.
    Recheck(Lease),
}

/// Handle one payload from the bus.
pub fn deliver(room: &Room, bus: &Bus, bytes: &[u8]) -> After {
    let payload = match wire::decode(bytes, bus.max_text) {
        Ok(payload) => payload,
        Err(why) => {
            room.out.debug(&format!("bus: dropped a payload: {why}"));
            return After::Nothing;
        }
    };
    if *payload.node == *bus.node {
        return if payload.kind == Kind::Beat { After::OwnBeat } else { After::Nothing };
    }
    let now = Instant::now();
    if bus.roster().heard(&payload.node, now) && payload.kind != Kind::Sync {
        // A node we did not know (or took for dead): ask it who is there.
        room.out.debug(&format!("bus: node {} is here", payload.node));
        bus.publish_to(&payload.node, &Payload::new(&bus.node, Kind::Sync));
    }
    let text = payload.text.clone().unwrap_or_default();
    let (from, to) = (payload.from.as_deref().unwrap_or(""), payload.to.as_deref().unwrap_or(""));
    match payload.kind {
        Kind::Say => room.broadcast(&Event::Message { from: from.into(), text }, None),
        Kind::Notice => room.broadcast(&Event::Notice { text }, None),
        Kind::Join => return joined(room, bus, &payload.node, from, now),
        Kind::Leave => {
            if bus.roster().remove(&nick_key(from), &payload.node).is_some()
                && room.online() < room.limits.announce_max
            {
                room.broadcast(&Event::Leave { nick: from.into(), reason: text }, None);
            }
        }
        Kind::Nick => {
            bus.roster().remove(&nick_key(from), &payload.node);
            bus.roster().add(nick_key(to), to, &payload.node, now);
            room.broadcast(&Event::Nick { old: from.into(), new: to.into() }, None);
            return recheck(room, to);
        }
        Kind::Msg => match room.inbox_of(to) {
            Some(inbox) => room.reply(&inbox, &Event::Private { from: from.into(), text }),
            None => {
                let back = Payload::new(&bus.node, Kind::Offline).to(from).text(to);
                bus.publish_to(&payload.node, &back);
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

/// A user joined another node (or was re-announced): news only when not known here.
fn joined(room: &Room, bus: &Bus, node: &str, nick: &str, now: Instant) -> After {
    let added = bus.roster().add(nick_key(nick), nick, node, now);
    if added && room.online() <= room.limits.announce_max {
        room.broadcast(&Event::Join { nick: nick.into() }, None);
    }
    recheck(room, nick)
}

/// A nickname another node announced that a user here holds too (after a split): the
/// leases decide, now rather than at the next renewal.
fn recheck(room: &Room, nick: &str) -> After {
    room.lease_of(nick).map_or(After::Nothing, After::Recheck)
}

/// Drop the users of the nodes that missed two heartbeats (two thirds of `--lease`, so
/// that their leave is announced within the lease), announcing them.
pub fn bury(room: &Room, bus: &Bus) {
    let silence = bus.lease * 2 / 3;
    let dead = bus.roster().dead(Instant::now(), silence);
    for (node, users) in dead {
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
}
