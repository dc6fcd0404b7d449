//! The users of the other nodes, as this node knows them: learned from the leases in Redis
//! when the link comes up, kept current by the joins, leaves and nickname changes on the
//! bus, and dropped for a node whose heartbeat stops.
//!
//! Keyed like the room's members, by nickname skeleton. Pure: the caller hands in the
//! time; nothing here talks to Redis or to users.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A user of another node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    pub nick: Arc<str>,
    pub node: Arc<str>,
}

#[derive(Debug, Default)]
pub struct Roster {
    users: HashMap<String, Remote>,
    /// When each node was last heard from (any payload counts).
    nodes: HashMap<Arc<str>, Instant>,
}

impl Roster {
    /// Note that `node` is alive; true when it was not known (it may need to re-announce
    /// its users).
    pub fn heard(&mut self, node: &str, now: Instant) -> bool {
        match self.nodes.get_mut(node) {
            Some(at) => {
                *at = now;
                false
            }
            None => {
                self.nodes.insert(node.into(), now);
                true
            }
        }
    }

    /// Add a user; true when it is new here (its join is news).
    pub fn add(&mut self, key: String, nick: &str, node: &str, now: Instant) -> bool {
        self.heard(node, now);
        let node = self.nodes.get_key_value(node).map(|(n, _)| n.clone()).unwrap_or(node.into());
        let remote = Remote { nick: nick.into(), node };
        self.users.insert(key, remote.clone()) != Some(remote)
    }

    /// Remove a user of `node`; its entry, when there was one.
    pub fn remove(&mut self, key: &str, node: &str) -> Option<Remote> {
        match self.users.get(key) {
            Some(remote) if &*remote.node == node => self.users.remove(key),
            _ => None,
        }
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
            let users = keys.iter().filter_map(|k| self.users.remove(k)).collect();
            found.push((node, users));
        }
        found
    }

    /// Forget everything (the link is down: nothing of the others is known any more).
    pub fn clear(&mut self) {
        self.users.clear();
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
        assert!(!roster.heard("n2", later));
        let dead = roster.dead(t0 + Duration::from_secs(31), Duration::from_secs(30));
        assert_eq!(dead.len(), 1);
        assert_eq!(&*dead[0].0, "n1");
        assert_eq!(&*dead[0].1[0].nick, "Alice");
        assert_eq!(roster.len(), 1);
        assert!(roster.heard("n1", later), "a node taken for dead is news again");
        assert_eq!(roster.remove("bob", "n2").map(|r| r.nick), Some("bob".into()));
    }
}
