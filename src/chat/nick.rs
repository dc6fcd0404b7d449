//! Nicknames: what a valid one looks like, and the key two nicknames are compared by.
//!
//! Two nicknames are the same user when they look the same: the key is the UTS #39
//! confusable skeleton of the nickname after NFKC and full case folding (and folded once
//! more, since the skeleton of `0` is `O`). So `аlice` (Cyrillic a), `ａｌｉｃｅ` and `ALICE`
//! are all `alice`, and `ѕеrvеr`, `ſERVER` or `ｓｅｒｖｅｒ` cannot imitate the reserved
//! `server`. Folding first loses what a capital looks like (`I` looks like `l`, but folds
//! to `i`), so a nickname has a second key, its look ([`look_key`]: the skeleton of the
//! unfolded name, then the same key): `aIice` looks like `alice` while `Ali` stays apart
//! from the reserved `all`. Two nicknames clash when any key of one is a key of the other
//! ([`keys_clash`]). Small capitals (`ᴀʟɪᴄᴇ`), which neither NFKC nor the skeleton maps,
//! are read as the capitals they look like ([`SMALL_CAPITALS`], the one table kept here);
//! a nickname may hold no character that renders as nothing (`invisible.rs`: the Hangul
//! fillers are letters). The other Unicode tables come from well-kept crates
//! (`unicode-normalization`, `caseless`, `unicode-security`). Pure functions, no I/O.

use unicode_normalization::UnicodeNormalization;

use super::invisible;

/// A nickname is 1 to this many characters.
pub const MAX_NICK_CHARS: usize = 32;

/// Nicknames nobody may take (nor anything that looks like them): `all` addresses
/// everyone in `/msg all TEXT` (the course's `all:message`), `server` and the others would
/// impersonate the operator.
const RESERVED: [&str; 4] = ["all", "server", "operator", "admin"];

/// Check a nickname; the error says why it is not acceptable.
pub fn check_nick(nick: &str) -> Result<(), String> {
    let count = nick.chars().count();
    if count == 0 {
        return Err("a nickname cannot be empty".into());
    }
    if count > MAX_NICK_CHARS {
        return Err(format!("a nickname is at most {MAX_NICK_CHARS} characters"));
    }
    if let Some(bad) = nick.chars().find(|&c| !nick_char(c)) {
        return Err(format!(
            "'{}' is not allowed in a nickname (letters, digits, '_', '-', '.')",
            bad.escape_default()
        ));
    }
    if nick.starts_with(['-', '.']) {
        return Err("a nickname starts with a letter, a digit or '_'".into());
    }
    if RESERVED.iter().any(|reserved| keys_clash(reserved, nick)) {
        return Err(format!("'{nick}' is reserved"));
    }
    Ok(())
}

/// A character allowed in a nickname: a letter or digit of any script, `_`, `-`, `.`;
/// never one that renders as nothing (the Hangul fillers are letters).
pub fn nick_char(c: char) -> bool {
    (c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !invisible::default_ignorable(c)
        && !invisible::blank(c)
}

/// A nickname's shape as the server would accept it, minus the reserved-word rule (for
/// reading server lines).
pub fn nick_shape(nick: &str) -> bool {
    let count = nick.chars().count();
    (1..=MAX_NICK_CHARS).contains(&count) && nick.chars().all(nick_char)
}

/// Latin small capitals, which neither NFKC nor the confusable skeleton map, and the
/// capitals they look like.
const SMALL_CAPITALS: [(char, &str); 27] = [
    ('\u{0262}', "G"),
    ('\u{026a}', "I"),
    ('\u{0274}', "N"),
    ('\u{0276}', "OE"),
    ('\u{0280}', "R"),
    ('\u{028f}', "Y"),
    ('\u{0299}', "B"),
    ('\u{029c}', "H"),
    ('\u{029f}', "L"),
    ('\u{1d00}', "A"),
    ('\u{1d01}', "AE"),
    ('\u{1d04}', "C"),
    ('\u{1d05}', "D"),
    ('\u{1d07}', "E"),
    ('\u{1d0a}', "J"),
    ('\u{1d0b}', "K"),
    ('\u{1d0d}', "M"),
    ('\u{1d0f}', "O"),
    ('\u{1d18}', "P"),
    ('\u{1d1b}', "T"),
    ('\u{1d1c}', "U"),
    ('\u{1d20}', "V"),
    ('\u{1d21}', "W"),
    ('\u{1d22}', "Z"),
    ('\u{a730}', "F"),
    ('\u{a731}', "S"),
    ('\u{a7af}', "Q"),
];

/// NFKC, with the small capitals read as capitals.
fn normalized(nick: &str) -> String {
    let mut out = String::with_capacity(nick.len());
    for c in nick.nfkc() {
        match SMALL_CAPITALS.binary_search_by_key(&c, |(small, _)| *small) {
            Ok(i) => out.push_str(SMALL_CAPITALS[i].1),
            Err(_) => out.push(c),
        }
    }
    out
}

/// Fold, skeleton, fold again.
fn key_of(text: &str) -> String {
    let folded = caseless::default_case_fold_str(text);
    let skeleton: String = unicode_security::skeleton(&folded).collect();
    caseless::default_case_fold_str(&skeleton)
}

/// The key two nicknames are compared by: equal keys are the same user (the room and the
/// cluster's leases file users by it).
pub fn nick_key(nick: &str) -> String {
    key_of(&normalized(nick))
}

/// A nickname's second key: the skeleton before case folding (`aIice` is `alice`).
pub fn look_key(nick: &str) -> String {
    let skeleton: String = unicode_security::skeleton(&normalized(nick)).collect();
    key_of(&skeleton)
}

/// Whether two nicknames clash: a key of one is a key of the other.
pub fn keys_clash(a: &str, b: &str) -> bool {
    let (ka, kb) = (nick_key(a), nick_key(b));
    if ka == kb {
        return true;
    }
    let (la, lb) = (look_key(a), look_key(b));
    la == lb || la == kb || ka == lb
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rules() {
        assert!(check_nick("alice").is_ok());
        assert!(check_nick("李雷").is_ok());
        assert!(check_nick("_bob-2.0").is_ok());
        for bad in ["", "a b", "-x", ".x", "a:b", "<x>", "ALL", "server", &"n".repeat(33)] {
            assert!(check_nick(bad).is_err(), "{bad:?}");
        }
        assert!(check_nick("a\u{200b}b").is_err(), "zero-width space");
        assert!(check_nick("a\u{202e}b").is_err(), "bidi override");
    }

    #[test]
    fn look_alikes_share_a_key() {
        let alice = nick_key("alice");
        for same in ["Alice", "ALICE", "\u{430}lice", "ａｌｉｃｅ", "\u{430}l\u{456}ce"] {
            assert_eq!(nick_key(same), alice, "{same}");
        }
        assert_ne!(nick_key("alicia"), alice);
        assert_ne!(nick_key("李雷"), nick_key("李电"));
        assert_eq!(nick_key("bob0"), nick_key("BOBO"));
    }

    #[test]
    fn reserved_names_cannot_be_imitated() {
        for fake in ["server", "SERVER", "ѕеrvеr", "ſERVER", "ｓｅｒｖｅｒ", "ａll", "ADM\u{399}N"]
        {
            let err = check_nick(fake).expect_err(fake);
            assert!(err.contains("reserved"), "{fake}: {err}");
        }
    }

    #[test]
    fn capitals_small_capitals_and_blank_nicknames() {
        assert!(SMALL_CAPITALS.windows(2).all(|w| w[0].0 < w[1].0), "sorted for the search");
        for fake in ["aIice", "ALICE", "\u{1d00}\u{29f}\u{26a}\u{1d04}\u{1d07}", "AL\u{26a}CE"] {
            assert!(keys_clash(fake, "alice"), "{fake}");
            assert!(keys_clash("alice", fake), "{fake}");
        }
        assert!(keys_clash("aIice", "aiice"), "case still folds");
        assert!(!keys_clash("alice", "aiice"));
        assert!(!keys_clash("Ali", "all"));
        assert!(check_nick("Ali").is_ok(), "a name like all, but not all");
        for fake in ["AlI", "aII", "\u{1d00}\u{29f}\u{29f}", "SERVER", "\u{a731}erver"] {
            assert!(check_nick(fake).expect_err(fake).contains("reserved"), "{fake}");
        }
        for blank in [
            "\u{3164}",
            "\u{115f}",
            "\u{ffa0}\u{ffa0}",
            "a\u{3164}b",
            "\u{2800}",
            "a\u{ad}b",
            "x\u{e0041}",
        ] {
            assert!(check_nick(blank).is_err(), "{blank:?}");
        }
    }

    proptest! {
        #[test]
        fn a_clash_is_symmetric_and_a_name_clashes_with_itself(a in "[a-zA-Z0-9Il1|_]{1,8}", b in "[a-zA-Z0-9Il1_]{1,8}") {
            prop_assert!(keys_clash(&a, &a));
            prop_assert_eq!(keys_clash(&a, &b), keys_clash(&b, &a));
            prop_assert!(keys_clash(&a, &a.to_uppercase()));
        }

        #[test]
        fn keys_ignore_case_and_width(nick in "[a-zA-Z0-9_]{1,16}") {
            let key = nick_key(&nick);
            prop_assert_eq!(nick_key(&nick.to_uppercase()), key.clone());
            let wide: String = nick
                .chars()
                .map(|c| char::from_u32(c as u32 - 0x21 + 0xff01).unwrap_or(c))
                .collect();
            prop_assert_eq!(nick_key(&wide), key);
        }

        #[test]
        fn check_and_key_never_panic(nick in "\\PC{0,40}") {
            let _ = check_nick(&nick);
            let _ = nick_key(&nick);
            let _ = look_key(&nick);
        }

        #[test]
        fn valid_nicks_are_accepted(nick in "[a-zA-Z0-9_\u{4e00}-\u{4e10}][a-zA-Z0-9_.\u{4e00}-\u{4e10}-]{0,31}") {
            prop_assume!(!RESERVED.iter().any(|r| nick_key(r) == nick_key(&nick)));
            prop_assert!(check_nick(&nick).is_ok());
        }
    }
}
