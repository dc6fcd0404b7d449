//! nt chat against real peers: the real `nt chat serve` on 127.0.0.1:0, raw TCP clients
//! speaking the documented line protocol, and the real `nt chat join` binary.
//!
//! - this file: the helpers and the protocol itself;
//! - `crowd`: flood control as fake lag, slow readers judged by progress, silent sockets;
//! - `unicode`: look-alike nicknames, hidden characters;
//! - `join`: the client (bounded stdin, other chat servers, TLS, a terminal, `-vv`);
//! - `course`: the course's own Python chat programs against nt;
//! - `operator`: commands on the server's stdin;
//! - `cluster`: three nodes on one real redis-server (`--cluster`).
//!
//! Every wait is bounded: socket reads time out, and every child process is killed on Drop.

mod cluster;
mod course;
mod crowd;
mod join;
mod operator;
mod unicode;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::{KillOnDrop, assert_error, nt};

const WAIT: Duration = Duration::from_secs(10);

/// `nt chat serve` on a kernel-chosen port; killed on Drop.
pub struct Server {
    /// Kept for its Drop: the server is killed when the test ends.
    _process: KillOnDrop,
    stdin: Option<ChildStdin>,
    pub addr: String,
    /// The server's stderr lines after `listening on` (joins, leaves, the fingerprint).
    pub stderr: mpsc::Receiver<String>,
    /// The server's stdout lines (the operator's `/who`).
    pub stdout: mpsc::Receiver<String>,
}

/// Lines of a child's output, on a channel (a thread keeps draining it).
pub fn lines_of(pipe: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
}

/// A running `nt` whose output is watched line by line (killed on Drop).
pub struct Live {
    pub child: KillOnDrop,
    pub stdin: ChildStdin,
    pub stdout: mpsc::Receiver<String>,
    pub stderr: mpsc::Receiver<String>,
}

/// Start `nt ARGS` with piped stdio, its output lines on channels.
pub fn live(args: &[&str]) -> Live {
    let mut child = nt()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn nt");
    let stdin = child.stdin.take().expect("piped stdin");
    let stdout = lines_of(child.stdout.take().expect("piped stdout"));
    let stderr = lines_of(child.stderr.take().expect("piped stderr"));
    Live { child: KillOnDrop(child), stdin, stdout, stderr }
}

impl Server {
    pub fn start(extra: &[&str]) -> Server {
        Server::start_with(&[], extra)
    }

    /// With global flags (`-q`, `--json`) before `chat serve`.
    pub fn start_with(globals: &[&str], extra: &[&str]) -> Server {
        let mut cmd = nt();
        cmd.args(globals).args(["chat", "serve", "127.0.0.1:0"]).args(extra);
        Server::spawn(cmd)
    }

    /// Start a prepared `nt ... chat serve` command (its environment set by the test).
    pub fn spawn(mut cmd: Command) -> Server {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start nt chat serve");
        let stdin = child.stdin.take();
        let stderr = lines_of(child.stderr.take().expect("piped stderr"));
        let stdout = lines_of(child.stdout.take().expect("piped stdout"));
        let deadline = Instant::now() + WAIT;
        let addr = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match stderr.recv_timeout(left) {
                Ok(line) => {
                    if let Some(addr) = line.strip_prefix("listening on ") {
                        break addr.to_string();
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    panic!("nt chat serve did not announce its address");
                }
            }
        };
        Server { _process: KillOnDrop(child), stdin, addr, stderr, stdout }
    }

    /// Kill the server at once (SIGKILL: no goodbye to anyone).
    pub fn kill(&mut self) {
        let _ = self._process.0.kill();
        let _ = self._process.0.wait();
    }

    /// Wait for a stderr line containing `needle`; the lines up to it.
    pub fn log_until(&self, needle: &str) -> Vec<String> {
        until_line(&self.stderr, needle)
    }

    /// Type a line on the server's stdin (an operator notice or command).
    pub fn type_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("server stdin");
        writeln!(stdin, "{line}").expect("write to server stdin");
        stdin.flush().expect("flush server stdin");
    }

    pub fn peer(&self, nick: &str) -> Peer {
        let mut peer = Peer::connect(&self.addr);
        peer.send(nick);
        peer.until(|l| l.starts_with("[welcome]"));
        peer
    }
}

/// Wait for a line containing `needle` on a channel; the lines up to it (panics after WAIT).
pub fn until_line(rx: &mpsc::Receiver<String>, needle: &str) -> Vec<String> {
    let deadline = Instant::now() + WAIT;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                let done = line.contains(needle);
                seen.push(line);
                if done {
                    return seen;
                }
            }
            Err(_) => panic!("no line with {needle:?} within {WAIT:?}; saw {seen:?}"),
        }
    }
}

/// A raw TCP client speaking the protocol by hand.
pub struct Peer {
    reader: BufReader<TcpStream>,
    pub writer: TcpStream,
    partial: Vec<u8>,
}

impl Peer {
    pub fn connect(addr: &str) -> Peer {
        Peer::from_stream(TcpStream::connect(addr).expect("connect to the chat server"))
    }

    pub fn from_stream(stream: TcpStream) -> Peer {
        stream.set_read_timeout(Some(Duration::from_millis(50))).expect("read timeout");
        let writer = stream.try_clone().expect("clone socket");
        Peer { reader: BufReader::new(stream), writer, partial: Vec::new() }
    }

    pub fn send(&mut self, line: &str) {
        self.send_bytes(format!("{line}\n").as_bytes());
    }

    pub fn send_bytes(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to the chat server");
    }

    /// The next line, or None at EOF; panics when nothing arrives within WAIT.
    pub fn next(&mut self) -> Option<String> {
        match self.read_line(WAIT) {
            Ok(line) => line,
            Err(partial) => panic!("no line within {WAIT:?}; partial: {partial:?}"),
        }
    }

    /// The next line if one arrives within `limit` (None also at EOF).
    pub fn next_within(&mut self, limit: Duration) -> Option<String> {
        self.read_line(limit).ok().flatten()
    }

    /// A line (None at EOF or reset), or the partial line when `limit` passes first; a
    /// partial line is kept for the next call.
    fn read_line(&mut self, limit: Duration) -> Result<Option<String>, Vec<u8>> {
        let deadline = Instant::now() + limit;
        loop {
            match self.reader.read_until(b'\n', &mut self.partial) {
                Ok(0) => return Ok(None),
                Ok(_) if self.partial.ends_with(b"\n") => {
                    let mut line = std::mem::take(&mut self.partial);
                    line.pop();
                    return Ok(Some(String::from_utf8(line).expect("server lines are UTF-8")));
                }
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return Ok(None),
                Err(e) => panic!("read from the chat server: {e}"),
            }
            if Instant::now() >= deadline {
                return Err(self.partial.clone());
            }
        }
    }

    /// Read lines until one matches; returns the lines before it (the match is last).
    pub fn until(&mut self, want: impl Fn(&str) -> bool) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            match self.next() {
                Some(line) => {
                    let done = want(&line);
                    seen.push(line);
                    if done {
                        return seen;
                    }
                }
                None => panic!("connection closed; saw {seen:?}"),
            }
        }
    }

    /// Read until the server closes the connection; returns what arrived.
    pub fn until_closed(&mut self) -> Vec<String> {
        let mut seen = Vec::new();
        while let Some(line) = self.next() {
            seen.push(line);
        }
        seen
    }
}

#[test]
fn nick_collision_is_refused_and_retry_works() {
    let server = Server::start(&[]);
    let _alice = server.peer("alice");
    let mut other = Peer::connect(&server.addr);
    other.send("ALICE");
    assert_eq!(other.next().unwrap(), "[error] nick-taken 'ALICE' is taken; send another nickname");
    other.send("bad nick");
    assert!(other.next().unwrap().starts_with("[error] nick-invalid ' ' is not allowed"));
    other.send("alice2");
    assert_eq!(other.next().unwrap(), "[welcome] alice2");

    let out = nt_run(&["chat", "join", &server.addr, "--nick", "Alice"]);
    assert_error(&out, 6, "the server refused nickname 'Alice'");
    let out = nt_run(&["chat", "join", &server.addr, "--nick", "no:colons"]);
    assert_error(&out, 2, "invalid nickname 'no:colons'");
}

#[test]
fn broadcast_private_offline_who_nick_and_leave() {
    let server = Server::start(&["--motd", "be nice"]);
    let mut alice = server.peer("alice");
    assert_eq!(alice.until(|l| l.starts_with("[motd]")).last().unwrap(), "[motd] be nice");
    let mut bob = server.peer("bob");
    let mut carol = server.peer("carol");
    alice.until(|l| l == "[join] carol");
    bob.until(|l| l == "[join] carol");

    alice.send("hello 世界");
    assert_eq!(bob.until(|l| l.starts_with('<')), ["<alice> hello 世界"]);
    assert_eq!(carol.until(|l| l.starts_with('<')).last().unwrap(), "<alice> hello 世界");

    alice.send("/msg bob psst");
    assert_eq!(bob.next().unwrap(), "*alice* psst");
    alice.send("@Carol hi c");
    assert_eq!(carol.next().unwrap(), "*alice* hi c");
    // bob's marker reaches alice and carol after anything alice's lines caused.
    bob.send("sync");
    assert_eq!(alice.until(|l| l == "<bob> sync"), ["<bob> sync"], "no echo of alice's own lines");
    assert_eq!(carol.until(|l| l == "<bob> sync"), ["<bob> sync"], "bob's private stayed private");

    alice.send("@dave are you there");
    assert_eq!(alice.next().unwrap(), "[error] offline dave is not online");
    alice.send("/msg all to everyone");
    assert_eq!(bob.next().unwrap(), "<alice> to everyone");

    alice.send("/who");
    assert_eq!(alice.next().unwrap(), "[who] alice bob carol");
    assert_eq!(alice.next().unwrap(), "[info] 3 online");

    carol.send("/nick Caz");
    assert_eq!(alice.next().unwrap(), "[nick] carol Caz");
    carol.send("/nick bob");
    assert_eq!(
        carol.until(|l| l.starts_with("[error]")).last().unwrap(),
        "[error] nick-taken 'bob' is taken"
    );
    carol.send("/quit");
    assert!(carol.until_closed().contains(&"[info] bye".to_string()));
    assert_eq!(alice.next().unwrap(), "[leave] Caz quit");
    drop(bob);
    // bob went with unread lines: a reset, "closed" or "connection-lost" by timing.
    assert!(alice.next().unwrap().starts_with("[leave] bob "));
    alice.send("/dance");
    assert_eq!(
        alice.next().unwrap(),
        "[error] unknown-command unknown command /dance; /help lists them"
    );
    alice.send("/help");
    assert!(alice.until(|l| l.starts_with("[info] /quit")).len() >= 3);
}

#[test]
fn a_2_mib_line_without_newline_gets_an_error_not_the_server() {
    let server = Server::start(&[]);
    let mut big = server.peer("big");
    let mut other = server.peer("other");
    big.until(|l| l == "[join] other");
    let blob = vec![b'y'; 2 << 20];
    let mut writer = big.writer.try_clone().unwrap();
    let sending = std::thread::spawn(move || writer.write_all(&blob).is_ok());
    assert_eq!(big.next().unwrap(), "[error] too-long line longer than 4096 bytes; dropped");
    assert!(sending.join().unwrap());
    big.send_bytes(b"\nafter the blob\r\n");
    assert_eq!(other.until(|l| l.starts_with('<')).last().unwrap(), "<big> after the blob");
}

#[test]
fn invalid_utf8_is_refused_and_the_session_goes_on() {
    let server = Server::start(&["--max-line", "64"]);
    let mut a = server.peer("a");
    let mut b = server.peer("b");
    a.until(|l| l == "[join] b");
    b.send_bytes(b"caf\xe9 latin-1\n");
    assert_eq!(
        b.until(|l| l.starts_with("[error]")).last().unwrap(),
        "[error] bad-utf8 line is not valid UTF-8; dropped"
    );
    b.send(&"z".repeat(65));
    assert_eq!(b.next().unwrap(), "[error] too-long line longer than 64 bytes; dropped");
    b.send("caf\u{e9} utf-8 \x1b[31m");
    assert_eq!(a.next().unwrap(), "<b> caf\u{e9} utf-8 \u{fffd}[31m");
}

#[test]
fn max_clients_refuses_one_more() {
    let server = Server::start(&["--max-clients", "1"]);
    let mut only = server.peer("only");
    let mut late = Peer::connect(&server.addr);
    assert_eq!(late.until_closed(), ["[error] full server full (1 users)"]);
    let out = nt_run(&["chat", "join", &server.addr, "--nick", "late"]);
    assert_error(&out, 6, "the server refused the connection: server full");
    // Every way out gives the slot back (a refused one, a quit): the next user gets in.
    only.send("/quit");
    only.until_closed();
    drop(only);
    let deadline = Instant::now() + WAIT;
    loop {
        let mut next = Peer::connect(&server.addr);
        next.send("next");
        match next.next().unwrap_or_default() {
            line if line == "[welcome] next" => break,
            // The server may not have seen the close yet: poll until it has.
            line if line.starts_with("[error] full") && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            line => panic!("the slot was not given back: {line}"),
        }
    }
}

/// Run nt with these arguments and an empty stdin, bounded by the watchdog.
pub fn nt_run(args: &[&str]) -> std::process::Output {
    let mut cmd = nt();
    cmd.args(args);
    run_bounded(cmd, b"")
}

/// Run `nt chat join` with these flags (after the command; globals such as `-vv` are
/// accepted there too) and stdin bytes; bounded by a watchdog that kills it.
pub fn join_with_stdin(
    addr: &str,
    nick: &str,
    flags: &[&str],
    input: &[u8],
) -> std::process::Output {
    let mut cmd: Command = nt();
    cmd.args(["chat", "join", addr, "--nick", nick]).args(flags);
    run_bounded(cmd, input)
}

pub fn run_bounded(mut cmd: Command, input: &[u8]) -> std::process::Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn nt");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let pid = child.id();
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if done_rx.recv_timeout(Duration::from_secs(20)).is_err() {
            // SAFETY: kill(2) on the pid of our own child, which has not been reaped yet.
            #[cfg(unix)]
            unsafe {
                libc::kill(pid as i32, libc::SIGKILL);
            }
        }
    });
    let out = child.wait_with_output().expect("wait for nt");
    let _ = done_tx.send(());
    let _ = watchdog.join();
    out
}

/// Wait for a child to exit (killed and a panic after WAIT); its exit code.
pub fn wait_bounded(child: &mut Child) -> Option<i32> {
    let Some(status) = crate::common::status_within(child, WAIT) else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("nt chat join did not exit");
    };
    status.code()
}
