//! IMAP (RFC 3501) with async-imap 0.12 over nt's [`Guarded`]: connect, STARTTLS, login
//! (LOGIN or XOAUTH2), ID, and the few commands `folders`, `list`, `get` and `watch` use.
//!
//! async-imap has no STARTTLS helper: nt sends STARTTLS, takes the stream back with
//! `into_inner()` (dropping whatever the server sent after its OK, so nothing can be
//! injected into the TLS session) and starts again over TLS. Every read and write is
//! bounded by `--timeout` in the [`Guarded`]; one answer by `--buffer`. Messages larger than
//! the buffer are fetched in partial pieces (`BODY.PEEK[]<offset.length>`), so a 100 MiB
//! message never has to fit in memory. Reading uses BODY.PEEK: nothing is marked read
//! here unless a caller stores `\Seen`. Server text in errors is cut short and sanitized.
//!
//! imap-proto (on nom) re-parses an unfinished answer after every read, so a big answer
//! costs the square of its size: debug builds optimise those two crates
//! (`[profile.dev.package]` in Cargo.toml), and the 2 MiB text bound caps the cost.

use std::collections::HashSet;

use async_imap::imap_proto::{BodyStructure, NameAttribute};
use async_imap::types::{Fetch, Flag};
use futures_util::StreamExt;

use super::account::{self, Account, Auth, Server};
use super::link::Guarded;
use super::message::{self, Summary, Uid};
use super::utf7;
use crate::error::{Kind, fail};
use crate::net::AsyncWire;
use crate::output::Output;

mod words;

pub use self::words::{clip, io_error, server_text};

pub type Session = async_imap::Session<Guarded<AsyncWire>>;
type Client = async_imap::Client<Guarded<AsyncWire>>;

/// How much of a message's header `list` and `watch` read.
pub const HEADER_BUDGET: u64 = 64 << 10;
/// What an answer may hold beyond `--buffer` (the FETCH line around a literal).
const SLACK: u64 = 128 << 10;
/// The most folders `folders` lists.
const MAX_FOLDERS: usize = 100_000;

/// An async-imap error as nt reports it, under `what`.
pub fn error(err: async_imap::error::Error, what: &str) -> anyhow::Error {
    use async_imap::error::Error as E;
    match err {
        E::Io(io) => io_error(io, what),
        E::No(text) | E::Bad(text) => {
            fail(Kind::Refused, format!("{what}: {}", server_text(&text)))
        }
        E::ConnectionLost => fail(Kind::Network, format!("{what}: connection lost")),
        E::Validate(v) => fail(Kind::Usage, format!("{what}: {v}")),
        other => {
            fail(Kind::Network, format!("{what}: unexpected answer: {}", clip(&other.to_string())))
        }
    }
}

fn link(stream: AsyncWire, server: &Server, out: &Output) -> Guarded<AsyncWire> {
    Guarded::new(stream, server.timeout).imap(out, server.buffer + SLACK)
}

/// Connect, secure, log in and identify: a session ready for SELECT.
pub async fn open(account: &Account, out: &Output) -> anyhow::Result<Session> {
    let server = &account.server;
    let stream = account::dial(server, out).await?;
    let mut client = Client::new(link(stream, server, out));
    greeting(&mut client, server).await?;
    if server.tls == crate::config::MailTls::Starttls {
        client = starttls(client, server, out).await?;
    }
    let mut session = login(client, &account.auth, server).await?;
    identify(&mut session).await?;
    Ok(session)
}

async fn greeting(client: &mut Client, server: &Server) -> anyhow::Result<()> {
    use async_imap::imap_proto::{Response, Status};
    let what = format!("IMAP server {}", server.addr);
    let first = client.read_response().await.map_err(|e| io_error(e, &what))?;
    let Some(first) = first else {
        return Err(fail(Kind::Network, format!("{what} closed the connection at once")));
    };
    match first.parsed() {
        Response::Data { status: Status::Ok, .. } => Ok(()),
        Response::Data { status: Status::Bye, outcome, .. } => Err(fail(
            Kind::Refused,
            format!("{what} said goodbye: {}", clip(outcome.information.as_deref().unwrap_or(""))),
        )),
        Response::Data { status: Status::PreAuth, .. } => {
            Err(fail(Kind::AuthTls, format!("{what} logged in by itself (PREAUTH): not supported")))
        }
        _ => Err(fail(Kind::Network, format!("{what} did not greet as IMAP does"))),
    }
}

async fn starttls(mut client: Client, server: &Server, out: &Output) -> anyhow::Result<Client> {
    if let Err(e) = client.run_command_and_check_ok("STARTTLS", None).await {
        return Err(match e {
            async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_) => {
                fail(Kind::AuthTls, format!("IMAP server {} does not offer STARTTLS", server.addr))
            }
            other => error(other, "STARTTLS failed"),
        })
        .map_err(|e| {
            e.context(crate::error::Hint(
                "use imaps:// (--tls tls), or --tls off --insecure on a trusted network".into(),
            ))
        });
    }
    let Some(tcp) = account::plain(client.into_inner()) else {
        return Err(fail(Kind::AuthTls, "STARTTLS over TLS"));
    };
    let stream = account::upgrade(tcp, server).await?;
    Ok(Client::new(link(stream, server, out)))
}

/// The XOAUTH2 exchange: the token first; an error challenge gets the empty answer.
struct XOAuth2 {
    initial: String,
    answered: bool,
}

impl async_imap::Authenticator for &mut XOAuth2 {
    type Response = String;
    fn process(&mut self, _challenge: &[u8]) -> String {
        if self.answered {
            return String::new();
        }
        self.answered = true;
        self.initial.clone()
    }
}

fn rejected(err: async_imap::error::Error, user: &str) -> anyhow::Error {
    match err {
        async_imap::error::Error::No(text) | async_imap::error::Error::Bad(text) => {
            fail(Kind::AuthTls, format!("login of '{user}' rejected: {}", server_text(&text)))
        }
        other => error(other, "login failed"),
    }
}

async fn login(client: Client, auth: &Auth, _server: &Server) -> anyhow::Result<Session> {
    match auth {
        Auth::Password { user, password } => {
            client.login(user, password.expose()).await.map_err(|(e, _)| rejected(e, user))
        }
        Auth::OAuth2 { user, command } => {
            let mut exchange = XOAuth2 {
                initial: account::xoauth2(user, &account::oauth2_token(command)?),
                answered: false,
            };
            match client.authenticate("XOAUTH2", &mut exchange).await {
                Ok(session) => Ok(session),
                // An expired token is the usual cause: a fresh one, once.
                Err((async_imap::error::Error::No(_), client)) => {
                    let initial = account::xoauth2(user, &account::oauth2_token(command)?);
                    let mut again = XOAuth2 { initial, answered: false };
                    client
                        .authenticate("XOAUTH2", &mut again)
                        .await
                        .map_err(|(e, _)| rejected(e, user))
                }
                Err((e, _)) => Err(rejected(e, user)),
            }
        }
    }
}

/// IMAP ID (RFC 2971) after login: some providers refuse clients that do not say who
/// they are. A server without ID answers BAD, which is fine.
async fn identify(session: &mut Session) -> anyhow::Result<()> {
    let id = [("name", Some("nt")), ("version", Some(env!("CARGO_PKG_VERSION")))];
    match session.id(id).await {
        Ok(_) | Err(async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_)) => Ok(()),
        Err(e) => Err(error(e, "ID failed")),
    }
}

/// Open a folder: read-only (EXAMINE) unless `write` (SELECT, to store flags or expunge).
/// Returns its UIDVALIDITY and UIDNEXT.
pub async fn open_folder(
    session: &mut Session,
    folder: &str,
    write: bool,
) -> anyhow::Result<(Option<u32>, Option<u32>)> {
    let wire = utf7::encode(folder);
    let result = if write { session.select(&wire).await } else { session.examine(&wire).await };
    match result {
        Ok(mailbox) => Ok((mailbox.uid_validity, mailbox.uid_next)),
        Err(async_imap::error::Error::No(text)) => Err(fail(
            Kind::Refused,
            format!("cannot open folder '{folder}': {}", server_text(&text)),
        ))
        .map_err(|e| {
            e.context(crate::error::Hint("see the folders with `nt mail folders`".into()))
        }),
        Err(e) => Err(error(e, &format!("cannot open folder '{folder}'"))),
    }
}

/// One folder as `nt mail folders` shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Folder {
    /// Decoded from modified UTF-7.
    pub name: String,
    pub delimiter: Option<String>,
    pub flags: Vec<String>,
    pub messages: Option<u32>,
    pub unseen: Option<u32>,
}

fn attribute(a: &NameAttribute<'_>) -> String {
    match a {
        NameAttribute::NoInferiors => "\\Noinferiors".into(),
        NameAttribute::NoSelect => "\\Noselect".into(),
        NameAttribute::Marked => "\\Marked".into(),
        NameAttribute::Unmarked => "\\Unmarked".into(),
        NameAttribute::All => "\\All".into(),
        NameAttribute::Archive => "\\Archive".into(),
        NameAttribute::Drafts => "\\Drafts".into(),
        NameAttribute::Flagged => "\\Flagged".into(),
        NameAttribute::Junk => "\\Junk".into(),
        NameAttribute::Sent => "\\Sent".into(),
        NameAttribute::Trash => "\\Trash".into(),
        NameAttribute::Extension(x) => x.to_string(),
        other => format!("{other:?}"),
    }
}

/// Every folder with its flags, and its message and unseen counts (STATUS) where it
/// can be selected.
pub async fn folders(session: &mut Session) -> anyhow::Result<Vec<(String, Folder)>> {
    let mut found = Vec::new();
    {
        let mut names =
            session.list(Some(""), Some("*")).await.map_err(|e| error(e, "LIST failed"))?;
        while let Some(name) = names.next().await {
            let name = name.map_err(|e| error(e, "LIST failed"))?;
            if found.len() >= MAX_FOLDERS {
                return Err(fail(Kind::Refused, format!("more than {MAX_FOLDERS} folders")));
            }
            let folder = Folder {
                name: utf7::display(name.name()),
                delimiter: name.delimiter().map(str::to_string),
                flags: name.attributes().iter().map(attribute).collect(),
                messages: None,
                unseen: None,
            };
            found.push((name.name().to_string(), folder));
        }
    }
    for (wire, folder) in &mut found {
        if folder.flags.iter().any(|f| {
            f.eq_ignore_ascii_case("\\Noselect") || f.eq_ignore_ascii_case("\\NonExistent")
        }) {
            continue;
        }
        match session.status(wire.as_str(), "(MESSAGES UNSEEN)").await {
            Ok(status) => {
                folder.messages = Some(status.exists);
                folder.unseen = status.unseen;
            }
            Err(async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_)) => {}
            Err(e) => return Err(error(e, "STATUS failed")),
        }
    }
    Ok(found)
}

/// `UID SEARCH criteria`: the UIDs, ascending. The answer is read here, not by
/// async-imap, which ends a SEARCH at its tagged answer without looking at it: a NO or
/// BAD (a search the server cannot run) is an error with the server's text, exit 6.
pub async fn search(session: &mut Session, criteria: &str) -> anyhow::Result<Vec<u32>> {
    use async_imap::imap_proto::{MailboxDatum, Response, Status};
    let what = "SEARCH failed";
    let tag =
        session.run_command(format!("UID SEARCH {criteria}")).await.map_err(|e| error(e, what))?;
    let mut found: HashSet<u32> = HashSet::new();
    loop {
        let Some(response) = session.read_response().await.map_err(|e| io_error(e, what))? else {
            return Err(fail(Kind::Network, format!("{what}: connection lost")));
        };
        match response.parsed() {
            Response::MailboxData(MailboxDatum::Search(uids)) => found.extend(uids),
            Response::Done { tag: done, status, outcome } if *done == tag => {
                if *status == Status::Ok {
                    break;
                }
                let text = outcome.information.as_deref().unwrap_or("(no text)");
                return Err(fail(
                    Kind::Refused,
                    format!("the server refused SEARCH {}: {}", clip(criteria), clip(text)),
                ));
            }
            _ => {}
        }
    }
    let mut uids: Vec<u32> = found.into_iter().collect();
    uids.sort_unstable();
    Ok(uids)
}

fn flag_name(flag: &Flag<'_>) -> String {
    match flag {
        Flag::Seen => "\\Seen".into(),
        Flag::Answered => "\\Answered".into(),
        Flag::Flagged => "\\Flagged".into(),
        Flag::Deleted => "\\Deleted".into(),
        Flag::Draft => "\\Draft".into(),
        Flag::Recent => "\\Recent".into(),
        Flag::MayCreate => "\\*".into(),
        Flag::Custom(c) => c.to_string(),
    }
}

/// Attachment names in a BODYSTRUCTURE: parts marked `attachment`, or named parts that
/// are not inline images (Content-ID). Depth is bounded by the link's guard.
fn attachments_in(body: &BodyStructure<'_>, names: &mut Vec<String>) {
    let (common, id) = match body {
        BodyStructure::Multipart { bodies, .. } => {
            bodies.iter().for_each(|b| attachments_in(b, names));
            return;
        }
        BodyStructure::Basic { common, other, .. }
        | BodyStructure::Text { common, other, .. }
        | BodyStructure::Message { common, other, .. } => (common, &other.id),
    };
    let param = |params: &Option<Vec<(std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)>>,
                 key: &str| {
        params.as_ref().and_then(|ps| {
            ps.iter()
                .find(|(k, _)| {
                    k.eq_ignore_ascii_case(key) || k.eq_ignore_ascii_case(&format!("{key}*"))
                })
                .map(|(_, v)| v.to_string())
        })
    };
    let disposition = common.disposition.as_ref();
    let attachment = disposition.is_some_and(|d| d.ty.eq_ignore_ascii_case("attachment"));
    let name = disposition
        .and_then(|d| param(&d.params, "filename"))
        .or_else(|| param(&common.ty.params, "name"));
    if attachment || (name.is_some() && id.is_none()) {
        names.push(name.map(|n| decode_param(&n)).unwrap_or_else(|| "(unnamed)".into()));
    }
}

/// A parameter value as sent: RFC 2231 (`utf-8''%E2%82%AC.txt`) or RFC 2047 words.
fn decode_param(value: &str) -> String {
    if let Some((_, encoded)) = value.split_once("''")
        && let Ok(text) = percent_encoding::percent_decode_str(encoded).decode_utf8()
    {
        return text.into_owned();
    }
    if value.contains("=?") {
        let header = format!("Subject: {value}\r\n\r\n");
        if let Some(subject) = message::headers(header.as_bytes()).subject {
            return subject;
        }
    }
    value.to_string()
}

fn summary_of(fetch: &Fetch) -> Option<Summary> {
    let uid = fetch.uid?;
    let headers = message::headers(fetch.header().unwrap_or(b""));
    let mut attachments = Vec::new();
    if let Some(body) = fetch.bodystructure() {
        attachments_in(body, &mut attachments);
    }
    Some(Summary {
        uid: Uid::Imap(uid),
        date: headers.date,
        from: headers.from,
        to: headers.to,
        subject: headers.subject,
        size: u64::from(fetch.size.unwrap_or(0)),
        flags: fetch.flags().map(|f| flag_name(&f)).collect(),
        attachments: Some(attachments),
    })
}

/// Summaries of `set` (a UID set) in the order the server sends them.
pub async fn summaries(
    session: &mut Session,
    set: &str,
    mut each: impl FnMut(Summary) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let query = format!(
        "(UID RFC822.SIZE FLAGS BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (DATE FROM TO SUBJECT)]<0.{HEADER_BUDGET}>)"
    );
    let mut fetches = session.uid_fetch(set, &query).await.map_err(|e| error(e, "FETCH failed"))?;
    while let Some(fetch) = fetches.next().await {
        let fetch = fetch.map_err(|e| error(e, "FETCH failed"))?;
        if let Some(summary) = summary_of(&fetch) {
            each(summary)?;
        }
    }
    Ok(())
}

/// UID, size and flags of each message of `set`, ascending by UID.
pub async fn sizes(
    session: &mut Session,
    set: &str,
) -> anyhow::Result<Vec<(u32, u64, Vec<String>)>> {
    let mut found = Vec::new();
    {
        let mut fetches = session
            .uid_fetch(set, "(UID RFC822.SIZE FLAGS)")
            .await
            .map_err(|e| error(e, "FETCH failed"))?;
        while let Some(fetch) = fetches.next().await {
            let fetch = fetch.map_err(|e| error(e, "FETCH failed"))?;
            if let (Some(uid), Some(size)) = (fetch.uid, fetch.size) {
                found.push((uid, u64::from(size), fetch.flags().map(|f| flag_name(&f)).collect()));
            }
        }
    }
    found.sort_unstable();
    found.dedup_by_key(|(uid, _, _)| *uid);
    Ok(found)
}

/// Whether a message of `size` bytes comes in one answer (else in pieces).
pub fn fits(server: &Server, size: u64) -> bool {
    size <= server.buffer
}

/// The whole of each message in `uids` (each fits one answer), in the server's order.
pub async fn fetch_whole(
    session: &mut Session,
    uids: &[u32],
    mut each: impl FnMut(u32, &[u8]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let wanted: HashSet<u32> = uids.iter().copied().collect();
    let set = super::target::compact(uids);
    let mut fetches =
        session.uid_fetch(&set, "(UID BODY.PEEK[])").await.map_err(|e| error(e, "FETCH failed"))?;
    while let Some(fetch) = fetches.next().await {
        let fetch = fetch.map_err(|e| error(e, "FETCH failed"))?;
        // A server may add FETCH answers of its own (flag changes): only what was asked.
        if let (Some(uid), Some(body)) = (fetch.uid, fetch.body())
            && wanted.contains(&uid)
        {
            each(uid, body)?;
        }
    }
    Ok(())
}

/// One message in pieces of `--buffer` bytes (`BODY.PEEK[]<offset.length>`).
pub async fn fetch_pieces(
    session: &mut Session,
    server: &Server,
    uid: u32,
    mut each: impl FnMut(&[u8]) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let piece = server.buffer;
    let mut offset: u64 = 0;
    loop {
        let query = format!("(UID BODY.PEEK[]<{offset}.{piece}>)");
        let mut got: Option<u64> = None;
        {
            let mut fetches = session
                .uid_fetch(uid.to_string(), &query)
                .await
                .map_err(|e| error(e, "FETCH failed"))?;
            while let Some(fetch) = fetches.next().await {
                let fetch = fetch.map_err(|e| error(e, "FETCH failed"))?;
                if let (Some(u), Some(body)) = (fetch.uid, fetch.body())
                    && u == uid
                    && got.is_none()
                {
                    each(body)?;
                    got = Some(body.len() as u64);
                }
            }
        }
        let Some(n) = got else {
            return Err(fail(Kind::Refused, format!("message {uid} is gone from the server")));
        };
        offset += n;
        if n < piece {
            return Ok(offset);
        }
    }
}

/// `UID STORE set +FLAGS.SILENT (flag)`.
pub async fn add_flag(session: &mut Session, set: &str, flag: &str) -> anyhow::Result<()> {
    let command = format!("UID STORE {set} +FLAGS.SILENT ({flag})");
    session
        .run_command_and_check_ok(&command)
        .await
        .map_err(|e| error(e, &format!("cannot set {flag}")))
}

/// Delete `uids`: `\Deleted`, then UID EXPUNGE (UIDPLUS) so that messages others marked
/// are left alone; plain EXPUNGE where the server lacks UIDPLUS.
pub async fn delete(session: &mut Session, uids: &[u32]) -> anyhow::Result<()> {
    let set = super::target::compact(uids);
    add_flag(session, &set, "\\Deleted").await?;
    let caps = session.capabilities().await.map_err(|e| error(e, "CAPABILITY failed"))?;
    let command =
        if caps.has_str("UIDPLUS") { format!("UID EXPUNGE {set}") } else { "EXPUNGE".to_string() };
    session.run_command_and_check_ok(&command).await.map_err(|e| error(e, "EXPUNGE failed"))
}

/// Say goodbye; errors do not matter any more.
pub async fn close(mut session: Session) {
    let _ = session.logout().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_decode() {
        assert_eq!(decode_param("utf-8''%E2%82%AC.txt"), "€.txt");
        assert_eq!(decode_param("=?utf-8?b?5rWL6K+VLnB5?="), "测试.py");
        assert_eq!(decode_param("plain.txt"), "plain.txt");
    }

    #[test]
    fn clipped_text_is_one_safe_line() {
        assert_eq!(clip("a\r\nb\x1b[2J"), "a  b [2J");
        assert!(clip(&"x".repeat(1000)).len() < 210);
    }
}
