//! `nt tcp connect --proxy` (and `NT_PROXY`) through real proxies started by the tests:
//! Debian's dante (`danted`, SOCKS5, without and with a username/password login) and
//! tinyproxy (HTTP CONNECT), each with a config of its own on a loopback port.
//!
//! tinyproxy closes the tunnel when the client half-closes, so these clients keep stdin
//! open until the answer is in. The login test makes a system user for dante (its
//! `username` method checks the system's password database) and removes it afterwards.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::timeouts;
use crate::common::{ClosedPort, Home, KillOnDrop, LIMIT, Running as Peer};

/// A target that answers the first line it reads with `got: LINE`, then closes.
fn target() -> (SocketAddr, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let handle = std::thread::spawn(move || {
        if let Ok((s, _)) = listener.accept() {
            timeouts(&s);
            let mut line = String::new();
            let _ = BufReader::new(&s).read_line(&mut line);
            let _ = (&s).write_all(format!("got: {line}").as_bytes());
        }
    });
    (addr, handle)
}

/// The proxies listen on 127.0.0.2, not on 127.0.0.1 where the other tests' servers bind
/// port 0: a port picked here and bound later by the proxy could meanwhile become another
/// test's listener, and polling it would steal that test's connection.
const PROXY_IP: &str = "127.0.0.2";

/// A port free on [`PROXY_IP`] now.
fn proxy_port() -> u16 {
    TcpListener::bind((PROXY_IP, 0)).and_then(|l| l.local_addr()).expect("a free port").port()
}

/// Wait until something listens on PROXY_IP:`port` (a proxy that started).
fn wait_listening(port: u16, proxy: &mut KillOnDrop) {
    let deadline = Instant::now() + LIMIT;
    while TcpStream::connect((PROXY_IP, port)).is_err() {
        if let Ok(Some(status)) = proxy.0.try_wait() {
            panic!("the proxy exited: {status}");
        }
        assert!(Instant::now() < deadline, "the proxy never listened on {port}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Start a proxy (quiet) and wait until it listens on `port`.
fn start(mut cmd: Command, port: u16) -> KillOnDrop {
    cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    let child = cmd.spawn().unwrap_or_else(|e| panic!("run {cmd:?} (is it installed?): {e}"));
    let mut child = KillOnDrop(child);
    wait_listening(port, &mut child);
    child
}

fn danted(dir: &Path, method: &str) -> (u16, KillOnDrop) {
    let port = proxy_port();
    let conf = dir.join(format!("danted-{method}.conf"));
    std::fs::write(
        &conf,
        format!(
            "logoutput: stderr\ninternal: {PROXY_IP} port = {port}\nexternal: 127.0.0.1\n\
             clientmethod: none\nsocksmethod: {method}\nuser.privileged: root\n\
             user.unprivileged: nobody\n\
             client pass {{ from: 127.0.0.0/8 to: 0.0.0.0/0 }}\n\
             socks pass {{ from: 127.0.0.0/8 to: 0.0.0.0/0 command: connect }}\n"
        ),
    )
    .unwrap();
    let mut cmd = Command::new("danted");
    cmd.arg("-f").arg(&conf).arg("-p").arg(dir.join(format!("danted-{method}.pid")));
    (port, start(cmd, port))
}

fn tinyproxy(dir: &Path) -> (u16, KillOnDrop) {
    let port = proxy_port();
    let conf = dir.join("tinyproxy.conf");
    std::fs::write(
        &conf,
        format!(
            "Port {port}\nListen {PROXY_IP}\nTimeout 30\nMaxClients 16\nAllow 127.0.0.0/8\n\
             LogLevel Info\nUser nobody\nGroup nogroup\n"
        ),
    )
    .unwrap();
    let mut cmd = Command::new("tinyproxy");
    cmd.arg("-d").arg("-c").arg(&conf);
    (port, start(cmd, port))
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
    let dir = tempfile::tempdir().unwrap();
    let home = Home::new();
    let (socks, _dante) = danted(dir.path(), "none");
    let (http, _tiny) = tinyproxy(dir.path());
    for (proxy, env) in [
        (format!("socks5://{PROXY_IP}:{socks}"), false),
        (format!("socks5h://{PROXY_IP}:{socks}"), true),
        (format!("http://{PROXY_IP}:{http}"), false),
        (format!("http://{PROXY_IP}:{http}"), true),
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
    for proxy in [format!("socks5://{PROXY_IP}:{socks}"), format!("http://{PROXY_IP}:{http}")] {
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
    let dir = tempfile::tempdir().unwrap();
    let home = Home::new();
    let (socks, _dante) = danted(dir.path(), "username");
    let proxy = format!("socks5://{}@{PROXY_IP}:{socks}", user.0);
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
    let (code, _, err) = through(&home, &format!("socks5://{PROXY_IP}:{socks}"), false, to, None);
    assert_eq!(code, Some(5), "{err}");
    assert!(err.contains("wants a login"), "{err}");
}
