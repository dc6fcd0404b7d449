//! nt mail send: build a message from flags, config and stdin, then send it over SMTP.
//! nt mail folders/list/get/watch: read mail over IMAP and POP3 ([`receive`]).
//!
//! Settings come from flags and `NT_SMTP_*` (clap), then the config's `[mail]` section.
//! Everything that can be checked locally is checked before a socket opens: addresses
//! (exit 2), files (exit 3), and the rule that a password never travels in clear text
//! unless `--tls off --insecure` both say so. [`draft`] builds the message, [`smtp`]
//! speaks the protocol. This module never prints a password and never calls `exit`.

mod draft;
pub mod receive;
mod smtp;

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use serde::Serialize;

use self::draft::{Draft, Parts};
use self::smtp::{Server, Session};
use crate::cli::{MailArgs, MailCommand, MailSendArgs};
use crate::config::{Config, MailSection};
use crate::error::{Kind, Tag, fail, stdout_result};
use crate::output::Output;
use crate::progress;
use crate::secret::{self, Secret};
use crate::tls::MailTls;

/// Below this size a message goes out too fast for a progress bar to help.
const PROGRESS_MIN: u64 = 1 << 20;

pub fn run(args: MailArgs, config: &Config, out: &Output) -> anyhow::Result<ExitCode> {
    match args.command {
        MailCommand::Send(args) => send(*args, config.mail(), out),
        MailCommand::Folders(args) => receive::list::folders(*args, config.mail(), out),
        MailCommand::List(args) => receive::list::list(*args, config.mail(), out),
        MailCommand::Get(args) => receive::get::run(*args, config.mail(), out),
        MailCommand::Watch(args) => receive::watch::run(*args, config.mail(), out),
    }
}

/// The `--json` summary of one message.
#[derive(Debug, Serialize)]
struct Summary {
    message_id: Option<String>,
    from: String,
    recipients: Vec<String>,
    bytes: u64,
    seconds: f64,
    dry_run: bool,
    server: Option<String>,
    tls: Option<&'static str>,
    encrypted: bool,
    reply: Option<String>,
}

fn send(args: MailSendArgs, cfg: &MailSection, out: &Output) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let user = args.user.clone().or_else(|| cfg.user.clone());
    let parts = parts(&args, cfg, user.as_deref(), out)?;
    let draft = Draft::build(&parts)?;
    for warning in &draft.warnings {
        out.warn(warning);
    }
    if let Some(path) = &args.save {
        save(&draft, path)?;
    }
    let mut summary = Summary {
        message_id: draft.message_id.clone(),
        from: draft.from.to_string(),
        recipients: draft.recipients.iter().map(ToString::to_string).collect(),
        bytes: draft.len(),
        seconds: 0.0,
        dry_run: args.dry_run,
        server: None,
        tls: None,
        encrypted: false,
        reply: None,
    };
    if args.dry_run {
        out.info(&envelope(&draft));
        if out.is_json() {
            summary.seconds = started.elapsed().as_secs_f64();
            out.json(&summary)?;
        } else {
            print_message(&draft)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let server = server(&args, cfg)?;
    let login = login(&server, user, cfg, out, parts_used_stdin(&args, out))?;
    out.debug(&envelope(&draft));
    let bar = if summary.bytes >= PROGRESS_MIN {
        progress::bytes(out, Some(summary.bytes), "sending")
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut session = Session::open(&server, out)?;
    if let Some((user, password)) = &login {
        session.login(user, password)?;
    }
    let sent = session.send(&draft, &mut |n| bar.inc(n));
    bar.finish_and_clear();
    let reply = sent?;
    let peer = session.peer;
    let elapsed = started.elapsed();
    summary.seconds = elapsed.as_secs_f64();
    summary.server = Some(peer.to_string());
    summary.tls = Some(server.tls.name());
    summary.encrypted = session.encrypted;
    summary.reply = Some(reply.text());
    session.quit();
    if out.is_json() {
        out.json(&summary)?;
    } else {
        let n = summary.recipients.len();
        out.info(&format!(
            "{} to {n} recipient{} via {peer} ({}): {}",
            progress::summary("sent", summary.bytes, elapsed),
            if n == 1 { "" } else { "s" },
            server.tls.name(),
            reply.text()
        ));
    }
    Ok(ExitCode::SUCCESS)
}

fn envelope(draft: &Draft) -> String {
    let rcpts: Vec<String> = draft.recipients.iter().map(|r| format!("<{r}>")).collect();
    format!("envelope: from <{}> to {}", draft.from, rcpts.join(", "))
}

/// Whether the body comes from stdin (then stdin cannot also answer a password prompt).
fn parts_used_stdin(args: &MailSendArgs, out: &Output) -> bool {
    let from_file_dash = args.body_file.as_deref() == Some(Path::new("-"));
    from_file_dash || (args.body.is_none() && args.body_file.is_none() && !out.stdin_tty())
}

/// Gather the message from flags, config defaults and stdin.
fn parts(
    args: &MailSendArgs,
    cfg: &MailSection,
    user: Option<&str>,
    out: &Output,
) -> anyhow::Result<Parts> {
    let to = if args.to.is_empty() { cfg.to.clone().unwrap_or_default() } else { args.to.clone() };
    if to.is_empty() {
        return Err(fail(Kind::Usage, "no recipient: give --to ADDR"))
            .hint("or set `to` in the [mail] section of the config (see `nt config path`)");
    }
    // The seed logs in with its address: a login that is an address is the default sender.
    let from = args
        .from
        .clone()
        .or_else(|| cfg.from.clone())
        .or_else(|| user.filter(|u| u.contains('@')).map(str::to_string));
    let Some(from) = from else {
        return Err(fail(Kind::Usage, "no sender: give --from ADDR"))
            .hint("or set NT_SMTP_FROM, or `from` in the [mail] section of the config");
    };
    let nothing_else = args.html.is_none() && args.attach.is_empty() && args.inline.is_empty();
    let text = match (&args.body, &args.body_file) {
        (Some(text), _) => text.clone(),
        (None, Some(path)) if path == Path::new("-") => read_stdin()?,
        (None, Some(path)) => utf8(draft::read_text("body file", path)?, "body file")?,
        (None, None) if !out.stdin_tty() => read_stdin()?,
        (None, None) if nothing_else => {
            return Err(fail(Kind::Usage, "no message: give --body, --body-file or --html"))
                .hint("or pipe the text on stdin: echo hi | nt mail send ...");
        }
        (None, None) => String::new(),
    };
    Ok(Parts {
        from,
        to,
        cc: args.cc.clone(),
        bcc: args.bcc.clone(),
        reply_to: args.reply_to.clone(),
        subject: args.subject.clone(),
        headers: args.header.clone(),
        text,
        html: args.html.clone(),
        inline: args.inline.clone(),
        attach: args.attach.clone(),
    })
}

fn read_stdin() -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .context("cannot read stdin")
        .kind(Kind::LocalFile)?;
    utf8(bytes, "stdin")
}

fn utf8(bytes: Vec<u8>, what: &str) -> anyhow::Result<String> {
    String::from_utf8(bytes)
        .map_err(|_| fail(Kind::Usage, format!("the body from {what} is not UTF-8")))
}

/// Host, port and TLS mode: flag/env, else config; STARTTLS on 587 unless told otherwise.
fn server(args: &MailSendArgs, cfg: &MailSection) -> anyhow::Result<Server> {
    let Some(text) = args.server.clone().or_else(|| cfg.server.clone()) else {
        return Err(fail(Kind::Usage, "no SMTP server: give --server HOST"))
            .hint("or set NT_SMTP_SERVER, or `server` in the [mail] section of the config");
    };
    let (host, port_in_host) = split_server(&text)?;
    let tls = args.tls.or(cfg.tls);
    let port = args.port.or(port_in_host).or(cfg.port);
    let (tls, port) = match (tls, port) {
        (Some(mode), Some(port)) => (mode, port),
        (Some(MailTls::Tls), None) => (MailTls::Tls, 465),
        (Some(MailTls::Off), None) => (MailTls::Off, 25),
        (Some(MailTls::Starttls), None) | (None, None) => (MailTls::Starttls, 587),
        (None, Some(465)) => (MailTls::Tls, 465),
        (None, Some(port)) => (MailTls::Starttls, port),
    };
    if port == 0 {
        return Err(fail(Kind::Usage, "invalid port 0: must be 1-65535"));
    }
    let policy = args.verify.policy(cfg.insecure.unwrap_or(false), cfg.pin.as_deref())?;
    Ok(Server { host, port, tls, policy, retries: args.retries })
}

/// `host`, `host:port`, `[v6]:port` or a bare IPv6 address.
fn split_server(text: &str) -> anyhow::Result<(String, Option<u16>)> {
    let text = text.trim();
    if text.parse::<std::net::Ipv6Addr>().is_ok() {
        return Ok((text.to_string(), None));
    }
    if text.contains(':') {
        let addr = crate::addr::parse_connect(text).map_err(|e| fail(Kind::Usage, e))?;
        return Ok((addr.host_text(), Some(addr.port)));
    }
    crate::addr::parse_connect(&format!("{text}:25")).map_err(|e| fail(Kind::Usage, e))?;
    Ok((text.to_string(), None))
}

/// The login and its password, when a user is known; refused over clear text.
fn login(
    server: &Server,
    user: Option<String>,
    cfg: &MailSection,
    out: &Output,
    stdin_taken: bool,
) -> anyhow::Result<Option<(String, Secret)>> {
    let netrc = || secret::netrc_for(&server.host, None).filter(|e| e.machine.is_some());
    let Some(user) = user.or_else(|| netrc().and_then(|e| e.login)) else {
        return Ok(None);
    };
    if server.tls == MailTls::Off && !server.policy.insecure {
        return Err(fail(
            Kind::Usage,
            format!("refusing to send the password of '{user}' over an unencrypted connection"),
        ))
        .hint("use --tls starttls or --tls tls; `--tls off --insecure` allows it on a trusted network");
    }
    let lookup = secret::Lookup {
        env_var: "NT_SMTP_PASSWORD",
        host: &server.host,
        user: Some(&user),
        password_command: cfg.password_command.as_deref(),
        may_prompt: out.stdin_tty() && !out.is_json() && !stdin_taken,
    };
    match lookup.find()? {
        Some(found) => Ok(Some((found.login.unwrap_or(user), found.password))),
        None => Err(fail(Kind::Usage, format!("no password for '{user}'")))
            .hint("set NT_SMTP_PASSWORD, a ~/.netrc entry, or password_command in [mail]"),
    }
}

/// `--dry-run`: the whole message on stdout, as it would go on the wire.
fn print_message(draft: &Draft) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let mut sink = BufWriter::with_capacity(1 << 16, stdout.lock());
    let written = draft.write_to(&mut sink, &mut |_| {}).and_then(|()| Ok(sink.flush()?));
    written.or_else(|e| match e.downcast::<io::Error>() {
        Ok(io) => stdout_result(Err(io)),
        Err(e) => Err(e),
    })
}

/// `--save FILE.eml`: the same bytes in a file.
fn save(draft: &Draft, path: &Path) -> anyhow::Result<()> {
    let context = || format!("cannot write {}", path.display());
    let file = File::create(path).with_context(context).kind(Kind::LocalFile)?;
    let mut sink = BufWriter::with_capacity(1 << 16, file);
    draft
        .write_to(&mut sink, &mut |_| {})
        .and_then(|()| Ok(sink.flush()?))
        .with_context(context)
        .kind(Kind::LocalFile)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn server_forms() {
        assert_eq!(split_server("smtp.example.org").unwrap(), ("smtp.example.org".into(), None));
        assert_eq!(split_server("127.0.0.1:2525").unwrap(), ("127.0.0.1".into(), Some(2525)));
        assert_eq!(split_server("[::1]:25").unwrap(), ("::1".into(), Some(25)));
        assert_eq!(split_server("::1").unwrap(), ("::1".into(), None));
        assert!(split_server("bad host").is_err());
        assert!(split_server("host:0").is_err());
    }

    proptest! {
        #[test]
        fn server_parser_never_panics(text in "\\PC{0,40}") {
            let _ = split_server(&text);
        }
    }
}
