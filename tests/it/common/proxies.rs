//! Real proxies for the tests that go through one (tcp, chat, ftp): Debian's dante
//! (`danted`, SOCKS5, without or with a username/password login) and tinyproxy (HTTP
//! CONNECT), each with a config of its own in a temp dir, on a loopback port it takes from
//! that config (see [`on_free_ports`]), killed on Drop.
//!
//! dante logs every CONNECT it carries to [`Proxy::log`], so a test can check the proxy
//! really carried its connection.

use std::net::SocketAddr;
use std::process::{Command, Stdio};

use super::{KillOnDrop, on_free_ports, spawn_listening};

/// A running proxy on 127.0.0.1.
pub struct Proxy {
    pub addr: SocketAddr,
    dir: tempfile::TempDir,
    _process: KillOnDrop,
}

impl Proxy {
    /// danted with `socksmethod: METHOD` (`none`, or `username` against the system's
    /// password database).
    pub fn dante(method: &str) -> Proxy {
        Proxy::start("danted", |dir, port| {
            let conf = dir.join("danted.conf");
            let text = format!(
                "logoutput: {log}\ninternal: 127.0.0.1 port = {port}\nexternal: 127.0.0.1\n\
                 clientmethod: none\nsocksmethod: {method}\nuser.privileged: root\n\
                 user.unprivileged: nobody\n\
                 client pass {{ from: 127.0.0.0/8 to: 0.0.0.0/0 }}\n\
                 socks pass {{ from: 127.0.0.0/8 to: 0.0.0.0/0\n  command: connect\n  log: connect\n}}\n",
                log = dir.join("proxy.log").display()
            );
            std::fs::write(&conf, text).expect("write danted.conf");
            let mut cmd = Command::new("danted");
            cmd.arg("-f").arg(&conf).arg("-p").arg(dir.join("danted.pid"));
            cmd
        })
    }

    /// tinyproxy in the foreground.
    pub fn tinyproxy() -> Proxy {
        Proxy::start("tinyproxy", |dir, port| {
            let conf = dir.join("tinyproxy.conf");
            let text = format!(
                "Port {port}\nListen 127.0.0.1\nTimeout 30\nMaxClients 16\nAllow 127.0.0.0/8\n\
                 LogLevel Info\nUser nobody\nGroup nogroup\n"
            );
            std::fs::write(&conf, text).expect("write tinyproxy.conf");
            let mut cmd = Command::new("tinyproxy");
            cmd.arg("-d").arg("-c").arg(&conf);
            cmd
        })
    }

    fn start(what: &str, command: impl Fn(&std::path::Path, u16) -> Command) -> Proxy {
        let dir = tempfile::tempdir().expect("a temp dir for the proxy");
        let (port, process) = on_free_ports(what, |[port]| {
            let mut cmd = command(dir.path(), port);
            cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
            spawn_listening(&mut cmd, &[port]).map(|process| (port, process))
        });
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        Proxy { addr, dir, _process: process }
    }

    /// `SCHEME://127.0.0.1:PORT`.
    pub fn url(&self, scheme: &str) -> String {
        format!("{scheme}://{}", self.addr)
    }

    /// What dante logged (empty for tinyproxy).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("proxy.log")).unwrap_or_default()
    }
}
