//! nt ip split: `--hosts` (VLSM) against an independent oracle, and the bounds of every
//! numeric flag (exit 2 at parse time, never a panic).

use std::net::Ipv4Addr;

use proptest::prelude::*;
use serde::Deserialize;

use super::{ok, run};
use crate::common::{assert_error, stderr_text, stdout_text};

#[test]
fn ip_split_hosts_gives_the_smallest_subnets_largest_first() {
    assert_eq!(
        ok(&["ip", "split", "192.168.0.0/24", "--hosts", "10,50,20"]),
        "192.168.0.0/26   wanted 50, usable 62: 192.168.0.1 - 192.168.0.62\n\
192.168.0.64/27  wanted 20, usable 30: 192.168.0.65 - 192.168.0.94\n\
192.168.0.96/28  wanted 10, usable 14: 192.168.0.97 - 192.168.0.110\n\
Unused: 192.168.0.112/28 192.168.0.128/25\n"
    );
    assert_eq!(
        ok(&["--json", "ip", "split", "192.168.0.0/24", "--hosts", "50,20,10"]),
        "{\"network\":\"192.168.0.0/24\",\"subnets\":[\
{\"network\":\"192.168.0.0/26\",\"requested\":50,\"hosts\":62,\"host_min\":\"192.168.0.1\",\"host_max\":\"192.168.0.62\"},\
{\"network\":\"192.168.0.64/27\",\"requested\":20,\"hosts\":30,\"host_min\":\"192.168.0.65\",\"host_max\":\"192.168.0.94\"},\
{\"network\":\"192.168.0.96/28\",\"requested\":10,\"hosts\":14,\"host_min\":\"192.168.0.97\",\"host_max\":\"192.168.0.110\"}],\
\"unused\":[\"192.168.0.112/28\",\"192.168.0.128/25\"]}\n"
    );
    // RFC 3021: two hosts fit a /31, one a /32; a network filled exactly has nothing unused.
    assert_eq!(
        ok(&["ip", "split", "10.0.0.4/30", "--hosts", "1,2,1"]),
        "10.0.0.4/31  wanted 2, usable 2: 10.0.0.4 - 10.0.0.5\n\
10.0.0.6/32  wanted 1, usable 1: 10.0.0.6 - 10.0.0.6\n\
10.0.0.7/32  wanted 1, usable 1: 10.0.0.7 - 10.0.0.7\n\
Unused: none\n"
    );
    assert_eq!(
        ok(&["ip", "split", "2001:db8::/120", "--hosts", "100,3"]),
        "2001:db8::/121    wanted 100, usable 128: 2001:db8:: - 2001:db8::7f\n\
2001:db8::80/126  wanted 3, usable 4: 2001:db8::80 - 2001:db8::83\n\
Unused: 2001:db8::84/126 2001:db8::88/125 2001:db8::90/124 2001:db8::a0/123 2001:db8::c0/122\n"
    );
}

#[test]
fn ip_split_hosts_that_do_not_fit_are_exit_2() {
    assert_error(
        &run(&["ip", "split", "192.168.0.0/26", "--hosts", "50,20,10"], ""),
        2,
        "nt: error: the subnets for these sizes need 112 addresses; 192.168.0.0/26 has 64\n",
    );
    assert_error(
        &run(&["ip", "split", "10.0.0.0/8", "--hosts", "4294967295"], ""),
        2,
        "4294967295 hosts do not fit in any IPv4 subnet (a /0 holds 4294967294)",
    );
    let out = run(&["--json", "ip", "split", "10.0.0.0/30", "--hosts", "3,3"], "");
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).expect("a JSON error");
    assert_eq!((err["exit"].as_u64(), out.stdout.len()), (Some(2), 0));
}

#[test]
fn ip_split_numeric_flags_are_bounded_at_parse_time() {
    let cases: [(&[&str], &str); 9] = [
        (
            &["--count", "0"],
            "invalid value '0' for '--count <N>': 0 is not in 1..=18446744073709551615",
        ),
        (
            &["--count", "18446744073709551616"],
            "invalid value '18446744073709551616' for '--count <N>'",
        ),
        (&["--count", "-1"], "unexpected argument '-1' found"),
        (&["--prefix", "200"], "invalid value '200' for '--prefix <N>': 200 is not in 0..=128"),
        (&["--prefix", "100"], "cannot split a /8 into /100: the new prefix must be from 8 to 32"),
        (&["--hosts", "0"], "a size must be at least 1 host"),
        (&["--hosts", "5,,6"], "\"\" is not a number of hosts"),
        (&["--hosts", "99999999999999999999"], "99999999999999999999 hosts: too many"),
        (
            &["--prefix", "9", "--hosts", "5"],
            "the argument '--prefix <N>' cannot be used with '--hosts <N,N,...>'",
        ),
    ];
    for (flags, needle) in cases {
        let mut args = vec!["ip", "split", "10.0.0.0/8"];
        args.extend_from_slice(flags);
        assert_error(&run(&args, ""), 2, needle);
    }
    assert_error(
        &run(&["ip", "split", "10.0.0.0/8"], ""),
        2,
        "the following required arguments were not provided: <--prefix <N>|--count <N>|--hosts <N,N,...>>",
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any number for any numeric flag: a result (exit 0) or a usage error (exit 2), never a
    /// panic. A /30 keeps the accepted outputs small.
    #[test]
    fn ip_split_numeric_flags_never_panic(
        flag in prop::sample::select(vec!["--prefix", "--count", "--hosts"]),
        value in prop_oneof![
            (0u128..300).prop_map(|n| n.to_string()),
            any::<u128>().prop_map(|n| n.to_string()),
            "[0-9,-]{1,12}",
        ],
    ) {
        let out = run(&["ip", "split", "10.0.0.0/30", flag, &value], "");
        let code = out.status.code();
        prop_assert!(code == Some(0) || code == Some(2), "{flag} {value}: {:?} {}", code, stderr_text(&out));
        prop_assert!(!stderr_text(&out).contains("panicked"));
    }
}

#[derive(Debug, Deserialize)]
struct Vlsm {
    network: String,
    subnets: Vec<VlsmSubnet>,
    unused: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct VlsmSubnet {
    network: String,
    requested: u64,
    hosts: u64,
}

/// A CIDR as (first address, number of addresses).
fn span(cidr: &str) -> (u64, u64) {
    let (a, p) = cidr.split_once('/').expect("a CIDR");
    let p: u32 = p.parse().expect("a prefix");
    (u64::from(u32::from(a.parse::<Ipv4Addr>().expect("IPv4"))), 1 << (32 - p))
}

/// The oracle's host count of a block of 2^h addresses, from RFC 950 and RFC 3021.
fn holds(h: u32) -> u64 {
    match h {
        0 => 1,
        1 => 2,
        _ => (1 << h) - 2,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Whatever nt answers is checked against the rules themselves: each subnet is the
    /// smallest that holds its request; they are aligned, disjoint and largest first; with
    /// the unused list they tile the network exactly; and exit 2 only when they cannot fit.
    #[test]
    fn ip_split_hosts_obeys_the_rules(
        addr in any::<u32>(),
        prefix in 16u32..=28,
        sizes in proptest::collection::vec(1u64..700, 1..9),
    ) {
        let net = format!("{}/{prefix}", Ipv4Addr::from(addr));
        let list = sizes.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
        let out = run(&["--json", "ip", "split", &net, "--hosts", &list], "");
        let room = 1u64 << (32 - prefix);
        let need: u64 = sizes.iter().map(|&n| 1u64 << (0..=32).find(|&h| holds(h) >= n).unwrap_or(33)).sum();
        if need > room {
            prop_assert_eq!(out.status.code(), Some(2));
            return Ok(());
        }
        prop_assert_eq!(out.status.code(), Some(0), "{}", stderr_text(&out));
        let doc: Vlsm = serde_json::from_str(&stdout_text(&out)).expect("one JSON document");
        let (start, size) = span(&doc.network);
        prop_assert_eq!((start, size), (u64::from(addr) & !(room - 1), room));
        let mut asked: Vec<u64> = doc.subnets.iter().map(|s| s.requested).collect();
        let mut want = sizes.clone();
        asked.sort_unstable();
        want.sort_unstable();
        prop_assert_eq!(asked, want);
        let mut at = start;
        let mut last_len = u64::MAX;
        for s in &doc.subnets {
            let (first, len) = span(&s.network);
            let h = len.trailing_zeros();
            prop_assert_eq!(first, at, "contiguous from the start");
            prop_assert!(first % len == 0 && len <= last_len, "aligned, largest first");
            prop_assert!(s.hosts == holds(h) && s.hosts >= s.requested);
            prop_assert!(h == 0 || holds(h - 1) < s.requested, "{} is not the smallest", s.network);
            at += len;
            last_len = len;
        }
        for u in &doc.unused {
            let (first, len) = span(u);
            prop_assert!(first == at && first % len == 0, "unused {} in order", u);
            at += len;
        }
        prop_assert_eq!(at, start + size, "subnets and unused tile the network");
    }
}
