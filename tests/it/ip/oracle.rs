//! nt ip info and friends against an independent oracle: plain u32/u128 bit arithmetic
//! written from the RFCs, not from nt's code and not the ipnet crate.

use std::net::{Ipv4Addr, Ipv6Addr};

use proptest::prelude::*;

use super::{Info, ok, run};
use crate::common::{stderr_text, stdout_text};

// ---------------------------------------------------------------------------------------
// The oracle: plain bit arithmetic, written from the RFCs, not from nt's code.
// ---------------------------------------------------------------------------------------

fn oracle_v4(a: u32, p: u8) -> Info {
    let mask: u32 = if p == 0 { 0 } else { u32::MAX << (32 - p) };
    let (net, last) = (a & mask, (a & mask) | !mask);
    let (min, max, hosts) = match p {
        32 => (a, a, 1u128),
        31 => (net, last, 2),
        _ => (net + 1, last - 1, (1u128 << (32 - p)) - 2),
    };
    let o = a.to_be_bytes();
    let first = o[0];
    let class = ["A", "B", "C", "D", "E"][match first {
        0..=127 => 0,
        128..=191 => 1,
        192..=223 => 2,
        224..=239 => 3,
        _ => 4,
    }];
    Info {
        address: Ipv4Addr::from(a).to_string(),
        prefix: p,
        netmask: Ipv4Addr::from(mask).to_string(),
        wildcard: Ipv4Addr::from(!mask).to_string(),
        network: format!("{}/{p}", Ipv4Addr::from(net)),
        broadcast: (p <= 30).then(|| Ipv4Addr::from(last).to_string()),
        host_min: Ipv4Addr::from(min).to_string(),
        host_max: Ipv4Addr::from(max).to_string(),
        hosts,
        class: Some(class.into()),
        scope: String::new(),
        reverse_pointer: format!("{}.{}.{}.{}.in-addr.arpa", o[3], o[2], o[1], o[0]),
        version: 4,
        address_decimal: u128::from(a),
        address_hex: format!("0x{a:08x}"),
        address_expanded: None,
    }
}

fn oracle_v6(a: u128, p: u8) -> Info {
    let mask: u128 = if p == 0 { 0 } else { u128::MAX << (128 - p) };
    let (net, last) = (a & mask, (a & mask) | !mask);
    let show = |x: u128| Ipv6Addr::from(x).to_string();
    let reverse: String = (0..32).map(|i| format!("{:x}.", (a >> (4 * i)) & 0xf)).collect();
    Info {
        address: show(a),
        prefix: p,
        netmask: String::new(),
        wildcard: String::new(),
        network: format!("{}/{p}", show(net)),
        broadcast: None,
        host_min: show(net),
        host_max: show(last),
        hosts: 1u128 << (128 - p),
        class: None,
        scope: String::new(),
        reverse_pointer: format!("{reverse}ip6.arpa"),
        version: 6,
        address_decimal: a,
        address_hex: format!("0x{a:032x}"),
        address_expanded: Some(
            Ipv6Addr::from(a)
                .segments()
                .iter()
                .map(|g| format!("{g:04x}"))
                .collect::<Vec<_>>()
                .join(":"),
        ),
    }
}

/// One random input line in one of the accepted spellings, and the oracle's answer.
fn case() -> impl Strategy<Value = (String, Info)> {
    let v4 = (any::<u32>(), 0u8..=32, 0u8..3).prop_map(|(a, p, form)| {
        let mask = if p == 0 { 0 } else { u32::MAX << (32 - p) };
        let text = match form {
            0 => format!("{}/{p}", Ipv4Addr::from(a)),
            1 => format!("{} {}", Ipv4Addr::from(a), Ipv4Addr::from(mask)),
            _ => format!("{}/{}", Ipv4Addr::from(a), Ipv4Addr::from(mask)),
        };
        (text, oracle_v4(a, p))
    });
    let v6 = (any::<u128>(), 1u8..=128)
        .prop_map(|(a, p)| (format!("{}/{p}", Ipv6Addr::from(a)), oracle_v6(a, p)));
    prop_oneof![3 => v4, 1 => v6]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Each case runs 5,000 random inputs through ONE bulk `nt --json ip info -`.
    #[test]
    fn ip_info_bulk_agrees_with_oracle(cases in proptest::collection::vec(case(), 5000)) {
        let input: String = cases.iter().map(|(text, _)| format!("{text}\n")).collect();
        let out = run(&["--json", "ip", "info", "-"], &input);
        prop_assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr_text(&out));
        let text = stdout_text(&out);
        let lines: Vec<&str> = text.lines().collect();
        prop_assert_eq!(lines.len(), cases.len());
        for ((input, want), line) in cases.iter().zip(lines) {
            let mut got: Info = serde_json::from_str(line).expect("a JSON line");
            got.scope.clear();
            let mut want_cmp = want.clone();
            if want.version == 6 {
                // Masks of IPv6 are compared as numbers (their text form is not the point).
                let m: Ipv6Addr = got.netmask.parse().expect("IPv6 netmask");
                prop_assert_eq!(u128::from(m).count_ones(), u32::from(want.prefix), "{}", input);
                want_cmp.netmask = got.netmask.clone();
                want_cmp.wildcard = got.wildcard.clone();
            }
            prop_assert_eq!(&got, &want_cmp, "input {}", input);
        }
    }
}

/// The canonical minimal CIDR cover of [first, last]: the largest aligned block each step.
fn oracle_cover(first: u64, last: u64) -> Vec<(u64, u8)> {
    let mut cover = Vec::new();
    let mut at = first;
    while at <= last {
        let mut size: u64 = if at == 0 { 1 << 32 } else { 1 << at.trailing_zeros().min(32) };
        while at + size - 1 > last {
            size /= 2;
        }
        cover.push((at, 32 - size.trailing_zeros() as u8));
        at += size;
    }
    cover
}

fn parse_cidrs(text: &str) -> Vec<(u64, u8)> {
    text.lines()
        .map(|l| {
            let (a, p) = l.split_once('/').expect("CIDR");
            (u64::from(u32::from(a.parse::<Ipv4Addr>().expect("IPv4"))), p.parse().expect("prefix"))
        })
        .collect()
}

/// Merge intervals into the sorted union.
fn union(mut spans: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    spans.sort_unstable();
    let mut merged: Vec<(u64, u64)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn ip_range_is_the_exact_minimal_cover(a in any::<u32>(), b in any::<u32>()) {
        let (lo, hi) = (a.min(b), a.max(b));
        let text = ok(&["ip", "range", &format!("{}-{}", Ipv4Addr::from(lo), Ipv4Addr::from(hi))]);
        prop_assert_eq!(parse_cidrs(&text), oracle_cover(u64::from(lo), u64::from(hi)));
    }

    #[test]
    fn ip_summarize_covers_exactly_and_minimally(nets in proptest::collection::vec((any::<u32>(), 8u8..=32), 1..40)) {
        let input: String = nets.iter().map(|(a, p)| format!("{}/{p}\n", Ipv4Addr::from(*a))).collect();
        let out = run(&["ip", "summarize", "-"], &input);
        prop_assert_eq!(out.status.code(), Some(0));
        let spans = nets.iter().map(|(a, p)| {
            let size = 1u64 << (32 - p);
            let start = u64::from(*a) & !(size - 1);
            (start, start + size - 1)
        });
        let want: Vec<(u64, u8)> = union(spans.collect()).into_iter().flat_map(|(a, b)| oracle_cover(a, b)).collect();
        prop_assert_eq!(parse_cidrs(&stdout_text(&out)), want);
    }
}
