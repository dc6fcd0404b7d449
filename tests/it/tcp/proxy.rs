//! `nt tcp connect --proxy` (and `NT_PROXY`) through real proxies started by the tests:
//! Debian's dante (`danted`, SOCKS5, without and with a username/password login) and
//! tinyproxy (HTTP CONNECT), each with a config of its own on a loopback port
//! ([`Proxy`]).
//!
//! tinyproxy closes the tunnel when the client half-closes, so these clients keep stdin
//! open until the answer is in. The login test makes a system user for dante (its
//! `username` method checks the system's password database) and removes it afterwards.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};

use super::accept_one;
use crate::common::{ClosedPort, Home, Proxy, Running as Peer};

/// A target that answers the first line it reads with `got: LINE`, then closes.
fn target() -> (SocketAddr, std::thread::JoinHandle<()>) {
    accept_one(|s, _| {
        let mut line = String::new();
        let _ = BufReader::new(&s).read_line(&mut line);
        let _ = (&s).write_all(format!("got: {line}").as_bytes());
    })
}

/// `nt tcp connect` through `proxy` (as `--proxy`, or as `NT_PROXY` when `env`), stdin
/// kept open until the target's answer is in; returns (exit code, stdout, stderr).
fn through(
    home: &Home,
    proxy: &str,
    env: bool,
    to: SocketAddr,
    password: Option<&str>,
) -> (Option<i32>, Vec<u8>, String) {
    let mut cmd = home.nt();
    cmd.args(["tcp", "connect", "--timeout", "5s", &to.to_string()]);
    if env {
        cmd.env("NT_PROXY", proxy);
    } else {
        cmd.args(["--proxy", proxy]);
    }
    if let Some(password) = password {
        cmd.env("NT_PROXY_PASSWORD", password);
    }
    let mut client = Peer::spawn(cmd);
    client.feed(b"hello through the proxy\n");
    let (status, out, err) = client.finish();
    (status.code(), out, err)
}

#[test]
#[ignore = "needs dante-server tinyproxy: apt-get install dante-server tinyproxy"]
fn socks5_and_http_connect_proxies_carry_the_connection() {
    let home = Home::new();
    let (dante, tiny) = (Proxy::dante("none"), Proxy::tinyproxy());
    for (proxy, env) in [
        (dante.url("socks5"), false),
        (dante.url("socks5h"), true),
        (tiny.url("http"), false),
        (tiny.url("http"), true),
    ] {
        let (to, served) = target();
        let (code, out, err) = through(&home, &proxy, env, to, None);
        assert_eq!(code, Some(0), "{proxy} (env {env}): {err}");
        assert_eq!(out, b"got: hello through the proxy\n", "{proxy}: {err}");
        served.join().unwrap();
    }
    // The target refuses: the proxy says so, exit 4.
    let closed_port = ClosedPort::new();
    let closed: SocketAddr = format!("127.0.0.1:{}", closed_port.0).parse().unwrap();
    for proxy in [dante.url("socks5"), tiny.url("http")] {
        let (code, _, err) = through(&home, &proxy, false, closed, None);
        assert_eq!(code, Some(4), "{proxy}: {err}");
        assert!(err.contains("the proxy said"), "{proxy}: {err}");
        assert_eq!(err.matches("nt: error:").count(), 1, "{err}");
    }
    // No proxy there at all: exit 4.
    let no_proxy = ClosedPort::new();
    let nowhere = format!("socks5://127.0.0.1:{}", no_proxy.0);
    let (code, _, err) = through(&home, &nowhere, false, closed, None);
    assert_eq!(code, Some(4), "{err}");
    assert!(err.contains("cannot reach the proxy"), "{err}");
}

/// A system user for dante's `username` method, removed on Drop.
struct ProxyUser(&'static str);

impl ProxyUser {
    fn new(name: &'static str, password: &str) -> ProxyUser {
        let _ = Command::new("userdel").arg(name).output();
        let made = Command::new("useradd").args(["-M", "-s", "/usr/sbin/nologin", name]).status();
        assert!(made.is_ok_and(|s| s.success()), "useradd {name} (needs root)");
        let mut chpasswd = Command::new("chpasswd").stdin(Stdio::piped()).spawn().unwrap();
        let mut stdin = chpasswd.stdin.take().unwrap();
        stdin.write_all(format!("{name}:{password}\n").as_bytes()).unwrap();
        drop(stdin);
        assert!(chpasswd.wait().unwrap().success(), "chpasswd");
        ProxyUser(name)
    }
}

impl Drop for ProxyUser {
    fn drop(&mut self) {
        let _ = Command::new("userdel").arg(self.0).output();
    }
}

#[test]
#[ignore = "needs dante-server and root (a system user for its login): apt-get install dante-server"]
fn socks5_login_comes_from_the_url_and_nt_proxy_password() {
    let user = ProxyUser::new("ntproxytest", "s3cret-Pw");
    let home = Home::new();
    let dante = Proxy::dante("username");
    let proxy = format!("socks5://{}@{}", user.0, dante.addr);
    let (to, served) = target();
    let (code, out, err) = through(&home, &proxy, false, to, Some("s3cret-Pw"));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, b"got: hello through the proxy\n");
    served.join().unwrap();

    let (to, _unserved) = target();
    let (code, _, err) = through(&home, &proxy, true, to, Some("wrong"));
    assert_eq!(code, Some(5), "{err}");
    assert!(err.contains("rejected the login of 'ntproxytest'"), "{err}");
    assert!(!err.contains("wrong"), "the password is never shown: {err}");
    // Connect to the waiting target so its thread ends.
    drop(TcpStream::connect(to));

    // A proxy that wants a login, asked without one: exit 5 with the way to give it.
    let (code, _, err) = through(&home, &dante.url("socks5"), false, to, None);
    assert_eq!(code, Some(5), "{err}");
    assert!(err.contains("wants a login"), "{err}");
}
