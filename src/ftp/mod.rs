//! nt ftp: files on an FTP or FTPS server.
//!
//! This file checks the local side, picks the server and the credentials, opens one control
//! connection and runs one operation on it. `target` parses URLs, `control` connects, logs in and
//! speaks the dialogue, `data` opens data connections and reads bounded listings, `listing` parses
//! them, `transfer` moves bytes (`.part` files, resume, `--limit-rate`, Ctrl-C), `local` says where
//! a download lands (stdout, in place), `tree` and `many` do the recursive and pattern forms,
//! `mirror` syncs trees, `batch` lets one failure not stop the rest. Nothing here prints a password
//! or calls `process::exit`.

mod batch;
mod control;
mod data;
pub mod listing;
mod local;
mod many;
mod mirror;
mod pace;
mod serve;
pub mod target;
mod transfer;
mod tree;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use serde::Serialize;

use self::control::{Control, Plan};
use self::pace::Limiter;
use self::target::{Located, basename, is_pattern, is_url, locate};
use self::transfer::{GetOpts, get_file, with_retries};
use self::tree::Job;
use crate::cli::{FtpArgs, FtpCommand, FtpConnArgs, FtpLimits};
use crate::config::FtpTls;
use crate::config::{Config, FtpSection};
use crate::error::{Kind, Tag, fail, kind_of};
use crate::net::{Dialer, retry};
use crate::output::{Output, sanitize};
use crate::secret::{Lookup, Secret, netrc_login};

/// Run one `nt ftp` command.
pub fn run(args: FtpArgs, config: &Config, out: &Output) -> anyhow::Result<ExitCode> {
    let args = match args.command {
        FtpCommand::Serve(serve_args) => return serve::run(serve_args, &args.conn, out),
        command => FtpArgs { command, conn: args.conn, limits: args.limits },
    };
    check_local(&args.command)?;
    let remote_args = remote_args(&args.command);
    let section = config.ftp();
    let located = locate(&remote_args, args.conn.host.as_deref(), section.url.as_deref())
        .map_err(|e| fail(Kind::Usage, e))
        .hint("name the server with a URL (ftp://host/path), --host, NT_FTP_URL or `url` in [ftp] of the config")?;
    if let FtpCommand::Get { recursive: false, .. } = args.command {
        let remote = located.paths.first().map(String::as_str).unwrap_or("");
        match basename(remote) {
            Some(name) if target::safe_local_name(name) || is_pattern(name) => {}
            _ => {
                let why = format!("'{}' names no file to download", sanitize(remote));
                return Err(fail(Kind::Usage, why));
            }
        }
    }
    let plan = plan(&args.conn, &args.limits, section, &located, out)?;
    let mut c = open(&plan, args.conn.retries, out)?;
    let result = dispatch(&mut c, args.command, &located.paths, args.conn.retries, out);
    if result.is_ok() {
        c.quit();
    } else {
        c.cut();
    }
    result.map(|()| ExitCode::SUCCESS)
}

/// The arguments that name remote things (and may be URLs), in order.
fn remote_args(command: &FtpCommand) -> Vec<&str> {
    match command {
        FtpCommand::Ls { path, .. } => path.iter().map(String::as_str).collect(),
        FtpCommand::Get { remote, .. } | FtpCommand::Cat { remote } => vec![remote.as_str()],
        FtpCommand::Put { paths, .. } if paths.len() >= 2 => {
            paths.last().and_then(|p| p.to_str()).into_iter().collect()
        }
        FtpCommand::Put { .. } | FtpCommand::Pwd => Vec::new(),
        FtpCommand::Rm { paths } => paths.iter().map(String::as_str).collect(),
        FtpCommand::Mv { from, to } => vec![from.as_str(), to.as_str()],
        FtpCommand::Mkdir { path, .. } | FtpCommand::Rmdir { path } => vec![path.as_str()],
        FtpCommand::Mirror { source, reverse: false, .. } => vec![source.as_str()],
        FtpCommand::Mirror { target, .. } => target.iter().map(String::as_str).collect(),
        FtpCommand::Serve(_) => Vec::new(),
    }
}

/// Local files are checked before any connection: a missing upload is exit 3 at once.
fn check_local(command: &FtpCommand) -> anyhow::Result<()> {
    match command {
        FtpCommand::Put { paths, recursive } => many::check_put(paths, *recursive),
        FtpCommand::Get { local: Some(local), recursive, resume, .. } => {
            if local::is_stdout(local) {
                return match (recursive, resume) {
                    (true, _) => Err(fail(Kind::Usage, "get -r cannot write to stdout")),
                    (_, true) => Err(fail(Kind::Usage, "--continue cannot resume stdout")),
                    _ => Ok(()),
                };
            }
            if is_url(&local.to_string_lossy()) {
                return Err(fail(
                    Kind::Usage,
                    format!("LOCAL '{}' is a URL: give a local file or directory", local.display()),
                ))
                .hint("one command downloads from one URL; run it once per URL");
            }
            if *recursive {
                return Ok(());
            }
            let as_dir = local.to_string_lossy().ends_with('/');
            let parent =
                if as_dir || local.is_dir() { Some(local.as_path()) } else { local.parent() };
            tree::existing_dir(parent.unwrap_or(Path::new("")))
        }
        FtpCommand::Mirror { source, target, reverse, .. } => {
            mirror::check_local(source, target.as_deref(), *reverse)
        }
        _ => Ok(()),
    }
}

/// Credentials and connection settings. User: URL > --user/NT_FTP_USER > netrc > config >
/// anonymous. Password: NT_FTP_PASSWORD > netrc > password_command > prompt on a TTY.
fn plan(
    conn: &FtpConnArgs,
    limits: &FtpLimits,
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
    if user.chars().any(char::is_control) {
        return Err(fail(
            Kind::Usage,
            "the FTP user name must not contain control characters (CR, LF...)",
        ));
    }
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
    if password.expose().contains(['\r', '\n']) {
        return Err(fail(
            Kind::Usage,
            "the FTP password contains a line break (CR or LF): FTP cannot send it",
        ));
    }
    if conn.active && conn.proxy.proxy.is_some() {
        return Err(fail(
            Kind::Usage,
            "--active cannot work through --proxy (the server would have to reach this host)",
        ));
    }
    let tls = conn.tls.or(section.tls).unwrap_or(FtpTls::Auto);
    let policy = conn.verify.policy(section.insecure.unwrap_or(false), section.pin.as_deref())?;
    let limiter = limits.limit_rate.map(|r| Arc::new(Limiter::new(r.0)));
    Ok(Plan {
        server,
        user,
        password,
        no_password,
        anonymous,
        tls,
        policy,
        active: conn.active,
        timeout: conn.timeout,
        dialer: Dialer::new(Some(conn.timeout)).via(&conn.proxy),
        max_entries: limits.max_entries as usize,
        limiter,
    })
}

/// Connect and log in, retrying network failures when `--retries` asks for it.
fn open(plan: &Plan, retries: u32, out: &Output) -> anyhow::Result<Control> {
    let network = |e: &anyhow::Error| kind_of(e) == Kind::Network;
    retry(retries, std::time::Duration::from_secs(1), out, network, || Control::open(plan, out))
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
    c: &mut Control,
    command: FtpCommand,
    paths: &[String],
    retries: u32,
    out: &Output,
) -> anyhow::Result<()> {
    let first = paths.first().map(String::as_str).unwrap_or("");
    let done = |op| if out.is_json() { out.json(&Done { op, paths }) } else { Ok(()) };
    match command {
        FtpCommand::Ls { path, long } => ls(c, path.as_ref().map(|_| first), long, out),
        FtpCommand::Get { local, recursive, resume, .. } => {
            get(c, first, local, recursive, resume, retries, out)
        }
        FtpCommand::Put { paths: locals, recursive } => {
            many::put(c, locals, paths.first().map(String::as_str), recursive, retries, out)
        }
        FtpCommand::Mirror { source, target, reverse, delete, parallel } => {
            let opts = mirror::Opts { reverse, delete, parallel: parallel.into(), retries };
            mirror::run(
                c,
                &source,
                target.as_deref(),
                paths.first().map(String::as_str),
                &opts,
                out,
            )
        }
        FtpCommand::Cat { .. } => transfer::cat(c, first, out).map(drop),
        FtpCommand::Rm { .. } => {
            for path in paths {
                c.expect(&format!("DELE {path}"), &format!("cannot delete {path}"), Kind::Refused)?;
            }
            done("rm")
        }
        FtpCommand::Mv { .. } => {
            let to = paths.get(1).map(String::as_str).unwrap_or("");
            let what = format!("cannot rename {first} to {to}");
            c.expect(&format!("RNFR {first}"), &what, Kind::Refused)?;
            c.expect(&format!("RNTO {to}"), &what, Kind::Refused)?;
            done("mv")
        }
        FtpCommand::Mkdir { parents, .. } => {
            if parents {
                tree::mkdir_p(c, first)?;
            } else {
                let what = format!("cannot create directory {first}");
                c.expect(&format!("MKD {first}"), &what, Kind::Refused)?;
            }
            done("mkdir")
        }
        FtpCommand::Rmdir { .. } => {
            let what = format!("cannot remove directory {first}");
            c.expect(&format!("RMD {first}"), &what, Kind::Refused)?;
            done("rmdir")
        }
        FtpCommand::Serve(_) => Err(fail(Kind::Usage, "serve is not a client command")),
        FtpCommand::Pwd => {
            let cwd = c.pwd()?;
            if out.is_json() { out.json(&Cwd { cwd: &cwd }) } else { out.line(&sanitize(&cwd)) }
        }
    }
}

fn ls(c: &mut Control, path: Option<&str>, long: bool, out: &Output) -> anyhow::Result<()> {
    let path = path.filter(|p| !p.is_empty());
    if !(long || out.is_json() || c.has("MLSD") || c.has("MLST")) {
        for name in c.nlst(path)? {
            out.line(&sanitize(&name))?;
        }
        return Ok(());
    }
    let entries = c.list(path)?;
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
    c: &mut Control,
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
        let resume_with = Some(c.plan.resume_command(remote, &local, true));
        let job = Job { resume, retries, out, resume_with };
        let (tree, batch) = tree::get_tree(c, remote, &local, &job)?;
        return tree::conclude(&tree, &batch, "get -r", out);
    }
    // Checked in `run` before connecting.
    let name = name.unwrap_or(remote);
    if is_pattern(name) {
        return many::get(c, remote, local.as_deref(), resume, retries, out);
    }
    if local.as_deref().is_some_and(local::is_stdout) {
        return to_stdout(c, remote, out);
    }
    let local = match local {
        Some(l) if l.is_dir() => l.join(name),
        Some(l) => l,
        None => PathBuf::from(name),
    };
    let opts = GetOpts {
        resume,
        resume_with: Some(c.plan.resume_command(remote, &local, false)),
        ..GetOpts::default()
    };
    let t = with_retries(c, retries, out, |c, again| {
        let opts = GetOpts { resume: opts.resume || again, ..opts.clone() };
        get_file(c, remote, &local, &opts, out)
    })?;
    if out.is_json() {
        return out.json(&t);
    }
    t.say(out);
    Ok(())
}

/// `get REMOTE -`: the file to stdout (as `cat`), the summary on stderr.
fn to_stdout(c: &mut Control, remote: &str, out: &Output) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let moved = transfer::cat(c, remote, out)?;
    if !out.is_json() {
        transfer::Transfer::new("get", remote, Path::new("-"), moved, started.elapsed()).say(out);
    }
    Ok(())
}
