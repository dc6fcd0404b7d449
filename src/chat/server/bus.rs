//! The bus as the room sees it: what a room tells the other nodes, the nickname leases it
//! takes, moves and gives back, and what it asks about the users of other nodes.
//!
//! The room (`room.rs`) holds an `Option<Arc<dyn Bus>>` and knows nothing else of the
//! cluster; `cluster/` implements [`Bus`] over Redis. So the room can be read and tested
//! without Redis, and the cluster without the room's locks. Nothing here does I/O: this
//! file only names the contract between the two.

use std::sync::Arc;

/// One nickname's lease, as the room keeps it beside the member: `key` is where the
/// cluster keeps it, `value` what it holds (`cluster/lease.rs` gives both their meaning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub key: String,
    pub value: String,
}

/// Why a lease could not be had: someone holds it, or the bus cannot be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Taken,
    Split,
}

/// What happened in this node's room that every other node must hear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum News<'a> {
    /// A line from a user of this node.
    Say {
        from: &'a str,
        text: &'a str,
    },
    /// The operator's notice.
    Notice {
        text: &'a str,
    },
    Join {
        nick: &'a str,
    },
    Leave {
        nick: &'a str,
        reason: &'a str,
    },
    Nick {
        old: &'a str,
        new: &'a str,
    },
}

/// The other nodes, as one room sees them. Every method returns at once except the
/// lease commands, which are bounded by `--timeout`.
#[async_trait::async_trait]
pub trait Bus: Send + Sync {
    /// This node's name.
    fn node(&self) -> Arc<str>;

    /// Tell every node (dropped while the room is split: its users were told).
    fn tell_all(&self, news: News<'_>);

    /// A private line for a user of `node`.
    fn tell_node(&self, node: &str, from: &str, to: &str, text: &str);

    /// Take a new nickname's lease for member `member`.
    async fn take(&self, nick: &str, member: u64) -> Result<Lease, Refusal>;

    /// Move a lease to a new nickname in one step (a nickname change).
    async fn move_to(&self, old: &Lease, nick: &str, member: u64) -> Result<Lease, Refusal>;

    /// Give a lease back (in order after the user's last lines).
    fn release(&self, lease: Lease);

    /// The node of a user of another node, by nickname key.
    fn node_of(&self, key: &str) -> Option<Arc<str>>;

    /// The users of the other nodes: (nickname, node).
    fn remote_users(&self) -> Vec<(Arc<str>, Arc<str>)>;

    /// Whether a user of another node has a nickname that looks like `nick`.
    fn looks_taken(&self, nick: &str) -> bool;

    /// How many users the other nodes have.
    fn remote_count(&self) -> usize;
}
