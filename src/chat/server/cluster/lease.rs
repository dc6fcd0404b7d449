//! Nickname leases in Redis: the keys, the values, and the Lua scripts that make taking,
//! renewing, moving and releasing a lease atomic.
//!
//! A lease's key is the nickname's confusable skeleton (`nick.rs`), so `аlice` cannot be leased
//! beside `alice` on another node. Its value is `SINCE|NODE|MEMBER|NICK`, SINCE being the
//! milliseconds (Unix time, zero-padded to 15 digits) when the user took the nickname: comparing
//! two values as strings compares their age first, which is how the older lease wins after a split.
//! A new lease is a plain `SET key value NX PX ttl`; the scripts only ever change a key whose value
//! is the caller's own (or, for `HOLD`, a younger one; for `FREE`, one of a node judged dead).
//! Pure, apart from the script texts run by Redis.

use crate::chat::nick::{check_nick, nick_key};
use crate::chat::server::bus::Lease;

use super::wire::node_shape;

/// Every key and channel of the room starts with this (one room per Redis database).
const PREFIX: &str = "nt:chat:";

/// Broadcast lines, joins, leaves, heartbeats.
pub fn room_channel() -> String {
    format!("{PREFIX}room")
}

/// Lines for the users of one node (private messages, offline notices, sync requests).
pub fn node_channel(node: &str) -> String {
    format!("{PREFIX}to:{node}")
}

/// The node's own key: its name is taken while it lives.
pub fn node_key(node: &str) -> String {
    format!("{PREFIX}node:{node}")
}

/// The key of a nickname's lease: its skeleton.
pub fn lease_key(nick: &str) -> String {
    format!("{PREFIX}nick:{}", nick_key(nick))
}

/// The SCAN pattern that finds every lease.
pub fn lease_pattern() -> String {
    format!("{PREFIX}nick:*")
}

/// A nickname's lease for member `member` of `node`, taken at `since_ms`.
pub fn new(since_ms: u64, node: &str, member: u64, nick: &str) -> Lease {
    Lease { key: lease_key(nick), value: format!("{since_ms:015}|{node}|{member}|{nick}") }
}

/// The nickname key (skeleton) the room files a lease's user under.
pub fn nick_key_of(lease: &Lease) -> &str {
    lease.key.strip_prefix(PREFIX).and_then(|k| k.strip_prefix("nick:")).unwrap_or(&lease.key)
}

/// Milliseconds since the Unix epoch (the age of a lease).
pub fn unix_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// The node and nickname a lease value names, when it is well formed.
pub fn holder(value: &str) -> Option<(&str, &str)> {
    let mut parts = value.splitn(4, '|');
    let (since, node, member, nick) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let numbers = since.len() == 15
        && since.bytes().all(|b| b.is_ascii_digit())
        && member.parse::<u64>().is_ok();
    (numbers && node_shape(node) && check_nick(nick).is_ok()).then_some((node, nick))
}

/// Renew a lease that is ours, or take it back when it is free or younger than ours:
/// 1 when we hold it now, 0 when an older lease has it (we lost it).
pub const HOLD: &str = r"
local cur = redis.call('GET', KEYS[1])
if (not cur) or cur == ARGV[1] or ARGV[1] < cur then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
";

/// Delete a lease only if it is still ours (a user who left and came back on another node
/// must keep the new lease).
pub const RELEASE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
";

/// Free a lease of a node judged dead (ARGV[1]): delete it only if its value still names
/// that node (`SINCE|NODE|...`, SINCE being 15 digits).
pub const FREE: &str = r"
local cur = redis.call('GET', KEYS[1])
if cur and string.sub(cur, 17, 17 + string.len(ARGV[1])) == ARGV[1] .. '|' then
  return redis.call('DEL', KEYS[1])
end
return 0
";

/// A nickname change in one step: take the new key (KEYS[2]) unless someone else holds it,
/// then drop the old one (KEYS[1]) if still ours. 1 when moved, 0 when the new one is taken.
/// The two keys are the same when only the look of the nickname changes.
pub const MOVE: &str = r"
local cur = redis.call('GET', KEYS[2])
if cur and cur ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
if KEYS[1] ~= KEYS[2] and redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
end
return 1
";

/// The nickname given to the younger of two users after a split: `NICK-NODE`, the nickname
/// shortened to fit (and a digit added for the `n`th try); never the nickname itself.
pub fn renamed(nick: &str, node: &str, n: usize) -> String {
    let suffix = if n == 0 { format!("-{node}") } else { format!("-{node}{n}") };
    let room = crate::chat::nick::MAX_NICK_CHARS.saturating_sub(suffix.chars().count());
    let mut base: String = nick.chars().take(room).collect();
    base.push_str(&suffix);
    if nick_key(&base) == nick_key(nick) {
        // A long nickname that already ended in this suffix: try the next one.
        return renamed(nick, node, n + 1);
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn values_order_by_age_and_name_their_holder() {
        let old = new(1_700_000_000_000, "b", 9, "alice");
        let young = new(1_700_000_000_001, "a", 1, "alice");
        assert!(old.value < young.value);
        assert_eq!(old.value, "001700000000000|b|9|alice");
        assert_eq!(holder(&old.value), Some(("b", "alice")));
        assert_eq!(new(1, "a", 1, "\u{430}lice").key, old.key, "look-alikes share a key");
        for bad in [
            "",
            "1|a|1|x",
            "001700000000000|A|1|x",
            "001700000000000|a|x|y",
            "001700000000000|a|1|a b",
        ] {
            assert_eq!(holder(bad), None, "{bad}");
        }
    }

    #[test]
    fn renamed_fits_a_nickname() {
        assert_eq!(renamed("alice", "n2", 0), "alice-n2");
        assert_eq!(renamed("alice", "n2", 3), "alice-n23");
        let long = "x".repeat(32);
        let got = renamed(&long, "node-sixteen-ab", 0);
        assert_eq!(got.chars().count(), 32);
        assert!(check_nick(&got).is_ok());
    }

    proptest! {
        #[test]
        fn holder_never_panics(value in "\\PC{0,60}") {
            let _ = holder(&value);
        }

        #[test]
        fn renamed_is_always_a_valid_nickname(nick in "[a-z_][a-z0-9_.-]{0,31}", node in "[a-z0-9][a-z0-9-]{0,15}", n in 0usize..20) {
            prop_assume!(check_nick(&nick).is_ok());
            let got = renamed(&nick, &node, n);
            prop_assert!(check_nick(&got).is_ok(), "{}", got);
            prop_assert_ne!(nick_key(&got), nick_key(&nick));
        }
    }
}
