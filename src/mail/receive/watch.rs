//! `nt mail watch`: report each new message once, as it arrives.
//!
//! IMAP: the folder is opened read-only and watched with IDLE; after every wake-up (new
//! data, the refresh, anything) nt asks `UID SEARCH UID n:*` for UIDs above the last one
//! reported, so a FETCH/IDLE race cannot hide a message and `\Recent` (which another
//! client may have taken) is never relied on. IDLE is re-issued every [`IDLE_REFRESH`],
//! well before the 29 minutes servers allow, which also notices a dead connection.
//! A server without IDLE is polled (NOOP and the same search) every `--interval`.
//! POP3: the UIDL list is polled every `--interval`; a UIDL not seen before is new.
//! A dropped connection is reopened with backoff (1 s doubling to 60 s); what was
//! reported is remembered across reconnects (by UID and UIDVALIDITY, or by UIDL), so
//! nothing is reported twice. Login and TLS failures end the watch (exit 5).

use std::collections::HashSet;
use std::process::{ExitCode, Stdio};
use std::time::Duration;

use tokio::io::AsyncWriteExt;

use super::account::{self, Account};
use super::message::{Summary, Uid};
use super::pop3::Client;
use super::target::{Protocol, compact};
use super::{imap, list, summary_line};
use crate::cli::MailWatchArgs;
use crate::config::MailSection;
use crate::error::{Kind, fail, kind_of, one_line};
use crate::net::{Threads, block_on};
use crate::output::Output;

/// How long one IDLE lasts before it is ended and issued again.
pub const IDLE_REFRESH: Duration = Duration::from_secs(10 * 60);
const BACKOFF_FIRST: Duration = Duration::from_secs(1);
const BACKOFF_MAX: Duration = Duration::from_secs(60);

/// What has been reported so far, kept across reconnects.
#[derive(Debug, Default)]
struct Seen {
    /// IMAP: the folder's UIDVALIDITY and the highest UID accounted for.
    validity: Option<u32>,
    last: Option<u32>,
    /// POP3: the UIDLs of the last poll.
    uidls: Option<HashSet<String>>,
    reported: u64,
}

struct Watch<'a> {
    account: Account,
    exec: Option<String>,
    count: Option<u64>,
    max_message: u64,
    interval: Duration,
    out: &'a Output,
}

/// `nt mail watch`.
pub fn run(args: MailWatchArgs, cfg: &MailSection, out: &Output) -> anyhow::Result<ExitCode> {
    let account = account::resolve(args.target.as_deref(), &args.mailbox, cfg, out)?;
    let watch = Watch {
        account,
        exec: args.exec,
        count: args.count,
        max_message: args.max_message,
        interval: args.interval,
        out,
    };
    block_on(Threads::One, watch.run())??;
    Ok(ExitCode::SUCCESS)
}

impl Watch<'_> {
    async fn run(&self) -> anyhow::Result<()> {
        let mut seen = Seen::default();
        let mut backoff = BACKOFF_FIRST;
        loop {
            let round = match self.account.server.protocol {
                Protocol::Imap => self.imap(&mut seen, &mut backoff).await,
                Protocol::Pop3 => self.pop3(&mut seen, &mut backoff).await,
            };
            match round {
                Ok(()) => return Ok(()),
                // Nothing was ever read: a wrong address, port or the like ends it now.
                Err(e) if seen.validity.is_none() && seen.uidls.is_none() => return Err(e),
                Err(e) if kind_of(&e) == Kind::Network => {
                    self.out.warn(&format!(
                        "{}; reconnecting in {} s",
                        one_line(&e),
                        backoff.as_secs()
                    ));
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(BACKOFF_MAX);
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn enough(&self, seen: &Seen) -> bool {
        self.count.is_some_and(|n| seen.reported >= n)
    }

    /// Report one new message (and run --exec with it).
    async fn report(
        &self,
        summary: &Summary,
        message: Option<Vec<u8>>,
        seen: &mut Seen,
    ) -> anyhow::Result<()> {
        if self.out.is_json() {
            self.out.json(summary)?;
        } else {
            self.out.line(&summary_line(summary, self.out))?;
        }
        seen.reported += 1;
        if let (Some(command), Some(message)) = (&self.exec, message) {
            run_exec(command, &summary.uid, &self.account.folder, &message, self.out).await;
        }
        Ok(())
    }

    /// One IMAP connection: catch up, then IDLE until the count is reached or it fails.
    async fn imap(&self, seen: &mut Seen, backoff: &mut Duration) -> anyhow::Result<()> {
        let out = self.out;
        let mut session = imap::open(&self.account, out).await?;
        *backoff = BACKOFF_FIRST;
        let (validity, uid_next) =
            imap::open_folder(&mut session, &self.account.folder, false).await?;
        if seen.validity.is_some() && seen.validity != validity {
            out.warn("the folder's UIDVALIDITY changed: its UIDs were renumbered; watching for new mail from now on");
            seen.last = None;
        }
        seen.validity = validity.or(Some(0));
        if seen.last.is_none() {
            let last = match uid_next {
                Some(next) => next.saturating_sub(1),
                None => imap::search(&mut session, "ALL").await?.last().copied().unwrap_or(0),
            };
            seen.last = Some(last);
            out.info(&format!("watching {} for new mail (IMAP IDLE)", self.account.folder));
        }
        let can_idle = session
            .capabilities()
            .await
            .map_err(|e| imap::error(e, "CAPABILITY failed"))?
            .has_str("IDLE");
        if !can_idle {
            out.info(&format!(
                "the server has no IDLE: polling every {} ms",
                self.interval.as_millis()
            ));
        }
        loop {
            self.imap_new(&mut session, seen).await?;
            if self.enough(seen) {
                imap::close(session).await;
                return Ok(());
            }
            if can_idle {
                session = idle(session, self.account.server.timeout).await?;
            } else {
                tokio::time::sleep(self.interval).await;
                session.noop().await.map_err(|e| imap::error(e, "NOOP failed"))?;
            }
        }
    }

    /// Report the messages above the last UID reported.
    async fn imap_new(&self, session: &mut imap::Session, seen: &mut Seen) -> anyhow::Result<()> {
        let last = seen.last.unwrap_or(0);
        let Some(first) = last.checked_add(1) else { return Ok(()) };
        let uids: Vec<u32> = imap::search(session, &format!("UID {first}:*"))
            .await?
            .into_iter()
            .filter(|u| *u > last)
            .collect();
        if uids.is_empty() {
            return Ok(());
        }
        let mut summaries = Vec::new();
        imap::summaries(session, &compact(&uids), |s| {
            summaries.push(s);
            Ok(())
        })
        .await?;
        summaries.sort_by_key(|s| if let Uid::Imap(n) = s.uid { n } else { 0 });
        for summary in summaries {
            let Uid::Imap(uid) = summary.uid else { continue };
            let message = match &self.exec {
                Some(_) if summary.size <= self.max_message => {
                    Some(self.imap_message(session, uid).await?)
                }
                Some(_) => {
                    self.out.warn(&format!(
                        "message {uid} is larger than --max-message: --exec not run"
                    ));
                    None
                }
                None => None,
            };
            self.report(&summary, message, seen).await?;
            seen.last = Some(uid);
            if self.enough(seen) {
                break;
            }
        }
        Ok(())
    }

    async fn imap_message(&self, session: &mut imap::Session, uid: u32) -> anyhow::Result<Vec<u8>> {
        let mut message = Vec::new();
        let limit = self.max_message;
        imap::fetch_pieces(session, &self.account.server, uid, |piece| {
            if message.len() as u64 + piece.len() as u64 > limit {
                return Err(fail(
                    Kind::Refused,
                    format!("message {uid} is larger than --max-message"),
                ));
            }
            message.extend_from_slice(piece);
            Ok(())
        })
        .await?;
        Ok(message)
    }

    /// POP3: poll the UIDL list until the count is reached or a poll fails.
    async fn pop3(&self, seen: &mut Seen, backoff: &mut Duration) -> anyhow::Result<()> {
        loop {
            self.pop3_poll(seen).await?;
            *backoff = BACKOFF_FIRST;
            if self.enough(seen) {
                return Ok(());
            }
            tokio::time::sleep(self.interval).await;
        }
    }

    async fn pop3_poll(&self, seen: &mut Seen) -> anyhow::Result<()> {
        let mut client = Client::open(&self.account, self.out).await?;
        let uidls = client.uidls(self.account.server.buffer).await?;
        let current: HashSet<String> = uidls.iter().map(|(_, u)| u.clone()).collect();
        let Some(known) = seen.uidls.as_ref() else {
            self.out.info(&format!(
                "watching for new mail (POP3, every {} ms)",
                self.interval.as_millis()
            ));
            seen.uidls = Some(current);
            let _ = client.quit().await;
            return Ok(());
        };
        let fresh: Vec<(u32, String)> =
            uidls.into_iter().filter(|(_, u)| !known.contains(u)).collect();
        let sizes: std::collections::HashMap<u32, u64> = if fresh.is_empty() {
            Default::default()
        } else {
            client.sizes(self.account.server.buffer).await?.into_iter().collect()
        };
        for (n, uidl) in fresh {
            let size = sizes.get(&n).copied().unwrap_or(0);
            let summary = list::pop3_summary(&mut client, n, &uidl, size).await?;
            let message = match &self.exec {
                Some(_) if size <= self.max_message => {
                    let mut message = Vec::new();
                    let limit = self.max_message;
                    client
                        .retrieve(n, |p| {
                            if message.len() as u64 + p.len() as u64 > limit {
                                return Err(fail(
                                    Kind::Refused,
                                    format!("message {uidl} is larger than --max-message"),
                                ));
                            }
                            message.extend_from_slice(p);
                            Ok(())
                        })
                        .await?;
                    Some(message)
                }
                Some(_) => {
                    self.out.warn(&format!(
                        "message {uidl} is larger than --max-message: --exec not run"
                    ));
                    None
                }
                None => None,
            };
            self.report(&summary, message, seen).await?;
            if let Some(known) = seen.uidls.as_mut() {
                known.insert(uidl);
            }
            if self.enough(seen) {
                break;
            }
        }
        // Forget what is gone from the server, so the set stays as small as the mailbox.
        if let Some(known) = seen.uidls.as_mut() {
            known.retain(|u| current.contains(u));
        }
        let _ = client.quit().await;
        Ok(())
    }
}

/// One IDLE: wait for the server (no inactivity timeout meanwhile), at most
/// [`IDLE_REFRESH`], then DONE. Any wake-up returns: the caller searches by UID.
async fn idle(
    mut session: imap::Session,
    timeout: Option<Duration>,
) -> anyhow::Result<imap::Session> {
    use async_imap::extensions::idle::IdleResponse;
    session.get_mut().set_timeout(timeout);
    let mut handle = session.idle();
    handle.init().await.map_err(|e| imap::error(e, "IDLE failed"))?;
    handle.as_mut().set_timeout(None);
    let woke = {
        let (wait, stop) = handle.wait_with_timeout(IDLE_REFRESH);
        let woke = tokio::time::timeout(IDLE_REFRESH, wait).await;
        drop(stop);
        woke
    };
    handle.as_mut().set_timeout(timeout);
    match woke {
        Ok(Err(e)) => return Err(imap::error(e, "IDLE failed")),
        Ok(Ok(IdleResponse::ManualInterrupt)) => {
            // The stream ended: the server is gone.
            return Err(fail(Kind::Network, "the IMAP connection was closed"));
        }
        Ok(Ok(IdleResponse::NewData(_) | IdleResponse::Timeout)) | Err(_) => {}
    }
    handle.done().await.map_err(|e| imap::error(e, "IDLE failed"))
}

/// `--exec CMD`: `sh -c CMD` (`cmd /C` on Windows) with the message on stdin; a failure is
/// a warning.
async fn run_exec(command: &str, uid: &Uid, folder: &str, message: &[u8], out: &Output) {
    let spawned = tokio::process::Command::from(crate::shell::command(command))
        .env("NT_MAIL_UID", uid.to_string())
        .env("NT_MAIL_FOLDER", folder)
        .stdin(Stdio::piped())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => {
            out.warn(&format!("cannot run --exec: {e}"));
            return;
        }
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A command that does not read its stdin is fine: the pipe just closes.
        let _ = stdin.write_all(message).await;
    }
    match child.wait().await {
        Ok(status) if status.success() => {}
        Ok(status) => out.warn(&format!("--exec for message {uid} failed ({status})")),
        Err(e) => out.warn(&format!("--exec for message {uid}: {e}")),
    }
}
