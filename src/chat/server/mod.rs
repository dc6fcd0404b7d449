//! `nt chat serve`: listen (through `net.rs`, with TLS when asked), accept, and run one
//! task per connection around one shared room.
//!
//! - `room`: who is online, the nickname claims, the counters that bound connections;
//! - `log`: the room's fan-out, every line stored once and shared by all users' queues;
//! - `user`: one connection (login, reader with the flood limit as fake lag);
//! - `writer`: a user's writer, judged by progress (`--stall`, `--max-backlog`);
//! - `operator`: the commands and notices typed on the server's stdin;
//! - `bus`: the bus as the room sees it (a trait), so the room needs no Redis;
//! - `cluster`: `--cluster`, one room across nodes over Redis, the bus's implementation.
//!
//! Ctrl-C keeps its default action (`signal.rs`): the server dies at once, exit 130.
//!
//! Why memory stays small (19,000 users in under 100 MiB): a user's queue is a pointer into
//! the shared log, an idle user holds no read or write buffer (reads go through a stack
//! buffer, writes take their lines from the log), and a reply to one user wakes only that
//! user's writer. Each broadcast line is encoded once and shared; a writer drains what is
//! queued for its user into one write, borrowing the lines from the log (no reference
//! count per line and reader). A connection's task holds only the plain path inline: TLS
//! and the cluster's waits are boxed, taken only by the connections that use them. The
//! slow-reader policies cost nothing while nobody is slow: the byte budget is counted from
//! the log's offsets, and the stall timer is armed only while a write waits.

mod bus;
pub mod cluster;
mod log;
mod operator;
mod room;
mod user;
mod writer;

use std::sync::Arc;
use std::time::Duration;

use crate::addr::cluster::parse_redis_url;
use crate::chat::protocol::{self, clean_text};
use crate::cli::ChatServeArgs;
use crate::config::Config;
use crate::error::{Kind, fail};
use crate::net::serve::{Bounds, Refused, Server};
use crate::output::Output;
use room::{Limits, Room};

/// The cluster's settings from the flags and `[chat]` in the config; `None` for a
/// server on its own. A password comes from NT_REDIS_PASSWORD, else the config's URL.
fn cluster_settings(
    args: &ChatServeArgs,
    config: &Config,
    max_text: usize,
) -> anyhow::Result<Option<cluster::Settings>> {
    let chat = config.chat();
    let usage = |e: String| fail(Kind::Usage, e);
    let from_file = |what: &str| format!("{what} in {}", config.path.display());
    let url = match (&args.cluster, &chat.cluster) {
        (Some(text), _) => {
            parse_redis_url(text, false).map_err(|e| usage(format!("--cluster: {e}")))?
        }
        (None, Some(text)) => parse_redis_url(text, true)
            .map_err(|e| usage(format!("invalid [chat] cluster {}: {e}", from_file("URL"))))?,
        (None, None) if args.node.is_some() || args.lease.is_some() => {
            return Err(usage("--node and --lease need --cluster (or [chat] cluster)".into()));
        }
        (None, None) => return Ok(None),
    };
    // The config's values were read with the flags' parsers when the file was loaded.
    let node = args.node.clone().or_else(|| chat.node.clone());
    let lease = args.lease.or(chat.lease).unwrap_or(Duration::from_secs(30));
    let pin = args.cluster_pin.as_deref().or(chat.cluster_pin.as_deref());
    let insecure = args.cluster_insecure || chat.cluster_insecure.unwrap_or(false);
    let tls = match url.tls {
        true => Some(crate::tls::Policy::new(insecure, pin)?),
        false if pin.is_some() || insecure => {
            return Err(usage(
                "--cluster-pin and --cluster-insecure are for rediss:// only".into(),
            ));
        }
        false => None,
    };
    let password = match std::env::var("NT_REDIS_PASSWORD") {
        Ok(password) if !password.is_empty() => Some(crate::secret::Secret::new(password)),
        _ => url.password.clone(),
    };
    let timeout = args.timeout;
    Ok(Some(cluster::Settings { url, password, tls, node, lease, timeout, max_text }))
}

/// Run the server until it is killed (Ctrl-C: exit 130).
pub async fn serve(args: ChatServeArgs, config: &Config, out: &Output) -> anyhow::Result<()> {
    let files = crate::net::raise_open_files();
    out.debug(&format!("open-files limit {files}"));
    let max_line = usize::try_from(args.max_line.0).unwrap_or(usize::MAX);
    let cluster = match cluster_settings(&args, config, max_line)? {
        Some(settings) => Some(cluster::start(settings, out).await?),
        None => None,
    };
    let identity = args.certs.identity(args.tls, &[args.addr.host_text()])?;
    let acceptor = match &identity {
        Some(identity) => Some(crate::net::acceptor(identity.server_config()?)),
        None => None,
    };
    let bounds = Bounds {
        max_clients: args.max_clients,
        per_source: args.max_pending,
        login: Some(args.login_timeout),
    };
    let plain = acceptor.is_none();
    let server = Server::bind(&args.addr, None, bounds, out)?
        .refusing(move |why, peer| match plain {
            // A TLS client cannot read a plain line: it is closed without one.
            false => Vec::new(),
            true => refusal(why, peer, bounds),
        })
        .logging({
            let out = out.clone();
            move |why, peer| out.debug(&format!("turned away {peer}: {why:?}"))
        });
    if let Some(identity) = &identity {
        identity.announce(out);
    }
    let limits = Limits {
        max_line,
        rate: args.rate,
        burst: args.burst,
        max_backlog: args.max_backlog.0,
        stall: args.stall,
        login_timeout: args.login_timeout,
        announce_max: args.announce_max,
    };
    let motd = args.motd.as_deref().map(|m| clean_text(m).into_owned());
    let (node, runner) = cluster.unzip();
    let bus = node.map(|node| node as Arc<dyn bus::Bus>);
    let room = Arc::new(Room::new(limits, motd, out.clone(), bus));
    if let Some(runner) = runner {
        tokio::spawn(runner.run(room.clone()));
    }
    tokio::spawn(operator::commands(room.clone()));
    loop {
        let client = server.accept().await;
        let (room, tls) = (room.clone(), acceptor.clone());
        tokio::spawn(user::connection(room, client.stream, client.peer, tls, client.pass));
    }
}

/// The line a turned-away client reads, in nt's protocol.
fn refusal(why: Refused, peer: &std::net::SocketAddr, bounds: Bounds) -> Vec<u8> {
    let event = match why {
        Refused::Full => protocol::Event::Error {
            code: "full".into(),
            text: format!("server full ({} users)", bounds.max_clients),
        },
        Refused::Source => protocol::Event::Error {
            code: "busy".into(),
            text: format!(
                "too many connections from {} are choosing a nickname; try again soon",
                peer.ip().to_canonical()
            ),
        },
    };
    room::encode(&event).to_vec()
}
