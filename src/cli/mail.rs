//! The command line of nt mail: `send` and `catch`.
//!
//! Part of the one clap tree (see `cli.rs`): doc comments are the help text, values are
//! parsed with the typed parsers of `addr.rs`. Nothing here does I/O.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

use crate::addr::{Addr, parse_duration, parse_listen, parse_size};
use crate::net::ProxyArgs;
use crate::tls::{CertArgs, MailTls, VerifyArgs};

#[derive(Debug, Args)]
pub struct MailArgs {
    #[command(subcommand)]
    pub command: MailCommand,
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Build a message (text, HTML, inline images, attachments) and send it over SMTP.
    ///
    /// Text and HTML go as multipart/alternative, HTML with inline images as
    /// multipart/related, attachments (base64, MIME type from the file name) in
    /// multipart/mixed. The body comes from --body, --body-file or stdin (when stdin is
    /// not a terminal); --eml sends a prepared message instead. Server, login, sender and
    /// recipients default to the config's [mail] section; without any server, nt delivers
    /// to the recipient domain's MX (port 25, STARTTLS when offered, no login). STARTTLS
    /// is the default (port 587), implicit TLS on 465; a password is never sent without
    /// TLS unless both --tls off and --insecure are given.
    #[command(
        after_help = "Examples:\n  nt mail send --server smtp.example.org --user me@example.org --to bob@example.org --subject hi --body 'hello'\n  nt mail send --to bob@example.org --html page.html --inline img01=iu.jpg --attach text1_SMTP.py\n  echo body | nt mail send --to bob@example.org,ann@example.org --bcc me@example.org\n  nt mail send --to bob@example.org --body hi --dry-run --save hi.eml\n  nt mail send --server 127.0.0.1:2525 --tls off --eml hi.eml\n  nt mail send --to bob@example.org --body hi      # no server: straight to example.org's MX\n  nt mail send --attach file.py        # server, from and to from the config"
    )]
    Send(Box<MailSendArgs>),
    /// Run a local SMTP server that keeps every message it receives (a mail catcher).
    ///
    /// Accepts every message from any client (any AUTH PLAIN/LOGIN login is accepted, with
    /// or without TLS) and saves each into DIR as a Maildir (tmp/, then renamed into new/;
    /// cur/ is made too), or, without DIR, prints one summary line per message (from, to,
    /// subject, size, attachments; a JSON object per message with --json). Messages
    /// stream to disk: memory stays flat whatever their size.
    #[command(
        after_help = "Examples:\n  nt mail catch ./inbox                      # then: nt mail send --server 127.0.0.1:2525 --tls off ...\n  nt mail catch                              # a summary line per message on stdout\n  nt --json mail catch --count 1 ./inbox     # exit after one message\n  nt mail catch ./inbox --reject '*@spam.test' --max-size 10MiB\n  nt mail catch ./inbox --listen :2525 --self-signed   # STARTTLS; clients --pin the printed SHA-256"
    )]
    Catch(Box<MailCatchArgs>),
}

#[derive(Debug, Args)]
pub struct MailSendArgs {
    /// Recipient, `a@b` or `Name <a@b>`; several with commas or by repeating (default: the
    /// config's to; with --eml: the message's To, Cc and Bcc).
    #[arg(long, value_name = "ADDR")]
    pub to: Vec<String>,
    /// Carbon-copy recipient (commas or repeatable).
    #[arg(long, value_name = "ADDR")]
    pub cc: Vec<String>,
    /// Blind-copy recipient (commas or repeatable; in the envelope, never in the headers).
    #[arg(long, value_name = "ADDR")]
    pub bcc: Vec<String>,
    /// Sender (default: the config's from, else a login that is an address; with --eml:
    /// the message's From).
    #[arg(long, value_name = "ADDR", env = "NT_SMTP_FROM")]
    pub from: Option<String>,
    /// Reply-To address.
    #[arg(long, value_name = "ADDR")]
    pub reply_to: Option<String>,
    /// Subject (UTF-8; encoded per RFC 2047 where needed).
    #[arg(long, value_name = "TEXT")]
    pub subject: Option<String>,
    /// Body text.
    #[arg(long, value_name = "TEXT", conflicts_with = "body_file")]
    pub body: Option<String>,
    /// Send a prepared RFC 5322 message as it is (`-` for stdin); the envelope comes from
    /// its From/To/Cc/Bcc unless --from/--to are given; its Bcc field is not sent.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["body", "body_file", "html", "inline", "attach", "subject", "header", "reply_to"]
    )]
    pub eml: Option<PathBuf>,
    /// Body text from a file (`-` for stdin).
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// HTML body from a file.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Inline image for the HTML, referenced as cid:CID (default CID: the file name; repeatable).
    #[arg(long, value_name = "[CID=]FILE")]
    pub inline: Vec<String>,
    /// Attach a file, base64, MIME type from its name (repeatable).
    #[arg(long, value_name = "FILE")]
    pub attach: Vec<PathBuf>,
    /// Extra header "Name: value" (repeatable).
    #[arg(long, value_name = "K: V")]
    pub header: Vec<String>,
    /// SMTP server, HOST or HOST:PORT (default: the config's server, else the recipient
    /// domain's MX).
    #[arg(long, value_name = "HOST", env = "NT_SMTP_SERVER")]
    pub server: Option<String>,
    /// SMTP server port (default 587 with STARTTLS, 465 with TLS, 25 with off and for MX
    /// delivery).
    #[arg(long, value_name = "N", env = "NT_SMTP_PORT")]
    pub port: Option<u16>,
    /// TLS mode (default: starttls, or tls on port 465).
    #[arg(long, value_enum, value_name = "MODE", env = "NT_SMTP_TLS")]
    pub tls: Option<MailTls>,
    /// Login name for AUTH; the password comes from NT_SMTP_PASSWORD, ~/.netrc,
    /// password_command or a prompt.
    #[arg(long, value_name = "NAME", env = "NT_SMTP_USER")]
    pub user: Option<String>,
    /// --insecure also allows AUTH in clear text with --tls off.
    #[command(flatten)]
    pub verify: VerifyArgs,
    /// Retry connecting up to N times, with backoff.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub retries: u32,
    /// Give up on a connect, a TLS handshake or any reply after this long.
    #[arg(long, value_name = "DUR", value_parser = parse_duration, default_value = "30s")]
    pub timeout: Duration,
    /// The name nt gives itself in EHLO (default: this host's name).
    #[arg(long, value_name = "NAME")]
    pub ehlo: Option<String>,
    /// DNS server for MX delivery, IP[:PORT] (default: the system's resolver).
    #[arg(long, value_name = "ADDR", env = "NT_DNS")]
    pub dns: Option<String>,
    #[command(flatten)]
    pub proxy: ProxyArgs,
    /// Print the whole message (envelope on stderr) and do not connect.
    #[arg(long)]
    pub dry_run: bool,
    /// Also save the message to FILE (an .eml file).
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct MailCatchArgs {
    /// Maildir to save every message in (made when missing); without it, a summary line
    /// per message on stdout.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", value_parser = parse_listen, default_value = "127.0.0.1:2525")]
    pub listen: Addr,
    /// Refuse recipients matching this glob with 550 (`*` any run, `?` one character, no
    /// case; repeatable), e.g. '*@spam.test'.
    #[arg(long, value_name = "PATTERN")]
    pub reject: Vec<String>,
    /// Exit after N messages.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
    /// Refuse messages larger than this with 552 (advertised as SIZE).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64MiB")]
    pub max_size: u64,
    /// Offer STARTTLS (needs --cert/--key or --self-signed).
    #[arg(long)]
    pub tls: bool,
    #[command(flatten)]
    pub cert: CertArgs,
    /// Close a connection whose client says nothing for this long.
    #[arg(long, value_name = "DUR", value_parser = parse_duration, default_value = "60s")]
    pub timeout: Duration,
    /// Clients served at once; more wait in the listen queue.
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_clients: u32,
    /// Recipients accepted per message (RFC 5321 asks for at least 100).
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_recipients: u32,
}
