//! `nt mail catch [DIR]`: a local SMTP server that keeps every message it receives.
//!
//! This file sets the server up (Maildir, TLS identity, `--reject` globs), listens through
//! [`net::listen_async`], accepts at most `--max-clients` clients at once (the rest wait
//! in the listen queue) and says what was caught; one client is [`inbound`]'s. `--count
//! N` stops accepting after the Nth message and waits up to [`GRACE`] for the clients
//! still connected to say QUIT. Ctrl-C keeps its default action (exit 130, `signal.rs`):
//! a message cut short stays in `tmp/`, never in `new/`. `--pop3 ADDR` serves the same
//! Maildir over POP3 beside the SMTP listener, with the receiving side's POP3 server
//! (`receive::pop3::server`): one login (`--user`, `NT_POP3_PASSWORD`), STLS with the
//! SMTP side's identity when TLS is on. It stops when the catcher stops.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use mailin::SessionBuilder;
use tokio::sync::{Semaphore, watch};
use wildmatch::WildMatch;

use super::inbound::{self, Caught, Ctx};
use super::maildir::Maildir;
use super::receive::pop3::server::{self as pop3, Login};
use super::smtp;
use crate::addr::Addr;
use crate::cli::MailCatchArgs;
use crate::error::{Kind, fail};
use crate::net;
use crate::output::{Output, sanitize};
use crate::progress::human_bytes;
use crate::secret;

/// After `--count` is reached, how long clients still connected may take to say QUIT.
pub const GRACE: Duration = Duration::from_secs(5);

pub fn run(args: MailCatchArgs, out: &Output) -> anyhow::Result<ExitCode> {
    if args.max_size == 0 || args.timeout.is_zero() {
        return Err(fail(Kind::Usage, "--max-size and --timeout must be more than 0"));
    }
    let host = smtp::host_name().unwrap_or_else(|| "localhost".into());
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
        report: reporter(out.clone(), args.dir.is_some()),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(Kind::Network, format!("cannot start the server: {e}")))?;
    runtime.block_on(serve(&args, Arc::new(ctx), pop3))?;
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
async fn serve(args: &MailCatchArgs, ctx: Arc<Ctx>, pop3: Option<Pop3>) -> anyhow::Result<()> {
    let listener = net::listen_async(&args.listen, &ctx.out)?;
    let pop3 = match pop3 {
        Some((addr, dir, login)) => {
            let listener = net::listen_async_as(&addr, Some("pop3"), &ctx.out)?;
            let (tls, out) = (ctx.acceptor.clone(), ctx.out.clone());
            Some(tokio::spawn(pop3::serve(listener, dir, login, tls, out)))
        }
        None => None,
    };
    let served = accept(args, &ctx, listener).await;
    if let Some(task) = pop3 {
        task.abort();
    }
    served
}

/// The SMTP accept loop of [`serve`].
async fn accept(
    args: &MailCatchArgs,
    ctx: &Arc<Ctx>,
    listener: tokio::net::TcpListener,
) -> anyhow::Result<()> {
    let clients = args.max_clients as usize;
    let slots = Arc::new(Semaphore::new(clients));
    let mut stop = ctx.stop.subscribe();
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            _ = stop.changed() => break,
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => break,
        };
        match accepted {
            Ok((stream, peer)) => {
                let _ = stream.set_nodelay(true);
                let ctx = ctx.clone();
                tokio::spawn(async move {
                    inbound::serve(stream, peer, ctx).await;
                    drop(slot);
                });
            }
            Err(e) => {
                // Out of file descriptors and the like: say so, breathe, go on.
                ctx.out.warn(&format!("cannot accept a client: {e}"));
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(GRACE, slots.acquire_many(clients as u32)).await;
    Ok(())
}

/// How each caught message is told: a JSON object (`--json`), else a line on stdout
/// (without DIR) or on stderr (with DIR, where the file is the data). Returns false when
/// stdout is gone.
fn reporter(out: Output, to_dir: bool) -> Box<dyn Fn(&Caught) -> bool + Send + Sync> {
    Box::new(move |caught: &Caught| {
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
