//! Which mailbox a receiving command reads and how it logs in, from the command line,
//! the environment and the config's `[mail]` section; and the dial that every IMAP and
//! POP3 connection starts with.
//!
//! The URL comes from the command line or `[mail] receive`; a word that is not a URL is
//! a folder of the configured account. The password comes from `NT_IMAP_PASSWORD` /
//! `NT_POP3_PASSWORD`, then `NT_MAIL_PASSWORD`, netrc, `password_command`, a prompt
//! (`secret.rs`); `--oauth2-token-command` replaces it with XOAUTH2. A password never
//! goes over a connection without TLS unless `--tls off --insecure` both say so: that
//! is refused here, before a socket opens. Nothing here prints a secret.

use std::process::Stdio;
use std::time::Duration;

use anyhow::Context;

use super::link::Guarded;
use super::target::{self, Protocol, Target};
use crate::addr::Addr;
use crate::cli::MailboxArgs;
use crate::config::MailSection;
use crate::config::MailTls;
use crate::error::{Kind, Tag, fail};
use crate::net::{self, AsyncWire, Deadline, Dialer};
use crate::output::Output;
use crate::secret::{self, Secret};
use crate::tls::Policy;

/// Where the server is and how to talk to it.
#[derive(Debug, Clone)]
pub struct Server {
    pub protocol: Protocol,
    /// The host name (or IP) the certificate is checked against.
    pub host: String,
    pub addr: Addr,
    pub tls: MailTls,
    pub policy: Policy,
    pub dialer: Dialer,
    /// Every wait: connect, TLS, greeting, each answer.
    pub timeout: Option<Duration>,
    /// The most one answer may hold (`--buffer`).
    pub buffer: u64,
}

/// How to log in.
#[derive(Debug, Clone)]
pub enum Auth {
    Password {
        user: String,
        password: Secret,
    },
    /// XOAUTH2 with a token printed by `command`.
    OAuth2 {
        user: String,
        command: String,
    },
}

/// A mailbox: server, login and folder.
#[derive(Debug, Clone)]
pub struct Account {
    pub server: Server,
    pub auth: Auth,
    /// The folder, UTF-8 (`INBOX` by default; POP3 has only that one).
    pub folder: String,
}

/// The URL and folder the command names: `word` is a URL or a folder of `[mail] receive`.
fn target(
    word: Option<&str>,
    args: &MailboxArgs,
    cfg: &MailSection,
) -> anyhow::Result<(Target, String)> {
    let (url, folder_word) = match word {
        Some(w) if target::is_url(w) => (w.to_string(), None),
        other => {
            match &cfg.receive {
                Some(url) => (url.clone(), other),
                None => {
                    return Err(fail(Kind::Usage, "no mailbox: give a URL such as imaps://alice@imap.example.org"))
                    .hint("or set `receive` in the [mail] section of the config (see `nt config path`)");
                }
            }
        }
    };
    let target = target::parse_url(&url).map_err(|e| fail(Kind::Usage, e))?;
    if folder_word.is_some() && args.folder.is_some() {
        return Err(fail(Kind::Usage, "a folder twice: give FOLDER or --folder, not both"));
    }
    let folder = args
        .folder
        .clone()
        .or(folder_word.map(str::to_string))
        .or(target.folder.clone())
        .unwrap_or_else(|| "INBOX".to_string());
    target::check_name(&folder, "folder").map_err(|e| fail(Kind::Usage, e))?;
    if folder.is_empty() {
        return Err(fail(Kind::Usage, "an empty folder name"));
    }
    if target.protocol == Protocol::Pop3 && !folder.eq_ignore_ascii_case("INBOX") {
        return Err(fail(Kind::Usage, format!("POP3 has one mailbox and no folder '{folder}'")))
            .hint("folders need IMAP: imap:// or imaps://");
    }
    Ok((target, folder))
}

/// Everything a receiving command needs before it dials.
pub fn resolve(
    word: Option<&str>,
    args: &MailboxArgs,
    cfg: &MailSection,
    out: &Output,
) -> anyhow::Result<Account> {
    let (target, folder) = target(word, args, cfg)?;
    let tls = target.tls(args.tls);
    let policy = args.verify.policy(cfg.insecure.unwrap_or(false), cfg.pin.as_deref())?;
    let dialer = Dialer::new(Some(args.timeout)).via(&args.proxy);
    let server = Server {
        protocol: target.protocol,
        host: target.host.clone(),
        addr: target.addr(tls),
        tls,
        policy,
        dialer,
        timeout: Some(args.timeout),
        buffer: args.buffer,
    };
    let user = args
        .user
        .clone()
        .or(target.user.clone())
        .or(cfg.user.clone())
        .or_else(|| secret::netrc_login(&server.host));
    let Some(user) = user else {
        return Err(fail(Kind::Usage, "no login name: give imaps://USER@host or --user NAME"))
            .hint("or a ~/.netrc entry for the host, or `user` in [mail]");
    };
    target::check_name(&user, "user name").map_err(|e| fail(Kind::Usage, e))?;
    if server.tls == MailTls::Off && !server.policy.insecure {
        return Err(fail(
            Kind::Usage,
            format!("refusing to send the password of '{user}' over an unencrypted connection"),
        ))
        .hint("use --tls starttls or --tls tls; `--tls off --insecure` allows it on a trusted network");
    }
    let oauth = args.oauth2_token_command.clone().or(cfg.oauth2_token_command.clone());
    let auth = match oauth {
        Some(command) => Auth::OAuth2 { user, command },
        None => password(&server, user, cfg, out)?,
    };
    Ok(Account { server, auth, folder })
}

fn password(
    server: &Server,
    user: String,
    cfg: &MailSection,
    out: &Output,
) -> anyhow::Result<Auth> {
    let own = match server.protocol {
        Protocol::Imap => "NT_IMAP_PASSWORD",
        Protocol::Pop3 => "NT_POP3_PASSWORD",
    };
    if let Some(p) = std::env::var(own).ok().filter(|p| !p.is_empty()) {
        return Ok(Auth::Password { user, password: Secret::new(p) });
    }
    let lookup = secret::Lookup {
        env_var: "NT_MAIL_PASSWORD",
        host: &server.host,
        user: Some(&user),
        password_command: cfg.password_command.as_deref(),
        may_prompt: out.stdin_tty() && !out.is_json(),
    };
    match lookup.find()? {
        Some(found) => {
            Ok(Auth::Password { user: found.login.unwrap_or(user), password: found.password })
        }
        None => Err(fail(Kind::Usage, format!("no password for '{user}'"))).hint(format!(
            "set {own} or NT_MAIL_PASSWORD, a ~/.netrc entry, or password_command in [mail]"
        )),
    }
}

/// Run `--oauth2-token-command` (`sh -c`; `cmd /C` on Windows); its first output line is
/// the access token.
pub fn oauth2_token(command: &str) -> anyhow::Result<Secret> {
    let output = crate::shell::command(command)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .context("cannot run --oauth2-token-command")
        .kind(Kind::Usage)?;
    if !output.status.success() {
        return Err(fail(
            Kind::AuthTls,
            format!("--oauth2-token-command failed ({})", output.status),
        ));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|_| fail(Kind::AuthTls, "--oauth2-token-command printed invalid UTF-8"))?;
    let token = text.lines().next().unwrap_or("").trim();
    if token.is_empty() || token.chars().any(char::is_control) {
        return Err(fail(Kind::AuthTls, "--oauth2-token-command printed no token"));
    }
    Ok(Secret::new(token))
}

/// The XOAUTH2 initial response (RFC 7628 style, as Google and Microsoft take it).
pub fn xoauth2(user: &str, token: &Secret) -> String {
    format!("user={user}\x01auth=Bearer {}\x01\x01", token.expose())
}

/// TCP to the server (through `--proxy`), with TLS from the first byte for `--tls tls`.
pub async fn dial(server: &Server, out: &Output) -> anyhow::Result<AsyncWire> {
    let tcp = server.dialer.connect_async(&server.addr, out).await?;
    match server.tls {
        MailTls::Tls => {
            let (tls, first) = handshake(tcp, server).await;
            tls.map_err(|e| plain_greeting(e, &first, server))
        }
        MailTls::Starttls | MailTls::Off => Ok(AsyncWire::Plain(tcp)),
    }
}

/// The TLS handshake over an open connection (implicit TLS, or after STARTTLS/STLS).
pub async fn upgrade(tcp: tokio::net::TcpStream, server: &Server) -> anyhow::Result<AsyncWire> {
    handshake(tcp, server).await.0
}

/// The handshake, and the first bytes the server sent during it.
async fn handshake(
    tcp: tokio::net::TcpStream,
    server: &Server,
) -> (anyhow::Result<AsyncWire>, Vec<u8>) {
    let deadline = Deadline::after(server.timeout);
    let (recorded, first) = net::recorded(tcp);
    let tls = net::tls_connect_async(recorded, &server.host, &server.policy, &deadline).await;
    let first = first.lock().map(|f| f.clone()).unwrap_or_default();
    (tls.map(|tls| AsyncWire::Tls(Box::new(tls))), first)
}

/// A failed implicit-TLS handshake with a server that greeted in plain text instead
/// (`* OK`, `+OK`): the port speaks STARTTLS/STLS, and the hint says which URL to use.
fn plain_greeting(err: anyhow::Error, first: &[u8], server: &Server) -> anyhow::Error {
    let (greeted, upgrade, scheme) = match server.protocol {
        Protocol::Imap => (
            [&b"* OK"[..], b"* PREAUTH", b"* BYE"].iter().any(|g| first.starts_with(g)),
            "STARTTLS",
            "imap",
        ),
        Protocol::Pop3 => (first.starts_with(b"+OK") || first.starts_with(b"-ERR"), "STLS", "pop3"),
    };
    if !greeted {
        return err;
    }
    fail(
        Kind::AuthTls,
        format!("{} greeted in plain text where a TLS handshake was expected", server.addr),
    )
    .context(crate::error::Hint(format!(
        "this port speaks {upgrade}: use {scheme}://{} (or --tls starttls)",
        server.addr
    )))
}

/// A plain stream back from its [`Guarded`] for STARTTLS/STLS; `None` if it is TLS already.
pub fn plain(link: Guarded<AsyncWire>) -> Option<tokio::net::TcpStream> {
    match link.into_inner() {
        AsyncWire::Plain(tcp) => Some(tcp),
        AsyncWire::Tls(_) => None,
    }
}
