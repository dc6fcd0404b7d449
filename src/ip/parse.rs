//! Parsers for `nt ip` input: `ADDR`, `ADDR/PREFIX`, `ADDR/NETMASK`, `ADDR NETMASK`
//! (dotted netmasks and wildcard masks), and `FIRST-LAST` ranges.
//!
//! They work on bytes and allocate nothing unless the input is bad, because bulk mode
//! runs them on millions of lines. Errors carry the offending text and say what is wrong.

use std::fmt;
use std::net::Ipv6Addr;

use super::subnet::{Class, Family, MaskOrigin, Subnet};

/// What is wrong with one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    Empty,
    /// `input` is the whole input when it holds more than the address.
    Address {
        input: Option<String>,
        addr: String,
        why: &'static str,
    },
    Prefix {
        input: String,
        family: Family,
    },
    Mask {
        input: String,
        mask: String,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let clean = |s: &str| crate::output::sanitize(s).into_owned();
        match self {
            InputError::Empty => f.write_str("empty input: expected ADDR[/PREFIX]"),
            InputError::Address { input: Some(input), addr, why } => {
                write!(f, "{:?}: {} is not an IP address: {why}", clean(input), clean(addr))
            }
            InputError::Address { input: None, addr, why } => {
                write!(f, "{:?} is not an IP address: {why}", clean(addr))
            }
            InputError::Prefix { input, family } => {
                let (v, max) = match family {
                    Family::V4 => (4, 32),
                    Family::V6 => (6, 128),
                };
                write!(
                    f,
                    "{:?}: the prefix must be a number from 0 to {max} for IPv{v}",
                    clean(input)
                )
            }
            InputError::Mask { input, mask } => write!(
                f,
                "{:?}: {} is not a netmask (ones then zeros) nor a wildcard mask (zeros then ones)",
                clean(input),
                clean(mask)
            ),
        }
    }
}

impl std::error::Error for InputError {}

fn address_error(addr: &[u8], why: &'static str) -> InputError {
    InputError::Address { input: None, addr: String::from_utf8_lossy(addr).into_owned(), why }
}

/// A dotted-quad IPv4 address: four decimal octets 0-255 without leading zeros.
pub fn parse_v4(s: &[u8]) -> Result<u32, &'static str> {
    let mut value: u32 = 0;
    let mut parts = 0;
    let mut i = 0;
    while parts < 4 {
        let start = i;
        let mut octet: u32 = 0;
        while i < s.len() && s[i].is_ascii_digit() && i - start < 4 {
            octet = octet * 10 + u32::from(s[i] - b'0');
            i += 1;
        }
        let digits = i - start;
        if digits == 0 || digits > 3 {
            return Err("expected four numbers separated by dots, such as 192.168.1.10");
        }
        if octet > 255 {
            return Err("each of the four numbers must be from 0 to 255");
        }
        if digits > 1 && s[start] == b'0' {
            return Err("a number with a leading zero is ambiguous (octal?)");
        }
        value = value << 8 | octet;
        parts += 1;
        if parts < 4 {
            if i >= s.len() || s[i] != b'.' {
                return Err("expected four numbers separated by dots, such as 192.168.1.10");
            }
            i += 1;
        }
    }
    if i != s.len() {
        return Err("expected four numbers separated by dots, such as 192.168.1.10");
    }
    Ok(value)
}

/// An IPv4 or IPv6 address, as family and bits.
pub fn parse_addr(s: &[u8]) -> Result<(Family, u128), InputError> {
    // IPv4 first: bulk input is mostly IPv4, and this way it is read in one pass.
    let why = match parse_v4(s) {
        Ok(a) => return Ok((Family::V4, u128::from(a))),
        Err(why) => why,
    };
    if s.contains(&b':') {
        let text = std::str::from_utf8(s).map_err(|_| address_error(s, "not text"))?;
        let a: Ipv6Addr = text
            .parse()
            .map_err(|_| address_error(s, "not a valid IPv6 address, such as 2001:db8::1"))?;
        Ok((Family::V6, u128::from(a)))
    } else if s.iter().all(|b| b.is_ascii_digit() || *b == b'.') && !s.is_empty() {
        Err(address_error(s, why))
    } else {
        Err(address_error(
            s,
            "expected an IPv4 address such as 192.168.1.10 or IPv6 such as 2001:db8::1",
        ))
    }
}

/// A mask in address form: a netmask (ones then zeros) gives its prefix; otherwise a
/// wildcard (zeros then ones) gives the prefix of its inverse; anything else is `None`.
/// All-zeros and all-ones are read as netmasks (/0 and /32).
pub fn mask_prefix(family: Family, mask: u128) -> Option<(u8, MaskOrigin)> {
    let all = family.all_ones();
    let ones = mask.count_ones() as u8;
    let is_netmask = |m: u128| {
        let inv = !m & all;
        // ones then zeros: the inverse is a run of low ones, i.e. inv & (inv + 1) == 0.
        inv & inv.wrapping_add(1) == 0
    };
    if is_netmask(mask) {
        Some((ones, MaskOrigin::Netmask))
    } else if is_netmask(!mask & all) {
        Some((family.bits() - ones, MaskOrigin::Wildcard))
    } else {
        None
    }
}

fn trim(s: &[u8]) -> &[u8] {
    s.trim_ascii()
}

/// One `nt ip info` input: `ADDR`, `ADDR/PREFIX`, `ADDR/MASK` or `ADDR MASK` (one space or
/// tab between them), surrounding whitespace ignored.
pub fn parse_input(line: &[u8]) -> Result<Subnet, InputError> {
    let line = trim(line);
    if line.is_empty() {
        return Err(InputError::Empty);
    }
    let split = line.iter().position(|b| *b == b'/' || *b == b' ' || *b == b'\t');
    let (addr_part, mask_part) = match split {
        Some(i) => (&line[..i], Some(trim(&line[i + 1..]))),
        None => (line, None),
    };
    let (family, addr) = parse_addr(addr_part).map_err(|e| match e {
        InputError::Address { input: None, addr, why } if addr_part != line => {
            InputError::Address {
                input: Some(String::from_utf8_lossy(line).into_owned()),
                addr,
                why,
            }
        }
        other => other,
    })?;
    match mask_part {
        None => Ok(bare(family, addr)),
        Some(mask) => with_mask(line, family, addr, mask),
    }
}

/// A bare address: IPv4 gets its classful mask (/32 for classes D and E), IPv6 /128.
pub fn bare(family: Family, addr: u128) -> Subnet {
    match family {
        Family::V4 => {
            let prefix = Class::of((addr >> 24) as u8).default_prefix().unwrap_or(32);
            Subnet::new(family, addr, prefix, MaskOrigin::Classful)
        }
        Family::V6 => Subnet::new(family, addr, 128, MaskOrigin::Host),
    }
}

fn with_mask(line: &[u8], family: Family, addr: u128, mask: &[u8]) -> Result<Subnet, InputError> {
    let input = || String::from_utf8_lossy(line).into_owned();
    if !mask.is_empty() && mask.len() <= 3 && mask.iter().all(u8::is_ascii_digit) {
        let prefix = mask.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
        if prefix > u16::from(family.bits()) {
            return Err(InputError::Prefix { input: input(), family });
        }
        return Ok(Subnet::new(family, addr, prefix as u8, MaskOrigin::Prefix));
    }
    let looks_like_mask = match family {
        Family::V4 => mask.contains(&b'.'),
        Family::V6 => mask.contains(&b':'),
    };
    if !looks_like_mask {
        return Err(InputError::Prefix { input: input(), family });
    }
    let (mask_family, bits) = parse_addr(mask).map_err(|_| InputError::Mask {
        input: input(),
        mask: String::from_utf8_lossy(mask).into_owned(),
    })?;
    match (mask_family == family).then(|| mask_prefix(family, bits)).flatten() {
        Some((prefix, origin)) => Ok(Subnet::new(family, addr, prefix, origin)),
        None => Err(InputError::Mask {
            input: input(),
            mask: String::from_utf8_lossy(mask).into_owned(),
        }),
    }
}

/// Whether a command-line argument after a bare IPv4 address is its mask (`ADDR NETMASK`):
/// a dotted quad that is a netmask or wildcard, or one that starts with 255 (a mistyped
/// mask, rejected as such rather than read as a second address).
pub fn is_mask_arg(arg: &str) -> bool {
    match parse_v4(arg.as_bytes()) {
        Ok(bits) => mask_prefix(Family::V4, u128::from(bits)).is_some() || bits >> 24 == 255,
        Err(_) => false,
    }
}

/// A host or network for split, contains, range and summarize: `ADDR/PREFIX`,
/// `ADDR/NETMASK`, or a bare address meaning that one host (/32 or /128).
pub fn parse_net(text: impl AsRef<[u8]>) -> Result<Subnet, InputError> {
    let s = parse_input(text.as_ref())?;
    Ok(match s.origin {
        MaskOrigin::Classful | MaskOrigin::Host => {
            Subnet::new(s.family, s.addr, s.family.bits(), MaskOrigin::Prefix)
        }
        _ => s,
    })
}

/// A range `FIRST-LAST` (or FIRST and LAST given apart): both of one family, FIRST <= LAST.
pub fn parse_range(first: &str, last: Option<&str>) -> Result<(Family, u128, u128), String> {
    let (a, b) = match last {
        Some(last) => (first, last),
        None => first.split_once('-').ok_or_else(|| {
            format!(
                "{:?} is not a range: write FIRST-LAST or FIRST LAST",
                crate::output::sanitize(first)
            )
        })?,
    };
    let (fa, a) = parse_addr(a.trim().as_bytes()).map_err(|e| e.to_string())?;
    let (fb, b) = parse_addr(b.trim().as_bytes()).map_err(|e| e.to_string())?;
    if fa != fb {
        return Err("the range mixes IPv4 and IPv6".into());
    }
    if a > b {
        return Err("the range is backwards: FIRST is after LAST".into());
    }
    Ok((fa, a, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::net::Ipv4Addr;

    fn ok(s: &str) -> (u128, u8, MaskOrigin) {
        let n = parse_input(s.as_bytes()).expect("valid input");
        (n.addr, n.prefix, n.origin)
    }

    #[test]
    fn forms() {
        let a = 0xc0a8_0c92;
        assert_eq!(ok("192.168.12.146/24"), (a, 24, MaskOrigin::Prefix));
        assert_eq!(ok(" 192.168.12.146/255.255.255.0\r"), (a, 24, MaskOrigin::Netmask));
        assert_eq!(ok("192.168.12.146 255.255.255.0"), (a, 24, MaskOrigin::Netmask));
        assert_eq!(ok("192.168.12.146/0.0.0.255"), (a, 24, MaskOrigin::Wildcard));
        assert_eq!(ok("192.168.12.146"), (a, 24, MaskOrigin::Classful));
        assert_eq!(ok("10.0.0.1").1, 8);
        assert_eq!(ok("172.16.0.1").1, 16);
        assert_eq!(ok("224.0.0.1").1, 32);
        assert_eq!(ok("1.2.3.4/0.0.0.0"), (0x0102_0304, 0, MaskOrigin::Netmask));
        assert_eq!(ok("1.2.3.4/255.255.255.255"), (0x0102_0304, 32, MaskOrigin::Netmask));
        assert_eq!(ok("::1"), (1, 128, MaskOrigin::Host));
        assert_eq!(ok("2001:db8::/ffff:ffff::").1, 32);
        assert_eq!(ok("::ffff:1.2.3.4/120").1, 120);
    }

    #[test]
    fn bad_inputs() {
        for bad in [
            "",
            "  ",
            "abc",
            "300.1.1.1/24",
            "1.2.3.4/33",
            "1.2.3.4/255.0.255.0",
            "1.2.3",
            "1.2.3.4.5",
            "01.2.3.4",
            "1.2.3.4/",
            "1.2.3.4/-1",
            "::1/129",
            "1.2.3.4/ffff::",
            "1.2.3.4/24/5",
            "1.2.3.4 5.6.7.8",
            "fe80::1%eth0",
        ] {
            assert!(parse_input(bad.as_bytes()).is_err(), "{bad:?}");
        }
        let msg = parse_input(b"1.2.3.4/33").unwrap_err().to_string();
        assert_eq!(msg, "\"1.2.3.4/33\": the prefix must be a number from 0 to 32 for IPv4");
        let msg = parse_input(b"1.2.3.4/255.0.255.0").unwrap_err().to_string();
        assert!(msg.contains("255.0.255.0 is not a netmask"), "{msg}");
    }

    #[test]
    fn mask_args() {
        assert!(
            is_mask_arg("255.255.255.0") && is_mask_arg("0.0.0.255") && is_mask_arg("255.0.255.0")
        );
        assert!(
            !is_mask_arg("10.0.0.1") && !is_mask_arg("2001:db8::1") && !is_mask_arg("1.2.3.4/24")
        );
    }

    #[test]
    fn ranges() {
        assert_eq!(
            parse_range("10.0.0.5-10.0.0.20", None),
            Ok((Family::V4, 0x0a00_0005, 0x0a00_0014))
        );
        assert_eq!(parse_range("::1", Some("::2")), Ok((Family::V6, 1, 2)));
        assert!(parse_range("10.0.0.20-10.0.0.5", None).is_err());
        assert!(parse_range("10.0.0.1-::2", None).is_err());
        assert!(parse_range("10.0.0.1", None).is_err());
    }

    proptest! {
        #[test]
        fn v4_agrees_with_std(s in "[0-9.]{0,17}") {
            let ours = parse_v4(s.as_bytes()).ok();
            let std = s.parse::<Ipv4Addr>().ok().map(u32::from);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn cidr_roundtrip(a in any::<u32>(), p in 0u8..=32) {
            let text = format!("{}/{p}", Ipv4Addr::from(a));
            prop_assert_eq!(ok(&text), (u128::from(a), p, MaskOrigin::Prefix));
        }

        #[test]
        fn v6_cidr_roundtrip(a in any::<u128>(), p in 0u8..=128) {
            let text = format!("{}/{p}", Ipv6Addr::from(a));
            prop_assert_eq!(ok(&text), (a, p, MaskOrigin::Prefix));
        }

        #[test]
        fn masks_roundtrip(a in any::<u32>(), p in 1u8..=31) {
            let mask = u32::MAX << (32 - p);
            let net = format!("{} {}", Ipv4Addr::from(a), Ipv4Addr::from(mask));
            prop_assert_eq!(ok(&net), (u128::from(a), p, MaskOrigin::Netmask));
            let wild = format!("{}/{}", Ipv4Addr::from(a), Ipv4Addr::from(!mask));
            prop_assert_eq!(ok(&wild), (u128::from(a), p, MaskOrigin::Wildcard));
        }

        #[test]
        fn non_contiguous_masks_are_rejected(m in any::<u32>()) {
            let contiguous = m.leading_ones() + m.trailing_zeros() == 32
                || m.leading_zeros() + m.trailing_ones() == 32;
            let text = format!("1.2.3.4/{}", Ipv4Addr::from(m));
            prop_assert_eq!(parse_input(text.as_bytes()).is_ok(), contiguous);
        }

        #[test]
        fn bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..48)) {
            let _ = parse_input(&b).map_err(|e| e.to_string());
        }

        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = parse_input(s.as_bytes());
            let _ = parse_range(&s, None);
        }

        #[test]
        fn range_roundtrip(a in any::<u32>(), b in any::<u32>()) {
            let (lo, hi) = (a.min(b), a.max(b));
            let text = format!("{}-{}", Ipv4Addr::from(lo), Ipv4Addr::from(hi));
            prop_assert_eq!(parse_range(&text, None), Ok((Family::V4, u128::from(lo), u128::from(hi))));
        }
    }
}
