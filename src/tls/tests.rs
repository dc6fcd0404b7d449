//! Unit tests of tls.rs: fingerprints, classification in words, pins, the trusted-root
//! exception for CA certificates, identities and client configurations.

use super::*;

#[test]
fn fingerprints_parse_and_print() {
    let fp = fingerprint(b"abc");
    assert_eq!(fp.len(), 32 * 3 - 1);
    let parsed = parse_fingerprint(&fp).unwrap();
    assert_eq!(parse_fingerprint(&fp.replace(':', "").to_lowercase()).unwrap(), parsed);
    assert!(parse_fingerprint("abcd").is_err());
    assert!(parse_fingerprint(&"zz".repeat(32)).is_err());
    assert!(parse_fingerprint(&"é".repeat(32)).is_err());
}

#[test]
fn tls_errors_are_found_through_io() {
    let io = io::Error::new(io::ErrorKind::InvalidData, rustls::Error::DecryptError);
    let err = anyhow::Error::new(io).context("handshake");
    assert!(find_tls_error(&err).is_some());
    assert_eq!(crate::error::kind_of(&classify(err, Kind::Network)), Kind::AuthTls);
    let rejected = untrusted(
        "certificate not trusted: UnknownIssuer".into(),
        &CertificateDer::from(vec![1u8]),
    );
    let io = io::Error::new(io::ErrorKind::InvalidData, rejected);
    let err =
        classify(anyhow::Error::new(io).context("TLS handshake with x failed"), Kind::Network);
    assert_eq!(crate::error::kind_of(&err), Kind::AuthTls);
    assert!(err.downcast_ref::<Hint>().is_some());
    let line = err.chain().map(|c| c.to_string()).find(|t| !t.is_empty()).unwrap_or_default();
    assert!(
        line.starts_with("TLS handshake with x failed: certificate not trusted: UnknownIssuer"),
        "{line}"
    );
    assert!(line.contains(&fingerprint(&[1u8])), "{line}");
    let plain = anyhow::Error::new(io::Error::from(io::ErrorKind::ConnectionReset));
    assert_eq!(crate::error::kind_of(&classify(plain, Kind::Network)), Kind::Network);
}

#[test]
fn a_pin_is_checked_beside_insecure() {
    let cert = CertificateDer::from(vec![7u8; 40]);
    let other = CertificateDer::from(vec![8u8; 40]);
    let name = ServerName::try_from("localhost").unwrap();
    let pinned = Policy { insecure: true, pin: Some(sha256(cert.as_ref())) };
    let verifier =
        Verifier { policy: pinned, webpki: None, roots: Vec::new(), provider: provider() };
    let now = UnixTime::now();
    assert!(verifier.verify_server_cert(&cert, &[], &name, &[], now).is_ok());
    assert!(verifier.verify_server_cert(&other, &[], &name, &[], now).is_err());
    let insecure = Policy { insecure: true, pin: None };
    let verifier =
        Verifier { policy: insecure, webpki: None, roots: Vec::new(), provider: provider() };
    assert!(verifier.verify_server_cert(&other, &[], &name, &[], now).is_ok());
}

#[test]
fn a_trusted_root_as_server_certificate_is_accepted_in_date_and_by_name() {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let make = |name: &str, expired: bool| -> CertificateDer<'static> {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(vec![name.to_string()]).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        if expired {
            params.not_before = rcgen::date_time_ymd(2000, 1, 1);
            params.not_after = rcgen::date_time_ymd(2001, 1, 1);
        }
        params.self_signed(&key).unwrap().der().clone()
    };
    let verify = |cert: &CertificateDer<'static>, trusted: bool| {
        let other = make("other.test", false);
        let mut store = RootCertStore::empty();
        store.add(other.clone()).unwrap();
        let mut roots = vec![other];
        if trusted {
            store.add(cert.clone()).unwrap();
            roots.push(cert.clone());
        }
        let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider())
            .build()
            .unwrap();
        let v = Verifier {
            policy: Policy::default(),
            webpki: Some(webpki),
            roots,
            provider: provider(),
        };
        let name = ServerName::try_from("localhost").unwrap();
        v.verify_server_cert(cert, &[], &name, &[], UnixTime::now())
    };
    let good = make("localhost", false);
    assert!(verify(&good, true).is_ok(), "its own trusted root");
    assert!(verify(&good, false).is_err(), "not a trusted root");
    assert!(verify(&make("localhost", true), true).is_err(), "expired");
    assert!(verify(&make("elsewhere.test", false), true).is_err(), "another name");
}

#[test]
fn a_self_signed_identity_serves_and_pins() {
    let id = Identity::self_signed(&["chat.test".into()]).unwrap();
    assert!(id.server_config().is_ok());
    assert_eq!(parse_fingerprint(&id.fingerprint).unwrap(), sha256(id.certs[0].as_ref()));
    let none = CertArgs::default();
    assert!(none.identity(false, &[]).unwrap().is_none());
    assert!(none.identity(true, &[]).is_err());
}

#[test]
fn client_configs_build() {
    assert!(client_config(&Policy::default()).is_ok());
    assert!(client_config(&Policy::new(true, None).unwrap()).is_ok());
    assert!(Policy::new(false, Some("nope")).is_err());
}
