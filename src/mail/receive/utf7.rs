//! IMAP folder names in modified UTF-7 (RFC 3501 section 5.1.3).
//!
//! Users type folder names in UTF-8 (`Entwürfe`); the wire wants `Entw&APw-rfe`. Printable
//! ASCII stands for itself (`&` is written `&-`); anything else is UTF-16 in base64 with
//! `,` for `/`, between `&` and `-`. [`decode`] refuses what is not valid modified UTF-7
//! and the caller shows such a name as it came. Nothing here does I/O.

use base64::Engine;
use base64::alphabet::IMAP_MUTF7;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// Base64 with `,` for `/`, no padding (what modified UTF-7 uses).
const B64: GeneralPurpose = GeneralPurpose::new(
    &IMAP_MUTF7,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

fn is_direct(c: char) -> bool {
    ('\x20'..='\x7e').contains(&c) && c != '&'
}

/// UTF-8 to modified UTF-7: `Entwürfe` → `Entw&APw-rfe`, `A&B` → `A&-B`.
pub fn encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    let mut pending: Vec<u16> = Vec::new();
    let flush = |pending: &mut Vec<u16>, out: &mut String| {
        if pending.is_empty() {
            return;
        }
        let bytes: Vec<u8> = pending.iter().flat_map(|u| u.to_be_bytes()).collect();
        out.push('&');
        out.push_str(&B64.encode(bytes));
        out.push('-');
        pending.clear();
    };
    for c in name.chars() {
        if is_direct(c) {
            flush(&mut pending, &mut out);
            out.push(c);
        } else if c == '&' {
            flush(&mut pending, &mut out);
            out.push_str("&-");
        } else {
            let mut units = [0u16; 2];
            pending.extend_from_slice(c.encode_utf16(&mut units));
        }
    }
    flush(&mut pending, &mut out);
    out
}

/// Modified UTF-7 to UTF-8; `None` when `wire` is not valid modified UTF-7.
pub fn decode(wire: &str) -> Option<String> {
    let mut out = String::with_capacity(wire.len());
    let mut rest = wire;
    while let Some(start) = rest.find('&') {
        let direct = &rest[..start];
        if !direct.chars().all(is_direct) {
            return None;
        }
        out.push_str(direct);
        let after = &rest[start + 1..];
        let end = after.find('-')?;
        let encoded = &after[..end];
        if encoded.is_empty() {
            out.push('&');
        } else {
            let bytes = B64.decode(encoded).ok()?;
            if bytes.len() % 2 != 0 {
                return None;
            }
            let units: Vec<u16> =
                bytes.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect();
            let text = String::from_utf16(&units).ok()?;
            // Printable ASCII must not be encoded (RFC 3501): such a name is not canonical.
            if text.chars().any(|c| is_direct(c) || c == '&') {
                return None;
            }
            out.push_str(&text);
        }
        rest = &after[end + 1..];
    }
    if !rest.chars().all(is_direct) {
        return None;
    }
    out.push_str(rest);
    Some(out)
}

/// A wire name shown to a user: decoded where valid, else as it came.
pub fn display(wire: &str) -> String {
    decode(wire).unwrap_or_else(|| wire.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rfc_examples() {
        assert_eq!(encode("Entwürfe"), "Entw&APw-rfe");
        assert_eq!(encode("A&B"), "A&-B");
        assert_eq!(encode("INBOX"), "INBOX");
        assert_eq!(encode("~peter/mail/台北/日本語"), "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
        assert_eq!(decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-").unwrap(), "~peter/mail/台北/日本語");
        assert_eq!(decode("Entw&APw-rfe").unwrap(), "Entwürfe");
        assert_eq!(decode("&-").unwrap(), "&");
        assert_eq!(encode("😀"), "&2D3eAA-");
        assert_eq!(decode("&2D3eAA-").unwrap(), "😀");
    }

    #[test]
    fn invalid_names_are_refused() {
        assert_eq!(decode("&APw"), None, "unterminated");
        assert_eq!(decode("&AGE-"), None, "an encoded ASCII letter");
        assert_eq!(decode("&2D0-"), None, "a lone surrogate");
        assert_eq!(decode("&A-"), None, "odd bits");
        assert_eq!(decode("ü"), None, "8-bit on the wire");
        assert_eq!(display("&APw"), "&APw");
    }

    proptest! {
        #[test]
        fn round_trips(name in "\\PC{0,40}") {
            let wire = encode(&name);
            prop_assert!(wire.is_ascii());
            prop_assert_eq!(decode(&wire), Some(name));
        }

        #[test]
        fn decoding_never_panics(wire in "[ -~]{0,60}") {
            if let Some(name) = decode(&wire) {
                prop_assert_eq!(decode(&encode(&name)), Some(name));
            }
        }
    }
}
