//! Text forms of `nt ip` values, written by hand: dotted quads, RFC 5952 IPv6, reverse-DNS
//! names, exact host counts, and the `--json` / tab-separated record of `nt ip info`.
//!
//! The bulk path formats millions of lines a second, so a line is built in a fixed stack
//! buffer ([`Line`]) and copied once into the caller's output buffer: no allocation and no
//! `format!` per line. A unit test checks the JSON equals what serde_json makes of the same
//! values. No I/O here.

use super::subnet::{Family, Hosts, Subnet};

/// 2^128 in decimal, the one host count that does not fit a `u128`.
pub const TWO_POW_128: &str = "340282366920938463463374607431768211456";

/// One output line built on the stack: the longest (IPv6 JSON) is under 900 bytes (a test
/// checks it), so nothing is ever cut.
pub struct Line {
    bytes: [u8; LINE_CAP],
    len: usize,
}

const LINE_CAP: usize = 1024;

impl Line {
    pub fn new() -> Line {
        Line { bytes: [0; LINE_CAP], len: 0 }
    }

    // Always inlined: most calls copy a constant-length key, which then needs no memcpy call.
    #[inline(always)]
    pub fn put(&mut self, s: &[u8]) {
        let end = self.len + s.len();
        if let Some(dst) = self.bytes.get_mut(self.len..end) {
            dst.copy_from_slice(s);
            self.len = end;
        }
    }

    #[inline(always)]
    pub fn byte(&mut self, b: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    /// Write three bytes and keep the first `keep`: octets without a variable-length copy.
    #[inline(always)]
    fn put3(&mut self, three: [u8; 3], keep: u8) {
        if let Some(dst) = self.bytes.get_mut(self.len..self.len + 3) {
            dst.copy_from_slice(&three);
            self.len += usize::from(keep);
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(self.as_bytes()).into_owned()
    }
}

/// Append the `--json` object of `s` (one line) to `out`.
pub fn push_json(out: &mut Vec<u8>, s: &Subnet) {
    let mut line = Line::new();
    line_record(&mut line, s, Layout::Json);
    out.extend_from_slice(line.as_bytes());
}

/// Append the bulk human (tab-separated) line of `s` to `out`.
pub fn push_tsv(out: &mut Vec<u8>, s: &Subnet) {
    let mut line = Line::new();
    line_record(&mut line, s, Layout::Tsv);
    out.extend_from_slice(line.as_bytes());
}

/// Append a decimal number.
pub fn push_dec(buf: &mut Line, mut n: u128) {
    let mut tmp = [0u8; 40];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.put(&tmp[i..]);
}

/// Decimal digits of every octet, padded to three bytes, and how many of them count.
const OCTETS: [([u8; 3], u8); 256] = {
    let mut table = [([0u8; 3], 0u8); 256];
    let mut n = 0;
    while n < 256 {
        let (d0, d1, d2) = ((n / 100) as u8, (n / 10 % 10) as u8, (n % 10) as u8);
        table[n] = match n {
            0..=9 => ([b'0' + d2, 0, 0], 1),
            10..=99 => ([b'0' + d1, b'0' + d2, 0], 2),
            _ => ([b'0' + d0, b'0' + d1, b'0' + d2], 3),
        };
        n += 1;
    }
    table
};

fn push_u8(buf: &mut Line, n: u8) {
    let (digits, len) = OCTETS[usize::from(n)];
    buf.put3(digits, len);
}

fn push_v4(buf: &mut Line, a: u32) {
    let [o1, o2, o3, o4] = a.to_be_bytes();
    push_u8(buf, o1);
    buf.byte(b'.');
    push_u8(buf, o2);
    buf.byte(b'.');
    push_u8(buf, o3);
    buf.byte(b'.');
    push_u8(buf, o4);
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// IPv6 text as RFC 5952 writes it: lower-case hex, no leading zeros, the longest run of
/// two or more zero groups as `::`; with `dotted`, IPv4-mapped addresses end in a dotted quad.
fn push_v6(buf: &mut Line, a: u128, dotted: bool) {
    if dotted && a >> 32 == 0xffff {
        buf.put(b"::ffff:");
        push_v4(buf, a as u32);
        return;
    }
    let groups: [u16; 8] = std::array::from_fn(|i| (a >> (112 - 16 * i)) as u16);
    let (mut best, mut best_len, mut run, mut run_len) = (8, 0, 0, 0);
    for (i, g) in groups.iter().enumerate() {
        if *g == 0 {
            if run_len == 0 {
                run = i;
            }
            run_len += 1;
            if run_len > best_len {
                (best, best_len) = (run, run_len);
            }
        } else {
            run_len = 0;
        }
    }
    if best_len < 2 {
        best = 8;
    }
    let mut i = 0;
    while i < 8 {
        if i == best {
            buf.put(b"::");
            i += best_len;
            continue;
        }
        if i > 0 && i != best + best_len {
            buf.byte(b':');
        }
        let g = groups[i];
        let mut started = false;
        for shift in [12, 8, 4, 0] {
            let nib = (g >> shift) & 0xf;
            if nib != 0 || started || shift == 0 {
                buf.byte(HEX[nib as usize]);
                started = true;
            }
        }
        i += 1;
    }
}

/// IPv6 written out in full: eight groups of four hex digits (`2001:0db8:0000:...:0001`).
fn push_v6_full(buf: &mut Line, a: u128) {
    for i in 0..8 {
        if i > 0 {
            buf.byte(b':');
        }
        for shift in [12, 8, 4, 0] {
            buf.byte(HEX[((a >> (112 - 16 * i + shift)) & 0xf) as usize]);
        }
    }
}

/// An address as one hex number with all its digits: `0xc0a80c92`, 32 digits for IPv6.
pub fn push_hex(buf: &mut Line, family: Family, a: u128) {
    buf.put(b"0x");
    let digits = u32::from(family.bits()) / 4;
    for i in (0..digits).rev() {
        buf.byte(HEX[((a >> (4 * i)) & 0xf) as usize]);
    }
}

/// Append an address of `family`; `dotted` writes IPv4-mapped IPv6 as `::ffff:a.b.c.d`.
pub fn push_addr(buf: &mut Line, family: Family, a: u128, dotted: bool) {
    match family {
        Family::V4 => push_v4(buf, a as u32),
        Family::V6 => push_v6(buf, a, dotted),
    }
}

/// An address as a `String` (human output, split/range/summarize).
pub fn addr_text(family: Family, a: u128) -> String {
    text_of(|b| push_addr(b, family, a, true))
}

/// The reverse-DNS name of an address: `d.c.b.a.in-addr.arpa` or 32 nibbles `.ip6.arpa`.
pub fn push_reverse(buf: &mut Line, family: Family, a: u128) {
    match family {
        Family::V4 => {
            for o in (a as u32).to_le_bytes() {
                push_u8(buf, o);
                buf.byte(b'.');
            }
            buf.put(b"in-addr.arpa");
        }
        Family::V6 => {
            for i in 0..32 {
                buf.byte(HEX[((a >> (4 * i)) & 0xf) as usize]);
                buf.byte(b'.');
            }
            buf.put(b"ip6.arpa");
        }
    }
}

pub fn push_hosts(buf: &mut Line, hosts: Hosts) {
    match hosts {
        Hosts::Count(n) => push_dec(buf, n),
        Hosts::All128 => buf.put(TWO_POW_128.as_bytes()),
    }
}

/// How a record line is laid out: the JSON object, or tab-separated values.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Json,
    Tsv,
}

/// Writes the fields of one record in order: `{"key":value,...}` or `value<TAB>value...`.
struct Record<'a> {
    buf: &'a mut Line,
    layout: Layout,
    first: bool,
}

impl Record<'_> {
    /// `key` is the JSON key with its quotes and colon, `"name":`.
    fn key(&mut self, key: &[u8]) {
        match (self.layout, self.first) {
            (Layout::Json, first) => {
                self.buf.byte(if first { b'{' } else { b',' });
                self.buf.put(key);
            }
            (Layout::Tsv, false) => self.buf.byte(b'\t'),
            (Layout::Tsv, true) => {}
        }
        self.first = false;
    }

    /// A number: never quoted.
    fn number(&mut self, key: &[u8], write: impl FnOnce(&mut Line)) {
        self.key(key);
        write(self.buf);
    }

    /// A string: quoted in JSON. No value needs escaping: each is an address or a name.
    fn text(&mut self, key: &[u8], write: impl FnOnce(&mut Line)) {
        self.key(key);
        let quote = self.layout == Layout::Json;
        if quote {
            self.buf.byte(b'"');
        }
        write(self.buf);
        if quote {
            self.buf.byte(b'"');
        }
    }

    /// A string or null (`-` in TSV).
    fn maybe(&mut self, key: &[u8], value: Option<impl FnOnce(&mut Line)>) {
        match value {
            Some(write) => self.text(key, write),
            None => {
                self.key(key);
                self.buf.put(if self.layout == Layout::Json { b"null" } else { b"-" });
            }
        }
    }

    fn end(self) {
        self.buf.put(if self.layout == Layout::Json { b"}\n" } else { b"\n" });
    }
}

/// The `--json` object of `nt ip info` (keys and their order are the contract) or its
/// tab-separated form for bulk human output, one line with its newline.
fn line_record(buf: &mut Line, s: &Subnet, layout: Layout) {
    let f = s.family;
    let (min, max) = s.host_range();
    let mut r = Record { buf, layout, first: true };
    r.text(b"\"address\":", |b| push_addr(b, f, s.addr, true));
    r.number(b"\"prefix\":", |b| push_u8(b, s.prefix));
    r.text(b"\"netmask\":", |b| push_addr(b, f, s.netmask(), false));
    r.text(b"\"wildcard\":", |b| push_addr(b, f, s.wildcard(), false));
    r.text(b"\"network\":", |b| {
        push_addr(b, f, s.network(), true);
        b.byte(b'/');
        push_u8(b, s.prefix);
    });
    r.maybe(b"\"broadcast\":", s.broadcast().map(|x| move |b: &mut Line| push_addr(b, f, x, true)));
    r.text(b"\"host_min\":", |b| push_addr(b, f, min, true));
    r.text(b"\"host_max\":", |b| push_addr(b, f, max, true));
    r.number(b"\"hosts\":", |b| push_hosts(b, s.hosts()));
    r.maybe(b"\"class\":", s.class().map(|c| move |b: &mut Line| b.put(c.letter().as_bytes())));
    r.text(b"\"scope\":", |b| b.put(s.scope().name().as_bytes()));
    r.text(b"\"reverse_pointer\":", |b| push_reverse(b, f, s.addr));
    if layout == Layout::Json {
        r.number(b"\"version\":", |b| b.byte(if f == Family::V4 { b'4' } else { b'6' }));
    }
    // Keys added after the contract's thirteen, so those keep their places.
    r.number(b"\"address_decimal\":", |b| push_dec(b, s.addr));
    r.text(b"\"address_hex\":", |b| push_hex(b, f, s.addr));
    let full = (f == Family::V6).then_some(|b: &mut Line| push_v6_full(b, s.addr));
    r.maybe(b"\"address_expanded\":", full);
    r.end();
}

/// The names of the tab-separated columns of bulk `info -` (`--header`): the JSON keys in
/// the same order, without `version`.
pub const TSV_HEADER: &str = "address\tprefix\tnetmask\twildcard\tnetwork\tbroadcast\thost_min\t\
host_max\thosts\tclass\tscope\treverse_pointer\taddress_decimal\taddress_hex\taddress_expanded\n";

/// What one of the `push_*` writers makes, as a `String` (the human output's values).
fn text_of(write: impl FnOnce(&mut Line)) -> String {
    let mut buf = Line::new();
    write(&mut buf);
    buf.text()
}

/// A mask as text (IPv6 masks never in dotted form).
pub fn mask_text(family: Family, m: u128) -> String {
    text_of(|b| push_addr(b, family, m, false))
}

/// An address as one hex number (`0xc0a80c92`).
pub fn hex_text(family: Family, a: u128) -> String {
    text_of(|b| push_hex(b, family, a))
}

/// IPv6 written out in full (`2001:0db8:0000:0000:0000:0000:0000:0001`).
pub fn expanded_text(a: u128) -> String {
    text_of(|b| push_v6_full(b, a))
}

pub fn reverse_text(family: Family, a: u128) -> String {
    text_of(|b| push_reverse(b, family, a))
}

/// A number in decimal (an address as one number, a host number).
pub fn decimal_text(n: u128) -> String {
    text_of(|b| push_dec(b, n))
}

pub fn hosts_text(hosts: Hosts) -> String {
    text_of(|b| push_hosts(b, hosts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ip::subnet::{Class, MaskOrigin};
    use proptest::prelude::*;
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    fn v4(text: &str, prefix: u8) -> Subnet {
        let a: Ipv4Addr = text.parse().expect("test address");
        Subnet::from_ip(IpAddr::V4(a), prefix, MaskOrigin::Prefix)
    }

    fn json(s: &Subnet) -> String {
        let mut buf = Vec::new();
        push_json(&mut buf, s);
        String::from_utf8(buf).expect("ascii")
    }

    #[test]
    fn seed_example() {
        let s = v4("192.168.12.146", 24);
        assert_eq!(
            json(&s),
            "{\"address\":\"192.168.12.146\",\"prefix\":24,\"netmask\":\"255.255.255.0\",\
             \"wildcard\":\"0.0.0.255\",\"network\":\"192.168.12.0/24\",\
             \"broadcast\":\"192.168.12.255\",\"host_min\":\"192.168.12.1\",\
             \"host_max\":\"192.168.12.254\",\"hosts\":254,\"class\":\"C\",\"scope\":\"private\",\
             \"reverse_pointer\":\"146.12.168.192.in-addr.arpa\",\"version\":4,\
             \"address_decimal\":3232238738,\"address_hex\":\"0xc0a80c92\",\"address_expanded\":null}\n"
        );
    }

    #[test]
    fn whole_ipv6_space_is_an_exact_integer() {
        let six = Subnet::new(Family::V6, 1, 0, MaskOrigin::Prefix);
        assert!(json(&six).contains(&format!("\"hosts\":{TWO_POW_128},")));
    }

    #[test]
    fn ipv6_text_is_rfc5952() {
        for text in [
            "::",
            "::1",
            "2001:db8::1",
            "1::",
            "2001:db8:0:1:1:1:1:1",
            "1:0:0:1::1",
            "fe80::1:0:0:1",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:7:8",
        ] {
            let a: Ipv6Addr = text.parse().expect("test address");
            assert_eq!(addr_text(Family::V6, u128::from(a)), text);
        }
        let mut buf = Line::new();
        push_v6(&mut buf, 0xffff_ffff_ffff, false);
        assert_eq!(buf.as_bytes(), b"::ffff:ffff:ffff");
    }

    #[test]
    fn reverse_names() {
        let mut buf = Line::new();
        push_reverse(&mut buf, Family::V6, 1);
        assert_eq!(buf.text(), format!("1.{}ip6.arpa", "0.".repeat(31)));
    }

    /// The serde form of the JSON contract: the fast writer must produce exactly this.
    #[derive(serde::Serialize)]
    struct Doc {
        address: String,
        prefix: u8,
        netmask: String,
        wildcard: String,
        network: String,
        broadcast: Option<String>,
        host_min: String,
        host_max: String,
        hosts: u128,
        class: Option<&'static str>,
        scope: &'static str,
        reverse_pointer: String,
        version: u8,
        address_decimal: u128,
        address_hex: String,
        address_expanded: Option<String>,
    }

    fn doc(s: &Subnet) -> Doc {
        let ip = |a: u128| s.ip(a).to_string();
        let mask = |a: u128| {
            let mut buf = Line::new();
            push_addr(&mut buf, s.family, a, false);
            buf.text()
        };
        let (min, max) = s.host_range();
        let mut rev = Line::new();
        push_reverse(&mut rev, s.family, s.addr);
        Doc {
            address: ip(s.addr),
            prefix: s.prefix,
            netmask: mask(s.netmask()),
            wildcard: mask(s.wildcard()),
            network: format!("{}/{}", ip(s.network()), s.prefix),
            broadcast: s.broadcast().map(ip),
            host_min: ip(min),
            host_max: ip(max),
            hosts: match s.hosts() {
                Hosts::Count(n) => n,
                Hosts::All128 => u128::MAX,
            },
            class: s.class().map(Class::letter),
            scope: s.scope().name(),
            reverse_pointer: rev.text(),
            version: if s.family == Family::V4 { 4 } else { 6 },
            address_decimal: s.addr,
            address_hex: match s.family {
                Family::V4 => format!("0x{:08x}", s.addr),
                Family::V6 => format!("0x{:032x}", s.addr),
            },
            address_expanded: (s.family == Family::V6).then(|| {
                let segments = Ipv6Addr::from(s.addr).segments();
                segments.map(|g| format!("{g:04x}")).join(":")
            }),
        }
    }

    #[test]
    fn header_names_the_tsv_columns() {
        // IPv4: serde_json's Value holds no number above u64, such as an IPv6 address.
        let s = v4("10.1.2.3", 8);
        let mut tsv = Vec::new();
        push_tsv(&mut tsv, &s);
        let tsv = String::from_utf8(tsv).expect("ascii");
        assert_eq!(TSV_HEADER.split('\t').count(), tsv.split('\t').count());
        let keys: Vec<String> = match serde_json::to_value(doc(&s)) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            other => panic!("not an object: {other:?}"),
        };
        let mut keys: Vec<&str> =
            keys.iter().map(String::as_str).filter(|k| *k != "version").collect();
        let mut names: Vec<&str> = TSV_HEADER.trim_end().split('\t').collect();
        keys.sort_unstable();
        names.sort_unstable();
        assert_eq!(names, keys);
    }

    #[test]
    fn longest_line_fits_the_buffer() {
        // The longest values: an IPv6 address with no zero group, a mask with eight groups.
        let s = Subnet::new(Family::V6, u128::MAX - 0x1_0001_0001, 127, MaskOrigin::Prefix);
        let text = json(&s);
        assert!(text.len() < 900 && text.ends_with("}\n"), "{}: {text}", text.len());
    }

    #[test]
    fn hex_and_expanded_forms() {
        assert_eq!(hex_text(Family::V4, 0xc0a8_0c92), "0xc0a80c92");
        assert_eq!(hex_text(Family::V4, 1), "0x00000001");
        let a = u128::from(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1));
        assert_eq!(hex_text(Family::V6, a), "0x20010db8000000000000000000000001");
        assert_eq!(expanded_text(a), "2001:0db8:0000:0000:0000:0000:0000:0001");
    }

    proptest! {
        #[test]
        fn text_forms_match_std(a in any::<u32>(), b in any::<u128>()) {
            prop_assert_eq!(addr_text(Family::V4, u128::from(a)), Ipv4Addr::from(a).to_string());
            prop_assert_eq!(addr_text(Family::V6, b), Ipv6Addr::from(b).to_string());
            let mut buf = Line::new();
            push_dec(&mut buf, b);
            prop_assert_eq!(buf.text(), b.to_string());
        }

        #[test]
        fn fast_json_equals_serde(a in any::<u128>(), v6 in any::<bool>(), p in 0u8..=128) {
            let s = Subnet::sample(a, v6, p);
            let expected = serde_json::to_string(&doc(&s)).expect("serializable") + "\n";
            prop_assert_eq!(json(&s), expected);
        }
    }
}
