//! Passwords: where they come from and how they are kept out of sight.
//!
//! Order: an environment variable (`NT_FTP_PASSWORD`, `NT_SMTP_PASSWORD`), then `~/.netrc` (or
//! `$NETRC`; on Windows `%USERPROFILE%\_netrc`), then the config's `password_command`, then a
//! prompt without echo when a terminal is attached. A [`Secret`] has no `Display` and its `Debug`
//! prints `***`; the only way to the text is [`Secret::expose`]. Never on the command line, never
//! printed.

use std::fmt;
use std::path::PathBuf;
use std::process::Stdio;

use anyhow::Context;

use crate::error::{Kind, Tag, fail};

/// A password. Debug prints `***`; there is no Display.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(text.into())
    }

    /// The password itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The password of the one login an nt server accepts (`nt ftp serve --user`, `nt mail
/// catch --pop3 --user`): the environment variable `var`, else a prompt when `can_prompt`
/// (stdin and stderr are terminals), else a usage error. Never empty.
pub fn server_password(var: &str, user: &str, can_prompt: bool) -> anyhow::Result<Secret> {
    let password = match std::env::var(var).ok().filter(|p| !p.is_empty()) {
        Some(password) => password,
        None if can_prompt => {
            rpassword::prompt_password(format!("password for {user} (clients log in with it): "))
                .context("cannot read the password from the terminal")
                .kind(Kind::Interrupted)?
        }
        None => {
            return Err(fail(Kind::Usage, format!("--user {user} needs a password")))
                .hint(format!("set {var}, or start the server on a terminal to be asked"));
        }
    };
    if password.is_empty() {
        return Err(fail(Kind::Usage, "the password must not be empty"));
    }
    Ok(Secret::new(password))
}

/// One `machine` (or `default`) entry of a netrc file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetrcEntry {
    /// `None` for the `default` entry.
    pub machine: Option<String>,
    pub login: Option<String>,
    pub password: Option<Secret>,
}

/// Parse netrc text. `macdef` bodies (up to an empty line) are skipped; unknown tokens
/// are ignored, as ftp(1) and curl do.
pub fn parse_netrc(text: &str) -> Vec<NetrcEntry> {
    let mut entries = Vec::new();
    let mut current: Option<NetrcEntry> = None;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let mut tokens = line.split_whitespace();
        while let Some(token) = tokens.next() {
            match token {
                "machine" | "default" => {
                    entries.extend(current.take());
                    let machine =
                        if token == "machine" { tokens.next().map(str::to_string) } else { None };
                    current = Some(NetrcEntry { machine, login: None, password: None });
                }
                "login" => {
                    if let (Some(entry), Some(v)) = (current.as_mut(), tokens.next()) {
                        entry.login = Some(v.to_string());
                    }
                }
                "password" => {
                    if let (Some(entry), Some(v)) = (current.as_mut(), tokens.next()) {
                        entry.password = Some(Secret::new(v));
                    }
                }
                "account" => {
                    tokens.next();
                }
                "macdef" => {
                    for body in lines.by_ref() {
                        if body.trim().is_empty() {
                            break;
                        }
                    }
                    break;
                }
                _ if token.starts_with('#') => break,
                _ => {}
            }
        }
    }
    entries.extend(current);
    entries
}

/// The netrc entry for `host` (and `user`, when given), else the `default` entry.
pub fn netrc_lookup(entries: &[NetrcEntry], host: &str, user: Option<&str>) -> Option<NetrcEntry> {
    let user_ok = |e: &&NetrcEntry| user.is_none() || e.login.as_deref() == user;
    entries
        .iter()
        .filter(|e| e.machine.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(host)))
        .find(user_ok)
        .or_else(|| entries.iter().filter(|e| e.machine.is_none()).find(user_ok))
        .cloned()
}

/// `$NETRC`, else `~/.netrc`; on Windows `%USERPROFILE%\_netrc` (where curl reads it),
/// else `%USERPROFILE%\.netrc`.
fn netrc_path() -> Option<PathBuf> {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(p) = var("NETRC") {
        return Some(PathBuf::from(p));
    }
    if cfg!(windows) {
        let home = PathBuf::from(var("USERPROFILE")?);
        let underscore = home.join("_netrc");
        return Some(if underscore.exists() { underscore } else { home.join(".netrc") });
    }
    var("HOME").map(|h| PathBuf::from(h).join(".netrc"))
}

/// The netrc entry for a host from `$NETRC` or `~/.netrc` (`%USERPROFILE%\_netrc` on
/// Windows); a missing file is no entry.
pub fn netrc_for(host: &str, user: Option<&str>) -> Option<NetrcEntry> {
    let text = std::fs::read_to_string(netrc_path()?).ok()?;
    netrc_lookup(&parse_netrc(&text), host, user)
}

/// Run a `password_command` with the system shell (`sh -c`, on Windows `cmd /C`); its
/// first output line is the password.
pub fn run_password_command(cmd: &str) -> anyhow::Result<Secret> {
    let output = crate::shell::command(cmd)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .context("cannot run password_command")
        .kind(Kind::Usage)?;
    if !output.status.success() {
        return Err(fail(Kind::Usage, format!("password_command failed ({})", output.status)));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|_| fail(Kind::Usage, "password_command printed invalid UTF-8"))?;
    let first = text.lines().next().unwrap_or("");
    Ok(Secret::new(first))
}

/// Where to look for one service's password.
pub struct Lookup<'a> {
    /// `NT_FTP_PASSWORD` or `NT_SMTP_PASSWORD`.
    pub env_var: &'a str,
    /// Host name for `~/.netrc`.
    pub host: &'a str,
    /// The login, if known (netrc entries are matched on it).
    pub user: Option<&'a str>,
    pub password_command: Option<&'a str>,
    /// Whether a prompt may be shown (a terminal is attached and JSON is off).
    pub may_prompt: bool,
}

/// A found password and, from netrc, the login that goes with it.
#[derive(Debug)]
pub struct Found {
    pub login: Option<String>,
    pub password: Secret,
}

impl Lookup<'_> {
    /// Find the password: env, netrc, password_command, prompt. `None` when there is none.
    pub fn find(&self) -> anyhow::Result<Option<Found>> {
        if let Some(p) = std::env::var(self.env_var).ok().filter(|p| !p.is_empty()) {
            return Ok(Some(Found { login: None, password: Secret::new(p) }));
        }
        if let Some(entry) = netrc_for(self.host, self.user)
            && let Some(password) = entry.password
        {
            return Ok(Some(Found { login: entry.login, password }));
        }
        if let Some(cmd) = self.password_command {
            return Ok(Some(Found { login: None, password: run_password_command(cmd)? }));
        }
        if self.may_prompt {
            let who = self.user.map(|u| format!("{u}@")).unwrap_or_default();
            let password = rpassword::prompt_password(format!("password for {who}{}: ", self.host))
                .context("cannot read the password from the terminal")
                .kind(Kind::Interrupted)?;
            return Ok(Some(Found { login: None, password: Secret::new(password) }));
        }
        Ok(None)
    }
}

/// The netrc login for a host, when no user was named anywhere else.
pub fn netrc_login(host: &str) -> Option<String> {
    netrc_for(host, None).and_then(|e| e.login)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn secret_is_never_shown() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some(***)");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn netrc_machines_default_and_macdef() {
        let text = "machine ftp.example.org login alice password s3cret\n\
                    macdef init\ncd /pub\n\n\
                    machine other login bob\n  password pw2 # comment\n\
                    default login anonymous password guest@\n";
        let entries = parse_netrc(text);
        assert_eq!(entries.len(), 3);
        let e = netrc_lookup(&entries, "FTP.example.org", None).unwrap();
        assert_eq!(e.login.as_deref(), Some("alice"));
        assert_eq!(e.password.unwrap().expose(), "s3cret");
        assert_eq!(
            netrc_lookup(&entries, "other", Some("bob")).unwrap().password.unwrap().expose(),
            "pw2"
        );
        let d = netrc_lookup(&entries, "unknown", None).unwrap();
        assert_eq!(d.login.as_deref(), Some("anonymous"));
        assert!(netrc_lookup(&entries, "other", Some("carol")).is_none());
    }

    #[test]
    fn password_command_first_line() {
        let two_lines = if cfg!(windows) { "echo pw& echo rest" } else { "printf 'pw\\nrest'" };
        assert_eq!(run_password_command(two_lines).unwrap().expose(), "pw");
        assert!(run_password_command("exit 3").is_err());
    }

    proptest! {
        #[test]
        fn netrc_parser_never_panics(text in "\\PC{0,200}") {
            let entries = parse_netrc(&text);
            let _ = netrc_lookup(&entries, "h", Some("u"));
        }

        #[test]
        fn netrc_round_trip(host in "[a-z][a-z0-9.-]{0,20}", login in "[a-zA-Z0-9_]{1,12}",
                            pw in "[!-~]{1,16}") {
            let keywords = ["machine", "default", "login", "password", "account", "macdef"];
            prop_assume!(!pw.starts_with('#') && !keywords.contains(&pw.as_str()));
            prop_assume!(!keywords.contains(&host.as_str()) && !keywords.contains(&login.as_str()));
            let text = format!("machine {host}\n login {login} password {pw}\n");
            let e = netrc_lookup(&parse_netrc(&text), &host, None).unwrap();
            prop_assert_eq!(e.login.as_deref(), Some(login.as_str()));
            let password = e.password.unwrap();
            prop_assert_eq!(password.expose(), pw.as_str());
        }
    }
}
