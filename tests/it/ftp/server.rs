//! A real FTP server for the tests: libunftp with its filesystem back-end over a temp dir,
//! on its own tokio runtime in a background thread, stopped on Drop.
//!
//! Users and passwords come from a small authenticator; FTPS uses an rcgen certificate.
//! `Disk` wraps the filesystem back-end only to make downloads slow on request (a server
//! with a slow disk), so a test can interrupt or kill the server mid-transfer. `TlsFront`
//! puts a TLS terminator before the control port, which is how implicit FTPS (`ftps://`)
//! is served by servers that only speak explicit FTPS (libunftp has no implicit mode).
//!
//! What runs against it (`cargo test -- ftp`, the real binary): hash-checked round trips,
//! listings, file operations, trees, resume, credentials from every source, explicit and
//! implicit FTPS, active mode, a server killed mid-transfer, `--retries`, Ctrl-C, patterns
//! both ways, mirror both ways, `--limit-rate`, the `-vv` trace.

use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use libunftp::ServerBuilder;
use libunftp::options::ActivePassiveMode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use unftp_core::auth::{AuthenticationError, Authenticator, Credentials, DefaultUser, Principal};
use unftp_core::storage::{Fileinfo, Result as StorageResult, StorageBackend};
use unftp_sbe_fs::{Filesystem, Meta};

/// Who may log in.
#[derive(Debug, Clone)]
pub struct Users {
    pub accounts: Vec<(String, String)>,
    pub anonymous: bool,
}

#[async_trait]
impl Authenticator for Users {
    async fn authenticate(
        &self,
        username: &str,
        creds: &Credentials,
    ) -> Result<Principal, AuthenticationError> {
        if self.anonymous && username == "anonymous" {
            return Ok(Principal { username: username.into() });
        }
        match self.accounts.iter().find(|(u, _)| u == username) {
            Some((_, pw)) if creds.password.as_deref() == Some(pw.as_str()) => {
                Ok(Principal { username: username.into() })
            }
            Some(_) => Err(AuthenticationError::BadPassword),
            None => Err(AuthenticationError::BadUser),
        }
    }
}

/// The filesystem back-end, optionally slow (at most N bytes per 10 ms tick each way).
#[derive(Debug)]
pub struct Disk {
    inner: Filesystem,
    slow: Option<usize>,
}

#[async_trait]
impl StorageBackend<DefaultUser> for Disk {
    type Metadata = Meta;

    fn supported_features(&self) -> u32 {
        StorageBackend::<DefaultUser>::supported_features(&self.inner)
    }

    async fn metadata<P: AsRef<Path> + Send + Debug>(
        &self,
        u: &DefaultUser,
        path: P,
    ) -> StorageResult<Meta> {
        self.inner.metadata(u, path).await
    }

    async fn list<P: AsRef<Path> + Send + Debug>(
        &self,
        u: &DefaultUser,
        path: P,
    ) -> StorageResult<Vec<Fileinfo<PathBuf, Meta>>> {
        self.inner.list(u, path).await
    }

    async fn get<P: AsRef<Path> + Send + Debug>(
        &self,
        u: &DefaultUser,
        path: P,
        start: u64,
    ) -> StorageResult<Box<dyn tokio::io::AsyncRead + Send + Sync + Unpin>> {
        let mut reader = self.inner.get(u, path, start).await?;
        let Some(per_tick) = self.slow else { return Ok(reader) };
        let (mut tx, rx) = tokio::io::duplex(per_tick);
        tokio::spawn(async move {
            let mut buf = vec![0u8; per_tick];
            loop {
                let n = match reader.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                if tx.write_all(&buf[..n]).await.is_err() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        });
        Ok(Box::new(rx))
    }

    async fn put<
        P: AsRef<Path> + Send + Debug,
        R: tokio::io::AsyncRead + Send + Sync + Unpin + 'static,
    >(
        &self,
        u: &DefaultUser,
        input: R,
        path: P,
        start: u64,
    ) -> StorageResult<u64> {
        let Some(per_tick) = self.slow else { return self.inner.put(u, input, path, start).await };
        let (mut tx, rx) = tokio::io::duplex(per_tick);
        tokio::spawn(async move {
            let mut input = input;
            let mut buf = vec![0u8; per_tick];
            loop {
                let n = match input.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                if tx.write_all(&buf[..n]).await.is_err() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        });
        self.inner.put(u, rx, path, start).await
    }

    async fn del<P: AsRef<Path> + Send + Debug>(
        &self,
        u: &DefaultUser,
        path: P,
    ) -> StorageResult<()> {
        self.inner.del(u, path).await
    }

    async fn mkd<P: AsRef<Path> + Send + Debug>(
        &self,
        u: &DefaultUser,
        path: P,
    ) -> StorageResult<()> {
        self.inner.mkd(u, path).await
    }

    async fn rename<P: AsRef<Path> + Send + Debug>(
        &self,
        u: &DefaultUser,
        from: P,
        to: P,
    ) -> StorageResult<()> {
        self.inner.rename(u, from, to).await
    }

    async fn rmd<P: AsRef<Path> + Send + Debug>(
        &self,
        u: &DefaultUser,
        path: P,
    ) -> StorageResult<()> {
        self.inner.rmd(u, path).await
    }

    async fn cwd<P: AsRef<Path> + Send + Debug>(
        &self,
        u: &DefaultUser,
        path: P,
    ) -> StorageResult<()> {
        self.inner.cwd(u, path).await
    }
}

/// A certificate for `localhost` / 127.0.0.1 and its key, as PEM files.
pub struct Cert {
    _dir: tempfile::TempDir,
    pub cert: PathBuf,
    pub key: PathBuf,
    pub der: Vec<u8>,
}

impl Cert {
    pub fn new() -> Cert {
        let ck = rcgen::generate_simple_self_signed(vec![
            "localhost".to_string(),
            "127.0.0.1".to_string(),
        ])
        .expect("rcgen certificate");
        let dir = tempfile::tempdir().expect("temp dir for the certificate");
        let cert = dir.path().join("cert.pem");
        let key = dir.path().join("key.pem");
        std::fs::write(&cert, ck.cert.pem()).expect("write cert");
        std::fs::write(&key, ck.signing_key.serialize_pem()).expect("write key");
        Cert { _dir: dir, cert, key, der: ck.cert.der().to_vec() }
    }

    /// `AB:CD:...` as `--pin` takes it.
    pub fn fingerprint(&self) -> String {
        crate::common::sha256(&self.der)
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(":")
    }
}

/// How to run the server.
#[derive(Clone)]
pub struct Options {
    pub users: Users,
    pub tls: Option<(PathBuf, PathBuf)>,
    pub tls_required: bool,
    pub active: bool,
    pub slow: Option<usize>,
    /// Serve this directory (else a fresh temp dir).
    pub root: Option<PathBuf>,
    /// Listen on this port (else a free one).
    pub port: Option<u16>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            users: Users { accounts: vec![("alice".into(), "s3cret-pw".into())], anonymous: true },
            tls: None,
            tls_required: false,
            active: false,
            slow: None,
            root: None,
            port: None,
        }
    }
}

/// A running libunftp server on 127.0.0.1.
pub struct FtpServer {
    pub port: u16,
    pub root: PathBuf,
    _dir: Option<tempfile::TempDir>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl FtpServer {
    pub fn start() -> FtpServer {
        FtpServer::with(Options::default())
    }

    pub fn with(opts: Options) -> FtpServer {
        let (dir, root) = match &opts.root {
            Some(r) => (None, r.clone()),
            None => {
                let d = tempfile::tempdir().expect("server root");
                let r = d.path().to_path_buf();
                (Some(d), r)
            }
        };
        let started = |port| spawn(&opts, &root, port).map(|started| (port, started));
        // libunftp binds the address it is given and does not tell the port it got, so a
        // free port is tried until one is taken. Started again on its old port (a restart),
        // it is retried there: the old listener may not be gone at once.
        let (port, (stop, thread)) = match opts.port {
            None => crate::common::on_free_ports("the FTP server", |[port]| started(port)),
            Some(port) => (0..20)
                .find_map(|_| started(port))
                .unwrap_or_else(|| panic!("the FTP server did not start again on port {port}")),
        };
        FtpServer { port, root, _dir: dir, stop: Some(stop), thread: Some(thread) }
    }

    pub fn url(&self) -> String {
        format!("ftp://127.0.0.1:{}", self.port)
    }

    /// Kill the server now: every connection is dropped mid-whatever.
    pub fn kill(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for FtpServer {
    fn drop(&mut self) {
        self.kill();
    }
}

type Started = (tokio::sync::oneshot::Sender<()>, JoinHandle<()>);

fn spawn(opts: &Options, root: &Path, port: u16) -> Option<Started> {
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<bool>();
    let opts = opts.clone();
    let root = root.to_path_buf();
    let thread = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime");
        let slow = opts.slow;
        let backend =
            move || Disk { inner: Filesystem::new(root.clone()).expect("server root"), slow };
        let mut builder =
            ServerBuilder::with_authenticator(Box::new(backend), Arc::new(opts.users.clone()))
                .greeting("nt test server")
                .passive_ports(40000..=60000);
        if opts.active {
            builder = builder.active_passive_mode(ActivePassiveMode::ActiveAndPassive);
        }
        if let Some((cert, key)) = &opts.tls {
            builder = builder.ftps(cert.clone(), key.clone());
            if opts.tls_required {
                builder = builder.ftps_required(true, true);
            }
        }
        let server = builder.build().expect("libunftp server");
        rt.block_on(async move {
            let listen = server.listen(format!("127.0.0.1:{port}"));
            tokio::pin!(listen);
            let probe = async {
                let until = Instant::now() + Duration::from_secs(5);
                while Instant::now() < until {
                    if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                        return true;
                    }
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
                false
            };
            tokio::select! {
                _ = &mut listen => { let _ = ready_tx.send(false); return; }
                up = probe => { let _ = ready_tx.send(up); if !up { return; } }
            }
            tokio::select! {
                _ = listen => {}
                _ = stop_rx => {}
            }
        });
        rt.shutdown_timeout(Duration::from_secs(2));
    });
    match ready_rx.recv_timeout(Duration::from_secs(10)) {
        Ok(true) => Some((stop_tx, thread)),
        _ => {
            let _ = stop_tx.send(());
            let _ = thread.join();
            None
        }
    }
}

/// A rustls server configuration for a certificate (DER) and its key (PEM).
pub fn tls_config(cert: &[u8], key_pem: &[u8]) -> Arc<rustls::ServerConfig> {
    let certs = vec![rustls::pki_types::CertificateDer::from(cert.to_vec())];
    let key = rustls::pki_types::pem::PemObject::from_pem_slice(key_pem).expect("key pem");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .expect("tls config");
    Arc::new(config)
}

/// A TLS terminator in front of a control port: implicit FTPS for `ftps://` URLs.
pub struct TlsFront {
    pub port: u16,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl TlsFront {
    pub fn start(cert: &Cert, backend_port: u16) -> TlsFront {
        let key_pem = std::fs::read(&cert.key).expect("key");
        let config = tls_config(&cert.der, &key_pem);
        let acceptor = tokio_rustls::TlsAcceptor::from(config);
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind front");
        let port = listener.local_addr().expect("addr").port();
        listener.set_nonblocking(true).expect("nonblocking");
        let (stop_tx, mut stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                loop {
                    let (socket, _) = tokio::select! {
                        r = listener.accept() => match r { Ok(x) => x, Err(_) => break },
                        _ = &mut stop_rx => break,
                    };
                    let acceptor = acceptor.clone();
                    tokio::spawn(async move {
                        let Ok(mut tls) = acceptor.accept(socket).await else { return };
                        let Ok(mut plain) =
                            tokio::net::TcpStream::connect(("127.0.0.1", backend_port)).await
                        else {
                            return;
                        };
                        let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                    });
                }
            });
            rt.shutdown_timeout(Duration::from_secs(1));
        });
        TlsFront { port, stop: Some(stop_tx), thread: Some(thread) }
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Wait (bounded) until a condition holds.
pub fn wait_for(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) {
    let until = Instant::now() + limit;
    while Instant::now() < until {
        if cond() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("timed out waiting for {what}");
}
