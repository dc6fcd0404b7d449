//! The whole command line of nt, as one clap-derive tree.
//!
//! Doc comments are the help text. Values are parsed here with typed parsers (ADDR,
//! Duration, Size) so bad input is a usage error (exit 2) before any socket opens.
//! Nothing here does I/O; each protocol module receives its `Args` struct.

mod chat;
mod ftp;
mod help;
mod ip;
mod mail;
mod tcp;
pub mod timeout;
mod udp;

use std::ffi::OsString;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

pub use chat::*;
pub use ftp::*;
pub use ip::*;
pub use mail::*;
pub use tcp::*;
pub use udp::*;

use crate::config::ConfigArgs;
use crate::output::{ColorChoice, Settings};

/// A network swiss-army knife: UDP, TCP, chat, FTP, SMTP mail and an IP calculator.
#[derive(Debug, Parser)]
#[command(name = "nt", bin_name = "nt", version, about, after_long_help = help::NT)]
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
    let info = IpCommand::Info { inputs, header: false };
    Some(Cli { globals, command: Command::Ip(IpArgs { command: info }) })
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

impl Globals {
    /// What the output flags ask for.
    pub fn output(&self) -> Settings {
        Settings { json: self.json, quiet: self.quiet, verbose: self.verbose, color: self.color }
    }
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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Addresses and subnets: info, split, contains, range, summarize.
    Ip(IpArgs),
    /// Send and receive UDP datagrams.
    Udp(UdpArgs),
    /// Bridge stdin/stdout to a TCP connection (a better nc).
    Tcp(TcpArgs),
    /// A multi-user chat over TCP.
    #[command(after_long_help = help::CHAT)]
    Chat(ChatArgs),
    /// Files on an FTP or FTPS server.
    #[command(after_long_help = help::FTP)]
    Ftp(FtpArgs),
    /// Send mail over SMTP; read it over IMAP and POP3.
    #[command(after_long_help = help::MAIL)]
    Mail(MailArgs),
    /// Show the configuration file and the effective settings.
    Config(ConfigArgs),
    /// Print a shell completion script.
    #[command(
        after_long_help = help::COMPLETIONS
    )]
    Completions(CompletionsArgs),
    /// Print a manual page (nt(1), nt-ftp(1), nt-ftp-serve(1), ...), or write them all.
    ///
    /// The pages are generated from the same definitions as --help: one per command, named
    /// as git names its pages (`nt man ftp serve` prints nt-ftp-serve(1)). Install them
    /// with `nt man --dir ~/.local/share/man/man1`, then read them with `man nt-ftp`.
    #[command(
        after_long_help = help::MAN
    )]
    Man(ManArgs),
}

// ---------------------------------------------------------------------------------------
// nt config, nt completions, nt man
// ---------------------------------------------------------------------------------------

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (`ftp`, `ftp serve`); none for nt(1).
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub command: Vec<String>,
    /// Write every page into DIR (made when missing) as nt.1, nt-ftp.1, nt-ftp-serve.1, ...
    #[arg(long, value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
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
                    "--help", "10.0.0.1/8", "::1", "255.255.0.0", "x", "-1", "", "--header",
                    "--hosts", "50,20", "--count", "0",
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
            "nt ip info --header -",
            "nt ip split 10.0.0.0/8 --hosts 50,20,10",
            "nt ip split 10.0.0.0/8 --count 0",
            "nt ip split 10.0.0.0/8 --prefix 200",
        ] {
            let argv: Vec<OsString> = line.split(' ').map(OsString::from).collect();
            assert!(is_plain_ip_call(&argv), "{line}");
            let small = Globals::augment_args(clap::Command::new("nt"))
                .subcommand(IpArgs::augment_args(clap::Command::new("ip")))
                .try_get_matches_from(&argv)
                .and_then(|m| Cli::from_arg_matches(&m))
                .map(|c| format!("{c:?}"))
                .map_err(|e| e.kind());
            let full = Cli::try_parse_from(&argv).map(|c| format!("{c:?}")).map_err(|e| e.kind());
            assert_eq!(small, full, "{line}");
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
                let help = cmd.get_after_long_help().map(|h| h.to_string()).unwrap_or_default();
                if !help.contains("Examples:") || !help.contains("Exit codes:") {
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
        assert!(missing.is_empty(), "commands without examples or exit codes: {missing:?}");
    }
}
