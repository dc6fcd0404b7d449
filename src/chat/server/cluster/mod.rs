//! `nt chat serve --cluster redis://...`: one room shared by every node on one Redis.
//!
//! Each node fans out to its own users exactly as a single server does (`log.rs`); the bus
//! only carries what crosses nodes. Broadcast lines, joins, leaves, nickname changes and
//! heartbeats go to the room channel; private lines go to the recipient's node channel.
//! Nicknames are unique across nodes by a lease in Redis per nickname skeleton (`lease.rs`),
//! renewed while the user is online and released when it leaves.
//!
//! - this file: [`start`], which joins the cluster;
//! - `node`: [`Node`], the room's `Bus` (publish, lease, who is where);
//! - `link`: the connections to Redis, and taking the node's name;
//! - `runner`: the one task that owns the link (reconnects with backoff, heartbeats,
//!   renewals, the split and the rejoin);
//! - `inbound`: what a payload from another node does to this node's users;
//! - `wire`: the payloads (JSON, checked as hostile); `lease`: keys, values, scripts;
//!   `roster`: the users of the other nodes; `bounded`: the bound on every Redis reply.
//!
//! Redis is reached through `net.rs` (its deadline, and for rediss:// its TLS policy with
//! `--cluster-pin`); the redis crate only speaks RESP over the stream it is handed, through
//! `bounded.rs`, which fails the link at a reply over its bound (one string over
//! `2 x --max-line + 1 KiB`, a reply over 16 MiB or 100,000 elements). Every Redis command
//! here is bounded by `--timeout`. Nothing here writes to a user's socket.
//!
//! Trust: Redis is the cluster's trust anchor. Whoever can publish on its channels or
//! write its keys speaks for the nodes: a node checks what it can (a payload's shape and
//! size, that it does not claim a nickname held by a user of this node or, as far as this
//! node knows, by another node; at most [`roster::MAX_NODES`] nodes and
//! [`roster::MAX_USERS`] remote users), but cannot tell a forged node from a real one.
//! Beyond loopback, use `rediss://` (with `--cluster-pin` or a trusted certificate) and a
//! Redis user whose ACL allows only the `nt:chat:*` keys and channels, given to the nodes
//! only.
//!
//! Why nt does the TLS handshake with Redis itself: the redis crate cannot take nt's rustls
//! configuration (the pin, nt's verifier), so it is handed the connected stream. The redis
//! crate never reconnects on its own here; `runner` does (0.1 s doubling to 5 s, ±25 %
//! jitter). Leases: `SET nt:chat:nick:SKELETON SINCE|NODE|MEMBER|NICK NX PX LEASE`, renewed
//! every third of `--lease`, released with a compare-and-delete script (only if the value is
//! still ours); `/nick` moves a lease in one script; after a split the re-lease script takes
//! a key back only from a younger lease (the value starts with the time it was taken).

mod bounded;
mod inbound;
mod lease;
mod link;
mod node;
mod roster;
mod runner;
pub mod wire;

use std::sync::Arc;

use tokio::sync::mpsc;

pub use link::Settings;
pub use node::Node;
pub use runner::Runner;

use crate::output::Output;

/// Join the cluster: connect (within `--timeout`), take the node's name, and return the
/// node (the room's bus) and the task to run beside it.
pub async fn start(settings: Settings, out: &Output) -> anyhow::Result<(Arc<Node>, Runner)> {
    let (connected, name, node_lease) = link::join(&settings, out).await?;
    let (tx, rx) = mpsc::unbounded_channel();
    let node = Arc::new(Node::new(&name, &settings, connected.link.clone(), tx, out));
    out.info(&format!("joined the cluster at {} as node {name}", settings.url));
    let runner = Runner::new(settings, node.clone(), rx, connected, node_lease);
    Ok((node, runner))
}
