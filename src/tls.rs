//! The one TLS policy of nt (tcp, ftp, mail): rustls with the ring provider only.
//!
//! Certificates are verified against the system roots by default; `--insecure` skips
//! verification; `--pin SHA256` trusts exactly one certificate by its fingerprint. When
//! verification fails, the error carries the presented certificate's fingerprint so the
//! user can pin it. TLS failures are classified as [`Kind::AuthTls`] (exit 5) by
//! [`find_tls_error`], which looks through `io::Error` wrappers by type, and said in words
//! ([`words`]), never with rustls's Debug text.
//!
//! A server certificate that is itself one of the trusted roots, byte for byte, is
//! accepted although it is a CA (`openssl req -x509` makes such certificates, and curl,
//! fetchmail and mutt take them from `SSL_CERT_FILE`); its dates and name are still
//! checked. Every other certificate keeps webpki's rules.

mod words;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use anyhow::Context;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, ServerConfig, SignatureScheme};

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

/// `--insecure` and `--pin`, the same two flags in every client (tcp, ftp, mail, chat).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct VerifyArgs {
    /// Do not verify the server certificate (a --pin is still checked).
    #[arg(long, global = true)]
    pub insecure: bool,
    /// Trust exactly the certificate with this SHA-256 fingerprint (hex, colons optional),
    /// even beside --insecure.
    #[arg(long, global = true, value_name = "SHA256")]
    pub pin: Option<String>,
}

impl VerifyArgs {
    /// The policy these flags ask for, with `insecure`/`pin` from the config as fallbacks.
    pub fn policy(
        &self,
        config_insecure: bool,
        config_pin: Option<&str>,
    ) -> anyhow::Result<Policy> {
        Policy::new(self.insecure || config_insecure, self.pin.as_deref().or(config_pin))
    }

    /// Whether either flag was given (`tcp connect --pin X` implies `--tls`).
    pub fn any(&self) -> bool {
        self.insecure || self.pin.is_some()
    }
}

/// How to verify a server: default roots, no verification, or one pinned fingerprint.
/// A pin is checked whatever `insecure` says (`--pin` always wins).
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
    sha256(cert).iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

/// SHA-256 of some bytes (ring's digest: the one crypto library nt links).
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

/// A certificate that failed verification, with what the user needs to pin it.
#[derive(Debug)]
struct Untrusted {
    reason: String,
    fingerprint: String,
    /// A `--pin` was given and this certificate does not match it.
    pinned: bool,
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
    /// The trusted roots as loaded (DER), to know a server certificate that is one of them.
    roots: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
}

fn untrusted(reason: String, cert: &CertificateDer<'_>) -> rustls::Error {
    let err = Untrusted { reason, fingerprint: fingerprint(cert), pinned: false };
    rustls::Error::InvalidCertificate(rustls::CertificateError::Other(rustls::OtherError(
        Arc::new(err),
    )))
}

/// The certificate does not match `--pin`.
fn not_pinned(cert: &CertificateDer<'_>) -> rustls::Error {
    let reason = "certificate does not match --pin".into();
    let err = Untrusted { reason, fingerprint: fingerprint(cert), pinned: true };
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
        // The pin first: --insecure never turns it off.
        if let Some(pin) = self.policy.pin {
            if sha256(end_entity.as_ref()) == pin {
                return Ok(ServerCertVerified::assertion());
            }
            return Err(not_pinned(end_entity));
        }
        if self.policy.insecure {
            return Ok(ServerCertVerified::assertion());
        }
        let Some(webpki) = &self.webpki else {
            return Err(untrusted("no trusted root certificates".into(), end_entity));
        };
        let refused = |e: &rustls::Error| {
            untrusted(format!("certificate not trusted: {}", words::tls_error(e)), end_entity)
        };
        match webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Ok(verified) => Ok(verified),
            Err(e) if ca_used_as_end_entity(&e) && self.is_root(end_entity) => {
                // webpki checks the dates before the CA flag: they are good. The name:
                let parsed = rustls::server::ParsedCertificate::try_from(end_entity)
                    .map_err(|e| refused(&e))?;
                rustls::client::verify_server_name(&parsed, server_name)
                    .map_err(|e| refused(&e))?;
                Ok(ServerCertVerified::assertion())
            }
            Err(e) => Err(refused(&e)),
        }
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

impl Verifier {
    /// Whether `cert` is, byte for byte, one of the trusted roots.
    fn is_root(&self, cert: &CertificateDer<'_>) -> bool {
        self.roots.iter().any(|root| root.as_ref() == cert.as_ref())
    }
}

/// webpki refused a certificate only because it is a CA (`CaUsedAsEndEntity`).
fn ca_used_as_end_entity(err: &rustls::Error) -> bool {
    matches!(
        err,
        rustls::Error::InvalidCertificate(rustls::CertificateError::Other(other))
            if matches!(other.0.downcast_ref::<webpki::Error>(), Some(webpki::Error::CaUsedAsEndEntity))
    )
}

/// The system roots (falling back to the bundled Mozilla roots when none load).
/// `SSL_CERT_FILE` / `SSL_CERT_DIR` replace the system roots, as in OpenSSL-based tools.
/// Returns the root store, and the loaded roots as DER (none with the bundled roots).
fn trusted_roots() -> (RootCertStore, Vec<CertificateDer<'static>>) {
    let mut roots = RootCertStore::empty();
    let mut loaded = Vec::new();
    for cert in rustls_native_certs::load_native_certs().certs {
        if roots.add(cert.clone()).is_ok() {
            loaded.push(cert);
        }
    }
    if roots.is_empty() {
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    }
    (roots, loaded)
}

/// A client configuration enforcing the policy.
pub fn client_config(policy: &Policy) -> anyhow::Result<Arc<ClientConfig>> {
    let provider = provider();
    let (webpki, roots) = if policy.insecure || policy.pin.is_some() {
        (None, Vec::new())
    } else {
        let (store, roots) = trusted_roots();
        let verifier =
            WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider.clone())
                .build()
                .context("cannot build the certificate verifier")
                .kind(Kind::AuthTls)?;
        (Some(verifier), roots)
    };
    let verifier =
        Arc::new(Verifier { policy: policy.clone(), webpki, roots, provider: provider.clone() });
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

/// `--cert/--key` or `--self-signed`, for every server nt runs (tcp, chat, ftp, mail).
/// Each command has its own `--tls` switch; giving a certificate turns TLS on as well.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CertArgs {
    /// Certificate chain (PEM).
    #[arg(long, value_name = "FILE", requires = "key")]
    pub cert: Option<PathBuf>,
    /// Private key (PEM).
    #[arg(long, value_name = "FILE", requires = "cert")]
    pub key: Option<PathBuf>,
    /// Serve TLS with a throwaway self-signed certificate; its SHA-256 is printed for
    /// clients to --pin.
    #[arg(long, conflicts_with_all = ["cert", "key"])]
    pub self_signed: bool,
}

impl CertArgs {
    /// The identity to serve with: `None` when TLS is off. `--tls` alone is a usage error;
    /// `names` go into a self-signed certificate (the host names clients dial).
    pub fn identity(&self, tls: bool, names: &[String]) -> anyhow::Result<Option<Identity>> {
        match (&self.cert, &self.key, self.self_signed) {
            (Some(cert), Some(key), _) => Identity::load(cert, key).map(Some),
            (_, _, true) => Identity::self_signed(names).map(Some),
            _ if tls => {
                Err(fail(Kind::Usage, "--tls needs --cert FILE --key FILE, or --self-signed"))
            }
            _ => Ok(None),
        }
    }
}

/// A server's certificate chain and key, with the leaf's fingerprint.
pub struct Identity {
    certs: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    /// `AB:CD:...` of the leaf certificate, as `--pin` takes it.
    pub fingerprint: String,
}

impl Identity {
    /// Read PEM files (`--cert`, `--key`).
    pub fn load(cert: &Path, key: &Path) -> anyhow::Result<Identity> {
        let certs = read_certs(cert)?;
        let key_bytes = std::fs::read(key)
            .with_context(|| format!("cannot read key {}", key.display()))
            .kind(Kind::LocalFile)?;
        let key = PrivateKeyDer::from_pem_slice(&key_bytes)
            .map_err(|e| anyhow::anyhow!("{e:?}"))
            .with_context(|| format!("no private key in {}", key.display()))
            .kind(Kind::Usage)?;
        let fingerprint = fingerprint(certs[0].as_ref());
        Ok(Identity { certs, key, fingerprint })
    }

    /// A fresh self-signed certificate for `names` (and localhost), valid for a year.
    pub fn self_signed(names: &[String]) -> anyhow::Result<Identity> {
        let mut all: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "::1".into()];
        for name in names {
            if !name.is_empty() && !all.contains(name) {
                all.push(name.clone());
            }
        }
        let made = rcgen::generate_simple_self_signed(all)
            .context("cannot make a self-signed certificate")
            .kind(Kind::AuthTls)?;
        let der = made.cert.der().clone();
        let key = PrivateKeyDer::try_from(made.signing_key.serialize_der())
            .map_err(|e| fail(Kind::AuthTls, format!("self-signed key: {e}")))?;
        let fingerprint = fingerprint(der.as_ref());
        Ok(Identity { certs: vec![der], key, fingerprint })
    }

    /// The SHA-256 fingerprint of the certificate served (what a client's `--pin` takes).
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Say on stderr which certificate is served, so clients can pin it (printed even
    /// under `-q`: a client cannot connect without it).
    pub fn announce(&self, out: &crate::output::Output) {
        out.announce(&format!(
            "TLS certificate SHA-256 {} (clients: --pin {})",
            self.fingerprint, self.fingerprint
        ));
    }

    /// The rustls server configuration serving this identity.
    pub fn server_config(&self) -> anyhow::Result<Arc<ServerConfig>> {
        let config = ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .context("cannot configure TLS")
            .kind(Kind::AuthTls)?
            .with_no_client_auth()
            .with_single_cert(self.certs.clone(), self.key.clone_key())
            .context("certificate and key do not fit together")
            .kind(Kind::Usage)?;
        Ok(Arc::new(config))
    }
}

/// A TLS failure said in words ([`words::tls_error`]), keeping the rustls error for
/// [`find_tls_error`].
#[derive(Debug)]
struct TlsFailure {
    text: String,
    cause: rustls::Error,
}

impl std::fmt::Display for TlsFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for TlsFailure {}

/// The rustls error in one layer of an error chain (directly, or inside an `io::Error`).
fn tls_in<'a>(cause: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    cause
        .downcast_ref::<rustls::Error>()
        .or_else(|| cause.downcast_ref::<TlsFailure>().map(|f| &f.cause))
        .or_else(|| {
            cause
                .downcast_ref::<io::Error>()
                .and_then(|io| io.get_ref())
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        })
}

/// The rustls error inside an error chain, looking into `io::Error` wrappers.
pub fn find_tls_error(err: &anyhow::Error) -> Option<&rustls::Error> {
    err.chain().find_map(tls_in)
}

/// Tag an error as TLS (exit 5) when a rustls error is inside it, else as `otherwise`.
/// The rustls cause is said in words (rustls shows many with Debug formatting); a
/// rejected certificate becomes one line with its fingerprint and a `--pin` hint, or,
/// where a pin was given, a warning that the server may have changed or be an impostor.
pub fn classify(err: anyhow::Error, otherwise: Kind) -> anyhow::Error {
    let Some(tls_err) = find_tls_error(&err) else {
        return err.context(otherwise);
    };
    if let rustls::Error::InvalidCertificate(rustls::CertificateError::Other(other)) = tls_err
        && let Some(untrusted) = other.0.downcast_ref::<Untrusted>()
    {
        let hint = if untrusted.pinned {
            "the certificate is not the one the given --pin names: the server may have changed \
             its certificate, or it may be an impostor. Check the fingerprint above with the \
             server's owner before you pin it"
        } else {
            "if you trust this server, pin its certificate: --pin FINGERPRINT"
        };
        return fail(Kind::AuthTls, format!("{err}: {untrusted}")).context(Hint(hint.into()));
    }
    let layers: Vec<String> = err
        .chain()
        .take_while(|cause| tls_in(*cause).is_none())
        .map(|cause| cause.to_string())
        .filter(|text| !text.trim().is_empty())
        .collect();
    let said = words::tls_error(tls_err);
    let text = if layers.is_empty() { said } else { format!("{}: {said}", layers.join(": ")) };
    let hint = err.downcast_ref::<Hint>().cloned();
    let failure = anyhow::Error::new(TlsFailure { text, cause: tls_err.clone() });
    let failure = failure.context(Kind::AuthTls);
    match hint {
        Some(hint) => failure.context(hint),
        None => failure,
    }
}

#[cfg(test)]
mod tests;
