//! `nt mail get`: messages by UID (or UIDL), as a readable view, raw bytes, `.eml` files
//! or attachments.
//!
//! A message arrives in pieces ([`Delivery::chunk`]): into `DIR/UID.eml.part` (renamed when
//! complete), to stdout (`--raw`), or into memory for the readable view and the attachments (at
//! most `--max-message`). So `get --raw -o DIR` holds at most one piece of `--buffer` bytes
//! whatever the message size. A streamed message stops at the larger of `--max-message` and its
//! announced size plus [`SIZE_SLACK`] (exit 6, its `.part` removed): a server that sends without
//! end fills neither memory nor disk. Nothing is marked read unless `--mark-read`; `--delete`
//! deletes only messages whose file was written, synced and renamed. A message mail-parser cannot
//! read is still saved raw, with a warning.
//!
//! With `-o DIR`, a message that fits `--buffer` goes whole to a writer thread that creates
//! `UID.eml.part`, writes it in one call and renames it, so creating thousands of files overlaps
//! with reading the next messages (at most 16 MiB wait for the writer); a bigger one (or one that
//! grows past `--buffer` while it arrives) streams into its `.part`. All is written (and fsynced)
//! before deletes.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use indicatif::ProgressBar;
use serde::Serialize;

use super::account::{self, Account};
use super::message::{self, Summary, Uid, View};
use super::pop3::Client;
use super::readable::readable;
use super::save::{self, PartFile};
use super::target::{self, Protocol, compact};
use super::{imap, one_line};
use crate::cli::MailGetArgs;
use crate::config::MailSection;
use crate::error::{Kind, fail};
use crate::net::{Threads, block_on};
use crate::output::{Data, Output};
use crate::progress;

/// Below this total a progress bar would only flicker.
const PROGRESS_MIN: u64 = 1 << 20;
/// Bytes of whole messages waiting for the file writer.
const WRITER_BUDGET: u64 = 16 << 20;
/// The bound on a message that streams (`-o DIR`, `--raw`) and is larger than
/// `--max-message`: its announced size (LIST, RFC822.SIZE) plus an eighth plus this.
/// Past it the server is sending more than it said, perhaps without end: exit 6.
const SIZE_SLACK: u64 = 1 << 20;

/// One message as `get --json` reports it.
#[derive(Debug, Serialize)]
struct Event {
    #[serde(flatten)]
    summary: Summary,
    /// The `.eml` file written with -o.
    path: Option<String>,
    /// The text part (or the HTML part as text), in the readable mode.
    text: Option<String>,
    /// Attachment files written with --save-attachments.
    saved: Vec<String>,
}

/// What to do with each message.
struct Plan {
    dir: Option<PathBuf>,
    /// `--buffer`: a message up to this size is written by the [`save::Writer`].
    buffer: u64,
    attachments: Option<PathBuf>,
    raw: bool,
    delete: bool,
    max_message: u64,
}

impl Plan {
    /// Whether a message must be whole in memory (view, JSON text, attachments).
    fn needs_memory(&self, out: &Output) -> bool {
        self.attachments.is_some() || (self.dir.is_none() && (!self.raw || out.is_json()))
    }

    /// The most bytes taken for a message announced as `size`: `--max-message` in
    /// memory; streamed, also its announced size plus [`SIZE_SLACK`].
    fn limit(&self, size: u64, memory: bool) -> u64 {
        if memory {
            return self.max_message;
        }
        let announced = size.saturating_add(size / 8).saturating_add(SIZE_SLACK);
        self.max_message.max(announced)
    }
}

/// Where a message for `-o DIR` goes: a small one is gathered and handed to the writer
/// thread whole; a big one streams into its `.part` file piece by piece.
enum Sink {
    Queued(String, Vec<u8>),
    File(PartFile),
}

/// The message being received.
struct Current {
    summary: Summary,
    file: Option<Sink>,
    memory: Option<Vec<u8>>,
    /// The first bytes, for the summary of a message not kept in memory.
    head: Vec<u8>,
    /// Bytes received so far, and the most that are taken ([`Plan::limit`]).
    received: u64,
    limit: u64,
}

/// Where messages go, and what was done.
struct Delivery<'a> {
    plan: Plan,
    out: &'a Output,
    data: Option<Data>,
    writer: Option<save::Writer>,
    bar: ProgressBar,
    current: Option<Current>,
    /// Messages completely handled (saved, where -o was given).
    done: Vec<Uid>,
    bytes: u64,
    shown: usize,
}

impl Delivery<'_> {
    fn begin(&mut self, summary: Summary) -> anyhow::Result<()> {
        let memory = self.plan.needs_memory(self.out);
        if memory && summary.size > self.plan.max_message {
            return Err(fail(
                Kind::Refused,
                format!(
                    "message {} is {} bytes, more than --max-message {}",
                    summary.uid, summary.size, self.plan.max_message
                ),
            ))
            .map_err(|e| {
                e.context(crate::error::Hint("--raw -o DIR streams a message of any size".into()))
            });
        }
        let name = save::message_file(&summary.uid);
        let file = match &self.plan.dir {
            Some(_) if summary.size <= self.plan.buffer => {
                Some(Sink::Queued(name, Vec::with_capacity(summary.size as usize)))
            }
            Some(dir) => Some(Sink::File(PartFile::create(dir, &name)?)),
            None => None,
        };
        let limit = self.plan.limit(summary.size, memory);
        let memory =
            memory.then(|| Vec::with_capacity(summary.size.min(self.plan.max_message) as usize));
        self.current =
            Some(Current { summary, file, memory, head: Vec::new(), received: 0, limit });
        Ok(())
    }

    fn chunk(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        let Some(current) = self.current.as_mut() else { return Ok(()) };
        current.received += bytes.len() as u64;
        if current.received > current.limit {
            return Err(too_big(&current.summary, current.limit));
        }
        self.bar.inc(bytes.len() as u64);
        self.bytes += bytes.len() as u64;
        match current.file.as_mut() {
            Some(Sink::File(file)) => file.write(bytes)?,
            Some(Sink::Queued(name, gathered)) => {
                if (gathered.len() + bytes.len()) as u64 > self.plan.buffer {
                    // More than the server announced: stream it to its file from here.
                    let Some(dir) = &self.plan.dir else { return Ok(()) };
                    let mut file = PartFile::create(dir, name)?;
                    file.write(gathered)?;
                    file.write(bytes)?;
                    current.file = Some(Sink::File(file));
                } else {
                    gathered.extend_from_slice(bytes);
                }
            }
            None => {}
        }
        if let Some(memory) = current.memory.as_mut() {
            memory.extend_from_slice(bytes);
        } else if current.head.len() < imap::HEADER_BUDGET as usize {
            let room = imap::HEADER_BUDGET as usize - current.head.len();
            current.head.extend_from_slice(&bytes[..room.min(bytes.len())]);
        }
        if self.plan.raw && self.plan.dir.is_none() && !self.out.is_json() {
            self.data.get_or_insert_with(|| self.out.data()).write(bytes)?;
        }
        Ok(())
    }

    /// The message is complete: rename its file, show it, save its attachments.
    fn end(&mut self) -> anyhow::Result<()> {
        let Some(mut current) = self.current.take() else { return Ok(()) };
        let path = match (current.file.take(), &self.plan.dir) {
            (Some(Sink::File(file)), _) => Some(file.commit(self.plan.delete)?),
            (Some(Sink::Queued(name, bytes)), Some(dir)) => {
                let path = dir.join(&name);
                let writer = self.writer.get_or_insert_with(|| save::Writer::start(WRITER_BUDGET));
                writer.submit(dir, name, bytes, self.plan.delete)?;
                Some(path)
            }
            _ => None,
        };
        let raw = current.memory.as_deref().unwrap_or(&current.head);
        fill(&mut current.summary, raw);
        let view = current.memory.as_deref().and_then(|m| {
            let view = message::view(m);
            if view.is_none() {
                self.out.warn(&format!(
                    "message {} is not MIME that nt can read; it is kept raw",
                    current.summary.uid
                ));
            }
            view
        });
        if let Some(v) = &view {
            current.summary.attachments = Some(v.attachment_names());
        }
        let saved = match (&self.plan.attachments, current.memory.as_deref()) {
            (Some(dir), Some(m)) => save_attachments(dir, m, &current.summary.uid, self.out)?,
            _ => Vec::new(),
        };
        self.report(current, path, view, saved)
    }

    fn report(
        &mut self,
        current: Current,
        path: Option<PathBuf>,
        view: Option<View>,
        saved: Vec<String>,
    ) -> anyhow::Result<()> {
        let Current { summary, memory, .. } = current;
        let uid = summary.uid.clone();
        if !self.out.is_json() {
            for name in &saved {
                self.out.info(&format!("saved attachment {name}"));
            }
        }
        if self.out.is_json() {
            let text =
                if self.plan.dir.is_none() { view.as_ref().map(|v| v.text.clone()) } else { None };
            let path = path.as_ref().map(|p| p.display().to_string());
            self.out.json(&Event { summary, path, text, saved })?;
        } else if let Some(path) = &path {
            self.out.info(&format!(
                "saved {} ({})",
                path.display(),
                progress::human_bytes(summary.size)
            ));
        } else if !self.plan.raw {
            let data = self.data.get_or_insert_with(|| self.out.data());
            if self.shown > 0 {
                data.write(b"\n")?;
            }
            let text =
                readable(&summary, view.as_ref(), memory.as_deref().unwrap_or(b""), self.out);
            data.write(text.as_bytes())?;
        }
        self.shown += 1;
        self.done.push(uid);
        Ok(())
    }

    /// Wait until every message handed to the writer is in its file (before anything
    /// is deleted from the server).
    fn flush_files(&mut self) -> anyhow::Result<()> {
        match self.writer.take() {
            Some(writer) => writer.finish(),
            None => Ok(()),
        }
    }

    fn abandon(&mut self) {
        if let Some(current) = self.current.take()
            && let Some(Sink::File(file)) = current.file
        {
            file.abandon();
        }
    }
}

/// A message that runs past its bound: exit 6 (its `.part` file is removed by the caller).
fn too_big(summary: &Summary, limit: u64) -> anyhow::Error {
    let said = if summary.size > 0 {
        format!(" (the server announced {} bytes)", summary.size)
    } else {
        String::new()
    };
    fail(
        Kind::Refused,
        format!("message {} is larger than {limit} bytes{said}; stopped there", summary.uid),
    )
    .context(crate::error::Hint("--max-message SIZE takes larger messages".into()))
}

/// Date, from, to and subject from the message itself where the summary lacks them.
fn fill(summary: &mut Summary, raw: &[u8]) {
    if summary.subject.is_some() || summary.from.is_some() {
        return;
    }
    let h = message::headers(raw);
    summary.date = h.date;
    summary.from = h.from;
    summary.to = h.to;
    summary.subject = h.subject;
}

fn save_attachments(
    dir: &std::path::Path,
    raw: &[u8],
    uid: &Uid,
    out: &Output,
) -> anyhow::Result<Vec<String>> {
    let mut saved = Vec::new();
    let mut failure = None;
    let mut index = 0;
    let parsed = message::attachments(raw, |part, bytes| {
        index += 1;
        if failure.is_some() {
            return;
        }
        let name = save::attachment_name(part.name.as_deref(), &part.content_type, index);
        match save::save_attachment(dir, &name, bytes) {
            Ok(path) => saved.push(path.display().to_string()),
            Err(e) => failure = Some(e),
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    if parsed.is_none() {
        out.warn(&format!(
            "message {uid}: its attachments cannot be read (not MIME that nt can read)"
        ));
    }
    Ok(saved)
}

/// `nt mail get`.
pub fn run(args: MailGetArgs, cfg: &MailSection, out: &Output) -> anyhow::Result<ExitCode> {
    let mut ids = args.ids.clone();
    let word =
        if ids.first().is_some_and(|w| target::is_url(w)) { Some(ids.remove(0)) } else { None };
    match (ids.is_empty(), args.all || args.unseen) {
        (true, false) => {
            return Err(fail(Kind::Usage, "which messages? give UIDs, --all or --unseen"));
        }
        (false, true) => return Err(fail(Kind::Usage, "give UIDs, or --all / --unseen, not both")),
        _ => {}
    }
    let account = account::resolve(word.as_deref(), &args.mailbox, cfg, out)?;
    let pop3 = account.server.protocol == Protocol::Pop3;
    if pop3 && (args.unseen || args.mark_read) {
        return Err(fail(Kind::Usage, "POP3 has no flags: --unseen and --mark-read need IMAP"));
    }
    for dir in [&args.output, &args.save_attachments].into_iter().flatten() {
        save::ensure_dir(dir)?;
    }
    let plan = Plan {
        dir: args.output.clone(),
        buffer: args.mailbox.buffer,
        attachments: args.save_attachments.clone(),
        raw: args.raw,
        delete: args.delete,
        max_message: args.max_message,
    };
    let mut delivery = Delivery {
        plan,
        out,
        data: None,
        writer: None,
        bar: ProgressBar::hidden(),
        current: None,
        done: Vec::new(),
        bytes: 0,
        shown: 0,
    };
    let started = Instant::now();
    let result = if pop3 {
        block_on(Threads::One, get_pop3(&account, &ids, args.all, &mut delivery)).and_then(|r| r)
    } else {
        let set = if args.all {
            None
        } else {
            Some(target::uid_set(&ids).map_err(|e| fail(Kind::Usage, e))?)
        };
        let work = get_imap(&account, set.as_deref(), args.unseen, args.mark_read, &mut delivery);
        block_on(Threads::One, work).and_then(|r| r)
    };
    delivery.bar.finish_and_clear();
    delivery.abandon();
    let written = delivery.flush_files();
    if let Some(data) = delivery.data.as_mut() {
        data.flush()?;
    }
    let missing = result?;
    written?;
    if delivery.done.is_empty() && missing == 0 {
        out.info("no messages");
    } else if !out.is_json() && args.output.is_some() {
        let n = delivery.done.len();
        let what = format!("{n} message{}", if n == 1 { "" } else { "s" });
        out.info(&progress::summary(&format!("got {what},"), delivery.bytes, started.elapsed()));
    }
    if missing > 0 {
        return Err(fail(Kind::Refused, format!("{missing} of the named messages do not exist")));
    }
    Ok(ExitCode::SUCCESS)
}

fn bar(total: u64, out: &Output) -> ProgressBar {
    if total >= PROGRESS_MIN {
        progress::bytes(out, Some(total), "receiving")
    } else {
        ProgressBar::hidden()
    }
}

/// The single UIDs a user named (`5`, not `3:9`), to tell which are missing.
fn singles(set: &str) -> Vec<u32> {
    set.split(',')
        .filter(|p| !p.contains(':') && *p != "*")
        .filter_map(|p| p.parse().ok())
        .collect()
}

async fn get_imap(
    account: &Account,
    set: Option<&str>,
    unseen: bool,
    mark_read: bool,
    delivery: &mut Delivery<'_>,
) -> anyhow::Result<usize> {
    let out = delivery.out;
    let mut session = imap::open(account, out).await?;
    let write = mark_read || delivery.plan.delete;
    imap::open_folder(&mut session, &account.folder, write).await?;
    let criteria = match (set, unseen) {
        (_, true) => "UNSEEN".to_string(),
        (Some(set), false) => format!("UID {set}"),
        (None, false) => "ALL".to_string(),
    };
    let uids = imap::search(&mut session, &criteria).await?;
    let missing: Vec<u32> = set
        .map(singles)
        .unwrap_or_default()
        .into_iter()
        .filter(|u| uids.binary_search(u).is_err())
        .collect();
    for uid in &missing {
        out.warn(&format!("no message with UID {uid} in {}", account.folder));
    }
    if uids.is_empty() {
        imap::close(session).await;
        return Ok(missing.len());
    }
    let sizes = imap::sizes(&mut session, &compact(&uids)).await?;
    delivery.bar = bar(sizes.iter().map(|(_, s, _)| s).sum(), out);
    let summary = |uid: u32, size: u64, flags: &[String]| Summary {
        flags: flags.to_vec(),
        ..bare(Uid::Imap(uid), size)
    };
    let mut i = 0;
    while i < sizes.len() {
        let (uid, size, flags) = &sizes[i];
        if !imap::fits(&account.server, *size) {
            delivery.begin(summary(*uid, *size, flags))?;
            imap::fetch_pieces(&mut session, &account.server, *uid, |piece| delivery.chunk(piece))
                .await?;
            delivery.end()?;
            i += 1;
            continue;
        }
        // A run of messages that fit one answer each: one FETCH for all of them.
        let run: Vec<&(u32, u64, Vec<String>)> =
            sizes[i..].iter().take_while(|(_, s, _)| imap::fits(&account.server, *s)).collect();
        i += run.len();
        let by_uid: std::collections::HashMap<u32, (u64, &[String])> =
            run.iter().map(|(u, s, f)| (*u, (*s, f.as_slice()))).collect();
        let run_uids: Vec<u32> = run.iter().map(|(u, _, _)| *u).collect();
        imap::fetch_whole(&mut session, &run_uids, |uid, body| {
            let (size, flags) = by_uid.get(&uid).copied().unwrap_or((body.len() as u64, &[]));
            delivery.begin(summary(uid, size, flags))?;
            delivery.chunk(body)?;
            delivery.end()
        })
        .await?;
    }
    delivery.flush_files()?;
    finish_imap(&mut session, mark_read, delivery).await?;
    imap::close(session).await;
    Ok(missing.len())
}

/// After the messages: `\Seen` with --mark-read, delete with --delete (only what was
/// handled, and with -o only what was saved).
async fn finish_imap(
    session: &mut imap::Session,
    mark_read: bool,
    delivery: &Delivery<'_>,
) -> anyhow::Result<()> {
    let done: Vec<u32> = delivery
        .done
        .iter()
        .filter_map(|u| if let Uid::Imap(n) = u { Some(*n) } else { None })
        .collect();
    if mark_read && !done.is_empty() {
        imap::add_flag(session, &compact(&done), "\\Seen").await?;
    }
    if delivery.plan.delete && !done.is_empty() {
        imap::delete(session, &done).await?;
        delivery.out.info(&format!(
            "deleted {} message{} from the server",
            done.len(),
            if done.len() == 1 { "" } else { "s" }
        ));
    }
    Ok(())
}

/// A summary with only what is known before the message arrives.
fn bare(uid: Uid, size: u64) -> Summary {
    Summary {
        uid,
        date: None,
        from: None,
        to: Vec::new(),
        subject: None,
        size,
        flags: Vec::new(),
        attachments: None,
    }
}

async fn get_pop3(
    account: &Account,
    ids: &[String],
    all: bool,
    delivery: &mut Delivery<'_>,
) -> anyhow::Result<usize> {
    let out = delivery.out;
    let mut client = Client::open(account, out).await?;
    let uidls = client.uidls(account.server.buffer).await?;
    let sizes: std::collections::HashMap<u32, u64> =
        client.sizes(account.server.buffer).await?.into_iter().collect();
    let mut wanted: Vec<(u32, String)> = Vec::new();
    let mut missing = 0;
    if all {
        wanted = uidls.clone();
    } else {
        for id in ids {
            match uidls.iter().find(|(_, u)| u == id) {
                Some(found) => wanted.push(found.clone()),
                None => {
                    out.warn(&format!("no message with UIDL {} on the server", one_line(id)));
                    missing += 1;
                }
            }
        }
    }
    delivery.bar = bar(wanted.iter().filter_map(|(n, _)| sizes.get(n)).sum(), out);
    for (n, uidl) in &wanted {
        delivery.begin(bare(Uid::Pop3(uidl.clone()), sizes.get(n).copied().unwrap_or(0)))?;
        client.retrieve(*n, |piece| delivery.chunk(piece)).await?;
        delivery.end()?;
        if delivery.plan.delete {
            client.delete(*n).await?;
        }
    }
    // Every file is written before QUIT commits the deletions (a failure leaves the
    // server as it was: without QUIT nothing is deleted).
    delivery.flush_files()?;
    client.quit().await?;
    if delivery.plan.delete && !wanted.is_empty() {
        out.info(&format!(
            "deleted {} message{} from the server",
            wanted.len(),
            if wanted.len() == 1 { "" } else { "s" }
        ));
    }
    Ok(missing)
}
