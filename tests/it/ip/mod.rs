//! nt ip: the real binary, exact output and exit codes. `split` (VLSM, flag bounds) is in
//! `split.rs`, the proptests against an independent oracle in `oracle.rs`, the cross-checks
//! against sipcalc, ipcalc-ng and ipcalc in `anchors.rs`.

mod anchors;
mod oracle;
mod split;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Output, Stdio};
use std::time::Duration;

use serde::Deserialize;

use crate::common::{self, KillOnDrop, assert_error, nt, stderr_text, stdout_text};

/// Run `nt ARGS` with `input` on stdin, to its end (bounded by `common::LIMIT`).
pub fn run(args: &[&str], input: &str) -> Output {
    let mut cmd = nt();
    cmd.args(args);
    let (status, stdout, stderr) = common::run(cmd, input.as_bytes().to_vec());
    Output { status, stdout, stderr: stderr.into_bytes() }
}

/// stdout of `nt ARGS`, which must exit 0.
pub fn ok(args: &[&str]) -> String {
    let out = run(args, "");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr_text(&out));
    stdout_text(&out)
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Info {
    address: String,
    prefix: u8,
    netmask: String,
    wildcard: String,
    network: String,
    broadcast: Option<String>,
    host_min: String,
    host_max: String,
    hosts: u128,
    class: Option<String>,
    scope: String,
    reverse_pointer: String,
    version: u8,
    address_decimal: u128,
    address_hex: String,
    address_expanded: Option<String>,
}

fn info_json(input: &str) -> Info {
    let text = ok(&["--json", "ip", "info", input]);
    serde_json::from_str(&text).expect("one JSON object")
}

const SEED_HUMAN: &str = "\
Address     192.168.12.146
Decimal     3232238738
Hex         0xc0a80c92
Prefix      /24 (24 network bits, 8 host bits)
Netmask     255.255.255.0 (hex 0xffffff00)
Wildcard    0.0.0.255
Network     192.168.12.0/24
Broadcast   192.168.12.255
Host min    192.168.12.1
Host max    192.168.12.254
Hosts       254
Class       C (192.0.0.0 - 223.255.255.255: leading bits 110, classful mask /24)
Scope       private (RFC 1918): not routed on the Internet, reached from outside only through NAT
Reverse     146.12.168.192.in-addr.arpa

Binary (24 network bits | 8 host bits):
  address   11000000.10101000.00001100|10010010
  netmask   11111111.11111111.11111111|00000000
  network   11000000.10101000.00001100|00000000
  last      11000000.10101000.00001100|11111111
The netmask's 24 one bits select the network part, its 8 zero bits the host part:
address AND netmask = network 192.168.12.0; address AND wildcard = host number 146;
network OR wildcard = last address 192.168.12.255.
Hosts = 2^8 - 2: the all-zeros host (the network) and the all-ones host (broadcast) are not usable.
NAT: private addresses are reused in many networks, so Internet routers drop them;
a NAT router rewrites them to its public address on the way out and back on replies.
";

#[test]
fn ip_info_seed_example_human() {
    assert_eq!(ok(&["ip", "info", "192.168.12.146/24"]), SEED_HUMAN);
    // The same through every way of writing the mask.
    assert_eq!(ok(&["ip", "info", "192.168.12.146/255.255.255.0"]), SEED_HUMAN);
    assert_eq!(ok(&["ip", "info", "192.168.12.146", "255.255.255.0"]), SEED_HUMAN);
    let bare = ok(&["ip", "info", "192.168.12.146"]);
    assert!(bare.starts_with(&SEED_HUMAN[..200]));
    assert!(bare.ends_with("Note: no prefix given, so class C's classful mask /24 was used.\n"));
    let wild = ok(&["ip", "info", "192.168.12.146/0.0.0.255"]);
    assert!(wild.contains(
        "Note: the mask was read as a wildcard mask (zeros then ones, as in ACLs): 0.0.0.255 = /24."
    ));
}

#[test]
fn ip_info_color_only_when_asked() {
    let plain = ok(&["ip", "info", "10.0.0.1/8"]);
    assert!(!plain.contains('\x1b'));
    let colored = ok(&["--color", "always", "ip", "info", "10.0.0.1/20"]);
    assert!(
        colored.contains("\x1b[36m00001010.00000000.0000\x1b[0m\x1b[33m|0000.00000001\x1b[0m"),
        "{colored}"
    );
}

#[test]
fn ip_info_seed_example_json() {
    let text = ok(&["--json", "ip", "info", "192.168.12.146/24"]);
    assert_eq!(
        text,
        "{\"address\":\"192.168.12.146\",\"prefix\":24,\"netmask\":\"255.255.255.0\",\"wildcard\":\"0.0.0.255\",\
\"network\":\"192.168.12.0/24\",\"broadcast\":\"192.168.12.255\",\"host_min\":\"192.168.12.1\",\
\"host_max\":\"192.168.12.254\",\"hosts\":254,\"class\":\"C\",\"scope\":\"private\",\
\"reverse_pointer\":\"146.12.168.192.in-addr.arpa\",\"version\":4,\
\"address_decimal\":3232238738,\"address_hex\":\"0xc0a80c92\",\"address_expanded\":null}\n"
    );
}

#[test]
fn ip_info_edge_cases() {
    let s = info_json("0.0.0.0/0");
    assert_eq!(
        (s.hosts, s.host_min.as_str(), s.host_max.as_str()),
        (4294967294, "0.0.0.1", "255.255.255.254")
    );
    let s = info_json("10.0.0.7/31");
    assert_eq!(
        (s.broadcast, s.hosts, s.host_min.as_str(), s.host_max.as_str()),
        (None, 2, "10.0.0.6", "10.0.0.7")
    );
    let s = info_json("10.0.0.7/32");
    assert_eq!(
        (s.broadcast, s.hosts, s.host_min.as_str(), s.network.as_str()),
        (None, 1, "10.0.0.7", "10.0.0.7/32")
    );
    let s = info_json("2001:db8::1/127");
    assert_eq!(
        (s.hosts, s.host_min.as_str(), s.host_max.as_str()),
        (2, "2001:db8::", "2001:db8::1")
    );
    let s = info_json("2001:db8::1");
    assert_eq!((s.prefix, s.hosts, s.class, s.version), (128, 1, None, 6));
    let s = info_json("::ffff:192.168.1.9/120");
    assert_eq!(
        (s.address.as_str(), s.network.as_str(), s.scope.as_str()),
        ("::ffff:192.168.1.9", "::ffff:192.168.1.0/120", "ipv4-mapped")
    );
    let s = info_json("10.1.2.3");
    assert_eq!((s.prefix, s.class.as_deref()), (8, Some("A")));
    let s = info_json("224.0.0.251");
    assert_eq!((s.prefix, s.class.as_deref(), s.scope.as_str()), (32, Some("D"), "multicast"));
    let s = info_json("250.1.1.1");
    assert_eq!((s.class.as_deref(), s.scope.as_str()), (Some("E"), "reserved"));
    let s = info_json("100.64.1.1/10");
    assert_eq!(s.scope, "shared");
    // 2^128 does not fit a u128: it is printed as an exact JSON integer all the same.
    let text = ok(&["--json", "ip", "info", "::/0"]);
    assert!(text.contains("\"hosts\":340282366920938463463374607431768211456,"), "{text}");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(doc["broadcast"], serde_json::Value::Null);
}

#[test]
fn ip_info_several_inputs_and_pairs() {
    let text = ok(&[
        "--json",
        "ip",
        "info",
        "10.0.0.1",
        "255.255.255.0",
        "fe80::1/64",
        "172.16.5.4",
        "0.0.3.255",
    ]);
    let docs: Vec<Info> =
        text.lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(docs.len(), 3);
    assert_eq!(
        (docs[0].network.as_str(), docs[1].scope.as_str(), docs[2].network.as_str()),
        ("10.0.0.0/24", "link-local", "172.16.4.0/22")
    );
    let human = ok(&["ip", "info", "10.0.0.1/30", "::1"]);
    assert_eq!(human.matches("Address ").count(), 2);
    assert!(human.contains("\n\nAddress     ::1\n"));
}

#[test]
fn ip_info_bad_input_is_exit_2_with_one_line() {
    let cases = [
        (
            "300.1.1.1/24",
            "\"300.1.1.1/24\": 300.1.1.1 is not an IP address: each of the four numbers must be from 0 to 255",
        ),
        ("1.2.3.4/33", "the prefix must be a number from 0 to 32 for IPv4"),
        ("abc", "\"abc\" is not an IP address"),
        (
            "1.2.3.4/255.0.255.0",
            "255.0.255.0 is not a netmask (ones then zeros) nor a wildcard mask",
        ),
        ("::1/129", "from 0 to 128 for IPv6"),
        ("", "empty input"),
    ];
    for (input, needle) in cases {
        assert_error(&run(&["ip", "info", input], ""), 2, needle);
    }
    assert_error(&run(&["ip", "info", "10.0.0.1", "255.0.255.0"], ""), 2, "not a netmask");
    let out = run(&["--json", "ip", "info", "abc"], "");
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).expect("JSON error");
    assert_eq!((err["kind"].as_str(), err["exit"].as_u64()), (Some("usage"), Some(2)));
}

#[test]
fn ip_info_bulk_reports_bad_lines_and_goes_on() {
    let input = "192.168.12.146/24\n\n300.1.1.1\r\n10.0.0.1 255.255.255.252\n2001:db8::/32";
    let out = run(&["ip", "info", "-"], input);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stdout_text(&out),
        "192.168.12.146\t24\t255.255.255.0\t0.0.0.255\t192.168.12.0/24\t192.168.12.255\t192.168.12.1\t192.168.12.254\t254\tC\tprivate\t146.12.168.192.in-addr.arpa\t3232238738\t0xc0a80c92\t-\n\
10.0.0.1\t30\t255.255.255.252\t0.0.0.3\t10.0.0.0/30\t10.0.0.3\t10.0.0.1\t10.0.0.2\t2\tA\tprivate\t1.0.0.10.in-addr.arpa\t167772161\t0x0a000001\t-\n\
2001:db8::\t32\tffff:ffff::\t::ffff:ffff:ffff:ffff:ffff:ffff\t2001:db8::/32\t-\t2001:db8::\t2001:db8:ffff:ffff:ffff:ffff:ffff:ffff\t79228162514264337593543950336\t-\tdocumentation\t0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa\t\
42540766411282592856903984951653826560\t0x20010db8000000000000000000000000\t2001:0db8:0000:0000:0000:0000:0000:0000\n"
    );
    assert_eq!(
        stderr_text(&out),
        "nt: error: line 2: empty input: expected ADDR[/PREFIX]\n\
nt: error: line 3: \"300.1.1.1\" is not an IP address: each of the four numbers must be from 0 to 255\n"
    );
    let out = run(&["--json", "ip", "info", "-"], "1.2.3.4/8\nnope\n5.6.7.8/16\n");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout_text(&out).lines().count(), 2);
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).expect("one JSON error");
    assert_eq!(err["error"].as_str().map(|e| e.starts_with("line 2: ")), Some(true));
    let out = run(&["--json", "ip", "info", "-"], "");
    assert_eq!((out.status.code(), out.stdout.len()), (Some(0), 0));
}

#[test]
fn ip_info_bulk_answers_each_line_as_it_arrives() {
    let mut nt = KillOnDrop(
        nt().args(["--json", "ip", "info", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn nt"),
    );
    let mut stdin = nt.0.stdin.take().expect("piped stdin");
    let stdout = nt.0.stdout.take().expect("piped stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    for (input, network) in [("10.1.2.3/8", "10.0.0.0/8"), ("2001:db8::1/48", "2001:db8::/48")] {
        stdin.write_all(format!("{input}\n").as_bytes()).expect("write a line");
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("an answer while stdin is open");
        let doc: Info = serde_json::from_str(&line).expect("a JSON line");
        assert_eq!(doc.network, network);
    }
    drop(stdin);
    assert_eq!(nt.status_within(Duration::from_secs(10)).and_then(|s| s.code()), Some(0));
    let _ = reader.join();
}

#[test]
fn ip_split_prefix_and_count() {
    assert_eq!(
        ok(&["ip", "split", "192.168.0.0/24", "--prefix", "26"]),
        "192.168.0.0/26\n192.168.0.64/26\n192.168.0.128/26\n192.168.0.192/26\n"
    );
    let out = run(&["ip", "split", "10.0.0.0/8", "--count", "3"], "");
    assert_eq!(stdout_text(&out), "10.0.0.0/10\n10.64.0.0/10\n10.128.0.0/10\n10.192.0.0/10\n");
    assert!(stderr_text(&out).contains("3 is not a power of two: splitting into 4"));
    assert_eq!(
        ok(&["--json", "ip", "split", "2001:db8::/32", "--count", "2"]),
        "[\"2001:db8::/33\",\"2001:db8:8000::/33\"]\n"
    );
    assert_error(
        &run(&["ip", "split", "10.0.0.0/24", "--prefix", "16"], ""),
        2,
        "cannot split a /24 into /16",
    );
    assert_error(&run(&["ip", "split", "10.0.0.0/24", "--prefix", "33"], ""), 2, "from 24 to 32");
    assert_error(&run(&["ip", "split", "10.0.0.0/24", "--count", "0"], ""), 2, "0 is not in 1..=");
    assert_error(
        &run(&["ip", "split", "10.0.0.0/24", "--count", "257"], ""),
        2,
        "into 257 subnets: 2^8 at most",
    );
    let huge = u64::MAX.to_string();
    assert_error(&run(&["ip", "split", "10.0.0.0/8", "--count", &huge], ""), 2, "2^24 at most");
}

#[test]
fn ip_split_into_a_closed_pipe_is_quiet_success() {
    let mut nt = KillOnDrop(
        nt().args(["ip", "split", "0.0.0.0/0", "--prefix", "32"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn nt"),
    );
    let mut first = String::new();
    BufReader::new(nt.0.stdout.take().expect("piped stdout"))
        .read_line(&mut first)
        .expect("one line");
    assert_eq!(first, "0.0.0.0/32\n");
    // The reader is dropped here: nt hits a closed pipe and must end quietly with success.
    assert_eq!(nt.status_within(Duration::from_secs(10)).and_then(|s| s.code()), Some(0));
    let mut err = String::new();
    let _ = nt.0.stderr.take().map(|mut e| e.read_to_string(&mut err));
    assert_eq!(err, "");
}

#[test]
fn ip_contains_answers_with_exit_code() {
    assert_eq!(
        ok(&["ip", "contains", "10.0.0.0/8", "10.1.2.3", "10.9.0.0/16"]),
        "10.1.2.3 inside 10.0.0.0/8\n10.9.0.0/16 inside 10.0.0.0/8\n"
    );
    let out = run(&["ip", "contains", "192.168.0.0/16", "192.168.1.1", "8.8.8.8", "::1"], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout_text(&out),
        "192.168.1.1 inside 192.168.0.0/16\n8.8.8.8 outside 192.168.0.0/16\n::1 outside 192.168.0.0/16\n"
    );
    let out = run(&["--json", "ip", "contains", "2001:db8::/32", "2001:db8::1"], "");
    assert_eq!(
        stdout_text(&out),
        "{\"network\":\"2001:db8::/32\",\"all_inside\":true,\"results\":[{\"address\":\"2001:db8::1\",\"inside\":true}]}\n"
    );
    assert_error(&run(&["ip", "contains", "10.0.0.0/8", "10.0.0.300"], ""), 2, "from 0 to 255");
}

#[test]
fn ip_range_to_cidrs() {
    assert_eq!(
        ok(&["ip", "range", "10.0.0.5-10.0.0.20"]),
        "10.0.0.5/32\n10.0.0.6/31\n10.0.0.8/29\n10.0.0.16/30\n10.0.0.20/32\n"
    );
    assert_eq!(
        ok(&["ip", "range", "10.0.0.5", "10.0.0.20"]),
        ok(&["ip", "range", "10.0.0.5-10.0.0.20"])
    );
    assert_eq!(ok(&["ip", "range", "0.0.0.0-255.255.255.255"]), "0.0.0.0/0\n");
    assert_eq!(ok(&["ip", "range", "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]), "::/0\n");
    assert_eq!(
        ok(&["--json", "ip", "range", "2001:db8::1-2001:db8::2"]),
        "[\"2001:db8::1/128\",\"2001:db8::2/128\"]\n"
    );
    assert_error(&run(&["ip", "range", "10.0.0.9-10.0.0.1"], ""), 2, "backwards");
    assert_error(&run(&["ip", "range", "10.0.0.1-::1"], ""), 2, "mixes IPv4 and IPv6");
    assert_error(&run(&["ip", "range", "10.0.0.1"], ""), 2, "FIRST-LAST");
}

#[test]
fn ip_summarize_args_and_stdin() {
    assert_eq!(
        ok(&["ip", "summarize", "10.0.0.0/25", "10.0.0.128/25", "10.0.1.0/24", "10.0.0.7"]),
        "10.0.0.0/23\n"
    );
    let out = run(
        &["ip", "summarize", "-"],
        "# list\n192.168.0.0/24\n\n192.168.1.0/24\n2001:db8::/33\n2001:db8:8000::/33\n",
    );
    assert_eq!(
        (out.status.code(), stdout_text(&out)),
        (Some(0), "192.168.0.0/23\n2001:db8::/32\n".into())
    );
    let out = run(&["ip", "summarize", "-"], "10.0.0.0/24\n10.0.0.0/33\n");
    assert_eq!((out.status.code(), stdout_text(&out)), (Some(2), String::new()));
    assert_eq!(
        stderr_text(&out),
        "nt: error: line 2: \"10.0.0.0/33\": the prefix must be a number from 0 to 32 for IPv4\n"
    );
}

#[test]
fn ip_info_shows_decimal_hex_and_the_expanded_ipv6_address() {
    let text = ok(&["ip", "info", "2001:db8::1/64"]);
    let head: Vec<&str> = text.lines().take(6).collect();
    assert_eq!(
        head,
        [
            "Address     2001:db8::1",
            "Expanded    2001:0db8:0000:0000:0000:0000:0000:0001",
            "Decimal     42540766411282592856903984951653826561",
            "Hex         0x20010db8000000000000000000000001",
            "Prefix      /64 (64 network bits, 64 host bits)",
            "Netmask     ffff:ffff:ffff:ffff::",
        ]
    );
    let s = info_json("2001:db8::1/64");
    assert_eq!(
        (s.address_decimal, s.address_hex.as_str(), s.address_expanded.as_deref()),
        (
            42540766411282592856903984951653826561,
            "0x20010db8000000000000000000000001",
            Some("2001:0db8:0000:0000:0000:0000:0000:0001")
        )
    );
    let s = info_json("0.0.0.1/32");
    assert_eq!(
        (s.address_decimal, s.address_hex.as_str(), s.address_expanded),
        (1, "0x00000001", None)
    );
}

#[test]
fn ip_info_bulk_header_names_the_columns() {
    let out = run(&["ip", "info", "--header", "-"], "10.0.0.1/8\n");
    assert_eq!(
        (out.status.code(), stdout_text(&out)),
        (
            Some(0),
            "address\tprefix\tnetmask\twildcard\tnetwork\tbroadcast\thost_min\thost_max\thosts\tclass\t\
scope\treverse_pointer\taddress_decimal\taddress_hex\taddress_expanded\n\
10.0.0.1\t8\t255.0.0.0\t0.255.255.255\t10.0.0.0/8\t10.255.255.255\t10.0.0.1\t10.255.255.254\t16777214\tA\t\
private\t1.0.0.10.in-addr.arpa\t167772161\t0x0a000001\t-\n"
                .to_string()
        )
    );
    // Without --header the first line is data, as before.
    assert!(ok(&["ip", "info", "-"]).is_empty());
    let out = run(&["--json", "ip", "info", "--header", "-"], "");
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).expect("a JSON error");
    assert_eq!(
        (err["error"].as_str(), err["exit"].as_u64()),
        (Some("--header names tab-separated columns; --json names its keys"), Some(2))
    );
    assert_error(
        &run(&["ip", "info", "--header", "10.0.0.1"], ""),
        2,
        "--header is for the tab-separated lines",
    );
}
