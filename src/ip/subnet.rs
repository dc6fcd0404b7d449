//! The subnet model of `nt ip`: one address with its prefix, and everything derived from it
//! (netmask, network, broadcast, host range and count, class, scope, reverse-DNS name).
//!
//! Addresses are held as plain `u128` bits for both families so the arithmetic is one code
//! path. Text forms live in `format.rs`. No I/O, no allocation.

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

impl Subnet {
    pub fn new(family: Family, addr: u128, prefix: u8, origin: MaskOrigin) -> Subnet {
        Subnet { family, addr, prefix, origin }
    }

    /// A test subnet from random parts: any IPv4 or IPv6 address and prefix (IPv6 /0 left
    /// out: its 2^128 hosts do not fit the `u128` the tests compare with).
    #[cfg(test)]
    pub fn sample(a: u128, v6: bool, p: u8) -> Subnet {
        if v6 {
            Subnet::new(Family::V6, a, p.max(1), MaskOrigin::Prefix)
        } else {
            Subnet::new(Family::V4, a & u128::from(u32::MAX), p % 33, MaskOrigin::Prefix)
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v4(text: &str, prefix: u8) -> Subnet {
        let a: Ipv4Addr = text.parse().expect("test address");
        Subnet::from_ip(IpAddr::V4(a), prefix, MaskOrigin::Prefix)
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

    proptest! {
        #[test]
        fn host_range_matches_count(a in any::<u128>(), v6 in any::<bool>(), p in 0u8..=128) {
            let s = Subnet::sample(a, v6, p);
            let (min, max) = s.host_range();
            prop_assert!(s.network() <= min && min <= max && max <= s.last());
            prop_assert!(s.network() <= s.addr && s.addr <= s.last());
            prop_assert_eq!(s.hosts(), Hosts::Count(max - min + 1));
        }
    }
}
