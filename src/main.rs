//! nt: parse the command line, dispatch to one protocol module, report the error.
//!
//! Nothing else happens here; errors become exit codes in `error::report`. The modules are
//! the `nt` library's (src/lib.rs), which the fuzz targets (tests/fuzz) call too.

use std::process::ExitCode;

use nt::cli::{self, Command};
use nt::output::Output;
use nt::{chat, completions, config, error, ftp, ip, mail, man, signal, tcp, tls, udp};

fn main() -> ExitCode {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(err) => return error::report_clap(err, std::env::args_os().any(|a| a == "--json")),
    };
    tls::provider();
    signal::install();
    let out = Output::new(cli.globals.output());
    let profile = cli.globals.profile.as_deref();
    let result = match cli.command {
        Command::Ip(args) => ip::run(args, &out),
        Command::Udp(args) => udp::run(args, &out),
        Command::Tcp(args) => tcp::run(args, &out),
        Command::Chat(args) => {
            config::Config::load(profile).and_then(|c| chat::run(args, &c, &out))
        }
        Command::Ftp(args) => config::Config::load(profile).and_then(|c| ftp::run(args, &c, &out)),
        Command::Mail(args) => {
            config::Config::load(profile).and_then(|c| mail::run(args, &c, &out))
        }
        Command::Config(args) => config::run(args, profile, &out),
        Command::Completions(args) => completions::run(args, &out),
        Command::Man(args) => man::run(args, &out),
    };
    result.unwrap_or_else(|err| error::report(&err, out.is_json()))
}
