//! Moving bytes: get (into `NAME.part`, renamed when complete), put (checked with SIZE),
//! cat, their recursive forms, resume with REST, retries, and Ctrl-C.
//!
//! Ctrl-C sets a flag (a SIGINT handler without SA_RESTART, so a blocked read returns);
//! the copy loop sees it, cuts the connection (no ABOR: the control connection could fall
//! out of step) and reports exit 130. A second Ctrl-C kills at once. A download never
//! leaves a file under its final name unless it completed; a `.part` that received
//! nothing is removed, one with data is kept for `--continue`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::ProgressBar;
use serde::Serialize;

use super::session::{Session, ftp_error, reply_code};
use crate::error::{Kind, Tag, fail, stdout_result};
use crate::output::Output;
use crate::progress;

/// Copy buffer: big enough that syscalls, not the loop, set the pace.
const CHUNK: usize = 1 << 20;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_: libc::c_int) {
    if INTERRUPTED.swap(true, Ordering::SeqCst) {
        // Second Ctrl-C: the default action, now (both calls are async-signal-safe).
        // SAFETY: signal() and raise() may be called from a signal handler.
        unsafe {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            libc::raise(libc::SIGINT);
        }
    }
}

/// Catch SIGINT into a flag. No SA_RESTART: a blocked read or write returns EINTR.
pub fn catch_ctrl_c() {
    // SAFETY: a zeroed sigaction is valid; the handler only touches an atomic (and, the
    // second time, async-signal-safe libc calls).
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_sigint as *const () as libc::sighandler_t;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGINT, &action, std::ptr::null_mut());
    }
}

pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

pub fn interrupted_error(what: impl std::fmt::Display) -> anyhow::Error {
    fail(Kind::Interrupted, format!("interrupted: {what}"))
}

/// A progress bar whose ticker thread never receives SIGINT (it must reach the copy loop).
fn bar(out: &Output, total: Option<u64>, label: &str) -> ProgressBar {
    // SAFETY: plain signal-mask calls on the current thread with valid pointers.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old);
        let bar = progress::bytes(out, total, label);
        libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
        bar
    }
}

/// Why a copy stopped early.
enum Stop {
    Interrupted,
    Read(io::Error),
    Write(io::Error),
}

/// Copy until EOF with one big buffer, counting into the bar; checks Ctrl-C every chunk.
fn pump(
    src: &mut dyn Read,
    dst: &mut dyn Write,
    bar: &ProgressBar,
    moved: &mut u64,
) -> Result<(), Stop> {
    let mut buf = vec![0u8; CHUNK];
    loop {
        if interrupted() {
            return Err(Stop::Interrupted);
        }
        let n = match src.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Stop::Read(e)),
        };
        write_all(dst, &buf[..n]).map_err(|e| match e.kind() {
            io::ErrorKind::Interrupted => Stop::Interrupted,
            _ => Stop::Write(e),
        })?;
        *moved += n as u64;
        bar.inc(n as u64);
    }
}

/// `write_all` that gives up on EINTR once Ctrl-C was pressed.
fn write_all(dst: &mut dyn Write, mut buf: &[u8]) -> io::Result<()> {
    while !buf.is_empty() {
        match dst.write(buf) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => buf = &buf[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted && !interrupted() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

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
    fn new(
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
        let from = crate::output::sanitize(from);
        let to = crate::output::sanitize(to);
        out.info(&format!("{}: {from} -> {to}", progress::summary(verb, self.bytes, elapsed)));
    }
}

/// `LOCAL.part`: the download's name until it is complete.
pub fn part_path(local: &Path) -> PathBuf {
    let mut name = local.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".part");
    local.with_file_name(name)
}

/// The remote size (SIZE), `None` where the server cannot tell. A 550 means there is no
/// such file: that fails before anything local is created.
fn remote_size(s: &mut Session, remote: &str) -> anyhow::Result<Option<u64>> {
    match s.ftp.size(remote) {
        Ok(n) => Ok(Some(n as u64)),
        Err(e) if reply_code(&e) == Some(550) => {
            Err(ftp_error(e, format!("cannot download {remote}"), Kind::Refused))
        }
        Err(e) if reply_code(&e).is_some() => Ok(None),
        Err(e) => Err(ftp_error(e, format!("cannot download {remote}"), Kind::Refused)),
    }
}

/// Download one file into `local` through `local.part`; `resume` continues the `.part`.
pub fn get_file(
    s: &mut Session,
    remote: &str,
    local: &Path,
    resume: bool,
    out: &Output,
) -> anyhow::Result<Transfer> {
    let part = part_path(local);
    let total = remote_size(s, remote)?;
    let existing = if resume { fs::metadata(&part).map(|m| m.len()).ok() } else { None };
    let mut offset = existing.unwrap_or(0);
    if let Some(total) = total
        && offset > total
    {
        out.warn(&format!("{} is larger than the remote file: starting over", part.display()));
        offset = 0;
    }
    let started = Instant::now();
    if total.is_none_or(|t| offset < t) || offset == 0 {
        fetch(s, remote, &part, offset, total, existing.is_some(), out)?;
    }
    let got = fs::metadata(&part).map(|m| m.len()).unwrap_or(0);
    if let Some(total) = total
        && got != total
    {
        return Err(fail(
            Kind::Network,
            format!("download of {remote} incomplete: {got} of {total} bytes"),
        ))
        .hint(format!("resume with: nt ftp get -c {remote}"));
    }
    fs::rename(&part, local)
        .with_context(|| format!("cannot rename {} to {}", part.display(), local.display()))
        .kind(Kind::LocalFile)?;
    let mut t = Transfer::new("get", remote, local, got - offset, started.elapsed());
    t.resumed_from = offset;
    Ok(t)
}

/// RETR into the `.part` from `offset`. On failure the `.part` stays only if it holds data.
fn fetch(
    s: &mut Session,
    remote: &str,
    part: &Path,
    offset: u64,
    total: Option<u64>,
    part_existed: bool,
    out: &Output,
) -> anyhow::Result<()> {
    let what = format!("cannot download {remote}");
    if offset > 0 {
        s.ftp.resume_transfer(offset as usize).map_err(|e| ftp_error(e, &what, Kind::Refused))?;
    }
    let mut stream =
        s.ftp.retr_as_stream(remote).map_err(|e| ftp_error(e, &what, Kind::Refused))?;
    let opened =
        if offset > 0 { OpenOptions::new().append(true).open(part) } else { File::create(part) };
    let mut file = match opened {
        Ok(f) => f,
        Err(e) => {
            s.cut();
            return Err(e)
                .with_context(|| format!("cannot write {}", part.display()))
                .kind(Kind::LocalFile);
        }
    };
    let bar = bar(out, total, &label(remote));
    bar.set_position(offset);
    let mut moved = 0;
    let result = pump(&mut stream, &mut file, &bar, &mut moved);
    bar.finish_and_clear();
    let flushed = file.flush();
    drop(file);
    let keep = part_existed || moved > 0;
    let cleanup = |e: anyhow::Error| {
        if !keep {
            let _ = fs::remove_file(part);
        }
        if keep {
            e.context(crate::error::Hint(format!("resume with: nt ftp get -c {remote}")))
        } else {
            e
        }
    };
    match result {
        Ok(()) => {}
        Err(stop) => {
            s.cut();
            drop(stream);
            return Err(cleanup(match stop {
                Stop::Interrupted => interrupted_error(format!("download of {remote} stopped")),
                Stop::Read(e) => anyhow::Error::new(e)
                    .context(format!("connection lost while downloading {remote}"))
                    .context(Kind::Network),
                Stop::Write(e) => anyhow::Error::new(e)
                    .context(format!("cannot write {}", part.display()))
                    .context(Kind::LocalFile),
            }));
        }
    }
    if let Err(e) = flushed {
        return Err(cleanup(
            anyhow::Error::new(e)
                .context(format!("cannot write {}", part.display()))
                .context(Kind::LocalFile),
        ));
    }
    stream.finish().map_err(|e| cleanup(ftp_error(e, &what, Kind::Refused)))
}

fn label(path: &str) -> String {
    let name = super::target::basename(path).unwrap_or(path);
    crate::output::sanitize(name).chars().take(30).collect()
}

/// Upload one file; `resume` continues from the remote size (REST + STOR).
pub fn put_file(
    s: &mut Session,
    local: &Path,
    remote: &str,
    resume: bool,
    out: &Output,
) -> anyhow::Result<Transfer> {
    let what = format!("cannot upload {remote}");
    let mut file = File::open(local)
        .with_context(|| format!("cannot read {}", local.display()))
        .kind(Kind::LocalFile)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut offset = 0;
    if resume && let Ok(n) = s.ftp.size(remote) {
        offset = (n as u64).min(len);
    }
    if offset > 0 {
        file.seek(SeekFrom::Start(offset)).kind(Kind::LocalFile)?;
        s.ftp.resume_transfer(offset as usize).map_err(|e| ftp_error(e, &what, Kind::Refused))?;
    }
    let started = Instant::now();
    let mut stream =
        s.ftp.put_with_stream(remote).map_err(|e| ftp_error(e, &what, Kind::Refused))?;
    let bar = bar(out, Some(len), &label(remote));
    bar.set_position(offset);
    let mut moved = 0;
    let result = pump(&mut file, &mut stream, &bar, &mut moved);
    bar.finish_and_clear();
    if let Err(stop) = result {
        // A reset, not a clean close: the server must not take half a file for all of it.
        let _ = socket2::SockRef::from(stream.get_ref().get_ref()).set_linger(Some(Duration::ZERO));
        s.cut();
        drop(stream);
        return Err(match stop {
            Stop::Interrupted => {
                interrupted_error(format!("upload of {} stopped", local.display()))
            }
            Stop::Read(e) => anyhow::Error::new(e)
                .context(format!("cannot read {}", local.display()))
                .context(Kind::LocalFile),
            Stop::Write(e) => anyhow::Error::new(e)
                .context(format!("connection lost while uploading {remote}"))
                .context(Kind::Network),
        });
    }
    stream.finish().map_err(|e| ftp_error(e, &what, Kind::Refused))?;
    let elapsed = started.elapsed();
    let verified = match s.ftp.size(remote) {
        Ok(n) if n as u64 == len => Some(true),
        Ok(n) => {
            return Err(fail(
                Kind::Network,
                format!(
                    "upload of {remote} not verified: the server has {n} bytes, {len} were sent"
                ),
            ));
        }
        Err(e) if reply_code(&e).is_some() => None,
        Err(e) => {
            return Err(ftp_error(e, format!("cannot check the size of {remote}"), Kind::Refused));
        }
    };
    let mut t = Transfer::new("put", remote, local, moved, elapsed);
    t.resumed_from = offset;
    t.verified = verified;
    Ok(t)
}

/// Stream a remote file to stdout. A closed stdout ends quietly.
pub fn cat(s: &mut Session, remote: &str, out: &Output) -> anyhow::Result<u64> {
    let what = format!("cannot download {remote}");
    let mut stream =
        s.ftp.retr_as_stream(remote).map_err(|e| ftp_error(e, &what, Kind::Refused))?;
    // A file shown on the terminal gets no bar drawn through it.
    let bar = if out.stdout_tty() { ProgressBar::hidden() } else { bar(out, None, &label(remote)) };
    let stdout = io::stdout();
    let mut lock = stdout.lock();
    let mut moved = 0;
    let result = pump(&mut stream, &mut lock, &bar, &mut moved);
    bar.finish_and_clear();
    match result {
        Ok(()) => {}
        Err(stop) => {
            s.cut();
            drop(stream);
            return Err(match stop {
                Stop::Interrupted => interrupted_error(format!("download of {remote} stopped")),
                Stop::Read(e) => anyhow::Error::new(e)
                    .context(format!("connection lost while downloading {remote}"))
                    .context(Kind::Network),
                Stop::Write(e) => match stdout_result::<()>(Err(e)) {
                    Err(e) => e,
                    Ok(()) => anyhow::anyhow!("stdout"),
                },
            });
        }
    }
    stdout_result(lock.flush())?;
    stream.finish().map_err(|e| ftp_error(e, &what, Kind::Refused))?;
    Ok(moved)
}

/// Run one transfer, retrying network failures up to `retries` times with backoff; each
/// retry reconnects and resumes.
pub fn with_retries<T>(
    s: &mut Session,
    retries: u32,
    out: &Output,
    mut op: impl FnMut(&mut Session, bool) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let mut attempt = 0;
    loop {
        let err = match op(s, attempt > 0) {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        if attempt >= retries || crate::error::kind_of(&err) != Kind::Network || interrupted() {
            return Err(err);
        }
        attempt += 1;
        let wait = Duration::from_secs(1 << (attempt - 1).min(3));
        let what = crate::error::one_line(&err);
        out.warn(&format!("{what}; retry {attempt}/{retries} in {} s", wait.as_secs()));
        sleep_unless_interrupted(wait)?;
        match Session::open(&s.plan.clone(), out) {
            Ok(fresh) => *s = fresh,
            Err(e) if crate::error::kind_of(&e) == Kind::Network && attempt < retries => {
                out.warn(&crate::error::one_line(&e));
            }
            Err(e) => return Err(e),
        }
    }
}

fn sleep_unless_interrupted(wait: Duration) -> anyhow::Result<()> {
    let until = Instant::now() + wait;
    while Instant::now() < until {
        if interrupted() {
            return Err(interrupted_error("while waiting to retry"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}
