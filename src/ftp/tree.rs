//! Recursive `get -r` and `put -r` over one control connection, and `mkdir -p`.
//!
//! A remote name is used locally only when it is one plain path component (no `/`, `..`,
//! or control characters): a hostile listing cannot write outside the target directory.
//! Depth is bounded, and symbolic links are not followed on either side.

use std::fs;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use serde::Serialize;

use super::listing::{Entry, EntryType};
use super::session::{Session, ftp_error};
use super::target::{join, safe_local_name};
use super::transfer::{Transfer, get_file, put_file, with_retries};
use crate::error::{Kind, Tag, fail};
use crate::output::{Output, sanitize};
use crate::progress;

const MAX_DEPTH: usize = 64;

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
}

impl Tree {
    fn new(op: &'static str, remote: &str, local: &Path) -> Tree {
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
        }
    }

    fn add(&mut self, t: Transfer, out: &Output) {
        t.say(out);
        self.files += 1;
        self.bytes += t.bytes;
        self.transfers.push(t);
    }

    fn finish(&mut self, started: Instant) {
        let elapsed = started.elapsed();
        self.seconds = elapsed.as_secs_f64();
        self.rate = progress::rate(self.bytes, elapsed);
    }
}

/// A directory listing: MLSD where offered, else LIST.
pub fn list(s: &mut Session, path: Option<&str>) -> anyhow::Result<Vec<Entry>> {
    let what = format!("cannot list {}", path.unwrap_or("the working directory"));
    let mut entries: Vec<Entry> = if s.has("MLSD") || s.has("MLST") {
        let lines = s.ftp.mlsd(path).map_err(|e| ftp_error(e, &what, Kind::Refused))?;
        lines.iter().filter_map(|l| super::listing::parse_mlsd(l)).collect()
    } else {
        let lines = s.ftp.list(path).map_err(|e| ftp_error(e, &what, Kind::Refused))?;
        lines.iter().filter_map(|l| super::listing::parse_list(l)).collect()
    };
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(entries)
}

/// Download the remote directory `remote` into the local directory `local` (created, or
/// merged into when it exists).
pub fn get_tree(
    s: &mut Session,
    remote: &str,
    local: &Path,
    resume: bool,
    retries: u32,
    out: &Output,
) -> anyhow::Result<Tree> {
    let started = Instant::now();
    let mut tree = Tree::new("get", remote, local);
    get_dir(s, remote, local, resume, retries, out, &mut tree, 0)?;
    tree.finish(started);
    Ok(tree)
}

#[allow(clippy::too_many_arguments)] // one recursion step carries the whole job
fn get_dir(
    s: &mut Session,
    remote: &str,
    local: &Path,
    resume: bool,
    retries: u32,
    out: &Output,
    tree: &mut Tree,
    depth: usize,
) -> anyhow::Result<()> {
    if depth > MAX_DEPTH {
        return Err(fail(
            Kind::Refused,
            format!("{remote}: directories nested deeper than {MAX_DEPTH}"),
        ));
    }
    let entries = list(s, Some(remote))?;
    fs::create_dir_all(local)
        .with_context(|| format!("cannot create directory {}", local.display()))
        .kind(Kind::LocalFile)?;
    tree.dirs += 1;
    for entry in entries {
        if !safe_local_name(&entry.name) {
            out.warn(&format!(
                "skipping unsafe name {:?} in {}",
                sanitize(&entry.name),
                sanitize(remote)
            ));
            continue;
        }
        let remote_path = join(remote, &entry.name);
        let local_path = local.join(&entry.name);
        match entry.kind {
            EntryType::Dir => {
                get_dir(s, &remote_path, &local_path, resume, retries, out, tree, depth + 1)?
            }
            EntryType::File => {
                let t = with_retries(s, retries, out, |s, again| {
                    get_file(s, &remote_path, &local_path, resume || again, out)
                })?;
                tree.add(t, out);
            }
            _ => {
                out.warn(&format!("skipping {} (not a file or directory)", sanitize(&remote_path)))
            }
        }
    }
    Ok(())
}

/// Upload the local directory `local` as the remote directory `remote` (created as needed).
pub fn put_tree(
    s: &mut Session,
    local: &Path,
    remote: &str,
    retries: u32,
    out: &Output,
) -> anyhow::Result<Tree> {
    let started = Instant::now();
    let mut tree = Tree::new("put", remote, local);
    mkdir_p(s, remote)?;
    put_dir(s, local, remote, retries, out, &mut tree, 0)?;
    tree.finish(started);
    Ok(tree)
}

fn put_dir(
    s: &mut Session,
    local: &Path,
    remote: &str,
    retries: u32,
    out: &Output,
    tree: &mut Tree,
    depth: usize,
) -> anyhow::Result<()> {
    if depth > MAX_DEPTH {
        return Err(fail(
            Kind::LocalFile,
            format!("{}: directories nested deeper than {MAX_DEPTH}", local.display()),
        ));
    }
    tree.dirs += 1;
    let mut children: Vec<_> = fs::read_dir(local)
        .with_context(|| format!("cannot read directory {}", local.display()))
        .kind(Kind::LocalFile)?
        .filter_map(Result::ok)
        .collect();
    children.sort_by_key(|e| e.file_name());
    for child in children {
        let path = child.path();
        let Some(name) = child.file_name().to_str().map(str::to_string) else {
            out.warn(&format!("skipping {} (name is not UTF-8)", path.display()));
            continue;
        };
        let kind = child.file_type().kind(Kind::LocalFile)?;
        let remote_path = join(remote, &name);
        if kind.is_dir() {
            make_dir(s, &remote_path)?;
            put_dir(s, &path, &remote_path, retries, out, tree, depth + 1)?;
        } else if kind.is_file() {
            let t = with_retries(s, retries, out, |s, again| {
                put_file(s, &path, &remote_path, again, out)
            })?;
            tree.add(t, out);
        } else {
            out.warn(&format!("skipping {} (not a regular file or directory)", path.display()));
        }
    }
    Ok(())
}

/// MKD, where an existing directory is fine.
fn make_dir(s: &mut Session, path: &str) -> anyhow::Result<()> {
    match s.ftp.mkdir(path) {
        Ok(()) => Ok(()),
        Err(e) => {
            if super::session::reply_code(&e).is_some() && s.dir_exists(path)? {
                return Ok(());
            }
            Err(ftp_error(e, format!("cannot create directory {path}"), Kind::Refused))
        }
    }
}

/// `mkdir -p`: every missing component of `path`, no error when it exists.
pub fn mkdir_p(s: &mut Session, path: &str) -> anyhow::Result<()> {
    let mut prefix = String::from(if path.starts_with('/') { "/" } else { "" });
    for part in path.split('/').filter(|p| !p.is_empty() && *p != ".") {
        prefix = join(&prefix, part);
        make_dir(s, &prefix)?;
    }
    Ok(())
}
