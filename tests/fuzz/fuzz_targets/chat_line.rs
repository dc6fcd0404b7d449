//! The lines of `nt chat`: a peer's bytes cut into lines by `LineBuf` (the same lines
//! whatever the read boundaries), then read as a client's command (the server side) and
//! as a server's line (`nt chat join`), and cleaned for a terminal.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nt::chat::protocol::{Framed, LineBuf, clean_text, parse_command, parse_event};

#[path = "harness.rs"]
mod harness;

/// Frame `chunks` as they would arrive; every item, the unfinished line last.
fn frame(chunks: &[&[u8]], max: usize) -> Vec<Framed> {
    let mut buf = LineBuf::new(max);
    let mut items = Vec::new();
    for chunk in chunks {
        buf.push(chunk);
        while let Some(item) = buf.pop() {
            items.push(item);
        }
        let _ = buf.has_partial();
    }
    items.extend(buf.finish());
    items
}

fuzz_target!(|data: &[u8]| {
    let (bytes, chunks) = harness::pieces(data);
    let max = 96;
    let whole = frame(&[bytes], max);
    assert_eq!(whole, frame(&chunks, max), "lines depend on the read boundaries");
    for item in whole {
        let Framed::Line(line) = item else { continue };
        let Ok(line) = std::str::from_utf8(&line) else { continue };
        let _ = parse_command(line);
        let _ = parse_event(line).to_string();
        let _ = clean_text(line);
    }
});
