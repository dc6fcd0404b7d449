//! The subnet model of `nt ip`: one address with its prefix, and everything derived from it
//! (netmask, network, broadcast, host range and count, class, scope, reverse-DNS name).
//!
//! Addresses are held as plain `u128` bits for both families so the arithmetic is one code
//! path. This module also writes the text forms (dotted quads, RFC 5952 IPv6) and the JSON
//! object by hand into a caller's buffer: the bulk path formats millions of lines a second
//! and must not allocate per line. It never does I/O.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// IPv4 or IPv6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    V4,
    V6,
}

impl Family {
    /// Address width in bits.
    pub fn bits(self) -> u8 {
        match self {
            Family::V4 => 32,
            Family::V6 => 128,
        }
    }

    /// Every bit of an address of this family set.
    pub fn all_ones(self) -> u128 {
        match self {
            Family::V4 => u128::from(u32::MAX),
            Family::V6 => u128::MAX,
        }
    }
}

/// Where the prefix length came from; the human output says so when it was not explicit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaskOrigin {
    /// `ADDR/N`.
    Prefix,
    /// A dotted netmask (ones then zeros).
    Netmask,
    /// A dotted wildcard mask (zeros then ones), read as its inverse.
    Wildcard,
    /// A bare IPv4 address: its classful default mask (D and E have none: /32).
    Classful,
    /// A bare IPv6 address: /128.
    Host,
}

/// One address and its prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subnet {
    pub family: Family,
    pub addr: u128,
    pub prefix: u8,
    pub origin: MaskOrigin,
}

/// The number of host addresses: exact, up to 2^128 (which needs one bit more than u128).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hosts {
    Count(u128),
    /// 2^128, the whole IPv6 space (`::/0`).
    All128,
}

/// 2^128 in decimal, the one host count that does not fit a `u128`.
pub const TWO_POW_128: &str = "340282366920938463463374607431768211456";

impl Subnet {
    pub fn new(family: Family, addr: u128, prefix: u8, origin: MaskOrigin) -> Subnet {
        Subnet { family, addr, prefix, origin }
    }

    #[cfg(test)]
    pub fn from_ip(ip: IpAddr, prefix: u8, origin: MaskOrigin) -> Subnet {
        match ip {
            IpAddr::V4(a) => Subnet::new(Family::V4, u128::from(u32::from(a)), prefix, origin),
            IpAddr::V6(a) => Subnet::new(Family::V6, u128::from(a), prefix, origin),
        }
    }

    pub fn host_bits(&self) -> u8 {
        self.family.bits() - self.prefix
    }

    pub fn netmask(&self) -> u128 {
        mask_of(self.family, self.prefix)
    }

    pub fn wildcard(&self) -> u128 {
        self.family.all_ones() ^ self.netmask()
    }

    pub fn network(&self) -> u128 {
        self.addr & self.netmask()
    }

    /// The last address of the subnet (the broadcast address where IPv4 has one).
    pub fn last(&self) -> u128 {
        self.network() | self.wildcard()
    }

    /// IPv4 up to /30 has a broadcast address; /31 (RFC 3021), /32 and IPv6 have none.
    pub fn broadcast(&self) -> Option<u128> {
        (self.family == Family::V4 && self.prefix <= 30).then(|| self.last())
    }

    /// First and last usable host. IPv4 up to /30 leaves out network and broadcast; a /31
    /// uses both addresses (RFC 3021); IPv6 counts every address (no broadcast, RFC 6164).
    pub fn host_range(&self) -> (u128, u128) {
        match (self.family, self.prefix) {
            (Family::V4, 0..=30) => (self.network() + 1, self.last() - 1),
            _ => (self.network(), self.last()),
        }
    }

    pub fn hosts(&self) -> Hosts {
        match (self.family, self.prefix) {
            (Family::V6, 0) => Hosts::All128,
            (Family::V4, 0..=30) => Hosts::Count((1u128 << self.host_bits()) - 2),
            _ => Hosts::Count(1u128 << self.host_bits()),
        }
    }

    /// Class A–E from the leading bits (IPv4 only).
    pub fn class(&self) -> Option<Class> {
        (self.family == Family::V4).then(|| Class::of((self.addr >> 24) as u8))
    }

    pub fn scope(&self) -> Scope {
        match self.family {
            Family::V4 => Scope::of_v4(self.addr as u32),
            Family::V6 => Scope::of_v6(self.addr),
        }
    }

    /// The embedded IPv4 address of an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`).
    pub fn mapped_v4(&self) -> Option<u32> {
        (self.family == Family::V6 && self.addr >> 32 == 0xffff).then_some(self.addr as u32)
    }

    pub fn ip(&self, bits: u128) -> IpAddr {
        match self.family {
            Family::V4 => IpAddr::V4(Ipv4Addr::from(bits as u32)),
            Family::V6 => IpAddr::V6(Ipv6Addr::from(bits)),
        }
    }
}

/// The netmask with `prefix` leading ones.
pub fn mask_of(family: Family, prefix: u8) -> u128 {
    let all = family.all_ones();
    match u32::from(family.bits() - prefix) {
        128 => 0,
        shift => (all << shift) & all,
    }
}

/// Classful addressing, by leading bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    A,
    B,
    C,
    D,
    E,
}

impl Class {
    pub fn of(first_octet: u8) -> Class {
        match first_octet {
            0..=127 => Class::A,
            128..=191 => Class::B,
            192..=223 => Class::C,
            224..=239 => Class::D,
            _ => Class::E,
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            Class::A => "A",
            Class::B => "B",
            Class::C => "C",
            Class::D => "D",
            Class::E => "E",
        }
    }

    /// The classful default prefix; D (multicast) and E (reserved) have none.
    pub fn default_prefix(self) -> Option<u8> {
        match self {
            Class::A => Some(8),
            Class::B => Some(16),
            Class::C => Some(24),
            Class::D | Class::E => None,
        }
    }

    /// First octets, leading bits.
    pub fn range(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Class::A => ("0.0.0.0", "127.255.255.255", "0"),
            Class::B => ("128.0.0.0", "191.255.255.255", "10"),
            Class::C => ("192.0.0.0", "223.255.255.255", "110"),
            Class::D => ("224.0.0.0", "239.255.255.255", "1110"),
            Class::E => ("240.0.0.0", "255.255.255.255", "1111"),
        }
    }
}

/// What kind of address this is, as the registries (IANA special-purpose lists) say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Public,
    Private,
    Shared,
    Loopback,
    LinkLocal,
    Multicast,
    Documentation,
    Benchmarking,
    Reserved,
    ThisNetwork,
    Unspecified,
    Broadcast,
    GlobalUnicast,
    UniqueLocal,
    SiteLocal,
    Ipv4Mapped,
    Nat64,
    SixToFour,
    Teredo,
}

impl Scope {
    /// The JSON value of `scope`.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Public => "public",
            Scope::Private => "private",
            Scope::Shared => "shared",
            Scope::Loopback => "loopback",
            Scope::LinkLocal => "link-local",
            Scope::Multicast => "multicast",
            Scope::Documentation => "documentation",
            Scope::Benchmarking => "benchmarking",
            Scope::Reserved => "reserved",
            Scope::ThisNetwork => "this-network",
            Scope::Unspecified => "unspecified",
            Scope::Broadcast => "broadcast",
            Scope::GlobalUnicast => "global-unicast",
            Scope::UniqueLocal => "unique-local",
            Scope::SiteLocal => "site-local",
            Scope::Ipv4Mapped => "ipv4-mapped",
            Scope::Nat64 => "nat64",
            Scope::SixToFour => "6to4",
            Scope::Teredo => "teredo",
        }
    }

    pub fn of_v4(a: u32) -> Scope {
        let within = |net: u32, prefix: u8| a & (u32::MAX << (32 - prefix)) == net;
        match a {
            0 => Scope::Unspecified,
            u32::MAX => Scope::Broadcast,
            _ if within(0, 8) => Scope::ThisNetwork,
            _ if within(0x0a00_0000, 8) || within(0xac10_0000, 12) || within(0xc0a8_0000, 16) => {
                Scope::Private
            }
            _ if within(0x6440_0000, 10) => Scope::Shared,
            _ if within(0x7f00_0000, 8) => Scope::Loopback,
            _ if within(0xa9fe_0000, 16) => Scope::LinkLocal,
            _ if within(0xc000_0200, 24) || within(0xc633_6400, 24) || within(0xcb00_7100, 24) => {
                Scope::Documentation
            }
            _ if within(0xc612_0000, 15) => Scope::Benchmarking,
            _ if within(0xc000_0000, 24) => Scope::Reserved,
            _ if within(0xe000_0000, 4) => Scope::Multicast,
            _ if within(0xf000_0000, 4) => Scope::Reserved,
            _ => Scope::Public,
        }
    }

    pub fn of_v6(a: u128) -> Scope {
        let within = |net: u128, prefix: u32| a & (u128::MAX << (128 - prefix)) == net;
        match a {
            0 => Scope::Unspecified,
            1 => Scope::Loopback,
            _ if within(0xffff_0000_0000, 96) => Scope::Ipv4Mapped,
            _ if within(0x0064_ff9b << 96, 96) => Scope::Nat64,
            _ if within(0x2001_0db8 << 96, 32) || within(0x3fff << 112, 20) => Scope::Documentation,
            _ if within(0x2001_0000 << 96, 32) => Scope::Teredo,
            _ if within(0x2002 << 112, 16) => Scope::SixToFour,
            _ if within(0xfc00 << 112, 7) => Scope::UniqueLocal,
            _ if within(0xfe80 << 112, 10) => Scope::LinkLocal,
            _ if within(0xfec0 << 112, 10) => Scope::SiteLocal,
            _ if within(0xff00 << 112, 8) => Scope::Multicast,
            _ if within(0x2000 << 112, 3) => Scope::GlobalUnicast,
            _ => Scope::Reserved,
        }
    }
}

/// One output line built on the stack: the longest (IPv6 JSON) is under 700 bytes.
pub struct Line {
    bytes: [u8; 1024],
    len: usize,
}

impl Line {
    pub fn new() -> Line {
        Line { bytes: [0; 1024], len: 0 }
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

/// Append an address of `family`; `dotted` writes IPv4-mapped IPv6 as `::ffff:a.b.c.d`.
pub fn push_addr(buf: &mut Line, family: Family, a: u128, dotted: bool) {
    match family {
        Family::V4 => push_v4(buf, a as u32),
        Family::V6 => push_v6(buf, a, dotted),
    }
}

/// An address as a `String` (human output, split/range/summarize).
pub fn addr_text(family: Family, a: u128) -> String {
    let mut buf = Line::new();
    push_addr(&mut buf, family, a, true);
    buf.text()
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
    fn key(&mut self, key: &[u8]) {
        match (self.layout, self.first) {
            (Layout::Json, first) => {
                self.buf.put(if first { b"{\"" } else { b",\"" });
                self.buf.put(key);
                self.buf.put(b"\":");
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
    r.text(b"address", |b| push_addr(b, f, s.addr, true));
    r.number(b"prefix", |b| push_u8(b, s.prefix));
    r.text(b"netmask", |b| push_addr(b, f, s.netmask(), false));
    r.text(b"wildcard", |b| push_addr(b, f, s.wildcard(), false));
    r.text(b"network", |b| {
        push_addr(b, f, s.network(), true);
        b.byte(b'/');
        push_u8(b, s.prefix);
    });
    r.maybe(b"broadcast", s.broadcast().map(|x| move |b: &mut Line| push_addr(b, f, x, true)));
    r.text(b"host_min", |b| push_addr(b, f, min, true));
    r.text(b"host_max", |b| push_addr(b, f, max, true));
    r.number(b"hosts", |b| push_hosts(b, s.hosts()));
    r.maybe(b"class", s.class().map(|c| move |b: &mut Line| b.put(c.letter().as_bytes())));
    r.text(b"scope", |b| b.put(s.scope().name().as_bytes()));
    r.text(b"reverse_pointer", |b| push_reverse(b, f, s.addr));
    if layout == Layout::Json {
        r.number(b"version", |b| b.byte(if f == Family::V4 { b'4' } else { b'6' }));
    }
    r.end();
}

/// A mask as text (IPv6 masks never in dotted form).
pub fn mask_text(family: Family, m: u128) -> String {
    let mut buf = Line::new();
    push_addr(&mut buf, family, m, false);
    buf.text()
}

pub fn reverse_text(family: Family, a: u128) -> String {
    let mut buf = Line::new();
    push_reverse(&mut buf, family, a);
    buf.text()
}

pub fn hosts_text(hosts: Hosts) -> String {
    let mut buf = Line::new();
    push_hosts(&mut buf, hosts);
    buf.text()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
             \"reverse_pointer\":\"146.12.168.192.in-addr.arpa\",\"version\":4}\n"
        );
    }

    #[test]
    fn rfc3021_and_host_routes() {
        let s = v4("10.0.0.1", 31);
        assert_eq!(
            (s.broadcast(), s.host_range(), s.hosts()),
            (None, (0x0a00_0000, 0x0a00_0001), Hosts::Count(2))
        );
        let s = v4("10.0.0.1", 32);
        assert_eq!(
            (s.broadcast(), s.host_range(), s.hosts()),
            (None, (0x0a00_0001, 0x0a00_0001), Hosts::Count(1))
        );
        let s = v4("10.0.0.1", 0);
        assert_eq!(s.hosts(), Hosts::Count((1 << 32) - 2));
        let six = Subnet::new(Family::V6, 1, 0, MaskOrigin::Prefix);
        assert_eq!(six.hosts(), Hosts::All128);
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

    #[test]
    fn scopes() {
        let cases = [
            ("10.1.2.3", "private"),
            ("172.31.0.1", "private"),
            ("172.32.0.1", "public"),
            ("100.64.0.1", "shared"),
            ("127.0.0.1", "loopback"),
            ("169.254.1.1", "link-local"),
            ("224.0.0.1", "multicast"),
            ("192.0.2.7", "documentation"),
            ("8.8.8.8", "public"),
            ("0.0.0.0", "unspecified"),
            ("255.255.255.255", "broadcast"),
            ("240.0.0.1", "reserved"),
            ("198.18.0.1", "benchmarking"),
        ];
        for (text, scope) in cases {
            assert_eq!(v4(text, 32).scope().name(), scope, "{text}");
        }
        for (text, scope) in [
            ("2001:db8::1", "documentation"),
            ("fe80::1", "link-local"),
            ("fd00::1", "unique-local"),
            ("ff02::1", "multicast"),
            ("2606:4700::1", "global-unicast"),
            ("::ffff:10.0.0.1", "ipv4-mapped"),
            ("::1", "loopback"),
        ] {
            let a: Ipv6Addr = text.parse().expect("test address");
            assert_eq!(Scope::of_v6(u128::from(a)).name(), scope, "{text}");
        }
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
        }
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
            let s = if v6 {
                Subnet::new(Family::V6, a, p.max(1), MaskOrigin::Prefix)
            } else {
                Subnet::new(Family::V4, a & u128::from(u32::MAX), p % 33, MaskOrigin::Prefix)
            };
            let expected = serde_json::to_string(&doc(&s)).expect("serializable") + "\n";
            prop_assert_eq!(json(&s), expected);
        }
    }
}
