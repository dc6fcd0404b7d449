//! The bound on `serve -k --exec` children, with hostile clients: a burst of connections
//! never runs more programs than `--max-clients`, and a client that resets (or a program
//! that ends) takes everything the program started with it (its process group).

use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::serve;
use crate::common::LIMIT;

/// One process as /proc/PID/stat tells it: (pid, command, state, parent, group).
struct Proc {
    pid: u32,
    comm: String,
    state: char,
    ppid: u32,
    pgrp: u32,
}

fn proc_stat(pid: u32) -> Option<Proc> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `PID (COMM) STATE PPID PGRP ...`; COMM may hold spaces and parentheses.
    let (head, rest) = text.rsplit_once(')')?;
    let comm = head.split_once('(')?.1.to_string();
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    let pgrp = fields.next()?.parse().ok()?;
    Some(Proc { pid, comm, state, ppid, pgrp })
}

fn processes() -> Vec<Proc> {
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).filter_map(proc_stat).collect()
}

/// Whether `pid` still runs (a zombie waiting for a reaper does not).
fn alive(pid: u32) -> bool {
    proc_stat(pid).is_some_and(|p| p.state != 'Z')
}

/// The live `sleep` processes in the process group of `parent`'s one child, once there
/// are `want` of them (the test fails after LIMIT).
fn sleeps_of_child(parent: u32, want: usize) -> Vec<u32> {
    let deadline = Instant::now() + LIMIT;
    loop {
        let all = processes();
        let leaders: Vec<u32> = all.iter().filter(|p| p.ppid == parent).map(|p| p.pid).collect();
        if let [leader] = leaders[..] {
            let sleeps: Vec<u32> = all
                .iter()
                .filter(|p| p.pgrp == leader && p.comm == "sleep" && p.state != 'Z')
                .map(|p| p.pid)
                .collect();
            if sleeps.len() >= want {
                return sleeps;
            }
        }
        assert!(Instant::now() < deadline, "the program did not start its {want} sleeps");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn gone_within(pids: &[u32], limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while pids.iter().any(|p| alive(*p)) {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    true
}

#[test]
fn a_burst_of_300_never_runs_more_programs_than_max_clients() {
    let server = serve(&["-k", "127.0.0.1:0", "--exec", "sleep 5", "--max-clients", "5"]);
    let addr = server.addr();
    let pid = server.pid();
    let stop = Arc::new(AtomicBool::new(false));
    let watching = stop.clone();
    let watcher = std::thread::spawn(move || {
        let mut most = 0;
        while !watching.load(Ordering::Relaxed) {
            most = most.max(processes().iter().filter(|p| p.ppid == pid).count());
            std::thread::sleep(Duration::from_millis(2));
        }
        most
    });
    let clients: Vec<TcpStream> = (0..300).filter_map(|_| TcpStream::connect(addr).ok()).collect();
    assert!(clients.len() > 250, "the burst connected ({} of 300)", clients.len());
    server.wait_stderr("turned away", 200);
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::Relaxed);
    let most = watcher.join().unwrap();
    assert!(most >= 1, "the programs ran");
    assert!(most <= 5, "{most} programs at once, with --max-clients 5");
    drop(clients);
}

#[test]
fn a_reset_ends_everything_the_program_started() {
    let server = serve(&["-k", "127.0.0.1:0", "--sh-exec", "sleep 300 & sleep 300"]);
    let addr = server.addr();
    let client = TcpStream::connect(addr).unwrap();
    let sleeps = sleeps_of_child(server.pid(), 2);
    // SO_LINGER 0: the close is a reset.
    socket2::SockRef::from(&client).set_linger(Some(Duration::ZERO)).unwrap();
    drop(client);
    assert!(
        gone_within(&sleeps, Duration::from_secs(5)),
        "the sleeps {sleeps:?} outlived the reset"
    );
    server.wait_stderr("connection lost", 1);

    // A program that ends leaves nothing behind either: its background job goes with it
    // once its connection is done.
    let server = serve(&["-k", "127.0.0.1:0", "--sh-exec", "sleep 300 >/dev/null & read x"]);
    let mut client = TcpStream::connect(server.addr()).unwrap();
    let sleeps = sleeps_of_child(server.pid(), 1);
    std::io::Write::write_all(&mut client, b"done\n").unwrap();
    client.shutdown(std::net::Shutdown::Write).unwrap();
    assert!(
        gone_within(&sleeps, Duration::from_secs(5)),
        "the job {sleeps:?} outlived its program"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_ends_the_programs_groups_too() {
    // In groups of their own, the programs do not get a terminal's Ctrl-C: nt passes it on.
    let server = serve(&["-k", "127.0.0.1:0", "--sh-exec", "sleep 300 & sleep 300"]);
    let _client = TcpStream::connect(server.addr()).unwrap();
    let sleeps = sleeps_of_child(server.pid(), 2);
    // SAFETY: a signal to the nt process this test started.
    assert_eq!(unsafe { libc::kill(server.pid() as i32, libc::SIGINT) }, 0);
    let (status, _, err) = server.finish();
    assert_eq!(crate::common::shell_status(status), Some(130), "{err}");
    assert!(gone_within(&sleeps, Duration::from_secs(5)), "the sleeps {sleeps:?} outlived nt");
}
