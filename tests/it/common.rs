//! Shared test helpers: the `nt` binary with a scrubbed environment, temp homes, and
//! small peers on `127.0.0.1:0` that stop on Drop.

#![allow(dead_code)] // each test module uses a different subset of these helpers

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;

mod ports;
mod proxies;
pub use ports::{ClosedPort, on_free_ports, python, spawn_listening, start_quiet};
pub use proxies::Proxy;

/// A temporary HOME (with XDG and netrc paths inside it) that lives as long as the value.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home { dir: tempfile::tempdir().expect("temp dir for HOME") }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write the config file nt will read (`$NT_CONFIG`).
    pub fn config(&self, text: &str) -> PathBuf {
        let path = self.path().join("config.toml");
        std::fs::write(&path, text).expect("write config");
        path
    }

    /// `nt` with HOME, NETRC, NT_CONFIG and XDG_CONFIG_HOME inside this home, every
    /// `NT_*` variable and NO_COLOR removed, and stdin empty unless the test sets it.
    pub fn nt(&self) -> Command {
        let mut cmd = nt_binary();
        for (key, _) in std::env::vars_os() {
            if let Some(k) = key.to_str()
                && (k.starts_with("NT_") || k == "NO_COLOR" || k.starts_with("SSL_CERT"))
            {
                cmd.env_remove(&key);
            }
        }
        cmd.env("HOME", self.path())
            .env("NETRC", self.path().join(".netrc"))
            .env("NT_CONFIG", self.path().join("config.toml"))
            .env("XDG_CONFIG_HOME", self.path().join("xdg"))
            .env("RUST_BACKTRACE", "1")
            .stdin(Stdio::null());
        cmd
    }
}

/// The `nt` under test: the one `cargo test` built, or `NT_TEST_EXE` run by
/// `NT_TEST_RUNNER` when they are set (`.ci/cross` runs a named subset of these tests
/// against `nt.exe` under wine that way, with the same Linux peers on loopback).
pub fn nt_binary() -> Command {
    let Some(exe) = std::env::var_os("NT_TEST_EXE") else {
        return Command::cargo_bin("nt").expect("the nt binary is built by cargo test");
    };
    let runner = std::env::var("NT_TEST_RUNNER").unwrap_or_default();
    let mut words = runner.split_whitespace();
    let mut cmd = match words.next() {
        Some(program) => Command::new(program),
        None => return Command::new(exe),
    };
    cmd.args(words).arg(exe);
    cmd
}

/// Whether the `nt` under test is a Windows build (run by wine); the few tests that
/// cannot apply there (a pty, `unix:` sockets, a signal sent to nt) return early.
pub fn windows_under_test() -> bool {
    std::env::var_os("NT_TEST_EXE").is_some_and(|exe| exe.to_string_lossy().ends_with(".exe"))
}

/// `nt` in a home that holds nothing: HOME and the config paths point into one empty
/// directory shared by every call of the test run (and removed with the system's temp
/// files), so no call leaves a directory behind. Tests that write a config or a netrc
/// make their own [`Home`].
pub fn nt() -> Command {
    static EMPTY: std::sync::OnceLock<Home> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Home::new).nt()
}

/// stdout of a finished command as UTF-8 text.
pub fn stdout_text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// stderr of a finished command as UTF-8 text.
pub fn stderr_text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The exit status as a shell shows it in `$?`: the code, or 128 + the signal that ended
/// the process (nt ends a Ctrl-C by SIGINT itself, which a shell shows as 130).
pub fn shell_status(status: std::process::ExitStatus) -> Option<i32> {
    #[cfg(unix)]
    use std::os::unix::process::ExitStatusExt;
    #[cfg(unix)]
    return status.code().or_else(|| status.signal().map(|s| 128 + s));
    #[cfg(not(unix))]
    return status.code();
}

/// Assert the exit code (as a shell sees it) and that stderr has exactly one
/// `nt: error:` line and no panic. A 130 must be a death by SIGINT, as the shell expects.
pub fn assert_error(out: &std::process::Output, code: i32, needle: &str) {
    #[cfg(unix)]
    use std::os::unix::process::ExitStatusExt;
    let err = stderr_text(out);
    assert_eq!(shell_status(out.status), Some(code), "exit code; stderr: {err}");
    #[cfg(unix)]
    if code == 130 {
        assert_eq!(out.status.signal(), Some(libc::SIGINT), "a death by SIGINT; stderr: {err}");
    }
    assert!(!err.contains("panicked"), "panic: {err}");
    assert_eq!(err.matches("nt: error:").count(), 1, "one error line: {err}");
    assert!(err.contains(needle), "stderr should mention {needle:?}: {err}");
}

/// A child process killed (and reaped) when the test ends, even by a failed assert.
pub struct KillOnDrop(pub Child);

impl KillOnDrop {
    /// Wait up to `limit` for the process to end (None: still running).
    pub fn status_within(&mut self, limit: Duration) -> Option<ExitStatus> {
        status_within(&mut self.0, limit)
    }
}

/// Wait up to `limit` for a child to end (None: still running; it is left running).
pub fn status_within(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    None
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Deterministic pseudo-random bytes (xorshift), so failures are reproducible.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// The files in a directory (which must exist), sorted by name.
pub fn sorted_files(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
    let mut all: Vec<PathBuf> = entries.map(|e| e.expect("a directory entry").path()).collect();
    all.sort();
    all
}

/// Panics unless `got` is `want`, naming the lengths and the first byte that differs (a
/// hash alone cannot tell a lost tail from a changed byte).
pub fn assert_same_bytes(what: &str, got: &[u8], want: &[u8]) {
    if got == want {
        return;
    }
    let at = got.iter().zip(want).position(|(a, b)| a != b).unwrap_or(got.len().min(want.len()));
    panic!("{what}: got {} bytes, want {}, first difference at byte {at}", got.len(), want.len());
}

/// SHA-256 of some bytes, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    sha256(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of some bytes (ring's digest, as nt itself uses).
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref());
    out
}

/// Every blocking wait in these tests gives up after this long.
pub const LIMIT: Duration = Duration::from_secs(20);

/// A running nt (or other) process, killed on Drop; its output is collected on threads.
pub struct Running {
    child: KillOnDrop,
    pub stdin: Option<std::process::ChildStdin>,
    out: Option<JoinHandle<Vec<u8>>>,
    err: Option<JoinHandle<String>>,
    listening: mpsc::Receiver<String>,
    /// What stdout and stderr have shown so far (for `wait_stdout` / `wait_stderr`).
    seen: std::sync::Arc<Seen>,
    /// stderr lines as they arrive (for `line_with`).
    lines: mpsc::Receiver<String>,
}

/// Output as it arrives, with a condition variable to wait on.
#[derive(Default)]
pub struct Seen {
    text: std::sync::Mutex<(Vec<u8>, String)>,
    grew: std::sync::Condvar,
}

impl Seen {
    fn add(&self, out: &[u8], err: &str) {
        if let Ok(mut text) = self.text.lock() {
            text.0.extend_from_slice(out);
            text.1.push_str(err);
        }
        self.grew.notify_all();
    }

    /// Wait (up to LIMIT) until `found` says yes about (stdout, stderr) so far.
    fn wait(&self, what: &str, found: impl Fn(&[u8], &str) -> bool) -> (Vec<u8>, String) {
        let deadline = Instant::now() + LIMIT;
        let mut text = self.text.lock().expect("output lock");
        while !found(&text.0, &text.1) {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "timed out waiting for {what}; stderr so far: {}", text.1);
            text = self.grew.wait_timeout(text, left).expect("output lock").0;
        }
        text.clone()
    }
}

impl Running {
    pub fn spawn(mut cmd: Command) -> Running {
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn nt");
        let stdin = child.stdin.take();
        let mut stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        let seen = std::sync::Arc::new(Seen::default());
        let out_seen = seen.clone();
        let out = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 64 << 10];
            loop {
                match stdout.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => {
                        buf.extend_from_slice(&chunk[..n]);
                        out_seen.add(&chunk[..n], "");
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(_) => break,
                }
            }
            buf
        });
        let (tx, listening) = mpsc::channel();
        let err_seen = seen.clone();
        let (tx_lines, lines) = mpsc::channel();
        let err = std::thread::spawn(move || {
            let mut all = String::new();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(addr) = line.strip_prefix("listening on ") {
                    let _ = tx.send(addr.to_string());
                }
                let _ = tx_lines.send(line.clone());
                all.push_str(&line);
                all.push('\n');
                err_seen.add(b"", &format!("{line}\n"));
            }
            all
        });
        Running {
            child: KillOnDrop(child),
            stdin,
            out: Some(out),
            err: Some(err),
            listening,
            seen,
            lines,
        }
    }

    /// The process id (to read its memory use in /proc or send it a signal).
    pub fn id(&self) -> u32 {
        self.child.0.id()
    }

    /// Wait (up to LIMIT) for the next stderr line that contains `needle`; the lines read
    /// past on the way are skipped for later calls, but stay in what `finish` returns.
    pub fn line_with(&self, needle: &str) -> String {
        let deadline = Instant::now() + LIMIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(_) => panic!("no stderr line with {needle:?} in time"),
            }
        }
    }

    /// The address announced on stderr (`listening on ADDR`).
    pub fn addr(&self) -> SocketAddr {
        let text = self.listening.recv_timeout(LIMIT).expect("a 'listening on' line");
        // A second listener names its service after the address: `ADDR (pop3)`.
        let addr = text.split(' ').next().unwrap_or_default();
        addr.parse().expect("a socket address")
    }

    /// The text after `listening on ` as announced (a `unix:/path` too).
    pub fn listening_text(&self) -> String {
        self.listening.recv_timeout(LIMIT).expect("a 'listening on' line")
    }

    /// Wait (up to LIMIT) until stdout so far contains `needle`; returns it.
    pub fn wait_stdout(&self, needle: &[u8]) -> Vec<u8> {
        let found = |out: &[u8], _: &str| out.windows(needle.len().max(1)).any(|w| w == needle);
        let shown: String = String::from_utf8_lossy(needle).chars().take(40).collect();
        self.seen.wait(&format!("{shown:?} ({} bytes) on stdout", needle.len()), found).0
    }

    /// Wait (up to LIMIT) until stderr so far has `count` lines containing `needle`.
    pub fn wait_stderr(&self, needle: &str, count: usize) -> String {
        let found =
            |_: &[u8], err: &str| err.lines().filter(|l| l.contains(needle)).count() >= count;
        self.seen.wait(&format!("{count} x {needle:?} on stderr"), found).1
    }

    /// stdout as far as it has arrived.
    pub fn stdout_so_far(&self) -> Vec<u8> {
        self.seen.text.lock().map(|t| t.0.clone()).unwrap_or_default()
    }

    /// stderr as far as it has arrived.
    pub fn stderr_so_far(&self) -> String {
        self.seen.text.lock().map(|t| t.1.clone()).unwrap_or_default()
    }

    /// Its process id (to send it a signal, read its /proc entry).
    pub fn pid(&self) -> u32 {
        self.child.0.id()
    }

    /// Send bytes to its stdin (and keep it open).
    pub fn feed(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin still open");
        stdin.write_all(bytes).expect("write to nt stdin");
        stdin.flush().expect("flush nt stdin");
    }

    /// Feed bytes on a thread, then close stdin.
    pub fn feed_and_close(&mut self, bytes: Vec<u8>) -> JoinHandle<()> {
        let mut stdin = self.stdin.take().expect("stdin still open");
        std::thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        })
    }

    /// Wait for the exit (panics after LIMIT) and return status, stdout, stderr.
    pub fn finish(mut self) -> (ExitStatus, Vec<u8>, String) {
        let deadline = Instant::now() + LIMIT;
        let status = loop {
            if let Some(status) = self.child.0.try_wait().expect("try_wait") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.0.kill();
                panic!("process did not finish in time");
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let out = self.out.take().map(output_of).unwrap_or_default();
        let err = self.err.take().map(output_of).unwrap_or_default();
        (status, out, err)
    }

    /// Kill it now and return what it wrote.
    pub fn stop(mut self) -> (Vec<u8>, String) {
        let _ = self.child.0.kill();
        let (_, out, err) = self.finish_killed();
        (out, err)
    }

    fn finish_killed(&mut self) -> (Option<ExitStatus>, Vec<u8>, String) {
        let status = self.child.0.wait().ok();
        let out = self.out.take().map(output_of).unwrap_or_default();
        let err = self.err.take().map(output_of).unwrap_or_default();
        (status, out, err)
    }
}

/// A thread's result, if it ends within `limit`.
pub fn join_within<T>(handle: JoinHandle<T>, limit: Duration) -> Option<T> {
    let deadline = Instant::now() + limit;
    while !handle.is_finished() {
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    handle.join().ok()
}

/// What an output reader collected once its process exited: the pipe closes at the exit
/// unless another process inherited it (a wineserver an nt.exe started), which is a
/// failure here, not a wait without end.
fn output_of<T>(reader: JoinHandle<T>) -> T {
    join_within(reader, LIMIT).expect("the output pipe closed after the process exited")
}

/// Run a command with `input` on stdin to the end (bounded by LIMIT).
pub fn run(cmd: Command, input: Vec<u8>) -> (ExitStatus, Vec<u8>, String) {
    let mut peer = Running::spawn(cmd);
    let feeder = peer.feed_and_close(input);
    let result = peer.finish();
    // A process that exited without reading all of its input leaves the feeder blocked
    // only while something else holds the pipe: not waited on past LIMIT.
    let _ = join_within(feeder, LIMIT);
    result
}

/// What rustyline writes when its line editor starts reading (bracketed paste on): a
/// terminal session is ready for typing once the pty shows it.
pub const BRACKETED_PASTE_ON: &str = "\x1b[?2004h";

/// A pseudo-terminal: the master side for the test, the slave side for nt's stdio.
#[cfg(unix)]
pub struct Pty {
    master: std::os::fd::OwnedFd,
    slave: std::os::fd::OwnedFd,
}

#[cfg(unix)]
impl Pty {
    pub fn open() -> Option<Pty> {
        use std::os::fd::FromRawFd;
        let (mut master, mut slave) = (0, 0);
        // SAFETY: openpty writes two new fds; null name/termios/winsize are allowed.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                // Linux takes `*const`, macOS `*mut`: a null `*mut` suits both.
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        // SAFETY: both fds were just created by openpty and are owned here only.
        (rc == 0).then(|| unsafe {
            Pty {
                master: std::os::fd::OwnedFd::from_raw_fd(master),
                slave: std::os::fd::OwnedFd::from_raw_fd(slave),
            }
        })
    }

    pub fn stdio(&self) -> std::process::Stdio {
        std::process::Stdio::from(self.slave.try_clone().expect("dup the pty slave"))
    }

    /// Start `cmd` on this terminal (stdin, stdout and stderr, `TERM=xterm`).
    pub fn spawn(&self, mut cmd: Command) -> KillOnDrop {
        cmd.env("TERM", "xterm").stdin(self.stdio()).stdout(self.stdio()).stderr(self.stdio());
        KillOnDrop(cmd.spawn().expect("spawn nt on a pty"))
    }

    /// [`Pty::spawn`], then wait until its line editor reads (bracketed paste on).
    pub fn spawn_editing(&self, cmd: Command) -> KillOnDrop {
        let child = self.spawn(cmd);
        self.read_until(BRACKETED_PASTE_ON);
        child
    }

    pub fn write(&self, bytes: &[u8]) {
        use std::os::fd::AsRawFd;
        // SAFETY: writing a live buffer to our own open fd.
        let n = unsafe { libc::write(self.master.as_raw_fd(), bytes.as_ptr().cast(), bytes.len()) };
        assert_eq!(n, bytes.len() as isize);
    }

    /// Wait (up to LIMIT) until the program on the terminal has turned echo off, as a
    /// password prompt does after printing its prompt.
    pub fn wait_echo_off(&self) {
        use std::os::fd::AsRawFd;
        let deadline = Instant::now() + LIMIT;
        loop {
            // SAFETY: tcgetattr fills a zeroed termios from our own open fd (on Linux the
            // master reports the slave's settings).
            let mut t: libc::termios = unsafe { std::mem::zeroed() };
            let rc = unsafe { libc::tcgetattr(self.master.as_raw_fd(), &mut t) };
            if rc == 0 && t.c_lflag & libc::ECHO == 0 {
                return;
            }
            assert!(Instant::now() < deadline, "echo stayed on");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Read what the terminal shows until `needle` appears (or LIMIT passes).
    pub fn read_until(&self, needle: &str) -> String {
        use std::os::fd::AsRawFd;
        let deadline = std::time::Instant::now() + LIMIT;
        let mut seen = Vec::new();
        while std::time::Instant::now() < deadline
            && !String::from_utf8_lossy(&seen).contains(needle)
        {
            let mut fds =
                libc::pollfd { fd: self.master.as_raw_fd(), events: libc::POLLIN, revents: 0 };
            // SAFETY: one valid pollfd.
            if unsafe { libc::poll(&mut fds, 1, 100) } <= 0 {
                continue;
            }
            let mut buf = [0u8; 4096];
            // SAFETY: reading into a live buffer from our own open fd.
            let n =
                unsafe { libc::read(self.master.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
            if n <= 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n as usize]);
        }
        String::from_utf8_lossy(&seen).into_owned()
    }
}

/// Run `cmd`, sampling its peak memory (VmHWM, KiB) while it runs. (`ru_maxrss` of a
/// child would count the test process's own memory at the spawn: a vfork shares it.)
pub fn run_sampled(mut cmd: Command) -> (std::process::Output, u64, Duration) {
    let started = Instant::now();
    let child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn nt");
    let status_file = format!("/proc/{}/status", child.id());
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let (peak, done) = (peak.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                let text = std::fs::read_to_string(&status_file).unwrap_or_default();
                let hwm = text
                    .lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                    .unwrap_or(0);
                peak.fetch_max(hwm, std::sync::atomic::Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let out = child.wait_with_output().expect("wait for nt");
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let _ = sampler.join();
    (out, peak.load(std::sync::atomic::Ordering::SeqCst), started.elapsed())
}
