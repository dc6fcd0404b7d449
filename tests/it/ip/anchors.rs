//! nt ip against the tools it replaces, on the same pseudo-random inputs: sipcalc (decimal,
//! hex and expanded forms), ipcalc-ng (network, masks, host range and count) and Debian's
//! Perl ipcalc (`-s`, VLSM). Ignored by default: they need the tools installed.

use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::process::Command;

use super::{Info, ok};
use crate::common::noise;

/// `count` inputs: IPv4 CIDRs of every prefix, then IPv6 ones, from a fixed seed.
fn inputs(count: usize, v6: bool) -> Vec<(String, u8)> {
    let bytes = noise(count * 17, if v6 { 6 } else { 4 });
    bytes
        .chunks(17)
        .map(|c| {
            if v6 {
                let a = u128::from_be_bytes(c[..16].try_into().expect("16 bytes"));
                let p = 1 + c[16] % 128;
                (format!("{}/{p}", Ipv6Addr::from(a)), p)
            } else {
                let a = u32::from_be_bytes(c[..4].try_into().expect("4 bytes"));
                let p = c[16] % 33;
                (format!("{}/{p}", Ipv4Addr::from(a)), p)
            }
        })
        .collect()
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name}: {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn nt_info(input: &str) -> Info {
    serde_json::from_str(&ok(&["--json", "ip", "info", input])).expect("one JSON object")
}

/// sipcalc's `Label - value` lines (the first of each label).
fn sipcalc(input: &str) -> HashMap<String, String> {
    let mut fields = HashMap::new();
    for line in tool("sipcalc", &[input]).lines() {
        if let Some((label, value)) = line.split_once("\t- ") {
            fields.entry(label.trim().to_string()).or_insert_with(|| value.trim().to_string());
        }
    }
    fields
}

#[test]
#[ignore = "needs sipcalc: apt-get install sipcalc"]
fn ip_info_agrees_with_sipcalc() {
    for (input, _) in inputs(100, false) {
        let (nt, sip) = (nt_info(&input), sipcalc(&input));
        assert_eq!(sip["Host address (decimal)"], nt.address_decimal.to_string(), "{input}");
        // sipcalc leaves out leading zeros (0xECB5C71): compared as numbers.
        let hex = u128::from_str_radix(&sip["Host address (hex)"], 16).expect("sipcalc's hex");
        assert_eq!(format!("0x{hex:08x}"), nt.address_hex, "{input}");
        assert_eq!(format!("{}/{}", sip["Network address"], nt.prefix), nt.network, "{input}");
        assert_eq!(sip["Cisco wildcard"], nt.wildcard, "{input}");
    }
    for (input, p) in inputs(100, true) {
        let (nt, sip) = (nt_info(&input), sipcalc(&input));
        assert_eq!(Some(&sip["Expanded Address"]), nt.address_expanded.as_ref(), "{input}");
        let masked = sip["Subnet prefix (masked)"].replace(&format!("/{p}"), "");
        let masked: Ipv6Addr = masked.parse().expect("sipcalc's network");
        assert_eq!(format!("{masked}/{p}"), nt.network, "{input}");
    }
}

#[test]
#[ignore = "needs ipcalc-ng: apt-get install ipcalc-ng"]
fn ip_info_agrees_with_ipcalc_ng() {
    for (input, p) in inputs(100, false).into_iter().chain(inputs(100, true)) {
        let nt = nt_info(&input);
        let text = tool("ipcalc-ng", &["--json", &input]);
        let ng: HashMap<String, String> = serde_json::from_str(&text).expect("ipcalc-ng JSON");
        assert_eq!(format!("{}/{p}", ng["NETWORK"]), nt.network, "{input}");
        assert_eq!(ng["NETMASK"], nt.netmask, "{input}");
        assert_eq!(ng["MINADDR"], nt.host_min, "{input}");
        assert_eq!(ng["MAXADDR"], nt.host_max, "{input}");
        // ipcalc-ng counts 2^32 - 1 hosts in 0.0.0.0/0 (one too many: the network and the
        // broadcast address both go); nt says 2^32 - 2, as for every other prefix up to /30.
        if !(nt.version == 4 && p == 0) {
            assert_eq!(ng["ADDRESSES"], nt.hosts.to_string(), "{input}");
        }
        if nt.version == 4 && p <= 30 {
            assert_eq!(ng.get("BROADCAST"), nt.broadcast.as_ref(), "{input}");
        }
        // ipcalc-ng leaves FULLADDRESS out when it equals ADDRESS (no group to pad), and
        // ADDRESS too when it is the network address.
        let full = ["FULLADDRESS", "ADDRESS", "FULLNETWORK"].iter().find_map(|k| ng.get(*k));
        let full = full.filter(|_| nt.version == 6);
        assert_eq!(full, nt.address_expanded.as_ref(), "{input}");
    }
}

/// Perl ipcalc 0.42's `-s`: the networks it places, the addresses it needs, what is left.
/// (It prints a wrong netmask for some blocks, e.g. /27 for 50 hosts, but places them right,
/// and lists blocks of one size in no fixed order.)
fn ipcalc_split(net: &str, sizes: &[u64]) -> (Vec<String>, String, Vec<String>) {
    let mut args = vec!["-b".to_string(), "-s".to_string()];
    args.extend(sizes.iter().map(u64::to_string));
    args.push(net.to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let text = tool("ipcalc", &args);
    let after = text.split_once("Requested size").map_or("", |(_, rest)| rest);
    let starts = after
        .lines()
        .filter_map(|l| l.strip_prefix("Network:"))
        .map(|l| l.split_whitespace().next().unwrap_or("").split('/').next().unwrap_or("").into())
        .collect();
    let needed = text.lines().find_map(|l| l.strip_prefix("Needed size:")).unwrap_or("").trim();
    let unused = text.split_once("Unused:").map_or("", |(_, rest)| rest);
    (starts, needed.to_string(), unused.split_whitespace().map(String::from).collect())
}

#[test]
#[ignore = "needs Debian's Perl ipcalc: apt-get install ipcalc"]
fn ip_split_hosts_agrees_with_ipcalc() {
    let bytes = noise(40 * 6, 9);
    for (i, c) in bytes.chunks(6).enumerate() {
        // Sizes of 3 and more: ipcalc places single hosts and pairs oddly (10.0.0.4/31 for
        // one host after a /31), which nt does not copy.
        let sizes: Vec<u64> = c[..1 + i % 5].iter().map(|b| 3 + u64::from(*b)).collect();
        // At most five sizes below 259 need at most 2,560 addresses: a /19 or /20 holds them.
        let net = format!("10.{}.0.0/{}", c[5], 19 + i % 2);
        let (starts, needed, unused) = ipcalc_split(&net, &sizes);
        let list = sizes.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
        let text = ok(&["--json", "ip", "split", &net, "--hosts", &list]);
        let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let blocks: u64 =
            doc["subnets"].as_array().expect("subnets").iter().map(|s| block(&s["network"])).sum();
        assert_eq!(needed, format!("{blocks} addresses."), "{net} {list}");
        let mut ours: Vec<String> = doc["subnets"]
            .as_array()
            .expect("subnets")
            .iter()
            .map(|s| s["network"].as_str().unwrap_or("").split('/').next().unwrap_or("").into())
            .collect();
        // Blocks of one size are interchangeable, and ipcalc prints them in no fixed order:
        // the same set of networks is what counts.
        let mut starts = starts;
        ours.sort_unstable();
        starts.sort_unstable();
        assert_eq!(ours, starts, "{net} {list}");
        let left: Vec<String> = doc["unused"]
            .as_array()
            .expect("unused")
            .iter()
            .map(|u| u.as_str().unwrap_or("").to_string())
            .collect();
        assert_eq!(left, unused, "{net} {list}");
    }
}

/// The number of addresses of a CIDR in a JSON string.
fn block(cidr: &serde_json::Value) -> u64 {
    let prefix: u32 = cidr
        .as_str()
        .and_then(|c| c.split_once('/'))
        .map_or(32, |(_, p)| p.parse().expect("a prefix"));
    1 << (32 - prefix)
}
