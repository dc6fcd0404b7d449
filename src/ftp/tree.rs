//! Recursive `get -r` and `put -r` over one control connection, and `mkdir -p`.
//!
//! A remote name is used locally only when it is one plain path component (no `/`, `..`,
//! or control characters): a hostile listing cannot write outside the target directory.
//! An entry that cannot be copied (an unsafe or too long name, a local name with a line
//! break or not in UTF-8, a refused file) is skipped with a warning; the rest goes on and
//! the command fails at the end naming what was skipped (`batch.rs`). Depth is bounded,
//! and symbolic links are not followed on either side.

use std::fs;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use serde::Serialize;

use super::batch::{Batch, Failure};
use super::control::Control;
use super::listing::EntryType;
use super::target::{check_path, join, safe_local_name};
use super::transfer::{GetOpts, Transfer, get_file, put_file, with_retries};
use crate::error::{Kind, Tag, fail};
use crate::output::{Output, sanitize};
use crate::progress;

pub const MAX_DEPTH: usize = 64;

/// The JSON summary of a recursive transfer.
#[derive(Debug, Serialize)]
pub struct Tree {
    pub op: &'static str,
    pub remote: String,
    pub local: String,
    pub files: usize,
    pub dirs: usize,
    pub bytes: u64,
    pub seconds: f64,
    pub rate: f64,
    pub transfers: Vec<Transfer>,
    /// What was skipped or failed (the command exits non-zero when this is not empty).
    pub failed: Vec<Failure>,
}

impl Tree {
    pub fn new(op: &'static str, remote: &str, local: &Path) -> Tree {
        Tree {
            op,
            remote: remote.to_string(),
            local: local.display().to_string(),
            files: 0,
            dirs: 0,
            bytes: 0,
            seconds: 0.0,
            rate: 0.0,
            transfers: Vec::new(),
            failed: Vec::new(),
        }
    }

    pub fn add(&mut self, t: Transfer, out: &Output) {
        t.say(out);
        self.files += 1;
        self.bytes += t.bytes;
        self.transfers.push(t);
    }

    pub fn finish(&mut self, started: Instant, batch: &Batch) {
        let elapsed = started.elapsed();
        self.seconds = elapsed.as_secs_f64();
        self.rate = progress::rate(self.bytes, elapsed);
        self.failed = batch.failed.clone();
    }
}

/// The end of a batch of files: the JSON document (under `--json`), then fine or an error
/// naming what was skipped.
pub fn conclude(tree: &Tree, batch: &Batch, what: &str, out: &Output) -> anyhow::Result<()> {
    if out.is_json() {
        out.json(tree)?;
    }
    batch.finish(what)
}

/// One recursive job: where it goes and how.
pub struct Job<'a> {
    pub resume: bool,
    pub retries: u32,
    pub out: &'a Output,
    /// The command that resumes the whole job (for the hint after a failure).
    pub resume_with: Option<String>,
}

/// Download the remote directory `remote` into the local directory `local` (created, or
/// merged into when it exists).
pub fn get_tree(
    c: &mut Control,
    remote: &str,
    local: &Path,
    job: &Job<'_>,
) -> anyhow::Result<(Tree, Batch)> {
    let started = Instant::now();
    let mut walk = Walk { job, tree: Tree::new("get", remote, local), batch: Batch::default() };
    let entries = c.list(Some(remote))?;
    walk.get_dir(c, remote, entries, local, 0)?;
    walk.tree.finish(started, &walk.batch);
    Ok((walk.tree, walk.batch))
}

/// Upload the local directory `local` as the remote directory `remote` (created as needed).
pub fn put_tree(
    c: &mut Control,
    local: &Path,
    remote: &str,
    job: &Job<'_>,
) -> anyhow::Result<(Tree, Batch)> {
    let started = Instant::now();
    let mut walk = Walk { job, tree: Tree::new("put", remote, local), batch: Batch::default() };
    mkdir_p(c, remote)?;
    walk.put_dir(c, local, remote, 0)?;
    walk.tree.finish(started, &walk.batch);
    Ok((walk.tree, walk.batch))
}

/// The name of a local directory entry as a remote name: UTF-8, no control characters.
pub fn remote_name(name: &std::ffi::OsStr) -> Result<&str, &'static str> {
    let name = name.to_str().ok_or("the name is not UTF-8")?;
    check_path(name).map_err(|_| "the name contains a line break or another control character")?;
    Ok(name)
}

/// One recursive transfer under way: the job, and what it has done so far.
struct Walk<'j, 'o> {
    job: &'j Job<'o>,
    tree: Tree,
    batch: Batch,
}

impl Walk<'_, '_> {
    /// Download one remote directory (listed as `entries`) into `local`, `depth` levels
    /// below the root.
    fn get_dir(
        &mut self,
        c: &mut Control,
        remote: &str,
        entries: Vec<super::listing::Entry>,
        local: &Path,
        depth: usize,
    ) -> anyhow::Result<()> {
        let (job, out) = (self.job, self.job.out);
        if let Err(e) = fs::create_dir_all(local)
            .with_context(|| format!("cannot create directory {}", local.display()))
            .kind(Kind::LocalFile)
        {
            self.batch.note(remote, &e, out);
            return Ok(());
        }
        self.tree.dirs += 1;
        for entry in entries {
            let remote_path = join(remote, &entry.name);
            if !safe_local_name(&entry.name) {
                self.batch.skip(&remote_path, "not a safe local file name", Kind::LocalFile, out);
                continue;
            }
            let local_path = local.join(&entry.name);
            match entry.kind {
                EntryType::Dir if depth >= MAX_DEPTH => {
                    let why = format!("directories nested deeper than {MAX_DEPTH}");
                    self.batch.skip(&remote_path, &why, Kind::Refused, out);
                }
                EntryType::Dir => {
                    let listed =
                        self.batch.step(c, &remote_path, out, |c| c.list(Some(&remote_path)))?;
                    if let Some(entries) = listed {
                        self.get_dir(c, &remote_path, entries, &local_path, depth + 1)?;
                    }
                }
                EntryType::File => {
                    let opts = GetOpts {
                        resume: job.resume,
                        size: entry.size,
                        resume_with: job.resume_with.clone(),
                        ..GetOpts::default()
                    };
                    let got = self.batch.step(c, &remote_path, out, |c| {
                        with_retries(c, job.retries, out, |c, again| {
                            let opts = GetOpts { resume: opts.resume || again, ..opts.clone() };
                            get_file(c, &remote_path, &local_path, &opts, out)
                        })
                    })?;
                    if let Some(t) = got {
                        self.tree.add(t, out);
                    }
                }
                _ => out.warn(&format!(
                    "skipping {} (not a file or directory)",
                    sanitize(&remote_path)
                )),
            }
        }
        Ok(())
    }

    /// Upload one local directory as `remote`, `depth` levels below the root.
    fn put_dir(
        &mut self,
        c: &mut Control,
        local: &Path,
        remote: &str,
        depth: usize,
    ) -> anyhow::Result<()> {
        let (job, out) = (self.job, self.job.out);
        self.tree.dirs += 1;
        let read = fs::read_dir(local)
            .with_context(|| format!("cannot read directory {}", local.display()))
            .kind(Kind::LocalFile);
        let mut children: Vec<_> = match read {
            Ok(dir) => dir.filter_map(Result::ok).collect(),
            Err(e) => {
                self.batch.note(&local.display().to_string(), &e, out);
                return Ok(());
            }
        };
        children.sort_by_key(|e| e.file_name());
        for child in children {
            let path = child.path();
            let shown = path.display().to_string();
            let name = match remote_name(&child.file_name()) {
                Ok(name) => name.to_string(),
                Err(why) => {
                    self.batch.skip(&shown, why, Kind::LocalFile, out);
                    continue;
                }
            };
            let Ok(kind) = child.file_type() else { continue };
            let remote_path = join(remote, &name);
            if kind.is_dir() && depth >= MAX_DEPTH {
                let why = format!("directories nested deeper than {MAX_DEPTH}");
                self.batch.skip(&shown, &why, Kind::LocalFile, out);
            } else if kind.is_dir() {
                if self.batch.step(c, &remote_path, out, |c| c.make_dir(&remote_path))?.is_some() {
                    self.put_dir(c, &path, &remote_path, depth + 1)?;
                }
            } else if kind.is_file() {
                let sent = self.batch.step(c, &shown, out, |c| {
                    with_retries(c, job.retries, out, |c, again| {
                        put_file(c, &path, &remote_path, again, None, out)
                    })
                })?;
                if let Some(t) = sent {
                    self.tree.add(t, out);
                }
            } else {
                out.warn(&format!(
                    "skipping {} (not a regular file or directory)",
                    sanitize(&shown)
                ));
            }
        }
        Ok(())
    }
}

/// `mkdir -p`: every missing component of `path`, no error when it exists.
pub fn mkdir_p(c: &mut Control, path: &str) -> anyhow::Result<()> {
    let mut prefix = String::from(if path.starts_with('/') { "/" } else { "" });
    for part in path.split('/').filter(|p| !p.is_empty() && *p != ".") {
        prefix = join(&prefix, part);
        c.make_dir(&prefix)?;
    }
    Ok(())
}

/// A local directory that must exist (the target of a pattern or a trailing `/`).
pub fn existing_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    Err(fail(Kind::LocalFile, format!("no such directory: {}", dir.display())))
}
