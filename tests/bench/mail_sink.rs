//! A local SMTP sink for tests/bench/mail.sh: the `mailin` state machine (the same server
//! the integration tests use) behind a plain accept loop on 127.0.0.1, discarding the data.
//!
//! `mail_sink --serve SECONDS` prints `listening on 127.0.0.1:PORT` and serves for at most
//! SECONDS; without `--serve` (as under a plain `cargo bench`) it exits at once.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use mailin::{Action, Handler, SessionBuilder};

struct Discard;

impl Handler for Discard {}

fn serve(sock: TcpStream, builder: &SessionBuilder) -> std::io::Result<()> {
    sock.set_read_timeout(Some(Duration::from_secs(60)))?;
    let ip = sock.peer_addr()?.ip();
    // Replies are written in pieces: buffer them, and no Nagle delay on the flush.
    sock.set_nodelay(true)?;
    let mut writer = std::io::BufWriter::new(sock.try_clone()?);
    let mut reader = BufReader::with_capacity(1 << 16, sock);
    let mut session = builder.build(ip, Discard);
    session.greeting().write_to(&mut writer)?;
    writer.flush()?;
    let mut line = Vec::with_capacity(1024);
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let res = session.process(&line);
        match res.action {
            Action::Reply => res.write_to(&mut writer)?,
            Action::Close => {
                res.write_to(&mut writer)?;
                return writer.flush();
            }
            Action::NoReply | Action::UpgradeTls => {}
        }
        writer.flush()?;
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(pos) = args.iter().position(|a| a == "--serve") else {
        return;
    };
    let seconds: u64 = args.get(pos + 1).and_then(|s| s.parse().ok()).unwrap_or(300);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    println!("listening on {addr}");
    let _ = std::io::stdout().flush();
    listener.set_nonblocking(true).expect("nonblocking");
    let builder = SessionBuilder::new("sink.bench");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < deadline {
        match listener.accept() {
            Ok((sock, _)) => {
                let _ = sock.set_nonblocking(false);
                let b = builder.clone();
                std::thread::spawn(move || serve(sock, &b));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(1)),
        }
    }
}
