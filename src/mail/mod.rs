//! nt mail, in three jobs: [`send`] builds a message and sends it over SMTP; [`catch`] is
//! a local SMTP server that keeps what it gets in a Maildir (with a POP3 server and a web
//! page over that Maildir); [`receive`] reads mail over IMAP and POP3 (`folders`, `list`,
//! `get`, `watch`).
//!
//! The pieces two jobs share sit here and import none of the jobs: [`dotstuff`] (SMTP's
//! and POP3's dot-stuffing), [`maildir`] (Maildir names and delivery), [`pop3`] (the POP3
//! words and line reading of both the client and the server) and [`host`] (nt's host name).
//! The jobs do not import each other, except the catcher's web page, which reads messages
//! with the receiving side's MIME reader.

pub mod catch;
pub mod dotstuff;
pub mod host;
pub mod maildir;
pub mod pop3;
pub mod receive;
pub mod send;

use std::process::ExitCode;

use crate::cli::{MailArgs, MailCommand};
use crate::config::Config;
use crate::output::Output;

pub fn run(args: MailArgs, config: &Config, out: &Output) -> anyhow::Result<ExitCode> {
    match args.command {
        MailCommand::Send(args) => send::run(*args, config.mail(), out),
        MailCommand::Catch(args) => catch::run(*args, out),
        MailCommand::Folders(args) => receive::list::folders(*args, config.mail(), out),
        MailCommand::List(args) => receive::list::list(*args, config.mail(), out),
        MailCommand::Get(args) => receive::get::run(*args, config.mail(), out),
        MailCommand::Watch(args) => receive::watch::run(*args, config.mail(), out),
    }
}
