//! The whole command line of nt, as one clap-derive tree.
//!
//! Doc comments are the help text. Values are parsed here with typed parsers (ADDR,
//! Duration, Size) so bad input is a usage error (exit 2) before any socket opens.
//! Nothing here does I/O; each protocol module receives its `Args` struct.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use std::ffi::OsString;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::addr::{Addr, Size, parse_connect, parse_duration, parse_listen};

const EXIT_CODES: &str = "\
Exit codes (the same in every command):
  0    success
  1    a negative answer that is not an error (ip contains: no; tcp connect -z: closed)
  2    usage or invalid input: bad flag, bad ADDR, bad CIDR, bad duration
  3    local file problem: missing, unreadable, unwritable
  4    network: cannot resolve, refused, unreachable, timed out, connection lost
  5    authentication or TLS: login rejected, certificate not trusted, TLS not offered
  6    the remote side refused the operation (FTP 4xx/5xx, SMTP rejection)
  130  interrupted by Ctrl-C

ADDR is host:port, 1.2.3.4:port, [v6]:port or :port (a listener on every interface).
Durations: 500ms, 3s, 2m, 1h. Sizes: 1500, 64KiB, 1MB, 16MiB.

Examples:
  nt ip info 192.168.12.146/24
  nt udp listen :40000
  nt tcp connect example.org:80
  nt ftp put local.png remote.png
  nt mail send --to you@example.org --attach file.py";

/// A network swiss-army knife: UDP, TCP, chat, FTP, SMTP mail and an IP calculator.
#[derive(Debug, Parser)]
#[command(name = "nt", version, about, after_long_help = EXIT_CODES)]
#[command(propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub globals: Globals,
    #[command(subcommand)]
    pub command: Command,
}

/// Parse the command line.
///
/// `nt ip ...` is meant to be as quick per call as sipcalc (under a millisecond), and
/// building the whole clap tree costs more than the subnet work. So the hottest form,
/// `nt [--json] ip info WORD...`, is read without clap ([`fast_ip_info`], checked against
/// clap by a property test); any other plain `ip` call (no help or version flag) is parsed
/// with a tree holding only the globals and `ip`; everything else takes the full tree. All
/// give the same `Cli`. The tree and the matches are leaked, not freed: freeing them costs
/// more than the work, and the process ends soon.
pub fn parse() -> Result<Cli, clap::Error> {
    let argv: Vec<OsString> = std::env::args_os().collect();
    if let Some(cli) = fast_ip_info(&argv) {
        return Ok(cli);
    }
    let cmd = if is_plain_ip_call(&argv) {
        Globals::augment_args(clap::Command::new("nt"))
            .subcommand(IpArgs::augment_args(clap::Command::new("ip")))
            .subcommand_required(true)
    } else {
        Cli::command()
    };
    let cmd = Box::leak(Box::new(cmd));
    let matches = Box::leak(Box::new(cmd.try_get_matches_from_mut(argv)?));
    Cli::from_arg_matches(matches)
}

/// `nt [--json] ip info WORD...` where no WORD is a flag (`-` alone is stdin): the `Cli`
/// clap would build, without clap. `None` for anything else.
fn fast_ip_info(argv: &[OsString]) -> Option<Cli> {
    let mut words = argv.iter().skip(1).map(|a| a.to_str());
    let mut word = words.next()??;
    let json = word == "--json";
    if json {
        word = words.next()??;
    }
    if word != "ip" || words.next()?? != "info" {
        return None;
    }
    let inputs = words
        .map(|w| w.filter(|w| *w == "-" || !w.starts_with('-')).map(str::to_string))
        .collect::<Option<Vec<String>>>()?;
    if inputs.is_empty() {
        return None;
    }
    let profile = std::env::var("NT_PROFILE").ok();
    let globals = Globals { json, quiet: false, verbose: 0, color: ColorChoice::Auto, profile };
    Some(Cli { globals, command: Command::Ip(IpArgs { command: IpCommand::Info { inputs } }) })
}

fn is_plain_ip_call(argv: &[OsString]) -> bool {
    let args: Vec<&str> = argv.iter().skip(1).map(|a| a.to_str().unwrap_or("")).collect();
    // The first word that is neither a flag nor the value of `--color` / `--profile`.
    let first_word = (0..args.len()).find(|&i| {
        !args[i].starts_with('-') && (i == 0 || !matches!(args[i - 1], "--color" | "--profile"))
    });
    first_word.is_some_and(|i| args[i] == "ip")
        && !args.iter().any(|a| matches!(*a, "-h" | "--help" | "-V" | "--version" | "help"))
}

/// Options accepted by every command.
#[derive(Debug, Args)]
pub struct Globals {
    /// Machine-readable output: one JSON document, or JSON Lines for streams.
    #[arg(long, global = true)]
    pub json: bool,
    /// Say nothing on stderr but errors (data on stdout is unaffected).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Say more on stderr (repeat for more). Secrets are never printed.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// When to use color.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Use the named [profile.NAME] section of the config file.
    #[arg(long, global = true, value_name = "NAME", env = "NT_PROFILE")]
    pub profile: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Addresses and subnets: info, split, contains, range, summarize.
    Ip(IpArgs),
    /// Send and receive UDP datagrams.
    Udp(UdpArgs),
    /// Bridge stdin/stdout to a TCP connection (a better nc).
    Tcp(TcpArgs),
    /// A multi-user chat over TCP.
    Chat(ChatArgs),
    /// Files on an FTP or FTPS server.
    Ftp(FtpArgs),
    /// Send mail over SMTP.
    Mail(MailArgs),
    /// Show the configuration file and the effective settings.
    Config(ConfigArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  nt completions bash > ~/.local/share/bash-completion/completions/nt\n  nt completions zsh > ~/.zfunc/_nt"
    )]
    Completions(CompletionsArgs),
}

// ---------------------------------------------------------------------------------------
// nt ip
// ---------------------------------------------------------------------------------------

#[derive(Debug, Args)]
pub struct IpArgs {
    #[command(subcommand)]
    pub command: IpCommand,
}

#[derive(Debug, Subcommand)]
pub enum IpCommand {
    /// Everything about an address and its subnet: class, mask, network, hosts, scope.
    ///
    /// Accepts ADDR/PREFIX, ADDR/NETMASK, ADDR NETMASK, or a bare address (IPv4 gets its
    /// classful mask, IPv6 /128). A mask of zeros then ones (0.0.0.255) is read as a
    /// wildcard mask; any other non-contiguous mask is an error. `-` reads one input per
    /// line from stdin and prints one tab-separated line per input (JSON Lines with --json);
    /// a bad line is reported with its line number, the rest is still processed, exit 2.
    #[command(
        after_help = "Examples:\n  nt ip info 192.168.12.146/24\n  nt ip info 10.1.2.3 255.255.0.0\n  nt ip info 10.1.2.3/0.0.0.255\n  nt ip info 2001:db8::1/64 ::ffff:192.0.2.1\n  cut -f1 hosts.tsv | nt --json ip info -"
    )]
    Info {
        /// Addresses, CIDRs, or `-` for stdin.
        #[arg(value_name = "ADDR[/PREFIX]", required = true)]
        inputs: Vec<String>,
    },
    /// Split a network into subnets of a longer prefix, or into N equal subnets.
    #[command(
        after_help = "Examples:\n  nt ip split 192.168.0.0/24 --prefix 26\n  nt ip split 10.0.0.0/8 --count 4"
    )]
    Split {
        /// The network to split.
        #[arg(value_name = "CIDR")]
        cidr: String,
        /// Prefix length of each subnet.
        #[arg(long, value_name = "N", conflicts_with = "count", required_unless_present = "count")]
        prefix: Option<u8>,
        /// Number of subnets (rounded up to a power of two).
        #[arg(long, value_name = "N")]
        count: Option<u64>,
    },
    /// Exit 0 when every ADDR is inside CIDR, 1 otherwise.
    #[command(
        after_help = "Examples:\n  nt ip contains 10.0.0.0/8 10.1.2.3\n  nt ip contains 192.168.0.0/16 192.168.1.1 8.8.8.8 || echo outside"
    )]
    Contains {
        /// The network.
        #[arg(value_name = "CIDR")]
        cidr: String,
        /// Addresses to test.
        #[arg(value_name = "ADDR", required = true)]
        addrs: Vec<String>,
    },
    /// The smallest list of CIDRs covering FIRST-LAST.
    #[command(
        after_help = "Examples:\n  nt ip range 10.0.0.5-10.0.0.20\n  nt ip range 10.0.0.5 10.0.0.20"
    )]
    Range {
        /// FIRST-LAST, or FIRST LAST.
        #[arg(value_name = "RANGE", required = true, num_args = 1..=2)]
        range: Vec<String>,
    },
    /// Merge CIDRs into the smallest equivalent list (`-` reads stdin).
    #[command(
        after_help = "Examples:\n  nt ip summarize 10.0.0.0/25 10.0.0.128/25\n  nt ip summarize - < prefixes.txt"
    )]
    Summarize {
        /// CIDRs, or `-` for stdin.
        #[arg(value_name = "CIDR", required = true)]
        cidrs: Vec<String>,
    },
}

// ---------------------------------------------------------------------------------------
// nt udp
// ---------------------------------------------------------------------------------------

#[derive(Debug, Args)]
pub struct UdpArgs {
    #[command(subcommand)]
    pub command: UdpCommand,
}

#[derive(Debug, Subcommand)]
pub enum UdpCommand {
    /// Receive datagrams and print each on its own line; lines typed on stdin go back
    /// to the last peer.
    #[command(
        after_help = "Examples:\n  nt udp listen :40000\n  nt udp listen 127.0.0.1:40000 --count 1 --timeout 5s\n  nt udp listen :5353 --join 224.0.0.251 --json"
    )]
    Listen(UdpListenArgs),
    /// Send a message, or each stdin line, as datagrams.
    #[command(
        after_help = "Examples:\n  nt udp send 127.0.0.1:40000 hello\n  printf 'a\\nb\\n' | nt udp send 127.0.0.1:40000\n  nt udp send 127.0.0.1:40000 ping --wait 1s"
    )]
    Send(UdpSendArgs),
}

#[derive(Debug, Args)]
pub struct UdpListenArgs {
    /// Where to listen (`:port` is every interface).
    #[arg(value_name = "ADDR", value_parser = parse_listen)]
    pub addr: Addr,
    /// Write payloads byte-exact, nothing added.
    #[arg(long, conflicts_with = "hex")]
    pub raw: bool,
    /// Print payloads as hex.
    #[arg(long)]
    pub hex: bool,
    /// Send every datagram back to its sender.
    #[arg(long)]
    pub echo: bool,
    /// Exit after N datagrams.
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// Exit when nothing arrives for DUR.
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub timeout: Option<Duration>,
    /// Join a multicast group (class D or ff00::/8); repeatable.
    #[arg(long, value_name = "GROUP")]
    pub join: Vec<IpAddr>,
    /// Receive buffer size (SO_RCVBUF), so bursts are not lost.
    #[arg(long, value_name = "SIZE")]
    pub buffer: Option<Size>,
}

#[derive(Debug, Args)]
pub struct UdpSendArgs {
    /// Where to send.
    #[arg(value_name = "ADDR", value_parser = parse_connect)]
    pub addr: Addr,
    /// One datagram; without it each stdin line is one datagram.
    #[arg(value_name = "MESSAGE")]
    pub message: Option<String>,
    /// Send stdin byte-exact in chunks of up to --size bytes.
    #[arg(long)]
    pub raw: bool,
    /// Largest datagram for --raw.
    #[arg(long, value_name = "SIZE", default_value = "1472")]
    pub size: Size,
    /// Print replies that arrive within DUR after the last send.
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub wait: Option<Duration>,
    /// Local address to send from.
    #[arg(long, value_name = "ADDR", value_parser = parse_listen)]
    pub bind: Option<Addr>,
    /// Allow sending to a broadcast address.
    #[arg(long)]
    pub broadcast: bool,
    /// IP TTL / hop limit (also for multicast).
    #[arg(long, value_name = "N")]
    pub ttl: Option<u32>,
    /// Send MESSAGE N times.
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// At most N datagrams per second (1000/s; also 5/ms, 60/m, 3600/h).
    #[arg(long, value_name = "N/s", value_parser = crate::udp::parse_rate)]
    pub rate: Option<crate::udp::Rate>,
}

// ---------------------------------------------------------------------------------------
// nt tcp
// ---------------------------------------------------------------------------------------

#[derive(Debug, Args)]
pub struct TcpArgs {
    #[command(subcommand)]
    pub command: TcpCommand,
}

#[derive(Debug, Subcommand)]
pub enum TcpCommand {
    /// Accept a client and bridge stdin/stdout to it.
    #[command(
        after_help = "Examples:\n  nt tcp serve :12345 > received.bin\n  nt tcp serve -k --echo 127.0.0.1:7\n  nt tcp serve :8443 --tls --cert cert.pem --key key.pem"
    )]
    Serve(TcpServeArgs),
    /// Connect and bridge stdin/stdout; at stdin EOF, half-close and read the rest.
    #[command(
        after_help = "Examples:\n  nt tcp connect 127.0.0.1:12345 < file.bin\n  printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nt tcp connect example.org:80\n  nt tcp connect -z 127.0.0.1:22 && echo open\n  nt tcp connect example.org:443 --tls"
    )]
    Connect(TcpConnectArgs),
}

#[derive(Debug, Args)]
pub struct TcpServeArgs {
    /// Where to listen (`:port` is every interface).
    #[arg(value_name = "ADDR", value_parser = parse_listen)]
    pub addr: Addr,
    /// Keep accepting clients, many at once.
    #[arg(short = 'k', long)]
    pub keep_open: bool,
    /// Echo what each client sends back to it.
    #[arg(long)]
    pub echo: bool,
    /// At most N clients at once.
    #[arg(long, value_name = "N")]
    pub max_clients: Option<usize>,
    /// Close a connection idle for DUR.
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub idle: Option<Duration>,
    /// Serve TLS (needs --cert and --key).
    #[arg(long, requires_all = ["cert", "key"])]
    pub tls: bool,
    /// Certificate chain (PEM).
    #[arg(long, value_name = "FILE")]
    pub cert: Option<PathBuf>,
    /// Private key (PEM).
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// Show bytes and rate on stderr.
    #[arg(long)]
    pub progress: bool,
}

#[derive(Debug, Args)]
pub struct TcpConnectArgs {
    /// Where to connect.
    #[arg(value_name = "ADDR", value_parser = parse_connect)]
    pub addr: Addr,
    /// Only test that it connects: exit 0 (open) or 1 (closed).
    #[arg(short = 'z')]
    pub zero_io: bool,
    /// Give up connecting after DUR.
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub timeout: Option<Duration>,
    /// Close when nothing moves for DUR.
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    pub idle: Option<Duration>,
    /// Retry connecting up to N times, with backoff.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub retries: u32,
    #[command(flatten)]
    pub tls: TlsClientArgs,
    /// Show bytes and rate on stderr.
    #[arg(long)]
    pub progress: bool,
}

/// The one TLS client policy shared by tcp, ftp and mail.
#[derive(Debug, Clone, Args)]
pub struct TlsClientArgs {
    /// Use TLS (SNI, system roots).
    #[arg(long)]
    pub tls: bool,
    /// Do not verify the server certificate.
    #[arg(long)]
    pub insecure: bool,
    /// Trust exactly the certificate with this SHA-256 fingerprint (hex).
    #[arg(long, value_name = "SHA256")]
    pub pin: Option<String>,
}

// ---------------------------------------------------------------------------------------
// nt chat
// ---------------------------------------------------------------------------------------

#[derive(Debug, Args)]
pub struct ChatArgs {
    #[command(subcommand)]
    pub command: ChatCommand,
}

#[derive(Debug, Subcommand)]
pub enum ChatCommand {
    /// Run a chat server; lines on stdin go to everyone as notices.
    #[command(
        after_help = "Examples:\n  nt chat serve :8888\n  nt chat serve 127.0.0.1:8888 --motd 'be nice' --max-clients 5000\n  nt chat serve 127.0.0.1:0 --max-line 16KiB --rate 50 --burst 200"
    )]
    Serve(ChatServeArgs),
    /// Join a chat server: lines typed are sent, what arrives is printed.
    #[command(
        after_help = "Examples:\n  nt chat join 127.0.0.1:8888 --nick alice\n  echo '/msg bob hi' | nt chat join 127.0.0.1:8888 --nick alice\n  nt --json chat join 127.0.0.1:8888 --nick bot | jq -c 'select(.event == \"private\")'"
    )]
    Join(ChatJoinArgs),
}

#[derive(Debug, Args)]
pub struct ChatServeArgs {
    /// Where to listen (`:port` is every interface; port 0 lets the kernel pick one).
    #[arg(value_name = "ADDR", value_parser = parse_listen)]
    pub addr: Addr,
    /// At most N connections at once; one more is told `[error] full` and closed.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_clients: usize,
    /// Message of the day, sent to each user on joining.
    #[arg(long, value_name = "TEXT")]
    pub motd: Option<String>,
    /// Longest line a user may send; a longer one is dropped with `[error] too-long`.
    #[arg(long, value_name = "SIZE", default_value = "4KiB")]
    pub max_line: Size,
    /// Lines waiting for one user; a user whose queue fills (it stopped reading) is
    /// disconnected so it never slows anyone else.
    #[arg(long, value_name = "LINES", default_value_t = 1024)]
    pub queue: usize,
    /// Lines per second one user may send on average (0 = no limit); more is a flood and
    /// disconnects that user with `[error] flood`.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub rate: u32,
    /// Lines one user may send in a burst above --rate.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub burst: u32,
    /// Joins and leaves are announced while at most N users are online (announcing each of
    /// ten thousand joins to everyone already there would cost fifty million lines).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub announce_max: usize,
}

#[derive(Debug, Args)]
pub struct ChatJoinArgs {
    /// The chat server.
    #[arg(value_name = "ADDR", value_parser = parse_connect)]
    pub addr: Addr,
    /// Your nickname (1-32 letters, digits, `_`, `-`, `.`).
    #[arg(long, value_name = "NAME", env = "NT_CHAT_NICK")]
    pub nick: String,
    /// Give up connecting after this long.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "10s")]
    pub timeout: Duration,
}

// ---------------------------------------------------------------------------------------
// nt ftp
// ---------------------------------------------------------------------------------------

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
    /// Explicit TLS (AUTH TLS): auto uses it where offered.
    #[arg(long, global = true, value_enum, value_name = "MODE")]
    pub tls: Option<FtpTls>,
    /// Do not verify the server certificate.
    #[arg(long, global = true)]
    pub insecure: bool,
    /// Trust exactly the certificate with this SHA-256 fingerprint (hex).
    #[arg(long, global = true, value_name = "SHA256")]
    pub pin: Option<String>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FtpTls {
    Auto,
    Required,
    Off,
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
}

// ---------------------------------------------------------------------------------------
// nt mail
// ---------------------------------------------------------------------------------------

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
    /// Do not verify the server certificate (with --tls off: allow AUTH in clear text).
    #[arg(long)]
    pub insecure: bool,
    /// Trust exactly the certificate with this SHA-256 fingerprint (hex).
    #[arg(long, value_name = "SHA256")]
    pub pin: Option<String>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MailTls {
    /// Plain connection upgraded with STARTTLS (required).
    Starttls,
    /// Implicit TLS from the first byte (SMTPS).
    Tls,
    /// No TLS at all.
    Off,
}

// ---------------------------------------------------------------------------------------
// nt config, nt completions
// ---------------------------------------------------------------------------------------

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective settings (flags aside), secrets masked.
    #[command(after_help = "Examples:\n  nt config show\n  nt --profile work config show --json")]
    Show,
    /// Print the path of the config file.
    #[command(after_help = "Examples:\n  $EDITOR \"$(nt config path)\"")]
    Path,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    proptest::proptest! {
        #[test]
        fn fast_ip_info_agrees_with_clap(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "--json", "-q", "-v", "ip", "info", "split", "-", "--", "--color", "never",
                    "--help", "10.0.0.1/8", "::1", "255.255.0.0", "x", "-1", "",
                ]),
                0..6,
            )
        ) {
            let argv: Vec<OsString> =
                std::iter::once("nt").chain(words.iter().copied()).map(OsString::from).collect();
            if let Some(fast) = fast_ip_info(&argv) {
                let clap = Cli::try_parse_from(&argv).map(|c| format!("{c:?}"));
                proptest::prop_assert_eq!(clap.ok(), Some(format!("{fast:?}")));
            }
        }
    }

    #[test]
    fn a_profile_named_ip_is_not_the_ip_command() {
        let argv: Vec<OsString> =
            "nt --profile ip ftp pwd".split(' ').map(OsString::from).collect();
        assert!(!is_plain_ip_call(&argv));
        let argv: Vec<OsString> =
            "nt --color never ip info x".split(' ').map(OsString::from).collect();
        assert!(is_plain_ip_call(&argv));
    }

    #[test]
    fn small_and_full_trees_agree_on_ip_calls() {
        for line in [
            "nt ip info 10.0.0.1/8",
            "nt --json ip split 10.0.0.0/8 --prefix 10",
            "nt ip contains -q 10.0.0.0/8 10.1.1.1",
            "nt ip info --json 1.2.3.4 -",
        ] {
            let argv: Vec<OsString> = line.split(' ').map(OsString::from).collect();
            assert!(is_plain_ip_call(&argv), "{line}");
            let small = Globals::augment_args(clap::Command::new("nt"))
                .subcommand(IpArgs::augment_args(clap::Command::new("ip")))
                .try_get_matches_from(&argv)
                .and_then(|m| Cli::from_arg_matches(&m))
                .map(|c| format!("{c:?}"));
            let full = Cli::try_parse_from(&argv).map(|c| format!("{c:?}"));
            assert_eq!(small.ok(), full.ok(), "{line}");
        }
    }

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_leaf_command_has_examples() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let path = format!("{path} {}", cmd.get_name());
            if cmd.get_subcommands().next().is_none() {
                let help = cmd.get_after_help().map(|h| h.to_string()).unwrap_or_default();
                if !help.contains("Examples:") {
                    missing.push(path.clone());
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &path, missing);
            }
        }
        let mut missing = Vec::new();
        for sub in Cli::command().get_subcommands() {
            walk(sub, "nt", &mut missing);
        }
        missing.retain(|p| !p.ends_with(" help"));
        assert!(missing.is_empty(), "commands without examples: {missing:?}");
    }
}
