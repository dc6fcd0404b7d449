//! A real Dovecot (Debian `dovecot-imapd dovecot-pop3d`) for the receive tests, started
//! with a config of its own in a temp directory: IMAP, IMAPS, POP3 and POP3S on free
//! loopback ports (tried again on others if it cannot bind one), an rcgen certificate, one user `alice` with a passwd-file, mail in
//! `~/Maildir` owned by `nobody` (Dovecot refuses mail access as root). It stops on Drop.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{KillOnDrop, LIMIT, on_free_ports, spawn_listening};

pub const USER: &str = "alice";
pub const PASSWORD: &str = "s3cret pass";
const NOBODY: u32 = 65534;

pub struct Dovecot {
    pub dir: tempfile::TempDir,
    pub imap: u16,
    pub imaps: u16,
    pub pop3: u16,
    pub pop3s: u16,
    /// The certificate (PEM, for SSL_CERT_FILE) and its SHA-256 (for --pin).
    pub cert: PathBuf,
    pub pin: String,
    process: Option<KillOnDrop>,
}

fn chown_nobody(path: &Path) {
    #[cfg(unix)]
    std::os::unix::fs::chown(path, Some(NOBODY), Some(NOBODY)).expect("chown to nobody");
    #[cfg(not(unix))]
    let _ = (path, NOBODY);
}

impl Dovecot {
    pub fn start() -> Dovecot {
        let dir = tempfile::tempdir().expect("temp dir");
        chown_nobody(dir.path());
        #[cfg(unix)]
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        let made = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
            .expect("rcgen certificate");
        let cert = dir.path().join("cert.pem");
        std::fs::write(&cert, made.cert.pem()).expect("write cert");
        std::fs::write(dir.path().join("key.pem"), made.signing_key.serialize_pem())
            .expect("write key");
        let pin = crate::common::sha256_hex(made.cert.der());
        std::fs::write(dir.path().join("passwd"), format!("{USER}:{{PLAIN}}{PASSWORD}\n"))
            .expect("passwd");
        let mut dovecot =
            Dovecot { imap: 0, imaps: 0, pop3: 0, pop3s: 0, cert, pin, dir, process: None };
        let process = on_free_ports("dovecot", |[imap, imaps, pop3, pop3s]| {
            (dovecot.imap, dovecot.imaps, dovecot.pop3, dovecot.pop3s) = (imap, imaps, pop3, pop3s);
            dovecot.write_config();
            dovecot.spawn()
        });
        dovecot.process = Some(process);
        dovecot.wait_ready();
        dovecot
    }

    pub fn conf(&self) -> PathBuf {
        self.dir.path().join("dovecot.conf")
    }

    pub fn maildir(&self) -> PathBuf {
        self.dir.path().join("home").join(USER).join("Maildir")
    }

    fn write_config(&self) {
        let d = self.dir.path().display();
        let text = format!(
            "base_dir = {d}/run\nstate_dir = {d}/state\nlog_path = {d}/dovecot.log\n\
             protocols = imap pop3\nlisten = 127.0.0.1\n\
             ssl = yes\nssl_cert = <{d}/cert.pem\nssl_key = <{d}/key.pem\n\
             disable_plaintext_auth = no\nauth_mechanisms = plain login\n\
             passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {d}/passwd\n}}\n\
             userdb {{\n  driver = static\n  args = uid={NOBODY} gid={NOBODY} home={d}/home/%u\n}}\n\
             mail_location = maildir:~/Maildir\n\
             default_internal_user = nobody\ndefault_login_user = nobody\n\
             pop3_uidl_format = %f\n\
             service imap-login {{\n  inet_listener imap {{\n    port = {}\n  }}\n  inet_listener imaps {{\n    port = {}\n    ssl = yes\n  }}\n}}\n\
             service pop3-login {{\n  inet_listener pop3 {{\n    port = {}\n  }}\n  inet_listener pop3s {{\n    port = {}\n    ssl = yes\n  }}\n}}\n",
            self.imap, self.imaps, self.pop3, self.pop3s
        );
        std::fs::write(self.conf(), text).expect("write dovecot.conf");
    }

    /// Dovecot once it listens on its four ports; None if it could not bind one.
    fn spawn(&self) -> Option<KillOnDrop> {
        let mut cmd = Command::new("dovecot");
        cmd.args(["-F", "-c"]).arg(self.conf());
        cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        spawn_listening(&mut cmd, &[self.imap, self.imaps, self.pop3, self.pop3s])
    }

    /// Until IMAP and POP3 greet as ready (the auth process is up).
    fn wait_ready(&self) {
        let deadline = Instant::now() + LIMIT;
        for port in [self.imap, self.pop3] {
            loop {
                assert!(Instant::now() < deadline, "dovecot did not start: {}", self.log());
                if greets(port) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    /// Stop it (its connections drop) and start it again on the same ports.
    pub fn restart(&mut self) {
        self.stop();
        self.process = Some(self.spawn().expect("dovecot takes its ports again"));
        self.wait_ready();
    }

    pub fn stop(&mut self) {
        if let Some(mut process) = self.process.take() {
            #[cfg(unix)]
            // SAFETY: signalling our own child by its pid.
            unsafe {
                libc::kill(process.0.id() as i32, libc::SIGTERM)
            };
            #[cfg(not(unix))]
            let _ = process.0.kill();
            let _ = process.status_within(LIMIT);
        }
        // The children notice the master's end; wait until the ports are free.
        let deadline = Instant::now() + LIMIT;
        while TcpStream::connect(("127.0.0.1", self.imap)).is_ok() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Deliver a message with dovecot-lda (into INBOX, or `folder`).
    pub fn deliver_to(&self, message: &[u8], folder: Option<&str>) {
        let mut cmd = Command::new("/usr/lib/dovecot/dovecot-lda");
        cmd.arg("-c").arg(self.conf()).args(["-d", USER, "-f", "sender@x.test"]);
        if let Some(folder) = folder {
            cmd.args(["-m", folder]);
        }
        let mut child =
            cmd.stdin(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("dovecot-lda");
        let mut stdin = child.stdin.take().expect("lda stdin");
        let bytes = message.to_vec();
        let feeder = std::thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        });
        let out = child.wait_with_output().expect("dovecot-lda ran");
        let _ = feeder.join();
        assert!(
            out.status.success(),
            "dovecot-lda failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn deliver(&self, message: &[u8]) {
        self.deliver_to(message, None);
    }

    /// Put a message straight into Maildir/new (for messages LDA would take long over).
    pub fn drop_in(&self, name: &str, message: &[u8]) {
        let maildir = self.maildir();
        for sub in ["", "new", "cur", "tmp"] {
            let path = maildir.join(sub);
            let _ = std::fs::create_dir_all(&path);
            chown_nobody(&path);
        }
        let home = maildir.parent().expect("home");
        chown_nobody(home);
        let path = maildir.join("new").join(name);
        std::fs::write(&path, message).expect("write maildir file");
        chown_nobody(&path);
    }

    /// `doveadm mailbox create` (UTF-8 names).
    pub fn create_folder(&self, name: &str) {
        let out = Command::new("doveadm")
            .arg("-c")
            .arg(self.conf())
            .args(["mailbox", "create", "-u", USER, name])
            .output()
            .expect("doveadm");
        assert!(out.status.success(), "doveadm: {}", String::from_utf8_lossy(&out.stderr));
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        self.stop();
    }
}

fn greets(port: u16) -> bool {
    let Ok(stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    for _ in 0..3 {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return false;
        }
        if line.contains("ready") {
            return true;
        }
    }
    false
}
