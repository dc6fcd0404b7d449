//! The SMTP server the mail tests deliver to: the `mailin` state machine behind a small
//! accept loop on 127.0.0.1 (plain, STARTTLS, implicit TLS with an rcgen certificate,
//! AUTH PLAIN/LOGIN with one known password), rejecting chosen senders, recipients or
//! messages. It records each delivery (envelope and dot-unstuffed data) and stops on Drop.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use mailin::{Action, AuthMechanism, Handler, Response, SessionBuilder, response};
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};

pub const USER: &str = "alice@x.test";
pub const PASSWORD: &str = "correct horse";

/// How the test server talks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Plain,
    StartTls,
    Tls,
}

#[derive(Clone, Default)]
pub struct Rules {
    pub reject_from: Option<&'static str>,
    pub reject_to: Option<&'static str>,
    pub reject_data: bool,
    pub auth: bool,
    /// Offer AUTH LOGIN only (not PLAIN).
    pub login_only: bool,
    pub plaintext_auth: bool,
}

/// One delivered message: the envelope, the data (dot-unstuffed) and who logged in.
#[derive(Debug, Clone, Default)]
pub struct Delivery {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
    pub login: Option<String>,
}

pub struct Sink {
    pub addr: SocketAddr,
    deliveries: Arc<Mutex<Vec<Delivery>>>,
    pub connections: Arc<AtomicUsize>,
    /// AUTH attempts that reached the server (a pin mismatch must stop before any).
    pub auth_attempts: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// PEM of the self-signed certificate (for SSL_CERT_FILE) and its SHA-256 pin.
    pub cert_pem: String,
    pub pin: String,
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Recorder {
    rules: Rules,
    current: Delivery,
    login: Option<String>,
    out: Arc<Mutex<Vec<Delivery>>>,
    auth_attempts: Arc<AtomicUsize>,
}

impl Handler for Recorder {
    fn mail(&mut self, _ip: IpAddr, _domain: &str, from: &str) -> Response {
        if self.rules.reject_from == Some(from) {
            // An escape sequence in the reply: nt must not pass it to the terminal.
            return Response::custom(550, "5.7.1 sender \x1b[31mnot allowed".into());
        }
        response::OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        if self.rules.reject_to == Some(to) { response::NO_MAILBOX } else { response::OK }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current =
            Delivery { from: from.into(), to: to.to_vec(), data: Vec::new(), login: None };
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if self.rules.reject_data {
            return Response::custom(554, "5.6.0 message content refused".into());
        }
        let mut done = std::mem::take(&mut self.current);
        done.login = self.login.clone();
        self.out.lock().unwrap().push(done);
        response::OK
    }

    fn auth_plain(&mut self, _authz: &str, user: &str, password: &str) -> Response {
        self.auth_login(user, password)
    }

    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        self.auth_attempts.fetch_add(1, Ordering::SeqCst);
        if user == USER && password == PASSWORD {
            self.login = Some(user.into());
            response::AUTH_OK
        } else {
            response::INVALID_CREDENTIALS
        }
    }
}

enum Conn {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ServerConnection, TcpStream>>),
}

impl Read for Conn {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Conn::Plain(s) => s.read(buf),
            Conn::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Conn::Plain(s) => s.write(buf),
            Conn::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Conn::Plain(s) => s.flush(),
            Conn::Tls(s) => s.flush(),
        }
    }
}

fn tls_config() -> (Arc<ServerConfig>, String, String) {
    let key = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
        .expect("rcgen certificate");
    let der = CertificateDer::from(key.cert.der().to_vec());
    let pin: String =
        { crate::common::sha256(der.as_ref()).iter().map(|b| format!("{b:02x}")).collect() };
    let private = PrivateKeyDer::Pkcs8(key.signing_key.serialize_der().into());
    let config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![der], private)
            .expect("server certificate");
    (Arc::new(config), key.cert.pem(), pin)
}

fn serve_one(
    sock: TcpStream,
    mode: Mode,
    builder: &SessionBuilder,
    tls: &Arc<ServerConfig>,
    recorder: Recorder,
) -> std::io::Result<()> {
    sock.set_read_timeout(Some(Duration::from_secs(10)))?;
    // mailin writes a reply in pieces: no Nagle delay between them.
    sock.set_nodelay(true)?;
    let ip = sock.peer_addr()?.ip();
    let wrap = |sock: TcpStream| -> std::io::Result<Conn> {
        let conn = ServerConnection::new(tls.clone()).map_err(std::io::Error::other)?;
        Ok(Conn::Tls(Box::new(StreamOwned::new(conn, sock))))
    };
    let conn = if mode == Mode::Tls { wrap(sock)? } else { Conn::Plain(sock) };
    let mut reader = BufReader::new(conn);
    let mut session = builder.build(ip, recorder);
    session.greeting().write_to(reader.get_mut())?;
    reader.get_mut().flush()?;
    let mut line = Vec::new();
    for _ in 0..2_000_000 {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let res = session.process(&line);
        match res.action {
            Action::Reply => res.write_to(reader.get_mut())?,
            Action::Close => {
                res.write_to(reader.get_mut())?;
                reader.get_mut().flush()?;
                return Ok(());
            }
            Action::UpgradeTls => {
                res.write_to(reader.get_mut())?;
                reader.get_mut().flush()?;
                let Conn::Plain(sock) = reader.into_inner() else { return Ok(()) };
                reader = BufReader::new(wrap(sock)?);
                session.tls_active();
            }
            Action::NoReply => {}
        }
        reader.get_mut().flush()?;
    }
    Ok(())
}

impl Sink {
    pub fn start(mode: Mode, rules: Rules) -> Sink {
        Sink::start_on("127.0.0.1:0", mode, rules)
    }

    /// A sink on a chosen address (MX tests put several on one port, different IPs).
    pub fn start_on(bind: &str, mode: Mode, rules: Rules) -> Sink {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let listener = TcpListener::bind(bind).expect("bind the SMTP sink");
        listener.set_nonblocking(true).expect("nonblocking listener");
        let addr = listener.local_addr().expect("sink address");
        let (tls, cert_pem, pin) = tls_config();
        let mut builder = SessionBuilder::new("sink.test");
        if mode == Mode::StartTls {
            builder.enable_start_tls();
        }
        if rules.login_only {
            builder.enable_auth(AuthMechanism::Login);
        } else if rules.auth {
            builder.enable_auth(AuthMechanism::Plain).enable_auth(AuthMechanism::Login);
        }
        if rules.plaintext_auth {
            builder.insecure_enable_plaintext_auth();
        }
        let deliveries = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let auth_attempts = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (d, c, s) = (deliveries.clone(), connections.clone(), stop.clone());
        let attempts = auth_attempts.clone();
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            while !s.load(Ordering::SeqCst) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((sock, _)) => {
                        c.fetch_add(1, Ordering::SeqCst);
                        let _ = sock.set_nonblocking(false);
                        let rec = Recorder {
                            rules: rules.clone(),
                            current: Delivery::default(),
                            login: None,
                            out: d.clone(),
                            auth_attempts: attempts.clone(),
                        };
                        let (builder, tls) = (builder.clone(), tls.clone());
                        std::thread::spawn(move || serve_one(sock, mode, &builder, &tls, rec));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Sink {
            addr,
            deliveries,
            connections,
            auth_attempts,
            stop,
            thread: Some(thread),
            cert_pem,
            pin,
        }
    }

    pub fn port(&self) -> String {
        self.addr.port().to_string()
    }

    /// The deliveries so far (the handler records before it answers 250).
    pub fn take(&self) -> Vec<Delivery> {
        std::mem::take(&mut *self.deliveries.lock().unwrap())
    }

    pub fn only(&self) -> Delivery {
        let mut all = self.take();
        assert_eq!(all.len(), 1, "exactly one delivery");
        all.remove(0)
    }
}
