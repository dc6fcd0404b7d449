//! The room: who is online (by nickname key) and the shared log their lines go through.
//! Connections are bounded before they reach it, by the server layer (`net/serve.rs`).
//!
//! Nothing here waits on a user: a line for the room is appended to the log once, and
//! each user's writer takes it at its own pace (see `log.rs`, `user.rs`). The members map
//! is only locked for a lookup or one insert/remove. Joins and leaves are announced while
//! at most `--announce-max` users are online.
//!
//! In a cluster (`--cluster`), the room also tells the bus what crosses nodes (lines,
//! joins, leaves, nickname changes) and takes a nickname only with its lease in Redis;
//! `online` and `who` count the users of every node. Without a cluster the bus is `None`
//! and nothing of it costs anything.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;

use super::bus::{Bus, Lease, News, Refusal};
use super::log::{Cursor, Inbox, Log, MemberId};
use crate::chat::nick::{look_key, nick_key};
use crate::chat::protocol::Event;
use crate::output::{Output, sanitize};

/// A `[who]` line holds nicknames up to about this many bytes.
const WHO_LINE: usize = 1000;

/// The limits from the command line.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_line: usize,
    pub rate: u32,
    pub burst: u32,
    pub max_backlog: u64,
    pub stall: Duration,
    pub login_timeout: Duration,
    pub announce_max: usize,
}

/// A user's nickname, shared by the room and the user's connection (the cluster may
/// rename a user from outside its connection after a split).
pub struct Name(Mutex<Arc<str>>);

impl Name {
    pub fn get(&self) -> Arc<str> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn set(&self, nick: &str) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = nick.into();
    }
}

/// One user in the room, as the room sees it.
struct Member {
    inbox: Inbox,
    name: Arc<Name>,
    /// Its nickname's lease in the cluster's Redis.
    lease: Option<Lease>,
}

/// The members by nickname key, and the look keys (`nick::look_key`) that differ from
/// their keys, so that a nickname that looks like another one by either key is taken.
#[derive(Default)]
struct Members {
    by_key: HashMap<String, Member>,
    /// Look key -> nickname key, only where the two differ.
    looks: HashMap<String, String>,
}

impl std::ops::Deref for Members {
    type Target = HashMap<String, Member>;

    fn deref(&self) -> &Self::Target {
        &self.by_key
    }
}

impl Members {
    fn insert(&mut self, key: String, member: Member) {
        let look = look_key(&member.name.get());
        if look != key {
            self.looks.insert(look, key.clone());
        }
        self.by_key.insert(key, member);
    }

    fn remove(&mut self, key: &str) -> Option<Member> {
        let member = self.by_key.remove(key)?;
        let look = look_key(&member.name.get());
        if self.looks.get(&look).is_some_and(|k| k == key) {
            self.looks.remove(&look);
        }
        Some(member)
    }

    /// Whether a nickname clashes with a member's (other than the one under `own`).
    fn taken(&self, nick: &str, own: Option<&str>) -> bool {
        let other = |key: &String| Some(key.as_str()) != own;
        let (key, look) = (nick_key(nick), look_key(nick));
        [&key, &look].into_iter().any(|k| {
            (self.by_key.contains_key(k) && other(k)) || self.looks.get(k).is_some_and(other)
        })
    }
}

/// Where a private line went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Here,
    /// To another node, which says so if the user has just left.
    Sent,
    Offline,
}

/// Everyone online; shared by every connection task.
pub struct Room {
    members: Mutex<Members>,
    /// The cluster, when there is one.
    pub bus: Option<Arc<dyn Bus>>,
    pub log: Log,
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
    pub fn new(
        limits: Limits,
        motd: Option<String>,
        out: Output,
        bus: Option<Arc<dyn Bus>>,
    ) -> Room {
        Room {
            members: Mutex::new(Members::default()),
            bus,
            log: Log::new(),
            next_id: AtomicU64::new(1),
            limits,
            motd,
            out,
        }
    }

    fn members(&self) -> MutexGuard<'_, Members> {
        // Every update is one insert or remove: a poisoned lock still holds a sound map.
        self.members.lock().unwrap_or_else(|e| e.into_inner())
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

    /// A line from a user of this node for everyone else, on every node.
    pub fn say(&self, id: MemberId, from: &str, text: &str) {
        self.broadcast(&Event::Message { from: from.into(), text: text.into() }, Some(id));
        if let Some(bus) = &self.bus {
            bus.tell_all(News::Say { from, text });
        }
    }

    /// The operator's notice, on every node.
    pub fn notice(&self, text: &str) {
        self.broadcast(&Event::Notice { text: text.to_string() }, None);
        if let Some(bus) = &self.bus {
            bus.tell_all(News::Notice { text });
        }
    }

    /// Whether a user of this node has this nickname or one that looks like it.
    pub fn clashes(&self, nick: &str) -> bool {
        self.members().taken(nick, None)
    }

    /// The inbox of a user of this node.
    pub fn inbox_of(&self, nick: &str) -> Option<Inbox> {
        self.members().get(&nick_key(nick)).map(|m| m.inbox.clone())
    }

    /// A private line from `from` to the user `to`, wherever it is.
    pub fn send_to(&self, from: &str, to: &str, text: &str) -> Delivery {
        if let Some(inbox) = self.inbox_of(to) {
            self.reply(&inbox, &Event::Private { from: from.into(), text: text.into() });
            return Delivery::Here;
        }
        let Some(bus) = &self.bus else { return Delivery::Offline };
        match bus.node_of(&nick_key(to)) {
            Some(node) => {
                bus.tell_node(&node, from, to, text);
                Delivery::Sent
            }
            None => Delivery::Offline,
        }
    }

    /// Disconnect the user with this nickname, telling it why; its nickname as it chose
    /// it, or `None` when nobody has that nickname.
    pub fn kick(&self, nick: &str, reason: &str) -> Option<Arc<str>> {
        let (inbox, nick) =
            self.members().get(&nick_key(nick)).map(|m| (m.inbox.clone(), m.name.get()))?;
        let event = Event::Error { code: "kicked".into(), text: reason.into() };
        self.close(&inbox, Some(&event), "kicked");
        Some(nick)
    }

    /// Take a nickname (with its lease, in a cluster): the member's inbox, its name and
    /// its place in the log (starting with its welcome). The join is announced.
    pub async fn claim(&self, nick: &str) -> Result<(Inbox, Arc<Name>, Cursor), Refusal> {
        let key = nick_key(nick);
        if self.members().taken(nick, None)
            || self.bus.as_ref().is_some_and(|b| b.looks_taken(nick))
        {
            return Err(Refusal::Taken);
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let lease = match &self.bus {
            // Boxed: every connection's task holds its login inline, and the bus's future
            // is large; only a cluster's logins pay for the allocation.
            Some(bus) => Some(Box::pin(bus.take(nick, id)).await?),
            None => None,
        };
        let mut members = self.members();
        if members.taken(nick, None) {
            drop(members);
            self.give_back(lease);
            return Err(Refusal::Taken);
        }
        let inbox = Inbox::new(id);
        let name = Arc::new(Name(Mutex::new(nick.into())));
        members.insert(key, Member { inbox: inbox.clone(), name: name.clone(), lease });
        let online = members.len() + self.remote_count();
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
        if let Some(bus) = &self.bus {
            bus.tell_all(News::Join { nick });
        }
        Ok((inbox, name, cursor))
    }

    fn give_back(&self, lease: Option<Lease>) {
        if let (Some(bus), Some(lease)) = (&self.bus, lease) {
            bus.release(lease);
        }
    }

    /// Change a user's nickname (moving its lease, in a cluster).
    pub async fn rename(&self, id: MemberId, old: &str, new: &str) -> Result<(), Refusal> {
        let (old_key, new_key) = (nick_key(old), nick_key(new));
        let lease = {
            let members = self.members();
            if members.taken(new, Some(&old_key))
                || (old_key != new_key && self.bus.as_ref().is_some_and(|b| b.looks_taken(new)))
            {
                return Err(Refusal::Taken);
            }
            members.get(&old_key).filter(|m| m.inbox.id == id).map(|m| m.lease.clone())
        };
        let Some(lease) = lease else { return Err(Refusal::Taken) };
        let lease = match (&self.bus, lease) {
            (Some(bus), Some(lease)) => Some(bus.move_to(&lease, new, id).await?),
            (_, lease) => lease,
        };
        self.renamed(id, old, new, lease);
        Ok(())
    }

    /// Put a renamed member under its new key and tell everyone (on every node).
    pub fn renamed(&self, id: MemberId, old: &str, new: &str, lease: Option<Lease>) {
        let mut members = self.members();
        let Some(mut member) = members.remove(&nick_key(old)) else { return };
        if member.inbox.id != id {
            members.insert(nick_key(old), member);
            return;
        }
        member.name.set(new);
        member.lease = lease;
        members.insert(nick_key(new), member);
        drop(members);
        self.broadcast(&Event::Nick { old: old.to_string(), new: new.to_string() }, None);
        if let Some(bus) = &self.bus {
            bus.tell_all(News::Nick { old, new });
        }
    }

    /// Remove a user and announce why it left (on every node; its lease is given back).
    pub fn leave(&self, nick: &str, reason: &str) {
        let mut members = self.members();
        let Some(member) = members.remove(&nick_key(nick)) else { return };
        let online = members.len() + self.remote_count();
        if online < self.limits.announce_max {
            self.broadcast(&Event::Leave { nick: nick.to_string(), reason: reason.into() }, None);
        }
        drop(members);
        if let Some(bus) = &self.bus {
            bus.tell_all(News::Leave { nick, reason });
            self.give_back(member.lease);
        }
        self.out.info(&format!("{} left ({reason}), {online} online", sanitize(nick)));
    }

    /// Users of the other nodes (0 without a cluster).
    pub fn remote_count(&self) -> usize {
        self.bus.as_ref().map_or(0, |bus| bus.remote_count())
    }

    /// The users of this node: (nickname, lease).
    pub fn local(&self) -> Vec<(Arc<str>, Option<Lease>)> {
        self.members().values().map(|m| (m.name.get(), m.lease.clone())).collect()
    }

    /// The lease of a user of this node.
    pub fn lease_of(&self, nick: &str) -> Option<Lease> {
        self.members().get(&nick_key(nick)).and_then(|m| m.lease.clone())
    }

    /// The member holding this lease now (its id and nickname), filed under nickname key
    /// `key`.
    pub fn holder_of(&self, key: &str, lease: &Lease) -> Option<(MemberId, Arc<str>)> {
        let members = self.members();
        let member = members.get(key).filter(|m| m.lease.as_ref() == Some(lease))?;
        Some((member.inbox.id, member.name.get()))
    }

    /// Everyone online on every node, sorted: (nickname, its node; `None` for this one).
    pub fn who(&self) -> Vec<(Arc<str>, Option<Arc<str>>)> {
        let mut all: Vec<(Arc<str>, Option<Arc<str>>)> =
            self.members().values().map(|m| (m.name.get(), None)).collect();
        if let Some(bus) = &self.bus {
            all.extend(bus.remote_users().into_iter().map(|(nick, node)| (nick, Some(node))));
        }
        all.sort_unstable();
        all
    }

    /// Everyone online as `[who]` events of about `WHO_LINE` bytes each.
    pub fn who_lines(&self) -> (Vec<Event>, usize) {
        let nicks: Vec<Arc<str>> = self.who().into_iter().map(|(nick, _)| nick).collect();
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

    /// Users online on every node.
    pub fn online(&self) -> usize {
        self.members().len() + self.remote_count()
    }
}
