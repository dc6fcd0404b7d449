//! The node's connections to the cluster's Redis: one for commands (multiplexed) and one
//! for the pub/sub subscription, both dialed through `net.rs` (deadline, TLS policy), and
//! [`join`], which connects and takes the node's name when `nt chat serve` starts.
//!
//! At start, Redis must answer within `--timeout` or `nt chat serve` exits 4 (5 for a refused
//! password or certificate). The task that keeps the link afterwards is `runner.rs`; nothing here
//! knows the room or the node's state. Every Redis command is bounded by `--timeout` ([`bounded`]).

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use redis::aio::{MultiplexedConnection, PubSub, PubSubStream};
use redis::{RedisConnectionInfo, RedisError};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::task::JoinHandle;

use super::bounded::{Bounded, Scanner};
use super::lease::{self, unix_ms};
use super::wire::OVERHEAD;
use crate::addr::cluster::RedisUrl;
use crate::chat::server::bus::Lease;
use crate::error::{Kind, Tag, fail};
use crate::net::{Deadline, Dialer};
use crate::output::Output;
use crate::secret::Secret;
use crate::tls::Policy;

/// How to reach the cluster and what to promise it.
pub struct Settings {
    pub url: RedisUrl,
    pub password: Option<Secret>,
    /// For rediss://: the TLS policy (system roots, `--cluster-pin`, `--cluster-insecure`).
    pub tls: Option<Policy>,
    /// `--node`; a random name when not given.
    pub node: Option<String>,
    pub lease: Duration,
    pub timeout: Duration,
    /// `--max-line`: the longest text accepted from the bus.
    pub max_text: usize,
}

/// The SHA-1 names of the lease scripts, loaded on each connection.
pub struct Scripts {
    pub hold: String,
    pub release: String,
    pub moved: String,
    pub free: String,
}

/// The command connection while the link is up, with the loaded scripts.
#[derive(Clone)]
pub(super) struct Commands {
    pub(super) conn: MultiplexedConnection,
    pub(super) scripts: Arc<Scripts>,
}

/// Both connections, ready.
pub(super) struct Connected {
    pub(super) link: Commands,
    pub(super) messages: PubSubStream,
    pub(super) driver: JoinHandle<()>,
}

/// Anything Redis can be spoken over: TCP, or TLS over TCP.
trait Duplex: AsyncRead + AsyncWrite + Unpin + Send + 'static {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + 'static> Duplex for T {}

/// Connect (within `--timeout`) and take the node's name: both connections, the name and
/// the node's own lease.
pub(super) async fn join(
    settings: &Settings,
    out: &Output,
) -> anyhow::Result<(Connected, String, Lease)> {
    let what = || format!("cannot join the cluster at {}", settings.url);
    let (link, driver) = open_commands(settings, out).await.with_context(what)?;
    let (node, node_lease) = match take_name(settings, &link).await {
        Ok(taken) => taken,
        Err(e) => {
            driver.abort();
            return Err(e);
        }
    };
    match open_subscription(settings, &node, out).await {
        Ok(messages) => Ok((Connected { link, messages, driver }, node, node_lease)),
        Err(e) => {
            driver.abort();
            Err(e.context(what()))
        }
    }
}

/// Take `--node` (or a random name: five tries) as long as no running node has it.
async fn take_name(settings: &Settings, link: &Commands) -> anyhow::Result<(String, Lease)> {
    let mut conn = link.conn.clone();
    let mut tries = 0;
    loop {
        let node = settings.node.clone().unwrap_or_else(random_node);
        let value = format!("{:015}|{node}", unix_ms());
        let node_lease = Lease { key: lease::node_key(&node), value };
        let mut cmd = redis::cmd("SET");
        cmd.arg(&node_lease.key).arg(&node_lease.value).arg("NX").arg("PX").arg(ms(settings.lease));
        let set: redis::Value = bounded(settings.timeout, cmd.query_async(&mut conn))
            .await
            .map_err(|e| redis_error(e, "cannot take the node's name"))?;
        if set != redis::Value::Nil {
            return Ok((node, node_lease));
        }
        tries += 1;
        if settings.node.is_some() || tries == 5 {
            return Err(fail(
                Kind::Usage,
                format!("node name '{node}' is taken by a running node"),
            ))
            .hint("give each node its own --node NAME");
        }
    }
}

/// A node name nobody chose: 6 of a-z0-9 from the system's random source.
fn random_node() -> String {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 6];
    // Without randomness, the clock's nanoseconds still make a usable name.
    if ring::rand::SystemRandom::new().fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        bytes = nanos.to_le_bytes().repeat(2)[..6].try_into().unwrap_or([7; 6]);
    }
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect()
}

pub fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// A Redis command's result within `limit`; a timeout is an I/O error that says so.
pub async fn bounded<T>(
    limit: Duration,
    query: impl std::future::Future<Output = redis::RedisResult<T>>,
) -> redis::RedisResult<T> {
    match tokio::time::timeout(limit, query).await {
        Ok(result) => result,
        Err(_) => {
            Err(RedisError::from(std::io::Error::new(std::io::ErrorKind::TimedOut, "timed out")))
        }
    }
}

/// A Redis error as nt reports it: a refused password is exit 5, the rest exit 4.
pub fn redis_error(err: RedisError, what: &str) -> anyhow::Error {
    let auth = err.kind() == redis::ErrorKind::AuthenticationFailed
        || matches!(err.code(), Some("NOAUTH" | "WRONGPASS" | "NOPERM"));
    if err.is_timeout() {
        return crate::net::timed_out(what);
    }
    let kind = if auth { Kind::AuthTls } else { Kind::Network };
    anyhow::Error::new(err).context(what.to_string()).context(kind)
}

/// Dial Redis through the one network layer (TLS with nt's policy for rediss://); every
/// reply read from it is bounded (`bounded.rs`).
async fn dial(settings: &Settings, out: &Output) -> anyhow::Result<Box<dyn Duplex>> {
    let deadline = Deadline::after(Some(settings.timeout));
    let tcp = Dialer::new(Some(settings.timeout)).connect_async(&settings.url.addr, out).await?;
    let max_string = settings.max_text.saturating_mul(2).saturating_add(OVERHEAD);
    match &settings.tls {
        None => Ok(Box::new(Bounded::new(tcp, Scanner::new(max_string)))),
        Some(policy) => {
            let host = settings.url.addr.host_text();
            let tls = crate::net::tls_connect_async(tcp, &host, policy, &deadline).await?;
            Ok(Box::new(Bounded::new(tls, Scanner::new(max_string))))
        }
    }
}

fn connection_info(settings: &Settings) -> RedisConnectionInfo {
    let mut info = RedisConnectionInfo::default().set_db(i64::from(settings.url.db));
    if let Some(user) = &settings.url.user {
        info = info.set_username(user);
    }
    if let Some(password) = &settings.password {
        info = info.set_password(password.expose());
    }
    info
}

/// Open the command connection and load the scripts, within `--timeout` each step.
async fn open_commands(
    settings: &Settings,
    out: &Output,
) -> anyhow::Result<(Commands, JoinHandle<()>)> {
    let info = connection_info(settings);
    let limit = settings.timeout;
    let stream = dial(settings, out).await?;
    let config = redis::AsyncConnectionConfig::new();
    let opened =
        bounded(limit, MultiplexedConnection::new_with_config(&info, stream, config)).await;
    let (mut conn, driver) = opened.map_err(|e| redis_error(e, "connecting to Redis"))?;
    conn.set_response_timeout(limit);
    let driver = tokio::spawn(driver);
    let mut names = Vec::new();
    for text in [lease::HOLD, lease::RELEASE, lease::MOVE, lease::FREE] {
        let mut cmd = redis::cmd("SCRIPT");
        cmd.arg("LOAD").arg(text);
        let loaded = bounded(limit, cmd.query_async::<String>(&mut conn)).await;
        names.push(loaded.map_err(|e| redis_error(e, "cannot load the lease scripts"))?);
    }
    let [hold, release, moved, free] = <[String; 4]>::try_from(names).unwrap_or_default();
    Ok((Commands { conn, scripts: Arc::new(Scripts { hold, release, moved, free }) }, driver))
}

/// Open the subscription to the room's channel and this node's.
async fn open_subscription(
    settings: &Settings,
    node: &str,
    out: &Output,
) -> anyhow::Result<PubSubStream> {
    let limit = settings.timeout;
    let stream = dial(settings, out).await?;
    let mut pubsub = bounded(limit, PubSub::new(&connection_info(settings), stream))
        .await
        .map_err(|e| redis_error(e, "subscribing"))?;
    for channel in [lease::room_channel(), lease::node_channel(node)] {
        bounded(limit, pubsub.subscribe(&channel))
            .await
            .map_err(|e| redis_error(e, "cannot subscribe"))?;
    }
    Ok(pubsub.into_on_message())
}

/// Both connections of a node whose name is known.
pub(super) async fn connect(
    settings: &Settings,
    node: &str,
    out: &Output,
) -> anyhow::Result<Connected> {
    let (link, driver) = open_commands(settings, out).await?;
    match open_subscription(settings, node, out).await {
        Ok(messages) => Ok(Connected { link, messages, driver }),
        Err(e) => {
            driver.abort();
            Err(e)
        }
    }
}
