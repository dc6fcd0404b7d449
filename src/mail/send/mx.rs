//! Where mail for a domain goes: its MX records, lowest preference first, else the
//! domain's own A/AAAA addresses (the implicit MX of RFC 5321 5.1).
//!
//! The lookup uses hickory-resolver (no TLS features, so no second crypto library) on a
//! small current-thread tokio runtime, with the system's resolver configuration
//! (`/etc/resolv.conf`) or one server named by `--dns ADDR` / `NT_DNS`. The exchanges'
//! addresses are looked up through the same resolver, so a test zone served by a local
//! DNS server works end to end. A null MX (RFC 7505, `MX 0 .`) is a domain that accepts no
//! mail (exit 6). Every query is bounded by `--timeout`. No SMTP here.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig};
use hickory_resolver::net::NetError;
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::RData;
use hickory_resolver::{Resolver, TokioResolver};

use crate::error::{Kind, fail};
use crate::net::timed_out;

/// One mail exchange to try, with its addresses in the order to try them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub host: String,
    pub preference: u16,
    pub addrs: Vec<IpAddr>,
}

/// The exchanges for `domain` in the order RFC 5321 tries them.
pub fn exchanges(
    domain: &str,
    dns: Option<SocketAddr>,
    timeout: Duration,
) -> anyhow::Result<Vec<Exchange>> {
    let what = format!("looking up the mail servers of {domain}");
    crate::net::block_on(crate::net::Threads::One, async {
        match tokio::time::timeout(timeout, lookup(domain, dns, timeout)).await {
            Ok(result) => result,
            Err(_) => Err(timed_out(&what)),
        }
    })?
}

fn resolver(dns: Option<SocketAddr>, timeout: Duration) -> anyhow::Result<TokioResolver> {
    let mut builder = match dns {
        Some(server) => {
            let mut udp = ConnectionConfig::udp();
            udp.port = server.port();
            let mut tcp = ConnectionConfig::tcp();
            tcp.port = server.port();
            let ns = NameServerConfig::new(server.ip(), true, vec![udp, tcp]);
            let config = ResolverConfig::from_name_servers(vec![ns]);
            Resolver::builder_with_config(config, TokioRuntimeProvider::default())
        }
        None => TokioResolver::builder_tokio().map_err(|e| {
            fail(Kind::Network, format!("cannot read the system's DNS configuration: {e}"))
        })?,
    };
    builder.options_mut().timeout = timeout;
    builder.build().map_err(|e| fail(Kind::Network, format!("cannot start the DNS resolver: {e}")))
}

async fn lookup(
    domain: &str,
    dns: Option<SocketAddr>,
    timeout: Duration,
) -> anyhow::Result<Vec<Exchange>> {
    let resolver = resolver(dns, timeout)?;
    // A trailing dot: the name is absolute, no search domains are tried.
    let fqdn = format!("{}.", domain.trim_end_matches('.'));
    let mut records: Vec<(u16, String)> = match resolver.mx_lookup(fqdn.as_str()).await {
        Ok(found) => found
            .answers()
            .iter()
            .filter_map(|r| match &r.data {
                RData::MX(mx) => Some((mx.preference, mx.exchange.to_ascii())),
                _ => None,
            })
            .collect(),
        Err(e) if e.is_no_records_found() && !e.is_nx_domain() => Vec::new(),
        Err(e) => return Err(dns_error(domain, "MX", &e)),
    };
    if records.iter().any(|(_, host)| host == ".") {
        return Err(fail(
            Kind::Refused,
            format!("{domain} accepts no mail (it publishes a null MX record, RFC 7505)"),
        ));
    }
    if records.is_empty() {
        // No MX: the domain itself is the mail server (RFC 5321 5.1).
        records.push((0, fqdn.clone()));
    }
    records.sort_by_key(|(preference, _)| *preference);
    let mut exchanges = Vec::new();
    for (preference, host) in records {
        let addrs = match resolver.lookup_ip(host.as_str()).await {
            Ok(found) => found.iter().collect(),
            // One exchange without an address does not stop the others.
            Err(e) if e.is_no_records_found() => Vec::new(),
            Err(e) => return Err(dns_error(&host, "address", &e)),
        };
        let host = host.trim_end_matches('.').to_string();
        exchanges.push(Exchange { host, preference, addrs });
    }
    if exchanges.iter().all(|x| x.addrs.is_empty()) {
        let names: Vec<&str> = exchanges.iter().map(|x| x.host.as_str()).collect();
        return Err(fail(
            Kind::Network,
            format!("no address for the mail servers of {domain} ({})", names.join(", ")),
        ));
    }
    Ok(exchanges)
}

fn dns_error(name: &str, what: &str, err: &NetError) -> anyhow::Error {
    if err.is_nx_domain() {
        return fail(Kind::Network, format!("cannot resolve {name}: no such domain"));
    }
    fail(Kind::Network, format!("cannot look up the {what} records of {name}: {err}"))
}

/// `--dns ADDR`: an IP address, with port 53 unless one is given (`127.0.0.1:5353`,
/// `[::1]:53`).
pub fn parse_dns(text: &str) -> Result<SocketAddr, String> {
    let text = text.trim();
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, 53));
    }
    match text.parse::<SocketAddr>() {
        Ok(addr) if addr.port() != 0 => Ok(addr),
        _ => Err(format!(
            "invalid --dns '{text}': give a DNS server's IP address, optionally with a port (127.0.0.1:5353)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dns_servers_parse() {
        assert_eq!(parse_dns("127.0.0.1").unwrap(), "127.0.0.1:53".parse().unwrap());
        assert_eq!(parse_dns("127.0.0.1:5353").unwrap(), "127.0.0.1:5353".parse().unwrap());
        assert_eq!(parse_dns("::1").unwrap(), "[::1]:53".parse().unwrap());
        assert!(parse_dns("dns.example").is_err());
        assert!(parse_dns("127.0.0.1:0").is_err());
    }

    proptest! {
        #[test]
        fn dns_parser_never_panics(text in "\\PC{0,30}") {
            let _ = parse_dns(&text);
        }
    }
}
