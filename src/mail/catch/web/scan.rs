//! Keeping the [`Index`] current with the Maildir: the full scan at start, the files the
//! catcher saves (sent here by its hook, added at once), and a rescan of `new/` and `cur/`
//! at most every [`RESCAN`] when either folder changed, which finds what anything else
//! put in, moved or removed.
//!
//! All of it runs on one thread of its own (file reads and parsing are blocking work),
//! which is the only writer besides the API's mark-read and delete. New files are read
//! ([`parse::HEAD`] bytes at most) outside the lock, on up to [`THREADS`] threads at start,
//! and in batches gathered for [`GATHER`] while the catcher saves.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::Read;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::broadcast;

use super::index::{Index, Loaded, flag, split_name};
use super::parse::{self, HEAD};
use super::state::Event;

/// How often the Maildir's folders are checked for changes made by others.
pub const RESCAN: Duration = Duration::from_secs(2);
/// The bound on notices from the catcher waiting to be indexed; past it a notice is
/// dropped and the next rescan finds the file.
pub const NOTICES: usize = 4096;
/// How long the indexing thread gathers the catcher's notices before it reads them.
pub const GATHER: Duration = Duration::from_millis(50);
/// Past this many messages in one batch the page gets one `changed` event, not a `new`
/// event each (it reloads its list either way).
const EVENTS_PER_BATCH: usize = 16;
/// The bound on threads reading messages for the first scan.
pub const THREADS: usize = 8;

/// A file in `new/` or `cur/`.
#[derive(Debug, Clone)]
pub struct Found {
    pub name: String,
    pub cur: bool,
}

impl Found {
    /// The ID and flags (with `CUR`) its name gives.
    fn id_flags(&self) -> (&str, u8) {
        let (id, flags) = split_name(&self.name);
        (id, if self.cur { flags | flag::CUR } else { flags })
    }
}

/// Every message file of the Maildir (dot files and folders skipped).
pub fn list(root: &Path) -> Vec<Found> {
    let mut all = Vec::new();
    for (sub, cur) in [("new", false), ("cur", true)] {
        let Ok(dir) = fs::read_dir(root.join(sub)) else { continue };
        for entry in dir.flatten() {
            let Ok(name) = entry.file_name().into_string() else { continue };
            if name.starts_with('.') || entry.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            all.push(Found { name, cur });
        }
    }
    all
}

/// Read one message's start and stat it; `None` when it is gone or unreadable.
pub fn load(root: &Path, found: &Found) -> Option<Loaded> {
    let sub = if found.cur { "cur" } else { "new" };
    let mut file = File::open(root.join(sub).join(&found.name)).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut head = Vec::with_capacity(meta.len().min(HEAD as u64) as usize);
    (&mut file).take(HEAD as u64).read_to_end(&mut head).ok()?;
    let created = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_millis() as i64);
    let (id, flags) = found.id_flags();
    let whole = meta.len() <= HEAD as u64;
    Some(Loaded {
        id: id.to_string(),
        flags,
        created,
        size: meta.len(),
        head: parse::head(&head, whole),
    })
}

/// Find message `id`'s file when it is not where its flags say (keywords in its name,
/// or moved by someone else): a look through `new/` and `cur/`.
pub fn locate(root: &Path, id: &str) -> Option<std::path::PathBuf> {
    list(root)
        .into_iter()
        .find(|f| split_name(&f.name).0 == id)
        .map(|f| root.join(if f.cur { "cur" } else { "new" }).join(f.name))
}

/// Load many files on a few threads, sorted oldest first (so that they append).
fn load_all(root: &Path, found: &[Found]) -> Vec<Loaded> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, THREADS);
    let chunk = found.len().div_ceil(threads).max(1);
    let mut loaded: Vec<Loaded> = std::thread::scope(|scope| {
        let workers: Vec<_> = found
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || part.iter().filter_map(|f| load(root, f)).collect::<Vec<_>>())
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_default()).collect()
    });
    loaded.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    loaded
}

/// Bring the index in line with the folders; returns whether anything changed.
pub fn rescan(index: &RwLock<Index>) -> bool {
    let root = index.read().map(|i| i.root().to_path_buf());
    let Ok(root) = root else { return false };
    let found = list(&root);
    let (fresh, moved, gone) = {
        let Ok(index) = index.read() else { return false };
        let mut seen = HashSet::with_capacity(found.len());
        let (mut fresh, mut moved) = (Vec::new(), Vec::new());
        for f in &found {
            let (id, flags) = f.id_flags();
            match index.find(id) {
                Some(slot) => {
                    seen.insert(slot);
                    if index.entry(slot).is_some_and(|e| e.flags != flags) {
                        moved.push((slot, flags));
                    }
                }
                None => fresh.push(f.clone()),
            }
        }
        let gone: Vec<u32> = index.newest_first().filter(|s| !seen.contains(s)).collect();
        (fresh, moved, gone)
    };
    let loaded = load_all(&root, &fresh);
    let Ok(mut index) = index.write() else { return false };
    let changed = !loaded.is_empty() || !moved.is_empty() || !gone.is_empty();
    index.remove_many(&gone);
    for (slot, flags) in moved {
        index.relocate(slot, flags);
    }
    for one in loaded {
        index.insert(one);
    }
    changed
}

/// The modification times of `new/` and `cur/`.
fn stamps(root: &Path) -> [Option<SystemTime>; 2] {
    ["new", "cur"].map(|sub| fs::metadata(root.join(sub)).and_then(|m| m.modified()).ok())
}

/// The indexing thread: takes the catcher's notices (paths relative to the Maildir, such
/// as `new/NAME`) and rescans when a folder changed; ends when the catcher is gone.
///
/// Notices are taken in batches: after the first, the thread sleeps [`GATHER`] and then
/// takes all that came meanwhile, under one write lock. While mail streams in, the
/// catcher's `try_send` then finds no sleeping receiver to wake (a futex call and two
/// context switches per message otherwise), and the page is told once per batch.
pub fn run(index: Arc<RwLock<Index>>, notices: Receiver<String>, events: broadcast::Sender<Event>) {
    let root = match index.read() {
        Ok(i) => i.root().to_path_buf(),
        Err(_) => return,
    };
    let mut last = (Instant::now(), stamps(&root));
    loop {
        match notices.recv_timeout(RESCAN) {
            Ok(first) => {
                std::thread::sleep(GATHER);
                let batch: Vec<String> =
                    std::iter::once(first).chain(notices.try_iter().take(NOTICES)).collect();
                index_batch(&root, &index, &events, batch);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        if last.0.elapsed() < RESCAN {
            continue;
        }
        let now = stamps(&root);
        // A folder changed, or changed so recently that a change in the same clock tick
        // could hide behind the same time stamp.
        let recent = now.iter().flatten().any(|t| t.elapsed().map_or(true, |e| e < RESCAN * 2));
        if (now != last.1 || recent) && rescan(&index) {
            let _ = events.send(Event::Changed);
        }
        last = (Instant::now(), now);
    }
}

/// Read and add the files the catcher saved; the page hears of each (a `new` event) when
/// the batch is small, or of one change when it is not.
fn index_batch(
    root: &Path,
    index: &RwLock<Index>,
    events: &broadcast::Sender<Event>,
    batch: Vec<String>,
) {
    let loaded: Vec<Loaded> = batch
        .iter()
        .filter_map(|relative| {
            let (sub, name) = relative.split_once('/').unwrap_or(("new", relative));
            load(root, &Found { name: name.to_string(), cur: sub == "cur" })
        })
        .collect();
    let ids: Vec<String> = loaded.iter().map(|one| one.id.clone()).collect();
    if let Ok(mut index) = index.write() {
        for one in loaded {
            index.insert(one);
        }
    }
    if ids.len() > EVENTS_PER_BATCH {
        let _ = events.send(Event::Changed);
        return;
    }
    for id in ids {
        let _ = events.send(Event::New(id));
    }
}

/// The catcher's side of the notices: a bounded queue that never blocks it.
pub fn notifier(sender: SyncSender<String>) -> impl Fn(&str) + Send + Sync {
    move |relative: &str| {
        let _ = sender.try_send(relative.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rescan_finds_new_moved_and_gone() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for sub in ["new", "cur", "tmp"] {
            fs::create_dir(root.join(sub)).unwrap();
        }
        let mail = |subject: &str| format!("From: a@x.test\r\nSubject: {subject}\r\n\r\nbody\r\n");
        fs::write(root.join("new/1.a.h"), mail("one")).unwrap();
        fs::write(root.join("cur/2.b.h:2,S"), mail("two")).unwrap();
        let index = RwLock::new(Index::new(root));
        assert!(rescan(&index));
        assert_eq!((index.read().unwrap().total(), index.read().unwrap().unread()), (2, 1));
        fs::rename(root.join("new/1.a.h"), root.join("cur/1.a.h:2,FS")).unwrap();
        fs::remove_file(root.join("cur/2.b.h:2,S")).unwrap();
        fs::write(root.join("new/3.c.h"), mail("three")).unwrap();
        assert!(rescan(&index));
        let index = index.read().unwrap();
        assert_eq!((index.total(), index.unread()), (2, 1));
        let one = index.entry(index.find("1.a.h").unwrap()).unwrap();
        assert_eq!(one.flags, flag::CUR | flag::F | flag::S);
        assert_eq!(one.subject(), "one");
        assert!(index.find("2.b.h").is_none() && index.find("3.c.h").is_some());
    }
}
