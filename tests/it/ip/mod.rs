//! nt ip: the real binary, exact output and exit codes, and a proptest against an
//! independent oracle (plain u32/u128 bit arithmetic, not the ipnet crate).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::process::{Output, Stdio};
use std::time::Duration;

use proptest::prelude::*;
use serde::Deserialize;

use crate::common::{KillOnDrop, assert_error, nt, stderr_text, stdout_text};

/// Run `nt ARGS` with `input` on stdin; killed if it has not ended within 30 s.
fn run(args: &[&str], input: &str) -> Output {
    let mut nt = KillOnDrop(
        nt().args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn nt"),
    );
    let mut stdin = nt.0.stdin.take().expect("piped stdin");
    let input = input.to_owned();
    // Feed and drain from threads so a large input cannot deadlock against a full pipe.
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let stdout = drain(nt.0.stdout.take());
    let stderr = drain(nt.0.stderr.take());
    let status = nt.status_within(Duration::from_secs(30)).expect("nt ended within 30 s");
    let _ = feeder.join();
    Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

/// Read a pipe to its end on a thread.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// A spawned nt that is killed and reaped on Drop, so a failing test leaves no process.
fn ok(args: &[&str]) -> String {
    let out = run(args, "");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr_text(&out));
    stdout_text(&out)
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
struct Info {
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
}

fn info_json(input: &str) -> Info {
    let text = ok(&["--json", "ip", "info", input]);
    serde_json::from_str(&text).expect("one JSON object")
}

const SEED_HUMAN: &str = "\
Address     192.168.12.146
Prefix      /24 (24 network bits, 8 host bits)
Netmask     255.255.255.0
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
\"reverse_pointer\":\"146.12.168.192.in-addr.arpa\",\"version\":4}\n"
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
        "192.168.12.146\t24\t255.255.255.0\t0.0.0.255\t192.168.12.0/24\t192.168.12.255\t192.168.12.1\t192.168.12.254\t254\tC\tprivate\t146.12.168.192.in-addr.arpa\n\
10.0.0.1\t30\t255.255.255.252\t0.0.0.3\t10.0.0.0/30\t10.0.0.3\t10.0.0.1\t10.0.0.2\t2\tA\tprivate\t1.0.0.10.in-addr.arpa\n\
2001:db8::\t32\tffff:ffff::\t::ffff:ffff:ffff:ffff:ffff:ffff\t2001:db8::/32\t-\t2001:db8::\t2001:db8:ffff:ffff:ffff:ffff:ffff:ffff\t79228162514264337593543950336\t-\tdocumentation\t0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa\n"
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
    assert_error(&run(&["ip", "split", "10.0.0.0/24", "--count", "0"], ""), 2, "at least 1");
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
