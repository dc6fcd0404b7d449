//! `nt chat serve --cluster redis://...`: one room shared by every node on one Redis.
//!
//! Each node fans out to its own users exactly as a single server does (`log.rs`); the bus
//! only carries what crosses nodes. Broadcast lines, joins, leaves, nickname changes and
//! heartbeats go to the room channel; private lines go to the recipient's node channel.
//! Nicknames are unique across nodes by a lease in Redis per nickname skeleton (`lease.rs`),
//! renewed while the user is online and released when it leaves.
//!
//! - this file: [`Bus`], what the room calls (publish, lease, who is where), and [`start`];
//! - `link`: the connections to Redis, and joining at start;
//! - `runner`: the one task that owns the link (reconnects with backoff, heartbeats,
//!   renewals, the split and the rejoin);
//! - `inbound`: what a payload from another node does to this node's users;
//! - `wire`: the payloads (JSON, checked as hostile); `lease`: keys, values, scripts;
//!   `roster`: the users of the other nodes.
//!
//! Redis is reached through `net.rs` (its deadline, and for rediss:// its TLS policy with
//! `--cluster-pin`); the redis crate only speaks RESP over the stream it is handed. Every
//! Redis command here is bounded by `--timeout`. Nothing here writes to a user's socket.
//!
//! Why nt does the TLS handshake with Redis itself: the redis crate cannot take nt's rustls
//! configuration (the pin, nt's verifier), so it is handed the connected stream. The redis
//! crate never reconnects on its own here; `runner` does (0.1 s doubling to 5 s, ±25 %
//! jitter). Leases: `SET nt:chat:nick:SKELETON SINCE|NODE|MEMBER|NICK NX PX LEASE`, renewed
//! every third of `--lease`, released with a compare-and-delete script (only if the value is
//! still ours); `/nick` moves a lease in one script; after a split the re-lease script takes
//! a key back only from a younger lease (the value starts with the time it was taken).

mod inbound;
mod lease;
mod link;
mod roster;
mod runner;
mod wire;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use redis::aio::MultiplexedConnection;
use tokio::sync::mpsc;

pub use lease::Lease;
pub use link::{Settings, start};
use roster::Roster;
pub use wire::{Kind, Payload};

use crate::output::Output;

/// Bytes of payloads waiting for Redis; past this, lines are dropped (and the lag logged).
const MAX_QUEUED: usize = 64 << 20;

/// What the link task sends to Redis, in order.
enum Out {
    Publish { channel: String, payload: Vec<u8> },
    Release(Lease),
}

/// Why a lease could not be had: someone holds it, or Redis cannot be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Taken,
    Split,
}

/// The command connection while the link is up, with the loaded scripts.
#[derive(Clone)]
struct Link {
    conn: MultiplexedConnection,
    scripts: Arc<link::Scripts>,
}

/// The node's side of the cluster, shared by the room, the connections and the link task.
pub struct Bus {
    pub node: Arc<str>,
    pub lease: Duration,
    timeout: Duration,
    max_text: usize,
    link: Mutex<Option<Link>>,
    outbox: mpsc::UnboundedSender<Out>,
    queued: AtomicUsize,
    dropping: AtomicBool,
    roster: Mutex<Roster>,
    out: Output,
}

/// Milliseconds since the Unix epoch (the age of a lease).
pub fn unix_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Bus {
    fn roster(&self) -> MutexGuard<'_, Roster> {
        // Every update is one map operation: a poisoned lock still holds a sound map.
        self.roster.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn current(&self) -> Option<Link> {
        self.link.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn set_link(&self, link: Option<Link>) {
        *self.link.lock().unwrap_or_else(|e| e.into_inner()) = link;
    }

    /// Whether the node is linked to the others now.
    pub fn linked(&self) -> bool {
        self.link.lock().unwrap_or_else(|e| e.into_inner()).is_some()
    }

    /// Send a payload to every node (dropped while the room is split: the users were told).
    pub fn publish(&self, payload: &Payload) {
        self.send(lease::room_channel(), payload);
    }

    /// Send a payload to one node.
    pub fn publish_to(&self, node: &str, payload: &Payload) {
        self.send(lease::node_channel(node), payload);
    }

    fn send(&self, channel: String, payload: &Payload) {
        if !self.linked() {
            return;
        }
        let payload = payload.encode();
        let size = payload.len();
        if self.queued.fetch_add(size, Ordering::AcqRel) + size > MAX_QUEUED {
            self.queued.fetch_sub(size, Ordering::AcqRel);
            if !self.dropping.swap(true, Ordering::AcqRel) {
                self.out
                    .warn("bus lag: Redis is not keeping up; lines for the other nodes dropped");
            }
            return;
        }
        if self.outbox.send(Out::Publish { channel, payload }).is_err() {
            self.queued.fetch_sub(size, Ordering::AcqRel);
        }
    }

    /// A new nickname's lease (`SET key value NX PX ttl`), within `--timeout`.
    pub async fn take(&self, nick: &str, member: u64) -> Result<Lease, Refusal> {
        let link = self.current().ok_or(Refusal::Split)?;
        let lease = Lease::new(unix_ms(), &self.node, member, nick);
        let mut cmd = redis::cmd("SET");
        cmd.arg(&lease.key).arg(&lease.value).arg("NX").arg("PX").arg(self.ttl_ms());
        let set: Option<String> = self.bounded(cmd.query_async(&mut link.conn.clone())).await?;
        set.map(|_| lease).ok_or(Refusal::Taken)
    }

    /// Move a lease to a new nickname in one step (a nickname change).
    pub async fn move_to(&self, old: &Lease, nick: &str, member: u64) -> Result<Lease, Refusal> {
        let link = self.current().ok_or(Refusal::Split)?;
        let new = Lease::new(unix_ms(), &self.node, member, nick);
        let mut cmd = redis::cmd("EVALSHA");
        cmd.arg(&link.scripts.moved).arg(2).arg(&old.key).arg(&new.key);
        cmd.arg(&old.value).arg(&new.value).arg(self.ttl_ms());
        let moved: i64 = self.bounded(cmd.query_async(&mut link.conn.clone())).await?;
        if moved == 1 { Ok(new) } else { Err(Refusal::Taken) }
    }

    /// Give a lease back (in order after the user's last lines).
    pub fn release(&self, lease: Lease) {
        if self.linked() {
            let _ = self.outbox.send(Out::Release(lease));
        }
    }

    async fn bounded<T>(
        &self,
        query: impl std::future::Future<Output = redis::RedisResult<T>>,
    ) -> Result<T, Refusal> {
        match tokio::time::timeout(self.timeout, query).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => {
                self.out.debug(&format!("bus: {e}"));
                Err(Refusal::Split)
            }
            Err(_) => {
                self.out.debug("bus: a lease command timed out");
                Err(Refusal::Split)
            }
        }
    }

    fn ttl_ms(&self) -> u64 {
        u64::try_from(self.lease.as_millis()).unwrap_or(u64::MAX)
    }

    /// The node of a user of another node, by nickname key.
    pub fn node_of(&self, key: &str) -> Option<Arc<str>> {
        self.roster().node_of(key)
    }

    /// The users of the other nodes: (nickname, node).
    pub fn remote_users(&self) -> Vec<(Arc<str>, Arc<str>)> {
        self.roster().users().map(|r| (r.nick.clone(), r.node.clone())).collect()
    }

    pub fn remote_count(&self) -> usize {
        self.roster().len()
    }
}
