//! The libunftp side of `nt ftp serve`: one libunftp `Server` per session, configured for
//! the address the client reached, and who may log in.
//!
//! A server is built per session because nt accepts the connections itself (through
//! `net.rs`) and hands libunftp a loopback stream (see `control.rs`): libunftp would
//! otherwise take the loopback address for the client's, so each session gets the real
//! one for its passive replies (PASV's address) and for binding its data ports
//! ([`DataPorts`]). Nothing here reads the terminal or prints.

use std::net::{IpAddr, SocketAddr};
use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use libunftp::options::PassiveHost;
use libunftp::{Server, ServerBuilder};
use unftp_core::auth::{AuthenticationError, Authenticator, Credentials, DefaultUser, Principal};

use super::data::Link;
use super::jail::Jail;
use super::log::Drain;
use crate::net;
use crate::output::Output;
use crate::secret::Secret;

/// The greeting every client sees first.
const GREETING: &str = "nt ftp serve ready";

/// Who may log in: anonymous (`anonymous` or `ftp`, any password), or one named user.
#[derive(Debug)]
pub struct Login {
    pub user: Option<(String, Secret)>,
}

impl Login {
    fn check(
        &self,
        username: &str,
        password: Option<&str>,
    ) -> Result<Principal, AuthenticationError> {
        let anonymous = username.eq_ignore_ascii_case("anonymous") || username == "ftp";
        match &self.user {
            None if anonymous => Ok(Principal { username: "anonymous".into() }),
            None => Err(AuthenticationError::BadUser),
            Some((name, secret)) if name == username => {
                let given = password.unwrap_or("").as_bytes();
                if same_bytes(given, secret.expose().as_bytes()) {
                    Ok(Principal { username: username.into() })
                } else {
                    Err(AuthenticationError::BadPassword)
                }
            }
            Some(_) => Err(AuthenticationError::BadUser),
        }
    }
}

/// Compare without leaking where the first difference is.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[async_trait]
impl Authenticator for Login {
    async fn authenticate(
        &self,
        username: &str,
        creds: &Credentials,
    ) -> Result<Principal, AuthenticationError> {
        // A failure's 530 is held back by the control relay, longer per source address
        // (`guard.rs`): libunftp sees only nt's loopback address.
        self.check(username, creds.password.as_deref())
    }
}

/// Binds a session's passive data ports on loopback, at any free port: the client never
/// sees them, it reaches the ports nt's forwarder binds in `--passive-ports` (`data.rs`).
#[derive(Debug)]
struct InsidePorts {
    ip: IpAddr,
}

#[async_trait]
impl libunftp::options::Binder for InsidePorts {
    async fn bind(
        &mut self,
        _control_local: IpAddr,
        _ports: RangeInclusive<u16>,
    ) -> std::io::Result<tokio::net::TcpSocket> {
        net::bind_in_range(self.ip, 1024..=65535)
    }
}

/// What every session's libunftp server shares.
pub struct Shared {
    pub out: Output,
    pub dir: PathBuf,
    pub root: Arc<cap_std::fs::Dir>,
    pub write: bool,
    pub login: Arc<Login>,
    pub passive_ports: RangeInclusive<u16>,
    pub idle: Duration,
    /// `--max-upload`.
    pub max_upload: u64,
    /// The rustls configuration for data connections under PROT P (nt's side: libunftp
    /// never sees PROT, see `control/policy.rs`).
    pub tls: Option<Arc<rustls::ServerConfig>>,
    /// Passive listeners per client address, over every session.
    pub sources: Arc<crate::net::serve::Sources>,
}

/// A libunftp server for the session of `peer`, whose control connection and data ports
/// are on the loopback address `inside`.
pub fn build(
    shared: &Shared,
    inside: IpAddr,
    peer: SocketAddr,
    link: Arc<Link>,
) -> anyhow::Result<Server<Jail, DefaultUser>> {
    let (dir, root, write) = (shared.dir.clone(), shared.root.clone(), shared.write);
    let storage = Box::new(move || Jail::new(&dir, root.clone(), write, link.clone()));
    let logger = slog::Logger::root(Drain { out: shared.out.clone(), peer }, slog::o!());
    let mut builder = ServerBuilder::with_authenticator(storage, shared.login.clone())
        .greeting(GREETING)
        .passive_host(PassiveHost::FromConnection)
        .binder(InsidePorts { ip: inside })
        .idle_session_timeout(shared.idle.as_secs())
        .logger(logger);
    if let Some(config) = &shared.tls {
        builder = builder.ftps_manual::<PathBuf>(config.clone());
    }
    builder.build().map_err(|e| anyhow::anyhow!("cannot start the FTP session: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins() {
        let anonymous = Login { user: None };
        assert!(anonymous.check("anonymous", Some("x@")).is_ok());
        assert!(anonymous.check("ftp", None).is_ok());
        assert!(anonymous.check("alice", Some("pw")).is_err());
        let alice = Login { user: Some(("alice".into(), Secret::new("s3cret"))) };
        assert!(alice.check("alice", Some("s3cret")).is_ok());
        assert!(alice.check("alice", Some("s3cre")).is_err());
        assert!(alice.check("alice", None).is_err());
        assert!(alice.check("anonymous", Some("s3cret")).is_err());
        assert!(alice.check("bob", Some("s3cret")).is_err());
    }
}
