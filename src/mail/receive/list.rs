//! `nt mail folders` and `nt mail list`: what is in an account, one line (or one JSON
//! object) per folder or message.
//!
//! IMAP searches on the server (UID SEARCH) and reads only a bounded part of each
//! header with the size, flags and BODYSTRUCTURE in one FETCH. POP3 has no search and
//! no flags: its list is UIDL, LIST and the header of each message from TOP, filtered
//! here. `--unseen` and `--search` need IMAP (exit 2 with POP3).

use std::process::ExitCode;

use super::account::{self, Account};
use super::message::{self, Summary, Uid};
use super::pop3::Client;
use super::target::{Protocol, compact};
use super::{Filters, imap, one_line, since_date, summary_line};
use crate::cli::{MailFoldersArgs, MailListArgs};
use crate::config::MailSection;
use crate::error::{Kind, fail};
use crate::net::{Threads, block_on};
use crate::output::Output;

/// `nt mail folders`.
pub fn folders(args: MailFoldersArgs, cfg: &MailSection, out: &Output) -> anyhow::Result<ExitCode> {
    let account = account::resolve(args.target.as_deref(), &args.mailbox, cfg, out)?;
    if account.server.protocol == Protocol::Pop3 {
        return Err(fail(Kind::Usage, "POP3 has one mailbox and no folders")).map_err(|e| {
            e.context(crate::error::Hint("folders need IMAP: imap:// or imaps://".into()))
        });
    }
    let found = block_on(Threads::One, async {
        let mut session = imap::open(&account, out).await?;
        let found = imap::folders(&mut session).await?;
        imap::close(session).await;
        anyhow::Ok(found)
    })??;
    let folders: Vec<imap::Folder> = found.into_iter().map(|(_, f)| f).collect();
    if out.is_json() {
        out.json(&folders)?;
        return Ok(ExitCode::SUCCESS);
    }
    let count = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_else(|| "-".into());
    for f in &folders {
        let name = one_line(&f.name);
        let line = if out.stdout_tty() {
            format!(
                "{}  {:>7} {:>7}  {}",
                super::column(&name, 32),
                count(f.messages),
                count(f.unseen),
                f.flags.join(" ")
            )
        } else {
            format!("{name}\t{}\t{}\t{}", count(f.messages), count(f.unseen), f.flags.join(" "))
        };
        out.line(&line)?;
    }
    if out.stdout_tty() {
        out.info("(name, messages, unseen, flags)");
    }
    Ok(ExitCode::SUCCESS)
}

/// `nt mail list`.
pub fn list(args: MailListArgs, cfg: &MailSection, out: &Output) -> anyhow::Result<ExitCode> {
    let account = account::resolve(args.target.as_deref(), &args.mailbox, cfg, out)?;
    let since = args.since.as_deref().map(since_date).transpose()?;
    let filters = Filters {
        unseen: args.unseen,
        since,
        from: args.from.as_deref(),
        subject: args.subject.as_deref(),
        raw: args.search.as_deref(),
    };
    let limit = args.limit.map(|n| n as usize);
    let shown = match account.server.protocol {
        Protocol::Imap => block_on(Threads::One, list_imap(&account, &filters, limit, out))??,
        Protocol::Pop3 => {
            if args.unseen || args.search.is_some() {
                return Err(fail(
                    Kind::Usage,
                    "POP3 has no flags and no search: --unseen and --search need IMAP",
                ));
            }
            block_on(Threads::One, list_pop3(&account, &filters, limit, out))??
        }
    };
    if !out.is_json() && shown == 0 {
        out.info("no messages");
    }
    Ok(ExitCode::SUCCESS)
}

fn show(summary: &Summary, out: &Output) -> anyhow::Result<()> {
    if out.is_json() { out.json(summary) } else { out.line(&summary_line(summary, out)) }
}

async fn list_imap(
    account: &Account,
    filters: &Filters<'_>,
    limit: Option<usize>,
    out: &Output,
) -> anyhow::Result<usize> {
    let mut session = imap::open(account, out).await?;
    imap::open_folder(&mut session, &account.folder, false).await?;
    let criteria = filters.criteria()?;
    let mut uids = imap::search(&mut session, &criteria).await?;
    if let Some(n) = limit {
        uids.drain(..uids.len().saturating_sub(n));
    }
    let mut summaries = Vec::with_capacity(uids.len());
    if !uids.is_empty() {
        imap::summaries(&mut session, &compact(&uids), |s| {
            summaries.push(s);
            Ok(())
        })
        .await?;
    }
    imap::close(session).await;
    // Servers send FETCH answers in their own order: ascending UID for the user.
    summaries.sort_by_key(|s| match s.uid {
        Uid::Imap(n) => n,
        Uid::Pop3(_) => 0,
    });
    for s in &summaries {
        show(s, out)?;
    }
    Ok(summaries.len())
}

/// The POP3 summary of message `n` from its header (TOP n 0).
pub async fn pop3_summary(
    client: &mut Client,
    n: u32,
    uidl: &str,
    size: u64,
) -> anyhow::Result<Summary> {
    let header = client.header(n, imap::HEADER_BUDGET).await?;
    let h = message::headers(&header);
    Ok(Summary {
        uid: Uid::Pop3(uidl.to_string()),
        date: h.date,
        from: h.from,
        to: h.to,
        subject: h.subject,
        size,
        flags: Vec::new(),
        attachments: None,
    })
}

async fn list_pop3(
    account: &Account,
    filters: &Filters<'_>,
    limit: Option<usize>,
    out: &Output,
) -> anyhow::Result<usize> {
    let mut client = Client::open(account, out).await?;
    let uidls = client.uidls(account.server.buffer).await?;
    let sizes: std::collections::HashMap<u32, u64> =
        client.sizes(account.server.buffer).await?.into_iter().collect();
    let filtered = filters.since.is_some() || filters.from.is_some() || filters.subject.is_some();
    let mut summaries = Vec::new();
    // Newest last; without filters only the last `limit` headers need reading.
    let skip = match (filtered, limit) {
        (false, Some(n)) => uidls.len().saturating_sub(n),
        _ => 0,
    };
    for (n, uidl) in uidls.iter().skip(skip) {
        let summary =
            pop3_summary(&mut client, *n, uidl, sizes.get(n).copied().unwrap_or(0)).await?;
        if filters.matches(&summary) {
            summaries.push(summary);
        }
    }
    let _ = client.quit().await;
    if let Some(n) = limit {
        summaries.drain(..summaries.len().saturating_sub(n));
    }
    for s in &summaries {
        show(s, out)?;
    }
    Ok(summaries.len())
}
