//! The users of the other nodes, as this node knows them: learned from the leases in Redis
//! when the link comes up, kept current by the joins, leaves and nickname changes on the
//! bus, and dropped for a node whose heartbeat stops.
//!
//! Keyed like the room's members, by nickname skeleton. Bounded, since anyone who can
//! publish on the bus can make up nodes and users: at most [`MAX_NODES`] nodes and
//! [`MAX_USERS`] users (past them, the payloads of a new node or new users are dropped).
//! Pure: the caller hands in the time; nothing here talks to Redis or to users.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::chat::nick::{look_key, nick_key};

/// The bound on the other nodes a node keeps track of; payloads from more are dropped
/// (until a known node is buried).
pub const MAX_NODES: usize = 256;
/// The bound on the users of other nodes a node keeps track of (about 150 bytes each);
/// joins past it are dropped.
pub const MAX_USERS: usize = 250_000;

/// A user of another node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    pub nick: Arc<str>,
    pub node: Arc<str>,
}

#[derive(Debug, Default)]
pub struct Roster {
    users: HashMap<String, Remote>,
    /// Look key -> nickname key, where the two differ (`nick::look_key`).
    looks: HashMap<String, String>,
    /// When each node was last heard from (any payload counts).
    nodes: HashMap<Arc<str>, Instant>,
}

impl Roster {
    /// Note that `node` is alive: `Some(true)` when it was not known (it may need to
    /// re-announce its users), `None` when it is not known and [`MAX_NODES`] are.
    pub fn heard(&mut self, node: &str, now: Instant) -> Option<bool> {
        let known = self.nodes.len();
        match self.nodes.get_mut(node) {
            Some(at) => {
                *at = now;
                Some(false)
            }
            None if known >= MAX_NODES => None,
            None => {
                self.nodes.insert(node.into(), now);
                Some(true)
            }
        }
    }

    /// Add a user (in place of whoever had its key); true when it is new here (its join
    /// is news). Nothing is added past [`MAX_NODES`] or [`MAX_USERS`].
    pub fn add(&mut self, key: String, nick: &str, node: &str, now: Instant) -> bool {
        if self.heard(node, now).is_none()
            || (self.users.len() >= MAX_USERS && !self.users.contains_key(&key))
        {
            return false;
        }
        let node = self.nodes.get_key_value(node).map(|(n, _)| n.clone()).unwrap_or(node.into());
        let remote = Remote { nick: nick.into(), node };
        let look = look_key(nick);
        if look != key {
            self.looks.insert(look, key.clone());
        }
        let old = self.users.insert(key.clone(), remote.clone());
        if let Some(old) = &old
            && old.nick != remote.nick
        {
            self.forget_look(&key, &old.nick);
        }
        old != Some(remote)
    }

    /// Remove a user of `node`; its entry, when there was one.
    pub fn remove(&mut self, key: &str, node: &str) -> Option<Remote> {
        match self.users.get(key) {
            Some(remote) if &*remote.node == node => {
                let remote = self.users.remove(key)?;
                self.forget_look(key, &remote.nick);
                Some(remote)
            }
            _ => None,
        }
    }

    fn forget_look(&mut self, key: &str, nick: &str) {
        let look = look_key(nick);
        if self.looks.get(&look).is_some_and(|k| k == key) {
            self.looks.remove(&look);
        }
    }

    /// Whether a user of another node has a nickname that looks like `nick` by its look key
    /// (the same nickname key is for the leases to decide).
    pub fn looks_taken(&self, nick: &str) -> bool {
        let (key, look) = (nick_key(nick), look_key(nick));
        (look != key && self.users.contains_key(&look))
            || self.looks.contains_key(&key)
            || self.looks.contains_key(&look)
    }

    /// The node that has this nickname key.
    pub fn node_of(&self, key: &str) -> Option<Arc<str>> {
        self.users.get(key).map(|r| r.node.clone())
    }

    /// Forget the nodes not heard from for `lease`, and return their users.
    pub fn dead(&mut self, now: Instant, lease: Duration) -> Vec<(Arc<str>, Vec<Remote>)> {
        let gone: Vec<Arc<str>> = self
            .nodes
            .iter()
            .filter(|(_, at)| now.saturating_duration_since(**at) > lease)
            .map(|(node, _)| node.clone())
            .collect();
        let mut found = Vec::new();
        for node in gone {
            self.nodes.remove(&node);
            let keys: Vec<String> =
                self.users.iter().filter(|(_, r)| r.node == node).map(|(k, _)| k.clone()).collect();
            let users: Vec<Remote> = keys.iter().filter_map(|k| self.users.remove(k)).collect();
            for (key, user) in keys.iter().zip(&users) {
                self.forget_look(key, &user.nick);
            }
            found.push((node, users));
        }
        found
    }

    /// Forget everything (the link is down: nothing of the others is known any more).
    pub fn clear(&mut self) {
        self.users.clear();
        self.looks.clear();
        self.nodes.clear();
    }

    pub fn users(&self) -> impl Iterator<Item = &Remote> {
        self.users.values()
    }

    pub fn len(&self) -> usize {
        self.users.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_leaves_and_a_dead_node() {
        let t0 = Instant::now();
        let mut roster = Roster::default();
        assert!(roster.add("alice".into(), "Alice", "n1", t0));
        assert!(!roster.add("alice".into(), "Alice", "n1", t0), "no news twice");
        assert!(roster.add("bob".into(), "bob", "n2", t0));
        assert_eq!(roster.node_of("alice").as_deref(), Some("n1"));
        assert_eq!(roster.remove("alice", "n2"), None, "only its own node removes it");
        let later = t0 + Duration::from_secs(20);
        assert_eq!(roster.heard("n2", later), Some(false));
        let dead = roster.dead(t0 + Duration::from_secs(31), Duration::from_secs(30));
        assert_eq!(dead.len(), 1);
        assert_eq!(&*dead[0].0, "n1");
        assert_eq!(&*dead[0].1[0].nick, "Alice");
        assert_eq!(roster.len(), 1);
        assert_eq!(roster.heard("n1", later), Some(true), "a node taken for dead is news again");
        assert_eq!(roster.remove("bob", "n2").map(|r| r.nick), Some("bob".into()));
    }

    #[test]
    fn made_up_nodes_and_users_are_bounded() {
        let t0 = Instant::now();
        let mut roster = Roster::default();
        for n in 0..MAX_NODES + 50 {
            let fresh = roster.heard(&format!("n{n}"), t0);
            assert_eq!(fresh, (n < MAX_NODES).then_some(true), "node {n}");
        }
        assert_eq!(roster.heard("n0", t0), Some(false), "a known node is still heard");
        assert!(!roster.add("x".into(), "x", "late", t0), "a user of one node too many");
        for u in 0..MAX_USERS + 10 {
            roster.add(format!("u{u}"), "u", "n1", t0);
        }
        assert_eq!(roster.len(), MAX_USERS);
        assert!(!roster.add("new".into(), "new", "n1", t0));
        assert!(roster.add("u1".into(), "u1", "n2", t0), "a known key may still move");
    }

    #[test]
    fn look_alikes_by_their_look_key() {
        let t0 = Instant::now();
        let mut roster = Roster::default();
        roster.add(nick_key("aIice"), "aIice", "n1", t0);
        assert!(roster.looks_taken("alice"));
        assert!(!roster.looks_taken("bob"));
        roster.add(nick_key("bob"), "bob", "n2", t0);
        assert!(roster.looks_taken("boB") || nick_key("boB") == nick_key("bob"));
        assert!(roster.remove(&nick_key("aIice"), "n1").is_some());
        assert!(!roster.looks_taken("alice"));
        roster.add(nick_key("al"), "al", "n1", t0);
        assert!(roster.looks_taken("aI"), "aI looks like al");
        roster.dead(t0 + Duration::from_secs(9), Duration::from_secs(1));
        assert!(!roster.looks_taken("aI") && roster.looks.is_empty());
    }
}
