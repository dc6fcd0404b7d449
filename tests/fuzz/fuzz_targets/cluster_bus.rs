//! Payloads from the bus of `nt chat serve --cluster` (anything a publisher on the Redis
//! channel may send), decoded as a node does; a decoded payload encodes again and reads
//! back the same (under a larger bound: cleaning may make a text longer).

#![no_main]

use libfuzzer_sys::fuzz_target;
use nt::chat::server::cluster::wire::decode;

fuzz_target!(|data: &[u8]| {
    for max_line in [64, 4096] {
        if let Ok(payload) = decode(data, max_line) {
            let again = decode(&payload.encode(), 1 << 20);
            assert_eq!(again.as_ref(), Ok(&payload), "a decoded payload does not read back");
        }
    }
});
