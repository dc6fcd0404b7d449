//! FTP data connections: passive (EPSV, else PASV) through the same `net::Dialer` as the
//! control connection (so `--proxy` carries them too), or active (PORT/EPRT, accepted only
//! from the server's address); in TLS when the control connection protected the data channel,
//! with the control connection's TLS configuration (session resumption). Every read and write
//! on a data connection is bounded by `--timeout`.
//!
//! Listings (MLSD, LIST, NLST) are read here line by line, each line at most [`MAX_LINE`]
//! bytes and at most `--max-entries` lines, so no server can make nt grow without limit.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

use super::control::{Control, refusal};
use super::listing::{self, Entry};
use crate::addr::{Addr, Host};
use crate::error::{Kind, Tag, fail};
use crate::net::{self, Deadline, Wire};

/// The longest line of a directory listing (facts, name and symlink target together).
pub const MAX_LINE: usize = 8 << 10;

/// An open data connection.
pub struct Data {
    wire: Wire,
    /// Bytes go up (STOR): closing must not look like a complete file on failure.
    upload: bool,
}

impl Data {
    pub fn socket(&self) -> &TcpStream {
        self.wire.socket()
    }
}

impl Read for Data {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.wire.read(buf) {
            // Many servers close a TLS data connection without close_notify; the end of the
            // file is confirmed by the 226 reply (and SIZE) instead.
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(0),
            other => other,
        }
    }
}

impl Write for Data {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.wire.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.wire.flush()
    }
}

/// Where the data connection comes from before the transfer command is sent.
enum Pending {
    Dialed(TcpStream),
    Listening(TcpListener),
}

/// The port of an EPSV reply: `229 Entering Extended Passive Mode (|||6446|)`.
fn epsv_port(text: &str) -> Option<u16> {
    let inner = text.split_once('(')?.1.split_once(')')?.0;
    let parts: Vec<&str> = inner.split('|').collect();
    if parts.len() != 5 {
        return None;
    }
    parts[3].parse().ok().filter(|p| *p != 0)
}

/// The port of a PASV reply: `227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)`. The address
/// is ignored: the data connection goes where the control connection went (NAT-safe, and
/// no FTP bounce to a third host).
fn pasv_port(text: &str) -> Option<u16> {
    let body = text.get(3..)?;
    let digits: String = body
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == ' ')
        .collect();
    let nums: Vec<u16> =
        digits.split(',').map(|n| n.trim().parse::<u16>()).collect::<Result<_, _>>().ok()?;
    if nums.len() != 6 || nums.iter().any(|n| *n > 255) {
        return None;
    }
    let port = nums[4] * 256 + nums[5];
    (port != 0).then_some(port)
}

impl Control {
    /// Open a data connection for `cmd` (RETR, STOR, MLSD...), from `offset` (REST) when
    /// it is above 0. The server's preliminary reply (125/150) has been read on success.
    pub fn open_data(&mut self, cmd: &str, offset: u64, what: &str) -> anyhow::Result<Data> {
        let pending = if self.plan.active {
            Pending::Listening(self.active(what)?)
        } else {
            Pending::Dialed(self.passive(what)?)
        };
        if offset > 0 {
            self.expect(&format!("REST {offset}"), what, Kind::Refused)?;
        }
        let reply = self.command(cmd)?;
        if reply.code != 125 && reply.code != 150 {
            return Err(refusal(&reply, what, Kind::Refused));
        }
        let deadline = Deadline::after(Some(self.plan.timeout));
        let stream = match pending {
            Pending::Dialed(stream) => stream,
            Pending::Listening(listener) => self.accept(&listener, &deadline, what)?,
        };
        let timeout = Some(self.plan.timeout);
        stream
            .set_read_timeout(timeout)
            .and_then(|()| stream.set_write_timeout(timeout))
            .kind(Kind::Network)?;
        let upload = cmd.starts_with("STOR") || cmd.starts_with("APPE");
        if upload {
            // Until the upload is finished, an end of nt (Ctrl-C, a crash) resets the
            // connection: the server must not take half a file for all of it.
            let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
        }
        let wire = match &self.data_tls {
            Some(config) => {
                let host = self.plan.server.host();
                let tls = net::tls_connect_with(stream, &host, config.clone(), &deadline)
                    .with_context_what(what)?;
                Wire::Tls(Box::new(tls))
            }
            None => Wire::Plain(stream),
        };
        Ok(Data { wire, upload })
    }

    /// Close the data connection cleanly and read the transfer's final reply (226/250).
    pub fn finish_data(&mut self, data: Data, what: &str) -> anyhow::Result<()> {
        close(data);
        let reply = self.reply(what)?;
        if reply.code == 226 || reply.code == 250 {
            Ok(())
        } else {
            Err(refusal(&reply, what, Kind::Refused))
        }
    }

    /// Give up a transfer: reset the data connection and cut the control connection (no
    /// ABOR: the control connection could fall out of step).
    pub fn abandon(&mut self, data: Data) {
        let _ = socket2::SockRef::from(data.socket()).set_linger(Some(Duration::ZERO));
        self.cut();
        drop(data);
    }

    /// EPSV (or PASV), then dial the port it names on the server's host.
    fn passive(&mut self, what: &str) -> anyhow::Result<TcpStream> {
        let port = if self.epsv {
            let reply = self.command("EPSV")?;
            match epsv_port(&reply.text).filter(|_| reply.code == 229) {
                Some(port) => Some(port),
                None if reply.code >= 500 && self.peer().is_some_and(|ip| ip.is_ipv4()) => {
                    self.epsv = false;
                    None
                }
                None => return Err(refusal(&reply, what, Kind::Refused)),
            }
        } else {
            None
        };
        let port = match port {
            Some(port) => port,
            None => {
                let reply = self.command("PASV")?;
                pasv_port(&reply.text)
                    .filter(|_| reply.code == 227)
                    .ok_or_else(|| refusal(&reply, what, Kind::Refused))?
            }
        };
        // Through a proxy the peer is the proxy: ask it for the server's host instead.
        let host = match (&self.plan.dialer.proxy, self.peer()) {
            (None, Some(ip)) => Host::Ip(ip),
            _ => self.plan.server.addr.host.clone(),
        };
        let target = Addr { host, port };
        self.plan.dialer.connect(&target, &self.out).map_err(|e| e.context(what.to_string()))
    }

    /// Listen on the control connection's local address and tell the server (PORT/EPRT).
    fn active(&mut self, what: &str) -> anyhow::Result<TcpListener> {
        let ip = self.local().ok_or_else(|| fail(Kind::Network, "no local address"))?;
        let listener = net::listen_quiet(SocketAddr::new(ip, 0))?;
        let port = listener.local_addr().kind(Kind::Network)?.port();
        let cmd = match ip {
            IpAddr::V4(v4) => {
                let o = v4.octets();
                format!("PORT {},{},{},{},{},{}", o[0], o[1], o[2], o[3], port >> 8, port & 0xff)
            }
            IpAddr::V6(v6) => format!("EPRT |2|{v6}|{port}|"),
        };
        self.expect(&cmd, what, Kind::Refused)?;
        Ok(listener)
    }

    /// Accept the server's data connection before the deadline, from the server only.
    fn accept(
        &self,
        listener: &TcpListener,
        deadline: &Deadline,
        what: &str,
    ) -> anyhow::Result<TcpStream> {
        let peer = self.peer();
        loop {
            let left = deadline.left().map_err(|e| net::io_error(e, what))?;
            // Linux honours SO_RCVTIMEO on accept().
            socket2::SockRef::from(listener).set_read_timeout(left).kind(Kind::Network)?;
            let (stream, from) = listener.accept().map_err(|e| net::io_error(e, what))?;
            if Some(from.ip()) == peer {
                return Ok(stream);
            }
            self.out.warn(&format!("ignoring a data connection from {from}"));
        }
    }

    /// A listing (MLSD, LIST or NLST), each line handed to `parse`, bounded in line length
    /// and entry count.
    fn listing<T>(
        &mut self,
        cmd: &str,
        what: &str,
        mut parse: impl FnMut(&str) -> Option<T>,
    ) -> anyhow::Result<Vec<T>> {
        let mut data = self.open_data(cmd, 0, what)?;
        let max = self.plan.max_entries;
        match read_lines(&mut data, max, &mut parse) {
            Ok(items) => {
                self.finish_data(data, what)?;
                Ok(items)
            }
            Err(e) => {
                self.abandon(data);
                Err(e.context(what.to_string()))
            }
        }
    }

    /// A directory listing: MLSD where offered, else LIST; sorted by name.
    pub fn list(&mut self, path: Option<&str>) -> anyhow::Result<Vec<Entry>> {
        let path = path.filter(|p| !p.is_empty());
        let what = format!("cannot list {}", path.unwrap_or("the working directory"));
        let arg = path.map(|p| format!(" {p}")).unwrap_or_default();
        let mut entries = if self.has("MLSD") || self.has("MLST") {
            self.listing(&format!("MLSD{arg}"), &what, listing::parse_mlsd)?
        } else {
            self.listing(&format!("LIST{arg}"), &what, listing::parse_list)?
        };
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(entries)
    }

    /// NLST: names only, relative to `path` (vsftpd prefixes them with it; that is cut).
    pub fn nlst(&mut self, path: Option<&str>) -> anyhow::Result<Vec<String>> {
        let path = path.filter(|p| !p.is_empty());
        let what = format!("cannot list {}", path.unwrap_or("the working directory"));
        let arg = path.map(|p| format!(" {p}")).unwrap_or_default();
        let prefix = path.map(|p| format!("{}/", p.trim_end_matches('/')));
        let mut names = self.listing(&format!("NLST{arg}"), &what, |line| {
            let name = match &prefix {
                Some(pre) if pre != "/" => line.strip_prefix(pre.as_str()).unwrap_or(line),
                Some(_) => line.strip_prefix('/').unwrap_or(line),
                None => line,
            };
            (!name.is_empty()).then(|| name.to_string())
        })?;
        names.sort();
        Ok(names)
    }
}

/// Read lines (LF or CRLF) until EOF: each at most [`MAX_LINE`] bytes, at most `max`
/// kept. Empty lines and lines `parse` refuses are skipped (and not counted).
fn read_lines<T>(
    src: &mut dyn Read,
    max: usize,
    parse: &mut dyn FnMut(&str) -> Option<T>,
) -> anyhow::Result<Vec<T>> {
    let mut reader = BufReader::with_capacity(64 << 10, src);
    let mut items = Vec::new();
    let mut line = Vec::with_capacity(256);
    loop {
        line.clear();
        let n = (&mut reader)
            .take(MAX_LINE as u64 + 2)
            .read_until(b'\n', &mut line)
            .map_err(|e| net::io_error(e, "reading the listing"))?;
        if n == 0 {
            return Ok(items);
        }
        let body = line.strip_suffix(b"\n").unwrap_or(&line);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        if body.len() > MAX_LINE || (!line.ends_with(b"\n") && line.len() > MAX_LINE + 1) {
            let why = format!("the server sent a listing line longer than {} KiB", MAX_LINE >> 10);
            return Err(fail(Kind::Network, why));
        }
        if body.is_empty() {
            continue;
        }
        if let Some(item) = parse(&String::from_utf8_lossy(body)) {
            if items.len() >= max {
                return Err(fail(
                    Kind::Network,
                    format!("the listing has more than {max} entries"),
                ))
                .hint("raise the limit with --max-entries N");
            }
            items.push(item);
        }
    }
}

/// Close a data connection: an upload's end is sent cleanly (TLS close_notify, then the
/// write half shut and the server's close awaited, so unread TLS tickets cannot turn the
/// close into a reset before the server saw the end).
fn close(data: Data) {
    let Data { wire, upload } = data;
    if upload {
        let _ = socket2::SockRef::from(wire.socket()).set_linger(None);
    }
    match wire {
        Wire::Tls(mut tls) if upload => {
            tls.conn.send_close_notify();
            let _ = tls.flush();
            let _ = tls.sock.shutdown(Shutdown::Write);
            let _ = tls.sock.set_read_timeout(Some(Duration::from_secs(1)));
            let mut buf = [0u8; 4096];
            while matches!(tls.sock.read(&mut buf), Ok(n) if n > 0) {}
        }
        Wire::Tls(mut tls) => {
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
        Wire::Plain(_) => {}
    }
}

/// Attach the data connection's `what` to a TLS error.
trait WhatContext<T> {
    fn with_context_what(self, what: &str) -> anyhow::Result<T>;
}

impl<T> WhatContext<T> for anyhow::Result<T> {
    fn with_context_what(self, what: &str) -> anyhow::Result<T> {
        self.map_err(|e| e.context(what.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn passive_replies() {
        assert_eq!(epsv_port("229 Entering Extended Passive Mode (|||6446|)"), Some(6446));
        assert_eq!(epsv_port("229 (|||0|)"), None);
        assert_eq!(epsv_port("229 nothing"), None);
        assert_eq!(pasv_port("227 Entering Passive Mode (127,0,0,1,156,64)."), Some(40000));
        assert_eq!(pasv_port("227 =127,0,0,1,4,1"), Some(1025));
        assert_eq!(pasv_port("227 (1,2,3,4,300,1)"), None);
        assert_eq!(pasv_port("227 (1,2,3)"), None);
    }

    #[test]
    fn listings_are_bounded() {
        let mut keep = |l: &str| Some(l.to_string());
        let mut ok: &[u8] = b"a\r\n\r\nb\nc";
        assert_eq!(read_lines(&mut ok, 10, &mut keep).unwrap(), ["a", "b", "c"]);
        let mut many: &[u8] = b"a\nb\nc\n";
        assert!(read_lines(&mut many, 2, &mut keep).is_err());
        let long = vec![b'x'; MAX_LINE + 5];
        assert!(read_lines(&mut long.as_slice(), 10, &mut keep).is_err());
        let mut fits = vec![b'x'; MAX_LINE];
        fits.extend_from_slice(b"\r\n");
        assert_eq!(read_lines(&mut fits.as_slice(), 10, &mut keep).unwrap().len(), 1);
    }

    proptest! {
        #[test]
        fn passive_parsers_never_panic(text in "\\PC{0,60}") {
            let _ = epsv_port(&text);
            let _ = pasv_port(&text);
        }
    }
}
