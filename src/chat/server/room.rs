//! The room: who is online (by nickname key), the shared log their lines go through, and
//! the counters that bound connections.
//!
//! Nothing here waits on a user: a line for the room is appended to the log once, and
//! each user's writer takes it at its own pace (see `log.rs`, `user.rs`). The members map
//! is only locked for a lookup or one insert/remove. Joins and leaves are announced while
//! at most `--announce-max` users are online.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;

use super::log::{Cursor, Inbox, Log, MemberId};
use crate::chat::nick::nick_key;
use crate::chat::protocol::Event;
use crate::output::{Output, sanitize};

/// A `[who]` line holds nicknames up to about this many bytes.
const WHO_LINE: usize = 1000;

/// The limits from the command line.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_clients: usize,
    pub max_line: usize,
    pub rate: u32,
    pub burst: u32,
    pub max_backlog: u64,
    pub stall: Duration,
    pub login_timeout: Duration,
    pub max_pending: usize,
    pub announce_max: usize,
}

/// One user in the room, as the room sees it.
struct Member {
    inbox: Inbox,
    nick: Arc<str>,
}

/// Everyone online; shared by every connection task.
pub struct Room {
    members: Mutex<HashMap<String, Member>>,
    pub log: Log,
    connections: AtomicUsize,
    pending: Mutex<HashMap<IpAddr, usize>>,
    next_id: AtomicU64,
    pub limits: Limits,
    pub motd: Option<String>,
    pub out: Output,
}

/// A server line, encoded once with its LF.
pub fn encode(event: &Event) -> Bytes {
    Bytes::from(format!("{event}\n"))
}

impl Room {
    pub fn new(limits: Limits, motd: Option<String>, out: Output) -> Room {
        Room {
            members: Mutex::new(HashMap::new()),
            log: Log::new(),
            connections: AtomicUsize::new(0),
            pending: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(1),
            limits,
            motd,
            out,
        }
    }

    fn members(&self) -> MutexGuard<'_, HashMap<String, Member>> {
        // Every update is one insert or remove: a poisoned lock still holds a sound map.
        self.members.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A connection slot, or `None` when `--max-clients` are connected. The slot is given
    /// back when the guard is dropped, however the connection ends.
    pub fn connection_slot(self: &Arc<Self>) -> Option<Slot> {
        let count = self.connections.fetch_add(1, Ordering::SeqCst) + 1;
        let slot = Slot { room: self.clone(), source: None };
        (count <= self.limits.max_clients).then_some(slot)
    }

    /// Count this connection as choosing a nickname from `ip`; `None` when that source
    /// already has `--max-pending` such connections. Dropping the slot ends the count.
    pub fn pending_slot(self: &Arc<Self>, ip: IpAddr) -> Option<Slot> {
        let source = source_key(ip);
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let count = pending.entry(source).or_insert(0);
        if *count >= self.limits.max_pending {
            return None;
        }
        *count += 1;
        Some(Slot { room: self.clone(), source: Some(source) })
    }

    /// Send one line to everyone (except `skip`).
    pub fn broadcast(&self, event: &Event, skip: Option<MemberId>) {
        self.log.append(encode(event), skip);
    }

    /// One line for one user.
    pub fn reply(&self, inbox: &Inbox, event: &Event) {
        self.log.append_for(encode(event), inbox, None);
    }

    /// The last line for one user: its connection ends after it, for `reason`.
    pub fn close(&self, inbox: &Inbox, event: Option<&Event>, reason: &'static str) {
        let line = event.map_or_else(Bytes::new, encode);
        self.log.append_for(line, inbox, Some(reason));
    }

    /// Send one line to the user with this nickname; false when nobody has it.
    pub fn send_to(&self, nick: &str, event: &Event) -> bool {
        let inbox = self.members().get(&nick_key(nick)).map(|m| m.inbox.clone());
        match inbox {
            Some(inbox) => {
                self.reply(&inbox, event);
                true
            }
            None => false,
        }
    }

    /// Disconnect the user with this nickname, telling it why; its nickname as it chose
    /// it, or `None` when nobody has that nickname.
    pub fn kick(&self, nick: &str, reason: &str) -> Option<Arc<str>> {
        let (inbox, nick) =
            self.members().get(&nick_key(nick)).map(|m| (m.inbox.clone(), m.nick.clone()))?;
        let event = Event::Error { code: "kicked".into(), text: reason.into() };
        self.close(&inbox, Some(&event), "kicked");
        Some(nick)
    }

    /// Take a nickname: the member's inbox and its place in the log (starting with its
    /// welcome), or `None` when the nickname is taken. The join is announced to the others.
    pub fn claim(&self, nick: &str) -> Option<(Inbox, Cursor)> {
        let key = nick_key(nick);
        let mut members = self.members();
        if members.contains_key(&key) {
            return None;
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let inbox = Inbox::new(id);
        members.insert(key, Member { inbox: inbox.clone(), nick: nick.into() });
        let online = members.len();
        let mut first = vec![
            encode(&Event::Welcome { nick: nick.to_string() }),
            encode(&Event::Info { text: format!("{online} online; /help for commands") }),
        ];
        if let Some(motd) = &self.motd {
            first.push(encode(&Event::Motd { text: motd.clone() }));
        }
        // The cursor is taken under the members lock: a line for this user (a /msg) can
        // only be sent once it is in the map, and then it comes after the welcome.
        let cursor = self.log.subscribe(id, first);
        if online <= self.limits.announce_max {
            self.broadcast(&Event::Join { nick: nick.to_string() }, Some(id));
        }
        drop(members);
        Some((inbox, cursor))
    }

    /// Change a nickname; false when the new one is taken by someone else.
    pub fn rename(&self, old: &str, new: &str) -> bool {
        let (old_key, new_key) = (nick_key(old), nick_key(new));
        let mut members = self.members();
        if old_key != new_key && members.contains_key(&new_key) {
            return false;
        }
        let Some(mut member) = members.remove(&old_key) else { return false };
        member.nick = new.into();
        members.insert(new_key, member);
        self.broadcast(&Event::Nick { old: old.to_string(), new: new.to_string() }, None);
        true
    }

    /// Remove a user and announce why it left.
    pub fn leave(&self, nick: &str, reason: &str) {
        let mut members = self.members();
        if members.remove(&nick_key(nick)).is_none() {
            return;
        }
        let online = members.len();
        if online < self.limits.announce_max {
            self.broadcast(&Event::Leave { nick: nick.to_string(), reason: reason.into() }, None);
        }
        drop(members);
        self.out.info(&format!("{} left ({reason}), {online} online", sanitize(nick)));
    }

    /// Everyone online, sorted.
    pub fn who(&self) -> Vec<Arc<str>> {
        let mut nicks: Vec<Arc<str>> = self.members().values().map(|m| m.nick.clone()).collect();
        nicks.sort_unstable();
        nicks
    }

    /// Everyone online as `[who]` events of about `WHO_LINE` bytes each.
    pub fn who_lines(&self) -> (Vec<Event>, usize) {
        let nicks = self.who();
        let mut lines = Vec::new();
        let mut chunk: Vec<String> = Vec::new();
        let mut size = 0;
        for nick in &nicks {
            if size + nick.len() > WHO_LINE && !chunk.is_empty() {
                lines.push(Event::Who { nicks: std::mem::take(&mut chunk) });
                size = 0;
            }
            size += nick.len() + 1;
            chunk.push(nick.to_string());
        }
        lines.push(Event::Who { nicks: chunk });
        (lines, nicks.len())
    }

    pub fn online(&self) -> usize {
        self.members().len()
    }
}

/// What counts as one source for `--max-pending`: the address, or its /64 for IPv6 (one
/// host usually holds a whole /64). IPv4-mapped addresses count as IPv4.
fn source_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        },
        v4 => v4,
    }
}

/// A counted connection (or a pending one, with its source), given back on drop.
pub struct Slot {
    room: Arc<Room>,
    source: Option<IpAddr>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        match self.source {
            None => {
                self.room.connections.fetch_sub(1, Ordering::SeqCst);
            }
            Some(source) => {
                let mut pending = self.room.pending.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(count) = pending.get_mut(&source) {
                    *count -= 1;
                    if *count == 0 {
                        pending.remove(&source);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_group_ipv6_by_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(source_key(a), source_key(b));
        assert_ne!(source_key(a), source_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(source_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }
}
