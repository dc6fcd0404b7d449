//! What `nt ip` reads: addresses, networks with a prefix or a mask, ranges, one per line
//! as `nt ip info` reads its standard input.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nt::ip::parse::{is_mask_arg, parse_addr, parse_input, parse_net, parse_range};

fuzz_target!(|data: &[u8]| {
    for line in data.split(|&b| b == b'\n') {
        let _ = parse_input(line);
        let _ = parse_net(line);
        let _ = parse_addr(line);
        let Ok(text) = std::str::from_utf8(line) else { continue };
        let _ = is_mask_arg(text);
        let _ = parse_range(text, None);
        if let Some((first, last)) = text.split_once(' ') {
            let _ = parse_range(first, Some(last));
        }
    }
});
