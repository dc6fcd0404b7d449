//! nt ftp: files on an FTP or FTPS server, on the suppaftp crate (rustls with ring).
//!
//! This file picks the server and the credentials, opens one session and runs one
//! operation on it. `target` parses URLs, `session` connects and logs in, `listing` parses
//! directory listings, `transfer` moves bytes (with `.part` files, resume, Ctrl-C), `tree`
//! does the recursive forms. Nothing here prints a password or calls `process::exit`.

mod listing;
mod serve;
mod session;
mod target;
mod transfer;
mod tree;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use self::session::{Plan, Session, ftp_error};
use self::target::{Located, basename, locate};
use self::transfer::with_retries;
use crate::cli::{FtpArgs, FtpCommand, FtpConnArgs};
use crate::config::{Config, FtpSection};
use crate::error::{Kind, Tag, fail, kind_of, retry};
use crate::output::{Output, sanitize};
use crate::secret::{Lookup, Secret, netrc_login};
use crate::tls::FtpTls;

/// Run one `nt ftp` command.
pub fn run(args: FtpArgs, config: &Config, out: &Output) -> anyhow::Result<ExitCode> {
    let args = match args.command {
        FtpCommand::Serve(serve_args) => return serve::run(serve_args, &args.conn, out),
        command => FtpArgs { command, conn: args.conn },
    };
    transfer::catch_ctrl_c();
    check_local(&args.command)?;
    let remote_args = remote_args(&args.command);
    let section = config.ftp();
    let located = locate(&remote_args, args.conn.host.as_deref(), section.url.as_deref())
        .map_err(|e| fail(Kind::Usage, e))
        .hint("name the server with a URL (ftp://host/path), --host, NT_FTP_URL or `url` in [ftp] of the config")?;
    if let FtpCommand::Get { recursive: false, .. } = args.command {
        let remote = located.paths.first().map(String::as_str).unwrap_or("");
        match basename(remote) {
            Some(name) if target::safe_local_name(name) => {}
            _ => {
                return Err(fail(
                    Kind::Usage,
                    format!("'{}' names no file to download", sanitize(remote)),
                ));
            }
        }
    }
    let plan = plan(&args.conn, section, &located, out)?;
    let mut session = open(&plan, args.conn.retries, out)?;
    if transfer::interrupted() {
        session.cut();
        return Err(transfer::interrupted_error("before the command ran"));
    }
    let result = dispatch(&mut session, args.command, &located.paths, args.conn.retries, out);
    if result.is_ok() {
        session.quit();
    } else {
        session.cut();
    }
    result.map(|()| ExitCode::SUCCESS)
}

/// The arguments that name remote things (and may be URLs), in order.
fn remote_args(command: &FtpCommand) -> Vec<&str> {
    match command {
        FtpCommand::Ls { path, .. } => path.iter().map(String::as_str).collect(),
        FtpCommand::Get { remote, .. } | FtpCommand::Cat { remote } => vec![remote.as_str()],
        FtpCommand::Put { remote, .. } => remote.iter().map(String::as_str).collect(),
        FtpCommand::Rm { paths } => paths.iter().map(String::as_str).collect(),
        FtpCommand::Mv { from, to } => vec![from.as_str(), to.as_str()],
        FtpCommand::Mkdir { path, .. } | FtpCommand::Rmdir { path } => vec![path.as_str()],
        FtpCommand::Pwd | FtpCommand::Serve(_) => Vec::new(),
    }
}

/// Local files are checked before any connection: a missing upload is exit 3 at once.
fn check_local(command: &FtpCommand) -> anyhow::Result<()> {
    match command {
        FtpCommand::Put { local, recursive, .. } => {
            let meta = std::fs::metadata(local).map_err(|e| {
                fail(Kind::LocalFile, format!("cannot read {}: {e}", local.display()))
            })?;
            if *recursive && !meta.is_dir() {
                return Err(fail(
                    Kind::Usage,
                    format!("{} is not a directory (put -r)", local.display()),
                ));
            }
            if !*recursive && meta.is_dir() {
                return Err(fail(Kind::LocalFile, format!("{} is a directory", local.display())))
                    .hint("use put -r for a directory");
            }
            Ok(())
        }
        FtpCommand::Get { local: Some(local), recursive: false, .. } => {
            let parent = if local.is_dir() { Some(local.as_path()) } else { local.parent() };
            match parent.filter(|p| !p.as_os_str().is_empty()) {
                Some(p) if !p.is_dir() => {
                    Err(fail(Kind::LocalFile, format!("no such directory: {}", p.display())))
                }
                _ => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// Credentials and connection settings. User: URL > --user/NT_FTP_USER > netrc > config >
/// anonymous. Password: NT_FTP_PASSWORD > netrc > password_command > prompt on a TTY.
fn plan(
    conn: &FtpConnArgs,
    section: &FtpSection,
    located: &Located,
    out: &Output,
) -> anyhow::Result<Plan> {
    let server = located.server.clone();
    let host = server.host();
    let (url_user, config_user) = if located.from_config {
        (None, server.user.clone().or_else(|| section.user.clone()))
    } else {
        (server.user.clone(), section.user.clone())
    };
    let user = url_user
        .or_else(|| conn.user.clone().filter(|u| !u.is_empty()))
        .or_else(|| netrc_login(&host))
        .or(config_user)
        .unwrap_or_else(|| "anonymous".to_string());
    let anonymous = user.eq_ignore_ascii_case("anonymous") || user.eq_ignore_ascii_case("ftp");
    let lookup = Lookup {
        env_var: "NT_FTP_PASSWORD",
        host: &host,
        user: Some(&user),
        password_command: section.password_command.as_deref(),
        may_prompt: !anonymous && out.stdin_tty() && out.stderr_tty() && !out.is_json(),
    };
    let found = lookup.find()?;
    let no_password = found.is_none() && !anonymous;
    let password = match found {
        Some(found) => found.password,
        None => Secret::new(if anonymous { "anonymous@" } else { "" }),
    };
    let tls = conn.tls.or(section.tls).unwrap_or(FtpTls::Auto);
    let policy = conn.verify.policy(section.insecure.unwrap_or(false), section.pin.as_deref())?;
    Ok(Plan {
        server,
        user,
        password,
        no_password,
        tls,
        policy,
        active: conn.active,
        timeout: conn.timeout,
    })
}

/// Connect and log in, retrying network failures when `--retries` asks for it.
fn open(plan: &Plan, retries: u32, out: &Output) -> anyhow::Result<Session> {
    let network = |e: &anyhow::Error| kind_of(e) == Kind::Network && !transfer::interrupted();
    retry(retries, std::time::Duration::from_secs(1), out, network, || Session::open(plan, out))
}

#[derive(Serialize)]
struct Done<'a> {
    op: &'static str,
    paths: &'a [String],
}

#[derive(Serialize)]
struct Cwd<'a> {
    cwd: &'a str,
}

fn dispatch(
    s: &mut Session,
    command: FtpCommand,
    paths: &[String],
    retries: u32,
    out: &Output,
) -> anyhow::Result<()> {
    let first = paths.first().map(String::as_str).unwrap_or("");
    let done = |op| if out.is_json() { out.json(&Done { op, paths }) } else { Ok(()) };
    match command {
        FtpCommand::Ls { path, long } => ls(s, path.as_ref().map(|_| first), long, out),
        FtpCommand::Get { local, recursive, resume, .. } => {
            get(s, first, local, recursive, resume, retries, out)
        }
        FtpCommand::Put { local, recursive, .. } => {
            put(s, &local, paths.first(), recursive, retries, out)
        }
        FtpCommand::Cat { .. } => transfer::cat(s, first, out).map(drop),
        FtpCommand::Rm { .. } => {
            for path in paths {
                s.ftp
                    .rm(path)
                    .map_err(|e| ftp_error(e, format!("cannot delete {path}"), Kind::Refused))?;
            }
            done("rm")
        }
        FtpCommand::Mv { .. } => {
            let to = paths.get(1).map(String::as_str).unwrap_or("");
            s.ftp.rename(first, to).map_err(|e| {
                ftp_error(e, format!("cannot rename {first} to {to}"), Kind::Refused)
            })?;
            done("mv")
        }
        FtpCommand::Mkdir { parents, .. } => {
            if parents {
                tree::mkdir_p(s, first)?;
            } else {
                s.ftp.mkdir(first).map_err(|e| {
                    ftp_error(e, format!("cannot create directory {first}"), Kind::Refused)
                })?;
            }
            done("mkdir")
        }
        FtpCommand::Rmdir { .. } => {
            s.ftp.rmdir(first).map_err(|e| {
                ftp_error(e, format!("cannot remove directory {first}"), Kind::Refused)
            })?;
            done("rmdir")
        }
        FtpCommand::Serve(_) => Err(fail(Kind::Usage, "serve is not a client command")),
        FtpCommand::Pwd => {
            let cwd = s
                .ftp
                .pwd()
                .map_err(|e| ftp_error(e, "cannot read the working directory", Kind::Refused))?;
            if out.is_json() { out.json(&Cwd { cwd: &cwd }) } else { out.line(&sanitize(&cwd)) }
        }
    }
}

fn ls(s: &mut Session, path: Option<&str>, long: bool, out: &Output) -> anyhow::Result<()> {
    let path = path.filter(|p| !p.is_empty());
    if !(long || out.is_json() || s.has("MLSD") || s.has("MLST")) {
        let what = format!("cannot list {}", path.unwrap_or("the working directory"));
        let mut names = s.ftp.nlst(path).map_err(|e| ftp_error(e, &what, Kind::Refused))?;
        names.sort();
        for name in names {
            out.line(&sanitize(&name))?;
        }
        return Ok(());
    }
    let entries = tree::list(s, path)?;
    if out.is_json() {
        return out.json(&entries);
    }
    for entry in &entries {
        let line =
            if long { listing::long_line(entry) } else { sanitize(&entry.name).into_owned() };
        out.line(&line)?;
    }
    Ok(())
}

fn get(
    s: &mut Session,
    remote: &str,
    local: Option<PathBuf>,
    recursive: bool,
    resume: bool,
    retries: u32,
    out: &Output,
) -> anyhow::Result<()> {
    let name = basename(remote);
    if recursive {
        let local = match (local, name) {
            (Some(l), _) => l,
            (None, Some(n)) => PathBuf::from(n),
            (None, None) => PathBuf::from("."),
        };
        let tree = tree::get_tree(s, remote, &local, resume, retries, out)?;
        return if out.is_json() { out.json(&tree) } else { Ok(()) };
    }
    // Checked in `run` before connecting.
    let name = name.unwrap_or(remote);
    let local = match local {
        Some(l) if l.is_dir() => l.join(name),
        Some(l) => l,
        None => PathBuf::from(name),
    };
    let t = with_retries(s, retries, out, |s, again| {
        transfer::get_file(s, remote, &local, resume || again, out)
    })?;
    if out.is_json() {
        return out.json(&t);
    }
    t.say(out);
    Ok(())
}

fn put(
    s: &mut Session,
    local: &Path,
    remote: Option<&String>,
    recursive: bool,
    retries: u32,
    out: &Output,
) -> anyhow::Result<()> {
    let local_name = local.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
        fail(Kind::Usage, format!("{} has no usable file name: give REMOTE", local.display()))
    })?;
    let remote = match remote.map(String::as_str) {
        None | Some("") => local_name.to_string(),
        Some(r) if r.ends_with('/') && !recursive => format!("{r}{local_name}"),
        Some(r) => r.to_string(),
    };
    if recursive {
        let tree = tree::put_tree(s, local, &remote, retries, out)?;
        return if out.is_json() { out.json(&tree) } else { Ok(()) };
    }
    let t = with_retries(s, retries, out, |s, again| {
        transfer::put_file(s, local, &remote, again, out)
    })?;
    if out.is_json() {
        return out.json(&t);
    }
    t.say(out);
    Ok(())
}
