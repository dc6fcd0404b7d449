//! A message as `nt mail list/get` read it from a server: mail-parser behind nt's wrapper
//! (`guarded`, which turns a panic of mail-parser into "cannot read"), the readable view,
//! the headers and every attachment.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nt::mail::receive::message::{attachments, headers, view};

fuzz_target!(|data: &[u8]| {
    let _ = headers(data);
    if let Some(v) = view(data) {
        let _ = v.attachment_names();
    }
    let mut total = 0usize;
    let _ = attachments(data, |part, bytes| {
        total += bytes.len();
        let _ = (&part.name, &part.content_type);
    });
});
