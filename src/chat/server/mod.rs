//! `nt chat serve`: listen (through `net.rs`, with TLS when asked), accept, and run one
//! task per connection around one shared room.
//!
//! - `room`: who is online, the nickname claims, the counters that bound connections;
//! - `log`: the room's fan-out, every line stored once and shared by all users' queues;
//! - `user`: one connection (login, reader with the flood limit as fake lag);
//! - `writer`: a user's writer, judged by progress (`--stall`, `--max-backlog`);
//! - `operator`: the commands and notices typed on the server's stdin.
//!
//! Ctrl-C keeps its default action (`signal.rs`): the server dies at once, exit 130.

mod log;
mod operator;
mod room;
mod user;
mod writer;

use std::sync::Arc;
use std::time::Duration;

use crate::chat::protocol::clean_text;
use crate::cli::ChatServeArgs;
use crate::output::Output;
use room::{Limits, Room};

/// How a connection's lines are written: nt's protocol, or the course's `from:text` in
/// GBK (for a client that sent its nickname without a newline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Nt,
    Course,
}

/// Raise the open-files soft limit to the hard limit, so thousands of users fit.
fn raise_nofile() -> u64 {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit only read and write the struct we pass.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 0;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                return raised.rlim_cur;
            }
        }
    }
    limit.rlim_cur
}

/// Run the server until it is killed (Ctrl-C: exit 130).
pub async fn serve(args: ChatServeArgs, out: &Output) -> anyhow::Result<()> {
    let files = raise_nofile();
    out.debug(&format!("open-files limit {files}"));
    let identity = args.certs.identity(args.tls, &[args.addr.host_text()])?;
    let acceptor = match &identity {
        Some(identity) => Some(crate::net::acceptor(identity.server_config()?)),
        None => None,
    };
    let listener = crate::net::listen_async(&args.addr, out)?;
    if let Some(identity) = &identity {
        identity.announce(out);
    }
    let limits = Limits {
        max_clients: args.max_clients,
        max_line: usize::try_from(args.max_line.0).unwrap_or(usize::MAX),
        rate: args.rate,
        burst: args.burst,
        max_backlog: args.max_backlog.0,
        stall: args.stall,
        login_timeout: args.login_timeout,
        max_pending: args.max_pending,
        announce_max: args.announce_max,
    };
    let motd = args.motd.as_deref().map(|m| clean_text(m).into_owned());
    let room = Arc::new(Room::new(limits, motd, out.clone()));
    tokio::spawn(operator::commands(room.clone()));
    loop {
        match listener.accept().await {
            Ok((stream, peer)) => {
                tokio::spawn(user::connection(room.clone(), stream, peer, acceptor.clone()));
            }
            Err(e) => {
                // Out of file descriptors, or a connection reset while queued: keep going.
                out.warn(&format!("accept failed: {e}"));
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}
