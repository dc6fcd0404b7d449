//! `nt ftp serve [DIR] [ADDR]`: a real FTP/FTPS server on libunftp for the course's client
//! and any other.
//!
//! How it fits together: nt listens through `net::listen_async` (which announces
//! `listening on ADDR`, also for port 0) and accepts each client itself, up to
//! `--max-clients` at once. For each one, `control.rs` relays the control connection to a
//! libunftp server of its own (`server.rs`) over a loopback pair (`net::local_pair`):
//! libunftp only takes a `TcpStream`, and nt needs to stand between to bound command
//! lines, do the AUTH TLS handshake under a deadline, enforce `--tls required` and log
//! each command. nt also holds the data connections (`data.rs`): libunftp takes them only
//! from its control peer (now loopback), and a plain file transfer is then done by the
//! storage on the client's socket with sendfile/splice (`jail.rs`, `zerocopy.rs`), while
//! libunftp still runs every command and sends every reply.
//!
//! Who may log in: anonymous, read-only, by default; `--user NAME` (or NT_FTP_USER, the
//! same name both ends of a lab can share) with the password from NT_FTP_PASSWORD or a
//! prompt; `--write` allows changes. Client flags are refused with exit 2. Ctrl-C is
//! the default death by SIGINT (130), after unfinished uploads are removed. libunftp
//! panics in a data-connection task when a client botches the TLS handshake there; tokio
//! contains the panic to that task and the panic hook installed here turns it into one
//! warning line instead of a backtrace. Nothing here prints a password.
//!
//! Why the relay: libunftp 0.24 reads a command line without a length bound, does the AUTH
//! TLS handshake without a deadline, and logs commands only at debug level (compiled out of
//! release builds). The relay reads one command at a time (the next after the reply, or
//! during a transfer), so replies stay in order and memory per session is small. Why nt
//! holds the data connections: libunftp takes one only from its control connection's peer
//! (loopback, now), and hands its storage only an opaque async writer (no sendfile). So nt
//! rewrites each 227/229 reply to a passive port of its own (in `--passive-ports`, on the
//! address the client reached), takes one connection there from the client's address only
//! (15 s), and, told by the relay which command it is for: a plain RETR/STOR/APPE/STOU is
//! done by the storage on the client's socket itself (sendfile(2) out, splice(2) in, on a
//! blocking thread; a client that moves nothing for `--idle` ends the transfer); listings
//! and TLS data connections (PROT P) are forwarded to libunftp's loopback port as bytes.
//! Through TLS the storage reads or writes the file in 128 KiB chunks on a blocking thread
//! while the async side moves libunftp's stream (unftp-sbe-fs's own transfers use 4 KiB
//! buffers and a thread-pool hop per read).

mod control;
mod data;
mod jail;
mod log;
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
use crate::error::{Kind, Tag, fail};
use crate::output::{Output, sanitize};
use crate::secret;
use crate::tls::{FtpTls, Identity};

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
        tls: tls_config.clone(),
    });
    let tls = tls_config.map(|config| Tls {
        acceptor: crate::net::acceptor(config),
        required: required.unwrap_or(true),
    });
    let rules = Arc::new(Rules { out: out.clone(), tls, handshake: conn.timeout });
    crate::signal::on_interrupt(jail::remove_partials);
    quiet_panics(out.clone());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .kind(Kind::LocalFile)?;
    let result = runtime.block_on(async {
        let listener = crate::net::listen_async(&args.addr, out)?;
        if let Some(identity) = &identity {
            identity.announce(out);
        }
        say_what_is_served(&args, &shared, &rules, &listener, out);
        accept(listener, shared, rules, args.max_clients as usize).await
    });
    runtime.shutdown_background();
    result.map(|()| ExitCode::SUCCESS)
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

/// One line for the person who started it: what is served, to whom, and how to try it.
fn say_what_is_served(
    args: &FtpServeArgs,
    shared: &Shared,
    rules: &Rules,
    listener: &tokio::net::TcpListener,
    out: &Output,
) {
    let access = if args.write { "read-write" } else { "read-only" };
    let who = match &shared.login.user {
        Some((name, _)) => format!("user {name}"),
        None => "anonymous".to_string(),
    };
    let tls = match &rules.tls {
        Some(tls) if tls.required => ", FTPS required",
        Some(_) => ", FTPS offered",
        None => "",
    };
    let mut line = format!("serving {} {access} to {who}{tls}", shared.dir.display());
    if let Ok(local) = listener.local_addr() {
        let host = match local.ip() {
            ip if ip.is_unspecified() => "127.0.0.1".to_string(),
            std::net::IpAddr::V6(ip) => format!("[{ip}]"),
            ip => ip.to_string(),
        };
        line.push_str(&format!("; try: nt ftp ls ftp://{host}:{}/", local.port()));
    }
    out.info(&sanitize(&line));
}

/// Accept clients until the process is stopped.
async fn accept(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    rules: Arc<Rules>,
    max_clients: usize,
) -> anyhow::Result<()> {
    let sessions = Arc::new(tokio::sync::Semaphore::new(max_clients));
    loop {
        let (client, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors and the like: say so, breathe, go on.
                rules.out.warn(&format!("cannot accept a connection: {e}"));
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = client.set_nodelay(true);
        let Ok(permit) = sessions.clone().try_acquire_owned() else {
            tokio::spawn(turn_away(client, peer, rules.clone(), max_clients));
            continue;
        };
        let (shared, rules) = (shared.clone(), rules.clone());
        tokio::spawn(async move {
            session(client, peer, &shared, &rules).await;
            drop(permit);
        });
    }
}

/// One session: a libunftp server behind the control relay and the passive ports.
async fn session(client: tokio::net::TcpStream, peer: SocketAddr, shared: &Shared, rules: &Rules) {
    let peer = SocketAddr::new(data::plain(peer.ip()), peer.port());
    let inside = match peer.ip() {
        std::net::IpAddr::V4(_) => std::net::IpAddr::from([127, 0, 0, 1]),
        std::net::IpAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
    };
    let link = Arc::new(data::Link {
        meter: data::Meter::default(),
        handoff: data::Handoff::default(),
        stall: shared.idle,
    });
    let started = async {
        let outside = data::plain(client.local_addr()?.ip());
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
            };
            control::relay(client, near, peer, rules, &link, forwarder).await;
        }
        Err(e) => {
            let why = crate::error::one_line(&e);
            log::Event { peer, event: "refused", detail: Some(&why) }.write(&rules.out);
        }
    }
}

/// More than `--max-clients`: 421, then close (the write is bounded in time).
async fn turn_away(
    mut client: tokio::net::TcpStream,
    peer: SocketAddr,
    rules: Arc<Rules>,
    max_clients: usize,
) {
    use tokio::io::AsyncWriteExt;
    let reply = b"421 Too many sessions, try again later\r\n";
    let limit = std::time::Duration::from_secs(1);
    let _ = tokio::time::timeout(limit, client.write_all(reply)).await;
    let why = format!("too many sessions (--max-clients {max_clients})");
    log::Event { peer, event: "refused", detail: Some(&why) }.write(&rules.out);
}

/// libunftp unwraps a failed TLS handshake on a data connection; that panic ends only its
/// task. Say it in one line instead of a panic message and a backtrace.
fn quiet_panics(out: Output) {
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".into());
        out.warn(&sanitize(&format!("a connection failed inside libunftp: {what}")));
    }));
}
