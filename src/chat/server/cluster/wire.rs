//! What nodes say to each other on the bus: small JSON objects carrying the sender's node,
//! a kind, and the nickname(s) and text the kind needs.
//!
//! Every payload from the bus is read as hostile: one over the size bound, not JSON, of an
//! unknown kind, from a malformed node name or with an invalid nickname is dropped (the
//! caller logs it under -v), and text is cleaned again before any user sees it. Pure
//! functions, no I/O.

use serde::{Deserialize, Serialize};

use crate::chat::nick::check_nick;
use crate::chat::protocol::clean_text;

/// Bus payloads above this many bytes (beyond twice `--max-line`) are dropped.
pub const OVERHEAD: usize = 1024;

/// What a payload is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A line for everyone: `from`, `text`.
    Say,
    /// An operator's notice: `text`.
    Notice,
    /// `from` joined (`again`: re-announced after a split, or on request).
    Join,
    /// `from` left; `text` is the reason.
    Leave,
    /// `from` is now `to`.
    Nick,
    /// A private line from `from` to `to` (sent to the node of `to`).
    Msg,
    /// `text` (a nickname) is not online: back to the node of the sender `to`.
    Offline,
    /// The node is alive; `users` on it, `at` its clock (ns) for the lag of its own echo.
    Beat,
    /// Please re-announce your users (sent to one node that was taken for dead).
    Sync,
}

/// One bus message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    pub node: String,
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub again: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<u64>,
}

impl Payload {
    pub fn new(node: &str, kind: Kind) -> Payload {
        Payload {
            node: node.to_string(),
            kind,
            from: None,
            to: None,
            text: None,
            again: false,
            users: None,
            at: None,
        }
    }

    pub fn from(mut self, nick: &str) -> Payload {
        self.from = Some(nick.to_string());
        self
    }

    pub fn to(mut self, nick: &str) -> Payload {
        self.to = Some(nick.to_string());
        self
    }

    pub fn text(mut self, text: &str) -> Payload {
        self.text = Some(text.to_string());
        self
    }

    pub fn encode(&self) -> Vec<u8> {
        // A struct of strings and numbers always serializes.
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// A node's name: 1 to 16 of `a-z`, `0-9`, `-` (as `--node` takes it).
pub fn node_shape(node: &str) -> bool {
    (1..=16).contains(&node.len())
        && !node.starts_with('-')
        && node.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A `[leave]` reason: a short lowercase word with dashes.
fn reason_shape(reason: &str) -> bool {
    (1..=24).contains(&reason.len()) && reason.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
}

/// Read one payload from the bus, or say why it is dropped. `max_text` is this node's
/// `--max-line`: text longer than that is refused, as from a local user.
pub fn decode(bytes: &[u8], max_text: usize) -> Result<Payload, String> {
    let bound = max_text.saturating_mul(2).saturating_add(OVERHEAD);
    if bytes.len() > bound {
        return Err(format!("{} bytes, over the bound of {bound}", bytes.len()));
    }
    let mut payload: Payload =
        serde_json::from_slice(bytes).map_err(|e| format!("not a payload: {e}"))?;
    if !node_shape(&payload.node) {
        return Err("a malformed node name".into());
    }
    let nick_ok = |nick: &Option<String>| nick.as_deref().is_some_and(|n| check_nick(n).is_ok());
    let valid = match payload.kind {
        Kind::Say => nick_ok(&payload.from) && payload.text.is_some(),
        Kind::Join => nick_ok(&payload.from),
        Kind::Leave => nick_ok(&payload.from) && payload.text.as_deref().is_some_and(reason_shape),
        Kind::Nick | Kind::Msg => nick_ok(&payload.from) && nick_ok(&payload.to),
        Kind::Offline => nick_ok(&payload.to) && payload.text.is_some(),
        Kind::Notice => payload.text.is_some(),
        Kind::Beat | Kind::Sync => true,
    };
    if !valid {
        return Err(format!("an invalid {:?} payload", payload.kind));
    }
    if let Some(text) = &payload.text {
        if text.len() > max_text {
            return Err(format!("text of {} bytes, over --max-line", text.len()));
        }
        if let std::borrow::Cow::Owned(clean) = clean_text(text) {
            payload.text = Some(clean);
        }
    }
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn round_trip_and_shape() {
        let p = Payload::new("n1", Kind::Say).from("alice").text("hi \"there\"");
        let bytes = p.encode();
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            r#"{"node":"n1","kind":"say","from":"alice","text":"hi \"there\""}"#
        );
        assert_eq!(decode(&bytes, 4096).unwrap(), p);
    }

    #[test]
    fn hostile_payloads_are_dropped_or_cleaned() {
        let bad = [
            &br#"{"node":"N1","kind":"say","from":"a","text":"x"}"#[..],
            br#"{"node":"n1","kind":"say","from":"a b","text":"x"}"#,
            br#"{"node":"n1","kind":"say","from":"server","text":"x"}"#,
            br#"{"node":"n1","kind":"say","text":"x"}"#,
            br#"{"node":"n1","kind":"dance"}"#,
            br#"{"node":"n1","kind":"leave","from":"a","text":"bye now"}"#,
            br#"{"node":"n1","kind":"msg","from":"a","text":"x"}"#,
            br#"not json"#,
        ];
        for bytes in bad {
            assert!(decode(bytes, 4096).is_err(), "{}", String::from_utf8_lossy(bytes));
        }
        let long = Payload::new("n1", Kind::Say).from("a").text(&"x".repeat(100)).encode();
        assert!(decode(&long, 99).is_err());
        assert!(decode(&long, 100).is_ok());
        let big = format!(r#"{{"node":"n1","kind":"beat","pad":"{}"}}"#, "x".repeat(2000));
        assert!(decode(big.as_bytes(), 100).unwrap_err().contains("over the bound"));
        let sly = br#"{"node":"n1","kind":"say","from":"a","text":"a\u001b[2J\u202eb"}"#;
        assert_eq!(decode(sly, 4096).unwrap().text.as_deref(), Some("a\u{fffd}[2J\u{fffd}b"));
    }

    proptest! {
        #[test]
        fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = decode(&bytes, 100);
        }

        #[test]
        fn valid_lines_survive(from in "[a-z][a-z0-9_]{0,15}", text in "[^\u{0}-\u{1f}]{0,60}") {
            prop_assume!(check_nick(&from).is_ok());
            let p = Payload::new("n-1", Kind::Say).from(&from).text(&text);
            let got = decode(&p.encode(), 4096).unwrap();
            prop_assert_eq!(got.text.as_deref(), Some(&*clean_text(&text)));
        }
    }
}
