//! A crowd against the real server: flood control slows and never cuts off, slow readers
//! are judged by progress, silent sockets cannot hold the room.

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use super::{Peer, Server, join_with_stdin};
use crate::common::stderr_text;

/// A client with a small receive buffer that never reads, from `source`.
fn stuck_client(addr: &str, source: &str, nick: &str) -> TcpStream {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let source: SocketAddr = format!("{source}:0").parse().unwrap();
    socket.bind(&source.into()).unwrap();
    let addr: SocketAddr = addr.parse().unwrap();
    socket.connect(&addr.into()).unwrap();
    let mut stream: TcpStream = socket.into();
    if !nick.is_empty() {
        stream.write_all(format!("{nick}\n").as_bytes()).unwrap();
    }
    stream
}

#[test]
fn a_client_that_never_reads_does_not_delay_the_others() {
    let server = Server::start(&["--rate", "0", "--max-backlog", "1MiB"]);
    // The stuck client: a small receive buffer, and it never reads.
    let stuck = stuck_client(&server.addr, "127.0.0.1", "stuck");
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
fn a_300_line_paste_on_a_default_server_arrives_whole_and_in_order() {
    let server = Server::start(&[]);
    let mut reader = server.peer("reader");
    let mut paster = server.peer("paster");
    reader.until(|l| l == "[join] paster");
    let paste: String = (0..300).map(|i| format!("paste line {i}\n")).collect();
    let started = Instant::now();
    paster.send_bytes(paste.as_bytes());
    for i in 0..300 {
        let line = reader.until(|l| l.starts_with("<paster> ")).pop().unwrap();
        assert_eq!(line, format!("<paster> paste line {i}"));
    }
    let took = started.elapsed();
    // 100 at once (the burst, less the nickname's token), then 20 a second.
    assert!(took > Duration::from_secs(8), "slowed down by --rate: {took:?}");
    assert!(took < Duration::from_secs(20), "{took:?}");
    paster.send("/quit");
    let end = paster.until_closed();
    assert!(!end.iter().any(|l| l.starts_with("[error]")), "nothing refused: {end:?}");
    assert_eq!(reader.next().unwrap(), "[leave] paster quit");
}

#[test]
fn a_flood_through_nt_join_is_slowed_not_cut_off() {
    let server = Server::start(&["--rate", "100", "--burst", "10"]);
    let mut calm = server.peer("calm");
    let lines: String = (0..300).map(|i| format!("spam {i}\n")).collect();
    let started = Instant::now();
    let out = join_with_stdin(&server.addr, "flooder", &[], lines.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr_text(&out));
    assert!(started.elapsed() > Duration::from_millis(2500), "{:?}", started.elapsed());
    let seen = calm.until(|l| l.starts_with("[leave] flooder"));
    let spam: Vec<&String> = seen.iter().filter(|l| l.starts_with("<flooder> ")).collect();
    assert_eq!(spam.len(), 300);
    assert!(spam.iter().enumerate().all(|(i, l)| **l == format!("<flooder> spam {i}")));
    assert_eq!(seen.last().unwrap(), "[leave] flooder closed");
}

#[test]
fn lines_before_the_nickname_count_against_the_flood_limit() {
    let server = Server::start(&["--rate", "10", "--burst", "5"]);
    let mut client = Peer::connect(&server.addr);
    client.send_bytes("bad nick\n".repeat(500).as_bytes());
    let started = Instant::now();
    let mut refused = 0;
    while started.elapsed() < Duration::from_millis(1500) {
        if let Some(line) = client.next_within(Duration::from_millis(100)) {
            assert!(line.starts_with("[error] nick-invalid"), "{line}");
            refused += 1;
        }
    }
    // 5 at once, then 10 a second: about 20 in 1.5 s, nowhere near 500.
    assert!((5..=25).contains(&refused), "{refused} answers in 1.5 s");
}

#[test]
fn a_connection_without_a_nickname_is_closed_after_the_login_timeout() {
    let server = Server::start(&["--login-timeout", "300ms"]);
    let started = Instant::now();
    let mut silent = Peer::connect(&server.addr);
    assert_eq!(silent.until_closed(), ["[error] timeout no nickname within 300ms; disconnected"]);
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
}

#[test]
fn silent_sockets_from_one_address_cannot_fill_the_room() {
    let server = Server::start(&["--max-clients", "5", "--max-pending", "3"]);
    // Four silent sockets from one address: the server takes them in whatever order its
    // tasks run, so one of the four (not necessarily the last) is refused.
    let mut silent: Vec<Peer> =
        (0..4).map(|_| Peer::from_stream(stuck_client(&server.addr, "127.0.0.1", ""))).collect();
    let answers: Vec<Option<String>> =
        silent.iter_mut().map(|peer| peer.next_within(Duration::from_secs(2))).collect();
    let refused: Vec<&String> = answers.iter().flatten().collect();
    assert_eq!(refused.len(), 1, "{answers:?}");
    assert!(
        refused[0].starts_with("[error] busy too many connections from 127.0.0.1"),
        "{refused:?}"
    );
    // Someone else, from another address, still gets in.
    let mut other = Peer::from_stream(stuck_client(&server.addr, "127.0.0.2", "someone"));
    assert_eq!(other.next().unwrap(), "[welcome] someone");
}

#[test]
fn a_reader_slower_than_the_flood_gets_every_line() {
    let server = Server::start(&["--rate", "0", "--max-backlog", "4MiB"]);
    let mut slow = Peer::from_stream(stuck_client(&server.addr, "127.0.0.1", "slow"));
    slow.until(|l| l.starts_with("[welcome]"));
    let mut sender = server.peer("sender");
    slow.until(|l| l == "[join] sender");
    let filler = "z".repeat(500);
    let lines: String = (0..2000).map(|i| format!("{i} {filler}\n")).collect();
    let mut writer = sender.writer.try_clone().unwrap();
    let sending = std::thread::spawn(move || writer.write_all(lines.as_bytes()).is_ok());
    for i in 0..2000 {
        let line = slow.next().expect("the slow reader stays connected");
        assert_eq!(line, format!("<sender> {i} {filler}"));
        if i % 10 == 0 {
            // A reader at a fraction of the flood's speed: 2,000 lines take about 2 s.
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    assert!(sending.join().unwrap());
    sender.send("done");
    assert_eq!(slow.next().unwrap(), "<sender> done");
}

/// Send rounds of 100 lines of 1 KB, each read whole by the watcher, until `nick` is
/// dropped as too slow (the kernel's buffers for it fill first); how long that took.
fn flood_until_dropped(sender: &mut Peer, watcher: &mut Peer, nick: &str) -> Duration {
    let filler = "f".repeat(1000);
    let leave = format!("[leave] {nick} too-slow");
    let started = Instant::now();
    for round in 0..500 {
        let batch: String = (0..100).map(|i| format!("{round}.{i} {filler}\n")).collect();
        sender.send_bytes(batch.as_bytes());
        let (mut got, mut dropped) = (0, false);
        while got < 100 {
            let line = watcher.next().expect("the watcher keeps up and stays");
            if line.starts_with('<') {
                got += 1;
            } else if line == leave {
                dropped = true;
            }
        }
        if dropped {
            return started.elapsed();
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("{nick} was never dropped");
}

/// A server with these flags, a watcher, a user that never reads and a flooding sender:
/// how long until the never-reader was dropped as too slow.
fn never_reader_dropped(flags: &[&str]) -> Duration {
    let server = Server::start(flags);
    let mut watcher = server.peer("watcher");
    let stuck = stuck_client(&server.addr, "127.0.0.1", "stuck");
    let mut sender = server.peer("sender");
    watcher.until(|l| l == "[join] sender");
    let took = flood_until_dropped(&mut sender, &mut watcher, "stuck");
    drop(stuck);
    took
}

#[test]
fn a_reader_whose_socket_takes_nothing_is_dropped_after_the_stall() {
    let took = never_reader_dropped(&["--rate", "0", "--stall", "1s", "--max-backlog", "1GiB"]);
    assert!(took > Duration::from_secs(1) && took < Duration::from_secs(15), "{took:?}");
}

#[test]
fn a_backlog_over_the_budget_is_dropped_at_once() {
    let took = never_reader_dropped(&["--rate", "0", "--stall", "1h", "--max-backlog", "1MiB"]);
    assert!(took < Duration::from_secs(15), "{took:?}");
}
