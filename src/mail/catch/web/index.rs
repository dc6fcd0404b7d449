//! The in-memory index of the Maildir that `nt mail catch --web` shows: per message its
//! ID, received time, size, flags, addresses, subject, Message-ID, attachment count and a
//! snippet, so that a listing page or a search never re-reads the files.
//!
//! The Maildir is the store, not this index: it is rebuilt at start and kept current by
//! the catcher (each saved file is added at once) and by a rescan of `new/` and `cur/`
//! ([`super::scan`]), so mail put there by anything else shows too. A message's ID is its
//! Maildir unique name (the file name without the `:2,FLAGS` info), stable across
//! restarts and moves from `new/` to `cur/`. Compact by design: the four texts of an entry
//! share one allocation, addresses are interned (a distinct address list is stored once
//! and never freed while the server runs), and IDs are found through a map of 64-bit
//! hashes. This module does no I/O except [`Index::path`]'s lookups on disk.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::parse::{Contact, Head, SNIPPET};
use crate::mail::maildir;

/// The bound on a subject or Message-ID kept in the index, in bytes (longer ones are cut).
pub const MAX_FIELD: usize = 998;

/// Flag bits of an entry: where its file is and the Maildir flags it carries.
pub mod flag {
    pub const CUR: u8 = 1;
    /// The file carries flags other than DFPRST (lowercase keywords): find it on disk.
    pub const ODD: u8 = 2;
    pub const D: u8 = 4;
    pub const F: u8 = 8;
    pub const P: u8 = 16;
    pub const R: u8 = 32;
    pub const S: u8 = 64;
    pub const T: u8 = 128;
    /// The standard flags in the order a Maildir name lists them.
    pub const LETTERS: [(u8, char); 6] =
        [(D, 'D'), (F, 'F'), (P, 'P'), (R, 'R'), (S, 'S'), (T, 'T')];
}

/// One message of the index.
#[derive(Debug)]
pub struct Entry {
    /// ID, subject, Message-ID and snippet, one after the other.
    text: Box<str>,
    cuts: [u16; 3],
    from: u32,
    to: u32,
    cc: u32,
    bcc: u32,
    reply_to: u32,
    /// Received, in milliseconds since 1970 (the file's modification time).
    pub created: i64,
    pub size: u64,
    pub attachments: u16,
    pub flags: u8,
}

impl Entry {
    pub fn id(&self) -> &str {
        &self.text[..self.cuts[0] as usize]
    }
    pub fn subject(&self) -> &str {
        &self.text[self.cuts[0] as usize..self.cuts[1] as usize]
    }
    pub fn message_id(&self) -> &str {
        &self.text[self.cuts[1] as usize..self.cuts[2] as usize]
    }
    pub fn snippet(&self) -> &str {
        &self.text[self.cuts[2] as usize..]
    }
    pub fn read(&self) -> bool {
        self.flags & flag::S != 0
    }
}

/// What the scanner found on disk for one message, ready to enter the index.
#[derive(Debug)]
pub struct Loaded {
    pub id: String,
    pub flags: u8,
    pub created: i64,
    pub size: u64,
    pub head: Head,
}

/// A message as mailpit lists it (`GET /api/v1/messages`).
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    #[serde(rename = "ID")]
    pub id: &'a str,
    #[serde(rename = "MessageID")]
    pub message_id: &'a str,
    #[serde(rename = "Read")]
    pub read: bool,
    #[serde(rename = "From")]
    pub from: Contact,
    #[serde(rename = "To")]
    pub to: Vec<Contact>,
    #[serde(rename = "Cc")]
    pub cc: Vec<Contact>,
    #[serde(rename = "Bcc")]
    pub bcc: Vec<Contact>,
    #[serde(rename = "ReplyTo")]
    pub reply_to: Vec<Contact>,
    #[serde(rename = "Subject")]
    pub subject: &'a str,
    #[serde(rename = "Created")]
    pub created: String,
    #[serde(rename = "Tags")]
    pub tags: [&'a str; 0],
    #[serde(rename = "Size")]
    pub size: u64,
    #[serde(rename = "Attachments")]
    pub attachments: u16,
    #[serde(rename = "Snippet")]
    pub snippet: &'a str,
}

/// Address lists stored once each: `NAME\x1fADDRESS` items joined by `\x1e`; 0 is empty.
#[derive(Debug, Default)]
struct Interner {
    all: Vec<Arc<str>>,
    ids: HashMap<Arc<str>, u32>,
}

impl Interner {
    fn put(&mut self, contacts: &[Contact]) -> u32 {
        if self.all.is_empty() {
            let empty: Arc<str> = Arc::from("");
            self.ids.insert(empty.clone(), 0);
            self.all.push(empty);
        }
        let text: String = contacts
            .iter()
            .map(|c| format!("{}\x1f{}", c.name.replace(['\x1e', '\x1f'], " "), c.address))
            .collect::<Vec<_>>()
            .join("\x1e");
        if let Some(id) = self.ids.get(text.as_str()) {
            return *id;
        }
        let text: Arc<str> = Arc::from(text);
        let id = self.all.len() as u32;
        self.ids.insert(text.clone(), id);
        self.all.push(text);
        id
    }

    fn get(&self, id: u32) -> &str {
        self.all.get(id as usize).map(|s| &**s).unwrap_or_default()
    }

    fn contacts(&self, id: u32) -> Vec<Contact> {
        let text = self.get(id);
        if text.is_empty() {
            return Vec::new();
        }
        text.split('\x1e')
            .map(|item| {
                let (name, address) = item.split_once('\x1f').unwrap_or(("", item));
                Contact { name: name.into(), address: address.into() }
            })
            .collect()
    }

    fn bytes(&self) -> usize {
        let texts: usize = self.all.iter().map(|s| s.len() + 16).sum();
        texts + self.all.capacity() * 16 + self.ids.capacity() * 24
    }
}

/// The index: entries in slots, their order by received time, a map from ID hash to slot.
#[derive(Debug)]
pub struct Index {
    root: PathBuf,
    slots: Vec<Option<Entry>>,
    free: Vec<u32>,
    /// Slots sorted oldest first (by received time, then ID).
    order: Vec<u32>,
    by_hash: HashMap<u64, u32>,
    /// Slots whose ID hash is taken by another ID (rare): searched one by one.
    spill: Vec<u32>,
    strings: Interner,
    unread: usize,
}

fn hash(id: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// The first `max` bytes of `text`, cut on a character boundary.
fn cut(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl Index {
    pub fn new(root: &Path) -> Index {
        Index {
            root: root.to_path_buf(),
            slots: Vec::new(),
            free: Vec::new(),
            order: Vec::new(),
            by_hash: HashMap::new(),
            spill: Vec::new(),
            strings: Interner::default(),
            unread: 0,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn total(&self) -> usize {
        self.order.len()
    }

    pub fn unread(&self) -> usize {
        self.unread
    }

    /// The slot of message `id`.
    pub fn find(&self, id: &str) -> Option<u32> {
        let is = |slot: &u32| self.entry(*slot).is_some_and(|e| e.id() == id);
        match self.by_hash.get(&hash(id)) {
            Some(slot) if is(slot) => Some(*slot),
            _ => self.spill.iter().copied().find(|s| is(s)),
        }
    }

    pub fn entry(&self, slot: u32) -> Option<&Entry> {
        self.slots.get(slot as usize).and_then(Option::as_ref)
    }

    /// Add a message (or replace the one with the same ID); returns its slot.
    pub fn insert(&mut self, loaded: Loaded) -> u32 {
        if let Some(slot) = self.find(&loaded.id) {
            self.remove(slot);
        }
        let head = &loaded.head;
        let parts = [
            cut(&loaded.id, 4096),
            cut(&head.subject, MAX_FIELD),
            cut(&head.message_id, MAX_FIELD),
            cut(&head.snippet, SNIPPET),
        ];
        let mut cuts = [0u16; 3];
        let mut len = 0;
        for (i, part) in parts[..3].iter().enumerate() {
            len += part.len();
            cuts[i] = len as u16;
        }
        let entry = Entry {
            text: parts.concat().into_boxed_str(),
            cuts,
            from: self.strings.put(head.from.as_slice()),
            to: self.strings.put(&head.to),
            cc: self.strings.put(&head.cc),
            bcc: self.strings.put(&head.bcc),
            reply_to: self.strings.put(&head.reply_to),
            created: loaded.created,
            size: loaded.size,
            attachments: head.attachments,
            flags: loaded.flags,
        };
        if !entry.read() {
            self.unread += 1;
        }
        let key = (entry.created, hash(entry.id()));
        let at = self
            .order
            .partition_point(|s| self.entry(*s).map(|e| (e.created, hash(e.id()))) < Some(key));
        let h = hash(entry.id());
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot as usize] = Some(entry);
                slot
            }
            None => {
                self.slots.push(Some(entry));
                (self.slots.len() - 1) as u32
            }
        };
        self.order.insert(at, slot);
        match self.by_hash.entry(h) {
            std::collections::hash_map::Entry::Occupied(_) => self.spill.push(slot),
            std::collections::hash_map::Entry::Vacant(free) => {
                free.insert(slot);
            }
        }
        slot
    }

    /// Forget the message in `slot`.
    pub fn remove(&mut self, slot: u32) -> Option<Entry> {
        let entry = self.take(slot)?;
        if let Some(i) = self.order.iter().rposition(|s| *s == slot) {
            self.order.remove(i);
        }
        Some(entry)
    }

    /// Forget many messages at once (one pass over the order, not one per message).
    pub fn remove_many(&mut self, slots: &[u32]) -> usize {
        let removed = slots.iter().filter(|s| self.take(**s).is_some()).count();
        let slots = &self.slots;
        self.order.retain(|s| slots.get(*s as usize).is_some_and(Option::is_some));
        removed
    }

    /// Take the entry out of its slot and the ID map (not out of the order).
    fn take(&mut self, slot: u32) -> Option<Entry> {
        let entry = self.slots.get_mut(slot as usize)?.take()?;
        if !entry.read() {
            self.unread = self.unread.saturating_sub(1);
        }
        let h = hash(entry.id());
        if self.by_hash.get(&h) == Some(&slot) {
            self.by_hash.remove(&h);
            // A spilled entry with the same hash takes the map's place.
            if let Some(i) =
                self.spill.iter().position(|s| self.entry(*s).is_some_and(|e| hash(e.id()) == h))
            {
                let other = self.spill.swap_remove(i);
                self.by_hash.insert(h, other);
            }
        } else {
            self.spill.retain(|s| *s != slot);
        }
        self.free.push(slot);
        Some(entry)
    }

    /// Say where the message's file is now (`new/` or `cur/`, and its flags).
    pub fn relocate(&mut self, slot: u32, flags: u8) {
        let Some(Some(entry)) = self.slots.get_mut(slot as usize) else { return };
        let was_read = entry.read();
        entry.flags = flags;
        match (was_read, entry.read()) {
            (false, true) => self.unread = self.unread.saturating_sub(1),
            (true, false) => self.unread += 1,
            _ => {}
        }
    }

    /// Slots, newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = u32> + '_ {
        self.order.iter().rev().copied()
    }

    /// The From and To addresses and names of an entry, as stored (for search).
    pub fn addresses(&self, entry: &Entry) -> (&str, &str, &str) {
        (self.strings.get(entry.from), self.strings.get(entry.to), self.strings.get(entry.cc))
    }

    pub fn summary<'a>(&'a self, entry: &'a Entry) -> Summary<'a> {
        Summary {
            id: entry.id(),
            message_id: entry.message_id(),
            read: entry.read(),
            from: self.strings.contacts(entry.from).into_iter().next().unwrap_or_default(),
            to: self.strings.contacts(entry.to),
            cc: self.strings.contacts(entry.cc),
            bcc: self.strings.contacts(entry.bcc),
            reply_to: self.strings.contacts(entry.reply_to),
            subject: entry.subject(),
            created: rfc3339(entry.created),
            tags: [],
            size: entry.size,
            attachments: entry.attachments,
            snippet: entry.snippet(),
        }
    }

    /// Where the message's file should be, from its flags (`new/ID`, `cur/ID:2,FLAGS`).
    pub fn path(&self, entry: &Entry) -> PathBuf {
        if entry.flags & flag::CUR == 0 {
            return self.root.join("new").join(entry.id());
        }
        self.root.join("cur").join(format!("{}{}", entry.id(), info(entry.flags)))
    }

    /// Memory the index holds, in bytes (allocations counted by their requested size).
    pub fn bytes(&self) -> usize {
        let texts: usize = self.slots.iter().flatten().map(|e| e.text.len()).sum();
        self.slots.capacity() * std::mem::size_of::<Option<Entry>>()
            + texts
            + self.order.capacity() * 4
            + self.free.capacity() * 4
            + self.by_hash.capacity() * 16
            + self.spill.capacity() * 4
            + self.strings.bytes()
    }
}

/// The Maildir info of `flags`: [`maildir::INFO`] (`:2,`, `;2,` on Windows) and the letters.
pub fn info(flags: u8) -> String {
    let mut text = String::from(maildir::INFO);
    for (bit, letter) in flag::LETTERS {
        if flags & bit != 0 {
            text.push(letter);
        }
    }
    text
}

/// Split a Maildir file name into its ID and flags (`CUR` not set here).
pub fn split_name(name: &str) -> (&str, u8) {
    let (id, Some(letters)) = maildir::split_info(name) else {
        return (name, 0);
    };
    let mut flags = 0;
    for c in letters.chars() {
        match flag::LETTERS.iter().find(|(_, l)| *l == c) {
            Some((bit, _)) => flags |= bit,
            None => flags |= flag::ODD,
        }
    }
    (id, flags)
}

/// Milliseconds since 1970 as mailpit writes `Created` (`2026-12-07T03:00:00.123Z`).
pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(id: &str, created: i64, subject: &str) -> Loaded {
        let head = Head {
            subject: subject.into(),
            from: Some(Contact { name: "Me".into(), address: "me@x.test".into() }),
            to: vec![Contact { name: String::new(), address: "a@y.test".into() }],
            ..Head::default()
        };
        Loaded { id: id.into(), flags: 0, created, size: 10, head }
    }

    #[test]
    fn insert_order_find_remove() {
        let mut index = Index::new(Path::new("/m"));
        index.insert(loaded("b", 2, "second"));
        index.insert(loaded("a", 1, "first"));
        index.insert(loaded("c", 3, "third"));
        let subjects: Vec<&str> =
            index.newest_first().map(|s| index.entry(s).unwrap().subject()).collect();
        assert_eq!(subjects, ["third", "second", "first"]);
        assert_eq!(index.unread(), 3);
        let slot = index.find("b").unwrap();
        index.relocate(slot, flag::CUR | flag::S);
        assert_eq!(index.unread(), 2);
        let entry = index.entry(slot).unwrap();
        assert_eq!(index.path(entry), Path::new("/m/cur").join(format!("b{}", info(flag::S))));
        let summary = index.summary(entry);
        assert_eq!((summary.from.address.as_str(), summary.to.len()), ("me@x.test", 1));
        index.remove(slot);
        assert_eq!((index.total(), index.find("b")), (2, None));
        assert!(index.find("a").is_some() && index.find("c").is_some());
        // The same ID again replaces the entry.
        index.insert(loaded("a", 5, "again"));
        assert_eq!(index.total(), 2);
        assert_eq!(index.entry(index.newest_first().next().unwrap()).unwrap().subject(), "again");
    }

    #[test]
    fn names_and_flags() {
        assert_eq!(split_name("1.M2P3.h,S=5:2,FS"), ("1.M2P3.h,S=5", flag::F | flag::S));
        assert_eq!(split_name("1.M2P3.h,S=5"), ("1.M2P3.h,S=5", 0));
        assert_eq!(split_name("x:2,Sa").1, flag::S | flag::ODD);
        assert_eq!(rfc3339(1_000), "1970-01-01T00:00:01.000Z");
    }
}
