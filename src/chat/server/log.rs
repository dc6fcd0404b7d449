//! The room's log: every line the server sends to users, stored once and read by every
//! user's writer through its own cursor.
//!
//! The log is a singly linked list of [`Entry`]s shared by reference count: appending is
//! O(1) whatever the number of users, a user's queue is only a pointer into the list (its
//! backlog is the bytes after its cursor), and an entry is freed when the slowest cursor
//! has passed it. So memory grows with the distinct lines in flight, not with lines x
//! users, and an idle user costs one pointer. Lines for one user (replies, private
//! messages) go through the same log with an [`Audience`], which keeps every user's lines
//! in the order the room produced them.
//!
//! This is the room's fan-out where the cluster bus plugs in: a node publishes what the room
//! appends here and appends what other nodes publish, so every user's queue works as alone.
//! Nothing here does I/O or knows the wire format beyond `Bytes`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use bytes::Bytes;
use tokio::sync::Notify;

/// Wake-up lists for broadcast lines (see `Log::grew`).
const SHARDS: usize = 16;

/// A user's number in the room (never reused while the server runs).
pub type MemberId = u64;

/// Who a line for one user is for, and how to wake that user's writer alone (a reply to
/// one user must not wake the writers of ten thousand others).
#[derive(Clone)]
pub struct Inbox {
    pub id: MemberId,
    wake: Arc<Notify>,
}

impl Inbox {
    pub fn new(id: MemberId) -> Inbox {
        Inbox { id, wake: Arc::new(Notify::new()) }
    }
}

/// Who an entry is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    All,
    /// Everyone except the sender (lines are never echoed).
    AllBut(MemberId),
    Only(MemberId),
}

impl Audience {
    fn includes(self, me: MemberId) -> bool {
        match self {
            Audience::All => true,
            Audience::AllBut(id) => id != me,
            Audience::Only(id) => id == me,
        }
    }
}

/// One line in the log.
pub struct Entry {
    /// The line as the wire carries it (with its LF); empty for a bare close.
    line: Bytes,
    to: Audience,
    /// The user's connection ends after this line, for this reason (`quit`, `kicked`).
    close: Option<&'static str>,
    /// Bytes in the log up to and including this entry.
    end: u64,
    next: OnceLock<Arc<Entry>>,
}

impl Drop for Entry {
    /// Free a long run of entries one by one: dropping them recursively could overflow
    /// the stack when a slow user's cursor held thousands.
    fn drop(&mut self) {
        let mut next = self.next.take();
        while let Some(entry) = next {
            next = match Arc::try_unwrap(entry) {
                Ok(mut entry) => entry.next.take(),
                Err(_) => None,
            };
        }
    }
}

/// The shared list and its tail.
pub struct Log {
    tail: Mutex<Arc<Entry>>,
    /// `end` of the tail, readable without the lock.
    end: AtomicU64,
    /// Woken (all waiters) whenever an entry for everyone is appended; sharded by user,
    /// so that hundreds of writers going back to sleep do not queue on one lock.
    grew: [Notify; SHARDS],
}

impl Log {
    pub fn new() -> Log {
        let start = Entry {
            line: Bytes::new(),
            to: Audience::All,
            close: None,
            end: 0,
            next: OnceLock::new(),
        };
        let grew = std::array::from_fn(|_| Notify::new());
        Log { tail: Mutex::new(Arc::new(start)), end: AtomicU64::new(0), grew }
    }

    fn tail(&self) -> std::sync::MutexGuard<'_, Arc<Entry>> {
        // Every update under this lock is one pointer swap: a poisoned lock is still sound.
        self.tail.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn push(&self, line: Bytes, to: Audience, close: Option<&'static str>) {
        let mut tail = self.tail();
        let end = tail.end + line.len() as u64;
        let entry = Arc::new(Entry { line, to, close, end, next: OnceLock::new() });
        // The tail is only ever replaced under the lock, so its `next` is still empty.
        let _ = tail.next.set(entry.clone());
        *tail = entry;
        self.end.store(end, Ordering::Release);
    }

    /// Append one line for everyone (but `skip`), and wake every waiting writer.
    pub fn append(&self, line: Bytes, skip: Option<MemberId>) {
        self.push(line, skip.map_or(Audience::All, Audience::AllBut), None);
        self.grew.iter().for_each(Notify::notify_waiters);
    }

    /// Append one line for one user, and wake that user's writer only; `close` ends its
    /// connection after the line.
    pub fn append_for(&self, line: Bytes, inbox: &Inbox, close: Option<&'static str>) {
        self.push(line, Audience::Only(inbox.id), close);
        // A stored permit if the writer is busy: it looks again before it waits.
        inbox.wake.notify_one();
    }

    /// A cursor at the end: the new reader sees what is appended from now on, starting
    /// with `first` (its welcome), appended for it alone under the same lock.
    pub fn subscribe(&self, me: MemberId, first: Vec<Bytes>) -> Cursor {
        let mut tail = self.tail();
        let at = tail.clone();
        let mut end = tail.end;
        for line in first {
            end += line.len() as u64;
            let entry = Arc::new(Entry {
                line,
                to: Audience::Only(me),
                close: None,
                end,
                next: OnceLock::new(),
            });
            let _ = tail.next.set(entry.clone());
            *tail = entry;
        }
        self.end.store(end, Ordering::Release);
        // Nobody else reads these lines, and the new writer looks before it waits.
        Cursor { at, me }
    }

    /// Bytes in the log after `cursor`: what that user has not taken yet.
    pub fn backlog(&self, cursor: &Cursor) -> u64 {
        self.end.load(Ordering::Acquire).saturating_sub(cursor.at.end)
    }

    /// Wait until something is appended after `cursor` (returns at once if it already
    /// was). No wake-up can be lost between the check and the wait.
    pub async fn wait(&self, cursor: &Cursor, inbox: &Inbox) {
        let notified = self.shard(cursor.me).notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        if cursor.at.next.get().is_none() {
            tokio::select! {
                () = notified => {}
                () = inbox.wake.notified() => {}
            }
        }
    }

    /// A future that ends at the next append (for a writer blocked on its socket, which
    /// then re-checks its backlog).
    pub fn grew(&self, cursor: &Cursor) -> tokio::sync::futures::Notified<'_> {
        self.shard(cursor.me).notified()
    }

    fn shard(&self, me: MemberId) -> &Notify {
        &self.grew[(me % SHARDS as u64) as usize]
    }
}

/// One user's place in the log.
pub struct Cursor {
    at: Arc<Entry>,
    me: MemberId,
}

/// Lines taken from the log for one write.
#[derive(Default)]
pub struct Batch {
    pub lines: Vec<Bytes>,
    /// The connection ends after these lines, for this reason.
    pub close: Option<&'static str>,
}

impl Cursor {
    /// Take up to `max_lines` lines (or about `max_bytes`) meant for this user, moving
    /// past the entries that are not; empty when nothing new is there.
    pub fn take(&mut self, max_lines: usize, max_bytes: usize) -> Batch {
        let mut batch = Batch::default();
        let mut bytes = 0;
        let mut at = &self.at;
        while batch.lines.len() < max_lines && bytes < max_bytes {
            let Some(next) = at.next.get() else { break };
            at = next;
            if at.to.includes(self.me) {
                if !at.line.is_empty() {
                    bytes += at.line.len();
                    batch.lines.push(at.line.clone());
                }
                if at.close.is_some() {
                    batch.close = at.close;
                    break;
                }
            }
        }
        self.at = at.clone();
        batch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(batch: &Batch) -> Vec<&[u8]> {
        batch.lines.iter().map(|b| b.as_ref()).collect()
    }

    #[test]
    fn audiences_and_order() {
        let log = Log::new();
        let mut a = log.subscribe(1, vec![Bytes::from_static(b"welcome a\n")]);
        let mut b = log.subscribe(2, Vec::new());
        log.append(Bytes::from_static(b"from a\n"), Some(1));
        log.append_for(Bytes::from_static(b"to b\n"), &Inbox::new(2), None);
        log.append(Bytes::from_static(b"all\n"), None);
        assert_eq!(log.backlog(&b), 16);
        assert_eq!(text(&a.take(64, 1 << 20)), [&b"welcome a\n"[..], b"all\n"]);
        assert_eq!(text(&b.take(2, 1 << 20)), [&b"from a\n"[..], b"to b\n"]);
        assert_eq!(text(&b.take(64, 1 << 20)), [&b"all\n"[..]]);
        assert_eq!(log.backlog(&b), 0);
        assert!(b.take(64, 1 << 20).lines.is_empty());
    }

    #[test]
    fn a_close_ends_the_batch() {
        let log = Log::new();
        let mut a = log.subscribe(1, Vec::new());
        log.append_for(Bytes::from_static(b"bye\n"), &Inbox::new(1), Some("quit"));
        log.append(Bytes::from_static(b"later\n"), None);
        let batch = a.take(64, 1 << 20);
        assert_eq!(text(&batch), [&b"bye\n"[..]]);
        assert_eq!(batch.close, Some("quit"));
    }

    #[test]
    fn a_long_run_of_entries_is_freed_without_recursion() {
        let log = Log::new();
        let slow = log.subscribe(1, Vec::new());
        for _ in 0..1_000_000 {
            log.append(Bytes::from_static(b"x\n"), None);
        }
        assert_eq!(log.backlog(&slow), 2_000_000);
        drop(slow);
        drop(log);
    }
}
