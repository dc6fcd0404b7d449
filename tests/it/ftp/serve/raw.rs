//! A hand-driven FTP control connection for the `nt ftp serve` tests: what no polite
//! client sends (escapes, long lines, plain text behind AUTH TLS, a botched TLS data
//! connection), with every read bounded by LIMIT.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;

use crate::common::LIMIT;
use crate::ftp::server::Cert;

pub trait Io: Read + Write + Send {}
impl<T: Read + Write + Send> Io for T {}

/// A hand-driven control connection, for what no polite client sends.
pub struct Raw {
    pub io: BufReader<Box<dyn Io>>,
    addr: SocketAddr,
}

impl Raw {
    pub fn connect(addr: SocketAddr) -> Raw {
        let tcp = TcpStream::connect(addr).expect("connect to nt ftp serve");
        tcp.set_read_timeout(Some(LIMIT)).unwrap();
        let mut raw = Raw { io: BufReader::new(Box::new(tcp)), addr };
        assert_eq!(raw.reply().0, 220);
        raw
    }

    /// One reply (multi-line replies joined with `\n`); code 0 when the server hung up.
    pub fn reply(&mut self) -> (u16, String) {
        let mut text = String::new();
        let mut line = String::new();
        loop {
            line.clear();
            if self.io.read_line(&mut line).unwrap_or(0) == 0 {
                return (0, text);
            }
            text.push_str(&line);
            let b = line.as_bytes();
            if b.len() >= 4 && b[..3].iter().all(u8::is_ascii_digit) && b[3] == b' ' {
                return (line[..3].parse().unwrap(), text);
            }
        }
    }

    pub fn send(&mut self, line: &str) {
        let io = self.io.get_mut();
        io.write_all(format!("{line}\r\n").as_bytes()).unwrap();
        io.flush().unwrap();
    }

    pub fn cmd(&mut self, line: &str) -> (u16, String) {
        self.send(line);
        self.reply()
    }

    /// Connected and logged in as `anonymous`.
    pub fn anonymous(addr: SocketAddr) -> Raw {
        let mut raw = Raw::connect(addr);
        raw.login("anonymous", "x@");
        raw
    }

    pub fn login(&mut self, user: &str, pass: &str) {
        assert_eq!(self.cmd(&format!("USER {user}")).0, 331);
        let (code, text) = self.cmd(&format!("PASS {pass}"));
        assert_eq!(code, 230, "{text}");
    }

    /// EPSV and a connection to the port it names.
    pub fn data(&mut self) -> TcpStream {
        let (code, text) = self.cmd("EPSV");
        assert_eq!(code, 229, "{text}");
        let port: u16 =
            text.split("|||").nth(1).and_then(|t| t.split('|').next()).unwrap().parse().unwrap();
        let data = TcpStream::connect((self.addr.ip(), port)).expect("data connection");
        data.set_read_timeout(Some(LIMIT)).unwrap();
        data
    }

    /// A transfer command that reads data: the bytes, or the refusing reply's code.
    pub fn read_data(&mut self, command: &str) -> Result<Vec<u8>, u16> {
        let mut data = self.data();
        let (code, _) = self.cmd(command);
        if code != 150 && code != 125 {
            return Err(code);
        }
        let mut bytes = Vec::new();
        data.read_to_end(&mut bytes).unwrap();
        match self.reply().0 {
            226 | 250 => Ok(bytes),
            code => Err(code),
        }
    }

    /// AUTH TLS (trusting `cert`), anonymous login, PBSZ 0 and `PROT {prot}`, each accepted.
    pub fn anonymous_over_tls(mut self, cert: &Cert, prot: &str) -> Raw {
        assert_eq!(self.cmd("AUTH TLS").0, 234);
        let mut raw = self.tls(cert);
        raw.login("anonymous", "x@");
        assert_eq!(raw.cmd("PBSZ 0").0, 200);
        assert_eq!(raw.cmd(&format!("PROT {prot}")).0, 200);
        raw
    }

    /// A data connection that sends plain text where the TLS ClientHello belongs (and is
    /// closed then when `close`), then `RETR a.txt`: the final reply (after the 150 that
    /// libunftp may send before the handshake fails) and the data connection if open.
    pub fn retr_over_a_botched_handshake(
        &mut self,
        close: bool,
    ) -> ((u16, String), Option<TcpStream>) {
        let mut data = self.data();
        data.write_all(b"this is not a TLS ClientHello\r\n").unwrap();
        let data = (!close).then_some(data);
        let (code, text) = self.cmd("RETR a.txt");
        let reply = if code == 150 { self.reply() } else { (code, text) };
        (reply, data)
    }

    /// Switch to TLS after AUTH TLS, trusting `cert`.
    pub fn tls(self, cert: &Cert) -> Raw {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(rustls::pki_types::CertificateDer::from(cert.der.clone())).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
        let conn = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
        let inner = self.io.into_inner();
        let stream = rustls::StreamOwned::new(conn, inner);
        Raw { io: BufReader::new(Box::new(stream)), addr: self.addr }
    }
}
