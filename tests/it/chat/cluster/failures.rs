//! The cluster when things fail: a node killed, Redis restarted, Redis unreachable at
//! start, a partition after which two nodes claim one nickname (the older lease wins),
//! and the ways in: a password, TLS with a pinned certificate.

use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{LEASE, Redis, join_when_free, node, three, who_until};
use crate::chat::{Peer, Server};
use crate::common::{ClosedPort, Home, assert_error, nt, sha256_hex};

fn lease() -> Duration {
    LEASE.trim_end_matches('s').parse().map(Duration::from_secs).unwrap()
}

#[test]
#[ignore = "needs redis-server: apt-get install redis-server"]
fn the_users_of_a_killed_node_leave_who_everywhere_within_the_lease() {
    let redis = Redis::start(&[]);
    let [n1, mut n2, mut n3] = three(&redis);
    let mut a1 = n1.peer("a1");
    let _a2 = n2.peer("a2");
    let _a3 = n3.peer("a3");
    let _b3 = n3.peer("b3");
    a1.until(|l| l == "[join] b3");
    n3.kill();
    let killed = Instant::now();
    let limit = lease() + Duration::from_secs(5);
    assert_eq!(who_until(&mut a1, "[who] a1 a2", limit), "[who] a1 a2");
    assert!(killed.elapsed() < limit, "gone after {:?}", killed.elapsed());
    n2.type_line("/who");
    assert_eq!(super::until_line(&n2.stdout, "a2"), ["a1\tn1", "a2\tn2"]);
    n1.log_until("node n3 was not heard from");
    // Their leases ran out with them: the names are free again.
    let _again = join_when_free(&n1.addr, "a3", lease());
}

#[test]
#[ignore = "needs redis-server: apt-get install redis-server"]
fn after_redis_restarts_lines_flow_again_and_no_nickname_is_doubled() {
    let mut redis = Redis::start(&[]);
    let [n1, n2, n3] = three(&redis);
    let mut u1 = n1.peer("u1");
    let mut u2 = n2.peer("u2");
    let mut u3 = n3.peer("u3");
    u1.until(|l| l == "[join] u3");
    u2.until(|l| l == "[join] u3");
    redis.stop();
    for user in [&mut u1, &mut u2, &mut u3] {
        user.until(|l| l.starts_with("[info] the room is split"));
    }
    // While split, a new nickname cannot be leased: refused, not doubled.
    let mut newbie = Peer::connect(&n2.addr);
    newbie.send("newbie");
    assert!(
        newbie.next().unwrap().starts_with("[error] nick-unavailable 'newbie' cannot be reserved")
    );
    u1.send("only n1 hears this");
    redis.launch();
    let back = Instant::now();
    let mut n = 0;
    'flowing: loop {
        assert!(back.elapsed() < Duration::from_secs(10), "no line crossed nodes in 10 s");
        n += 1;
        u1.send(&format!("ping {n}"));
        let deadline = Instant::now() + Duration::from_millis(500);
        let mut reached = [false; 2];
        for (i, user) in [&mut u2, &mut u3].into_iter().enumerate() {
            while let Some(line) =
                user.next_within(deadline.saturating_duration_since(Instant::now()))
            {
                assert_ne!(line, "<u1> only n1 hears this", "a line from the split arrived late");
                if line.starts_with("<u1> ping") {
                    reached[i] = true;
                    break;
                }
            }
        }
        if reached == [true, true] {
            break 'flowing;
        }
    }
    for user in [&mut u1, &mut u2, &mut u3] {
        assert_eq!(who_until(user, "[who] u1 u2 u3", Duration::from_secs(5)), "[who] u1 u2 u3");
    }
    for (node, nick) in [(&n1, "u2"), (&n2, "U3"), (&n3, "u1")] {
        let mut other = Peer::connect(&node.addr);
        other.send(nick);
        assert!(other.next().unwrap().starts_with("[error] nick-taken"), "{nick} doubled");
    }
}

#[test]
fn redis_unreachable_at_start_is_exit_4() {
    let closed = ClosedPort::new();
    let refused = format!("redis://{}", closed.addr());
    let out = nt().args(["chat", "serve", "127.0.0.1:0", "--cluster", &refused]).output().unwrap();
    assert_error(&out, 4, &format!("cannot join the cluster at {refused}/0"));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("listening on"));
    // A server that accepts and never answers: `timed out` within --timeout.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("redis://{}", silent.local_addr().unwrap());
    let started = Instant::now();
    let out = nt()
        .args(["chat", "serve", "127.0.0.1:0", "--cluster", &url, "--timeout", "500ms"])
        .output()
        .unwrap();
    assert_error(&out, 4, "timed out");
    assert!(started.elapsed() < Duration::from_secs(5));
    let out = nt()
        .args(["chat", "serve", "127.0.0.1:0", "--cluster", "redis://u:pw@127.0.0.1:6379"])
        .output()
        .unwrap();
    assert_error(&out, 2, "NT_REDIS_PASSWORD");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("pw@"), "the password is not echoed");
    let out = nt().args(["chat", "serve", "127.0.0.1:0", "--lease", "5s"]).output().unwrap();
    assert_error(&out, 2, "--node and --lease need --cluster");
}

/// A TCP relay to Redis that the test can cut: a partition between one node and Redis.
struct Relay {
    port: u16,
    cut: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
    stop: Arc<AtomicBool>,
}

impl Relay {
    fn start(target: u16) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let (cut, stop) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicBool::new(false)));
        let open = Arc::new(Mutex::new(Vec::new()));
        let (c, s, o) = (cut.clone(), stop.clone(), open.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::SeqCst) {
                let Ok((client, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                };
                if c.load(Ordering::SeqCst) {
                    continue; // dropped: the partition refuses everyone
                }
                client.set_nonblocking(false).unwrap();
                let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else { continue };
                let mut open = o.lock().unwrap();
                open.push(client.try_clone().unwrap());
                open.push(server.try_clone().unwrap());
                for (mut from, mut to) in
                    [(client.try_clone().unwrap(), server.try_clone().unwrap()), (server, client)]
                {
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut from, &mut to);
                        let _ = to.shutdown(std::net::Shutdown::Both);
                    });
                }
            }
        });
        Relay { port, cut, open, stop }
    }

    fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for stream in self.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }

    fn heal(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.cut();
    }
}

#[test]
#[ignore = "needs redis-server: apt-get install redis-server"]
fn after_a_partition_the_older_lease_keeps_the_nickname_and_the_other_is_renamed() {
    let redis = Redis::start(&[]);
    let relay = Relay::start(redis.port);
    let n1 = node(&redis.url(), "n1", &[]);
    let n2 = node(&format!("redis://127.0.0.1:{}", relay.port), "n2", &[]);
    let mut older = n2.peer("alice");
    let mut bob = n1.peer("bob");
    older.until(|l| l == "[join] bob");
    // Both nodes know both users before the cut (alice's join may still sit in n2's queue
    // when bob's arrives there on a loaded machine).
    let both = "[who] alice bob";
    assert_eq!(who_until(&mut bob, both, Duration::from_secs(10)), both);
    relay.cut();
    older.until(|l| l.starts_with("[info] the room is split"));
    bob.until(|l| l == "[leave] alice node-lost");
    // n2 cannot renew: its lease runs out, and n1 gives the name to a newcomer.
    let mut younger = join_when_free(&n1.addr, "alice", lease() + Duration::from_secs(5));
    relay.heal();
    let told = younger.until(|l| l.starts_with("[info] 'alice' was also taken"));
    assert!(told.contains(&"[nick] alice alice-n1".to_string()), "{told:?}");
    assert_eq!(
        told.last().unwrap(),
        "[info] 'alice' was also taken on another node while the room was split, and the \
         older claim keeps it: you are now 'alice-n1'"
    );
    older.until(|l| l.starts_with("[info] the room is whole again"));
    let want = "[who] alice alice-n1 bob";
    assert_eq!(who_until(&mut bob, want, Duration::from_secs(5)), want);
    assert_eq!(who_until(&mut older, want, Duration::from_secs(5)), want);
    younger.send("still here");
    assert_eq!(older.until(|l| l.starts_with('<')).pop().unwrap(), "<alice-n1> still here");
}

#[test]
#[ignore = "needs redis-server: apt-get install redis-server"]
fn a_password_comes_from_the_environment_or_the_config_never_the_command_line() {
    let redis = Redis::start(&["--requirepass", "s3cret"]);
    let out =
        nt().args(["chat", "serve", "127.0.0.1:0", "--cluster", &redis.url()]).output().unwrap();
    assert_error(&out, 5, "cannot join the cluster");
    let home = Home::new();
    let mut cmd = home.nt();
    cmd.env("NT_REDIS_PASSWORD", "wrong").args(["chat", "serve", "127.0.0.1:0"]);
    let out = cmd.args(["--cluster", &redis.url()]).output().unwrap();
    assert_error(&out, 5, "cannot join the cluster");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("wrong"));

    let mut cmd = home.nt();
    cmd.env("NT_REDIS_PASSWORD", "s3cret");
    cmd.args(["chat", "serve", "127.0.0.1:0", "--cluster", &redis.url(), "--node", "env"]);
    let from_env = Server::spawn(cmd);
    home.config(&format!(
        "[chat]\ncluster = \"redis://:s3cret@127.0.0.1:{}\"\nnode = \"file\"\n",
        redis.port
    ));
    let mut cmd = home.nt();
    cmd.args(["chat", "serve", "127.0.0.1:0"]);
    let mut from_file = Server::spawn(cmd);
    let mut a = from_env.peer("a");
    let mut b = from_file.peer("b");
    a.until(|l| l == "[join] b");
    assert_eq!(who_until(&mut b, "[who] a b", Duration::from_secs(5)), "[who] a b");
    from_file.type_line("/who");
    assert_eq!(super::until_line(&from_file.stdout, "b\t"), ["a\tenv", "b\tfile"]);
    b.send("hi");
    assert_eq!(a.next().unwrap(), "<b> hi");
    let shown = home.nt().args(["config", "show"]).output().unwrap();
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.contains("redis://:***@127.0.0.1"), "{shown}");
    assert!(!shown.contains("s3cret"));
}

#[test]
#[ignore = "needs redis-server: apt-get install redis-server"]
fn rediss_goes_through_the_tls_policy_with_a_pinned_certificate() {
    let ck = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
        .expect("rcgen certificate");
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, ck.cert.pem()).unwrap();
    std::fs::write(&key, ck.signing_key.serialize_pem()).unwrap();
    let (cert, key) = (cert.to_string_lossy().into_owned(), key.to_string_lossy().into_owned());
    let redis = Redis::start_tls(&[
        "--tls-cert-file",
        &cert,
        "--tls-key-file",
        &key,
        "--tls-ca-cert-file",
        &cert,
        "--tls-auth-clients",
        "no",
    ]);
    let url = format!("rediss://127.0.0.1:{}", redis.port);
    let out = nt().args(["chat", "serve", "127.0.0.1:0", "--cluster", &url]).output().unwrap();
    assert_error(&out, 5, "cannot join the cluster");
    let pin = sha256_hex(ck.cert.der());
    let n1 = node(&url, "n1", &["--cluster-pin", &pin]);
    let n2 = node(&url, "n2", &["--cluster-pin", &pin]);
    let mut a = n1.peer("a");
    let mut b = n2.peer("b");
    a.until(|l| l == "[join] b");
    b.send("over TLS");
    assert_eq!(a.next().unwrap(), "<b> over TLS");
    let out = nt()
        .args(["chat", "serve", "127.0.0.1:0", "--cluster", "redis://127.0.0.1:1"])
        .args(["--cluster-pin", &pin])
        .output()
        .unwrap();
    assert_error(&out, 2, "rediss:// only");
}
