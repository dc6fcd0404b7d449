//! What the fuzz targets that talk to a real nt server or client share: one hermetic
//! process (HOME and the config file in a temp dir, SIGPIPE ignored), nt's commands run
//! from an argv as `main` runs them, and one loopback conversation per input.
//!
//! Traffic goes to 127.0.0.1 only. Every wait is bounded: a conversation ends after
//! [`PATIENCE`] of silence and [`TALK`] in all, so an input that makes a server wait (a
//! transfer with no data connection) costs a second, not the run.

#![allow(dead_code)]

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use clap::Parser;
use nt::cli::{Cli, Command};

/// Silence after which a conversation is over.
pub const PATIENCE: Duration = Duration::from_secs(1);
/// The longest one conversation may take.
pub const TALK: Duration = Duration::from_secs(5);
/// The most of a peer's answer that is kept (the rest is read and dropped).
const KEEP: usize = 1 << 20;

/// The temp dir of the whole run (HOME, the absent config file, served directories),
/// made on first use, when the environment is set up too.
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp dir");
        // SAFETY: called once, from the fuzzing thread, before any thread of this
        // process reads the environment (libFuzzer starts none).
        unsafe {
            std::env::set_var("HOME", dir.path());
            std::env::set_var("NT_CONFIG", dir.path().join("absent.toml"));
            std::env::set_var("NT_POP3_PASSWORD", "pw");
            std::env::set_var("NT_FTP_PASSWORD", "pw");
            libc::signal(libc::SIGPIPE, libc::SIG_IGN);
        }
        nt::tls::provider();
        dir
    })
    .path()
}

/// A quiet, colorless output.
pub fn quiet() -> nt::output::Output {
    nt::output::Output::new(nt::output::Settings {
        json: false,
        quiet: true,
        verbose: 0,
        color: nt::output::ColorChoice::Never,
    })
}

/// Run `nt ARGS` (an `ftp` or `mail` command) in this process, as `main` does; whether it
/// succeeded.
pub fn run_nt(args: &[&str]) -> bool {
    scratch();
    let cli = Cli::try_parse_from(std::iter::once("nt").chain(args.iter().copied()))
        .expect("the fuzz target's command line is valid");
    let out = nt::output::Output::new(cli.globals.output());
    let Ok(config) = nt::config::Config::load(None) else { return false };
    let result = match cli.command {
        Command::Ftp(args) => nt::ftp::run(args, &config, &out),
        Command::Mail(args) => nt::mail::run(args, &config, &out),
        _ => panic!("the fuzz targets run only ftp and mail commands"),
    };
    result.is_ok()
}

/// A port free on 127.0.0.1 a moment ago.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    listener.local_addr().expect("its address").port()
}

/// Start `nt ARGS` (a server listening on 127.0.0.1:`port`) on a thread of its own and
/// wait until it accepts connections.
pub fn serve(args: Vec<String>, port: u16) {
    scratch();
    std::thread::spawn(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_nt(&args);
        panic!("the server stopped: nt {}", args.join(" "));
    });
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(30), "the server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Read what `stream` says until it closes, is silent for [`PATIENCE`], or [`TALK`]
/// has passed.
pub fn read_all(stream: &mut TcpStream) -> Vec<u8> {
    let _ = stream.set_read_timeout(Some(PATIENCE));
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    while start.elapsed() < TALK {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                if got.len() < KEEP {
                    got.extend_from_slice(&buf[..n]);
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    got
}

/// Be a client of the server on `port`: send `input` (then end the sending side) while
/// reading the answers; the answers.
pub fn converse(port: u16, input: &[u8]) -> Vec<u8> {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return Vec::new() };
    let mut writer = stream.try_clone().expect("a second handle");
    let input = input.to_vec();
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(&input);
        let _ = writer.shutdown(Shutdown::Write);
    });
    let got = read_all(&mut stream);
    // Unblocks the sender if the server stopped reading.
    let _ = stream.shutdown(Shutdown::Both);
    let _ = sender.join();
    got
}

/// Be a server that says `script` to the one client nt connects, while `client` runs
/// (an `nt ftp ...` or `nt mail ...` command line naming `{port}`); whether nt succeeded.
pub fn play_server(script: &[u8], client: &[&str]) -> bool {
    scratch();
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let port = listener.local_addr().expect("its address").port().to_string();
    listener.set_nonblocking(true).expect("a non-blocking listener");
    let script = script.to_vec();
    let server = std::thread::spawn(move || {
        let start = Instant::now();
        let mut stream = loop {
            match listener.accept() {
                Ok((stream, _)) => break stream,
                Err(_) if start.elapsed() < TALK => std::thread::sleep(Duration::from_millis(2)),
                Err(_) => return,
            }
        };
        let _ = stream.set_nonblocking(false);
        let _ = stream.set_write_timeout(Some(TALK));
        let _ = stream.write_all(&script);
        let _ = stream.shutdown(Shutdown::Write);
        read_all(&mut stream);
    });
    let args: Vec<String> = client.iter().map(|a| a.replace("{port}", &port)).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let ok = run_nt(&args);
    let _ = server.join();
    ok
}

/// Split `data` into pieces at the cut points its first byte chooses: the same bytes
/// must give the same result whatever the read boundaries.
pub fn pieces(data: &[u8]) -> (&[u8], Vec<&[u8]>) {
    let Some((&seed, rest)) = data.split_first() else { return (data, Vec::new()) };
    let step = usize::from(seed % 17) + 1;
    (rest, rest.chunks(step).collect())
}
