//! `nt ip split NET --hosts 50,20,10` (VLSM): the smallest subnet for each number of
//! hosts, placed from the start of the network, largest first, and what is left over.
//!
//! A subnet "holds" as many hosts as `nt ip info` counts for it (IPv4 /0-/30: 2^n - 2; a
//! /31 holds 2 (RFC 3021) and a /32 one; IPv6 2^n), so the two commands never disagree.
//! Placing the blocks largest first keeps every block aligned without gaps, so the sizes fit
//! exactly when their blocks add up to no more than the network. Arithmetic only: no I/O.

use std::fmt;

use super::subnet::{Family, Hosts, MaskOrigin, Subnet};

/// One subnet of the plan: the request it serves and where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// The number of hosts asked for.
    pub requested: u64,
    /// The subnet (network address and prefix).
    pub subnet: Subnet,
}

/// The plan: the blocks, largest first, and the first address after them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub blocks: Vec<Block>,
    /// Addresses taken from the start of the network (the rest is unused).
    pub used: u128,
}

/// Why sizes cannot be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VlsmError {
    /// One size is more than the largest subnet of the family holds.
    TooMany { hosts: u64, family: Family },
    /// The blocks together need more addresses than the network has.
    NoRoom { need: u128, network: Subnet },
}

impl fmt::Display for VlsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VlsmError::TooMany { hosts, family } => {
                let (v, most) = match family {
                    Family::V4 => (4, (1u128 << 32) - 2),
                    Family::V6 => (6, u128::MAX),
                };
                write!(f, "{hosts} hosts do not fit in any IPv{v} subnet (a /0 holds {most})")
            }
            VlsmError::NoRoom { need, network } => {
                let net = super::format::addr_text(network.family, network.network());
                let have = match network.host_bits() {
                    128 => super::format::TWO_POW_128.to_string(),
                    bits => (1u128 << bits).to_string(),
                };
                write!(
                    f,
                    "the subnets for these sizes need {need} addresses; {net}/{} has {have}",
                    network.prefix
                )
            }
        }
    }
}

impl std::error::Error for VlsmError {}

/// The longest prefix whose subnet holds `hosts` hosts; `None` when no subnet does.
pub fn block_prefix(family: Family, hosts: u64) -> Option<u8> {
    let hosts = u128::from(hosts);
    match family {
        Family::V4 if hosts <= 2 => Some(33 - hosts as u8),
        // 2^h - 2 >= hosts: the network and broadcast addresses are not hosts.
        Family::V4 => 32u8.checked_sub(ceil_log2(hosts + 2)),
        Family::V6 => Some(128 - ceil_log2(hosts)),
    }
}

/// The smallest h with 2^h >= n (n >= 1).
fn ceil_log2(n: u128) -> u8 {
    (128 - (n - 1).leading_zeros()) as u8
}

/// Place a subnet for each size inside `network`, the largest request first (equal ones in
/// the order given), from its first address on.
pub fn plan(network: &Subnet, sizes: &[u64]) -> Result<Plan, VlsmError> {
    let family = network.family;
    let mut wanted = Vec::with_capacity(sizes.len());
    for &hosts in sizes {
        let prefix = block_prefix(family, hosts).ok_or(VlsmError::TooMany { hosts, family })?;
        wanted.push((hosts, prefix));
    }
    // Largest request first (stable: equal ones in the order given); the blocks then come
    // in falling sizes, each aligned where the one before it ends.
    wanted.sort_by_key(|&(hosts, _)| std::cmp::Reverse(hosts));
    // Each block is at most 2^64 addresses and there are at most 2^16 of them (the
    // --hosts bound), so the sum cannot overflow.
    let need: u128 = wanted.iter().map(|&(_, p)| 1u128 << (family.bits() - p)).sum();
    let room = match network.host_bits() {
        128 => None,
        bits => Some(1u128 << bits),
    };
    if room.is_some_and(|room| need > room) {
        return Err(VlsmError::NoRoom { need, network: *network });
    }
    let start = network.network();
    let mut at = 0u128;
    let blocks = wanted
        .into_iter()
        .map(|(requested, prefix)| {
            let subnet = Subnet::new(family, start + at, prefix, MaskOrigin::Prefix);
            at += 1u128 << (family.bits() - prefix);
            Block { requested, subnet }
        })
        .collect();
    Ok(Plan { blocks, used: need })
}

/// How many hosts a block holds, as a number (a VLSM block is never the whole IPv6 space).
pub fn capacity(block: &Block) -> u128 {
    match block.subnet.hosts() {
        Hosts::Count(n) => n,
        Hosts::All128 => u128::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn net(family: Family, addr: u128, prefix: u8) -> Subnet {
        Subnet::new(family, addr, prefix, MaskOrigin::Prefix)
    }

    #[test]
    fn ipcalc_example() {
        let lan = net(Family::V4, 0xc0a8_0000, 24);
        let plan = plan(&lan, &[10, 50, 20]).expect("fits");
        let got: Vec<(u64, u128, u8)> =
            plan.blocks.iter().map(|b| (b.requested, b.subnet.addr, b.subnet.prefix)).collect();
        assert_eq!(got, [(50, 0xc0a8_0000, 26), (20, 0xc0a8_0040, 27), (10, 0xc0a8_0060, 28)]);
        assert_eq!(plan.used, 112);
        let small = net(Family::V4, 0xc0a8_0000, 26);
        let err = super::plan(&small, &[50, 20, 10]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the subnets for these sizes need 112 addresses; 192.168.0.0/26 has 64"
        );
    }

    #[test]
    fn edges() {
        assert_eq!(block_prefix(Family::V4, 1), Some(32));
        assert_eq!(block_prefix(Family::V4, 2), Some(31));
        assert_eq!(block_prefix(Family::V4, 3), Some(29));
        assert_eq!(block_prefix(Family::V4, 6), Some(29));
        assert_eq!(block_prefix(Family::V4, 7), Some(28));
        assert_eq!(block_prefix(Family::V4, (1 << 32) - 2), Some(0));
        assert_eq!(block_prefix(Family::V4, (1 << 32) - 1), None);
        assert_eq!(block_prefix(Family::V6, 1), Some(128));
        assert_eq!(block_prefix(Family::V6, 2), Some(127));
        assert_eq!(block_prefix(Family::V6, u64::MAX), Some(64));
        let everything = net(Family::V6, 0, 0);
        let plan = plan(&everything, &[u64::MAX; 3]).expect("fits in ::/0");
        assert_eq!(plan.used, 3 << 64);
        let err = super::plan(&net(Family::V4, 0, 0), &[u64::MAX]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "18446744073709551615 hosts do not fit in any IPv4 subnet (a /0 holds 4294967294)"
        );
    }

    /// The oracle: for each size, the longest prefix whose host count (counted from the
    /// RFCs, by search) reaches it; then a first-fit search for a free aligned block.
    fn oracle(family: Family, start: u128, prefix: u8, sizes: &[u64]) -> Option<Vec<(u128, u8)>> {
        let bits = u32::from(family.bits());
        let holds = |p: u32| -> u128 {
            match (family, bits - p) {
                (Family::V4, 0) => 1,
                (Family::V4, 1) => 2,
                (Family::V4, h) => (1u128 << h) - 2,
                (Family::V6, h) => 1u128 << h,
            }
        };
        let mut order: Vec<u64> = sizes.to_vec();
        order.sort_by(|a, b| b.cmp(a));
        let end = start + (1u128 << (bits - u32::from(prefix)));
        let mut taken: Vec<(u128, u128)> = Vec::new();
        let mut out = Vec::new();
        for n in order {
            let p = (0..=bits).rev().find(|&p| holds(p) >= u128::from(n))?;
            let size = 1u128 << (bits - p);
            let mut at = start;
            while at + size <= end && taken.iter().any(|&(a, b)| at < b && a < at + size) {
                at += size;
            }
            if at + size > end {
                return None;
            }
            taken.push((at, at + size));
            out.push((at, p as u8));
        }
        Some(out)
    }

    proptest! {
        #[test]
        fn agrees_with_first_fit_oracle(
            v6 in any::<bool>(),
            addr in any::<u32>(),
            prefix in 16u8..=30,
            sizes in proptest::collection::vec(1u64..3000, 1..12),
        ) {
            let (family, addr, prefix) = if v6 {
                (Family::V6, u128::from(addr) << 96, prefix + 96)
            } else {
                (Family::V4, u128::from(addr), prefix)
            };
            let network = net(family, addr, prefix);
            let start = network.network();
            let got = plan(&network, &sizes)
                .ok()
                .map(|p| p.blocks.iter().map(|b| (b.subnet.addr, b.subnet.prefix)).collect());
            prop_assert_eq!(got, oracle(family, start, prefix, &sizes));
        }

        #[test]
        fn every_block_holds_its_request(sizes in proptest::collection::vec(1u64..100_000, 1..20)) {
            let network = net(Family::V4, 0x0a00_0000, 8);
            if let Ok(plan) = plan(&network, &sizes) {
                for b in &plan.blocks {
                    prop_assert!(capacity(b) >= u128::from(b.requested));
                    let too_small = b.subnet.prefix == 32 || {
                        let half = Subnet::new(Family::V4, 0, b.subnet.prefix + 1, MaskOrigin::Prefix);
                        matches!(half.hosts(), Hosts::Count(n) if n < u128::from(b.requested))
                    };
                    prop_assert!(too_small, "{:?} is not the smallest", b);
                }
            }
        }
    }
}
