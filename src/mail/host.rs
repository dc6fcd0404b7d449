//! The host name nt gives itself (EHLO, Message-IDs, the catcher's greeting) and the rule
//! for an EHLO argument. Shared by `send` and `catch`; it imports neither.

/// The host name for EHLO and Message-IDs, when it is a valid domain name.
pub fn host_name() -> Option<String> {
    let name = hostname::get().ok()?.into_string().ok()?;
    valid_ehlo(&name).then_some(name)
}

/// An EHLO argument: a domain (letters, digits, `-`, `.`) or an address literal `[...]`.
pub fn valid_ehlo(name: &str) -> bool {
    let domain = !name.is_empty()
        && name.len() <= 255
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    let literal = name.len() > 2
        && name.starts_with('[')
        && name.ends_with(']')
        && name[1..name.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b":.-".contains(&b));
    domain || literal
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn ehlo_names() {
        for good in ["mail.example.org", "localhost", "a-b.c", "[127.0.0.1]", "[IPv6:::1]"] {
            assert!(valid_ehlo(good), "{good}");
        }
        for bad in ["", "a b", "a..b", "x\r\nMAIL", "[]", "héllo", "a_b"] {
            assert!(!valid_ehlo(bad), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn ehlo_check_never_panics(name in "\\PC{0,40}") {
            let _ = valid_ehlo(&name);
        }
    }
}
