//! Ports for the peers that are not nt. nt's own servers bind `127.0.0.1:0` and announce
//! the port they got (`listening on ADDR`, read by `Running::addr`); nothing here is for
//! them. What is here: a port held closed (for a refused connection), and the start of a
//! foreign server that takes its port from its own config (dovecot, redis-server, dante,
//! vsftpd, ...), where no test can hand over a bound socket.
//!
//! A port found free and then released can be taken by any other process before the
//! server binds it, so a foreign server is only counted as started once it listens on the
//! port itself (its own socket, read from /proc); otherwise it is started again on
//! another port. No helper here returns a port that nobody holds.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{KillOnDrop, LIMIT};

/// A TCP port on 127.0.0.1 where nothing listens, held (bound, not listening) for as long
/// as the value lives: a connection to it is refused, and no other test can take the port
/// meanwhile.
pub struct ClosedPort(pub u16, socket2::Socket);

impl ClosedPort {
    pub fn new() -> ClosedPort {
        use socket2::{Domain, Socket, Type};
        let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("a TCP socket");
        let any: SocketAddr = "127.0.0.1:0".parse().expect("an address");
        socket.bind(&any.into()).expect("bind 127.0.0.1:0");
        let port = socket.local_addr().ok().and_then(|a| a.as_socket()).expect("its port").port();
        ClosedPort(port, socket)
    }

    /// `127.0.0.1:PORT`, where a connection is refused.
    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.0)
    }
}

/// How many ports a foreign server is tried on before the test gives up.
const TRIES: usize = 20;

/// Run `start` on `N` ports that were free a moment ago until it says the server took
/// them (`Some`): the server of the returned value listens on them. `start` gives `None`
/// when the server did not take the ports (another process bound one since), which
/// [`spawn_listening`] finds out for a server in its own process.
pub fn on_free_ports<const N: usize, T>(
    what: &str,
    mut start: impl FnMut([u16; N]) -> Option<T>,
) -> T {
    for _ in 0..TRIES {
        // All N held at once, so they differ; released just before the server binds them.
        let held: Vec<std::net::TcpListener> = (0..N)
            .map(|_| std::net::TcpListener::bind("127.0.0.1:0").expect("a port on loopback"))
            .collect();
        let ports: [u16; N] = std::array::from_fn(|i| {
            held[i].local_addr().expect("a bound listener has an address").port()
        });
        drop(held);
        if let Some(started) = start(ports) {
            return started;
        }
    }
    // Twenty taken ports in a row are not a race: the server cannot start at all.
    panic!("{what} did not start on any of {TRIES} free ports (is its config valid?)");
}

/// Start a server on a free port, its output discarded (`command` makes its command line
/// for a port), and wait until it listens there; returns the server and its port.
pub fn start_quiet(what: &str, command: impl Fn(u16) -> Command) -> (KillOnDrop, u16) {
    on_free_ports(what, |[port]| {
        let mut cmd = command(port);
        cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        spawn_listening(&mut cmd, &[port]).map(|server| (server, port))
    })
}

/// `python3` with the packages that `.ci/run` installs under `target/py` (pyftpdlib,
/// aiosmtpd, mailpit's client) on its path.
pub fn python() -> Command {
    let mut cmd = Command::new("python3");
    cmd.env("PYTHONPATH", Path::new(env!("CARGO_MANIFEST_DIR")).join("target/py"));
    cmd
}

/// Spawn `cmd` (its stdio as the caller set it) and wait
/// (up to LIMIT) until the process, or one of its children, listens on TCP `ports` on
/// its own sockets. None when it ends first (it could not bind: the port was taken).
pub fn spawn_listening(cmd: &mut Command, ports: &[u16]) -> Option<KillOnDrop> {
    let mut child = KillOnDrop(cmd.spawn().expect("start the server"));
    let deadline = Instant::now() + LIMIT;
    while !ports.iter().all(|&port| listens(child.0.id(), port)) {
        if child.0.try_wait().ok().flatten().is_some() {
            return None;
        }
        assert!(Instant::now() < deadline, "{cmd:?} did not listen on {ports:?} in time");
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(child)
}

/// Whether process `pid` or a descendant holds a TCP socket listening on `port`.
fn listens(pid: u32, port: u16) -> bool {
    let inodes = listening_inodes(port);
    !inodes.is_empty() && family(pid).iter().any(|&p| holds_socket(p, &inodes))
}

/// The inodes of the TCP sockets (v4 and v6) that listen on `port`, from /proc/net.
fn listening_inodes(port: u16) -> Vec<String> {
    let mut inodes = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let text = std::fs::read_to_string(table).unwrap_or_default();
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // sl, local_address (HEXIP:HEXPORT), rem_address, st (0A = LISTEN), ..., inode
            let Some(local) = fields.get(1) else { continue };
            let listening = fields.get(3) == Some(&"0A");
            let on_port = local.rsplit(':').next() == Some(&format!("{port:04X}")[..]);
            if listening
                && on_port
                && let Some(inode) = fields.get(9)
            {
                inodes.push(inode.to_string());
            }
        }
    }
    inodes
}

/// `pid` and its descendants, by the parent pid in every /proc/PID/stat (the kernel here
/// may lack /proc/PID/task/TID/children).
fn family(pid: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let child: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // `PID (COMM) STATE PPID ...`; COMM may hold spaces and parentheses.
            let after = &stat[stat.rfind(')')? + 1..];
            Some((child, after.split_whitespace().nth(1)?.parse().ok()?))
        })
        .collect();
    let mut all = vec![pid];
    let mut next = 0;
    while next < all.len() {
        let parent = all[next];
        all.extend(parents.iter().filter(|&&(_, p)| p == parent).map(|&(c, _)| c));
        next += 1;
    }
    all
}

/// Whether one of `pid`'s open files is a socket with one of these inodes.
fn holds_socket(pid: u32, inodes: &[String]) -> bool {
    let fds = Path::new("/proc").join(pid.to_string()).join("fd");
    std::fs::read_dir(fds).into_iter().flatten().flatten().any(|fd| {
        let target = std::fs::read_link(fd.path()).unwrap_or_default();
        let target = target.to_string_lossy();
        let inode = target.strip_prefix("socket:[").and_then(|t| t.strip_suffix(']'));
        inode.is_some_and(|i| inodes.iter().any(|want| want == i))
    })
}
