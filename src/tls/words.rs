//! rustls errors in words for users. rustls shows many causes with Rust's Debug format
//! (`Other(OtherError(CaUsedAsEndEntity))`, `received fatal alert: HandshakeFailure`);
//! nt never shows that. Nothing here decides whether a certificate is trusted.

use rustls::{CertificateError, Error};

/// What went wrong in a TLS handshake or session, as a phrase.
pub fn tls_error(err: &Error) -> String {
    match err {
        Error::InvalidCertificate(cert) => certificate(cert),
        Error::InvalidMessage(_)
        | Error::InappropriateMessage { .. }
        | Error::InappropriateHandshakeMessage { .. } => {
            "the server's answer is not the TLS that was expected".into()
        }
        Error::PeerIncompatible(why) => {
            format!("the server and nt share no way to speak TLS ({})", spaced(&debug_name(why)))
        }
        Error::PeerMisbehaved(why) => {
            format!("the server broke the TLS protocol ({})", spaced(&debug_name(why)))
        }
        Error::AlertReceived(alert) => {
            format!(
                "the server ended the handshake with the alert '{}'",
                spaced(&debug_name(alert))
            )
        }
        Error::NoCertificatesPresented => "the server presented no certificate".into(),
        Error::DecryptError => "a message from the server could not be decrypted".into(),
        Error::PeerSentOversizedRecord => "the server sent a TLS record that is too large".into(),
        Error::HandshakeNotComplete => "the TLS handshake did not complete".into(),
        Error::InvalidCertRevocationList(_) => "a certificate revocation list is invalid".into(),
        other => format!("TLS failed ({})", spaced(&debug_name(other))),
    }
}

/// Why a certificate was refused, as a phrase starting with "it".
fn certificate(err: &CertificateError) -> String {
    use CertificateError as C;
    match err {
        C::BadEncoding => "it is not a well-formed certificate".into(),
        C::Expired | C::ExpiredContext { .. } => "it has expired".into(),
        C::NotValidYet | C::NotValidYetContext { .. } => {
            "it is not valid yet (is the clock right?)".into()
        }
        C::Revoked => "it has been revoked".into(),
        C::UnknownIssuer => "it is not signed by a trusted authority".into(),
        C::BadSignature => "its signature is wrong".into(),
        C::UnsupportedSignatureAlgorithmContext { .. }
        | C::UnsupportedSignatureAlgorithmForPublicKeyContext { .. } => {
            "its signature algorithm is not supported".into()
        }
        C::NotValidForName => "it is not valid for this server name".into(),
        C::NotValidForNameContext { expected, presented } => {
            let names: Vec<String> = presented.iter().take(8).map(|n| name(n)).collect();
            let named = if names.is_empty() { "no name".to_string() } else { names.join(", ") };
            format!("it is not valid for {} (it names {named})", expected.to_str())
        }
        C::InvalidPurpose | C::InvalidPurposeContext { .. } => {
            "it is not meant for TLS servers (extended key usage)".into()
        }
        C::Other(other) => match other.0.downcast_ref::<webpki::Error>() {
            Some(webpki::Error::CaUsedAsEndEntity) => {
                "it is a CA certificate used as the server's own, and it is not one of the \
                 trusted roots"
                    .into()
            }
            Some(e) => format!("it is refused ({})", spaced(&debug_name(e))),
            None => other.0.to_string(),
        },
        other => format!("it is refused ({})", spaced(&debug_name(other))),
    }
}

/// A name a certificate presents, as webpki shows it (`DnsName("a.test")`,
/// `IpAddress(127.0.0.1)`), as the name alone, safe for a terminal.
fn name(presented: &str) -> String {
    let inner = match presented.split_once('(') {
        Some((_, inner)) => inner.strip_suffix(')').unwrap_or(inner).trim_matches('"'),
        None => presented,
    };
    crate::output::sanitize(inner).into_owned()
}

/// The variant name at the start of a Debug text (`HandshakeFailure` of
/// `HandshakeFailure`, `Unknown` of `Unknown(42)`).
fn debug_name(value: &impl std::fmt::Debug) -> String {
    format!("{value:?}").chars().take_while(char::is_ascii_alphanumeric).collect()
}

/// `HandshakeFailure` as `handshake failure`.
fn spaced(name: &str) -> String {
    let mut words = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            words.push(' ');
        }
        words.push(c.to_ascii_lowercase());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_debug_text_reaches_the_user() {
        let ca = Error::InvalidCertificate(CertificateError::Other(rustls::OtherError(
            std::sync::Arc::new(webpki::Error::CaUsedAsEndEntity),
        )));
        let cases = [
            ca,
            Error::AlertReceived(rustls::AlertDescription::HandshakeFailure),
            Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType),
            Error::InvalidCertificate(CertificateError::UnknownIssuer),
            Error::InvalidCertificate(CertificateError::Expired),
            Error::General("x".into()),
        ];
        for err in cases {
            let text = tls_error(&err);
            assert!(!text.contains("Other(") && !text.contains("Error {"), "{text}");
            assert!(!text.contains("HandshakeFailure") && !text.contains("CaUsedAs"), "{text}");
        }
        assert_eq!(name("DnsName(\"mail.example.org\")"), "mail.example.org");
        assert_eq!(name("IpAddress(127.0.0.1)"), "127.0.0.1");
        assert_eq!(
            tls_error(&Error::AlertReceived(rustls::AlertDescription::HandshakeFailure)),
            "the server ended the handshake with the alert 'handshake failure'"
        );
    }
}
