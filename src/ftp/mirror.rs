//! `nt ftp mirror SOURCE [TARGET]` (lftp `mirror`): make TARGET a copy of SOURCE, moving
//! only what is new or changed; `--reverse` uploads, `--delete` removes what the source no
//! longer has, `--parallel N` moves files over N connections (lftp `mirror -P N`).
//!
//! Both trees are scanned first (remote: MLSD where offered, else LIST; local: the file
//! system, symbolic links skipped); a failed scan stops the mirror before anything is
//! deleted. A file is copied when the target lacks it, its size differs, or its time
//! differs: downloaded files get the server's modification time (and uploads get the local
//! one with MFMT where the server has it), so an unchanged tree moves nothing the next time.
//! Where times cannot be kept equal (LIST's minute or day precision, no MFMT), a file is
//! copied when the source is newer. Every file keeps the `.part` guarantee of `get`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Instant, UNIX_EPOCH};

use anyhow::Context;
use serde::Serialize;

use super::batch::{Batch, Failure};
use super::control::Control;
use super::listing::EntryType;
use super::target::{basename, is_url, join, safe_local_name};
use super::transfer::{GetOpts, Transfer, get_file, put_file, with_retries};
use super::tree::{MAX_DEPTH, mkdir_p, remote_name};
use crate::error::{Kind, Tag, fail};
use crate::output::{Output, sanitize};
use crate::progress::{self, Bar};

/// How a mirror runs.
pub struct Opts {
    pub reverse: bool,
    pub delete: bool,
    pub parallel: usize,
    pub retries: u32,
}

/// A file in a scanned tree.
#[derive(Debug, Clone, Copy)]
struct Meta {
    size: u64,
    mtime: Option<i64>,
}

/// A scanned tree: files and directories by their path relative to the root (`a/b.txt`).
#[derive(Debug, Default)]
struct Side {
    files: BTreeMap<String, Meta>,
    dirs: BTreeSet<String>,
    /// Times are exact to the second (MLSD or a local file system).
    exact: bool,
}

/// The JSON summary of a mirror.
#[derive(Debug, Serialize)]
struct Mirrored {
    op: &'static str,
    source: String,
    target: String,
    reverse: bool,
    /// Files copied.
    files: usize,
    unchanged: usize,
    deleted: usize,
    dirs_created: usize,
    bytes: u64,
    seconds: f64,
    rate: f64,
    failed: Vec<Failure>,
}

/// The mirror's local side, checked before connecting.
pub fn check_local(source: &str, target: Option<&str>, reverse: bool) -> anyhow::Result<()> {
    if reverse {
        if !Path::new(source).is_dir() {
            return Err(fail(Kind::LocalFile, format!("no such directory: {source}")));
        }
        return Ok(());
    }
    match target {
        Some(t) if is_url(t) => Err(fail(
            Kind::Usage,
            format!("TARGET '{t}' is a URL: a mirror downloads into a local directory"),
        ))
        .hint("use --reverse to upload (mirror --reverse LOCAL REMOTE)"),
        Some(t) if Path::new(t).exists() && !Path::new(t).is_dir() => {
            Err(fail(Kind::LocalFile, format!("{t} is not a directory")))
        }
        _ => Ok(()),
    }
}

/// Run the mirror. `remote` is the remote root as located (URL path or plain path).
pub fn run(
    c: &mut Control,
    source: &str,
    target: Option<&str>,
    remote: Option<&str>,
    opts: &Opts,
    out: &Output,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let remote = remote.unwrap_or("").to_string();
    let local = match (opts.reverse, target) {
        (true, _) => PathBuf::from(source),
        (false, Some(t)) => PathBuf::from(t),
        (false, None) => PathBuf::from(basename(&remote).unwrap_or(".")),
    };
    let remote = match (opts.reverse, remote.is_empty()) {
        (true, true) => local.file_name().and_then(|n| n.to_str()).unwrap_or(".").to_string(),
        _ => remote,
    };
    let mut batch = Batch::default();
    let remote_side = scan_remote(c, &remote, !opts.reverse, &mut batch, out)?;
    let local_side = scan_local(&local, opts.reverse, &mut batch, out)?;
    let (src, dst) =
        if opts.reverse { (&local_side, &remote_side) } else { (&remote_side, &local_side) };
    let synced = if opts.reverse { c.has("MFMT") && dst.exact } else { src.exact };
    let plan = plan(src, dst, synced, opts.delete);
    let mut sum = Mirrored {
        op: "mirror",
        source: source.to_string(),
        target: target.map(str::to_string).unwrap_or_else(|| {
            if opts.reverse { remote.clone() } else { local.display().to_string() }
        }),
        reverse: opts.reverse,
        files: 0,
        unchanged: plan.unchanged,
        deleted: 0,
        dirs_created: 0,
        bytes: 0,
        seconds: 0.0,
        rate: 0.0,
        failed: Vec::new(),
    };
    let roots = Roots { remote: &remote, local: &local, reverse: opts.reverse };
    sum.dirs_created = make_dirs(c, &roots, &plan.dirs, &mut batch, out)?;
    let total: u64 = plan.copies.iter().map(|(_, m)| m.size).sum();
    let bar = progress::bytes(out, Some(total), "mirror");
    let done = copy_all(c, &roots, &plan.copies, opts, &bar, &mut batch, out);
    bar.finish_and_clear();
    for t in &done {
        sum.files += 1;
        sum.bytes += t.bytes;
    }
    if opts.delete {
        sum.deleted = delete(c, &roots, &plan, &mut batch, out)?;
    }
    let elapsed = started.elapsed();
    sum.seconds = elapsed.as_secs_f64();
    sum.rate = progress::rate(sum.bytes, elapsed);
    sum.failed = batch.failed.clone();
    if out.is_json() {
        out.json(&sum)?;
    } else {
        let moved = progress::summary("copied", sum.bytes, elapsed);
        out.info(&format!(
            "mirror: {} files {moved}; {} unchanged, {} deleted, {} directories created",
            sum.files, sum.unchanged, sum.deleted, sum.dirs_created
        ));
    }
    batch.finish("mirror")
}

/// Where the two roots are.
struct Roots<'a> {
    remote: &'a str,
    local: &'a Path,
    reverse: bool,
}

impl Roots<'_> {
    fn remote(&self, rel: &str) -> String {
        join(self.remote, rel)
    }

    fn local(&self, rel: &str) -> PathBuf {
        self.local.join(rel)
    }
}

/// What a mirror does.
struct Work {
    dirs: Vec<String>,
    copies: Vec<(String, Meta)>,
    unchanged: usize,
    delete_files: Vec<String>,
    delete_dirs: Vec<String>,
}

/// Whether a source file must be copied over the target's.
fn changed(src: Meta, dst: Meta, synced: bool) -> bool {
    if src.size != dst.size {
        return true;
    }
    match (src.mtime, dst.mtime) {
        (Some(s), Some(d)) if synced => (s - d).abs() > 1,
        (Some(s), Some(d)) => s > d + 1,
        _ => false,
    }
}

fn plan(src: &Side, dst: &Side, synced: bool, delete: bool) -> Work {
    let dirs = src.dirs.difference(&dst.dirs).cloned().collect();
    let mut copies = Vec::new();
    let mut unchanged = 0;
    for (path, meta) in &src.files {
        match dst.files.get(path) {
            Some(d) if !changed(*meta, *d, synced) => unchanged += 1,
            _ => copies.push((path.clone(), *meta)),
        }
    }
    let (mut delete_files, mut delete_dirs) = (Vec::new(), Vec::new());
    if delete {
        delete_files = dst.files.keys().filter(|p| !src.files.contains_key(*p)).cloned().collect();
        delete_dirs = dst.dirs.iter().rev().filter(|d| !src.dirs.contains(*d)).cloned().collect();
    }
    Work { dirs, copies, unchanged, delete_files, delete_dirs }
}

/// Scan the remote tree. A missing root is an empty tree when it is the target.
fn scan_remote(
    c: &mut Control,
    root: &str,
    is_source: bool,
    batch: &mut Batch,
    out: &Output,
) -> anyhow::Result<Side> {
    let mut side = Side { exact: c.has("MLSD") || c.has("MLST"), ..Side::default() };
    let mut queue = vec![(String::new(), 0usize)];
    while let Some((rel, depth)) = queue.pop() {
        let path = if rel.is_empty() { root.to_string() } else { join(root, &rel) };
        let listed = if path.is_empty() { c.list(None) } else { c.list(Some(&path)) };
        let entries = match listed {
            Ok(entries) => entries,
            Err(e) if rel.is_empty() && !is_source && !c.is_cut() && !c.dir_exists(root)? => {
                out.debug(&format!("{}: {}", sanitize(root), crate::error::one_line(&e)));
                return Ok(side);
            }
            Err(e) => return Err(e),
        };
        for entry in entries {
            let child = join(&rel, &entry.name);
            if !safe_local_name(&entry.name) {
                batch.skip(&join(root, &child), "not a safe local file name", Kind::LocalFile, out);
                continue;
            }
            match entry.kind {
                EntryType::Dir if depth < MAX_DEPTH => {
                    side.dirs.insert(child.clone());
                    queue.push((child, depth + 1));
                }
                EntryType::File => {
                    side.files
                        .insert(child, Meta { size: entry.size.unwrap_or(0), mtime: entry.mtime });
                }
                _ => {}
            }
        }
    }
    Ok(side)
}

/// Scan the local tree (missing: empty). Names that cannot go to the server are skipped
/// (noted when the local side is the source).
fn scan_local(
    root: &Path,
    is_source: bool,
    batch: &mut Batch,
    out: &Output,
) -> anyhow::Result<Side> {
    let mut side = Side { exact: true, ..Side::default() };
    if !root.exists() {
        return Ok(side);
    }
    let mut queue = vec![(String::new(), 0usize)];
    while let Some((rel, depth)) = queue.pop() {
        let dir = root.join(&rel);
        let read = fs::read_dir(&dir)
            .with_context(|| format!("cannot read directory {}", dir.display()))
            .kind(Kind::LocalFile)?;
        for child in read.filter_map(Result::ok) {
            let name = match remote_name(&child.file_name()) {
                Ok(name) => name.to_string(),
                Err(why) => {
                    if is_source {
                        batch.skip(&child.path().display().to_string(), why, Kind::LocalFile, out);
                    }
                    continue;
                }
            };
            let rel_child = join(&rel, &name);
            let Ok(meta) = child.metadata() else { continue };
            if meta.is_dir()
                && !child.file_type().is_ok_and(|t| t.is_symlink())
                && depth < MAX_DEPTH
            {
                side.dirs.insert(rel_child.clone());
                queue.push((rel_child, depth + 1));
            } else if meta.is_file() && !child.file_type().is_ok_and(|t| t.is_symlink()) {
                let mtime = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map(|d| d.as_secs() as i64);
                side.files.insert(rel_child, Meta { size: meta.len(), mtime });
            }
        }
    }
    Ok(side)
}

/// Create the target's missing directories (parents first).
fn make_dirs(
    c: &mut Control,
    roots: &Roots<'_>,
    dirs: &[String],
    batch: &mut Batch,
    out: &Output,
) -> anyhow::Result<usize> {
    if roots.reverse {
        mkdir_p(c, roots.remote)?;
    } else {
        fs::create_dir_all(roots.local)
            .with_context(|| format!("cannot create directory {}", roots.local.display()))
            .kind(Kind::LocalFile)?;
    }
    let mut made = 0;
    for rel in dirs {
        let ok = if roots.reverse {
            let path = roots.remote(rel);
            batch.step(c, &path, out, |c| c.make_dir(&path))?.is_some()
        } else {
            let path = roots.local(rel);
            match fs::create_dir_all(&path) {
                Ok(()) => true,
                Err(e) => {
                    batch.skip(&path.display().to_string(), &e.to_string(), Kind::LocalFile, out);
                    false
                }
            }
        };
        made += usize::from(ok);
    }
    Ok(made)
}

/// Copy every file over `opts.parallel` connections (this one and N-1 more).
fn copy_all(
    c: &mut Control,
    roots: &Roots<'_>,
    copies: &[(String, Meta)],
    opts: &Opts,
    bar: &Bar,
    batch: &mut Batch,
    out: &Output,
) -> Vec<Transfer> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let shared = Mutex::new((Vec::new(), Batch::default()));
    let workers = opts.parallel.clamp(1, copies.len().max(1));
    let plan = c.plan.clone();
    std::thread::scope(|s| {
        for _ in 1..workers {
            s.spawn(|| match Control::open(&plan, out) {
                Ok(mut own) => {
                    let (done, b) = worker(&mut own, roots, copies, &next, opts, bar, out);
                    own.quit();
                    merge(&shared, done, b);
                }
                Err(e) => out.warn(&format!(
                    "cannot open another connection: {}",
                    crate::error::one_line(&e)
                )),
            });
        }
        let (done, b) = worker(c, roots, copies, &next, opts, bar, out);
        merge(&shared, done, b);
    });
    let (done, b) = shared.into_inner().unwrap_or_default();
    batch.failed.extend(b.failed);
    done
}

fn merge(shared: &Mutex<(Vec<Transfer>, Batch)>, done: Vec<Transfer>, b: Batch) {
    if let Ok(mut all) = shared.lock() {
        all.0.extend(done);
        all.1.failed.extend(b.failed);
    }
}

/// Take files from the shared list until it is empty; stop early only when the
/// connection cannot be restored.
fn worker(
    c: &mut Control,
    roots: &Roots<'_>,
    copies: &[(String, Meta)],
    next: &std::sync::atomic::AtomicUsize,
    opts: &Opts,
    bar: &Bar,
    out: &Output,
) -> (Vec<Transfer>, Batch) {
    let mut done = Vec::new();
    let mut batch = Batch::default();
    loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some((rel, meta)) = copies.get(i) else { break };
        let (remote, local) = (roots.remote(rel), roots.local(rel));
        let shown = if roots.reverse { local.display().to_string() } else { remote.clone() };
        let one =
            OneCopy { remote: &remote, local: &local, meta: *meta, reverse: roots.reverse, bar };
        let copied = batch.step(c, &shown, out, |c| {
            with_retries(c, opts.retries, out, |c, again| one.run(c, again, out))
        });
        match copied {
            Ok(Some(t)) => {
                out.debug(&format!("{}: {} bytes", sanitize(&shown), t.bytes));
                done.push(t);
            }
            Ok(None) => {}
            Err(e) => {
                batch.note(&shown, &e, out);
                break;
            }
        }
    }
    (done, batch)
}

/// One file to copy: its two names, what the source says of it, and which way it goes.
struct OneCopy<'a> {
    remote: &'a str,
    local: &'a Path,
    meta: Meta,
    /// Upload (`--reverse`), else download.
    reverse: bool,
    /// The bar shared by the whole mirror.
    bar: &'a Bar,
}

impl OneCopy<'_> {
    /// Copy the file (`again`: resume a failed try), keeping the source's time.
    fn run(&self, c: &mut Control, again: bool, out: &Output) -> anyhow::Result<Transfer> {
        let (remote, local, meta) = (self.remote, self.local, self.meta);
        if self.reverse {
            let t = put_file(c, local, remote, again, Some(self.bar), out)?;
            if let Some(secs) = meta.mtime {
                c.set_modified(remote, secs)?;
            }
            return Ok(t);
        }
        let opts = GetOpts {
            resume: again,
            size: Some(meta.size),
            mtime: meta.mtime,
            bar: Some(self.bar),
            resume_with: None,
        };
        get_file(c, remote, local, &opts, out)
    }
}

/// Remove from the target what the source no longer has (files, then directories deepest
/// first).
fn delete(
    c: &mut Control,
    roots: &Roots<'_>,
    work: &Work,
    batch: &mut Batch,
    out: &Output,
) -> anyhow::Result<usize> {
    let mut deleted = 0;
    let files = work.delete_files.iter().map(|rel| (rel, false));
    for (rel, dir) in files.chain(work.delete_dirs.iter().map(|rel| (rel, true))) {
        let ok = if roots.reverse {
            let path = roots.remote(rel);
            let (cmd, what) = if dir { ("RMD", "remove directory") } else { ("DELE", "delete") };
            let (cmd, what) = (format!("{cmd} {path}"), format!("cannot {what} {path}"));
            batch.step(c, &path, out, |c| c.expect(&cmd, &what, Kind::Refused))?.is_some()
        } else {
            let path = roots.local(rel);
            let removed = if dir { fs::remove_dir(&path) } else { fs::remove_file(&path) };
            local_removed(removed, &path, batch, out)
        };
        deleted += usize::from(ok);
    }
    Ok(deleted)
}

fn local_removed(
    result: std::io::Result<()>,
    path: &Path,
    batch: &mut Batch,
    out: &Output,
) -> bool {
    match result {
        Ok(()) => {
            out.debug(&format!("deleted {}", path.display()));
            true
        }
        Err(e) => {
            batch.skip(&path.display().to_string(), &e.to_string(), Kind::LocalFile, out);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(size: u64, mtime: i64) -> Meta {
        Meta { size, mtime: Some(mtime) }
    }

    #[test]
    fn what_counts_as_changed() {
        assert!(changed(meta(1, 100), meta(2, 100), true));
        assert!(!changed(meta(1, 100), meta(1, 101), true));
        assert!(changed(meta(1, 100), meta(1, 90), true));
        assert!(!changed(meta(1, 90), meta(1, 100), false));
        assert!(changed(meta(1, 100), meta(1, 90), false));
        assert!(!changed(Meta { size: 1, mtime: None }, meta(1, 5), true));
    }

    #[test]
    fn plans_copy_create_and_delete() {
        let mut src = Side { exact: true, ..Side::default() };
        src.dirs.insert("a".into());
        src.files.insert("a/x".into(), meta(1, 1));
        src.files.insert("y".into(), meta(2, 2));
        let mut dst = Side { exact: true, ..Side::default() };
        dst.files.insert("y".into(), meta(2, 2));
        dst.files.insert("old".into(), meta(3, 3));
        dst.dirs.insert("gone".into());
        dst.dirs.insert("gone/deeper".into());
        let w = plan(&src, &dst, true, true);
        assert_eq!(w.dirs, ["a"]);
        assert_eq!(w.copies.len(), 1);
        assert_eq!(w.unchanged, 1);
        assert_eq!(w.delete_files, ["old"]);
        assert_eq!(w.delete_dirs, ["gone/deeper", "gone"]);
    }
}
