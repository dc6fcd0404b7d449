//! The command line of nt ftp: where the server is, and the file commands.
//!
//! Part of the one clap tree (see `cli.rs`): doc comments are the help text, values are
//! parsed with the typed parsers of `addr.rs`. Nothing here does I/O.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::timeout::{self, parse_timeout};
use crate::addr::{
    Addr, ByteRate, parse_byte_rate, parse_duration, parse_listen, parse_port_range, parse_size,
};
use crate::config::FtpTls;
use crate::net::ProxyArgs;
use crate::tls::{CertArgs, VerifyArgs};

#[derive(Debug, Args)]
pub struct FtpArgs {
    #[command(flatten)]
    pub conn: FtpConnArgs,
    #[command(flatten)]
    pub limits: FtpLimits,
    #[command(subcommand)]
    pub command: FtpCommand,
}

/// Bounds on what one transfer or listing may take.
#[derive(Debug, Clone, Args)]
pub struct FtpLimits {
    /// Limit the transfer rate (all files and connections together), e.g. 500KiB/s, 2MB/s.
    #[arg(long, global = true, value_name = "RATE", value_parser = parse_byte_rate)]
    pub limit_rate: Option<ByteRate>,
    /// Refuse a directory listing with more than N entries (1 to 100000000).
    #[arg(long, global = true, value_name = "N", default_value_t = 200_000,
          value_parser = clap::value_parser!(u32).range(1..=100_000_000))]
    pub max_entries: u32,
}

/// Where the FTP server is and how to talk to it.
#[derive(Debug, Clone, Args)]
#[command(mut_arg("proxy", |a| a.global(true)))]
pub struct FtpConnArgs {
    /// Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS). Config: [ftp] url.
    #[arg(long, global = true, value_name = "URL", env = "NT_FTP_URL")]
    pub host: Option<String>,
    /// User name (default: from the URL, ~/.netrc, the config's [ftp] user, else anonymous).
    #[arg(long, global = true, value_name = "NAME", env = "NT_FTP_USER")]
    pub user: Option<String>,
    /// Explicit TLS (AUTH TLS): auto uses it where offered; bare --tls means required.
    /// `serve`: offer FTPS (required before login; `auto` leaves it optional).
    #[arg(long, global = true, value_enum, value_name = "MODE", num_args = 0..=1, default_missing_value = "required")]
    pub tls: Option<FtpTls>,
    #[command(flatten)]
    pub verify: VerifyArgs,
    #[command(flatten)]
    pub proxy: ProxyArgs,
    /// Active mode (PORT/EPRT) instead of passive.
    #[arg(long, global = true)]
    pub active: bool,
    /// Retry a failed connect or transfer up to N times (transfers resume).
    #[arg(long, global = true, value_name = "N", default_value_t = 0)]
    pub retries: u32,
    /// Give up when connecting or when the server is silent for DUR (1ms-24h).
    #[arg(long, global = true, value_name = "DUR", value_parser = parse_timeout, default_value = timeout::FTP)]
    pub timeout: Duration,
}

#[derive(Debug, Subcommand)]
pub enum FtpCommand {
    /// List a directory (`-l` for details, from MLSD where offered).
    #[command(
        after_long_help = super::help::FTP_LS
    )]
    Ls {
        /// Remote directory or URL.
        #[arg(value_name = "PATH")]
        path: Option<String>,
        /// Long listing: type, size, modification time.
        #[arg(short = 'l')]
        long: bool,
    },
    /// Download a file, the files matching a pattern, or a tree with -r, each into
    /// NAME.part, renamed when complete.
    #[command(
        after_long_help = super::help::FTP_GET
    )]
    Get {
        /// Remote file or URL; a pattern (*, ?, [abc]) in the last component downloads every
        /// file that matches.
        #[arg(value_name = "REMOTE")]
        remote: String,
        /// Local file or directory (a directory for a pattern or -r; default: here; - is
        /// stdout).
        ///
        /// A device or FIFO (or a symlink to one) is written in place, without LOCAL.part.
        #[arg(value_name = "LOCAL")]
        local: Option<PathBuf>,
        /// Recursive.
        #[arg(short = 'r', long)]
        recursive: bool,
        /// Resume a partial download (LOCAL.part, else LOCAL itself) with REST.
        #[arg(short = 'c', long = "continue")]
        resume: bool,
    },
    /// Upload files (or a tree with -r); each is checked with SIZE where the server has it.
    ///
    /// With one LOCAL, REMOTE is its name on the server (a trailing / means a directory).
    /// With several, the last argument is the remote directory (created when missing).
    /// A quoted pattern (*, ?, [abc]) in the last component of LOCAL is expanded here.
    #[command(
        override_usage = "nt ftp put [OPTIONS] LOCAL... [REMOTE]",
        after_long_help = super::help::FTP_PUT
    )]
    Put {
        /// Local files, then the remote name or directory.
        #[arg(value_name = "PATH", required = true, num_args = 1..)]
        paths: Vec<PathBuf>,
        /// Recursive.
        #[arg(short = 'r', long)]
        recursive: bool,
    },
    /// Make a local directory a copy of a remote one (or, with --reverse, the other way):
    /// only new or changed files move.
    ///
    /// A file is copied when the target lacks it, its size differs, or its modification
    /// time differs; downloaded files get the server's time. --delete also removes what
    /// the source no longer has.
    #[command(
        after_long_help = super::help::FTP_MIRROR
    )]
    Mirror {
        /// The source: REMOTE (LOCAL with --reverse).
        #[arg(value_name = "SOURCE")]
        source: String,
        /// The target: LOCAL (REMOTE with --reverse); default: the source's name, here.
        #[arg(value_name = "TARGET")]
        target: Option<String>,
        /// Upload: the source is local, the target remote.
        #[arg(short = 'R', long)]
        reverse: bool,
        /// Remove files and directories the source no longer has.
        #[arg(long)]
        delete: bool,
        /// Transfer over N connections at once (1 to 16).
        #[arg(short = 'P', long, value_name = "N", default_value_t = 1,
              value_parser = clap::value_parser!(u8).range(1..=16))]
        parallel: u8,
    },
    /// Print a remote file on stdout.
    #[command(after_long_help = super::help::FTP_CAT)]
    Cat {
        /// Remote file or URL.
        #[arg(value_name = "REMOTE")]
        remote: String,
    },
    /// Delete remote files.
    #[command(after_long_help = super::help::FTP_RM)]
    Rm {
        /// Remote files or URLs.
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<String>,
    },
    /// Rename a remote file.
    #[command(after_long_help = super::help::FTP_MV)]
    Mv {
        /// The remote file's name now.
        #[arg(value_name = "FROM")]
        from: String,
        /// Its new name.
        #[arg(value_name = "TO")]
        to: String,
    },
    /// Create a remote directory (`-p` creates parents, no error if it exists).
    #[command(after_long_help = super::help::FTP_MKDIR)]
    Mkdir {
        /// Remote directory to create.
        #[arg(value_name = "PATH")]
        path: String,
        /// Create parents as needed.
        #[arg(short = 'p', long)]
        parents: bool,
    },
    /// Remove an empty remote directory.
    #[command(after_long_help = super::help::FTP_RMDIR)]
    Rmdir {
        /// Remote directory to remove.
        #[arg(value_name = "PATH")]
        path: String,
    },
    /// Print the remote working directory.
    #[command(after_long_help = super::help::FTP_PWD)]
    Pwd,
    /// Serve DIR over FTP/FTPS: anonymous and read-only unless told otherwise.
    ///
    /// Every path stays inside DIR (no `..`, no absolute path, no symlink leads out). With
    /// --user NAME only NAME logs in, with the password from NT_FTP_PASSWORD or a prompt.
    /// One log line per command on stderr (JSON with --json); -vv shows the dialogue.
    /// --timeout bounds each client's TLS handshake. Client flags (--host, --pin,
    /// --insecure, --active, --retries) are refused. Put a bare --tls after DIR and ADDR
    /// (or write --tls=MODE): `--tls ./pub` would read ./pub as the mode.
    ///
    /// What one client may take: a session slot (--max-clients), a share of its address's
    /// connections not logged in (--max-pending), --login-timeout to log in, 3 failed logins
    /// per session (each 530 from one address waits longer: 1s, 2s, 4s... up to 30s), one
    /// passive port per session (8 per address) that its data connection must reach within
    /// 10s (else 425), and --max-upload per file.
    #[command(
        after_long_help = super::help::FTP_SERVE
    )]
    Serve(FtpServeArgs),
}

/// `nt ftp serve`: what to serve, where, and to whom.
#[derive(Debug, Args)]
pub struct FtpServeArgs {
    /// The directory to serve; nothing outside it can be reached.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Where to listen (`:port` is every interface).
    #[arg(value_name = "ADDR", value_parser = parse_listen, default_value = "127.0.0.1:2121")]
    pub addr: Addr,
    /// Allow uploads, deletes, renames and directories (STOR, APPE, DELE, RNFR/RNTO, MKD, RMD).
    #[arg(long)]
    pub write: bool,
    #[command(flatten)]
    pub certs: CertArgs,
    /// Ports for passive data connections.
    #[arg(long, value_name = "A-B", value_parser = parse_port_range, default_value = "49152-65535")]
    pub passive_ports: std::ops::RangeInclusive<u16>,
    /// Close a session that sends no command for DUR (1s to 24h).
    #[arg(long, value_name = "DUR", value_parser = parse_idle, default_value = "5m")]
    pub idle: Duration,
    /// At most N sessions at once; more are turned away with 421.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_clients: u32,
    /// Close a session that has not logged in within DUR (1s to 1h) with 421.
    #[arg(long, value_name = "DUR", value_parser = parse_login_timeout, default_value = "30s")]
    pub login_timeout: Duration,
    /// Sessions not yet logged in, per source address (1-10000); one more is told 421 and
    /// closed.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_pending: u32,
    /// The largest file an upload may leave (with --write); past it the upload is cut with
    /// 552 and its file removed. Anonymous --write lets anyone fill the disk up to this,
    /// file after file: give anonymous write only where that is fine.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "4GiB")]
    pub max_upload: u64,
}

/// `--login-timeout`: a duration from 1s to 1h.
fn parse_login_timeout(text: &str) -> Result<Duration, String> {
    let limit = parse_duration(text)?;
    if !(Duration::from_secs(1)..=Duration::from_secs(3600)).contains(&limit) {
        return Err(format!("invalid --login-timeout '{text}': must be between 1s and 1h"));
    }
    Ok(limit)
}

/// `--idle`: a duration from 1s to 24h.
fn parse_idle(text: &str) -> Result<Duration, String> {
    let idle = parse_duration(text)?;
    if !(Duration::from_secs(1)..=Duration::from_secs(86_400)).contains(&idle) {
        return Err(format!("invalid --idle '{text}': must be between 1s and 24h"));
    }
    Ok(idle)
}
