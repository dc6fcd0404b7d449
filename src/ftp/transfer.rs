//! Moving bytes: get (into `NAME.part`, renamed when complete), put (checked with SIZE),
//! cat, resume with REST, `--limit-rate`, retries, and what Ctrl-C tidies.
//!
//! Ctrl-C keeps its default action (`signal.rs`): nt dies at once, whatever it waits on.
//! A running transfer is registered here, and the one `on_interrupt` hook clears the
//! progress bars, removes a `.part` that received nothing (one with data stays for
//! `--continue`) and reports what was stopped, with the command that resumes it. An
//! upload's data connection resets when nt dies (`data.rs`), so the server cannot take
//! half a file for all of it. A download never leaves a file under its final name unless
//! it completed.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant, UNIX_EPOCH};

use anyhow::Context;
use serde::Serialize;

use super::control::Control;
use super::data::Data;
use super::local::Dest;
use super::pace::{Stop, pump};
use crate::error::{Hint, Kind, Tag, fail, kind_of, one_line};
use crate::output::{Output, sanitize};
use crate::progress::{self, Bar};

// ----- Ctrl-C ------------------------------------------------------------------------------

/// A transfer that Ctrl-C would stop.
struct Inflight {
    id: u64,
    what: String,
    /// The `.part` being written, and whether it existed before (then it is kept).
    part: Option<(PathBuf, bool)>,
    hint: Option<String>,
    bar: Bar,
}

static INFLIGHT: Mutex<Vec<Inflight>> = Mutex::new(Vec::new());
static NEXT_ID: AtomicU64 = AtomicU64::new(0);
static HOOK: Once = Once::new();

/// Unregisters a transfer when it ends, however it ends.
pub(super) struct Registered(u64);

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut all) = INFLIGHT.lock() {
            all.retain(|t| t.id != self.0);
        }
    }
}

pub(super) fn register(
    out: &Output,
    what: String,
    part: Option<(PathBuf, bool)>,
    hint: Option<String>,
    bar: &Bar,
) -> Registered {
    let json = out.is_json();
    HOOK.call_once(|| crate::signal::on_interrupt(move || on_ctrl_c(json)));
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut all) = INFLIGHT.lock() {
        all.push(Inflight { id, what, part, hint, bar: bar.clone() });
    }
    Registered(id)
}

/// The first Ctrl-C: tidy every running transfer, report the first, and die of SIGINT.
fn on_ctrl_c(json: bool) {
    let stopped = INFLIGHT.lock().map(|mut all| std::mem::take(&mut *all)).unwrap_or_default();
    let mut hint = None;
    for t in &stopped {
        t.bar.finish_and_clear();
        if let Some((part, existed)) = &t.part {
            let empty = fs::metadata(part).map(|m| m.len() == 0).unwrap_or(true);
            if empty && !existed {
                let _ = fs::remove_file(part);
            } else if hint.is_none() {
                hint = t.hint.clone();
            }
        }
    }
    let what = stopped.first().map(|t| t.what.as_str()).unwrap_or("stopped");
    let err = fail(Kind::Interrupted, format!("interrupted: {what}"));
    let err = match hint {
        Some(h) => err.context(Hint(h)),
        None => err,
    };
    crate::error::report(&err, json);
}

pub(super) fn lost(e: io::Error, what: String) -> anyhow::Error {
    crate::net::io_error(e, what)
}

// ----- summaries ---------------------------------------------------------------------------

/// The JSON summary of one file moved.
#[derive(Debug, Clone, Serialize)]
pub struct Transfer {
    pub op: &'static str,
    pub remote: String,
    pub local: String,
    /// Bytes moved by this run (a resumed download adds them to `resumed_from`).
    pub bytes: u64,
    pub seconds: f64,
    /// Bytes per second.
    pub rate: f64,
    pub resumed_from: u64,
    /// Upload checked with SIZE (`null`: the server cannot tell).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
}

impl Transfer {
    pub(super) fn new(
        op: &'static str,
        remote: &str,
        local: &Path,
        bytes: u64,
        elapsed: Duration,
    ) -> Transfer {
        Transfer {
            op,
            remote: remote.to_string(),
            local: local.display().to_string(),
            bytes,
            seconds: elapsed.as_secs_f64(),
            rate: progress::rate(bytes, elapsed),
            resumed_from: 0,
            verified: None,
        }
    }

    /// The line after a transfer: `got 1.0 GiB in 2.31 s (443.3 MiB/s): a -> b`.
    pub fn say(&self, out: &Output) {
        let verb = if self.op == "get" { "got" } else { "sent" };
        let elapsed = Duration::from_secs_f64(self.seconds);
        let (from, to) = if self.op == "get" {
            (&self.remote, &self.local)
        } else {
            (&self.local, &self.remote)
        };
        let (from, to) = (sanitize(from), sanitize(to));
        out.info(&format!("{}: {from} -> {to}", progress::summary(verb, self.bytes, elapsed)));
    }
}

/// `LOCAL.part`: the download's name until it is complete. A name too long for a `.part`
/// suffix (over 250 bytes) gets a short stable one, so `--continue` still finds it.
pub fn part_path(local: &Path) -> PathBuf {
    let name = local.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    if name.len() > 250 {
        let digest = crate::tls::sha256(name.as_encoded_bytes());
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        return local.with_file_name(format!(".nt-{hex}.part"));
    }
    let mut name = name;
    name.push(".part");
    local.with_file_name(name)
}

pub(super) fn label(path: &str) -> String {
    let name = super::target::basename(path).unwrap_or(path);
    sanitize(name).chars().take(30).collect()
}

// ----- get ---------------------------------------------------------------------------------

/// How one download runs.
#[derive(Default, Clone)]
pub struct GetOpts<'a> {
    /// Continue `LOCAL.part`, else LOCAL itself (curl `-C -`).
    pub resume: bool,
    /// The size from a listing (else SIZE is asked).
    pub size: Option<u64>,
    /// The server's modification time, set on the file when it is complete (mirror).
    pub mtime: Option<i64>,
    /// A bar shared by several files (else each file draws its own).
    pub bar: Option<&'a Bar>,
    /// The command that resumes this download, for the hint after a failure.
    pub resume_with: Option<String>,
}

/// Download one file into `local` through `LOCAL.part` (in place when `local` is not a
/// regular file: `local.rs`).
pub fn get_file(
    c: &mut Control,
    remote: &str,
    local: &Path,
    opts: &GetOpts<'_>,
    out: &Output,
) -> anyhow::Result<Transfer> {
    let shown = local;
    let local = match super::local::dest(local)? {
        Dest::File(path) => path,
        Dest::InPlace(path) => return get_in_place(c, remote, &path, opts, out),
    };
    let local = local.as_path();
    let what = format!("cannot download {remote}");
    let total = match opts.size {
        Some(n) => Some(n),
        None => c.size(remote, &what)?,
    };
    let part = part_path(local);
    let (mut offset, existed) = resume_from(local, &part, opts.resume)?;
    if let Some(total) = total
        && offset > total
    {
        out.warn(&format!("{} is larger than the remote file: starting over", part.display()));
        offset = 0;
    }
    let started = Instant::now();
    if total.is_none_or(|t| offset < t) || offset == 0 {
        let retr = Retr { remote, offset, total, part: Some((part.clone(), existed)), opts };
        fetch(c, &retr, &part, out)?;
    }
    let got = fs::metadata(&part).map(|m| m.len()).unwrap_or(0);
    match total {
        Some(total) if got < total => {
            let err = fail(Kind::Network, format!("download of {remote} incomplete: {got} of {total} bytes"));
            return Err(with_hint(err, opts));
        }
        Some(total) if got > total => out.warn(&format!(
            "{remote}: the server sent {got} bytes where SIZE said {total} (did the file change during the download?)"
        )),
        _ => {}
    }
    super::local::rename_over_file(&part, local)?;
    if let Some(secs) = opts.mtime.filter(|s| *s >= 0) {
        let when = UNIX_EPOCH + Duration::from_secs(secs as u64);
        if let Err(e) = File::options().write(true).open(local).and_then(|f| f.set_modified(when)) {
            out.warn(&format!("cannot set the time of {}: {e}", local.display()));
        }
    }
    let mut t = Transfer::new("get", remote, shown, got.saturating_sub(offset), started.elapsed());
    t.resumed_from = offset;
    Ok(t)
}

fn with_hint(err: anyhow::Error, opts: &GetOpts<'_>) -> anyhow::Error {
    match &opts.resume_with {
        Some(cmd) => err.context(Hint(format!("resume with: {cmd}"))),
        None => err,
    }
}

/// Where a resumed download starts: the `.part`, else LOCAL itself (moved to the `.part`
/// until it is complete). Returns the offset and whether a partial file existed.
fn resume_from(local: &Path, part: &Path, resume: bool) -> anyhow::Result<(u64, bool)> {
    if !resume {
        return Ok((0, false));
    }
    if let Ok(meta) = fs::metadata(part) {
        return Ok((meta.len(), true));
    }
    // Only a regular file itself (not a symlink to one) is moved to the `.part`.
    match fs::symlink_metadata(local) {
        Ok(meta) if meta.is_file() => {
            fs::rename(local, part)
                .with_context(|| format!("cannot rename {} to {}", local.display(), part.display()))
                .kind(Kind::LocalFile)?;
            Ok((meta.len(), true))
        }
        _ => Ok((0, false)),
    }
}

/// RETR into the `.part` from `offset`. On failure the `.part` stays only if it holds data.
fn fetch(c: &mut Control, retr: &Retr<'_>, part: &Path, out: &Output) -> anyhow::Result<()> {
    let (remote, opts) = (retr.remote, retr.opts);
    let what = format!("cannot download {remote}");
    let mut data = c.open_data(&format!("RETR {remote}"), retr.offset, &what)?;
    let opened = if retr.offset > 0 {
        OpenOptions::new().append(true).open(part)
    } else {
        File::create(part)
    };
    let mut file = match opened {
        Ok(f) => f,
        Err(e) => {
            c.abandon(data);
            return Err(e)
                .with_context(|| format!("cannot write {}", part.display()))
                .kind(Kind::LocalFile);
        }
    };
    let (moved, result) = retr.copy(c, &mut data, &mut file, part, out);
    let keep = retr.part.as_ref().is_some_and(|(_, existed)| *existed) || moved > 0;
    let cleanup = |e: anyhow::Error| {
        if keep {
            return with_hint(e, opts);
        }
        let _ = fs::remove_file(part);
        e
    };
    if let Err(stop) = result {
        c.abandon(data);
        return Err(cleanup(read_stop(stop, remote)));
    }
    if let Err(e) = file.flush() {
        c.abandon(data);
        return Err(cleanup(
            anyhow::Error::new(e)
                .context(format!("cannot write {}", part.display()))
                .context(Kind::LocalFile),
        ));
    }
    c.finish_data(data, &what).map_err(cleanup)
}

/// Download `remote` into `path` (not a regular file: `local.rs`) in place: opened for
/// writing without truncating or creating, then the bytes, with no `.part` and no rename.
fn get_in_place(
    c: &mut Control,
    remote: &str,
    path: &Path,
    opts: &GetOpts<'_>,
    out: &Output,
) -> anyhow::Result<Transfer> {
    let what = format!("cannot download {remote}");
    if opts.resume {
        out.warn(&format!(
            "{} is not a regular file: nothing to resume, downloading all of it",
            path.display()
        ));
    }
    let total = match opts.size {
        Some(n) => Some(n),
        None => c.size(remote, &what)?,
    };
    // Opened before RETR: a FIFO may wait for its reader, and the server must not wait.
    let mut file = super::local::open_in_place(path, c.plan.timeout)?;
    let started = Instant::now();
    let mut data = c.open_data(&format!("RETR {remote}"), 0, &what)?;
    let retr = Retr { remote, offset: 0, total, part: None, opts };
    let (moved, result) = retr.copy(c, &mut data, &mut file, path, out);
    if let Err(stop) = result {
        c.abandon(data);
        return Err(read_stop(stop, remote));
    }
    c.finish_data(data, &what)?;
    if let Some(total) = total.filter(|t| moved < *t) {
        let why = format!("download of {remote} incomplete: {moved} of {total} bytes");
        return Err(fail(Kind::Network, why));
    }
    Ok(Transfer::new("get", remote, path, moved, started.elapsed()))
}

/// A download's early stop as nt reports it: a read is the connection lost.
fn read_stop(stop: Stop, remote: &str) -> anyhow::Error {
    match stop {
        Stop::Read(e) => lost(e, format!("connection lost while downloading {remote}")),
        Stop::Write(e) => e,
    }
}

/// One RETR's bytes into an open file: what a download through a `.part` and one in place
/// share.
struct Retr<'a> {
    remote: &'a str,
    /// Bytes already there (a resumed `.part`).
    offset: u64,
    total: Option<u64>,
    /// The `.part` and whether it existed before, for Ctrl-C to tidy (none in place).
    part: Option<(PathBuf, bool)>,
    opts: &'a GetOpts<'a>,
}

impl Retr<'_> {
    /// Copy the data connection into `file` (named `name` in errors) under the bar
    /// (`--limit-rate` paced), with Ctrl-C's tidying registered meanwhile: the bytes moved
    /// and how the copy ended.
    fn copy(
        &self,
        c: &Control,
        data: &mut Data,
        file: &mut File,
        name: &Path,
        out: &Output,
    ) -> (u64, Result<(), Stop>) {
        let (remote, opts) = (self.remote, self.opts);
        let own = opts.bar.is_none().then(|| progress::bytes(out, self.total, &label(remote)));
        let bar = opts.bar.or(own.as_ref()).cloned().unwrap_or_else(progress::hidden);
        if own.is_some() {
            bar.set_position(self.offset);
        }
        let hint = self.part.as_ref().and(opts.resume_with.as_ref());
        let registered = register(
            out,
            format!("download of {remote} stopped"),
            self.part.clone(),
            hint.map(|c| format!("resume with: {c}")),
            &bar,
        );
        let mut moved = 0;
        let limiter = c.plan.limiter.clone();
        let name = name.display().to_string();
        let mut sink = |b: &[u8]| {
            file.write_all(b).with_context(|| format!("cannot write {name}")).kind(Kind::LocalFile)
        };
        let result = pump(data, &mut sink, &bar, limiter.as_deref(), self.total, &mut moved);
        if let Some(own) = &own {
            own.finish_and_clear();
        }
        drop(registered);
        (moved, result)
    }
}

// ----- put ---------------------------------------------------------------------------------

/// Upload one file; `resume` continues from the remote size (REST + STOR).
pub fn put_file(
    c: &mut Control,
    local: &Path,
    remote: &str,
    resume: bool,
    bar: Option<&Bar>,
    out: &Output,
) -> anyhow::Result<Transfer> {
    let what = format!("cannot upload {remote}");
    let mut file = File::open(local)
        .with_context(|| format!("cannot read {}", local.display()))
        .kind(Kind::LocalFile)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut offset = 0;
    if resume && let Ok(Some(n)) = c.size(remote, &what) {
        offset = n.min(len);
    }
    if offset > 0 {
        file.seek(SeekFrom::Start(offset)).kind(Kind::LocalFile)?;
    }
    let started = Instant::now();
    let mut data = c.open_data(&format!("STOR {remote}"), offset, &what)?;
    let own = bar.is_none().then(|| progress::bytes(out, Some(len), &label(remote)));
    let bar = bar.or(own.as_ref()).cloned().unwrap_or_else(progress::hidden);
    if own.is_some() {
        bar.set_position(offset);
    }
    let registered =
        register(out, format!("upload of {} stopped", local.display()), None, None, &bar);
    let mut moved = 0;
    let limiter = c.plan.limiter.clone();
    let mut sink = |b: &[u8]| {
        data.write_all(b).map_err(|e| lost(e, format!("connection lost while uploading {remote}")))
    };
    let result = pump(&mut file, &mut sink, &bar, limiter.as_deref(), Some(len), &mut moved);
    if let Some(own) = &own {
        own.finish_and_clear();
    }
    drop(registered);
    if let Err(stop) = result {
        c.abandon(data);
        return Err(match stop {
            Stop::Read(e) => anyhow::Error::new(e)
                .context(format!("cannot read {}", local.display()))
                .context(Kind::LocalFile),
            Stop::Write(e) => e,
        });
    }
    c.finish_data(data, &what)?;
    let elapsed = started.elapsed();
    let verified = match c.size(remote, &format!("cannot check the size of {remote}")) {
        Ok(Some(n)) if n == len => Some(true),
        Ok(Some(n)) => {
            return Err(fail(
                Kind::Network,
                format!(
                    "upload of {remote} not verified: the server has {n} bytes, {len} were sent"
                ),
            ));
        }
        Ok(None) => None,
        Err(e) if kind_of(&e) == Kind::Refused => None,
        Err(e) => return Err(e),
    };
    let mut t = Transfer::new("put", remote, local, moved, elapsed);
    t.resumed_from = offset;
    t.verified = verified;
    Ok(t)
}

// ----- cat ---------------------------------------------------------------------------------

/// Stream a remote file to stdout. A closed stdout ends quietly.
pub fn cat(c: &mut Control, remote: &str, out: &Output) -> anyhow::Result<u64> {
    let what = format!("cannot download {remote}");
    let mut data: Data = c.open_data(&format!("RETR {remote}"), 0, &what)?;
    // A file shown on the terminal gets no bar drawn through it.
    let bar = if out.stdout_tty() {
        progress::hidden()
    } else {
        progress::bytes(out, None, &label(remote))
    };
    let registered = register(out, format!("download of {remote} stopped"), None, None, &bar);
    let mut stdout = out.data();
    let mut moved = 0;
    let limiter = c.plan.limiter.clone();
    let mut sink = |b: &[u8]| stdout.write(b);
    let result = pump(&mut data, &mut sink, &bar, limiter.as_deref(), None, &mut moved);
    bar.finish_and_clear();
    drop(registered);
    let flushed = result.map_err(|stop| read_stop(stop, remote));
    if let Err(e) = flushed.and_then(|()| stdout.flush()) {
        c.abandon(data);
        return Err(e);
    }
    c.finish_data(data, &what)?;
    Ok(moved)
}

// ----- retries -----------------------------------------------------------------------------

/// Run one transfer, retrying network failures up to `retries` times with backoff; each
/// retry reconnects and resumes.
pub fn with_retries<T>(
    c: &mut Control,
    retries: u32,
    out: &Output,
    mut op: impl FnMut(&mut Control, bool) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let mut attempt = 0;
    loop {
        let err = match op(c, attempt > 0) {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        if attempt >= retries || kind_of(&err) != Kind::Network {
            return Err(err);
        }
        attempt += 1;
        let wait = Duration::from_secs(1 << (attempt - 1).min(3));
        out.warn(&format!("{}; retry {attempt}/{retries} in {} s", one_line(&err), wait.as_secs()));
        std::thread::sleep(wait);
        c.cut();
        match Control::open(&c.plan.clone(), out) {
            Ok(fresh) => *c = fresh,
            Err(e) if kind_of(&e) == Kind::Network && attempt < retries => out.warn(&one_line(&e)),
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_names() {
        assert_eq!(part_path(Path::new("a/b.bin")), Path::new("a/b.bin.part"));
        let long = "x".repeat(253);
        let p = part_path(Path::new(&long));
        assert!(p.to_string_lossy().starts_with(".nt-") && p.to_string_lossy().ends_with(".part"));
        assert_eq!(p, part_path(Path::new(&long)));
    }
}
