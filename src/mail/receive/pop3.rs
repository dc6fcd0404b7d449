//! A POP3 client for `nt mail list/get/watch pop3://...`: greeting, CAPA, STLS, USER/PASS,
//! AUTH PLAIN and XOAUTH2, STAT, LIST, UIDL, TOP, RETR, DELE, QUIT.
//!
//! Every wait is bounded by the [`Guarded`]'s timeout; every line by [`MAX_LINE`]; a listing
//! or a TOP answer by a byte budget (`--buffer`), and reading stops at it (exit 6): an
//! answer without end is never read to its end. RETR streams: the message goes to the caller piece
//! by piece as it is unstuffed, never whole. After STLS, bytes the server sent beyond its
//! `+OK` are refused (they would be injected into the TLS session). `-vv` traces the
//! commands (PASS and AUTH masked) and answers; message data shows as its size.

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::config::MailTls;
use crate::error::{Hint, Kind, fail};
use crate::mail::dotstuff::Unstuffer;
use crate::mail::pop3::{ERR, MAX_LINE, OK, read_line, text};
use crate::mail::receive::account::{self, Account, Auth, Server};
use crate::mail::receive::imap::clip;
use crate::mail::receive::link::Guarded;
use crate::net::{self, AsyncWire};
use crate::output::{Dir, Output};

/// An open POP3 session in the TRANSACTION state.
pub struct Client {
    conn: BufReader<Guarded<AsyncWire>>,
    out: Output,
    /// The capabilities from CAPA (upper case), empty where the server has no CAPA.
    pub capa: Vec<String>,
    what: String,
    /// `--buffer`: the most bytes of an answer read to drop (the rest of a long TOP).
    answer_limit: u64,
}

/// A status line: `Ok(text)` for +OK, `Err(text)` for -ERR.
type Status = Result<String, String>;

impl Client {
    /// Connect, secure, log in.
    pub async fn open(account: &Account, out: &Output) -> anyhow::Result<Client> {
        let server = &account.server;
        let stream = account::dial(server, out).await?;
        let mut client = Client::over(stream, server, out);
        let greeting = client.status().await?;
        if let Err(text) = greeting {
            return Err(fail(
                Kind::Refused,
                format!("{} refused the session: {}", client.what, clip(&text)),
            ));
        }
        client.capabilities().await?;
        if server.tls == MailTls::Starttls {
            client = client.stls(server).await?;
        }
        client.login(&account.auth).await?;
        Ok(client)
    }

    fn over(stream: AsyncWire, server: &Server, out: &Output) -> Client {
        Client {
            conn: BufReader::with_capacity(64 << 10, Guarded::new(stream, server.timeout)),
            out: out.clone(),
            capa: Vec::new(),
            what: format!("POP3 server {}", server.addr),
            answer_limit: server.buffer,
        }
    }

    fn io(&self, err: std::io::Error) -> anyhow::Error {
        net::io_error(err, &self.what)
    }

    async fn send(&mut self, line: &str, secret: bool) -> anyhow::Result<()> {
        if secret {
            self.out.trace_secret(Dir::Sent);
        } else {
            self.out.trace(Dir::Sent, line);
        }
        let conn = self.conn.get_mut();
        let written = async {
            conn.write_all(format!("{line}\r\n").as_bytes()).await?;
            conn.flush().await
        };
        written.await.map_err(|e| self.io(e))
    }

    /// Read one status line.
    async fn status(&mut self) -> anyhow::Result<Status> {
        let mut line = Vec::new();
        let more = read_line(&mut self.conn, &mut line, MAX_LINE).await.map_err(|e| self.io(e))?;
        if !more {
            return Err(fail(Kind::Network, format!("{}: connection lost", self.what)));
        }
        let line = text(&line);
        self.out.trace(Dir::Received, &line);
        if let Some(rest) = line.strip_prefix(OK) {
            Ok(Ok(rest.trim().to_string()))
        } else if let Some(rest) = line.strip_prefix(ERR) {
            Ok(Err(rest.trim().to_string()))
        } else if let Some(rest) = line.strip_prefix('+') {
            // A SASL continuation (`+ base64`): the caller decides.
            Ok(Err(format!("+{rest}")))
        } else {
            Err(fail(
                Kind::Network,
                format!("{} did not answer as POP3 does: {}", self.what, clip(&line)),
            ))
        }
    }

    /// A command whose answer must be +OK; -ERR is exit 6 with the server's text.
    async fn command(&mut self, line: &str) -> anyhow::Result<String> {
        self.send(line, false).await?;
        let word = line.split(' ').next().unwrap_or(line).to_string();
        self.status().await?.map_err(|text| {
            fail(Kind::Refused, format!("{} refused {word}: {}", self.what, clip(&text)))
        })
    }

    /// The body of a multi-line answer, unstuffed, piece by piece: at most `budget` bytes
    /// are handed on, the rest up to `limit` is read and dropped, and an answer that runs
    /// past `limit` ends the session with an error (exit 6) at once: a server that sends
    /// without end is not read to its end. Returns the bytes handed on and whether
    /// anything was dropped.
    async fn block(
        &mut self,
        what: &str,
        budget: u64,
        limit: u64,
        mut each: impl FnMut(&[u8]) -> anyhow::Result<()>,
    ) -> anyhow::Result<(u64, bool)> {
        let mut unstuffer = Unstuffer::lenient();
        let mut piece = Vec::with_capacity(64 << 10);
        let (mut total, mut read, mut dropped) = (0u64, 0u64, false);
        while !unstuffer.done() {
            let available = self.conn.fill_buf().await.map_err(|e| net::io_error(e, &self.what))?;
            if available.is_empty() {
                return Err(fail(
                    Kind::Network,
                    format!("{}: connection lost in the middle of an answer", self.what),
                ));
            }
            piece.clear();
            let used = unstuffer.feed(available, &mut piece);
            self.conn.consume(used);
            read += piece.len() as u64;
            if read > limit {
                return Err(fail(
                    Kind::Refused,
                    format!("{}: {what} is larger than {limit} bytes; stopped there", self.what),
                ));
            }
            let room = budget.saturating_sub(total) as usize;
            if piece.len() > room {
                dropped = true;
                piece.truncate(room);
            }
            if !piece.is_empty() {
                total += piece.len() as u64;
                each(&piece)?;
            }
        }
        Ok((total, dropped))
    }

    /// CAPA; a server without it (-ERR) has an empty list.
    async fn capabilities(&mut self) -> anyhow::Result<()> {
        self.send("CAPA", false).await?;
        if self.status().await?.is_err() {
            self.capa.clear();
            return Ok(());
        }
        let mut listing = Vec::new();
        let bound = MAX_LINE as u64 * 8;
        self.block("the CAPA answer", bound, bound, |p| {
            listing.extend_from_slice(p);
            Ok(())
        })
        .await?;
        self.capa = String::from_utf8_lossy(&listing)
            .lines()
            .map(|l| l.trim().to_ascii_uppercase())
            .collect();
        for line in &self.capa {
            self.out.trace(Dir::Received, line);
        }
        Ok(())
    }

    fn has(&self, capability: &str) -> bool {
        self.capa.iter().any(|c| c == capability || c.starts_with(&format!("{capability} ")))
    }

    async fn stls(mut self, server: &Server) -> anyhow::Result<Client> {
        self.send("STLS", false).await?;
        if let Err(text) = self.status().await? {
            return Err(fail(
                Kind::AuthTls,
                format!("{} does not offer STLS: {}", self.what, clip(&text)),
            ))
            .map_err(|e| {
                e.context(Hint(
                    "use pop3s:// (--tls tls), or --tls off --insecure on a trusted network".into(),
                ))
            });
        }
        if !self.conn.buffer().is_empty() {
            return Err(fail(
                Kind::AuthTls,
                format!("{} sent data after STLS (an injection attempt?)", self.what),
            ));
        }
        let out = self.out.clone();
        let Some(tcp) = account::plain(self.conn.into_inner()) else {
            return Err(fail(Kind::AuthTls, "STLS over TLS"));
        };
        let stream = account::upgrade(tcp, server).await?;
        let mut client = Client::over(stream, server, &out);
        client.capabilities().await?;
        Ok(client)
    }

    fn rejected(&self, user: &str, text: &str) -> anyhow::Error {
        // RFC 3206: IN-USE and SYS/TEMP are not about the password.
        let kind = if text.starts_with("[IN-USE]") || text.starts_with("[SYS/") {
            Kind::Refused
        } else {
            Kind::AuthTls
        };
        fail(kind, format!("login of '{user}' rejected: {}", clip(text)))
    }

    async fn login(&mut self, auth: &Auth) -> anyhow::Result<()> {
        match auth {
            Auth::Password { user, password } => {
                let plain = !self.has("USER")
                    && self.has("SASL")
                    && self
                        .capa
                        .iter()
                        .any(|c| c.starts_with("SASL ") && c.split(' ').any(|m| m == "PLAIN"));
                let answer = if plain {
                    let token = base64::engine::general_purpose::STANDARD
                        .encode(format!("\0{user}\0{}", password.expose()));
                    self.send(&format!("AUTH PLAIN {token}"), false).await?;
                    self.status().await?
                } else {
                    self.send(&format!("USER {user}"), false).await?;
                    match self.status().await? {
                        Ok(_) => {
                            self.send(&format!("PASS {}", password.expose()), false).await?;
                            self.status().await?
                        }
                        Err(text) => Err(text),
                    }
                };
                answer.map(|_| ()).map_err(|text| self.rejected(user, &text))
            }
            Auth::OAuth2 { user, command } => {
                if self.xoauth2(user, command).await?.is_ok() {
                    return Ok(());
                }
                // An expired token is the usual cause: a fresh one, once.
                let answer = self.xoauth2(user, command).await?;
                answer.map(|_| ()).map_err(|text| self.rejected(user, &text))
            }
        }
    }

    async fn xoauth2(&mut self, user: &str, command: &str) -> anyhow::Result<Status> {
        let token = account::oauth2_token(command)?;
        let initial =
            base64::engine::general_purpose::STANDARD.encode(account::xoauth2(user, &token));
        self.send(&format!("AUTH XOAUTH2 {initial}"), false).await?;
        let mut answer = self.status().await?;
        if matches!(&answer, Err(t) if t.starts_with('+')) {
            // The error details come as a challenge; the empty answer ends the exchange.
            self.send("", true).await?;
            answer = self.status().await?;
        }
        Ok(answer)
    }

    /// A listing (LIST or UIDL without argument) as `(number, rest of line)`, within
    /// `budget` bytes (`--buffer`): reading stops there, with exit 6.
    async fn listing(&mut self, command: &str, budget: u64) -> anyhow::Result<Vec<(u32, String)>> {
        self.command(command).await?;
        let mut bytes = Vec::new();
        let what = format!("the {command} listing (see --buffer)");
        self.block(&what, budget, budget, |p| {
            bytes.extend_from_slice(p);
            Ok(())
        })
        .await?;
        self.out.trace(Dir::Received, &format!("({} bytes)", bytes.len()));
        let mut entries = Vec::new();
        for line in String::from_utf8_lossy(&bytes).lines() {
            let mut words = line.split_whitespace();
            let (Some(n), Some(rest)) =
                (words.next().and_then(|w| w.parse::<u32>().ok()), words.next())
            else {
                return Err(fail(
                    Kind::Network,
                    format!("{}: a {command} line that makes no sense: {}", self.what, clip(line)),
                ));
            };
            entries.push((n, rest.to_string()));
        }
        Ok(entries)
    }

    /// UIDL: message numbers and their unique ids (printable ASCII, at most 70 bytes).
    pub async fn uidls(&mut self, budget: u64) -> anyhow::Result<Vec<(u32, String)>> {
        let entries = self.listing("UIDL", budget).await?;
        for (n, uid) in &entries {
            if uid.len() > 70 || !uid.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
                return Err(fail(
                    Kind::Network,
                    format!("{}: message {n} has an invalid UIDL", self.what),
                ));
            }
        }
        Ok(entries)
    }

    /// LIST: message numbers and sizes.
    pub async fn sizes(&mut self, budget: u64) -> anyhow::Result<Vec<(u32, u64)>> {
        let entries = self.listing("LIST", budget).await?;
        entries
            .into_iter()
            .map(|(n, size)| match size.parse() {
                Ok(s) => Ok((n, s)),
                Err(_) => {
                    Err(fail(Kind::Network, format!("{}: message {n} has no size", self.what)))
                }
            })
            .collect()
    }

    /// TOP n 0: the header of message `n`, at most `budget` bytes of it; the rest of the
    /// answer is read and dropped up to `--buffer`, and reading stops there.
    pub async fn header(&mut self, n: u32, budget: u64) -> anyhow::Result<Vec<u8>> {
        self.command(&format!("TOP {n} 0")).await?;
        let mut header = Vec::new();
        let what = format!("the TOP answer for message {n} (see --buffer)");
        let limit = self.answer_limit.max(budget);
        self.block(&what, budget, limit, |p| {
            header.extend_from_slice(p);
            Ok(())
        })
        .await?;
        self.out.trace(Dir::Received, &format!("({} bytes)", header.len()));
        Ok(header)
    }

    /// RETR n: the message, piece by piece, as the server sends it (exact bytes). The
    /// caller bounds it: `each` fails when the message grows past what it takes.
    pub async fn retrieve(
        &mut self,
        n: u32,
        each: impl FnMut(&[u8]) -> anyhow::Result<()>,
    ) -> anyhow::Result<u64> {
        self.command(&format!("RETR {n}")).await?;
        let what = format!("message {n}");
        let (total, _) = self.block(&what, u64::MAX, u64::MAX, each).await?;
        self.out.trace(Dir::Received, &format!("({total} bytes)"));
        Ok(total)
    }

    /// DELE n: marked now, deleted when QUIT succeeds.
    pub async fn delete(&mut self, n: u32) -> anyhow::Result<()> {
        self.command(&format!("DELE {n}")).await.map(|_| ())
    }

    /// QUIT: the server deletes what was marked. An error here means it may not have.
    pub async fn quit(mut self) -> anyhow::Result<()> {
        self.command("QUIT").await.map(|_| ())
    }
}
