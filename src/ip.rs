//! nt ip: an IPv4/IPv6 address and subnet calculator — `info`, `split`, `contains`,
//! `range`, `summarize`.
//!
//! Parsing lives in `ip/parse.rs`, the arithmetic in `ip/subnet.rs`, the hand-written text
//! and JSON in `ip/format.rs`, the human explanation in `ip/human.rs`, VLSM (`split
//! --hosts`) in `ip/vlsm.rs`. Splitting, range-to-CIDR and merging use the `ipnet` crate
//! (ipnetwork has none of them, and nt parses its own inputs: see below). Bulk `info -`
//! reads stdin in large chunks and writes large buffers: no allocation per good line. This
//! module never exits the process and never prints with `println!`.
//!
//! Why ipnetwork is not used (the product owner named it): nt's inputs are wider than its
//! parser (`ADDR NETMASK`, wildcard masks, classful bare addresses, bytes parsed in place at
//! millions of lines a second), it has no split, summarize or range-to-CIDR, and its `size()`
//! of a /0 is wrong (`u32::MAX` for `0.0.0.0/0`, `u128::MAX` for `::/0`: one short, since
//! 2^32 and 2^128 do not fit the type). `ipnet` does the set work (split, range, summarize)
//! and nt's own `u128` model the rest, so ipnetwork was removed from Cargo.toml rather than
//! kept as a dead entry.
//!
//! Bulk `info -`: stdin is read in 1 MiB chunks, each line parsed in place and its output
//! line built by hand in a stack buffer (a property test checks it equals serde_json's
//! output), one write per chunk. Per call, nt's own subnet work is about 50,000
//! instructions; start-up is the rest (see `cli.rs` for the clap fast path and
//! `tests/bench/ip.sh` for the start-up anatomy).

mod format;
mod human;
pub mod parse;
mod subnet;
mod vlsm;

use std::io::{self, Read, Write};
use std::process::ExitCode;

use anyhow::Context;
use ipnet::{IpNet, Ipv4Subnets, Ipv6Subnets};
use serde::Serialize;

use crate::cli::{HostSizes, IpArgs, IpCommand};
use crate::error::{EXIT_NO, Kind, Tag, fail, report, stdout_result};
use crate::output::Output;

use self::format::{TSV_HEADER, addr_text, push_json, push_tsv};
use self::parse::{InputError, is_mask_arg, parse_input, parse_net, parse_range};
use self::subnet::{Family, Subnet};

/// Output is written whenever the buffer passes this size.
const FLUSH_AT: usize = 1 << 18;
/// stdin is read in chunks of this size.
const CHUNK: usize = 1 << 20;
/// A bulk input line longer than this is an error, not a reason to eat all memory.
const MAX_LINE: usize = 1 << 26;

pub fn run(args: IpArgs, out: &Output) -> anyhow::Result<ExitCode> {
    match args.command {
        IpCommand::Info { inputs, header } => info(&inputs, header, out),
        // clap lets exactly one of --prefix, --count and --hosts through.
        IpCommand::Split { cidr, prefix, count, hosts } => match hosts {
            Some(sizes) => split_hosts(&cidr, &sizes, out),
            None => split(&cidr, prefix, count, out),
        },
        IpCommand::Contains { cidr, addrs } => contains(&cidr, &addrs, out),
        IpCommand::Range { range: bounds } => range(&bounds, out),
        IpCommand::Summarize { cidrs } => summarize(&cidrs, out),
    }
}

fn usage(err: InputError) -> anyhow::Error {
    fail(Kind::Usage, err)
}

/// What `info` was given: parsed subnets, or `-` for stdin.
enum Item {
    One(Subnet),
    Stdin,
}

/// Parse every argument first, so a bad one fails before anything is printed. A bare IPv4
/// address followed by a dotted mask is one input (`ADDR NETMASK`).
fn info_items(inputs: &[String]) -> anyhow::Result<Vec<Item>> {
    let mut items = Vec::with_capacity(inputs.len());
    let mut i = 0;
    while i < inputs.len() {
        let arg = &inputs[i];
        if arg == "-" {
            items.push(Item::Stdin);
            i += 1;
            continue;
        }
        let bare_v4 = parse::parse_v4(arg.trim().as_bytes()).is_ok();
        let paired = bare_v4 && inputs.get(i + 1).is_some_and(|next| is_mask_arg(next));
        let subnet = if paired {
            let pair = format!("{} {}", arg.trim(), inputs[i + 1].trim());
            i += 2;
            parse_input(pair.as_bytes())
        } else {
            i += 1;
            parse_input(arg.as_bytes())
        };
        items.push(Item::One(subnet.map_err(usage)?));
    }
    Ok(items)
}

fn info(inputs: &[String], header: bool, out: &Output) -> anyhow::Result<ExitCode> {
    let items = info_items(inputs)?;
    if header && out.is_json() {
        return Err(fail(
            Kind::Usage,
            "--header names tab-separated columns; --json names its keys",
        ));
    }
    if header && !items.iter().any(|i| matches!(i, Item::Stdin)) {
        return Err(fail(Kind::Usage, "--header is for the tab-separated lines of `-` (stdin)"));
    }
    let mut sink = Sink::new();
    if header {
        sink.buf.extend_from_slice(TSV_HEADER.as_bytes());
    }
    let mut bad_lines = 0u64;
    let mut first = true;
    for item in &items {
        match item {
            Item::One(s) if out.is_json() => push_json(&mut sink.buf, s),
            Item::One(s) => {
                if !first {
                    sink.buf.push(b'\n');
                }
                sink.buf.extend_from_slice(human::describe(out, s).as_bytes());
            }
            Item::Stdin => bad_lines += bulk(out, &mut sink)?,
        }
        first = false;
    }
    sink.flush()?;
    Ok(if bad_lines > 0 { ExitCode::from(Kind::Usage.exit_code()) } else { ExitCode::SUCCESS })
}

/// stdout through one big reused buffer; a closed pipe becomes a quiet success.
struct Sink {
    buf: Vec<u8>,
}

impl Sink {
    fn new() -> Sink {
        Sink { buf: Vec::with_capacity(FLUSH_AT + 4096) }
    }

    fn maybe_flush(&mut self) -> anyhow::Result<()> {
        if self.buf.len() >= FLUSH_AT { self.flush() } else { Ok(()) }
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        if !self.buf.is_empty() {
            let mut stdout = io::stdout().lock();
            stdout_result(stdout.write_all(&self.buf).and_then(|()| stdout.flush()))?;
            self.buf.clear();
        }
        Ok(())
    }
}

/// `info -`: one input per line from stdin. A bad line is reported on stderr with its line
/// number and the rest is still processed; returns the number of bad lines.
fn bulk(out: &Output, sink: &mut Sink) -> anyhow::Result<u64> {
    let mut stdin = io::stdin().lock();
    let mut buf = vec![0u8; CHUNK];
    let (mut filled, mut line_no, mut bad) = (0usize, 0u64, 0u64);
    loop {
        if filled == buf.len() {
            if buf.len() >= MAX_LINE {
                return Err(fail(Kind::Usage, format!("line {}: longer than 64 MiB", line_no + 1)));
            }
            buf.resize(buf.len() * 2, 0);
        }
        let n = match stdin.read(&mut buf[filled..]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).context("cannot read stdin").kind(Kind::LocalFile),
        };
        filled += n;
        let end = match (n, buf[..filled].iter().rposition(|b| *b == b'\n')) {
            (0, _) => filled,
            (_, Some(i)) => i + 1,
            (_, None) => continue,
        };
        let mut start = 0;
        while start < end {
            let stop = buf[start..end].iter().position(|b| *b == b'\n').map_or(end, |i| start + i);
            line_no += 1;
            match parse_input(&buf[start..stop]) {
                Ok(s) if out.is_json() => push_json(&mut sink.buf, &s),
                Ok(s) => push_tsv(&mut sink.buf, &s),
                Err(e) => {
                    bad += 1;
                    report(&fail(Kind::Usage, format!("line {line_no}: {e}")), out.is_json());
                }
            }
            sink.maybe_flush()?;
            start = stop + 1;
        }
        // A stream (`tail -f log | nt ip info -`) gets its answers as its lines arrive.
        sink.flush()?;
        if n == 0 {
            return Ok(bad);
        }
        buf.copy_within(end..filled, 0);
        filled -= end;
    }
}

/// Write a list of CIDRs: one per line, or one JSON array under `--json`. Streams, so a
/// split into millions of subnets starts printing at once and stops quietly at `| head`.
fn write_list(out: &Output, items: impl Iterator<Item = IpNet>) -> anyhow::Result<()> {
    let mut sink = Sink::new();
    if out.is_json() {
        sink.buf.push(b'[');
    }
    for (i, net) in items.enumerate() {
        if out.is_json() {
            if i > 0 {
                sink.buf.push(b',');
            }
            let _ = write!(sink.buf, "\"{net}\"");
        } else {
            let _ = writeln!(sink.buf, "{net}");
        }
        sink.maybe_flush()?;
    }
    if out.is_json() {
        sink.buf.extend_from_slice(b"]\n");
    }
    sink.flush()
}

fn to_ipnet(s: &Subnet) -> anyhow::Result<IpNet> {
    IpNet::new(s.ip(s.addr), s.prefix).map(|n| n.trunc()).kind(Kind::Usage)
}

fn split(
    cidr: &str,
    prefix: Option<u8>,
    count: Option<u64>,
    out: &Output,
) -> anyhow::Result<ExitCode> {
    let net = parse_net(cidr).map_err(usage)?;
    let max = net.family.bits();
    let new_prefix = match (prefix, count) {
        (Some(p), _) => p,
        (None, Some(0)) => return Err(fail(Kind::Usage, "--count must be at least 1")),
        (None, None) => return Err(fail(Kind::Usage, "give --prefix, --count or --hosts")),
        (None, Some(n)) => {
            // Bits needed for n subnets: ceil(log2 n), without overflow up to u64::MAX.
            let extra = 64 - (n - 1).leading_zeros();
            let room = max - net.prefix;
            if extra > u32::from(room) {
                return Err(fail(
                    Kind::Usage,
                    format!("cannot split a /{} into {n} subnets: 2^{room} at most", net.prefix),
                ));
            }
            if !n.is_power_of_two() {
                out.info(&format!(
                    "nt: {n} is not a power of two: splitting into {}",
                    1u128 << extra
                ));
            }
            net.prefix + extra as u8
        }
    };
    if new_prefix < net.prefix || new_prefix > max {
        return Err(fail(
            Kind::Usage,
            format!(
                "cannot split a /{} into /{new_prefix}: the new prefix must be from {} to {max}",
                net.prefix, net.prefix
            ),
        ));
    }
    let subnets = to_ipnet(&net)?.subnets(new_prefix).kind(Kind::Usage)?;
    write_list(out, subnets)?;
    Ok(ExitCode::SUCCESS)
}

/// `split --hosts` under `--json`: the network, its subnets largest first, the rest.
#[derive(Serialize)]
struct VlsmDoc {
    network: String,
    subnets: Vec<VlsmSubnet>,
    unused: Vec<String>,
}

#[derive(Serialize)]
struct VlsmSubnet {
    network: String,
    requested: u64,
    hosts: u128,
    host_min: String,
    host_max: String,
}

/// VLSM: the smallest subnet for each number of hosts, largest first, then the space left.
fn split_hosts(cidr: &str, sizes: &HostSizes, out: &Output) -> anyhow::Result<ExitCode> {
    let net = parse_net(cidr).map_err(usage)?;
    let plan = vlsm::plan(&net, &sizes.0).map_err(|e| fail(Kind::Usage, e))?;
    let whole = to_ipnet(&net)?;
    let free_from = net.network() + plan.used;
    let last = net.last();
    let unused: Vec<IpNet> = match net.family {
        _ if plan.used > last - net.network() => Vec::new(),
        Family::V4 => Ipv4Subnets::new((free_from as u32).into(), (last as u32).into(), 0)
            .map(IpNet::V4)
            .collect(),
        Family::V6 => Ipv6Subnets::new(free_from.into(), last.into(), 0).map(IpNet::V6).collect(),
    };
    let subnets: Vec<VlsmSubnet> = plan
        .blocks
        .iter()
        .map(|b| {
            let (min, max) = b.subnet.host_range();
            VlsmSubnet {
                network: format!("{}/{}", addr_text(net.family, b.subnet.addr), b.subnet.prefix),
                requested: b.requested,
                hosts: vlsm::capacity(b),
                host_min: addr_text(net.family, min),
                host_max: addr_text(net.family, max),
            }
        })
        .collect();
    let unused: Vec<String> = unused.iter().map(IpNet::to_string).collect();
    if out.is_json() {
        out.json(&VlsmDoc { network: whole.to_string(), subnets, unused })?;
        return Ok(ExitCode::SUCCESS);
    }
    let width = subnets.iter().map(|s| s.network.len()).max().unwrap_or(0) + 2;
    let mut sink = Sink::new();
    for s in &subnets {
        let _ = writeln!(
            sink.buf,
            "{:width$}wanted {}, usable {}: {} - {}",
            s.network, s.requested, s.hosts, s.host_min, s.host_max
        );
        sink.maybe_flush()?;
    }
    let rest = if unused.is_empty() { "none".to_string() } else { unused.join(" ") };
    let _ = writeln!(sink.buf, "Unused: {rest}");
    sink.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct Containment {
    network: String,
    all_inside: bool,
    results: Vec<Checked>,
}

#[derive(Serialize)]
struct Checked {
    address: String,
    inside: bool,
}

fn contains(cidr: &str, addrs: &[String], out: &Output) -> anyhow::Result<ExitCode> {
    let net = to_ipnet(&parse_net(cidr).map_err(usage)?)?;
    let mut results = Vec::with_capacity(addrs.len());
    for text in addrs {
        let s = parse_net(text).map_err(usage)?;
        let inside = net.contains(&to_ipnet(&s)?);
        let address = if s.prefix == s.family.bits() {
            addr_text(s.family, s.addr)
        } else {
            format!("{}/{}", addr_text(s.family, s.network()), s.prefix)
        };
        results.push(Checked { address, inside });
    }
    let all_inside = results.iter().all(|r| r.inside);
    if out.is_json() {
        out.json(&Containment { network: net.to_string(), all_inside, results })?;
    } else {
        let mut text = String::new();
        for r in &results {
            let verdict = if r.inside { "inside" } else { "outside" };
            text.push_str(&format!("{} {verdict} {net}\n", r.address));
        }
        let mut sink = Sink::new();
        sink.buf.extend_from_slice(text.as_bytes());
        sink.flush()?;
    }
    Ok(if all_inside { ExitCode::SUCCESS } else { ExitCode::from(EXIT_NO) })
}

fn range(args: &[String], out: &Output) -> anyhow::Result<ExitCode> {
    let (family, first, last) =
        parse_range(&args[0], args.get(1).map(String::as_str)).map_err(|e| fail(Kind::Usage, e))?;
    match family {
        Family::V4 => {
            let nets = Ipv4Subnets::new((first as u32).into(), (last as u32).into(), 0);
            write_list(out, nets.map(IpNet::V4))?;
        }
        Family::V6 => {
            write_list(out, Ipv6Subnets::new(first.into(), last.into(), 0).map(IpNet::V6))?
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Merge networks. Every bad input is reported (stdin lines with their number); with any
/// bad input nothing is printed, since a summary of part of the list would be wrong.
fn summarize(cidrs: &[String], out: &Output) -> anyhow::Result<ExitCode> {
    let mut nets = Vec::new();
    let mut bad = 0u64;
    for arg in cidrs {
        if arg != "-" {
            nets.push(to_ipnet(&parse_net(arg).map_err(usage)?)?);
            continue;
        }
        let mut text = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut text)
            .context("cannot read stdin")
            .kind(Kind::LocalFile)?;
        for (n, line) in text.split(|b| *b == b'\n').enumerate() {
            let line = line.trim_ascii();
            if line.is_empty() || line.starts_with(b"#") {
                continue;
            }
            match parse_net(line) {
                Ok(s) => nets.push(to_ipnet(&s)?),
                Err(e) => {
                    bad += 1;
                    report(&fail(Kind::Usage, format!("line {}: {e}", n + 1)), out.is_json());
                }
            }
        }
    }
    if bad > 0 {
        return Ok(ExitCode::from(Kind::Usage.exit_code()));
    }
    write_list(out, IpNet::aggregate(&nets).into_iter())?;
    Ok(ExitCode::SUCCESS)
}
