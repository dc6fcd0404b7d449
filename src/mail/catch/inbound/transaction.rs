//! A mail transaction on the catcher's side: MAIL FROM, RCPT TO and DATA.
//!
//! MAIL and RCPT are parsed here (paths in `<...>`, the null sender `<>`, ESMTP
//! parameters SIZE, BODY, SMTPUTF8 and the DSN/AUTH ones that are accepted and ignored)
//! and passed to mailin in the plain form it understands, so mailin still decides whether
//! the command comes in the right order. DATA is read here in chunks: `dotstuff::Unstuffer`
//! removes the dot-stuffing and finds the final `.<CRLF>` (only that form ends a message:
//! no `.<LF>` or bare-CR variant, so there is nothing to smuggle past it). A kept message
//! is stored under a `Received:` line ([`received`]), as every MTA adds one.

use std::sync::atomic::Ordering;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite};

use super::{Caught, Client, Dialogue, End};
use crate::error::one_line;
use crate::mail::catch::scan::Scan;
use crate::mail::dotstuff::Unstuffer;
use crate::mail::maildir::Spool;

/// An address path may be this long (RFC 5321: 256).
const MAX_PATH: usize = 512;

/// `MAIL FROM:<path> params` / `RCPT TO:<path> params`: the path and the parameters,
/// or the reply for a bad line.
pub fn parse_path<'a>(
    line: &'a str,
    prefix: &str,
) -> Result<(&'a str, Vec<&'a str>), &'static str> {
    let line = line.trim_end_matches(['\r', '\n']);
    let head = line.get(..prefix.len()).filter(|h| h.eq_ignore_ascii_case(prefix));
    let Some(rest) = head.map(|_| line[prefix.len()..].trim_start()) else {
        return Err("501 5.5.4 syntax: MAIL FROM:<address> or RCPT TO:<address>");
    };
    let Some(inner) = rest.strip_prefix('<') else {
        return Err("501 5.1.7 the address must be in <...>");
    };
    let Some(end) = inner.find('>') else {
        return Err("501 5.1.7 the address must be in <...>");
    };
    let path = &inner[..end];
    let bad = |c: char| c.is_control() || c == ' ' || c == '<';
    if path.len() > MAX_PATH || path.chars().any(bad) {
        return Err("501 5.1.7 bad address");
    }
    Ok((path, inner[end + 1..].split_whitespace().collect()))
}

/// How a message's data ended.
enum Outcome {
    Kept(Option<String>),
    TooBig,
    Failed(String),
    Late,
}

impl Client {
    /// MAIL FROM: a new transaction (SIZE over `--max-size` is 552 at once).
    pub(super) fn mail<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        wire: &mut Dialogue<S>,
        line: &[u8],
    ) -> Result<bool, End> {
        if !self.greeted || self.tx.is_some() {
            self.say(wire, "503 5.5.1 send EHLO first, and MAIL once per message");
            return Ok(false);
        }
        if self.ctx.stopping() {
            self.say(wire, "421 4.3.2 nt mail catch is stopping (--count)");
            return Err(End::Closed);
        }
        let text = String::from_utf8_lossy(line);
        let (path, params) = match parse_path(&text, "MAIL FROM:") {
            Ok(parsed) => parsed,
            Err(reply) => {
                self.say(wire, reply);
                return Ok(false);
            }
        };
        let mut eight_bit = false;
        for param in params {
            let (key, value) = param.split_once('=').unwrap_or((param, ""));
            match key.to_ascii_uppercase().as_str() {
                "SIZE" => match value.parse::<u64>() {
                    Ok(size) if size > self.ctx.max_size => {
                        self.say(wire, &too_big(self.ctx.max_size));
                        return Ok(true);
                    }
                    Ok(_) => {}
                    Err(_) => {
                        self.say(wire, "501 5.5.4 bad SIZE");
                        return Ok(false);
                    }
                },
                "BODY" => eight_bit = value.eq_ignore_ascii_case("8BITMIME"),
                "SMTPUTF8" | "AUTH" | "RET" | "ENVID" => {}
                _ => {
                    self.say(wire, "555 5.5.4 unsupported MAIL parameter");
                    return Ok(false);
                }
            }
        }
        // mailin's grammar has no null sender: any placeholder will do, nt keeps the path.
        let shown = if path.is_empty() { "MAILER-DAEMON" } else { path };
        let body = if eight_bit { " BODY=8BITMIME" } else { "" };
        let res = self.session.process(format!("MAIL FROM:<{shown}>{body}\r\n").as_bytes());
        self.respond(wire, &res);
        if res.code == 250 {
            self.tx = Some((path.to_string(), Vec::new()));
        }
        Ok(!res.is_error)
    }

    /// RCPT TO: refused when it matches `--reject` or one too many.
    pub(super) fn rcpt<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        wire: &mut Dialogue<S>,
        line: &[u8],
    ) -> bool {
        let text = String::from_utf8_lossy(line);
        let path = match parse_path(&text, "RCPT TO:") {
            Ok((path, _)) if !path.is_empty() => path.to_string(),
            Ok(_) => {
                self.say(wire, "501 5.1.3 empty recipient");
                return false;
            }
            Err(reply) => {
                self.say(wire, reply);
                return false;
            }
        };
        let count = self.tx.as_ref().map_or(0, |(_, rcpts)| rcpts.len());
        if self.tx.is_some() && self.ctx.reject.iter().any(|p| p.matches(&path.to_lowercase())) {
            self.say(wire, &format!("550 5.1.1 <{path}>: recipient rejected (--reject)"));
            return true;
        }
        if count >= self.ctx.max_recipients {
            self.say(wire, "452 4.5.3 too many recipients (--max-recipients)");
            return true;
        }
        let res = self.session.process(format!("RCPT TO:<{path}>\r\n").as_bytes());
        self.respond(wire, &res);
        if let (250, Some((_, rcpts))) = (res.code, self.tx.as_mut()) {
            rcpts.push(path);
            // An envelope: no longer a connection that has not sent mail (--max-pending).
            self.pass.logged_in();
        }
        !res.is_error
    }

    /// DATA: after mailin's 354, the message streams into the spool and the scanner.
    pub(super) async fn data<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        wire: &mut Dialogue<S>,
    ) -> Result<bool, End> {
        let res = self.session.process(b"DATA\r\n");
        self.respond(wire, &res);
        if res.code != 354 {
            return Ok(false);
        }
        // mailin and nt agree on the transaction; were they ever not to, the data must still
        // be read to its end to stay in step with the client.
        let (from, to) = self.tx.take().unwrap_or_default();
        wire.flush().await?;
        let (outcome, size, found) = self.pump(wire, &to).await?;
        // Back to mailin's idle state (its answer is nt's to give).
        let _ = self.session.process(b".\r\n");
        let reply = match outcome {
            Outcome::Kept(file) => {
                let caught = Caught {
                    from,
                    to,
                    subject: found.subject,
                    size,
                    attachments: found.attachments,
                    file: file.clone(),
                    peer: self.peer.to_string(),
                    tls: self.tls,
                    login: self.login.clone(),
                };
                if !(self.ctx.report)(&caught) {
                    let _ = self.ctx.stop.send(true);
                }
                let name = file.as_deref().and_then(|f| f.strip_prefix("new/")).unwrap_or("-");
                format!("250 2.0.0 Ok: kept as {}", name.split(',').next().unwrap_or(name))
            }
            Outcome::TooBig => too_big(self.ctx.max_size),
            Outcome::Failed(why) => {
                self.ctx.out.warn(&format!("cannot keep a message: {why}"));
                "451 4.3.0 cannot keep the message now".into()
            }
            Outcome::Late => {
                self.say(wire, "421 4.3.2 nt mail catch has what it came for (--count)");
                return Err(End::Closed);
            }
        };
        self.say(wire, &reply);
        wire.flush().await?;
        if let Some(count) = self.ctx.count
            && self.ctx.delivered.load(Ordering::SeqCst) >= count
        {
            let _ = self.ctx.stop.send(true);
        }
        Ok(true)
    }

    /// Read the message to its final dot: into the spool (DIR) and the scanner.
    async fn pump<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        wire: &mut Dialogue<S>,
        to: &[String],
    ) -> Result<(Outcome, u64, super::Found), End> {
        let mut spool = self.ctx.maildir.clone().map(Spool::new);
        let mut scan = Scan::new();
        let (mut size, mut unstuffer, mut failed) = (0u64, Unstuffer::smtp(), None);
        if let Some(spool) = spool.as_mut()
            && let Err(e) = spool.push(self.received(to).as_bytes()).await
        {
            failed = Some(one_line(&e));
        }
        let mut chunk = Vec::with_capacity(super::READ_BUFFER);
        loop {
            chunk.clear();
            let used = unstuffer.feed(wire.stream.buffer(), &mut chunk);
            wire.stream.consume(used);
            size += chunk.len() as u64;
            if size <= self.ctx.max_size && failed.is_none() {
                scan.push(&chunk);
                if let Some(spool) = spool.as_mut()
                    && let Err(e) = spool.push(&chunk).await
                {
                    failed = Some(one_line(&e));
                }
            }
            if unstuffer.done() {
                break;
            }
            if let Err(end) = wire.fill().await {
                if let Some(spool) = spool {
                    spool.discard().await;
                }
                return Err(end);
            }
        }
        let outcome = self.finish(spool, size, failed).await;
        Ok((outcome, size, scan.finish()))
    }

    /// The `Received:` line (RFC 5321 4.4) put at the top of a stored message: `from` the
    /// EHLO name and the client's address, `by` this host, `with` ESMTP (or SMTP, ESMTPS,
    /// ESMTPA, ESMTPSA: RFC 3848), `for` the recipient when there is one, and the date.
    fn received(&self, to: &[String]) -> String {
        let (name, ehlo) = self.helo.clone().unwrap_or_else(|| ("unknown".into(), false));
        let ip = match self.peer.ip().to_canonical() {
            std::net::IpAddr::V4(ip) => ip.to_string(),
            std::net::IpAddr::V6(ip) => format!("IPv6:{ip}"),
        };
        let mut with = String::from(if ehlo { "ESMTP" } else { "SMTP" });
        if self.tls {
            with.push('S');
        }
        if self.login.is_some() {
            with.push('A');
        }
        let host = &self.ctx.host;
        let mut line = format!("Received: from {name} ([{ip}])\r\n\tby {host} (nt) with {with}");
        if let [rcpt] = to {
            line.push_str(&format!("\r\n\tfor <{rcpt}>"));
        }
        line.push_str(&format!("; {}\r\n", chrono::Local::now().to_rfc2822()));
        line
    }

    /// Keep the message (or not) and count it against `--count`.
    async fn finish(&self, spool: Option<Spool>, size: u64, failed: Option<String>) -> Outcome {
        let refused = match (&failed, size > self.ctx.max_size) {
            (Some(why), _) => Some(Outcome::Failed(why.clone())),
            (None, true) => Some(Outcome::TooBig),
            (None, false) => None,
        };
        let late = || {
            let n = self.ctx.delivered.fetch_add(1, Ordering::SeqCst) + 1;
            self.ctx.count.is_some_and(|count| n > count)
        };
        let refused = refused.or_else(|| late().then_some(Outcome::Late));
        match (refused, spool) {
            (Some(outcome), Some(spool)) => {
                spool.discard().await;
                outcome
            }
            (Some(outcome), None) => outcome,
            (None, Some(spool)) => match spool.deliver().await {
                Ok(file) => Outcome::Kept(Some(file)),
                Err(e) => Outcome::Failed(one_line(&e)),
            },
            (None, None) => Outcome::Kept(None),
        }
    }
}

/// The 552 for a message over `--max-size`, naming the limit and the flag that sets it.
fn too_big(max: u64) -> String {
    let limit = match max {
        m if m % (1 << 30) == 0 => format!("{} GiB", m >> 30),
        m if m % (1 << 20) == 0 => format!("{} MiB", m >> 20),
        m if m % (1 << 10) == 0 => format!("{} KiB", m >> 10),
        m => format!("{m} bytes"),
    };
    format!("552 5.3.4 message too big: the limit is {limit} (nt mail catch --max-size)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn paths_and_parameters() {
        assert_eq!(
            parse_path("MAIL FROM:<a@x> SIZE=10 BODY=8BITMIME\r\n", "MAIL FROM:"),
            Ok(("a@x", vec!["SIZE=10", "BODY=8BITMIME"]))
        );
        assert_eq!(parse_path("mail from: <>\r\n", "MAIL FROM:"), Ok(("", vec![])));
        assert_eq!(
            parse_path("RCPT TO:<用户@例子.测试>\r\n", "RCPT TO:"),
            Ok(("用户@例子.测试", vec![]))
        );
        assert!(parse_path("MAIL FROM:a@x\r\n", "MAIL FROM:").is_err());
        assert!(parse_path("MAIL FROM:<a@x\r\n", "MAIL FROM:").is_err());
        assert!(parse_path("MAIL FROM:<a b@x>\r\n", "MAIL FROM:").is_err());
        assert!(parse_path("RCPT TO:<a@x>\r\n", "MAIL FROM:").is_err());
    }

    #[test]
    fn the_size_refusal_names_the_limit() {
        assert_eq!(
            too_big(64 << 20),
            "552 5.3.4 message too big: the limit is 64 MiB (nt mail catch --max-size)"
        );
        assert!(too_big(2048).contains("the limit is 2 KiB"));
        assert!(too_big(1000).contains("the limit is 1000 bytes"));
    }

    proptest! {
        #[test]
        fn path_parser_never_panics(line in "\\PC{0,60}") {
            let _ = parse_path(&line, "MAIL FROM:");
        }
    }
}
