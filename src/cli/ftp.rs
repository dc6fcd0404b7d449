//! The command line of nt ftp: where the server is, and the file commands.
//!
//! Part of the one clap tree (see `cli.rs`): doc comments are the help text, values are
//! parsed with the typed parsers of `addr.rs`. Nothing here does I/O.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

use crate::addr::{Addr, parse_duration, parse_listen, parse_port_range};
use crate::tls::{CertArgs, FtpTls, VerifyArgs};

#[derive(Debug, Args)]
pub struct FtpArgs {
    #[command(flatten)]
    pub conn: FtpConnArgs,
    #[command(subcommand)]
    pub command: FtpCommand,
}

/// Where the FTP server is and how to talk to it.
#[derive(Debug, Clone, Args)]
pub struct FtpConnArgs {
    /// Server URL: ftp://[user@]host[:port]/dir or ftps://... (implicit TLS).
    #[arg(long, global = true, value_name = "URL", env = "NT_FTP_URL")]
    pub host: Option<String>,
    /// User name (default: from the URL, ~/.netrc, the config, else anonymous).
    #[arg(long, global = true, value_name = "NAME", env = "NT_FTP_USER")]
    pub user: Option<String>,
    /// Explicit TLS (AUTH TLS): auto uses it where offered; `--tls` alone is `required`.
    /// `serve`: offer FTPS (required before login; `auto` leaves it optional).
    #[arg(long, global = true, value_enum, value_name = "MODE", num_args = 0..=1, default_missing_value = "required")]
    pub tls: Option<FtpTls>,
    #[command(flatten)]
    pub verify: VerifyArgs,
    /// Active mode (PORT/EPRT) instead of passive.
    #[arg(long, global = true)]
    pub active: bool,
    /// Retry a failed connect or transfer up to N times (transfers resume).
    #[arg(long, global = true, value_name = "N", default_value_t = 0)]
    pub retries: u32,
    /// Give up when connecting or when the server is silent for DUR.
    #[arg(long, global = true, value_name = "DUR", value_parser = parse_duration, default_value = "30s")]
    pub timeout: Duration,
}

#[derive(Debug, Subcommand)]
pub enum FtpCommand {
    /// List a directory (`-l` for details, from MLSD where offered).
    #[command(
        after_help = "Examples:\n  nt ftp ls ftp://127.0.0.1:2121/pub\n  nt ftp ls -l\n  nt --json ftp ls -l /incoming"
    )]
    Ls {
        /// Remote directory or URL.
        #[arg(value_name = "PATH")]
        path: Option<String>,
        /// Long listing: type, size, modification time.
        #[arg(short = 'l')]
        long: bool,
    },
    /// Download a file (or a tree with -r) into LOCAL.part, renamed when complete.
    #[command(
        after_help = "Examples:\n  nt ftp get remote.png local.png\n  nt ftp get -c ftp://host/big.iso\n  nt ftp get -r /photos ./photos"
    )]
    Get {
        #[arg(value_name = "REMOTE")]
        remote: String,
        #[arg(value_name = "LOCAL")]
        local: Option<PathBuf>,
        /// Recursive.
        #[arg(short = 'r', long)]
        recursive: bool,
        /// Resume a partial download (LOCAL.part) with REST.
        #[arg(short = 'c', long = "continue")]
        resume: bool,
    },
    /// Upload a file (or a tree with -r); checked with SIZE where the server has it.
    #[command(
        after_help = "Examples:\n  nt ftp put local.png remote.png\n  nt ftp put -r ./site /www"
    )]
    Put {
        #[arg(value_name = "LOCAL")]
        local: PathBuf,
        #[arg(value_name = "REMOTE")]
        remote: Option<String>,
        /// Recursive.
        #[arg(short = 'r', long)]
        recursive: bool,
    },
    /// Print a remote file on stdout.
    #[command(after_help = "Examples:\n  nt ftp cat README.txt | less")]
    Cat {
        #[arg(value_name = "REMOTE")]
        remote: String,
    },
    /// Delete remote files.
    #[command(after_help = "Examples:\n  nt ftp rm old.log older.log")]
    Rm {
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<String>,
    },
    /// Rename a remote file.
    #[command(after_help = "Examples:\n  nt ftp mv draft.txt final.txt")]
    Mv {
        #[arg(value_name = "FROM")]
        from: String,
        #[arg(value_name = "TO")]
        to: String,
    },
    /// Create a remote directory (`-p` creates parents, no error if it exists).
    #[command(after_help = "Examples:\n  nt ftp mkdir -p a/b/c")]
    Mkdir {
        #[arg(value_name = "PATH")]
        path: String,
        /// Create parents as needed.
        #[arg(short = 'p', long)]
        parents: bool,
    },
    /// Remove an empty remote directory.
    #[command(after_help = "Examples:\n  nt ftp rmdir a/b/c")]
    Rmdir {
        #[arg(value_name = "PATH")]
        path: String,
    },
    /// Print the remote working directory.
    #[command(after_help = "Examples:\n  nt ftp pwd --host ftp://127.0.0.1:2121/pub")]
    Pwd,
    /// Serve DIR over FTP/FTPS: anonymous and read-only unless told otherwise.
    ///
    /// Every path stays inside DIR (no `..`, no absolute path, no symlink leads out). With
    /// --user NAME only NAME logs in, with the password from NT_FTP_PASSWORD or a prompt.
    /// One log line per command on stderr (JSON with --json); -vv shows the dialogue.
    /// --timeout bounds each client's TLS handshake. Client flags (--host, --pin,
    /// --insecure, --active, --retries) are refused. Put a bare --tls after DIR and ADDR
    /// (or write --tls=MODE): `--tls ./pub` would read ./pub as the mode.
    #[command(
        after_help = "Examples:\n  nt ftp serve ./pub --write\n  nt ftp serve . :2121 --passive-ports 50000-50100\n  NT_FTP_PASSWORD=pw nt ftp serve ./pub --user alice --write --self-signed\n  nt ftp serve ./pub 127.0.0.1:2121 --cert cert.pem --key key.pem --tls=auto"
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
}

/// `--idle`: a duration from 1s to 24h.
fn parse_idle(text: &str) -> Result<Duration, String> {
    let idle = parse_duration(text)?;
    if !(Duration::from_secs(1)..=Duration::from_secs(86_400)).contains(&idle) {
        return Err(format!("invalid --idle '{text}': must be between 1s and 24h"));
    }
    Ok(idle)
}
