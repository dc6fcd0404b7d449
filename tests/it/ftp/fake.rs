//! A small FTP server that misbehaves on purpose, for the hostile cases: silent at any
//! step, an endless FEAT reply, a listing line of hundreds of MiB, more bytes than SIZE
//! said, AUTH TLS listed and refused, names no local file system can hold. It keeps its
//! files in memory, records every command it receives, and stops on Drop.
//!
//! What runs against it: silence at every step (connect, handshake, greeting, a reply, a
//! data connection), Ctrl-C while waiting, a wrong pin beside `--insecure` (no USER sent),
//! AUTH TLS listed and refused, an endless FEAT reply, a 300 MiB MLSD line (exit 4 within
//! seconds, peak RSS under 64 MiB), more bytes than SIZE, a name too long for the local file
//! system, one refused file among several, and a resume hint run through `sh`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// What goes wrong, and where.
#[derive(Clone, Default)]
pub struct Knobs {
    /// Accept and never say a word.
    pub silent: bool,
    /// Implicit TLS with this certificate (DER) and key (PEM), then the dialogue.
    pub tls: Option<(Vec<u8>, Vec<u8>)>,
    /// After a TLS handshake, say nothing.
    pub silent_after_tls: bool,
    /// Never answer this command (by its first word).
    pub mute: Option<&'static str>,
    /// FEAT answers with an endless multi-line reply.
    pub endless_feat: bool,
    /// FEAT lists AUTH TLS, and AUTH answers 500 (Debian's stock pure-ftpd).
    pub refuse_auth: bool,
    /// MLSD sends one line of this many bytes (no newline).
    pub huge_line: Option<u64>,
    /// RETR sends the file twice (SIZE told the truth about one copy).
    pub double_retr: bool,
    /// RETR of this name is refused with 550.
    pub refuse_retr: Option<&'static str>,
    /// RETR: 150, then no data and no close.
    pub silent_data: bool,
    /// The first RETR sends only the first half of the file (then 226).
    pub short_retr: bool,
}

/// A running fake server on 127.0.0.1.
pub struct Fake {
    pub port: u16,
    commands: Arc<Mutex<Vec<String>>>,
    /// Bytes written into data connections.
    pub data_sent: Arc<AtomicU64>,
    /// Connections accepted.
    pub accepted: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Fake {
    /// Serve `files` (name, content) in one flat directory.
    pub fn start(knobs: Knobs, files: Vec<(String, Vec<u8>)>) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the fake server");
        let port = listener.local_addr().expect("local addr").port();
        let commands = Arc::new(Mutex::new(Vec::new()));
        let data_sent = Arc::new(AtomicU64::new(0));
        let accepted = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let shared = Shared {
            knobs,
            files,
            commands: commands.clone(),
            data_sent: data_sent.clone(),
            shortened: AtomicBool::new(false),
        };
        let counted = accepted.clone();
        let stopping = stop.clone();
        let thread = std::thread::spawn(move || {
            let shared = Arc::new(shared);
            for conn in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                counted.fetch_add(1, Ordering::SeqCst);
                let shared = shared.clone();
                std::thread::spawn(move || {
                    let _ = serve(conn, &shared);
                });
            }
        });
        Fake { port, commands, data_sent, accepted, stop, thread: Some(thread) }
    }

    pub fn url(&self, scheme: &str) -> String {
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    /// Every command received so far, as sent (PASS included).
    pub fn commands(&self) -> Vec<String> {
        self.commands.lock().map(|c| c.clone()).unwrap_or_default()
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Shared {
    knobs: Knobs,
    files: Vec<(String, Vec<u8>)>,
    commands: Arc<Mutex<Vec<String>>>,
    data_sent: Arc<AtomicU64>,
    shortened: AtomicBool,
}

trait Stream: Read + Write + Send {}
impl<T: Read + Write + Send> Stream for T {}

fn serve(conn: TcpStream, s: &Shared) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(60)))?;
    if s.knobs.silent {
        let mut sink = [0u8; 1024];
        let mut conn = conn;
        while conn.read(&mut sink).map(|n| n > 0).unwrap_or(false) {}
        return Ok(());
    }
    let stream: Box<dyn Stream> = match &s.knobs.tls {
        Some((cert, key)) => {
            let config = super::server::tls_config(cert, key);
            let tls = rustls::ServerConnection::new(config).expect("tls server");
            let mut tls = rustls::StreamOwned::new(tls, conn);
            while tls.conn.is_handshaking() {
                tls.conn.complete_io(&mut tls.sock)?;
            }
            if s.knobs.silent_after_tls {
                let mut sink = [0u8; 1024];
                while tls.read(&mut sink).map(|n| n > 0).unwrap_or(false) {}
                return Ok(());
            }
            Box::new(tls)
        }
        None => Box::new(conn),
    };
    let mut control = BufReader::new(stream);
    send(&mut control, "220 fake ready")?;
    let mut passive: Option<TcpListener> = None;
    let mut offset = 0usize;
    loop {
        let mut line = String::new();
        if control.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let line = line.trim_end().to_string();
        if let Ok(mut c) = s.commands.lock() {
            c.push(line.clone());
        }
        let (word, arg) = line.split_once(' ').unwrap_or((&line, ""));
        let word = word.to_ascii_uppercase();
        if s.knobs.mute == Some(word.as_str()) {
            std::thread::sleep(Duration::from_secs(60));
            return Ok(());
        }
        match word.as_str() {
            "USER" => send(&mut control, "331 password please")?,
            "PASS" => send(&mut control, "230 welcome")?,
            "FEAT" => feat(&mut control, s)?,
            "AUTH" => send(&mut control, "500 This security scheme is not implemented")?,
            "TYPE" | "PBSZ" | "PROT" => send(&mut control, "200 ok")?,
            "PWD" => send(&mut control, "257 \"/\" is the current directory")?,
            "CWD" => send(&mut control, "250 ok")?,
            "EPSV" => {
                let l = TcpListener::bind("127.0.0.1:0")?;
                let port = l.local_addr()?.port();
                passive = Some(l);
                send(&mut control, &format!("229 Entering Extended Passive Mode (|||{port}|)"))?;
            }
            "SIZE" => match s.files.iter().find(|(n, _)| n == arg) {
                Some((_, data)) => send(&mut control, &format!("213 {}", data.len()))?,
                None => send(&mut control, "550 no such file")?,
            },
            "REST" => {
                offset = arg.parse().unwrap_or(0);
                send(&mut control, "350 restarting")?;
            }
            "RETR" => retr(&mut control, s, arg, passive.take(), std::mem::take(&mut offset))?,
            "MLSD" | "LIST" | "NLST" => listing(&mut control, s, &word, passive.take())?,
            "QUIT" => {
                send(&mut control, "221 bye")?;
                return Ok(());
            }
            _ => send(&mut control, "502 not implemented")?,
        }
    }
}

fn send(control: &mut BufReader<Box<dyn Stream>>, reply: &str) -> std::io::Result<()> {
    let w = control.get_mut();
    w.write_all(format!("{reply}\r\n").as_bytes())?;
    w.flush()
}

fn feat(control: &mut BufReader<Box<dyn Stream>>, s: &Shared) -> std::io::Result<()> {
    if s.knobs.endless_feat {
        send(control, "211-Features:")?;
        for _ in 0..100_000 {
            send(control, " MLSD type*;size*;modify*;")?;
        }
        return Ok(());
    }
    let auth = if s.knobs.refuse_auth { "\r\n AUTH TLS" } else { "" };
    send(control, &format!("211-Features:\r\n MLSD\r\n SIZE\r\n EPSV{auth}\r\n211 End"))
}

/// The data connection (in TLS when the control connection is).
fn accept(passive: Option<TcpListener>, s: &Shared) -> std::io::Result<Box<dyn Stream>> {
    let l = passive.ok_or_else(|| std::io::Error::other("no EPSV before the transfer"))?;
    let (data, _) = l.accept()?;
    let Some((cert, key)) = &s.knobs.tls else { return Ok(Box::new(data)) };
    let tls =
        rustls::ServerConnection::new(super::server::tls_config(cert, key)).expect("tls server");
    let mut tls = rustls::StreamOwned::new(tls, data);
    while tls.conn.is_handshaking() {
        tls.conn.complete_io(&mut tls.sock)?;
    }
    Ok(Box::new(tls))
}

/// End a data connection (TLS: with close_notify).
fn close(mut data: Box<dyn Stream>) {
    let _ = data.flush();
    drop(data);
}

fn retr(
    control: &mut BufReader<Box<dyn Stream>>,
    s: &Shared,
    name: &str,
    passive: Option<TcpListener>,
    offset: usize,
) -> std::io::Result<()> {
    let Some((_, content)) = s.files.iter().find(|(n, _)| n == name) else {
        return send(control, "550 no such file");
    };
    if s.knobs.refuse_retr == Some(name) {
        return send(control, "550 permission denied");
    }
    send(control, "150 here it comes")?;
    let mut data = accept(passive, s)?;
    if s.knobs.silent_data {
        std::thread::sleep(Duration::from_secs(60));
        return Ok(());
    }
    let copies = if s.knobs.double_retr { 2 } else { 1 };
    let mut content = content.get(offset..).unwrap_or(&[]);
    if s.knobs.short_retr && !s.shortened.swap(true, Ordering::SeqCst) {
        content = &content[..content.len() / 2];
    }
    for _ in 0..copies {
        data.write_all(content)?;
        s.data_sent.fetch_add(content.len() as u64, Ordering::SeqCst);
    }
    close(data);
    send(control, "226 done")
}

fn listing(
    control: &mut BufReader<Box<dyn Stream>>,
    s: &Shared,
    word: &str,
    passive: Option<TcpListener>,
) -> std::io::Result<()> {
    send(control, "150 listing")?;
    let mut data = accept(passive, s)?;
    if let Some(len) = s.knobs.huge_line {
        data.write_all(b"type=file;size=1; ")?;
        let chunk = vec![b'a'; 1 << 20];
        let mut sent = 0;
        while sent < len {
            if data.write_all(&chunk).is_err() {
                break;
            }
            sent += chunk.len() as u64;
            s.data_sent.fetch_add(chunk.len() as u64, Ordering::SeqCst);
        }
        close(data);
        return send(control, "226 done");
    }
    for (name, content) in &s.files {
        let line = match word {
            "MLSD" => format!("type=file;size={};modify=20260101120000; {name}\r\n", content.len()),
            "NLST" => format!("{name}\r\n"),
            _ => format!("-rw-r--r-- 1 u g {} Jan 01 2026 {name}\r\n", content.len()),
        };
        data.write_all(line.as_bytes())?;
    }
    close(data);
    send(control, "226 done")
}
