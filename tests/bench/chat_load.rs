//! Load generator for `nt chat serve` and `ncat --chat` (run by `tests/bench/chat.sh`).
//!
//! `--mode fanout` (the default): N clients connect (through `nt`'s nickname handshake,
//! or straight in for ncat), then S of them send M lines each, as fast as they can; every
//! line carries its send time, and every receiver measures each line's latency. Prints
//! one `key=value` summary line: deliveries (and how many were expected), deliveries per
//! second, p50/p99/max latency, and the server's RSS (`--server-pid`). Several processes
//! can share one room (`--id-base`, `--expect-senders`, `--ready-file`), so that more
//! users than one process's open-files limit can be measured.
//!
//! `--addr` may list several servers (`A,B,C`, the nodes of one `--cluster`): client `i`
//! joins server `i mod N`, so users and senders are spread over every node.
//!
//! `--mode paste` and `--mode slow` (in `chat_load/modes.rs`) measure the policies: a
//! pasted block on a default server, and a never-reading user beside a slow reader.
//!
//! Not a test: `cargo test` does not run it (it is a `harness = false` bench that only
//! does work when given `--addr`). Every wait is bounded by `--timeout`.

#[path = "chat_load/modes.rs"]
mod modes;

use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::Semaphore;

pub struct Opts {
    /// The first server (the only one for the other modes).
    pub addr: String,
    /// Every server of a cluster (`--addr A,B,C`).
    addrs: Vec<String>,
    mode: String,
    clients: usize,
    senders: usize,
    pub messages: usize,
    ncat: bool,
    server_pid: Option<u32>,
    pub timeout: Duration,
    /// Nicknames start at u{id_base} (another process has the ones below).
    id_base: usize,
    /// Senders in the whole room, when other processes send too (default: --senders).
    expect_senders: Option<usize>,
    /// Written once every client of this process is connected.
    ready_file: Option<String>,
    /// Bytes per line (`--mode slow`).
    pub bytes: usize,
    /// Lines per second the flood is paced at (`--mode slow`).
    pub pace: f64,
}

fn parse() -> Result<Option<Opts>, String> {
    let mut opts = Opts {
        addr: String::new(),
        addrs: Vec::new(),
        clients: 300,
        senders: 10,
        messages: 40,
        ncat: false,
        server_pid: None,
        timeout: Duration::from_secs(60),
        mode: "fanout".into(),
        id_base: 0,
        expect_senders: None,
        ready_file: None,
        bytes: 500,
        pace: 2000.0,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        let number = |v: String| v.parse::<usize>().map_err(|_| format!("bad number {v}"));
        match flag.as_str() {
            "--addr" => {
                opts.addrs = value()?.split(',').map(str::to_string).collect();
                opts.addr = opts.addrs[0].clone();
            }
            "--clients" => opts.clients = number(value()?)?,
            "--senders" => opts.senders = number(value()?)?,
            "--messages" => opts.messages = number(value()?)?,
            "--ncat" => opts.ncat = true,
            "--server-pid" => opts.server_pid = value()?.parse().ok(),
            "--timeout" => opts.timeout = Duration::from_secs(number(value()?)? as u64),
            "--mode" => opts.mode = value()?,
            "--id-base" => opts.id_base = number(value()?)?,
            "--expect-senders" => opts.expect_senders = Some(number(value()?)?),
            "--ready-file" => opts.ready_file = Some(value()?),
            "--bytes" => opts.bytes = number(value()?)?.clamp(16, 1 << 20),
            "--pace" => opts.pace = number(value()?)?.clamp(1, 1_000_000) as f64,
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
    let result = match opts.mode.as_str() {
        "paste" => runtime.block_on(modes::paste(opts)),
        "slow" => runtime.block_on(modes::slow(opts)),
        _ => runtime.block_on(run(opts)),
    };
    if let Err(e) = result {
        eprintln!("chat_load: {e}");
        std::process::exit(1);
    }
}

#[cfg(unix)]
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

/// Windows has no open-files limit to raise.
#[cfg(not(unix))]
fn raise_nofile() {}

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

pub type Client = (BufReader<OwnedReadHalf>, OwnedWriteHalf);

/// Connect as `u{id}` (to server `id mod N`) and wait for the welcome (ncat: no handshake).
pub async fn connect(opts: &Opts, id: usize) -> io::Result<Client> {
    let server = &opts.addrs[id % opts.addrs.len()];
    connect_to(opts, server, &format!("u{id}"), None).await
}

/// Connect with this nickname (and receive buffer, for a reader that lags on purpose).
pub async fn connect_as(opts: &Opts, nick: &str, rcvbuf: Option<u32>) -> io::Result<Client> {
    connect_to(opts, &opts.addr, nick, rcvbuf).await
}

async fn connect_to(
    opts: &Opts,
    server: &str,
    nick: &str,
    rcvbuf: Option<u32>,
) -> io::Result<Client> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    if let Some(size) = rcvbuf {
        socket.set_recv_buffer_size(size)?;
    }
    let addr = tokio::net::lookup_host(server)
        .await?
        .next()
        .ok_or_else(|| io::Error::other("no address"))?;
    let stream = tokio::time::timeout(opts.timeout, socket.connect(addr))
        .await
        .map_err(|_| io::Error::other(format!("{nick}: connect timed out")))??;
    stream.set_nodelay(true)?;
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::with_capacity(4096, read);
    if !opts.ncat {
        write.write_all(format!("{nick}\n").as_bytes()).await?;
        let mut line = String::new();
        loop {
            line.clear();
            if read.read_line(&mut line).await? == 0 {
                return Err(io::Error::other(format!("{nick}: closed before welcome")));
            }
            if line.starts_with("[welcome]") {
                break;
            }
            if line.starts_with("[error]") {
                return Err(io::Error::other(format!("{nick}: {}", line.trim_end())));
            }
        }
    }
    Ok((read, write))
}

/// The wall clock in nanoseconds: send times must mean the same in every generator process.
fn unix_nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Read until `expected` bench lines arrived (or the deadline); their latencies in µs.
///
/// Kept lean, since it shares the machine's cores with the server it measures: one timer
/// for the whole wait, reads of whole chunks, and one clock reading per chunk (every line
/// of a chunk arrived at the same moment).
async fn receive(
    read: BufReader<OwnedReadHalf>,
    me: usize,
    expected: usize,
    deadline: tokio::time::Instant,
) -> (Vec<u32>, Option<Instant>) {
    let mut latencies = Vec::with_capacity(expected);
    let mut last = None;
    let mut buf = vec![0u8; 8 << 10];
    let buffered = read.buffer();
    buf[..buffered.len()].copy_from_slice(buffered);
    // Bytes of a partial line at the start of `buf`, and new bytes after them.
    let (mut kept, mut fresh) = (0, buffered.len());
    let mut read = read.into_inner();
    let work = async {
        while latencies.len() < expected {
            if fresh == 0 {
                fresh = match read.read(&mut buf[kept..]).await {
                    Ok(n) if n > 0 => n,
                    _ => break,
                };
            }
            let (now, wall) = (Instant::now(), unix_nanos());
            let end = kept + fresh;
            let mut start = 0;
            while let Some(len) = buf[start..end].iter().position(|&b| b == b'\n') {
                if let Some(sent) = bench_line(&buf[start..start + len], me) {
                    let micros = wall.saturating_sub(sent) / 1000;
                    latencies.push(u32::try_from(micros).unwrap_or(u32::MAX));
                    last = Some(now);
                }
                start += len + 1;
            }
            // Keep a partial line for the next read (a line longer than the buffer is
            // not a bench line: drop it).
            kept = if start == 0 && end == buf.len() { 0 } else { end - start };
            buf.copy_within(start..end, 0);
            fresh = 0;
        }
    };
    let _ = tokio::time::timeout_at(deadline, work).await;
    (latencies, last)
}

/// The send time of a `BENCH FROM SEQ NANOS` line from another client (the line may carry
/// the server's prefix before `BENCH`).
fn bench_line(line: &[u8], me: usize) -> Option<u64> {
    let at = line.windows(6).position(|w| w == b"BENCH ")?;
    let text = std::str::from_utf8(&line[at + 6..]).ok()?;
    let mut fields = text.split_ascii_whitespace();
    let (from, _seq, sent) = (fields.next()?, fields.next()?, fields.next()?);
    if from.parse::<usize>().ok() == Some(me) {
        return None;
    }
    sent.parse().ok()
}

/// Connect every client of this process (a few at a time for ncat).
async fn connect_all(opts: &Arc<Opts>) -> io::Result<Vec<Option<Client>>> {
    // ncat accepts in a select() loop and quits when a queued connection is already gone:
    // connect to it a few at a time.
    let gate = Arc::new(Semaphore::new(if opts.ncat { 8 } else { 200 }));
    let mut connecting = tokio::task::JoinSet::new();
    for id in 0..opts.clients {
        let (opts, gate) = (opts.clone(), gate.clone());
        connecting.spawn(async move {
            let _permit = gate.acquire().await.map_err(io::Error::other)?;
            connect(&opts, opts.id_base + id).await.map(|c| (id, c))
        });
    }
    let mut clients: Vec<Option<Client>> = (0..opts.clients).map(|_| None).collect();
    while let Some(joined) = connecting.join_next().await {
        let (id, client) = joined.map_err(io::Error::other)??;
        clients[id] = Some(client);
    }
    Ok(clients)
}

async fn run(opts: Opts) -> io::Result<()> {
    let opts = Arc::new(opts);
    let started = Instant::now();
    let clients = connect_all(&opts).await?;
    let connect_secs = started.elapsed().as_secs_f64();
    if let Some(path) = &opts.ready_file {
        std::fs::write(path, b"connected\n")?;
    }
    if opts.ncat {
        // ncat has no handshake: give it a moment to register everyone.
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let rss_connected = opts.server_pid.map(rss_kib).unwrap_or_default();
    let deadline = tokio::time::Instant::now() + opts.timeout;
    let senders = opts.expect_senders.unwrap_or(opts.senders);
    let mut receivers = tokio::task::JoinSet::new();
    let mut writers = Vec::new();
    for (id, client) in clients.into_iter().enumerate() {
        let Some((read, write)) = client else { continue };
        let me = opts.id_base + id;
        let from_others = if me < senders { senders - 1 } else { senders };
        receivers.spawn(receive(read, me, from_others * opts.messages, deadline));
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
                let sent = unix_nanos();
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
    let expected = (0..opts.clients)
        .map(|id| if opts.id_base + id < senders { senders - 1 } else { senders })
        .sum::<usize>()
        * opts.messages;
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
