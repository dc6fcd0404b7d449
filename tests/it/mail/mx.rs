//! MX delivery (no --server, no configured server) against a DNS server the test starts:
//! dnsmasq on a loopback port serving a test zone whose exchanges point at the test's own
//! SMTP sinks on other loopback addresses (127.0.0.2, 127.0.0.3). Never a real domain.
//!
//! Zone: `example.test`, `other.test`, `fallback.test`. Covered: the lowest preference wins
//! after a dead exchange, the A record stands in for a missing MX, two domains get two
//! transactions, an unknown domain is exit 4. `#[ignore = "needs dnsmasq"]`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::sink::{Mode, Rules, Sink};
use crate::common::{Home, KillOnDrop, assert_error, on_free_ports, run, spawn_listening};

/// dnsmasq on 127.0.0.1 with `records`, killed on Drop; returns once it listens (TCP and
/// UDP, one port), with its port.
fn dnsmasq(records: &[String]) -> (KillOnDrop, u16) {
    on_free_ports("dnsmasq", |[port]| {
        let mut cmd = Command::new("dnsmasq");
        cmd.args(["--no-daemon", "--listen-address", "127.0.0.1", "--bind-interfaces"])
            .args(["--no-resolv", "--no-hosts", "--log-facility=-", "--user=root"])
            .arg(format!("--port={port}"))
            .args(records)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // dnsmasq opens its TCP and UDP sockets before it serves; the TCP one listening
        // means both are bound.
        spawn_listening(&mut cmd, &[port]).map(|dns| (dns, port))
    })
}

#[test]
#[ignore = "needs dnsmasq: apt-get install dnsmasq-base"]
fn mx_delivery_tries_the_lowest_preference_first_then_falls_back_to_a() {
    let best = Sink::start_on("127.0.0.2:0", Mode::Plain, Rules::default());
    let port = best.addr.port();
    let other = Sink::start_on(&format!("127.0.0.3:{port}"), Mode::StartTls, Rules::default());
    let records: Vec<String> = [
        // Listed out of order on purpose; "dead" (preference 5) has nobody listening.
        "--mx-host=example.test,mx-b.example.test,20",
        "--mx-host=example.test,mx-a.example.test,10",
        "--mx-host=example.test,dead.example.test,5",
        "--host-record=mx-a.example.test,127.0.0.2",
        "--host-record=mx-b.example.test,127.0.0.3",
        "--host-record=dead.example.test,127.0.0.4",
        "--mx-host=other.test,mx-b.example.test,10",
        // The zone is local: a name without the asked record is NODATA, not REFUSED.
        "--local=/test/",
        // No MX at all: the domain's own address is its mail server (RFC 5321 5.1).
        "--host-record=fallback.test,127.0.0.3",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    let (_dns, dns_port) = dnsmasq(&records);
    let home = Home::new();
    let dns = format!("127.0.0.1:{dns_port}");
    let mail = |to: &str| {
        let mut cmd = home.nt();
        cmd.args(["--json", "mail", "send", "--from", "me@x.test", "--to", to, "--body", "hi"]);
        cmd.args(["--port", &port.to_string(), "--timeout", "5s", "--dns", &dns]);
        run(cmd, Vec::new())
    };
    let started = Instant::now();
    let (status, stdout, err) = mail("you@example.test");
    assert!(status.success(), "{err}");
    assert!(
        err.contains("MX dead.example.test (127.0.0.4)"),
        "the dead exchange was tried first: {err}"
    );
    assert_eq!(best.take().len(), 1, "preference 10 got it");
    assert!(other.take().is_empty());
    let summary: serde_json::Value = serde_json::from_slice(&stdout).expect("json");
    assert_eq!(summary["deliveries"][0]["exchange"], "mx-a.example.test");
    assert_eq!(summary["deliveries"][0]["domain"], "example.test");
    assert!(started.elapsed() < Duration::from_secs(15));

    let (status, stdout, err) = mail("you@fallback.test");
    assert!(status.success(), "{err}");
    assert_eq!(other.take().len(), 1, "the A record of fallback.test");
    let summary: serde_json::Value = serde_json::from_slice(&stdout).expect("json");
    assert_eq!(summary["deliveries"][0]["tls"], "starttls", "opportunistic STARTTLS when offered");
    assert_eq!(summary["encrypted"], true);

    // Two domains: one transaction each.
    let (status, stdout, err) = mail("a@example.test,b@other.test");
    assert!(status.success(), "{err}");
    assert_eq!(best.take()[0].to, ["a@example.test"]);
    assert_eq!(other.take()[0].to, ["b@other.test"]);
    let summary: serde_json::Value = serde_json::from_slice(&stdout).expect("json");
    assert_eq!(summary["deliveries"].as_array().map(Vec::len), Some(2));

    // A domain the zone does not know.
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--from", "me@x.test", "--to", "a@nowhere.test", "--body", "x"]);
    cmd.args(["--port", &port.to_string(), "--timeout", "3s", "--dns", &dns]);
    let (status, _, err) = run(cmd, Vec::new());
    let out = std::process::Output { status, stdout: Vec::new(), stderr: err.into_bytes() };
    assert_error(&out, 4, "nowhere.test");
}
