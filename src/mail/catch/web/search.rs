//! The search language of `GET /api/v1/search?query=` (mailpit's, the common part):
//! words separated by spaces, `"quoted phrases"`, `from:`, `to:` (To and Cc),
//! `subject:`, `has:attachment`, `is:read`, `is:unread`, and a leading `-` to negate.
//! A plain word matches the subject, the addresses and the names of From, To and Cc.
//! Every term must match (AND); matching ignores case. Works on the index only.

use super::index::{Entry, Index};

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    From(String),
    To(String),
    Subject(String),
    Attachment,
    Unread,
    Read,
    Text(String),
}

/// A parsed query: terms with their negation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query(Vec<(bool, Term)>);

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut terms = Vec::new();
        for word in words(text) {
            let (negate, word) = match word.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest.to_string()),
                _ => (false, word),
            };
            let lower = word.to_lowercase();
            let term = match lower.split_once(':') {
                Some(("from", v)) => Term::From(unquote(v)),
                Some(("to", v)) => Term::To(unquote(v)),
                Some(("subject", v)) => Term::Subject(unquote(v)),
                Some(("has", "attachment" | "attachments")) => Term::Attachment,
                Some(("is", "unread")) => Term::Unread,
                Some(("is", "read")) => Term::Read,
                _ => Term::Text(unquote(&lower)),
            };
            terms.push((negate, term));
        }
        Query(terms)
    }

    pub fn matches(&self, index: &Index, entry: &Entry) -> bool {
        let (from, to, cc) = index.addresses(entry);
        self.0.iter().all(|(negate, term)| {
            let hit = match term {
                Term::From(v) => contains(from, v),
                Term::To(v) => contains(to, v) || contains(cc, v),
                Term::Subject(v) => contains(entry.subject(), v),
                Term::Attachment => entry.attachments > 0,
                Term::Unread => !entry.read(),
                Term::Read => entry.read(),
                Term::Text(v) => {
                    contains(entry.subject(), v)
                        || contains(from, v)
                        || contains(to, v)
                        || contains(cc, v)
                }
            };
            hit != *negate
        })
    }
}

/// Split on spaces, keeping `"quoted phrases"` (also after a prefix: `subject:"a b"`).
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                word.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn unquote(text: &str) -> String {
    text.replace('"', "").to_lowercase()
}

/// Whether `hay` holds `needle` (already lower case), ignoring case.
fn contains(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if hay.is_ascii() && needle.is_ascii() {
        let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
        return hay.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle));
    }
    hay.to_lowercase().contains(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_parse() {
        let q = Query::parse(r#"from:Bob subject:"big news" -is:read has:attachment word"#);
        assert_eq!(
            q.0,
            vec![
                (false, Term::From("bob".into())),
                (false, Term::Subject("big news".into())),
                (true, Term::Read),
                (false, Term::Attachment),
                (false, Term::Text("word".into())),
            ]
        );
        assert!(contains("Hello World", "world") && contains("Grüße", "grüße"));
        assert!(!contains("abc", "abd"));
    }
}
