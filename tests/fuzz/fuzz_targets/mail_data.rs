//! SMTP DATA and POP3 answers as they arrive: dot-unstuffing (`Unstuffer`, strict for SMTP
//! where only CRLF.CRLF ends the data, lenient for POP3) and the catcher's summary scan.
//! The result must not depend on where the reads split the bytes.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nt::mail::dotstuff::Unstuffer;
use nt::mail::catch::scan::Scan;

#[path = "harness.rs"]
mod harness;

/// Unstuff `chunks` in order: the data, the bytes used, whether the end was seen.
fn unstuff(mut u: Unstuffer, chunks: &[&[u8]]) -> (Vec<u8>, usize, bool) {
    let mut out = Vec::new();
    let mut used = 0;
    for chunk in chunks {
        if u.done() {
            break;
        }
        used += u.feed(chunk, &mut out);
    }
    (out, used, u.done())
}

fn scan(chunks: &[&[u8]]) -> nt::mail::catch::scan::Found {
    let mut scan = Scan::new();
    for chunk in chunks {
        scan.push(chunk);
    }
    scan.finish()
}

fuzz_target!(|data: &[u8]| {
    let (bytes, chunks) = harness::pieces(data);
    for make in [Unstuffer::smtp, Unstuffer::lenient] {
        let whole = unstuff(make(), &[bytes]);
        assert_eq!(whole, unstuff(make(), &chunks), "unstuffing depends on the reads");
        assert!(whole.1 <= bytes.len());
    }
    assert_eq!(scan(&[bytes]), scan(&chunks), "the scan depends on the reads");
});
