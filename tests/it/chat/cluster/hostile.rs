//! The cluster against a hostile Redis or a hostile publisher: a fake Redis (a socket on
//! 127.0.0.1 written here) whose replies never end, and forged payloads published on a
//! real redis-server's channels (claiming a user of the node, made-up nodes); and the
//! nicknames of a dead node, free as soon as it is judged dead.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{Redis, join_when_free, node, who_until};
use crate::chat::{Peer, Server};
use crate::common::{KillOnDrop, nt};

/// A fake Redis: `CLIENT ...` (the redis crate's handshake) is answered `+OK`; the next
/// command gets `first`, then `fill` bytes without end (until the peer goes or 20 s pass).
struct FakeRedis {
    port: u16,
    stop: Arc<AtomicBool>,
}

impl FakeRedis {
    fn start(first: &'static [u8], fill: u8) -> FakeRedis {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let done = stop.clone();
        std::thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        std::thread::spawn(move || answer(stream, first, fill));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        FakeRedis { port, stop }
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }
}

impl Drop for FakeRedis {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// One RESP command (`*N` then N bulk strings); its name, upper-cased.
fn read_command(reader: &mut BufReader<TcpStream>) -> Option<String> {
    let mut line = String::new();
    reader.read_line(&mut line).ok().filter(|n| *n > 0)?;
    let count: usize = line.trim_end().strip_prefix('*')?.parse().ok()?;
    let mut name = None;
    for _ in 0..count {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let len: usize = line.trim_end().strip_prefix('$')?.parse().ok()?;
        let mut arg = vec![0u8; len + 2];
        reader.read_exact(&mut arg).ok()?;
        name.get_or_insert_with(|| String::from_utf8_lossy(&arg[..len]).to_uppercase());
    }
    name
}

fn answer(stream: TcpStream, first: &[u8], fill: u8) {
    stream.set_nodelay(true).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.set_write_timeout(Some(Duration::from_secs(2))).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    while let Some(name) = read_command(&mut reader) {
        if name != "CLIENT" {
            break;
        }
        if writer.write_all(b"+OK\r\n").is_err() {
            return;
        }
    }
    if writer.write_all(first).is_err() {
        return;
    }
    let chunk = vec![fill; 64 << 10];
    let until = Instant::now() + Duration::from_secs(20);
    while Instant::now() < until && writer.write_all(&chunk).is_ok() {}
}

/// The peak resident memory of a process (VmHWM), in KiB.
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_redis_reply_over_the_bound_fails_the_link_in_bounded_memory() {
    // A bulk string of 9.3 GB announced; an endless simple string.
    for (first, fill) in [(&b"$9999999999\r\n"[..], b'x'), (&b"+"[..], b'a')] {
        let fake = FakeRedis::start(first, fill);
        let started = Instant::now();
        let mut child = KillOnDrop(
            nt().args(["chat", "serve", "127.0.0.1:0", "--cluster", &fake.url()])
                .args(["--timeout", "5s"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        );
        let pid = child.0.id();
        let mut peak = 0;
        let status = loop {
            if let Ok(Some(status)) = child.0.try_wait() {
                break status;
            }
            peak = peak.max(peak_kib(pid));
            assert!(peak < 200 << 10, "{peak} KiB and growing");
            assert!(started.elapsed() < Duration::from_secs(10), "still running after 10 s");
            std::thread::sleep(Duration::from_millis(5));
        };
        let mut stderr = String::new();
        child.0.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        assert_eq!(status.code(), Some(4), "{stderr}");
        assert!(stderr.contains("cannot join the cluster"), "{stderr}");
        assert!(stderr.contains("over the bound of 9216 bytes"), "{stderr}");
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
        assert!(peak < 100 << 10, "peak RSS {peak} KiB");
    }
}

/// PUBLISH each payload on `channel`, on one connection; waits for every reply.
fn publish_all(redis: &Redis, channel: &str, payloads: &[String]) {
    let mut stream = TcpStream::connect(("127.0.0.1", redis.port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut wire = Vec::new();
    for payload in payloads {
        let args = [b"PUBLISH".as_slice(), channel.as_bytes(), payload.as_bytes()];
        wire.extend(format!("*{}\r\n", args.len()).as_bytes());
        for arg in args {
            wire.extend(format!("${}\r\n", arg.len()).as_bytes());
            wire.extend(arg);
            wire.extend(b"\r\n");
        }
    }
    stream.write_all(&wire).unwrap();
    let mut reader = BufReader::new(stream);
    for _ in payloads {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with(':'), "{line}");
    }
}

#[test]
#[ignore = "needs redis-server: apt-get install redis-server"]
fn a_publisher_cannot_speak_as_rename_or_msg_as_a_user_of_the_node() {
    let redis = Redis::start(&[]);
    let n1 = node(&redis.url(), "n1", &[]);
    let n2 = node(&redis.url(), "n2", &[]);
    let mut alice = n1.peer("alice");
    let mut bob = n1.peer("bob");
    let _carol = n2.peer("carol");
    alice.until(|l| l == "[join] carol");
    bob.until(|l| l == "[join] carol");
    let forged = |kind: &str, rest: &str| format!(r#"{{"node":"evil","kind":"{kind}",{rest}}}"#);
    publish_all(
        &redis,
        "nt:chat:room",
        &[
            forged("say", r#""from":"alice","text":"forged line""#),
            forged("say", r#""from":"ALICE","text":"forged look-alike""#),
            forged("say", r#""from":"aIice","text":"forged capital I""#),
            forged("nick", r#""from":"alice","to":"alice2""#),
            forged("nick", r#""from":"dave","to":"bob""#),
            forged("join", r#""from":"bob""#),
            forged("leave", r#""from":"alice","text":"quit""#),
            forged("say", r#""from":"carol","text":"forged from another node's user""#),
        ],
    );
    publish_all(
        &redis,
        "nt:chat:to:n1",
        &[forged("msg", r#""from":"alice","to":"bob","text":"forged private line""#)],
    );
    publish_all(&redis, "nt:chat:room", &[forged("say", r#""from":"mallory","text":"marker""#)]);
    let seen = bob.until(|l| l == "<mallory> marker");
    assert_eq!(seen, ["<mallory> marker"], "forged lines reached bob");
    let seen = alice.until(|l| l == "<mallory> marker");
    assert_eq!(seen, ["<mallory> marker"], "forged lines reached alice");
    assert_eq!(who_until(&mut bob, "[who] alice bob carol", WAIT), "[who] alice bob carol");
    n1.log_until("dropped a");
    // The users are still themselves.
    alice.send("still alice");
    assert_eq!(bob.until(|l| l.starts_with('<')).pop().unwrap(), "<alice> still alice");
}

const WAIT: Duration = Duration::from_secs(5);

#[test]
#[ignore = "needs redis-server: apt-get install redis-server"]
fn made_up_nodes_are_capped() {
    let redis = Redis::start(&[]);
    let n1 = node(&redis.url(), "n1", &["--announce-max", "0"]);
    let mut bob = n1.peer("bob");
    bob.until(|l| l.starts_with("[info]"));
    let joins: Vec<String> = (0..400)
        .map(|n| format!(r#"{{"node":"fake{n}","kind":"join","from":"user{n}"}}"#))
        .collect();
    publish_all(&redis, "nt:chat:room", &joins);
    n1.log_until("256 other nodes are known");
    bob.send("/who");
    let info = bob.until(|l| l.starts_with("[info]")).pop().unwrap();
    let online: usize = info.split(' ').nth(1).and_then(|n| n.parse().ok()).expect(&info);
    assert!((2..=257).contains(&online), "{info}");
}

#[test]
#[ignore = "needs redis-server: apt-get install redis-server"]
fn the_nicknames_of_a_dead_node_are_free_as_soon_as_it_is_judged_dead() {
    let redis = Redis::start(&[]);
    // A long lease, so that it outlives the judgment (two thirds of it) by seconds.
    let lease_node = |name: &str| {
        let mut cmd = nt();
        cmd.args(["-v", "chat", "serve", "127.0.0.1:0", "--cluster", &redis.url()]);
        cmd.args(["--node", name, "--lease", "9s", "--timeout", "2s"]);
        Server::spawn(cmd)
    };
    let n1 = lease_node("n1");
    let mut n2 = lease_node("n2");
    let mut alice = n1.peer("alice");
    let _bob = n2.peer("bob");
    alice.until(|l| l == "[join] bob");
    n2.kill();
    let lines = alice.until(|l| l.starts_with("[leave] bob"));
    assert_eq!(lines.last().unwrap(), "[leave] bob node-lost");
    let judged = Instant::now();
    let _again = join_when_free(&n1.addr, "bob", Duration::from_secs(1));
    assert!(judged.elapsed() < Duration::from_millis(1500), "{:?}", judged.elapsed());
    let mut late = Peer::connect(&n1.addr);
    late.send("BOB");
    assert!(late.next().unwrap().starts_with("[error] nick-taken"));
}
