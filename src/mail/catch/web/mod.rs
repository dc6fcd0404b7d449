//! `nt mail catch DIR --web [ADDR]`: a web page and a mailpit-compatible JSON API over
//! the catcher's Maildir, beside its SMTP listener.
//!
//! [`Web::prepare`] checks the flags before anything listens (a non-loopback address needs
//! `--web-user`, whose password comes from `NT_WEB_PASSWORD` or a prompt; a login over plain HTTP
//! needs `--web-insecure`; `--web-cert/--web-key`, else the catcher's own `--cert/--key` or
//! `--self-signed` identity, give HTTPS). [`Web::start`] listens, starts the indexing thread
//! ([`scan`]) and the HTTP server ([`serve`]); [`Web::notifier`] is the hook the catcher calls with
//! each saved file. Files: `index.rs` (the in-memory index), `scan.rs` (keeping it current),
//! `parse.rs` (mail-parser), `search.rs` (the query language), `api.rs` (the JSON API), `view.rs`
//! (one message: HTML, parts, raw), `page.rs` and `page/` (the page, shipped in the binary),
//! `serve.rs` (connections, login, headers), `state.rs` (what every handler shares). This module
//! never imports another protocol's code.

mod api;
mod index;
mod page;
mod parse;
mod scan;
mod search;
mod serve;
mod state;
mod view;

use std::net::IpAddr;
use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use tokio::sync::{Semaphore, broadcast};

use self::index::Index;
use self::state::{Event, State};
use crate::addr::{Addr, Host};
use crate::cli::MailCatchArgs;
use crate::error::{Kind, Tag, fail};
use crate::net;
use crate::output::{Output, sanitize};
use crate::secret::{self, Secret};
use crate::tls::Identity;

/// The bound on messages opened for viewing at once (each may hold up to
/// [`parse::MAX_VIEW`] bytes while it is parsed).
pub const VIEWS: usize = 4;

/// `--web` checked and ready to start.
pub struct Web {
    addr: Addr,
    login: Option<(String, Secret)>,
    tls: Option<Arc<rustls::ServerConfig>>,
    dir: std::path::PathBuf,
    notices: (SyncSender<String>, mpsc::Receiver<String>),
}

impl Web {
    /// Check `--web` and its flags; `smtp` is the catcher's TLS identity, if any.
    pub fn prepare(
        args: &MailCatchArgs,
        smtp: Option<&Identity>,
        out: &Output,
    ) -> anyhow::Result<Option<Web>> {
        let (Some(addr), Some(dir)) = (&args.web, &args.dir) else { return Ok(None) };
        let tls = match (&args.web_cert, &args.web_key, smtp) {
            (Some(cert), Some(key), _) => {
                let identity = Identity::load(cert, key)?;
                identity.announce(out);
                Some(identity.server_config()?)
            }
            (_, _, Some(identity)) => Some(identity.server_config()?),
            _ => None,
        };
        let login = match &args.web_user {
            Some(user) => {
                if user.is_empty() || user.contains(':') || user.chars().any(char::is_control) {
                    let user = sanitize(user);
                    return Err(fail(
                        Kind::Usage,
                        format!("--web-user '{user}' cannot be a login"),
                    ));
                }
                if tls.is_none() && !args.web_insecure {
                    return Err(fail(
                        Kind::Usage,
                        "--web-user over plain HTTP would send the password in clear text",
                    ))
                    .hint(
                        "give --web-cert/--web-key or --self-signed for HTTPS, or --web-insecure",
                    );
                }
                let can_prompt = out.stdin_tty() && out.stderr_tty();
                Some((user.clone(), secret::server_password("NT_WEB_PASSWORD", user, can_prompt)?))
            }
            None if !is_loopback(addr) => {
                return Err(fail(
                    Kind::Usage,
                    format!("--web {addr} is not a loopback address: it needs --web-user NAME"),
                ));
            }
            None => None,
        };
        let notices = mpsc::sync_channel(scan::NOTICES);
        Ok(Some(Web { addr: addr.clone(), login, tls, dir: dir.clone(), notices }))
    }

    /// The catcher's hook: call it with each saved file (`new/NAME`, relative to DIR).
    pub fn notifier(&self) -> impl Fn(&str) + Send + Sync + 'static {
        scan::notifier(self.notices.0.clone())
    }

    /// Listen (inside the runtime), index the Maildir on a thread of its own and serve;
    /// the server stops when the returned task is aborted.
    pub fn start(self, out: &Output) -> anyhow::Result<tokio::task::JoinHandle<()>> {
        let server = serve::bind(&self.addr, out)?;
        let index = Arc::new(RwLock::new(Index::new(&self.dir)));
        let (events, _) = broadcast::channel(256);
        let state = State {
            index: index.clone(),
            events: events.clone(),
            token: Arc::from(serve::token()),
            loopback_hosts: self.login.is_none(),
            login: self.login.map(Arc::new),
            views: Arc::new(Semaphore::new(VIEWS)),
            streams: Arc::new(Semaphore::new(serve::MAX_STREAMS)),
            started: Instant::now(),
            indexed: Arc::new(std::sync::OnceLock::new()),
        };
        let (sender, receiver) = self.notices;
        drop(sender);
        let (indexed, report) = (state.indexed.clone(), out.clone());
        std::thread::Builder::new()
            .name("nt-web-index".into())
            .spawn(move || {
                let began = Instant::now();
                scan::rescan(&index);
                let ms = began.elapsed().as_millis();
                let _ = indexed.set(ms);
                if let Ok(i) = index.read() {
                    let n = i.total();
                    report.info(&match report.is_json() {
                        true => serde_json::json!({"web": "indexed", "messages": n, "ms": ms})
                            .to_string(),
                        false => format!("web: indexed {n} messages in {ms} ms"),
                    });
                }
                let _ = events.send(Event::Changed);
                scan::run(index, receiver, events);
            })
            .map_err(|e| fail(Kind::Network, format!("cannot start the web indexer: {e}")))?;
        let acceptor = self.tls.map(net::acceptor);
        let app = api::router(state);
        Ok(tokio::spawn(serve::serve(server, app, acceptor)))
    }
}

/// Whether every address ADDR names is a loopback one (`localhost` counts).
fn is_loopback(addr: &Addr) -> bool {
    match &addr.host {
        Host::Ip(ip) => {
            ip.is_loopback()
                || matches!(ip, IpAddr::V6(v6) if v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()))
        }
        Host::Name(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Any => false,
    }
}
