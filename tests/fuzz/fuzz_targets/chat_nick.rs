//! Nicknames as `nt chat serve` checks them: the rules, the confusable-skeleton keys, the
//! shape. Nothing may panic, and a nickname the rules accept has a key that is not empty
//! (an empty key would make every such nickname the same user: a blank-rendering name).

#![no_main]

use libfuzzer_sys::fuzz_target;
use nt::chat::nick::{check_nick, look_key, nick_key, nick_shape};

fuzz_target!(|data: &[u8]| {
    let Ok(nick) = std::str::from_utf8(data) else { return };
    let accepted = check_nick(nick).is_ok();
    let key = nick_key(nick);
    let _ = look_key(nick);
    let _ = nick_shape(nick);
    assert!(!accepted || !key.is_empty(), "an accepted nickname with an empty key: {nick:?}");
});
