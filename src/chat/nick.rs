//! Nicknames: what a valid one looks like, and the key two nicknames are compared by.
//!
//! Two nicknames are the same user when they look the same: the key is the UTS #39
//! confusable skeleton of the nickname after NFKC and full case folding (and folded once
//! more, since the skeleton of `0` is `O`). So `аlice` (Cyrillic a), `ａｌｉｃｅ` and `ALICE`
//! are all `alice`, and `ѕеrvеr`, `ſERVER` or `ｓｅｒｖｅｒ` cannot imitate the reserved
//! `server`. The Unicode tables come from well-kept crates (`unicode-normalization`,
//! `caseless`, `unicode-security`); nothing here keeps a table of its own. Pure functions,
//! no I/O.

use unicode_normalization::UnicodeNormalization;

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
    let key = nick_key(nick);
    if RESERVED.iter().any(|reserved| nick_key(reserved) == key) {
        return Err(format!("'{nick}' is reserved"));
    }
    Ok(())
}

/// A character allowed in a nickname: a letter or digit of any script, `_`, `-`, `.`.
pub fn nick_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// A nickname's shape as the server would accept it, minus the reserved-word rule (for
/// reading server lines).
pub fn nick_shape(nick: &str) -> bool {
    let count = nick.chars().count();
    (1..=MAX_NICK_CHARS).contains(&count) && nick.chars().all(nick_char)
}

/// The key two nicknames are compared by: equal keys are the same user.
pub fn nick_key(nick: &str) -> String {
    let folded = caseless::default_case_fold_str(&nick.nfkc().collect::<String>());
    let skeleton: String = unicode_security::skeleton(&folded).collect();
    caseless::default_case_fold_str(&skeleton)
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

    proptest! {
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
        }

        #[test]
        fn valid_nicks_are_accepted(nick in "[a-zA-Z0-9_\u{4e00}-\u{4e10}][a-zA-Z0-9_.\u{4e00}-\u{4e10}-]{0,31}") {
            prop_assume!(!RESERVED.iter().any(|r| nick_key(r) == nick_key(&nick)));
            prop_assert!(check_nick(&nick).is_ok());
        }
    }
}
