//! This node of the cluster: [`Node`], what the room's [`Bus`] calls (publish, lease, who
//! is where) made into payloads for the runner task to send, and the roster of the other
//! nodes' users that inbound payloads keep.
//!
//! Nothing here waits on Redis except the lease commands (within `--timeout`); nothing
//! here reads from Redis or touches a user's socket (`runner.rs`, `inbound.rs` do).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::mpsc;

use super::lease::{self, unix_ms};
use super::link::{Commands, Settings};
use super::roster::Roster;
use super::wire::{Kind, Payload};
use crate::chat::server::bus::{Bus, Lease, News, Refusal};
use crate::output::Output;

/// Bytes of payloads waiting for Redis; past this, lines are dropped (and the lag logged).
const MAX_QUEUED: usize = 64 << 20;

/// What the link task sends to Redis, in order.
pub(super) enum Out {
    Publish { channel: String, payload: Vec<u8> },
    Release(Lease),
}

/// This node's side of the cluster, shared by the room (as its [`Bus`]), the connections
/// and the link task.
pub struct Node {
    /// The node's name (`--node`).
    pub name: Arc<str>,
    pub lease: Duration,
    timeout: Duration,
    pub(super) max_text: usize,
    link: Mutex<Option<Commands>>,
    outbox: mpsc::UnboundedSender<Out>,
    pub(super) queued: AtomicUsize,
    pub(super) dropping: AtomicBool,
    roster: Mutex<Roster>,
    out: Output,
}

impl Node {
    /// A node named `name`, linked from the start (a user may log in before the runner
    /// task first runs); what it publishes goes to `outbox`, for the runner.
    pub(super) fn new(
        name: &str,
        settings: &Settings,
        link: Commands,
        outbox: mpsc::UnboundedSender<Out>,
        out: &Output,
    ) -> Node {
        Node {
            name: name.into(),
            lease: settings.lease,
            timeout: settings.timeout,
            max_text: settings.max_text,
            link: Mutex::new(Some(link)),
            outbox,
            queued: AtomicUsize::new(0),
            dropping: AtomicBool::new(false),
            roster: Mutex::new(Roster::default()),
            out: out.clone(),
        }
    }

    pub(super) fn roster(&self) -> MutexGuard<'_, Roster> {
        // Every update is one map operation: a poisoned lock still holds a sound map.
        self.roster.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn current(&self) -> Option<Commands> {
        self.link.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub(super) fn set_link(&self, link: Option<Commands>) {
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
}

#[async_trait::async_trait]
impl Bus for Node {
    fn node(&self) -> Arc<str> {
        self.name.clone()
    }

    fn tell_all(&self, news: News<'_>) {
        let payload = match news {
            News::Say { from, text } => Payload::new(&self.name, Kind::Say).from(from).text(text),
            News::Notice { text } => Payload::new(&self.name, Kind::Notice).text(text),
            News::Join { nick } => Payload::new(&self.name, Kind::Join).from(nick),
            News::Leave { nick, reason } => {
                Payload::new(&self.name, Kind::Leave).from(nick).text(reason)
            }
            News::Nick { old, new } => Payload::new(&self.name, Kind::Nick).from(old).to(new),
        };
        self.publish(&payload);
    }

    fn tell_node(&self, node: &str, from: &str, to: &str, text: &str) {
        self.publish_to(node, &Payload::new(&self.name, Kind::Msg).from(from).to(to).text(text));
    }

    /// A new nickname's lease (`SET key value NX PX ttl`), within `--timeout`.
    async fn take(&self, nick: &str, member: u64) -> Result<Lease, Refusal> {
        let link = self.current().ok_or(Refusal::Split)?;
        let lease = lease::new(unix_ms(), &self.name, member, nick);
        let mut cmd = redis::cmd("SET");
        cmd.arg(&lease.key).arg(&lease.value).arg("NX").arg("PX").arg(self.ttl_ms());
        let set: Option<String> = self.bounded(cmd.query_async(&mut link.conn.clone())).await?;
        set.map(|_| lease).ok_or(Refusal::Taken)
    }

    /// Move a lease to a new nickname in one step (a nickname change).
    async fn move_to(&self, old: &Lease, nick: &str, member: u64) -> Result<Lease, Refusal> {
        let link = self.current().ok_or(Refusal::Split)?;
        let new = lease::new(unix_ms(), &self.name, member, nick);
        let mut cmd = redis::cmd("EVALSHA");
        cmd.arg(&link.scripts.moved).arg(2).arg(&old.key).arg(&new.key);
        cmd.arg(&old.value).arg(&new.value).arg(self.ttl_ms());
        let moved: i64 = self.bounded(cmd.query_async(&mut link.conn.clone())).await?;
        if moved == 1 { Ok(new) } else { Err(Refusal::Taken) }
    }

    /// Give a lease back (in order after the user's last lines).
    fn release(&self, lease: Lease) {
        if self.linked() {
            let _ = self.outbox.send(Out::Release(lease));
        }
    }

    /// The node of a user of another node, by nickname key.
    fn node_of(&self, key: &str) -> Option<Arc<str>> {
        self.roster().node_of(key)
    }

    /// The users of the other nodes: (nickname, node).
    fn remote_users(&self) -> Vec<(Arc<str>, Arc<str>)> {
        self.roster().users().map(|r| (r.nick.clone(), r.node.clone())).collect()
    }

    /// Whether a user of another node has a nickname that looks like `nick` (by its look
    /// key, as far as this node knows; the nickname key itself is the lease's to decide).
    fn looks_taken(&self, nick: &str) -> bool {
        self.roster().looks_taken(nick)
    }

    /// How many users the other nodes have.
    fn remote_count(&self) -> usize {
        self.roster().len()
    }
}
