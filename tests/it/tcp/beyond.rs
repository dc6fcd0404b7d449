//! nt tcp beyond nc: `--exec`/`--sh-exec` (with nt, nc and socat as clients), the port
//! scan of `-z HOST PORTS`, `--source`, `unix:/path`, and `--progress` with a total.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::{Command, Stdio};

use super::{accept_one, connect, exchange, serve};
#[cfg(unix)]
use crate::common::Pty;
use crate::common::{
    ClosedPort, LIMIT, Running as Peer, assert_error, join_within, nt, run, stderr_text,
    stdout_text,
};

/// Send `input`, half-close, and read the answer, with a client program given as argv.
fn client(argv: &[&str], input: &[u8]) -> Vec<u8> {
    let mut cmd = Command::new(argv[0]);
    cmd.args(&argv[1..]);
    let (status, out, err) = run(cmd, input.to_vec());
    assert!(status.success(), "{argv:?}: {err}");
    out
}

#[test]
fn exec_runs_one_program_per_client_without_a_shell() {
    let server = serve(&["-k", "127.0.0.1:0", "--exec", "tr a-z A-Z"]);
    let addr = server.addr();
    let (status, out, err) = run(connect(addr, &[]), b"hello from nt\n".to_vec());
    assert!(status.success(), "{err}");
    assert_eq!(out, b"HELLO FROM NT\n");
    // Several at once: each has its own process.
    let a = TcpStream::connect(addr).unwrap();
    let b = TcpStream::connect(addr).unwrap();
    let (ta, tb) = (
        std::thread::spawn(move || exchange(a, b"a".repeat(100_000))),
        std::thread::spawn(move || exchange(b, b"b".repeat(100_000))),
    );
    assert_eq!(ta.join().unwrap(), b"A".repeat(100_000));
    assert_eq!(tb.join().unwrap(), b"B".repeat(100_000));
    drop(server);

    // No shell: `$HOME` and `;` reach the program as they are.
    let server = serve(&["127.0.0.1:0", "--exec", "echo $HOME;id"]);
    let (_, out, _) = run(connect(server.addr(), &[]), Vec::new());
    assert_eq!(out, b"$HOME;id\n");
}

#[test]
#[ignore = "needs socat netcat-openbsd: apt-get install socat netcat-openbsd"]
fn exec_and_unix_servers_take_nc_and_socat_as_clients() {
    let server = serve(&["-k", "127.0.0.1:0", "--exec", "tr a-z A-Z"]);
    let addr = server.addr();
    let (host, port) = (addr.ip().to_string(), addr.port().to_string());
    assert_eq!(client(&["nc", "-N", &host, &port], b"from nc\n"), b"FROM NC\n");
    let target = format!("TCP:{addr}");
    assert_eq!(client(&["socat", "-", &target], b"from socat\n"), b"FROM SOCAT\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("echo.sock");
    let echo = serve(&["-k", "--echo", &format!("unix:{}", path.display())]);
    echo.listening_text();
    let target = format!("UNIX-CONNECT:{}", path.display());
    assert_eq!(client(&["socat", "-", &target], b"echo me\n"), b"echo me\n");
}

#[test]
fn sh_exec_goes_through_sh_and_the_program_exit_closes_the_connection() {
    let mut server = serve(&["-k", "127.0.0.1:0", "--sh-exec", "head -c 3; echo; echo oops >&2"]);
    let addr = server.addr();
    // The client keeps its stdin open: only the program's exit can end the connection.
    let mut client = Peer::spawn(connect(addr, &[]));
    client.feed(b"abcdef");
    let (status, out, err) = client.finish();
    assert!(status.success(), "{err}");
    assert_eq!(out, b"abc\n");
    let err = server.wait_stderr("oops", 1);
    assert!(err.contains("oops"), "the program's stderr is nt's: {err}");
    drop(server.stdin.take());
}

#[test]
fn exec_of_a_missing_program_is_exit_3_and_a_failing_one_a_warning() {
    let out = nt()
        .args(["tcp", "serve", "127.0.0.1:0", "--exec", "no-such-program-xyz"])
        .output()
        .unwrap();
    assert_error(&out, 3, "cannot find the program");
    let out = nt().args(["tcp", "serve", "127.0.0.1:0", "--exec", "'unclosed"]).output().unwrap();
    assert_error(&out, 2, "--exec");
    let server = serve(&["127.0.0.1:0", "--sh-exec", "exit 7"]);
    let (status, _, _) = run(connect(server.addr(), &[]), Vec::new());
    assert!(status.success());
    let (status, _, err) = server.finish();
    assert!(status.success(), "{err}");
    assert!(err.contains("ended with exit status: 7"), "{err}");
}

#[test]
fn scan_finds_exactly_the_open_ports_in_order() {
    let listeners: Vec<TcpListener> =
        (0..3).map(|_| TcpListener::bind("127.0.0.1:0").unwrap()).collect();
    let mut open: Vec<u16> = listeners.iter().map(|l| l.local_addr().unwrap().port()).collect();
    open.sort_unstable();
    let closed_port = ClosedPort::new();
    let closed = closed_port.0;
    let list = format!("{},{},{},{closed}", open[2], open[0], open[1]);
    let out = nt().args(["tcp", "connect", "-z", "127.0.0.1", &list]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_text(&out));
    let want: String = open.iter().map(|p| format!("{p}\n")).collect();
    assert_eq!(stdout_text(&out), want);

    let out = nt().args(["--json", "tcp", "connect", "-z", "localhost", &list]).output().unwrap();
    let events: Vec<serde_json::Value> =
        stdout_text(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(events.len(), 4);
    for e in &events {
        let port = e["port"].as_u64().unwrap() as u16;
        assert_eq!(e["open"], open.contains(&port), "{e}");
        assert!(e["ms"].as_f64().unwrap() >= 0.0);
    }

    let range = format!("{closed}-{closed}");
    let out = nt()
        .args(["tcp", "connect", "-z", "127.0.0.1", &range, "--concurrency", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "none open: {}", stderr_text(&out));
    assert!(out.stdout.is_empty());
    let out = nt().args(["tcp", "connect", "-z", "127.0.0.1:80", "22"]).output().unwrap();
    assert_error(&out, 2, "without a port");
    drop(listeners);
}

#[test]
fn a_connection_to_itself_is_not_an_open_port() {
    // Bound to the probed port, the kernel's simultaneous open connects the socket to
    // itself. On 127.0.0.3, where no other test binds, so the port stays free meanwhile.
    let free = || TcpListener::bind("127.0.0.3:0").unwrap().local_addr().unwrap().port();
    let target = format!("127.0.0.3:{}", free());
    let out = nt().args(["tcp", "connect", "-z", &target, "--source", &target]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_text(&out));
    assert!(stderr_text(&out).contains("to itself"), "{}", stderr_text(&out));
    // The scan, on another port (the first one's socket pair is in TIME_WAIT now).
    let port = free();
    let source = format!("127.0.0.3:{port}");
    let out = nt()
        .args(["tcp", "connect", "-z", "127.0.0.3", &port.to_string(), "--source", &source])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_text(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn source_binds_the_local_end() {
    let (addr, seen) = accept_one(|mut s, peer| {
        let mut got = Vec::new();
        s.read_to_end(&mut got).unwrap();
        s.write_all(peer.ip().to_string().as_bytes()).unwrap();
        got
    });
    let (status, out, err) = run(connect(addr, &["--source", "127.0.0.2"]), b"hi".to_vec());
    assert!(status.success(), "{err}");
    assert_eq!(out, b"127.0.0.2");
    assert_eq!(seen.join().unwrap(), b"hi");
    let out = nt().args(["tcp", "connect", &addr.to_string(), "--source", "::1"]).output().unwrap();
    assert_error(&out, 4, "not the same IP version");
}

#[cfg(unix)]
#[test]
fn unix_sockets_serve_and_connect_and_stale_files_are_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nt.sock");
    let endpoint = format!("unix:{}", path.display());
    // A stale socket file (its server is gone) does not stop a new server.
    drop(std::os::unix::net::UnixListener::bind(&path).unwrap());
    let mut server = serve(&[&endpoint]);
    assert_eq!(server.listening_text(), endpoint);
    let feeder = server.feed_and_close(b"from server\n".to_vec());
    let mut cmd = nt();
    cmd.args(["tcp", "connect", &endpoint]);
    let (status, out, err) = run(cmd, b"from client\n".to_vec());
    assert!(status.success(), "{err}");
    assert_eq!(out, b"from server\n");
    let (status, got, err) = server.finish();
    let _ = join_within(feeder, LIMIT);
    assert!(status.success(), "{err}");
    assert_eq!(got, b"from client\n");
    assert!(!path.exists(), "the server removes its socket file");

    // A live server's socket is not taken over; socat is a client too.
    let echo = serve(&["-k", "--echo", &endpoint]);
    assert_eq!(echo.listening_text(), endpoint);
    let out = nt().args(["tcp", "serve", &endpoint]).output().unwrap();
    assert_error(&out, 4, "a server listens there");
    let mut cmd = nt();
    cmd.args(["tcp", "connect", &endpoint]);
    let (status, out, err) = run(cmd, b"echo me\n".to_vec());
    assert!(status.success(), "{err}");
    assert_eq!(out, b"echo me\n");
    let out = nt().args(["udp", "send", &endpoint, "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "udp takes no unix: address");
}

#[cfg(unix)]
#[test]
fn progress_on_a_file_shows_a_total_and_an_eta() {
    let Some(pty) = Pty::open() else { panic!("no pseudo-terminal here") };
    let (addr, sink) = accept_one(|mut s, _| {
        let mut n = 0;
        let mut buf = vec![0u8; 1 << 16];
        while let Ok(k @ 1..) = s.read(&mut buf) {
            n += k;
        }
        let _ = s.shutdown(Shutdown::Both);
        n
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.bin");
    std::fs::write(&file, vec![1u8; 8 << 20]).unwrap();
    let mut cmd = connect(addr, &["--progress"]);
    cmd.env("TERM", "xterm")
        .stdin(std::fs::File::open(&file).unwrap())
        .stdout(Stdio::null())
        .stderr(pty.stdio());
    let mut child = crate::common::KillOnDrop(cmd.spawn().unwrap());
    let shown = pty.read_until("sent 8.0 MiB");
    let status = child.status_within(LIMIT).expect("nt ends");
    assert!(status.success(), "{shown:?}");
    assert_eq!(sink.join().unwrap(), 8 << 20);
    assert!(shown.contains("ETA"), "a bar with an ETA: {shown:?}");
    assert!(shown.contains("8.00 MiB"), "a bar with the total: {shown:?}");
}
