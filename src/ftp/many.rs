//! Several files in one command: `get 'pub/*.png' [DIR]` (a pattern in the last component,
//! matched with globset against the remote listing) and `put A B C... [REMOTE]` (the
//! shell's expansion, or a quoted pattern expanded here), and `put -r`. Each file keeps the
//! `.part` and resume guarantees of a single transfer; one failure does not stop the rest
//! (`batch.rs`): the command fails at the end, naming what failed.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use globset::{GlobBuilder, GlobMatcher};

use super::batch::Batch;
use super::control::Control;
use super::listing::EntryType;
use super::target::{is_pattern, join, safe_local_name};
use super::transfer::{GetOpts, get_file, put_file, with_retries};
use super::tree::{self, Job, Tree, remote_name};
use crate::error::{Kind, Tag, fail, kind_of};
use crate::output::Output;

/// A pattern for one path component (`*` never matches a `/`).
fn matcher(pattern: &str) -> anyhow::Result<GlobMatcher> {
    let glob = GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| fail(Kind::Usage, format!("invalid pattern '{pattern}': {}", e.kind())))?;
    Ok(glob.compile_matcher())
}

/// `put`'s arguments: the local files, and REMOTE when there are two or more.
fn split(paths: &[PathBuf]) -> (&[PathBuf], Option<&PathBuf>) {
    match paths.split_last() {
        Some((last, rest)) if !rest.is_empty() => (rest, Some(last)),
        _ => (paths, None),
    }
}

/// A local path whose last component is a pattern and which does not exist as named.
fn local_pattern(path: &Path) -> Option<&str> {
    let name = path.file_name()?.to_str()?;
    (is_pattern(name) && fs::symlink_metadata(path).is_err()).then_some(name)
}

/// The regular files a local pattern matches, sorted.
fn expand(path: &Path, pattern: &str) -> anyhow::Result<Vec<PathBuf>> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let m = matcher(pattern)?;
    let read = fs::read_dir(dir).map_err(|e| {
        fail(Kind::LocalFile, format!("cannot read directory {}: {e}", dir.display()))
    })?;
    let mut found: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| e.file_name().to_str().is_some_and(|n| m.is_match(n)))
        .map(|e| {
            if path.parent().is_some_and(|p| !p.as_os_str().is_empty()) {
                e.path()
            } else {
                PathBuf::from(e.file_name())
            }
        })
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(fail(Kind::LocalFile, format!("no local file matches {}", path.display())));
    }
    Ok(found)
}

/// `put`'s local side, checked before connecting.
pub fn check_put(paths: &[PathBuf], recursive: bool) -> anyhow::Result<()> {
    let (locals, remote) = split(paths);
    if let Some(remote) = remote {
        if remote.to_str().is_none() {
            return Err(fail(Kind::Usage, format!("REMOTE {} is not UTF-8", remote.display())));
        }
        let is_file = fs::metadata(remote).is_ok_and(|m| m.is_file());
        if is_file && !remote.to_string_lossy().ends_with('/') && locals.len() > 1 {
            return Err(fail(
                Kind::Usage,
                format!("with several files the last argument is the remote directory, and {} is a local file", remote.display()),
            ))
            .hint("add the remote directory at the end (`.` for the working directory)");
        }
    }
    if recursive && locals.len() != 1 {
        return Err(fail(Kind::Usage, "put -r takes one local directory (and a REMOTE)"));
    }
    // With several files, one that cannot be sent does not stop the rest (`put` names it
    // at the end); the command fails here only when none of them can be sent.
    let (mut any_ok, mut first_error) = (false, None);
    for local in locals {
        match check_one(local, recursive) {
            Ok(()) => any_ok = true,
            Err(e) if kind_of(&e) == Kind::Usage => return Err(e),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) if !any_ok => Err(e),
        _ => Ok(()),
    }
}

/// One LOCAL of `put`: a pattern that matches, a file (a directory with -r).
fn check_one(local: &Path, recursive: bool) -> anyhow::Result<()> {
    if let Some(pattern) = local_pattern(local) {
        return expand(local, pattern).map(drop);
    }
    let meta = fs::metadata(local)
        .map_err(|e| fail(Kind::LocalFile, format!("cannot read {}: {e}", local.display())))?;
    if recursive && !meta.is_dir() {
        return Err(fail(Kind::Usage, format!("{} is not a directory (put -r)", local.display())));
    }
    if !recursive && meta.is_dir() {
        return Err(fail(Kind::LocalFile, format!("{} is a directory", local.display())))
            .hint("use put -r for a directory");
    }
    Ok(())
}

/// `put LOCAL... [REMOTE]` and `put -r DIR [REMOTE]`.
pub fn put(
    c: &mut Control,
    paths: Vec<PathBuf>,
    remote: Option<&str>,
    recursive: bool,
    retries: u32,
    out: &Output,
) -> anyhow::Result<()> {
    let (locals, _) = split(&paths);
    if recursive {
        let local = &locals[0];
        let remote = match remote {
            Some(r) if !r.is_empty() => r.to_string(),
            _ => {
                local.file_name().and_then(|n| n.to_str()).map(str::to_string).ok_or_else(|| {
                    fail(Kind::Usage, format!("{} has no UTF-8 name: give REMOTE", local.display()))
                })?
            }
        };
        let job = Job { resume: false, retries, out, resume_with: None };
        let (tree, batch) = tree::put_tree(c, local, &remote, &job)?;
        return tree::conclude(&tree, &batch, "put -r", out);
    }
    if let [local] = locals
        && local_pattern(local).is_none()
    {
        return put_one(c, local, remote, retries, out);
    }
    let dir = remote.unwrap_or("");
    if !dir.is_empty() {
        tree::mkdir_p(c, dir)?;
    }
    let started = Instant::now();
    let mut tree = Tree::new("put", dir, Path::new("."));
    let mut batch = Batch::default();
    let mut files = Vec::new();
    for local in locals {
        match local_pattern(local).map(|pattern| expand(local, pattern)) {
            Some(Ok(found)) => files.extend(found),
            Some(Err(e)) => batch.note(&local.display().to_string(), &e, out),
            None => files.push(local.clone()),
        }
    }
    for file in &files {
        let shown = file.display().to_string();
        if let Err(e) = check_one(file, false) {
            batch.note(&shown, &e, out);
            continue;
        }
        let name = match file.file_name().map(remote_name) {
            Some(Ok(name)) => name.to_string(),
            Some(Err(why)) => {
                batch.skip(&shown, why, Kind::LocalFile, out);
                continue;
            }
            None => continue,
        };
        let remote_path = join(dir, &name);
        let sent = batch.step(c, &shown, out, |c| {
            with_retries(c, retries, out, |c, again| {
                put_file(c, file, &remote_path, again, None, out)
            })
        })?;
        if let Some(t) = sent {
            tree.add(t, out);
        }
    }
    tree.finish(started, &batch);
    tree::conclude(&tree, &batch, "put", out)
}

/// `get 'DIR/PATTERN' [LOCALDIR]`: every remote file of DIR whose name matches.
pub fn get(
    c: &mut Control,
    remote: &str,
    local: Option<&Path>,
    resume: bool,
    retries: u32,
    out: &Output,
) -> anyhow::Result<()> {
    let (dir, pattern) = match remote.rsplit_once('/') {
        Some(("", p)) => (Some("/"), p),
        Some((d, p)) => (Some(d), p),
        None => (None, remote),
    };
    if dir.is_some_and(is_pattern) {
        return Err(fail(Kind::Usage, "a pattern may only be in the last component of REMOTE"));
    }
    let m = matcher(pattern)?;
    let local = local.unwrap_or(Path::new("."));
    if !local.is_dir() {
        return Err(fail(
            Kind::LocalFile,
            format!("{} is not a directory (needed for a pattern)", local.display()),
        ));
    }
    let entries = c.list(dir)?;
    let files: Vec<_> =
        entries.into_iter().filter(|e| e.kind == EntryType::File && m.is_match(&e.name)).collect();
    if files.is_empty() {
        return Err(fail(Kind::Refused, format!("no remote file matches '{remote}'")));
    }
    let started = Instant::now();
    let mut tree = Tree::new("get", remote, local);
    let mut batch = Batch::default();
    for entry in files {
        let remote_path = join(dir.unwrap_or(""), &entry.name);
        if !safe_local_name(&entry.name) {
            batch.skip(&remote_path, "not a safe local file name", Kind::LocalFile, out);
            continue;
        }
        let local_path = local.join(&entry.name);
        let opts = GetOpts {
            resume,
            size: entry.size,
            resume_with: Some(c.plan.resume_command(&remote_path, &local_path, false)),
            ..GetOpts::default()
        };
        let got = batch.step(c, &remote_path, out, |c| {
            with_retries(c, retries, out, |c, again| {
                let opts = GetOpts { resume: opts.resume || again, ..opts.clone() };
                get_file(c, &remote_path, &local_path, &opts, out)
            })
        })?;
        if let Some(t) = got {
            tree.add(t, out);
        }
    }
    tree.finish(started, &batch);
    tree::conclude(&tree, &batch, "get", out)
}

/// Upload one file under `remote` (its own name when `remote` is empty or a directory).
fn put_one(
    c: &mut Control,
    local: &Path,
    remote: Option<&str>,
    retries: u32,
    out: &Output,
) -> anyhow::Result<()> {
    let local_name = || {
        local.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
            fail(
                Kind::Usage,
                format!(
                    "{} has no UTF-8 file name: give the remote name in REMOTE",
                    local.display()
                ),
            )
        })
    };
    let remote = match remote {
        None | Some("") => local_name()?.to_string(),
        Some(r) if r.ends_with('/') => format!("{r}{}", local_name()?),
        Some(r) => r.to_string(),
    };
    let t =
        with_retries(c, retries, out, |c, again| put_file(c, local, &remote, again, None, out))?;
    if out.is_json() {
        return out.json(&t);
    }
    t.say(out);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_one_component() {
        let m = matcher("*.png").unwrap();
        assert!(m.is_match("a.png") && !m.is_match("a.jpg") && !m.is_match("d/a.png"));
        assert!(matcher("[").is_err());
        let paths: Vec<PathBuf> = ["a", "b", "dir/"].iter().map(PathBuf::from).collect();
        let (locals, remote) = split(&paths);
        assert_eq!((locals.len(), remote.map(|p| p.to_str())), (2, Some(Some("dir/"))));
        assert_eq!(split(&paths[..1]).1, None);
    }
}
