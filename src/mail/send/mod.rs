//! nt mail send: build a message from flags, config and stdin, or take a prepared one,
//! then send it over SMTP.
//!
//! Settings come from flags and `NT_SMTP_*` (clap), then the config's `[mail]` section.
//! Everything that can be checked locally is checked before a socket opens: addresses
//! (exit 2), files (exit 3), and the rule that a password never travels in clear text
//! unless `--tls off --insecure` both say so. [`draft`] builds the message ([`eml`] takes
//! a prepared one), [`route`] picks the server (the configured one or the recipients'
//! MX), [`smtp`] speaks the protocol. This module never prints a password and never
//! calls `exit`.
//!
//! Files: this one (settings, flags → parts), `draft.rs` (the message), `crlf.rs` (line
//! endings), `encode.rs` (streamed base64), `eml.rs` (`--eml`), `route.rs` and `mx.rs` (which
//! server), `smtp.rs` (the protocol).
//! lettre is linked with its `builder` feature only: the transport, pool and TLS features
//! went with `ClientId`, replaced by `--ehlo` and the host name (the `hostname` crate).
//! nt uses lettre for what it does well (address parsing, header encoding, the MIME tree).

mod crlf;
mod draft;
mod eml;
mod encode;
mod mx;
mod route;
mod smtp;

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use serde::Serialize;

use self::draft::{Draft, Parts};
use crate::cli::MailSendArgs;
use crate::config::MailSection;
use crate::error::{Kind, Tag, fail, stdout_result};
use crate::mail::host;
use crate::output::Output;
use crate::progress;
use crate::secret::{self, Secret};

/// Below this size a message goes out too fast for a progress bar to help.
const PROGRESS_MIN: u64 = 1 << 20;

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
    /// MX delivery: one entry per recipient domain.
    #[serde(skip_serializing_if = "Option::is_none")]
    deliveries: Option<Vec<route::Delivery>>,
}

pub fn run(args: MailSendArgs, cfg: &MailSection, out: &Output) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    if let Some(name) = args.ehlo.as_ref().filter(|n| !host::valid_ehlo(n)) {
        return Err(fail(Kind::Usage, format!("invalid --ehlo '{name}'")))
            .hint("a domain name (mail.example.org) or an address literal ([192.0.2.1])");
    }
    // EHLO and the Message-ID's domain: --ehlo, else the host name.
    let ehlo = args.ehlo.clone().or_else(host::host_name);
    let host = ehlo.clone().unwrap_or_else(|| "localhost".into());
    let user = args.user.clone().or_else(|| cfg.user.clone());
    let draft = match &args.eml {
        Some(path) => eml::load(path, &eml_envelope(&args)?)?,
        None => Draft::build(&parts(&args, cfg, user.as_deref(), &host, out)?)?,
    };
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
        deliveries: None,
    };
    if args.dry_run {
        out.info(&envelope(&draft));
        if out.is_json() {
            summary.seconds = started.elapsed().as_secs_f64();
            out.json(&summary)?;
        } else {
            print_message(&draft, out)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let route = route::plan(&args, cfg, ehlo)?;
    let login = match route.login_host() {
        Some(server) => login(server, user, cfg, out, parts_used_stdin(&args, out))?,
        None if user.is_some() => {
            return Err(fail(Kind::Usage, "no login for MX delivery: give --server to log in"))
                .hint("without --server nt delivers to the recipients' MX, which takes no login");
        }
        None => None,
    };
    out.debug(&envelope(&draft));
    let bar = if summary.bytes >= PROGRESS_MIN {
        progress::bytes(out, Some(summary.bytes), "sending")
    } else {
        progress::hidden()
    };
    let delivered = route.deliver(&draft, login.as_ref(), out, &mut |n| bar.inc(n));
    bar.finish_and_clear();
    report(summary, delivered?, route.is_mx(), started.elapsed(), out)?;
    Ok(ExitCode::SUCCESS)
}

/// The one line (or JSON document) after a sent message.
fn report(
    mut summary: Summary,
    deliveries: Vec<route::Delivery>,
    mx: bool,
    elapsed: std::time::Duration,
    out: &Output,
) -> anyhow::Result<()> {
    let first = deliveries.first().ok_or_else(|| fail(Kind::Usage, "no recipient"))?;
    summary.seconds = elapsed.as_secs_f64();
    summary.server = Some(first.server.clone());
    summary.tls = Some(first.tls);
    summary.encrypted = deliveries.iter().all(|d| d.encrypted);
    summary.reply = Some(first.reply.clone());
    let servers: Vec<String> =
        deliveries.iter().map(|d| format!("{} ({})", d.server, d.tls)).collect();
    let reply = first.reply.clone();
    if mx {
        summary.deliveries = Some(deliveries);
    }
    if out.is_json() {
        return out.json(&summary);
    }
    let n = summary.recipients.len();
    out.info(&format!(
        "{} to {n} recipient{} via {}: {reply}",
        progress::summary("sent", summary.bytes, elapsed),
        if n == 1 { "" } else { "s" },
        servers.join(", "),
    ));
    Ok(())
}

/// `--from`/`--to`/`--cc`/`--bcc` beside `--eml`: they replace the message's envelope.
fn eml_envelope(args: &MailSendArgs) -> anyhow::Result<eml::Envelope> {
    let mut recipients = Vec::new();
    for list in [&args.to, &args.cc, &args.bcc] {
        recipients.extend(split_addresses(list)?);
    }
    Ok(eml::Envelope { from: args.from.clone(), recipients })
}

/// `--to a@x,b@y` (also repeated): commas inside quotes or angle brackets do not split.
pub fn split_addresses(values: &[String]) -> anyhow::Result<Vec<String>> {
    let mut all = Vec::new();
    for value in values {
        let (mut quoted, mut angle, mut current) = (false, false, String::new());
        let mut escaped = false;
        for c in value.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' if quoted => escaped = true,
                '"' => quoted = !quoted,
                '<' if !quoted => angle = true,
                '>' if !quoted => angle = false,
                ',' if !quoted && !angle => {
                    all.push(std::mem::take(&mut current));
                    continue;
                }
                _ => {}
            }
            current.push(c);
        }
        all.push(current);
    }
    let all: Vec<String> = all.into_iter().map(|a| a.trim().to_string()).collect();
    if all.iter().any(String::is_empty) {
        let joined = values.join(",");
        return Err(fail(
            Kind::Usage,
            format!("invalid address list '{joined}': an empty address"),
        ));
    }
    Ok(all)
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
    host: &str,
    out: &Output,
) -> anyhow::Result<Parts> {
    let to = if args.to.is_empty() { cfg.to.clone().unwrap_or_default() } else { args.to.clone() };
    let to = split_addresses(&to)?;
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
        cc: split_addresses(&args.cc)?,
        bcc: split_addresses(&args.bcc)?,
        reply_to: args.reply_to.clone(),
        subject: args.subject.clone(),
        headers: args.header.clone(),
        text,
        html: args.html.clone(),
        inline: args.inline.clone(),
        attach: args.attach.clone(),
        host: host.to_string(),
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

/// The login and its password, when a user is known; refused over clear text.
fn login(
    server: &smtp::Server,
    user: Option<String>,
    cfg: &MailSection,
    out: &Output,
    stdin_taken: bool,
) -> anyhow::Result<Option<(String, Secret)>> {
    let netrc = || secret::netrc_for(&server.host, None).filter(|e| e.machine.is_some());
    let Some(user) = user.or_else(|| netrc().and_then(|e| e.login)) else {
        return Ok(None);
    };
    if server.security == smtp::Security::Off && !server.policy.insecure {
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
fn print_message(draft: &Draft, out: &Output) -> anyhow::Result<()> {
    let mut data = out.data();
    let written = draft.write_to(&mut data, &mut |_| {}).and_then(|()| data.flush());
    written.or_else(|e| {
        if e.downcast_ref::<Kind>().is_some() {
            return Err(e);
        }
        match e.downcast::<io::Error>() {
            Ok(io) => stdout_result(Err(io)),
            Err(e) => Err(e),
        }
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
    fn address_lists_split_on_commas() {
        let split =
            |v: &[&str]| split_addresses(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(split(&["a@x,b@y", " c@z "]).unwrap(), ["a@x", "b@y", "c@z"]);
        assert_eq!(
            split(&["\"Doe, John\" <j@x>, Ann <a@y>"]).unwrap(),
            ["\"Doe, John\" <j@x>", "Ann <a@y>"]
        );
        assert!(split(&["a@x,,b@y"]).is_err());
        assert!(split(&["a@x,"]).is_err());
        assert!(split(&[]).unwrap().is_empty());
    }

    proptest! {
        #[test]
        fn address_splitter_keeps_every_character(text in "[a-z@<>\", ]{0,40}") {
            if let Ok(parts) = split_addresses(std::slice::from_ref(&text)) {
                let kept: usize = parts.iter().map(|p| p.chars().filter(|c| *c != ' ').count()).sum();
                let commas = parts.len() - 1;
                prop_assert_eq!(kept + commas, text.chars().filter(|c| *c != ' ').count());
            }
        }
    }
}
