//! The command line of nt mail: `send` and `catch` (SMTP), and `folders`, `list`, `get`,
//! `watch` (IMAP, POP3).
//!
//! Part of the one clap tree (see `cli.rs`): doc comments are the help text, values are
//! parsed with the typed parsers of `addr.rs`. Nothing here does I/O.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::timeout::{self, parse_timeout};
use crate::addr::{Addr, parse_duration, parse_listen, parse_size};
use crate::config::MailTls;
use crate::net::ProxyArgs;
use crate::tls::{CertArgs, VerifyArgs};

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
        after_long_help = super::help::MAIL_SEND
    )]
    Send(Box<MailSendArgs>),
    /// Run a local SMTP server that keeps every message it receives (a mail catcher).
    ///
    /// Accepts every message from any client (any AUTH PLAIN/LOGIN login is accepted: over
    /// plain SMTP without TLS, only after STARTTLS with --tls or --self-signed) and saves
    /// each into DIR as a Maildir under a Received: line (tmp/, then renamed into new/;
    /// cur/ is made too), or, without DIR, prints one summary line per message (from, to,
    /// subject, size, attachments; a JSON object per message with --json). Messages
    /// stream to disk: memory stays flat whatever their size.
    #[command(
        after_long_help = super::help::MAIL_CATCH
    )]
    Catch(Box<MailCatchArgs>),
    /// List the folders of an IMAP account: name, flags, messages and unseen.
    ///
    /// Names are decoded from modified UTF-7 (`Entw&APw-rfe` is shown as Entwürfe).
    /// The account is the URL (imap://, imaps://) or `receive` in the config's [mail].
    #[command(
        after_long_help = super::help::MAIL_FOLDERS
    )]
    Folders(Box<MailFoldersArgs>),
    /// List the messages of a folder (IMAP) or a POP3 mailbox, one line each.
    ///
    /// A line shows uid, date, from, subject, size and flags (POP3: the UIDL, size and
    /// the headers read with TOP). Filters are searched on the server (IMAP SEARCH); POP3
    /// filters the headers itself and has no flags. With --json: JSON Lines with uid,
    /// date (RFC 3339), from, to, subject, size, flags, attachments.
    #[command(
        after_long_help = super::help::MAIL_LIST
    )]
    List(Box<MailListArgs>),
    /// Read messages by UID: a readable view, the raw bytes, files, attachments.
    ///
    /// The readable view shows the headers, the text part (or the HTML part as text)
    /// and the list of attachments. --raw writes the exact RFC 5322 bytes; -o DIR saves
    /// UID.eml files (written as .part and renamed; POP3: the UIDL, made safe as a file
    /// name). Reading never marks a message read (BODY.PEEK) unless --mark-read;
    /// --delete deletes only what was saved. UIDs: 5, 3:9, 12:* (IMAP), UIDLs (POP3).
    #[command(
        after_long_help = super::help::MAIL_GET
    )]
    Get(Box<MailGetArgs>),
    /// Wait for new mail and report each new message once (IMAP IDLE, POP3 polling).
    ///
    /// New mail is found by UID (never by \Recent), checked again after every IDLE
    /// wake-up; IDLE is re-issued every 10 minutes (servers drop it at 29). POP3 polls
    /// the UIDL list every --interval. A dropped connection is reopened with backoff
    /// (1 s doubling to 60 s) without reporting a message twice. --exec CMD runs CMD
    /// (with sh -c; cmd /C on Windows) for each new message, with the message on its stdin.
    #[command(
        after_long_help = super::help::MAIL_WATCH
    )]
    Watch(Box<MailWatchArgs>),
}

/// Where a mailbox is and how to reach it (folders, list, get, watch).
#[derive(Debug, Clone, Args)]
pub struct MailboxArgs {
    /// Folder (default: the URL's, else INBOX). UTF-8 as typed.
    #[arg(short = 'f', long, value_name = "FOLDER")]
    pub folder: Option<String>,
    /// Login name (default: the URL's user, the config's user, else ~/.netrc). The
    /// password comes from NT_IMAP_PASSWORD / NT_POP3_PASSWORD, NT_MAIL_PASSWORD,
    /// ~/.netrc, password_command or a prompt.
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// TLS mode (default: tls for imaps://, pop3s:// and ports 993/995, else starttls).
    #[arg(long, value_enum, value_name = "MODE")]
    pub tls: Option<MailTls>,
    /// --insecure also allows a password in clear text with --tls off.
    #[command(flatten)]
    pub verify: VerifyArgs,
    #[command(flatten)]
    pub proxy: ProxyArgs,
    /// Log in with XOAUTH2; CMD (run with sh -c; cmd /C on Windows) prints the access
    /// token. It is run again, and the login retried once, when the server rejects the
    /// token. Config: [mail] oauth2_token_command.
    #[arg(long, value_name = "CMD")]
    pub oauth2_token_command: Option<String>,
    /// Give up when connecting or when the server is silent for DUR.
    #[arg(long, value_name = "DUR", value_parser = parse_timeout, default_value = timeout::MAIL)]
    pub timeout: Duration,
    /// The most one server answer may hold in memory (64KiB-1GiB); bigger messages are
    /// fetched in pieces of this size.
    #[arg(long, value_name = "SIZE", value_parser = parse_buffer, default_value = "8MiB")]
    pub buffer: u64,
}

/// `--buffer`: a size between 64 KiB and 1 GiB.
fn parse_buffer(text: &str) -> Result<u64, String> {
    let size = parse_size(text)?;
    if !(64 << 10..=1 << 30).contains(&size) {
        return Err(format!("invalid size '{text}': must be between 64KiB and 1GiB"));
    }
    Ok(size)
}

/// `--max-message`: a size between 1 MiB and 4 GiB.
fn parse_max_message(text: &str) -> Result<u64, String> {
    let size = parse_size(text)?;
    if !(1 << 20..=4 << 30).contains(&size) {
        return Err(format!("invalid size '{text}': must be between 1MiB and 4GiB"));
    }
    Ok(size)
}

/// `catch --login-timeout`: between 100 ms and an hour.
fn parse_login_timeout(text: &str) -> Result<Duration, String> {
    let dur = parse_duration(text)?;
    if dur < Duration::from_millis(100) || dur > Duration::from_secs(3600) {
        return Err(format!("invalid duration '{text}': must be between 100ms and 1h"));
    }
    Ok(dur)
}

/// `--interval`: between 100 ms and a day.
fn parse_interval(text: &str) -> Result<Duration, String> {
    let dur = parse_duration(text)?;
    if dur < Duration::from_millis(100) || dur > Duration::from_secs(86_400) {
        return Err(format!("invalid interval '{text}': must be between 100ms and 24h"));
    }
    Ok(dur)
}

#[derive(Debug, Args)]
pub struct MailFoldersArgs {
    /// The account: imap://[user@]host[:port] or imaps://... (default: [mail] receive).
    #[arg(value_name = "URL")]
    pub target: Option<String>,
    #[command(flatten)]
    pub mailbox: MailboxArgs,
}

#[derive(Debug, Args)]
pub struct MailListArgs {
    /// imap[s]://[user@]host[:port][/FOLDER], pop3[s]://[user@]host[:port], or a FOLDER
    /// of the configured account.
    #[arg(value_name = "URL|FOLDER")]
    pub target: Option<String>,
    #[command(flatten)]
    pub mailbox: MailboxArgs,
    /// Only messages without \Seen (IMAP).
    #[arg(long)]
    pub unseen: bool,
    /// Only messages since DATE: YYYY-MM-DD, or an age such as 7d, 12h.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only messages whose From contains TEXT.
    #[arg(long, value_name = "TEXT")]
    pub from: Option<String>,
    /// Only messages whose Subject contains TEXT.
    #[arg(long, value_name = "TEXT")]
    pub subject: Option<String>,
    /// An IMAP SEARCH expression, sent as written (IMAP), e.g. 'OR FLAGGED LARGER 100000'.
    #[arg(long, value_name = "RAW")]
    pub search: Option<String>,
    /// Show only the newest N messages (1-1000000).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub limit: Option<u32>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).multiple(true).args(["ids", "all", "unseen"])))]
pub struct MailGetArgs {
    /// An optional URL first, then UIDs: 5, 3:9, 12:*, 1,4,7 (IMAP) or UIDLs (POP3).
    #[arg(value_name = "[URL] UID")]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub mailbox: MailboxArgs,
    /// Every message of the folder.
    #[arg(long, conflicts_with = "unseen")]
    pub all: bool,
    /// Every message without \Seen (IMAP).
    #[arg(long)]
    pub unseen: bool,
    /// Write the exact message bytes (to stdout, or files with -o).
    #[arg(long)]
    pub raw: bool,
    /// Save each message as DIR/UID.eml (raw bytes, .part then renamed).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Save the attachments into DIR under safe names (never outside DIR, never over a file).
    #[arg(long, value_name = "DIR")]
    pub save_attachments: Option<PathBuf>,
    /// Mark the messages read (\Seen) after reading them (IMAP).
    #[arg(long)]
    pub mark_read: bool,
    /// Delete each message from the server once it is saved (needs -o DIR).
    #[arg(long, requires = "output")]
    pub delete: bool,
    /// The largest message shown or split into attachments in memory (1MiB-4GiB). -o DIR
    /// and --raw stream a bigger one up to the size the server announced (plus 1/8 and
    /// 1MiB); past both, nt stops with exit 6 and keeps no file.
    #[arg(long, value_name = "SIZE", value_parser = parse_max_message, default_value = "64MiB")]
    pub max_message: u64,
}

#[derive(Debug, Args)]
pub struct MailWatchArgs {
    /// imap[s]://[user@]host[:port][/FOLDER], pop3[s]://..., or a FOLDER of the configured
    /// account.
    #[arg(value_name = "URL|FOLDER")]
    pub target: Option<String>,
    #[command(flatten)]
    pub mailbox: MailboxArgs,
    /// Run CMD (sh -c; cmd /C on Windows) for each new message, the message on stdin;
    /// NT_MAIL_UID and NT_MAIL_FOLDER are set.
    #[arg(long, value_name = "CMD")]
    pub exec: Option<String>,
    /// How often POP3 is polled (100ms-24h).
    #[arg(long, value_name = "DUR", value_parser = parse_interval, default_value = "60s")]
    pub interval: Duration,
    /// Exit after N new messages (1-1000000).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub count: Option<u64>,
    /// The largest message given to --exec (1MiB-4GiB).
    #[arg(long, value_name = "SIZE", value_parser = parse_max_message, default_value = "64MiB")]
    pub max_message: u64,
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
    /// delivery). Config: [mail] port.
    #[arg(long, value_name = "N", env = "NT_SMTP_PORT")]
    pub port: Option<u16>,
    /// TLS mode (default: starttls, or tls on port 465). Config: [mail] tls.
    #[arg(long, value_enum, value_name = "MODE", env = "NT_SMTP_TLS")]
    pub tls: Option<MailTls>,
    /// Login name for AUTH (config: [mail] user); the password comes from NT_SMTP_PASSWORD,
    /// ~/.netrc, password_command or a prompt.
    #[arg(long, value_name = "NAME", env = "NT_SMTP_USER")]
    pub user: Option<String>,
    /// --insecure also allows AUTH in clear text with --tls off.
    #[command(flatten)]
    pub verify: VerifyArgs,
    /// Retry connecting up to N times, with backoff.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub retries: u32,
    /// Give up on a connect, a TLS handshake or any reply after this long.
    #[arg(long, value_name = "DUR", value_parser = parse_timeout, default_value = timeout::MAIL)]
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
    /// Address to listen on (`:port` is every interface), as --listen.
    #[arg(value_name = "ADDR", value_parser = parse_listen, requires = "dir", conflicts_with = "listen")]
    pub addr: Option<Addr>,
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
    #[arg(long, value_name = "DUR", value_parser = parse_timeout, default_value = timeout::MAIL_CATCH)]
    pub timeout: Duration,
    /// A client that has not said EHLO or HELO (POP3: logged in) this long after it
    /// connected is closed (100ms-1h; long enough to type at telnet).
    #[arg(long, value_name = "DUR", default_value = "20s", value_parser = parse_login_timeout)]
    pub login_timeout: Duration,
    /// Clients served at once (--pop3 has as many of its own); one more is told 421
    /// (POP3: -ERR [SYS/TEMP]) and closed.
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_clients: u32,
    /// Connections from one address (an IPv6 /64 counts as one) that have not yet given a
    /// recipient (POP3: logged in), 1-10000; one more is told 421 (POP3: -ERR) and closed.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_pending: u32,
    /// Recipients accepted per message (RFC 5321 asks for at least 100).
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_recipients: u32,
    /// Also serve the caught messages over POP3 on ADDR (needs DIR and --user; STLS when
    /// TLS is on, and then the password only after STLS).
    #[arg(long, value_name = "ADDR", value_parser = parse_listen, requires_all = ["dir", "user"])]
    pub pop3: Option<Addr>,
    /// The POP3 login; its password comes from NT_POP3_PASSWORD, else a prompt.
    #[arg(long, value_name = "NAME", requires = "pop3")]
    pub user: Option<String>,
    /// Also serve a web page and a mailpit-compatible JSON API (/api/v1/...) over DIR on
    /// ADDR (default 127.0.0.1:8025; needs DIR, given before --web). Live updates, search,
    /// delete; HTML mail in a sandboxed frame that loads nothing remote unless asked.
    #[arg(long, value_name = "ADDR", value_parser = parse_listen, num_args = 0..=1,
        default_missing_value = "127.0.0.1:8025", requires = "dir")]
    pub web: Option<Addr>,
    /// The login --web asks for (HTTP Basic; needed for a non-loopback --web address);
    /// its password comes from NT_WEB_PASSWORD, else a prompt.
    #[arg(long, value_name = "NAME", requires = "web")]
    pub web_user: Option<String>,
    /// Allow --web-user over plain HTTP (the password then travels in clear text).
    #[arg(long, requires = "web_user")]
    pub web_insecure: bool,
    /// Serve --web over HTTPS with this certificate chain (PEM); without it, --web uses
    /// HTTPS when the catcher has --cert/--key or --self-signed.
    #[arg(long, value_name = "FILE", requires_all = ["web", "web_key"])]
    pub web_cert: Option<PathBuf>,
    /// The private key (PEM) of --web-cert.
    #[arg(long, value_name = "FILE", requires = "web_cert")]
    pub web_key: Option<PathBuf>,
}
