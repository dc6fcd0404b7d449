//! Where a message goes: the configured SMTP server, or each recipient domain's MX.
//!
//! With `--server` (or `NT_SMTP_SERVER`, or `server` in the config) the message goes
//! there, with the chosen TLS mode and a login. Without any, nt delivers as an MTA does:
//! recipients are grouped by domain, each domain's exchanges ([`mx`]) are tried lowest
//! preference first, each of their addresses in turn, on port 25 (or `--port`). A
//! connection failure, a timeout or a 4xx greeting moves on to the next address; any
//! other answer is final. MX delivery never logs in and uses opportunistic STARTTLS:
//! encrypted when the server offers it, without checking its certificate (an MX's name
//! comes from unauthenticated DNS, so checking it would prove little; this is Postfix's
//! default `may` level). `--pin` is still checked, `--tls starttls` makes TLS required and
//! verified, `--tls off` turns it off. No protocol here beyond picking servers.

use std::net::{IpAddr, SocketAddr};

use lettre::Address;
use serde::Serialize;

use super::draft::Draft;
use super::mx;
use super::smtp::{Security, Server, SmtpClient};
use crate::cli::MailSendArgs;
use crate::config::MailSection;
use crate::config::MailTls;
use crate::error::{Kind, fail, kind_of, one_line};
use crate::net::Dialer;
use crate::output::Output;
use crate::secret::Secret;
use crate::tls::Policy;

/// One finished SMTP transaction, for the summary.
#[derive(Debug, Serialize)]
pub struct Delivery {
    /// The recipient domain (MX delivery only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The exchange's name (MX delivery only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exchange: Option<String>,
    pub server: String,
    pub tls: &'static str,
    pub encrypted: bool,
    pub recipients: Vec<String>,
    pub reply: String,
}

/// The configured server, or MX delivery with what every exchange shares.
pub enum Route {
    Server(Server),
    Mx { base: Server, dns: Option<SocketAddr> },
}

/// Decide the route from flags and config.
pub fn plan(args: &MailSendArgs, cfg: &MailSection, ehlo: Option<String>) -> anyhow::Result<Route> {
    let dialer = Dialer::new(Some(args.timeout)).via(&args.proxy);
    let Some(text) = args.server.clone().or_else(|| cfg.server.clone()) else {
        let dns = match &args.dns {
            Some(text) => Some(mx::parse_dns(text).map_err(|e| fail(Kind::Usage, e))?),
            None => None,
        };
        // Opportunistic TLS verifies nothing but a pin; an explicit mode is the usual policy.
        let (security, policy) = match args.tls {
            Some(mode) => {
                (Security::from_mode(mode), args.verify.policy(false, cfg.pin.as_deref())?)
            }
            None => (Security::Opportunistic, Policy::new(true, args.verify.pin.as_deref())?),
        };
        let port = args.port.unwrap_or(25);
        if port == 0 {
            return Err(fail(Kind::Usage, "invalid port 0: must be 1-65535"));
        }
        let base = Server {
            host: String::new(),
            connect: None,
            port,
            security,
            policy,
            dialer,
            timeout: args.timeout,
            ehlo,
            retries: args.retries,
        };
        return Ok(Route::Mx { base, dns });
    };
    let (host, port_in_host) = split_server(&text)?;
    let tls = args.tls.or(cfg.tls);
    let port = args.port.or(port_in_host).or(cfg.port);
    let (tls, port) = match (tls, port) {
        (Some(mode), Some(port)) => (mode, port),
        (Some(MailTls::Tls), None) => (MailTls::Tls, 465),
        (Some(MailTls::Off), None) => (MailTls::Off, 25),
        (Some(MailTls::Starttls), None) | (None, None) => (MailTls::Starttls, 587),
        (None, Some(465)) => (MailTls::Tls, 465),
        (None, Some(port)) => (MailTls::Starttls, port),
    };
    if port == 0 {
        return Err(fail(Kind::Usage, "invalid port 0: must be 1-65535"));
    }
    let policy = args.verify.policy(cfg.insecure.unwrap_or(false), cfg.pin.as_deref())?;
    Ok(Route::Server(Server {
        host,
        connect: None,
        port,
        security: Security::from_mode(tls),
        policy,
        dialer,
        timeout: args.timeout,
        ehlo,
        retries: args.retries,
    }))
}

/// `host`, `host:port`, `[v6]:port` or a bare IPv6 address.
pub fn split_server(text: &str) -> anyhow::Result<(String, Option<u16>)> {
    let text = text.trim();
    if text.parse::<std::net::Ipv6Addr>().is_ok() {
        return Ok((text.to_string(), None));
    }
    if text.contains(':') {
        let addr = crate::addr::parse_connect(text).map_err(|e| fail(Kind::Usage, e))?;
        return Ok((addr.host_text(), Some(addr.port)));
    }
    crate::addr::parse_connect(&format!("{text}:25")).map_err(|e| fail(Kind::Usage, e))?;
    Ok((text.to_string(), None))
}

impl Route {
    /// The server a login would go to (none for MX delivery).
    pub fn login_host(&self) -> Option<&Server> {
        match self {
            Route::Server(server) => Some(server),
            Route::Mx { .. } => None,
        }
    }

    pub fn is_mx(&self) -> bool {
        matches!(self, Route::Mx { .. })
    }

    /// Send the message: one transaction to the server, or one per recipient domain.
    pub fn deliver(
        &self,
        draft: &Draft,
        login: Option<&(String, Secret)>,
        out: &Output,
        tick: &mut dyn FnMut(u64),
    ) -> anyhow::Result<Vec<Delivery>> {
        match self {
            Route::Server(server) => {
                Ok(vec![transaction(server, draft, &draft.recipients, login, out, tick)?])
            }
            Route::Mx { base, dns } => {
                let mut done = Vec::new();
                for (domain, recipients) in by_domain(&draft.recipients) {
                    let delivery = deliver_mx(base, *dns, &domain, draft, &recipients, out, tick)
                        .map_err(|e| partial(e, &done))?;
                    done.push(delivery);
                }
                Ok(done)
            }
        }
    }
}

/// An error after some domains already have the message says so.
fn partial(err: anyhow::Error, done: &[Delivery]) -> anyhow::Error {
    if done.is_empty() {
        return err;
    }
    let domains: Vec<&str> = done.iter().filter_map(|d| d.domain.as_deref()).collect();
    let kind = kind_of(&err);
    fail(kind, format!("{} (already delivered to {})", one_line(&err), domains.join(", ")))
}

/// Recipients grouped by domain, in the order the domains first appear.
fn by_domain(recipients: &[Address]) -> Vec<(String, Vec<Address>)> {
    let mut groups: Vec<(String, Vec<Address>)> = Vec::new();
    for rcpt in recipients {
        let domain = rcpt.domain().to_ascii_lowercase();
        match groups.iter_mut().find(|(d, _)| *d == domain) {
            Some((_, list)) => list.push(rcpt.clone()),
            None => groups.push((domain, vec![rcpt.clone()])),
        }
    }
    groups
}

fn deliver_mx(
    base: &Server,
    dns: Option<SocketAddr>,
    domain: &str,
    draft: &Draft,
    recipients: &[Address],
    out: &Output,
    tick: &mut dyn FnMut(u64),
) -> anyhow::Result<Delivery> {
    let exchanges = mx::exchanges(domain, dns, base.timeout)?;
    let mut last = None;
    for exchange in &exchanges {
        for ip in &exchange.addrs {
            out.debug(&format!(
                "trying MX {} (preference {}) at {ip}",
                exchange.host, exchange.preference
            ));
            let server = exchange_server(base, &exchange.host, *ip);
            match transaction(&server, draft, recipients, None, out, tick) {
                Ok(mut delivery) => {
                    delivery.domain = Some(domain.to_string());
                    delivery.exchange = Some(exchange.host.clone());
                    return Ok(delivery);
                }
                Err(e) if kind_of(&e) == Kind::Network => {
                    out.warn(&format!("MX {} ({ip}): {}", exchange.host, one_line(&e)));
                    last = Some(e);
                }
                Err(e) => return Err(e),
            }
        }
    }
    let err = last.unwrap_or_else(|| fail(Kind::Network, "no address to try"));
    Err(err.context(format!("no mail server of {domain} took the message")).context(Kind::Network))
}

fn exchange_server(base: &Server, host: &str, ip: IpAddr) -> Server {
    Server { host: host.to_string(), connect: Some(ip), ..base.clone() }
}

/// Connect, log in if asked, send to `recipients`, say goodbye.
fn transaction(
    server: &Server,
    draft: &Draft,
    recipients: &[Address],
    login: Option<&(String, Secret)>,
    out: &Output,
    tick: &mut dyn FnMut(u64),
) -> anyhow::Result<Delivery> {
    let mut client = SmtpClient::open(server, out)?;
    if let Some((user, password)) = login {
        client.login(user, password)?;
    }
    let reply = client.send(draft, recipients, tick)?;
    let delivery = Delivery {
        domain: None,
        exchange: None,
        server: client.peer.to_string(),
        tls: if server.security == Security::Opportunistic && client.encrypted {
            "starttls"
        } else {
            server.security.name()
        },
        encrypted: client.encrypted,
        recipients: recipients.iter().map(ToString::to_string).collect(),
        reply: reply.text(),
    };
    client.quit();
    Ok(delivery)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn server_forms() {
        assert_eq!(split_server("smtp.example.org").unwrap(), ("smtp.example.org".into(), None));
        assert_eq!(split_server("127.0.0.1:2525").unwrap(), ("127.0.0.1".into(), Some(2525)));
        assert_eq!(split_server("[::1]:25").unwrap(), ("::1".into(), Some(25)));
        assert_eq!(split_server("::1").unwrap(), ("::1".into(), None));
        assert!(split_server("bad host").is_err());
        assert!(split_server("host:0").is_err());
    }

    #[test]
    fn recipients_group_by_domain() {
        let list: Vec<Address> =
            ["a@x.test", "b@Y.test", "c@X.TEST"].iter().map(|a| a.parse().unwrap()).collect();
        let groups = by_domain(&list);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].0, "x.test");
        assert_eq!(groups[0].1.len(), 2);
        assert_eq!(groups[1].0, "y.test");
    }

    proptest! {
        #[test]
        fn server_parser_never_panics(text in "\\PC{0,40}") {
            let _ = split_server(&text);
        }
    }
}
