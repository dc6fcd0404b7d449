//! Load generator for `nt chat serve` and `ncat --chat` (run by `tests/bench/chat.sh`).
//!
//! N clients connect (through `nt`'s nickname handshake, or straight in for ncat), then S of
//! them send M lines each, as fast as they can; every line carries its send time, and every
//! receiver measures each line's latency. Prints one `key=value` summary line: deliveries
//! (and how many were expected), deliveries per second, p50/p99/max latency, and the
//! server's RSS (`--server-pid`). Not a test: `cargo test` does not run it (it is a
//! `harness = false` bench that only does work when given `--addr`).

use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::Semaphore;

struct Opts {
    addr: String,
    clients: usize,
    senders: usize,
    messages: usize,
    ncat: bool,
    server_pid: Option<u32>,
    timeout: Duration,
}

fn parse() -> Result<Option<Opts>, String> {
    let mut opts = Opts {
        addr: String::new(),
        clients: 300,
        senders: 10,
        messages: 40,
        ncat: false,
        server_pid: None,
        timeout: Duration::from_secs(60),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        let number = |v: String| v.parse::<usize>().map_err(|_| format!("bad number {v}"));
        match flag.as_str() {
            "--addr" => opts.addr = value()?,
            "--clients" => opts.clients = number(value()?)?,
            "--senders" => opts.senders = number(value()?)?,
            "--messages" => opts.messages = number(value()?)?,
            "--ncat" => opts.ncat = true,
            "--server-pid" => opts.server_pid = value()?.parse().ok(),
            "--timeout" => opts.timeout = Duration::from_secs(number(value()?)? as u64),
            // cargo bench passes --bench; anything else unknown is ignored likewise
            _ => {}
        }
    }
    if opts.addr.is_empty() {
        return Ok(None);
    }
    if opts.senders > opts.clients {
        return Err("--senders cannot exceed --clients".into());
    }
    Ok(Some(opts))
}

fn main() {
    let opts = match parse() {
        Ok(Some(opts)) => opts,
        Ok(None) => {
            eprintln!("chat_load: nothing to do without --addr (run tests/bench/chat.sh)");
            return;
        }
        Err(e) => {
            eprintln!("chat_load: {e}");
            std::process::exit(2);
        }
    };
    raise_nofile();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("chat_load: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(run(opts)) {
        eprintln!("chat_load: {e}");
        std::process::exit(1);
    }
}

fn raise_nofile() {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// Kernel-reported memory of a process: (VmRSS, VmHWM) in KiB.
fn rss_kib(pid: u32) -> (u64, u64) {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

async fn connect(opts: &Opts, id: usize) -> io::Result<(BufReader<OwnedReadHalf>, OwnedWriteHalf)> {
    let stream = TcpStream::connect(&opts.addr).await?;
    stream.set_nodelay(true)?;
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::with_capacity(4096, read);
    if !opts.ncat {
        write.write_all(format!("u{id}\n").as_bytes()).await?;
        let mut line = String::new();
        loop {
            line.clear();
            if read.read_line(&mut line).await? == 0 {
                return Err(io::Error::other(format!("u{id}: closed before welcome")));
            }
            if line.starts_with("[welcome]") {
                break;
            }
            if line.starts_with("[error]") {
                return Err(io::Error::other(format!("u{id}: {}", line.trim_end())));
            }
        }
    }
    Ok((read, write))
}

/// Read until `expected` bench lines arrived (or the deadline); their latencies in µs.
async fn receive(
    mut read: BufReader<OwnedReadHalf>,
    me: usize,
    expected: usize,
    base: Instant,
    deadline: tokio::time::Instant,
) -> (Vec<u32>, Option<Instant>) {
    let mut latencies = Vec::with_capacity(expected);
    let mut last = None;
    let mut line = String::new();
    while latencies.len() < expected {
        line.clear();
        match tokio::time::timeout_at(deadline, read.read_line(&mut line)).await {
            Ok(Ok(n)) if n > 0 => {}
            _ => break,
        }
        let Some(at) = line.find("BENCH ") else { continue };
        let mut fields = line[at + 6..].split_whitespace();
        let (Some(from), Some(_seq), Some(sent)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        if from.parse::<usize>().ok() == Some(me) {
            continue;
        }
        let Ok(sent) = sent.parse::<u64>() else { continue };
        let now = Instant::now();
        let micros = (now.duration_since(base).as_nanos() as u64).saturating_sub(sent) / 1000;
        latencies.push(u32::try_from(micros).unwrap_or(u32::MAX));
        last = Some(now);
    }
    (latencies, last)
}

async fn run(opts: Opts) -> io::Result<()> {
    let opts = Arc::new(opts);
    // ncat accepts in a select() loop and quits when a queued connection is already gone:
    // connect to it a few at a time.
    let gate = Arc::new(Semaphore::new(if opts.ncat { 8 } else { 200 }));
    let started = Instant::now();
    let mut connecting = tokio::task::JoinSet::new();
    for id in 0..opts.clients {
        let (opts, gate) = (opts.clone(), gate.clone());
        connecting.spawn(async move {
            let _permit = gate.acquire().await.map_err(io::Error::other)?;
            connect(&opts, id).await.map(|c| (id, c))
        });
    }
    let mut clients: Vec<Option<(BufReader<OwnedReadHalf>, OwnedWriteHalf)>> =
        (0..opts.clients).map(|_| None).collect();
    while let Some(joined) = connecting.join_next().await {
        let (id, client) = joined.map_err(io::Error::other)??;
        clients[id] = Some(client);
    }
    let connect_secs = started.elapsed().as_secs_f64();
    if opts.ncat {
        // ncat has no handshake: give it a moment to register everyone.
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let rss_connected = opts.server_pid.map(rss_kib).unwrap_or_default();
    let base = Instant::now();
    let deadline = tokio::time::Instant::now() + opts.timeout;
    let mut receivers = tokio::task::JoinSet::new();
    let mut writers = Vec::new();
    for (id, client) in clients.into_iter().enumerate() {
        let Some((read, write)) = client else { continue };
        let from_others = if id < opts.senders { opts.senders - 1 } else { opts.senders };
        receivers.spawn(receive(read, id, from_others * opts.messages, base, deadline));
        writers.push(write);
    }
    // Let the receivers drain the join announcements before the clock starts.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let send_start = Instant::now();
    let mut sending = tokio::task::JoinSet::new();
    for (id, mut write) in writers.drain(..opts.senders).enumerate() {
        let messages = opts.messages;
        sending.spawn(async move {
            for seq in 0..messages {
                let sent = base.elapsed().as_nanos() as u64;
                let line = format!("BENCH {id} {seq} {sent}\n");
                write.write_all(line.as_bytes()).await?;
            }
            Ok::<_, io::Error>(write)
        });
    }
    let mut kept = Vec::new();
    while let Some(done) = sending.join_next().await {
        kept.push(done.map_err(io::Error::other)??);
    }
    let mut latencies: Vec<u32> = Vec::new();
    let mut last: Option<Instant> = None;
    while let Some(done) = receivers.join_next().await {
        let (mut got, at) = done.map_err(io::Error::other)?;
        latencies.append(&mut got);
        last = last.max(at);
    }
    let (rss, hwm) = opts.server_pid.map(rss_kib).unwrap_or_default();
    let expected = opts.senders * opts.messages * (opts.clients - 1);
    let delivered = latencies.len();
    latencies.sort_unstable();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1);
        latencies.get(i).map_or(0.0, |&us| f64::from(us) / 1000.0)
    };
    let secs = last.map_or(0.0, |l| l.duration_since(send_start).as_secs_f64());
    let rate = if secs > 0.0 { delivered as f64 / secs } else { 0.0 };
    println!(
        "clients={} senders={} messages={} delivered={delivered} expected={expected} \
         seconds={secs:.3} rate={rate:.0} p50_ms={:.1} p99_ms={:.1} max_ms={:.1} \
         connect_s={connect_secs:.2} rss_connected_kib={} rss_kib={rss} hwm_kib={hwm}",
        opts.clients,
        opts.senders,
        opts.messages,
        pct(0.50),
        pct(0.99),
        pct(1.0),
        rss_connected.0,
    );
    drop(kept);
    drop(writers);
    Ok(())
}
