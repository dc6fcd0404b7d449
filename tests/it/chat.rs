//! nt chat against real peers: the real `nt chat serve` on 127.0.0.1:0, raw TCP clients
//! speaking the documented line protocol, and the real `nt chat join` binary.
//!
//! Every wait is bounded: socket reads time out, and every child process is killed on Drop.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::{KillOnDrop, assert_error, free_port, nt, stderr_text, stdout_text};

const WAIT: Duration = Duration::from_secs(10);

/// `nt chat serve` on a kernel-chosen port; killed on Drop.
struct Server {
    /// Kept for its Drop: the server is killed when the test ends.
    _process: KillOnDrop,
    stdin: Option<ChildStdin>,
    addr: String,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let mut child = nt()
            .args(["chat", "serve", "127.0.0.1:0"])
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start nt chat serve");
        let stdin = child.stdin.take();
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Keep draining stderr so the server never blocks on it.
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + WAIT;
        let addr = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
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
        Server { _process: KillOnDrop(child), stdin, addr }
    }

    /// Type a line on the server's stdin (an operator notice).
    fn type_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("server stdin");
        writeln!(stdin, "{line}").expect("write to server stdin");
        stdin.flush().expect("flush server stdin");
    }

    fn peer(&self, nick: &str) -> Peer {
        let mut peer = Peer::connect(&self.addr);
        peer.send(nick);
        peer.until(|l| l.starts_with("[welcome]"));
        peer
    }
}

/// A raw TCP client speaking the protocol by hand.
struct Peer {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Peer {
    fn connect(addr: &str) -> Peer {
        let stream = TcpStream::connect(addr).expect("connect to the chat server");
        stream.set_read_timeout(Some(Duration::from_millis(200))).expect("read timeout");
        let writer = stream.try_clone().expect("clone socket");
        Peer { reader: BufReader::new(stream), writer }
    }

    fn send(&mut self, line: &str) {
        self.send_bytes(format!("{line}\n").as_bytes());
    }

    fn send_bytes(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to the chat server");
    }

    /// The next line, or None at EOF; panics when nothing arrives within WAIT.
    fn next(&mut self) -> Option<String> {
        let deadline = Instant::now() + WAIT;
        let mut line = Vec::new();
        loop {
            match self.reader.read_until(b'\n', &mut line) {
                Ok(0) => return None,
                Ok(_) if line.ends_with(b"\n") => {
                    line.pop();
                    return Some(String::from_utf8(line).expect("server lines are UTF-8"));
                }
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return None,
                Err(e) => panic!("read from the chat server: {e}"),
            }
            assert!(Instant::now() < deadline, "no line within {WAIT:?}; partial: {line:?}");
        }
    }

    /// Read lines until one matches; returns the lines before it (the match is last).
    fn until(&mut self, want: impl Fn(&str) -> bool) -> Vec<String> {
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
    fn until_closed(&mut self) -> Vec<String> {
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
fn server_stdin_lines_are_notices() {
    let mut server = Server::start(&[]);
    let mut alice = server.peer("alice");
    let mut bob = server.peer("bob");
    alice.until(|l| l == "[join] bob");
    server.type_line("maintenance at 5");
    assert_eq!(alice.next().unwrap(), "[notice] maintenance at 5");
    assert_eq!(
        bob.until(|l| l.starts_with("[notice]")).last().unwrap(),
        "[notice] maintenance at 5"
    );
}

#[test]
fn a_client_that_never_reads_does_not_delay_the_others() {
    let server = Server::start(&["--rate", "0"]);
    // The stuck client: a small receive buffer, and it never reads.
    let stuck = {
        use socket2::{Domain, Socket, Type};
        let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        socket.set_recv_buffer_size(4096).unwrap();
        let addr: std::net::SocketAddr = server.addr.parse().unwrap();
        socket.connect(&addr.into()).unwrap();
        let mut stream: TcpStream = socket.into();
        stream.write_all(b"stuck\n").unwrap();
        stream
    };
    let mut reader = server.peer("reader");
    let mut sender = server.peer("sender");
    reader.until(|l| l == "[join] sender");
    let filler = "x".repeat(1000);
    let started = Instant::now();
    let mut got = 0;
    let mut stuck_left = false;
    // 100 rounds of 100 lines of 1 KB: the reader takes each round before the next is sent
    // (a reader that falls a whole queue behind would rightly be dropped too), while the
    // stuck client's queue and socket buffers overflow long before the 10 MB are through.
    for round in 0..100 {
        let batch: String =
            (round * 100..round * 100 + 100).map(|i| format!("{i} {filler}\n")).collect();
        sender.send_bytes(batch.as_bytes());
        while got < round * 100 + 100 {
            let Some(line) = reader.next() else { panic!("reader disconnected after {got} lines") };
            if line.starts_with("<sender> ") {
                assert!(line.starts_with(&format!("<sender> {got} ")), "in order: {got}");
                got += 1;
            } else if line == "[leave] stuck too-slow" {
                stuck_left = true;
            }
        }
    }
    let took = started.elapsed();
    assert!(took < Duration::from_secs(15), "10,000 lines took {took:?}");
    if !stuck_left {
        reader.until(|l| l == "[leave] stuck too-slow");
    }
    drop(stuck);
    sender.send("still here");
    assert_eq!(reader.until(|l| l.starts_with('<')).last().unwrap(), "<sender> still here");
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
fn a_flood_disconnects_only_the_flooder() {
    let server = Server::start(&["--rate", "5", "--burst", "10"]);
    let mut calm = server.peer("calm");
    let mut flooder = server.peer("flooder");
    calm.until(|l| l == "[join] flooder");
    flooder.send_bytes("spam\n".repeat(50).as_bytes());
    let seen = flooder.until_closed();
    assert!(
        seen.contains(
            &"[error] flood more than 10 lines in a burst or 5 lines/s; disconnected".into()
        ),
        "{seen:?}"
    );
    let seen = calm.until(|l| l.starts_with("[leave]"));
    assert_eq!(seen.iter().filter(|l| *l == "<flooder> spam").count(), 10);
    assert_eq!(seen.last().unwrap(), "[leave] flooder flood");

    // The same through `nt chat join`: exit 4 with one error line.
    let lines = "spam\n".repeat(50);
    let out = join_with_stdin(&server.addr, "nt2", &[], lines.as_bytes());
    assert_error(&out, 4, "disconnected by the server: more than 10 lines");
}

#[test]
fn max_clients_refuses_one_more() {
    let server = Server::start(&["--max-clients", "1"]);
    let _only = server.peer("only");
    let mut late = Peer::connect(&server.addr);
    assert_eq!(late.until_closed(), ["[error] full server full (1 users)"]);
    let out = nt_run(&["chat", "join", &server.addr, "--nick", "late"]);
    assert_error(&out, 6, "the server refused the connection: server full");
}

/// Run nt with these arguments and an empty stdin, bounded by the watchdog.
fn nt_run(args: &[&str]) -> std::process::Output {
    let mut cmd = nt();
    cmd.args(args);
    run_bounded(cmd, b"")
}

/// Run `nt chat join` with these stdin bytes; bounded by a watchdog that kills it.
fn join_with_stdin(addr: &str, nick: &str, flags: &[&str], input: &[u8]) -> std::process::Output {
    let mut cmd: Command = nt();
    cmd.args(flags).args(["chat", "join", addr, "--nick", nick]);
    run_bounded(cmd, input)
}

fn run_bounded(mut cmd: Command, input: &[u8]) -> std::process::Output {
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

#[test]
fn join_sends_stdin_and_exits_after_the_server_has_everything() {
    let server = Server::start(&["--rate", "0"]);
    let mut bob = server.peer("bob");
    let mut input = String::from("hi from nt\r\n/msg bob secret\n");
    for i in 0..300 {
        input.push_str(&format!("line {i}\n"));
    }
    let out = join_with_stdin(&server.addr, "nt1", &[], input.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr_text(&out));
    let stdout = stdout_text(&out);
    assert!(stdout.starts_with("[welcome] nt1\n[info] 2 online"), "{stdout}");
    let seen = bob.until(|l| l == "[leave] nt1 closed");
    let from_nt: Vec<&String> = seen.iter().filter(|l| l.contains("nt1")).collect();
    assert_eq!(from_nt.len(), 1 + 2 + 300 + 1, "{seen:?}");
    assert_eq!(from_nt[0], "[join] nt1");
    assert_eq!(from_nt[1], "<nt1> hi from nt");
    assert_eq!(from_nt[2], "*nt1* secret");
    for (i, line) in from_nt[3..303].iter().enumerate() {
        assert_eq!(**line, format!("<nt1> line {i}"));
    }
}

#[test]
fn join_json_events_and_sanitized_text() {
    let mut server = Server::start(&[]);
    let mut bob = server.peer("bob");
    let mut child = nt()
        .args(["--json", "chat", "join", &server.addr, "--nick", "watcher"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut events: Vec<serde_json::Value> = Vec::new();
    let wait_for = |event: &str, events: &mut Vec<serde_json::Value>| loop {
        let line = rx.recv_timeout(WAIT).expect("an event from nt chat join --json");
        let value: serde_json::Value =
            serde_json::from_str(&line).expect("one JSON object per line");
        let done = value["event"] == event;
        events.push(value);
        if done {
            break;
        }
    };
    wait_for("welcome", &mut events);
    bob.until(|l| l == "[join] watcher");
    bob.send("hello \x1b[2J all");
    bob.send("@watcher just you");
    wait_for("private", &mut events);
    server.type_line("notice text");
    wait_for("notice", &mut events);
    let mut carol = server.peer("carol");
    carol.send("/quit");
    carol.until_closed();
    wait_for("leave", &mut events);
    drop(child.stdin.take());
    let status = wait_bounded(&mut child);
    assert_eq!(status, Some(0));
    let find = |kind: &str| events.iter().find(|e| e["event"] == kind).cloned().unwrap_or_default();
    assert_eq!(find("message")["from"], "bob");
    assert_eq!(find("message")["text"], "hello \u{fffd}[2J all");
    assert_eq!(
        find("private"),
        serde_json::json!({"event":"private","from":"bob","text":"just you"})
    );
    assert_eq!(find("notice"), serde_json::json!({"event":"notice","text":"notice text"}));
    assert_eq!(find("join"), serde_json::json!({"event":"join","nick":"carol"}));
    assert_eq!(find("leave"), serde_json::json!({"event":"leave","nick":"carol","reason":"quit"}));
}

fn wait_bounded(child: &mut Child) -> Option<i32> {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return status.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nt chat join did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn join_prints_server_lines_sanitized_and_ends_when_the_server_closes() {
    let server = Server::start(&[]);
    let mut bob = server.peer("bob");
    let mut child = nt()
        .args(["chat", "join", &server.addr, "--nick", "eve"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    bob.until(|l| l == "[join] eve");
    bob.send("tab\there");
    bob.send("/who");
    bob.until(|l| l.starts_with("[info]"));
    drop(server);
    // stdin is still open: the client must notice the server is gone and exit by itself.
    let status = wait_bounded(&mut child);
    let mut stdout = String::new();
    child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
    assert_eq!(status, Some(0), "{stdout}");
    assert!(stdout.contains("<bob> tab\there\n"), "{stdout}");
}

#[test]
fn join_errors_have_exit_codes() {
    let port = free_port();
    let out = nt_run(&["chat", "join", &format!("127.0.0.1:{port}"), "--nick", "x"]);
    assert_error(&out, 4, "cannot connect to 127.0.0.1:");
    let out = nt_run(&["chat", "join", "127.0.0.1", "--nick", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let out = nt_run(&["chat", "serve", "127.0.0.1:0", "--max-line", "lots"]);
    assert_eq!(out.status.code(), Some(2));
    // A port that is taken: exit 4 with one error line.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = nt_run(&["chat", "serve", &addr]);
    assert_error(&out, 4, "cannot listen on");
}

#[test]
fn join_gives_up_on_a_server_that_is_not_a_chat_server() {
    // Accepts and says nothing: no welcome within --timeout.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap().to_string();
    let mut cmd = nt();
    cmd.args(["chat", "join", &addr, "--nick", "x", "--timeout", "300ms"]);
    let out = run_bounded(cmd, b"");
    assert_error(&out, 4, "no welcome from");
    assert!(stderr_text(&out).contains("hint: is it an nt chat server?"));
    drop(silent);

    // Accepts and closes at once.
    let closer = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = closer.local_addr().unwrap().to_string();
    let accepting = std::thread::spawn(move || {
        if let Ok((mut stream, _)) = closer.accept() {
            let mut nick = [0u8; 2];
            let _ = stream.read(&mut nick);
        }
    });
    let out = join_with_stdin(&addr, "x", &[], b"");
    assert_error(&out, 4, "closed the connection before accepting the nickname");
    accepting.join().unwrap();
}
