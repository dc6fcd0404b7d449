//! `nt chat serve --cluster`: three nodes on one real redis-server started by the test
//! (Debian's `redis-server`, on a free loopback port, with a config of its own and no
//! persistence). What a user sees must not change across nodes: lines, `/msg`, the offline
//! notice, `/who`, joins and leaves, and nickname uniqueness.
//!
//! - this file: the Redis starter and the cases of one healthy cluster;
//! - `cluster/failures`: a node killed, Redis restarted, Redis unreachable, a partition
//!   where the older lease wins, passwords and TLS;
//! - `cluster/hostile`: a hostile Redis (endless replies), forged payloads on the bus,
//!   made-up nodes, and the nicknames of a dead node freed at once.
//!
//! Leases are short here (`--lease 2s`) so that the failure cases end quickly.

mod failures;
mod hostile;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Peer, Server, until_line};
use crate::common::{KillOnDrop, nt, on_free_ports, spawn_listening};

/// The lease every node of these tests takes (the users of a dead node go within it).
const LEASE: &str = "2s";

/// A redis-server of the test's own, killed on Drop.
pub struct Redis {
    pub port: u16,
    dir: tempfile::TempDir,
    extra: Vec<String>,
    tls: bool,
    process: Option<KillOnDrop>,
}

impl Redis {
    pub fn start(extra: &[&str]) -> Redis {
        Redis::on_a_free_port(extra, false)
    }

    /// Redis on a TLS port only (the plain one off); `extra` names the certificates.
    pub fn start_tls(extra: &[&str]) -> Redis {
        Redis::on_a_free_port(extra, true)
    }

    fn on_a_free_port(extra: &[&str], tls: bool) -> Redis {
        let dir = tempfile::tempdir().expect("a temp dir for redis-server");
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        let mut redis = Redis { port: 0, dir, extra, tls, process: None };
        let process = on_free_ports("redis-server", |[port]| {
            redis.port = port;
            redis.spawn()
        });
        redis.process = Some(process);
        redis
    }

    /// Start it again on its port (after `stop`).
    pub fn launch(&mut self) {
        self.process = Some(self.spawn().expect("redis-server takes its port again"));
    }

    /// redis-server on `self.port`, once it listens there; None if it could not bind.
    fn spawn(&self) -> Option<KillOnDrop> {
        // With TLS, the TLS port is the one to reach (the plain one is off).
        let (plain, tls) = if self.tls { (0, self.port) } else { (self.port, 0) };
        let mut cmd = Command::new("redis-server");
        cmd.args(["--port", &plain.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--dir"])
            .arg(self.dir.path())
            .args(&self.extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if self.tls {
            cmd.args(["--tls-port", &tls.to_string()]);
        }
        spawn_listening(&mut cmd, &[self.port])
    }

    /// Kill it (SIGKILL: every connection drops, every lease is lost).
    pub fn stop(&mut self) {
        self.process = None;
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Send one command in RESP and read the first line of the answer.
    pub fn command(&self, args: &[&[u8]]) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to redis");
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut wire = format!("*{}\r\n", args.len()).into_bytes();
        for arg in args {
            wire.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
            wire.extend_from_slice(arg);
            wire.extend_from_slice(b"\r\n");
        }
        stream.write_all(&wire).unwrap();
        let mut line = String::new();
        BufReader::new(stream).read_line(&mut line).unwrap();
        line.trim_end().to_string()
    }
}

/// A node of the cluster on `url`, named `name`.
pub fn node(url: &str, name: &str, extra: &[&str]) -> Server {
    let mut cmd = nt();
    cmd.args(["-v", "chat", "serve", "127.0.0.1:0", "--cluster", url, "--node", name]);
    cmd.args(["--lease", LEASE, "--timeout", "2s"]).args(extra);
    Server::spawn(cmd)
}

/// Three nodes on one Redis.
fn three(redis: &Redis) -> [Server; 3] {
    ["n1", "n2", "n3"].map(|name| node(&redis.url(), name, &[]))
}

/// Join as `nick` once its lease in Redis is free (retrying within `limit`).
pub fn join_when_free(addr: &str, nick: &str, limit: Duration) -> Peer {
    let deadline = Instant::now() + limit;
    loop {
        let mut peer = Peer::connect(addr);
        peer.send(nick);
        if peer.next().unwrap() == format!("[welcome] {nick}") {
            return peer;
        }
        assert!(Instant::now() < deadline, "the lease of {nick} was never freed");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Ask `/who` until the answer is `want` (or the time is up); the last answer.
pub fn who_until(peer: &mut Peer, want: &str, limit: Duration) -> String {
    let deadline = Instant::now() + limit;
    loop {
        peer.send("/who");
        let got = peer.until(|l| l.starts_with("[who]")).pop().unwrap_or_default();
        if got == want || Instant::now() > deadline {
            return got;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
#[ignore = "needs redis-server: apt-get install redis-server"]
fn lines_private_messages_the_offline_notice_and_who_cross_nodes() {
    let redis = Redis::start(&[]);
    let [mut n1, n2, n3] = three(&redis);
    let mut alice = n1.peer("alice");
    let mut bob = n2.peer("bob");
    let mut carol = n3.peer("carol");
    alice.until(|l| l == "[join] carol");
    bob.until(|l| l == "[join] carol");

    // A join on another node may reach a newcomer's node just after the newcomer is in.
    alice.send("hello from n1");
    assert_eq!(bob.until(|l| l.starts_with('<')).pop().unwrap(), "<alice> hello from n1");
    assert_eq!(carol.until(|l| l.starts_with('<')).pop().unwrap(), "<alice> hello from n1");
    carol.send("and from n3");
    assert_eq!(alice.until(|l| l.starts_with('<')).pop().unwrap(), "<carol> and from n3");
    assert_eq!(bob.next().unwrap(), "<carol> and from n3");

    alice.send("/msg Carol psst");
    assert_eq!(carol.next().unwrap(), "*alice* psst");
    bob.send("@alice hi a");
    assert_eq!(alice.next().unwrap(), "*bob* hi a");
    bob.send("sync");
    assert_eq!(carol.next().unwrap(), "<bob> sync", "bob's private line stayed private");
    assert_eq!(alice.next().unwrap(), "<bob> sync");
    alice.send("@dave are you there");
    assert_eq!(alice.next().unwrap(), "[error] offline dave is not online");
    alice.send("/msg all to everyone");
    assert_eq!(carol.next().unwrap(), "<alice> to everyone");

    carol.send("/who");
    assert_eq!(carol.next().unwrap(), "[who] alice bob carol");
    assert_eq!(carol.next().unwrap(), "[info] 3 online");
    n1.type_line("/who");
    assert_eq!(until_line(&n1.stdout, "carol"), ["alice\tn1", "bob\tn2", "carol\tn3"]);
    n1.log_until("3 online, 1 on this node (n1)");
    n1.type_line("maintenance at 5");
    assert_eq!(carol.next().unwrap(), "[notice] maintenance at 5");

    carol.send("/quit");
    assert_eq!(alice.until(|l| l.starts_with("[leave]")).pop().unwrap(), "[leave] carol quit");
    assert_eq!(bob.until(|l| l.starts_with("[leave]")).pop().unwrap(), "[leave] carol quit");
}

#[test]
#[ignore = "needs redis-server: apt-get install redis-server"]
fn a_nickname_or_its_look_alike_is_taken_on_every_node_and_a_change_moves_the_lease() {
    let redis = Redis::start(&[]);
    let [n1, n2, n3] = three(&redis);
    let mut alice = n1.peer("alice");
    for (node, nick) in [(&n2, "alice"), (&n3, "ALICE"), (&n2, "\u{430}lice"), (&n3, "ａｌｉｃｅ")]
    {
        let mut other = Peer::connect(&node.addr);
        other.send(nick);
        let want = format!("[error] nick-taken '{nick}' is taken; send another nickname");
        assert_eq!(other.next().unwrap(), want);
    }
    let mut bob = n2.peer("bob");
    alice.until(|l| l == "[join] bob");
    alice.send("/nick Bob");
    assert_eq!(alice.next().unwrap(), "[error] nick-taken 'Bob' is taken");
    alice.send("/nick alicia");
    assert_eq!(alice.next().unwrap(), "[nick] alice alicia");
    assert_eq!(bob.until(|l| l.starts_with("[nick]")).pop().unwrap(), "[nick] alice alicia");
    // The lease moved: the old name is free on another node, the new one is not.
    let _alice2 = n3.peer("alice");
    let mut late = Peer::connect(&n3.addr);
    late.send("Alicia");
    assert_eq!(late.next().unwrap(), "[error] nick-taken 'Alicia' is taken; send another nickname");
    let key = b"nt:chat:nick:alicia";
    assert!(redis.command(&[b"GET", key]).starts_with("$"), "the lease is in Redis");
    drop(alice);
    bob.until(|l| l.starts_with("[leave] alicia"));
    // Released on leaving (compare-and-delete), not left to expire.
    let deadline = Instant::now() + Duration::from_secs(1);
    while redis.command(&[b"GET", key]) != "$-1" {
        assert!(Instant::now() < deadline, "the lease of a user who left is still there");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
#[ignore = "needs redis-server: apt-get install redis-server"]
fn a_hostile_payload_on_the_bus_is_dropped_or_cleaned() {
    let redis = Redis::start(&[]);
    let n1 = node(&redis.url(), "n1", &[]);
    let mut alice = n1.peer("alice");
    alice.until(|l| l.starts_with("[info]"));
    let room = b"nt:chat:room";
    let hostile: [&[u8]; 4] = [
        br#"{"node":"evil","kind":"say","from":"server","text":"reserved nickname"}"#,
        br#"{"node":"EVIL!","kind":"say","from":"mallory","text":"bad node name"}"#,
        br#"{"node":"evil","kind":"say","from":"mallory"}"#,
        b"\xff\xfe not json",
    ];
    for payload in hostile {
        redis.command(&[b"PUBLISH", room, payload]);
    }
    let big = format!(r#"{{"node":"evil","kind":"say","from":"m","text":"{}"}}"#, "x".repeat(9000));
    redis.command(&[b"PUBLISH", room, big.as_bytes()]);
    let sly = br#"{"node":"evil","kind":"say","from":"mallory","text":"a\u001b[2J\u202eb"}"#;
    redis.command(&[b"PUBLISH", room, sly]);
    assert_eq!(alice.next().unwrap(), "<mallory> a\u{fffd}[2J\u{fffd}b");
    n1.log_until("dropped a payload");
}
