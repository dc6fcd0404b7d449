//! The human form of `nt ip info`: every derived value, labelled (the address also in
//! decimal and hex, IPv6 also written out in full, as sipcalc shows them), then the lesson
//! the seed teaches — the class and its range, network bits against host bits in binary, what the
//! mask does, private addresses and NAT, the reverse-DNS name.
//!
//! It builds text only; the caller writes it. Color comes from `Output::paint`, so a pipe
//! gets plain text.

use std::fmt::Write as _;

use super::format::{
    addr_text, decimal_text, expanded_text, hex_text, hosts_text, mask_text, reverse_text,
};
use super::subnet::{Class, Family, MaskOrigin, Scope, Subnet};
use crate::output::{Output, Style};

/// The host count, with its power of two where IPv6 makes it long.
fn host_count(s: &Subnet) -> String {
    let n = hosts_text(s.hosts());
    if s.family == Family::V6 && s.host_bits() > 16 {
        format!("{n} (2^{})", s.host_bits())
    } else {
        n
    }
}

/// Bits of `value` as text, network bits and host bits told apart by a `|` and by color.
/// IPv4: octets joined by dots; IPv6: 16-bit groups, two lines of 64 bits.
fn binary(out: &Output, s: &Subnet, value: u128) -> Vec<String> {
    let (width, group, per_line) = match s.family {
        Family::V4 => (32u32, 8u32, 32u32),
        Family::V6 => (128, 16, 64),
    };
    let sep = if s.family == Family::V4 { '.' } else { ':' };
    let boundary = u32::from(s.prefix);
    let mut lines = Vec::new();
    for start in (0..width).step_by(per_line as usize) {
        let (mut net, mut host) = (String::new(), String::new());
        for i in start..start + per_line {
            let target = if i < boundary { &mut net } else { &mut host };
            if i == boundary {
                target.push('|');
            } else if i > start && i % group == 0 {
                target.push(sep);
            }
            target.push(if value >> (width - 1 - i) & 1 == 1 { '1' } else { '0' });
        }
        if boundary == width && start + per_line == width {
            net.push('|');
        }
        lines.push(format!("{}{}", out.paint(Style::Cyan, &net), out.paint(Style::Yellow, &host)));
    }
    lines
}

fn scope_text(scope: Scope) -> &'static str {
    match scope {
        Scope::Private => {
            "private (RFC 1918): not routed on the Internet, reached from outside only through NAT"
        }
        Scope::Shared => {
            "shared address space (RFC 6598): carrier-grade NAT between an ISP and its customers"
        }
        Scope::Public => "public: routable on the Internet",
        Scope::GlobalUnicast => "global unicast: routable on the Internet",
        Scope::Loopback => "loopback: this host only, never leaves it",
        Scope::LinkLocal => "link-local: valid on one link only, not routed",
        Scope::Multicast => "multicast: a group address, one sender to many receivers",
        Scope::Documentation => "documentation: reserved for examples, never routed",
        Scope::Benchmarking => "benchmarking (RFC 2544): for test networks, not routed",
        Scope::Reserved => "reserved: not for use on the Internet",
        Scope::ThisNetwork => "this network (RFC 1122): only a source address while booting",
        Scope::Unspecified => "unspecified: no address (\"any\" when binding a socket)",
        Scope::Broadcast => "limited broadcast: every host on the local link",
        Scope::UniqueLocal => "unique local (RFC 4193): private IPv6, not routed on the Internet",
        Scope::SiteLocal => "site-local: deprecated private IPv6 (RFC 3879)",
        Scope::Ipv4Mapped => {
            "IPv4-mapped (RFC 4291): an IPv4 address in IPv6 form, as dual-stack sockets show it"
        }
        Scope::Nat64 => "NAT64 (RFC 6052): an IPv4 address reached from IPv6 through a translator",
        Scope::SixToFour => "6to4 (RFC 3056): IPv6 tunnelled over IPv4",
        Scope::Teredo => "Teredo (RFC 4380): IPv6 tunnelled over UDP/IPv4",
    }
}

fn class_text(class: Class) -> String {
    let (first, last, bits) = class.range();
    let what = match class.default_prefix() {
        Some(p) => format!("classful mask /{p}"),
        None if class == Class::D => "multicast, no classful mask".into(),
        None => "reserved for future use, no classful mask".into(),
    };
    format!("{} ({first} - {last}: leading bits {bits}, {what})", class.letter())
}

/// The whole human description of one subnet.
pub fn describe(out: &Output, s: &Subnet) -> String {
    let f = s.family;
    let label = |name: &str| out.paint(Style::Bold, name).into_owned();
    let mut t = String::new();
    let mut row = |name: &str, value: &str| {
        let _ = writeln!(t, "{}{} {value}", label(name), " ".repeat(11 - name.len()));
    };
    let (min, max) = s.host_range();
    row("Address", &addr_text(f, s.addr));
    if f == Family::V6 {
        row("Expanded", &expanded_text(s.addr));
    }
    row("Decimal", &decimal_text(s.addr));
    row("Hex", &hex_text(f, s.addr));
    row(
        "Prefix",
        &format!("/{} ({} network bits, {} host bits)", s.prefix, s.prefix, s.host_bits()),
    );
    match f {
        Family::V4 => row(
            "Netmask",
            &format!("{} (hex {})", mask_text(f, s.netmask()), hex_text(f, s.netmask())),
        ),
        Family::V6 => row("Netmask", &mask_text(f, s.netmask())),
    }
    row("Wildcard", &mask_text(f, s.wildcard()));
    row("Network", &format!("{}/{}", addr_text(f, s.network()), s.prefix));
    row("Broadcast", &s.broadcast().map_or_else(|| "none".into(), |b| addr_text(f, b)));
    row("Host min", &addr_text(f, min));
    row("Host max", &addr_text(f, max));
    row("Hosts", &host_count(s));
    if let Some(class) = s.class() {
        row("Class", &class_text(class));
    }
    row("Scope", scope_text(s.scope()));
    if let Some(v4) = s.mapped_v4() {
        let inner = Scope::of_v4(v4);
        row("IPv4", &format!("{} ({})", addr_text(Family::V4, u128::from(v4)), inner.name()));
    }
    row("Reverse", &reverse_text(s.family, s.addr));
    t.push('\n');
    t.push_str(&lesson(out, s));
    t
}

/// The explanation part: binary view, what the mask does, notes on origin and edge cases.
fn lesson(out: &Output, s: &Subnet) -> String {
    let f = s.family;
    let mut t = String::new();
    let _ = writeln!(t, "Binary ({} network bits | {} host bits):", s.prefix, s.host_bits());
    let mut rows = vec![("address", s.addr), ("netmask", s.netmask())];
    if f == Family::V4 {
        rows.push(("network", s.network()));
        rows.push(("last", s.last()));
    }
    for (name, value) in rows {
        for (i, line) in binary(out, s, value).into_iter().enumerate() {
            let name = if i == 0 { name } else { "" };
            let _ = writeln!(t, "  {name:<9} {line}");
        }
    }
    let _ = writeln!(
        t,
        "The netmask's {} one bits select the network part, its {} zero bits the host part:\n\
         address AND netmask = network {}; address AND wildcard = host number {};\n\
         network OR wildcard = last address {}.",
        s.prefix,
        s.host_bits(),
        addr_text(f, s.network()),
        decimal_text(s.addr & s.wildcard()),
        addr_text(f, s.last()),
    );
    match (f, s.prefix) {
        (Family::V4, 0..=30) => {
            let _ = writeln!(
                t,
                "Hosts = 2^{} - 2: the all-zeros host (the network) and the all-ones host (broadcast) are not usable.",
                s.host_bits()
            );
        }
        (Family::V4, 31) => t.push_str(
            "A /31 is a point-to-point link (RFC 3021): both addresses are hosts, there is no broadcast.\n",
        ),
        (Family::V4, _) => t.push_str("A /32 is one single host.\n"),
        (Family::V6, 127) => t.push_str(
            "A /127 is a point-to-point link (RFC 6164): both addresses are hosts.\n",
        ),
        (Family::V6, 128) => t.push_str("A /128 is one single host.\n"),
        (Family::V6, _) => {
            t.push_str("IPv6 has no broadcast address: every address of the subnet is counted.\n")
        }
    }
    if matches!(s.scope(), Scope::Private | Scope::Shared)
        || s.mapped_v4().is_some_and(|a| Scope::of_v4(a) == Scope::Private)
    {
        t.push_str(
            "NAT: private addresses are reused in many networks, so Internet routers drop them;\n\
             a NAT router rewrites them to its public address on the way out and back on replies.\n",
        );
    }
    if let Some(note) = origin_note(s) {
        t.push_str(&note);
        t.push('\n');
    }
    t
}

fn origin_note(s: &Subnet) -> Option<String> {
    match s.origin {
        MaskOrigin::Prefix | MaskOrigin::Netmask => None,
        MaskOrigin::Wildcard => Some(format!(
            "Note: the mask was read as a wildcard mask (zeros then ones, as in ACLs): {} = /{}.",
            mask_text(s.family, s.wildcard()),
            s.prefix
        )),
        MaskOrigin::Classful => Some(match s.class().and_then(Class::default_prefix) {
            Some(p) => format!(
                "Note: no prefix given, so class {}'s classful mask /{p} was used.",
                s.class().map_or("?", Class::letter)
            ),
            None => {
                "Note: no prefix given and this class has no classful mask, so /32 was used.".into()
            }
        }),
        MaskOrigin::Host => {
            Some("Note: no prefix given: an IPv6 address alone is one host, /128.".into())
        }
    }
}
