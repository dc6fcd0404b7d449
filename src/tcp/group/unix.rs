//! Unix: the process group of one `--exec`/`--sh-exec` program. The program is started as
//! the leader of a group of its own, so that everything it starts (`sleep 300 &`) can be
//! ended with it when its connection ends: SIGTERM to the group, then SIGKILL after
//! [`GRACE`]. Being in groups of their own, the programs no longer get the terminal's
//! Ctrl-C: at Ctrl-C nt sends SIGTERM to every group still running before it dies
//! (`signal.rs`).
//!
//! This file signals only the group it was given (never a broad name) and does no I/O on
//! the connection.

use std::sync::{Mutex, Once};
use std::time::Duration;

use tokio::process::{Child, Command};

/// How long a program and what it started have, after SIGTERM, before SIGKILL: the bound
/// on how long an ended connection's processes may outlive it.
pub const GRACE: Duration = Duration::from_secs(2);

/// How often the group is checked for members while it is given its grace.
const POLL: Duration = Duration::from_millis(20);

/// Start the program as the leader of a new process group.
pub fn own_group(cmd: &mut Command) -> &mut Command {
    cmd.process_group(0)
}

/// The groups running now, for Ctrl-C.
static LIVE: Mutex<Vec<i32>> = Mutex::new(Vec::new());
static HOOK: Once = Once::new();

/// At Ctrl-C, SIGTERM to every group still running (the terminal's SIGINT reaches only
/// nt's own group now).
fn on_ctrl_c() {
    let live = LIVE.lock().map(|mut l| std::mem::take(&mut *l)).unwrap_or_default();
    for pgid in live {
        signal(pgid, Signal::Term);
    }
}

fn forget(pgid: i32) {
    if let Ok(mut live) = LIVE.lock() {
        live.retain(|p| *p != pgid);
    }
}

/// A program's group; dropped without [`Group::end`] (its task aborted), it is killed.
pub struct Group {
    /// The group's id (its leader's pid); `None` once ended.
    pgid: Option<i32>,
}

impl Group {
    /// The group led by `child` (just spawned with [`own_group`]).
    pub fn of(child: &Child) -> Group {
        let pgid = child.id().and_then(|id| i32::try_from(id).ok()).filter(|id| *id > 0);
        if let Some(pgid) = pgid {
            HOOK.call_once(|| crate::signal::on_interrupt(on_ctrl_c));
            if let Ok(mut live) = LIVE.lock() {
                live.push(pgid);
            }
        }
        Group { pgid }
    }

    /// End the program and everything left in its group: SIGTERM to the group; once the
    /// leader is gone (or [`GRACE`] has passed) and members remain, SIGKILL to the group.
    /// Returns with the leader reaped, so a slot is given back only when its processes
    /// are gone.
    pub async fn end(&mut self, child: &mut Child) {
        if let Some(pgid) = self.pgid {
            let deadline = tokio::time::Instant::now() + GRACE;
            if signal(pgid, Signal::Term) {
                let _ = tokio::time::timeout_at(deadline, child.wait()).await;
                while signal(pgid, Signal::Probe) && tokio::time::Instant::now() < deadline {
                    tokio::time::sleep(POLL).await;
                }
                signal(pgid, Signal::Kill);
            }
            forget(pgid);
            self.pgid = None;
        }
        let _ = child.start_kill();
        let _ = tokio::time::timeout(GRACE, child.wait()).await;
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        if let Some(pgid) = self.pgid.take() {
            signal(pgid, Signal::Kill);
            forget(pgid);
        }
    }
}

#[derive(Clone, Copy)]
enum Signal {
    /// Signal 0: whether the group still has a member.
    Probe,
    Term,
    Kill,
}

/// Send `sig` to the process group `pgid`; whether the group exists.
fn signal(pgid: i32, sig: Signal) -> bool {
    let sig = match sig {
        Signal::Probe => 0,
        Signal::Term => libc::SIGTERM,
        Signal::Kill => libc::SIGKILL,
    };
    // SAFETY: kill(2) with a negative pid signals only that process group; no memory is
    // touched. The group is one this server created for its own child.
    unsafe { libc::kill(-pgid, sig) == 0 }
}
