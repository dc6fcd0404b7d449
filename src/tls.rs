//! The one TLS policy of nt (tcp, ftp, mail): rustls with the ring provider only.
//!
//! Certificates are verified against the system roots by default; `--insecure` skips
//! verification; `--pin SHA256` trusts exactly one certificate by its fingerprint. When
//! verification fails, the error carries the presented certificate's fingerprint so the
//! user can pin it. TLS failures are classified as [`Kind::AuthTls`] (exit 5) by
//! [`find_tls_error`], which looks through `io::Error` wrappers by type.

use std::io;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use anyhow::Context;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, ServerConfig, SignatureScheme};
use sha2::{Digest, Sha256};

use crate::error::{Hint, Kind, Tag, fail};

/// The ring provider, installed as the process default once (aws-lc must never be used).
pub fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER
        .get_or_init(|| {
            let p = Arc::new(rustls::crypto::ring::default_provider());
            // Another default may already be installed (tests); ours is passed explicitly anyway.
            let _ = CryptoProvider::install_default(p.as_ref().clone());
            p
        })
        .clone()
}

/// How to verify a server: default roots, no verification, or one pinned fingerprint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    pub insecure: bool,
    /// SHA-256 of the pinned certificate (32 bytes).
    pub pin: Option<[u8; 32]>,
}

impl Policy {
    /// Build a policy from `--insecure` and `--pin`; a malformed pin is a usage error.
    pub fn new(insecure: bool, pin: Option<&str>) -> anyhow::Result<Policy> {
        let pin = pin.map(parse_fingerprint).transpose().kind(Kind::Usage)?;
        Ok(Policy { insecure, pin })
    }
}

/// Parse a SHA-256 fingerprint: 64 hex digits, colons and case ignored.
pub fn parse_fingerprint(text: &str) -> anyhow::Result<[u8; 32]> {
    let hex: String = text.chars().filter(|c| *c != ':').collect();
    let bad = || anyhow::anyhow!("invalid --pin '{text}': expected 64 hex digits (SHA-256)");
    if hex.len() != 64 || !hex.is_ascii() {
        return Err(bad());
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(out)
}

/// `AB:CD:...`, the form printed in errors and accepted by `--pin`.
pub fn fingerprint(cert: &[u8]) -> String {
    let digest = Sha256::digest(cert);
    digest.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

/// A certificate that failed verification, with what the user needs to pin it.
#[derive(Debug)]
struct Untrusted {
    reason: String,
    fingerprint: String,
}

impl std::fmt::Display for Untrusted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (presented certificate SHA-256 {})", self.reason, self.fingerprint)
    }
}

impl std::error::Error for Untrusted {}

#[derive(Debug)]
struct Verifier {
    policy: Policy,
    webpki: Option<Arc<WebPkiServerVerifier>>,
    provider: Arc<CryptoProvider>,
}

fn untrusted(reason: String, cert: &CertificateDer<'_>) -> rustls::Error {
    let err = Untrusted { reason, fingerprint: fingerprint(cert) };
    rustls::Error::InvalidCertificate(rustls::CertificateError::Other(rustls::OtherError(
        Arc::new(err),
    )))
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if self.policy.insecure {
            return Ok(ServerCertVerified::assertion());
        }
        if let Some(pin) = self.policy.pin {
            let digest: [u8; 32] = Sha256::digest(end_entity.as_ref()).into();
            if digest == pin {
                return Ok(ServerCertVerified::assertion());
            }
            return Err(untrusted("certificate does not match --pin".into(), end_entity));
        }
        let Some(webpki) = &self.webpki else {
            return Err(untrusted("no trusted root certificates".into(), end_entity));
        };
        webpki
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
            .map_err(|e| untrusted(format!("certificate not trusted: {e}"), end_entity))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

/// The system roots (falling back to the bundled Mozilla roots when none load).
/// `SSL_CERT_FILE` / `SSL_CERT_DIR` replace the system roots, as in OpenSSL-based tools.
pub fn root_store() -> RootCertStore {
    let mut roots = RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if roots.is_empty() {
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    }
    roots
}

/// A client configuration enforcing the policy.
pub fn client_config(policy: &Policy) -> anyhow::Result<Arc<ClientConfig>> {
    let provider = provider();
    let webpki = if policy.insecure || policy.pin.is_some() {
        None
    } else {
        let roots = Arc::new(root_store());
        let verifier = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
            .build()
            .context("cannot build the certificate verifier")
            .kind(Kind::AuthTls)?;
        Some(verifier)
    };
    let verifier =
        Arc::new(Verifier { policy: policy.clone(), webpki, provider: provider.clone() });
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("cannot configure TLS")
        .kind(Kind::AuthTls)?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Read a PEM certificate chain.
pub fn read_certs(path: &Path) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read certificate {}", path.display()))
        .kind(Kind::LocalFile)?;
    let certs: Vec<_> = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<_, _>>()
        .map_err(|e| anyhow::anyhow!("{e:?}"))
        .with_context(|| format!("invalid PEM in {}", path.display()))
        .kind(Kind::Usage)?;
    if certs.is_empty() {
        return Err(fail(Kind::Usage, format!("no certificate in {}", path.display())));
    }
    Ok(certs)
}

/// A server configuration from PEM files (`--cert`, `--key`).
pub fn server_config(cert: &Path, key: &Path) -> anyhow::Result<Arc<ServerConfig>> {
    let certs = read_certs(cert)?;
    let key_bytes = std::fs::read(key)
        .with_context(|| format!("cannot read key {}", key.display()))
        .kind(Kind::LocalFile)?;
    let key = PrivateKeyDer::from_pem_slice(&key_bytes)
        .map_err(|e| anyhow::anyhow!("{e:?}"))
        .with_context(|| format!("no private key in {}", key.display()))
        .kind(Kind::Usage)?;
    let config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .context("cannot configure TLS")
        .kind(Kind::AuthTls)?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .context("certificate and key do not fit together")
        .kind(Kind::Usage)?;
    Ok(Arc::new(config))
}

/// The rustls error inside an error chain, looking into `io::Error` wrappers.
pub fn find_tls_error(err: &anyhow::Error) -> Option<&rustls::Error> {
    err.chain().find_map(|cause| {
        cause.downcast_ref::<rustls::Error>().or_else(|| {
            cause
                .downcast_ref::<io::Error>()
                .and_then(|io| io.get_ref())
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        })
    })
}

/// Tag an error as TLS (exit 5) when a rustls error is inside it, else as `otherwise`.
/// A rejected certificate becomes one readable line with its fingerprint and a `--pin`
/// hint (rustls itself shows the cause with Debug formatting).
pub fn classify(err: anyhow::Error, otherwise: Kind) -> anyhow::Error {
    let Some(tls_err) = find_tls_error(&err) else {
        return err.context(otherwise);
    };
    if let rustls::Error::InvalidCertificate(rustls::CertificateError::Other(other)) = tls_err
        && let Some(untrusted) = other.0.downcast_ref::<Untrusted>()
    {
        return fail(Kind::AuthTls, format!("{err}: {untrusted}")).context(Hint(
            "if you trust this server, pin its certificate: --pin FINGERPRINT".into(),
        ));
    }
    err.context(Kind::AuthTls)
}

#[cfg(test)]
mod tests {
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
    fn client_configs_build() {
        assert!(client_config(&Policy::default()).is_ok());
        assert!(client_config(&Policy::new(true, None).unwrap()).is_ok());
        assert!(Policy::new(false, Some("nope")).is_err());
    }
}
