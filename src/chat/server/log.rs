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

/// Lines for one write, borrowed from the log: the cursor they were read from keeps
/// them alive, so a batch costs no reference count per line (with hundreds of writers
/// taking the same line at once on every core, those counts were half of the
/// server's own user time).
pub struct Batch<'a> {
    pub lines: Vec<&'a [u8]>,
    /// The connection ends after these lines, for this reason.
    pub close: Option<&'static str>,
    /// The last entry looked at: where the cursor goes once the lines are written.
    through: &'a Arc<Entry>,
}

/// Where a cursor goes after a batch (see [`Cursor::advance`]).
pub struct Mark(Arc<Entry>);

impl Batch<'_> {
    pub fn mark(&self) -> Mark {
        Mark(self.through.clone())
    }
}

impl Cursor {
    /// Up to `max_lines` lines (or about `max_bytes`) meant for this user, skipping the
    /// entries that are not; empty when nothing new is there. The cursor stays where it
    /// is until [`Cursor::advance`] moves it to the batch's mark.
    pub fn peek(&self, max_lines: usize, max_bytes: usize) -> Batch<'_> {
        let mut batch = Batch { lines: Vec::new(), close: None, through: &self.at };
        let mut bytes = 0;
        while batch.lines.len() < max_lines && bytes < max_bytes {
            let Some(next) = batch.through.next.get() else { break };
            batch.through = next;
            if next.to.includes(self.me) {
                if !next.line.is_empty() {
                    bytes += next.line.len();
                    batch.lines.push(&next.line);
                }
                if next.close.is_some() {
                    batch.close = next.close;
                    break;
                }
            }
        }
        batch
    }

    /// Move past a batch (its lines written).
    pub fn advance(&mut self, to: Mark) {
        self.at = to.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Take a batch as the writer does: peek, then advance past it.
    fn take(cursor: &mut Cursor, max_lines: usize) -> (Vec<Vec<u8>>, Option<&'static str>) {
        let batch = cursor.peek(max_lines, 1 << 20);
        let lines = batch.lines.iter().map(|line| line.to_vec()).collect();
        let (mark, close) = (batch.mark(), batch.close);
        cursor.advance(mark);
        (lines, close)
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
        let peeked = b.peek(64, 1 << 20).lines.len();
        assert_eq!((peeked, log.backlog(&b)), (3, 16), "peeking does not move the cursor");
        assert_eq!(take(&mut a, 64).0, [&b"welcome a\n"[..], b"all\n"]);
        assert_eq!(take(&mut b, 2).0, [&b"from a\n"[..], b"to b\n"]);
        assert_eq!(take(&mut b, 64).0, [&b"all\n"[..]]);
        assert_eq!(log.backlog(&b), 0);
        assert!(take(&mut b, 64).0.is_empty());
    }

    #[test]
    fn a_close_ends_the_batch() {
        let log = Log::new();
        let mut a = log.subscribe(1, Vec::new());
        log.append_for(Bytes::from_static(b"bye\n"), &Inbox::new(1), Some("quit"));
        log.append(Bytes::from_static(b"later\n"), None);
        assert_eq!(take(&mut a, 64), (vec![b"bye\n".to_vec()], Some("quit")));
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
