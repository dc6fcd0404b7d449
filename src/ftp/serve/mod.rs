//! `nt ftp serve [DIR] [ADDR]`: a real FTP/FTPS server on libunftp for the course's client
//! and any other.
//!
//! How it fits together: nt listens and accepts through the server layer
//! (`net::serve::Server`: it announces `listening on ADDR`, also for port 0, holds the
//! slots, the per-source cap on connections not logged in and the login deadline, and
//! refuses with `421`). For each client, `control.rs` relays the control connection to a
//! libunftp server of its own (`server.rs`) over a loopback pair (`net::local_pair`):
//! libunftp only takes a `TcpStream`, and nt needs to stand between to bound command
//! lines, do the AUTH TLS handshake under a deadline, enforce `--tls required` and log
//! each command. nt also holds the data connections (`data.rs`): libunftp takes them only
//! from its control peer (now loopback), and a plain file transfer is then done by the
//! storage on the client's socket (sendfile/splice on Linux: `jail.rs`, `zerocopy.rs`), while
//! libunftp still runs every command and sends every reply.
//!
//! Who may log in: anonymous, read-only, by default; `--user NAME` (or NT_FTP_USER, the
//! same name both ends of a lab can share) with the password from NT_FTP_PASSWORD or a
//! prompt; `--write` allows changes. Client flags are refused with exit 2. Ctrl-C is
//! the default death by SIGINT (130), after unfinished uploads are removed. libunftp
//! panics in a data-connection task when a TLS handshake fails there; nt now takes every
//! data connection's TLS itself (libunftp never sees PROT), and should a task of libunftp
//! panic anyway, tokio contains it and the panic hook installed here turns it into one
//! warning line instead of a backtrace. Nothing here prints a password.
//!
//! Bounds, each a flag or a documented constant: `--max-clients` sessions (one more is
//! told 421); `--login-timeout` to log in; `--idle` without a command;
//! `control::MAX_COMMAND` per command line; `guard::MAX_FAILURES` failed logins per
//! session, each 530 held back longer per source address; one passive listener per
//! session and `data::MAX_PASSIVE_PER_SOURCE` per address; `data::ACCEPT_LIMIT` for a
//! data connection to come; `--max-upload` per file.
//!
//! Why the relay: libunftp 0.24 reads a command line without a length bound, does the AUTH
//! TLS handshake without a deadline, and logs commands only at debug level (compiled out of
//! release builds). The relay reads one command at a time (the next after the reply, or
//! during a transfer), so replies stay in order and memory per session is small. Why nt
//! holds the data connections: libunftp takes one only from its control connection's peer
//! (loopback, now), and hands its storage only an opaque async writer (no sendfile). So nt
//! rewrites each 227/229 reply to a passive port of its own (in `--passive-ports`, on the
//! address the client reached), takes one connection there from the client's address only
//! (10 s), and, told by the relay which command it is for: a plain RETR/STOR/APPE/STOU is
//! done by the storage on the client's socket itself (on Linux sendfile(2) out, splice(2)
//! in, elsewhere a buffered loop, on a blocking thread; a client that moves nothing for
//! `--idle` ends the transfer); listings are forwarded to libunftp's loopback port as
//! bytes, and TLS data connections (PROT P) are decrypted by nt and forwarded as plain
//! bytes. The storage reads or writes those
//! files in 128 KiB chunks on a blocking thread while the async side moves libunftp's
//! stream (unftp-sbe-fs's own transfers use 4 KiB buffers and a thread-pool hop per read).
//!
//! Passive mode only (libunftp's default): PORT would let a client make the server connect
//! anywhere, and nt's own client is passive by default.

mod control;
mod data;
mod guard;
mod handoff;
mod jail;
mod log;
mod pump;
mod server;
mod zerocopy;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use self::control::{Rules, Tls};
use self::server::{Login, Shared};
use crate::cli::{FtpConnArgs, FtpServeArgs};
use crate::config::FtpTls;
use crate::error::{Kind, Tag, fail};
use crate::net::serve::{Admitted, Bounds, Pass, Refused, Server};
use crate::output::{Output, sanitize};
use crate::secret;
use crate::tls::Identity;

/// Run the server until Ctrl-C.
pub fn run(args: FtpServeArgs, conn: &FtpConnArgs, out: &Output) -> anyhow::Result<ExitCode> {
    refuse_client_flags(conn)?;
    let dir = served_dir(&args.dir)?;
    let root = cap_std::fs::Dir::open_ambient_dir(&dir, cap_std::ambient_authority())
        .with_context(|| format!("cannot open {}", dir.display()))
        .kind(Kind::LocalFile)?;
    let required = tls_required(conn.tls, &args)?;
    let identity = args.certs.identity(required.is_some(), &[args.addr.host_text()])?;
    let login = login(conn.user.as_deref(), out)?;
    let tls_config = identity.as_ref().map(data_tls_config).transpose()?;
    let shared = Arc::new(Shared {
        out: out.clone(),
        dir: dir.clone(),
        root: Arc::new(root),
        write: args.write,
        login: Arc::new(login),
        passive_ports: args.passive_ports.clone(),
        idle: args.idle,
        max_upload: args.max_upload,
        tls: tls_config.as_ref().map(without_tickets),
        sources: Arc::default(),
    });
    let tls = tls_config.map(|config| Tls {
        acceptor: crate::net::acceptor(config),
        required: required.unwrap_or(true),
    });
    let rules = Arc::new(Rules {
        out: out.clone(),
        tls,
        handshake: conn.timeout,
        write: args.write,
        guard: Default::default(),
    });
    crate::signal::on_interrupt(jail::remove_partials);
    quiet_panics(out.clone());
    let result = crate::net::block_on(crate::net::Threads::Pool, async {
        let server = bind(&args, &rules, out)?;
        say_what_is_served(&args, &shared, &rules, &server, identity.as_ref(), out);
        accept(server, shared, rules).await
    });
    result?.map(|()| ExitCode::SUCCESS)
}

/// The client flags of `nt ftp` mean nothing to a server: refused, not ignored. `--host`
/// is refused only when it was typed (NT_FTP_URL in the environment is for clients).
fn refuse_client_flags(conn: &FtpConnArgs) -> anyhow::Result<()> {
    let from_env = |value: &str| std::env::var("NT_FTP_URL").is_ok_and(|v| v == value);
    let given = [
        ("--host", conn.host.as_deref().is_some_and(|h| !from_env(h))),
        ("--pin", conn.verify.pin.is_some()),
        ("--insecure", conn.verify.insecure),
        ("--active", conn.active),
        ("--retries", conn.retries != 0),
    ];
    match given.iter().find(|(_, on)| *on) {
        Some((flag, _)) => Err(fail(
            Kind::Usage,
            format!("{flag} is a client flag; nt ftp serve does not take it"),
        ))
        .hint("nt ftp serve [DIR] [ADDR] [--write] [--user NAME] [--tls [MODE]] [--self-signed]"),
        None => Ok(()),
    }
}

/// DIR, which must be a directory, as an absolute path.
fn served_dir(dir: &Path) -> anyhow::Result<PathBuf> {
    let hint = "to name an address, give DIR first: nt ftp serve . 127.0.0.1:2121";
    let canonical = std::fs::canonicalize(dir)
        .with_context(|| format!("cannot serve {}", dir.display()))
        .kind(Kind::LocalFile)
        .hint(hint)?;
    if !canonical.is_dir() {
        return Err(fail(Kind::LocalFile, format!("{} is not a directory", dir.display())))
            .hint(hint);
    }
    Ok(canonical)
}

/// Whether FTPS is on and required: `Some(true)` for `--tls`/`--tls required` (or a
/// certificate alone), `Some(false)` for `--tls auto`, `None` for plain FTP.
fn tls_required(mode: Option<FtpTls>, args: &FtpServeArgs) -> anyhow::Result<Option<bool>> {
    let certificate = args.certs.cert.is_some() || args.certs.self_signed;
    match mode {
        Some(FtpTls::Off) if certificate => {
            Err(fail(Kind::Usage, "--tls off and a certificate contradict each other"))
        }
        Some(FtpTls::Off) => Ok(None),
        Some(FtpTls::Auto) => Ok(Some(false)),
        Some(FtpTls::Required) => Ok(Some(true)),
        None if certificate => Ok(Some(true)),
        None => Ok(None),
    }
}

/// Who may log in. `--user NAME`: the password from NT_FTP_PASSWORD, else a prompt.
fn login(user: Option<&str>, out: &Output) -> anyhow::Result<Login> {
    let Some(name) = user.filter(|u| !u.is_empty()) else { return Ok(Login { user: None }) };
    if name.eq_ignore_ascii_case("anonymous") || name == "ftp" || name.contains(char::is_control) {
        return Err(fail(Kind::Usage, format!("--user '{}' cannot be a login", sanitize(name))))
            .hint("anonymous logins are the default: leave --user out");
    }
    let password =
        secret::server_password("NT_FTP_PASSWORD", name, out.stdin_tty() && out.stderr_tty())?;
    Ok(Login { user: Some((name.to_string(), password)) })
}

/// The TLS configuration of nt's identity, with sessions that the data connections can
/// resume more than once: clients such as FileZilla resume the control connection's
/// TLS session on each data connection (as libunftp's own cache allows). 0-RTT stays
/// off, so a resumed session cannot replay anything.
fn data_tls_config(identity: &Identity) -> anyhow::Result<Arc<rustls::ServerConfig>> {
    let mut config = (*identity.server_config()?).clone();
    config.session_storage =
        Arc::new(ReusableSessions(rustls::server::ServerSessionMemoryCache::new(1024)));
    Ok(Arc::new(config))
}

/// The configuration for the data connections: no TLS 1.3 session tickets sent on them.
/// A client that only writes (an upload) never reads them, and closing a socket with
/// unread bytes sends a reset that can cut its upload short (lftp did); sessions are
/// resumed from the control connection's tickets.
fn without_tickets(config: &Arc<rustls::ServerConfig>) -> Arc<rustls::ServerConfig> {
    let mut data = (**config).clone();
    data.send_tls13_tickets = 0;
    Arc::new(data)
}

#[derive(Debug)]
struct ReusableSessions(Arc<rustls::server::ServerSessionMemoryCache>);

impl rustls::server::StoresServerSessions for ReusableSessions {
    fn put(&self, key: Vec<u8>, value: Vec<u8>) -> bool {
        self.0.put(key, value)
    }

    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.0.get(key)
    }

    fn take(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.0.get(key)
    }

    fn can_cache(&self) -> bool {
        true
    }
}

/// What is served, to whom, and how to try it, for the person who started it: one line
/// (a JSON object with `--json`), after the certificate's fingerprint when there is one.
fn say_what_is_served(
    args: &FtpServeArgs,
    shared: &Shared,
    rules: &Rules,
    listener: &Server,
    identity: Option<&Identity>,
    out: &Output,
) {
    let access = if args.write { "read-write" } else { "read-only" };
    let user = shared.login.user.as_ref().map(|(name, _)| name.as_str());
    let tls = match &rules.tls {
        Some(tls) if tls.required => "required",
        Some(_) => "offered",
        None => "off",
    };
    let pin = identity.map(|id| id.fingerprint().to_string());
    let try_it = listener.local_addr().ok().map(|local| {
        let host = match local.ip() {
            ip if ip.is_unspecified() => "127.0.0.1".to_string(),
            std::net::IpAddr::V6(ip) => format!("[{ip}]"),
            ip => ip.to_string(),
        };
        let at = user.map(|u| format!("{}@", url_user(u))).unwrap_or_default();
        let pinned = pin.as_ref().map(|p| format!(" --pin {p}")).unwrap_or_default();
        format!("nt ftp ls ftp://{at}{host}:{}/{pinned}", local.port())
    });
    if out.is_json() {
        let line = Serving {
            event: "serving",
            dir: &shared.dir.to_string_lossy(),
            access,
            user,
            tls,
            pin: pin.as_deref(),
            try_it: try_it.as_deref(),
        };
        if let Ok(json) = serde_json::to_string(&line) {
            out.announce(&json);
        }
        return;
    }
    if let Some(identity) = identity {
        identity.announce(out);
    }
    let who = user.map_or_else(|| "anonymous".to_string(), |name| format!("user {name}"));
    let tls = match tls {
        "required" => ", FTPS required",
        "offered" => ", FTPS offered",
        _ => "",
    };
    let mut line = format!("serving {} {access} to {who}{tls}", shared.dir.display());
    if let Some(try_it) = try_it {
        line.push_str(&format!("; try: {try_it}"));
    }
    out.info(&sanitize(&line));
}

/// A login name as the user part of a URL (percent-encoded past the unreserved characters).
fn url_user(name: &str) -> String {
    let keep = |b: u8| b.is_ascii_alphanumeric() || b"-._~".contains(&b);
    name.bytes()
        .map(|b| if keep(b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// The start-up line under `--json`.
#[derive(serde::Serialize)]
struct Serving<'a> {
    event: &'static str,
    dir: &'a str,
    access: &'static str,
    user: Option<&'a str>,
    /// `off`, `offered` or `required`.
    tls: &'static str,
    /// The certificate's SHA-256, for a client's `--pin`.
    pin: Option<&'a str>,
    #[serde(rename = "try")]
    try_it: Option<&'a str>,
}

/// Accept clients until the process is stopped, through the server layer: a slot per
/// session (`--max-clients`), a share of the per-source cap until the login
/// (`--max-pending`), and the login deadline (`--login-timeout`); a refused client is told
/// `421` and closed.
async fn accept(server: Server, shared: Arc<Shared>, rules: Arc<Rules>) -> anyhow::Result<()> {
    loop {
        let Admitted { stream, peer, pass } = server.accept().await;
        let (shared, rules) = (shared.clone(), rules.clone());
        tokio::spawn(async move {
            session(stream, peer, pass, &shared, &rules).await;
        });
    }
}

/// Bind ADDR with the session bounds, and the words and log line of a refusal.
fn bind(args: &FtpServeArgs, rules: &Arc<Rules>, out: &Output) -> anyhow::Result<Server> {
    let bounds = Bounds {
        max_clients: args.max_clients as usize,
        per_source: args.max_pending as usize,
        login: Some(args.login_timeout),
    };
    let (max_clients, max_pending) = (args.max_clients, args.max_pending);
    let rules = rules.clone();
    let server = Server::bind(&args.addr, None, bounds, out)?
        .refusing(|why, _| match why {
            Refused::Full => b"421 Too many sessions, try again later\r\n".to_vec(),
            Refused::Source => {
                b"421 Too many connections not logged in from your address\r\n".to_vec()
            }
        })
        .logging(move |why, peer| {
            let why = match why {
                Refused::Full => format!("too many sessions (--max-clients {max_clients})"),
                Refused::Source => format!(
                    "too many connections not logged in from one address (--max-pending \
                     {max_pending})"
                ),
            };
            let peer = SocketAddr::new(peer.ip().to_canonical(), peer.port());
            log::Event { peer, event: "refused", detail: Some(&why) }.write(&rules.out);
        });
    Ok(server)
}

/// One session: a libunftp server behind the control relay and the passive ports.
async fn session(
    client: tokio::net::TcpStream,
    peer: SocketAddr,
    mut pass: Pass,
    shared: &Shared,
    rules: &Rules,
) {
    let peer = SocketAddr::new(peer.ip().to_canonical(), peer.port());
    let inside = match peer.ip() {
        std::net::IpAddr::V4(_) => std::net::IpAddr::from([127, 0, 0, 1]),
        std::net::IpAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
    };
    let link = Arc::new(data::Link {
        meter: Default::default(),
        handoff: Default::default(),
        stall: shared.idle,
        max_upload: shared.max_upload,
    });
    let started = async {
        let outside = client.local_addr()?.ip().to_canonical();
        let (near, far) = crate::net::local_pair(inside).await?;
        let server = server::build(shared, inside, peer, link.clone())?;
        tokio::spawn(server.service(far));
        anyhow::Ok((near, outside))
    };
    match started.await {
        Ok((near, outside)) => {
            let forwarder = data::Forwarder {
                client: peer.ip(),
                outside,
                ports: shared.passive_ports.clone(),
                inside,
                link: link.clone(),
                sources: shared.sources.clone(),
                tls: shared.tls.clone().map(crate::net::acceptor),
            };
            control::relay(client, near, peer, rules, &link, forwarder, &mut pass).await;
        }
        Err(e) => {
            let why = crate::error::one_line(&e);
            log::Event { peer, event: "refused", detail: Some(&why) }.write(&rules.out);
        }
    }
}

/// A panic in a task of libunftp (it unwraps in places) ends only that task. Say it in one
/// line instead of a panic message and a backtrace.
fn quiet_panics(out: Output) {
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".into());
        log::Warning::write(&out, &format!("a connection failed inside libunftp: {what}"));
    }));
}
