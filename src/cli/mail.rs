//! The command line of nt mail: `send`.
//!
//! Part of the one clap tree (see `cli.rs`): doc comments are the help text, values are
//! parsed with the typed parsers of `addr.rs`. Nothing here does I/O.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::tls::{MailTls, VerifyArgs};

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
    /// not a terminal). Server, login, sender and recipients default to the config's
    /// [mail] section. STARTTLS is the default (port 587), implicit TLS on 465; a password
    /// is never sent without TLS unless both --tls off and --insecure are given.
    #[command(
        after_help = "Examples:\n  nt mail send --server smtp.example.org --user me@example.org --to bob@example.org --subject hi --body 'hello'\n  nt mail send --to bob@example.org --html page.html --inline img01=iu.jpg --attach text1_SMTP.py\n  echo body | nt mail send --to bob@example.org --cc ann@example.org --bcc me@example.org\n  nt mail send --to bob@example.org --body hi --dry-run --save hi.eml\n  nt mail send --attach file.py        # server, from and to from the config"
    )]
    Send(Box<MailSendArgs>),
}

#[derive(Debug, Args)]
pub struct MailSendArgs {
    /// Recipient, `a@b` or `Name <a@b>` (repeatable; default: the config's to).
    #[arg(long, value_name = "ADDR")]
    pub to: Vec<String>,
    /// Carbon-copy recipient (repeatable).
    #[arg(long, value_name = "ADDR")]
    pub cc: Vec<String>,
    /// Blind-copy recipient (repeatable; in the envelope, never in the headers).
    #[arg(long, value_name = "ADDR")]
    pub bcc: Vec<String>,
    /// Sender (default: the config's from, else a login that is an address).
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
    /// SMTP server, HOST or HOST:PORT.
    #[arg(long, value_name = "HOST", env = "NT_SMTP_SERVER")]
    pub server: Option<String>,
    /// SMTP server port (default 587 with STARTTLS, 465 with TLS, 25 with off).
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
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub retries: u32,
    /// Print the whole message (envelope on stderr) and do not connect.
    #[arg(long)]
    pub dry_run: bool,
    /// Also save the message to FILE (an .eml file).
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
}
