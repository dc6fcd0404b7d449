//! `nt mail catch [DIR [ADDR]]`: a local SMTP server that keeps every message it receives.
//!
//! This file sets the server up (Maildir, TLS identity, `--reject` globs), accepts through
//! the shared server layer ([`net::serve::Server`]: at most `--max-clients` clients at
//! once, at most `--max-pending` from one address that have not given a recipient yet, the
//! rest told `421` and closed; `--login-timeout` for EHLO) and says what was caught; one
//! client is [`inbound`]'s. `--count N` stops accepting after the Nth message and waits up
//! to [`GRACE`] for the clients still connected to say QUIT. Ctrl-C keeps its default
//! action (exit 130, `signal.rs`): a message cut short stays in `tmp/`, never in `new/`.
//! `--pop3 ADDR` serves the same Maildir over POP3 beside the SMTP listener, with the
//! catcher's POP3 server ([`pop3`], under the same bounds, where
//! logging in is what frees a connection's share): one login (`--user`,
//! `NT_POP3_PASSWORD`), STLS with the SMTP side's identity when TLS is on. It stops when
//! the catcher stops. `--web ADDR` serves a page and a JSON API over the same Maildir
//! ([`web`]).
//!
//! Files: this one, `inbound.rs` and `inbound/transaction.rs` (one SMTP client), `scan.rs`
//! (what a message says, read as it streams in), `pop3/` (`--pop3`), `web/` (`--web`).

mod inbound;
pub mod pop3;
pub mod scan;
mod web;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use mailin::SessionBuilder;
use tokio::sync::watch;
use wildmatch::WildMatch;

use self::inbound::{Caught, Ctx};
use self::pop3::Login;
use self::web::Web;
use super::host;
use super::maildir::Maildir;
use crate::addr::Addr;
use crate::cli::MailCatchArgs;
use crate::error::{Kind, fail};
use crate::net;
use crate::net::serve::{Bounds, Refused, Server};
use crate::output::{Output, sanitize};
use crate::progress::human_bytes;
use crate::secret;

/// After `--count` is reached, how long clients still connected may take to say QUIT.
pub const GRACE: Duration = Duration::from_secs(5);

pub fn run(mut args: MailCatchArgs, out: &Output) -> anyhow::Result<ExitCode> {
    if let Some(addr) = args.addr.take() {
        args.listen = addr;
    }
    // --timeout 0 is refused by its parser (cli/timeout.rs).
    if args.max_size == 0 {
        return Err(fail(Kind::Usage, "--max-size must be more than 0"));
    }
    let host = host::host_name().unwrap_or_else(|| "localhost".into());
    let reject = args.reject.iter().map(|p| WildMatch::new(&p.to_lowercase())).collect();
    let maildir = match &args.dir {
        Some(dir) => Some(Arc::new(Maildir::create(dir, &host)?)),
        None => None,
    };
    let pop3 = pop3_login(&args, out)?;
    let names = [args.listen.host_text(), host.clone()];
    let identity = args.cert.identity(args.tls, &names)?;
    let acceptor = match &identity {
        Some(identity) => {
            identity.announce(out);
            Some(net::acceptor(identity.server_config()?))
        }
        None => None,
    };
    let web = Web::prepare(&args, identity.as_ref(), out)?;
    let mut builder = SessionBuilder::new(host.clone());
    if acceptor.is_some() {
        builder.enable_start_tls();
    }
    let (stop, _) = watch::channel(false);
    let ctx = Ctx {
        host,
        builder,
        acceptor,
        maildir,
        max_size: args.max_size,
        max_recipients: args.max_recipients as usize,
        timeout: args.timeout,
        reject,
        out: out.clone(),
        count: args.count,
        delivered: AtomicU64::new(0),
        stop,
        report: reporter(
            out.clone(),
            args.dir.is_some(),
            web.as_ref().map(|w| Box::new(w.notifier()) as _),
        ),
    };
    net::block_on(net::Threads::Pool, serve(&args, Arc::new(ctx), pop3, web))??;
    Ok(ExitCode::SUCCESS)
}

/// `--pop3 ADDR --user NAME` (clap requires DIR and --user with it): where POP3 listens,
/// the Maildir it serves and the one login it accepts.
fn pop3_login(args: &MailCatchArgs, out: &Output) -> anyhow::Result<Option<Pop3>> {
    let (Some(addr), Some(dir), Some(user)) = (&args.pop3, &args.dir, &args.user) else {
        return Ok(None);
    };
    if user.is_empty() || user.len() > 255 || user.contains(|c: char| c.is_control() || c == ' ') {
        return Err(fail(
            Kind::Usage,
            format!("--user '{}' cannot be a POP3 login", sanitize(user)),
        ));
    }
    let can_prompt = out.stdin_tty() && out.stderr_tty();
    let password = secret::server_password("NT_POP3_PASSWORD", user, can_prompt)?;
    Ok(Some((addr.clone(), dir.clone(), Login { user: user.clone(), password })))
}

/// What `--pop3` serves: its address, the Maildir, the login.
type Pop3 = (Addr, PathBuf, Login);

/// Accept clients until `--count` is reached (or forever); with `--pop3`, serve the
/// Maildir over POP3 meanwhile.
async fn serve(
    args: &MailCatchArgs,
    ctx: Arc<Ctx>,
    pop3: Option<Pop3>,
    web: Option<Web>,
) -> anyhow::Result<()> {
    let bounds = Bounds {
        max_clients: args.max_clients as usize,
        per_source: args.max_pending as usize,
        login: Some(args.login_timeout),
    };
    let server = Server::bind(&args.listen, None, bounds, &ctx.out)?.refusing(|why, _| {
        match why {
            Refused::Full => "421 4.7.0 too many clients (--max-clients), try again later\r\n",
            Refused::Source => {
                "421 4.7.0 too many connections from your address that have not sent mail yet \
                 (--max-pending), try again later\r\n"
            }
        }
        .into()
    });
    let web = web.map(|web| web.start(&ctx.out)).transpose()?;
    let pop3 = match pop3 {
        Some((addr, dir, login)) => {
            let server = pop3::bind(&addr, bounds, &ctx.out)?;
            let (tls, out) = (ctx.acceptor.clone(), ctx.out.clone());
            Some(tokio::spawn(pop3::serve(server, dir, login, tls, out)))
        }
        None => None,
    };
    accept(&ctx, &server).await;
    if let Some(task) = pop3 {
        task.abort();
    }
    if let Some(task) = web {
        task.abort();
    }
    Ok(())
}

/// The SMTP accept loop of [`serve`]; after `--count`, up to [`GRACE`] for the clients
/// still connected (a client that comes meanwhile is told 421).
async fn accept(ctx: &Arc<Ctx>, server: &Server) {
    let mut stop = ctx.stop.subscribe();
    loop {
        let admitted = tokio::select! {
            admitted = server.accept() => admitted,
            _ = stop.changed() => break,
        };
        let ctx = ctx.clone();
        tokio::spawn(inbound::serve(admitted.stream, admitted.peer, ctx, admitted.pass));
    }
    let drain = server.drain(GRACE);
    tokio::pin!(drain);
    loop {
        tokio::select! {
            _ = &mut drain => return,
            admitted = server.accept() => {
                let _ = admitted.stream.try_write(b"421 4.3.2 nt mail catch is stopping\r\n");
            }
        }
    }
}

/// `--web`'s hook: told each file saved (relative to DIR).
type Saved = Box<dyn Fn(&str) + Send + Sync>;

/// How each caught message is told: a JSON object (`--json`), else a line on stdout
/// (without DIR) or on stderr (with DIR, where the file is the data). Returns false when
/// stdout is gone.
fn reporter(
    out: Output,
    to_dir: bool,
    saved: Option<Saved>,
) -> Box<dyn Fn(&Caught) -> bool + Send + Sync> {
    Box::new(move |caught: &Caught| {
        if let (Some(saved), Some(file)) = (&saved, &caught.file) {
            saved(file);
        }
        if out.is_json() {
            return out.json(caught).is_ok();
        }
        let line = summary(caught);
        if to_dir {
            out.info(&line);
            true
        } else {
            out.line(&line).is_ok()
        }
    })
}

/// `saved new/NAME: a@x -> b@y, c@z "Subject" 1.2 KiB [a.py, iu.png]`
pub fn summary(caught: &Caught) -> String {
    let mut line = String::new();
    if let Some(file) = &caught.file {
        line.push_str(&format!("saved {file}: "));
    }
    let from = if caught.from.is_empty() { "<>" } else { &caught.from };
    line.push_str(&format!("{from} -> {}", caught.to.join(", ")));
    if let Some(subject) = &caught.subject {
        line.push_str(&format!(" \"{subject}\""));
    }
    line.push_str(&format!(" {}", human_bytes(caught.size)));
    if !caught.attachments.is_empty() {
        line.push_str(&format!(" [{}]", caught.attachments.join(", ")));
    }
    sanitize(&line).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines() {
        let caught = Caught {
            from: "a@x".into(),
            to: vec!["b@y".into(), "c@z".into()],
            subject: Some("hi\x1b[2J".into()),
            size: 2048,
            attachments: vec!["a.py".into()],
            file: Some("new/1.M2P3Q0.h,S=2048".into()),
            peer: "127.0.0.1:5".into(),
            tls: false,
            login: None,
        };
        assert_eq!(
            summary(&caught),
            "saved new/1.M2P3Q0.h,S=2048: a@x -> b@y, c@z \"hi\\u{1b}[2J\" 2.0 KiB [a.py]"
        );
    }
}
