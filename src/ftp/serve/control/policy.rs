//! The commands `nt ftp serve` answers itself, before libunftp sees them, so a reply
//! always matches the outcome and nothing is announced (`150`) that will then fail.
//!
//! - TLS: AUTH TLS (nt's handshake), CCC, PBSZ/PROT before AUTH TLS, what `--tls
//!   required` forbids, and PROT itself (libunftp never sees it: its side of every data
//!   connection stays plain, and nt takes the TLS of the client's side, see `data.rs`).
//! - Lines libunftp's parser would end the session over: not UTF-8, or with control
//!   characters (`STOR evil\rname`): `501`, and the session goes on. From a client that
//!   ends its lines with CRLF, a bare LF is inside a command (`STOR evil\nname`): `501`
//!   for the whole line up to its CRLF (a client that sends bare LFs only, typing into
//!   nc, is served line by line).
//! - Once logged in: a change without `--write` (`550`, RNFR included); RETR/STOR/APPE
//!   of a path outside DIR (`550`); a transfer command without a waiting passive port
//!   (`425`); `EPSV ALL` (`200`, then only EPSV); a PASV/EPSV during a transfer (`503`).
//!
//! Nothing here does I/O: it decides, the relay (`control.rs`) writes.

use std::path::Path;
use std::time::Instant;

use super::{Pending, Session, Step, is_parent, is_transfer};
use crate::ftp::serve::data::Use;
use crate::ftp::serve::jail::confine;
use crate::output::Dir;

/// Commands that change DIR (refused without `--write`).
fn changes(command: &str) -> bool {
    matches!(
        command,
        "STOR" | "STOU" | "APPE" | "DELE" | "RNFR" | "RNTO" | "MKD" | "XMKD" | "RMD" | "XRMD"
    )
}

impl Session<'_> {
    pub(super) fn on_command(&mut self, line: &[u8]) -> Step {
        let crlf = line.ends_with(b"\r\n");
        if self.skipping {
            self.skipping = !crlf;
            return Step::Skip;
        }
        // From a client that ends its commands with CRLF, a bare LF is a newline inside
        // one (`STOR evil\nname`): the whole line up to its CRLF is refused.
        let inner_lf = !crlf && self.crlf;
        self.crlf |= crlf;
        let utf8 = std::str::from_utf8(line).is_ok();
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']).trim_start();
        let control = text.contains(|c: char| c.is_control());
        let (verb, arg) = match text.split_once(' ') {
            Some((verb, arg)) => (verb, Some(arg)),
            None => (text, None),
        };
        let command = verb.to_ascii_uppercase();
        let secret = matches!(command.as_str(), "PASS" | "ACCT");
        let arg = arg.map(|a| if secret { "***".to_string() } else { a.to_string() });
        let shown = match &arg {
            Some(arg) => format!("{} {command} {arg}", self.peer),
            None => format!("{} {command}", self.peer),
        };
        self.rules.out.trace(Dir::Received, &shown);
        self.commands += 1;
        let pending =
            Pending { command, arg, started: Instant::now(), preliminary: false, failed: None };
        let step = match (utf8, control) {
            _ if inner_lf => {
                self.skipping = true;
                Step::Answer(501, "A line feed inside a command: commands end with CRLF")
            }
            (false, _) => Step::Answer(501, "A command must be UTF-8"),
            (_, true) => Step::Answer(501, "A command may not hold control characters"),
            _ => self.decide(&pending),
        };
        if pending.command == "USER" && matches!(step, Step::Forward) {
            self.user = pending.arg.clone();
        }
        match step {
            Step::Forward if pending.command == "CWD" && is_parent(pending.arg.as_deref()) => {
                // libunftp would keep "/a/.." as the working directory; CDUP gives "/".
                self.pending.push_back(pending);
                Step::Rewrite(b"CDUP\r\n")
            }
            Step::Forward | Step::Rewrite(_) | Step::Passive(_) => {
                self.pending.push_back(pending);
                step
            }
            Step::Answer(code, text) => {
                self.rules.out.trace(Dir::Sent, &format!("{} {code} {text}", self.peer));
                self.log(&pending, code, text, None);
                step
            }
            Step::StartTls => {
                self.log(&pending, 234, "AUTH TLS OK", None);
                step
            }
            Step::Skip => step,
        }
    }

    /// What to do with a well-formed command.
    fn decide(&mut self, p: &Pending) -> Step {
        if let Some(step) = self.tls_rules(p) {
            return step;
        }
        if !self.logged_in {
            return Step::Forward; // libunftp asks for a login (530)
        }
        let arg = p.arg.as_deref().unwrap_or("").trim();
        let command = p.command.as_str();
        match command {
            "EPSV" if arg.eq_ignore_ascii_case("ALL") => {
                self.epsv_all = true;
                Step::Answer(200, "EPSV ALL ok: only EPSV from now on")
            }
            "PASV" | "PORT" | "LPSV" | "LPRT" | "EPRT" if self.epsv_all => {
                Step::Answer(503, "Only EPSV after EPSV ALL")
            }
            "PASV" | "EPSV" if self.transfer_pending() => {
                Step::Answer(503, "A transfer is under way")
            }
            "PASV" | "EPSV" => Step::Passive(command == "EPSV"),
            _ if changes(command) && !self.rules.write => {
                Step::Answer(550, "Permission denied: this server is read-only")
            }
            "RETR" | "STOR" | "APPE" if !arg.is_empty() && self.outside(arg) => {
                Step::Answer(550, "Permission denied: outside the served directory")
            }
            _ if is_transfer(command) => {
                let how = match command {
                    _ if self.prot_private => Use::Private,
                    "RETR" | "STOR" | "APPE" | "STOU" => Use::Direct,
                    _ => Use::Forward,
                };
                if self.link.handoff.expect(how) {
                    Step::Forward
                } else {
                    Step::Answer(425, "No data connection: send PASV or EPSV first")
                }
            }
            _ => Step::Forward,
        }
    }

    /// Whether `arg`, from the working directory, leads out of DIR (libunftp joins the two
    /// the same way and the storage confines the result the same way).
    fn outside(&self, arg: &str) -> bool {
        confine(&self.cwd.join(Path::new(arg))).is_err()
    }

    /// AUTH TLS, CCC, PBSZ/PROT, and what `--tls required` forbids; `None` for the rest.
    fn tls_rules(&mut self, p: &Pending) -> Option<Step> {
        let tls = self.rules.tls.as_ref()?;
        let arg = p.arg.as_deref().unwrap_or("").trim().to_ascii_uppercase();
        let step = match p.command.as_str() {
            "AUTH" if matches!(arg.as_str(), "TLS" | "TLS-C" | "SSL" | "TLS-P") => {
                if self.tls_on {
                    Step::Answer(503, "TLS is already on")
                } else {
                    Step::StartTls
                }
            }
            "CCC" if self.tls_on => Step::Answer(534, "The control connection stays encrypted"),
            "PBSZ" | "PROT" if !self.tls_on => Step::Answer(503, "AUTH TLS first"),
            "PROT" => match arg.as_str() {
                "P" => {
                    self.prot_private = true;
                    Step::Answer(200, "PROT OK. Securing data channel")
                }
                "C" => {
                    self.prot_private = false;
                    Step::Answer(200, "PROT OK. Switching data channel to plaintext")
                }
                _ => Step::Answer(504, "PROT S/E not implemented"),
            },
            "USER" | "PASS" | "ACCT" if tls.required && !self.tls_on => {
                Step::Answer(534, "TLS is required: send AUTH TLS first")
            }
            "PASV" | "EPSV" | "PORT" | "EPRT" | "LPSV" | "LPRT"
                if tls.required && !self.prot_private =>
            {
                Step::Answer(521, "Data connections must be encrypted: send PBSZ 0 and PROT P")
            }
            _ => return None,
        };
        Some(step)
    }
}
