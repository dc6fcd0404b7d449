//! The task that keeps a node linked to the cluster (see `link.rs` for the connections):
//! it publishes what the room hands it (in order, pipelined), delivers what other nodes
//! publish, beats and renews the leases each third of `--lease`, buries nodes that missed
//! two heartbeats (so that their users leave within the lease, and their nicknames'
//! leases are freed at once), and when Redis goes away tells the users once, reconnects
//! with backoff, re-leases (the older lease wins; the younger user becomes NICK-NODE) and
//! re-announces. Nothing else in nt reconnects to Redis.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::inbound::{self, After};
use super::lease::{self, nick_key_of, renamed, unix_ms};
use super::link::{Commands, Connected, Settings, bounded, connect, ms};
use super::node::{Node, Out};
use super::roster::Remote;
use super::wire::{Kind, Payload};
use crate::chat::protocol::Event;
use crate::chat::server::bus::{Bus, Lease, Refusal};
use crate::chat::server::room::Room;
use crate::output::sanitize;

/// Reconnection waits double from this up to `MAX_BACKOFF` (with some jitter).
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// Leases renewed per pipelined round trip.
const RENEW_BATCH: usize = 1000;
/// Payloads published per pipelined round trip.
const PUBLISH_BATCH: usize = 512;
/// A heartbeat echo slower than this is logged (-v) as bus lag.
const LAG_LOGGED: Duration = Duration::from_millis(250);
/// At most this many leases are read when learning the other nodes' users.
const MAX_SCANNED: usize = 1_000_000;
/// Names tried for a user who lost its nickname to an older lease (`NICK-NODE`, ...).
const RENAME_TRIES: usize = 5;

/// The task that keeps the link, ready to run once the room exists.
pub struct Runner {
    settings: Settings,
    bus: Arc<Node>,
    outbox: mpsc::UnboundedReceiver<Out>,
    first: Option<Connected>,
    node_lease: Lease,
    /// When our last heartbeat was published, until its echo comes back.
    beat_sent: Option<Instant>,
}

impl Runner {
    pub(super) fn new(
        settings: Settings,
        bus: Arc<Node>,
        outbox: mpsc::UnboundedReceiver<Out>,
        first: Connected,
        node_lease: Lease,
    ) -> Runner {
        Runner { settings, bus, outbox, first: Some(first), node_lease, beat_sent: None }
    }
}

/// How long to wait before the `failures`th reconnection: doubling, capped, with jitter
/// (so that the nodes of a cluster do not all knock at once).
fn backoff(failures: u32) -> Duration {
    let base = FIRST_BACKOFF.saturating_mul(1 << failures.min(6)).min(MAX_BACKOFF);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    base.mul_f64(0.75 + f64::from(nanos % 500) / 1000.0)
}

impl Runner {
    /// Keep the link until the server ends.
    pub async fn run(mut self, room: Arc<Room>) {
        let mut failures = 0u32;
        let mut split = false;
        loop {
            let mut connected = match self.first.take() {
                Some(connected) => connected,
                None => match connect(&self.settings, &self.bus.name, &room.out).await {
                    Ok(connected) => connected,
                    Err(e) => {
                        room.out.debug(&format!("bus: {}", crate::error::one_line(&e)));
                        self.drain_for(backoff(failures)).await;
                        failures = failures.saturating_add(1);
                        continue;
                    }
                },
            };
            failures = 0;
            self.bus.set_link(Some(connected.link.clone()));
            if let Err(why) = self.rejoin(&room, &connected.link, split).await {
                room.out.debug(&format!("bus: rejoining failed: {why}"));
                self.lost(&room, connected, &mut split);
                continue;
            }
            if split {
                room.out.info(&format!("rejoined the cluster at {}", self.settings.url));
                let text = format!("the room is whole again: {} online", room.online());
                room.broadcast(&Event::Info { text }, None);
                split = false;
            }
            let why = self.serve(&room, &mut connected).await;
            room.out.warn(&format!(
                "lost the cluster's Redis ({why}): the room is split; serving this node's users \
                 and reconnecting"
            ));
            self.lost(&room, connected, &mut split);
        }
    }

    /// The link is down: forget the others, tell this node's users once.
    fn lost(&mut self, room: &Room, connected: Connected, split: &mut bool) {
        self.bus.set_link(None);
        connected.driver.abort();
        self.bus.roster().clear();
        self.beat_sent = None;
        if !*split {
            let text = format!(
                "the room is split: the other nodes cannot be reached; you see the {} users of \
                 this node until they can",
                room.online()
            );
            room.broadcast(&Event::Info { text }, None);
            *split = true;
        }
    }

    /// Wait, dropping what the room queued for the bus meanwhile (the users were told).
    async fn drain_for(&mut self, wait: Duration) {
        let until = tokio::time::Instant::now() + wait;
        loop {
            tokio::select! {
                () = tokio::time::sleep_until(until) => return,
                item = self.outbox.recv() => match item {
                    Some(item) => self.done(&item),
                    None => return,
                },
            }
        }
    }

    fn done(&self, item: &Out) {
        if let Out::Publish { payload, .. } = item {
            self.bus.queued.fetch_sub(payload.len(), Ordering::AcqRel);
        }
    }

    /// Deliver, publish, beat and renew until the link fails; why it failed.
    async fn serve(&mut self, room: &Room, connected: &mut Connected) -> String {
        let Connected { link, messages, driver } = connected;
        let third = (self.settings.lease / 3).max(Duration::from_millis(100));
        let mut beat = tokio::time::interval(third);
        let mut check = tokio::time::interval((third / 2).min(Duration::from_secs(1)));
        loop {
            tokio::select! {
                msg = messages.next() => {
                    let Some(msg) = msg else { return "the subscription ended".into() };
                    let after = inbound::deliver(room, &self.bus, msg.get_payload_bytes());
                    if let Err(why) = self.after(room, link, after).await {
                        return why;
                    }
                }
                item = self.outbox.recv() => {
                    let Some(item) = item else { return "the server is ending".into() };
                    if let Err(why) = self.flush(link, item).await {
                        return why;
                    }
                }
                _ = beat.tick() => {
                    if let Err(why) = self.beat(room, link).await {
                        return why;
                    }
                }
                _ = check.tick() => {
                    if let Some(sent) = self.beat_sent
                        && sent.elapsed() > self.settings.timeout
                    {
                        return "our heartbeat did not come back within --timeout".into();
                    }
                    let dead = inbound::bury(room, &self.bus);
                    if let Err(why) = self.free(link, dead).await {
                        return why;
                    }
                }
                _ = &mut *driver => return "the connection closed".into(),
            }
        }
    }

    /// Publish the queued payloads (and give back the released leases), in order, in one
    /// round trip per batch.
    async fn flush(&mut self, link: &Commands, first: Out) -> Result<(), String> {
        let mut pipe = redis::pipe();
        let mut bytes = 0;
        let mut item = Some(first);
        let mut count = 0;
        while let Some(next) = item.take() {
            match &next {
                Out::Publish { channel, payload } => {
                    bytes += payload.len();
                    pipe.cmd("PUBLISH").arg(channel).arg(payload).ignore();
                }
                Out::Release(lease) => {
                    pipe.cmd("EVALSHA").arg(&link.scripts.release).arg(1);
                    pipe.arg(&lease.key).arg(&lease.value).ignore();
                }
            }
            count += 1;
            if count < PUBLISH_BATCH {
                item = self.outbox.try_recv().ok();
            }
        }
        let sent =
            bounded(self.settings.timeout, pipe.query_async::<()>(&mut link.conn.clone())).await;
        self.bus.queued.fetch_sub(bytes, Ordering::AcqRel);
        if self.bus.queued.load(Ordering::Acquire) == 0 {
            self.bus.dropping.store(false, Ordering::Release);
        }
        sent.map_err(|e| format!("publishing failed: {e}"))
    }

    /// Act on what an inbound payload asked for.
    async fn after(&mut self, room: &Room, link: &Commands, after: After) -> Result<(), String> {
        match after {
            After::Nothing => {}
            After::OwnBeat => {
                if let Some(sent) = self.beat_sent.take() {
                    let lag = sent.elapsed();
                    if lag > LAG_LOGGED {
                        room.out.debug(&format!("bus lag: our heartbeat came back after {lag:?}"));
                    }
                }
            }
            After::Reannounce => self.announce(room),
            After::Recheck(lease) => self.renew(room, link, vec![lease]).await?,
            After::Learn(nick) => self.learn(room, link, &lease::lease_key(&nick)).await,
        }
        Ok(())
    }

    /// Ask Redis who holds a lease (by its key), and believe it (a -v log when it cannot
    /// be read: the next join or renewal tells again).
    async fn learn(&self, room: &Room, link: &Commands, key: &str) {
        let mut cmd = redis::cmd("GET");
        cmd.arg(key);
        let mut conn = link.conn.clone();
        match bounded(self.settings.timeout, cmd.query_async::<Option<String>>(&mut conn)).await {
            Ok(value) => {
                inbound::learned(room, &self.bus, value.as_deref().and_then(lease::holder))
            }
            Err(e) => room.out.debug(&format!("bus: reading a lease failed: {e}")),
        }
    }

    /// Free at once the leases the users of dead nodes held (only those still naming the
    /// dead node), so that their nicknames can be taken again without waiting out the
    /// lease.
    async fn free(
        &self,
        link: &Commands,
        dead: Vec<(Arc<str>, Vec<Remote>)>,
    ) -> Result<(), String> {
        let keys: Vec<(Arc<str>, String)> = dead
            .into_iter()
            .flat_map(|(node, users)| {
                users.into_iter().map(move |u| (node.clone(), lease::lease_key(&u.nick)))
            })
            .collect();
        for chunk in keys.chunks(RENEW_BATCH) {
            let mut pipe = redis::pipe();
            for (node, key) in chunk {
                pipe.cmd("EVALSHA").arg(&link.scripts.free).arg(1).arg(key).arg(&**node).ignore();
            }
            let mut conn = link.conn.clone();
            bounded(self.settings.timeout, pipe.query_async::<()>(&mut conn))
                .await
                .map_err(|e| format!("freeing the leases of a dead node failed: {e}"))?;
        }
        Ok(())
    }

    /// Join messages for every user of this node (`again`: the others may know them).
    fn announce(&self, room: &Room) {
        for (nick, _) in room.local() {
            let mut payload = Payload::new(&self.bus.name, Kind::Join).from(&nick);
            payload.again = true;
            self.bus.publish(&payload);
        }
    }

    /// The heartbeat: renew the node's name and every lease, then say we are alive (and
    /// time the echo).
    async fn beat(&mut self, room: &Room, link: &Commands) -> Result<(), String> {
        let mut leases: Vec<Lease> = room.local().into_iter().filter_map(|(_, l)| l).collect();
        leases.push(self.node_lease.clone());
        self.renew(room, link, leases).await?;
        let mut beat = Payload::new(&self.bus.name, Kind::Beat);
        beat.users = Some(room.local().len() as u64);
        beat.at = Some(unix_ms());
        let mut cmd = redis::cmd("PUBLISH");
        cmd.arg(lease::room_channel()).arg(beat.encode());
        let mut conn = link.conn.clone();
        let sent = bounded(self.settings.timeout, cmd.query_async::<i64>(&mut conn));
        sent.await.map_err(|e| format!("the heartbeat failed: {e}"))?;
        self.beat_sent.get_or_insert_with(Instant::now);
        Ok(())
    }

    /// Renew leases (or take them back after a split); a user whose lease an older one
    /// holds now is renamed. A lease renewed for a user who left or changed nickname
    /// meanwhile is given back at once.
    async fn renew(
        &mut self,
        room: &Room,
        link: &Commands,
        leases: Vec<Lease>,
    ) -> Result<(), String> {
        let ttl = ms(self.settings.lease);
        let mut lost = Vec::new();
        for chunk in leases.chunks(RENEW_BATCH) {
            let mut pipe = redis::pipe();
            for lease in chunk {
                pipe.cmd("EVALSHA").arg(&link.scripts.hold).arg(1);
                pipe.arg(&lease.key).arg(&lease.value).arg(ttl);
            }
            let mut conn = link.conn.clone();
            let query = pipe.query_async::<Vec<i64>>(&mut conn);
            let held = bounded(self.settings.timeout, query)
                .await
                .map_err(|e| format!("renewing the leases failed: {e}"))?;
            for (lease, held) in chunk.iter().zip(held) {
                if *lease == self.node_lease {
                    if held == 0 {
                        room.out
                            .warn(&format!("another node took this node's name {}", self.bus.name));
                    }
                } else if room.holder_of(nick_key_of(lease), lease).is_none() {
                    self.bus.release(lease.clone());
                } else if held == 0 {
                    lost.push(lease.clone());
                }
            }
        }
        for lease in lost {
            self.evict(room, &lease).await;
            // The older lease's holder is in the room now.
            self.learn(room, link, &lease.key).await;
        }
        Ok(())
    }

    /// An older lease has this user's nickname: rename it `NICK-NODE` (or kick it when no
    /// such name is free) and tell it why.
    async fn evict(&self, room: &Room, lease: &Lease) {
        let Some((id, nick)) = room.holder_of(nick_key_of(lease), lease) else { return };
        for n in 0..RENAME_TRIES {
            let new = renamed(&nick, &self.bus.name, n);
            match self.bus.take(&new, id).await {
                Ok(new_lease) => {
                    room.renamed(id, &nick, &new, Some(new_lease));
                    let text = format!(
                        "'{nick}' was also taken on another node while the room was split, \
                         and the older claim keeps it: you are now '{new}'"
                    );
                    if let Some(inbox) = room.inbox_of(&new) {
                        room.reply(&inbox, &Event::Info { text });
                    }
                    room.out.info(&format!(
                        "{} lost its nickname to an older lease: now {new}",
                        sanitize(&nick)
                    ));
                    return;
                }
                Err(Refusal::Taken) => {}
                // Redis is away again: the next renewal tries once more.
                Err(Refusal::Split) => return,
            }
        }
        room.kick(&nick, "your nickname is held by an older user on another node");
    }

    /// The link is up (again): learn the other nodes' users from their leases, take back
    /// this node's leases and, after a split, re-announce its users.
    async fn rejoin(&mut self, room: &Room, link: &Commands, split: bool) -> Result<(), String> {
        let found = self.scan(link).await?;
        let now = Instant::now();
        {
            let mut roster = self.bus.roster();
            for (node, nick) in found.iter().filter(|(node, _)| **node != *self.bus.name) {
                roster.add(crate::chat::nick::nick_key(nick), nick, node, now);
            }
        }
        if split {
            let mut leases: Vec<Lease> = room.local().into_iter().filter_map(|(_, l)| l).collect();
            leases.push(self.node_lease.clone());
            self.renew(room, link, leases).await?;
            self.announce(room);
        }
        Ok(())
    }

    /// Every lease in Redis, as (node, nickname); malformed ones are skipped.
    async fn scan(&self, link: &Commands) -> Result<Vec<(String, String)>, String> {
        let limit = self.settings.timeout;
        let mut conn = link.conn.clone();
        let mut found = Vec::new();
        let mut cursor: u64 = 0;
        loop {
            let mut cmd = redis::cmd("SCAN");
            cmd.arg(cursor).arg("MATCH").arg(lease::lease_pattern()).arg("COUNT").arg(1000);
            let (next, keys): (u64, Vec<Vec<u8>>) = bounded(limit, cmd.query_async(&mut conn))
                .await
                .map_err(|e| format!("reading the leases failed: {e}"))?;
            if !keys.is_empty() {
                let values: Vec<Option<Vec<u8>>> =
                    bounded(limit, redis::cmd("MGET").arg(&keys).query_async(&mut conn))
                        .await
                        .map_err(|e| format!("reading the leases failed: {e}"))?;
                for (key, value) in keys.iter().zip(values) {
                    let (Ok(key), Some(Ok(value))) =
                        (std::str::from_utf8(key), value.map(String::from_utf8))
                    else {
                        continue;
                    };
                    if let Some((node, nick)) = lease::holder(&value)
                        && lease::lease_key(nick) == key
                    {
                        found.push((node.to_string(), nick.to_string()));
                    }
                }
            }
            if next == 0 || found.len() >= MAX_SCANNED {
                return Ok(found);
            }
            cursor = next;
        }
    }
}
