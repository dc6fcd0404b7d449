//! `nt ftp serve` against real clients: nt ftp itself, a raw control connection for the
//! hostile cases (jail escapes, long lines, a botched TLS data connection), MLSD as
//! FileZilla-style clients list, curl, lftp, and Python's ftplib running the course's
//! program. Every server is `nt ftp serve DIR 127.0.0.1:0`, read from its `listening on`.
//!
//! Covered (`cargo test -- ftp::serve`; the curl/lftp and Python ones need
//! `--include-ignored`): `nt ftp` against `nt ftp serve` (put/get by hash, ls, mkdir -p, mv,
//! rm, rmdir; FTPS with `--pin` against `--self-signed`, a wrong pin and plain text
//! refused), read-only by default, `--user` logins (the password asked on a terminal without
//! echo; anonymous and a wrong password refused, no password in the `-vv` log), `--tls
//! auto`, every jail escape over a raw control connection, MLSD/MLST and REST as FileZilla
//! uses them, an over-long command line, `--max-clients`, `--idle`, a silent TLS handshake,
//! a botched TLS data connection, Ctrl-C during an upload (130, no file left), `--json` log
//! lines, bad settings (exit 2/3/4), IPv6 and dual-stack listeners, data connections taken
//! from the client's address only; curl (get, `-T`, `--list-only`, `--ssl-reqd`), lftp over
//! FTPS (mkdir, put, cls, get, mv, rm, rmdir), and Python's `ftplib` running the course's
//! own program (login, pwd, mkd, cwd, storbinary, dir, nlst, rename, retrbinary, delete,
//! rmd, quit).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;

use self::raw::Raw;
use super::server::Cert;
use crate::common::{Home, LIMIT, Running, noise, nt, run, sha256_hex, shell_status};

mod clients;
mod hostile;
mod raw;

const PW: &str = "s3rve-pw";

/// `nt ftp serve DIR 127.0.0.1:0 ARGS...` with `env`, and the address it listens on.
fn serve(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (Running, SocketAddr) {
    let mut cmd = nt();
    cmd.args(["ftp", "serve"]).arg(dir).arg("127.0.0.1:0").args(args);
    for (key, value) in env {
        cmd.env(key, value);
    }
    let server = Running::spawn(cmd);
    let addr = server.addr();
    (server, addr)
}

/// `nt ftp --host ftp://ADDR ARGS...` run in `home`; exit code, stdout, stderr.
fn client(home: &Home, addr: SocketAddr, args: &[&str]) -> (Option<i32>, String, String) {
    let mut cmd = home.nt();
    cmd.current_dir(home.path()).args(["ftp", "--host", &format!("ftp://{addr}")]).args(args);
    let (status, out, err) = run(cmd, Vec::new());
    (shell_status(status), String::from_utf8_lossy(&out).into_owned(), err)
}

fn ok(result: (Option<i32>, String, String)) -> String {
    assert_eq!(result.0, Some(0), "stderr: {}", result.2);
    result.1
}

/// `nt ftp serve DIR 127.0.0.1:0 --tls=MODE --cert FILE --key FILE` with a test certificate.
fn serve_with_cert(dir: &Path, cert: &Cert, mode: &str) -> (Running, SocketAddr) {
    let (c, k) = (cert.cert.to_string_lossy(), cert.key.to_string_lossy());
    serve(dir, &[&format!("--tls={mode}"), "--cert", &c, "--key", &k], &[])
}

fn pub_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), b"hello\n").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    dir
}

#[test]
fn nt_ftp_round_trips_against_nt_ftp_serve() {
    let dir = pub_dir();
    let (server, addr) = serve(dir.path(), &["--write"], &[]);
    let home = Home::new();
    let big = noise(5 << 20, 7);
    std::fs::write(home.path().join("big.bin"), &big).unwrap();
    ok(client(&home, addr, &["put", "big.bin", "sub/big.bin"]));
    assert_eq!(
        sha256_hex(&std::fs::read(dir.path().join("sub/big.bin")).unwrap()),
        sha256_hex(&big)
    );
    ok(client(&home, addr, &["get", "sub/big.bin", "copy.bin"]));
    assert_eq!(sha256_hex(&std::fs::read(home.path().join("copy.bin")).unwrap()), sha256_hex(&big));
    ok(client(&home, addr, &["mkdir", "-p", "x/y"]));
    assert!(dir.path().join("x/y").is_dir());
    ok(client(&home, addr, &["mv", "sub/big.bin", "x/moved.bin"]));
    assert!(dir.path().join("x/moved.bin").is_file());
    let listing = ok(client(&home, addr, &["ls", "x"]));
    assert_eq!(listing.lines().collect::<Vec<_>>(), ["moved.bin", "y"]);
    ok(client(&home, addr, &["rm", "x/moved.bin"]));
    ok(client(&home, addr, &["rmdir", "x/y"]));
    assert!(!dir.path().join("x/moved.bin").exists() && !dir.path().join("x/y").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("sub")).unwrap().collect();
    assert!(leftovers.is_empty(), "no temporary upload file stays behind: {leftovers:?}");
    let (_, log) = server.stop();
    assert!(log.contains(&format!("anonymous \"STOR sub/big.bin\" 226 {}", big.len())), "{log}");
    assert!(log.contains(&format!("\"RETR sub/big.bin\" 226 {}", big.len())), "{log}");
    assert!(log.contains("\"PASS ***\" 230"), "{log}");
    assert!(!log.contains("panicked"), "{log}");
}

#[test]
fn anonymous_is_read_only_by_default() {
    let dir = pub_dir();
    let (server, addr) = serve(dir.path(), &[], &[]);
    let home = Home::new();
    std::fs::write(home.path().join("new.txt"), b"x").unwrap();
    assert_eq!(ok(client(&home, addr, &["cat", "a.txt"])), "hello\n");
    for args in [
        &["put", "new.txt"][..],
        &["mkdir", "d"],
        &["rm", "a.txt"],
        &["mv", "a.txt", "b.txt"],
        &["rmdir", "sub"],
    ] {
        let (code, _, err) = client(&home, addr, args);
        assert_eq!(code, Some(6), "{args:?} must be refused: {err}");
        assert!(err.contains("550"), "{err}");
    }
    assert!(!dir.path().join("new.txt").exists() && !dir.path().join("d").exists());
    assert!(dir.path().join("a.txt").is_file() && dir.path().join("sub").is_dir());
    drop(server);
}

#[test]
fn a_named_user_logs_in_with_the_password_and_nobody_else_does() {
    let dir = pub_dir();
    let env = [("NT_FTP_PASSWORD", PW)];
    let (server, addr) = serve(dir.path(), &["--user", "alice", "--write", "-vv"], &env);
    let home = Home::new();
    let mut as_alice = home.nt();
    as_alice.current_dir(home.path()).env("NT_FTP_PASSWORD", PW);
    as_alice.args(["ftp", "--host", &format!("ftp://alice@{addr}"), "ls"]);
    let (status, out, err) = run(as_alice, Vec::new());
    assert_eq!(shell_status(status), Some(0), "{err}");
    assert_eq!(String::from_utf8_lossy(&out), "a.txt\nsub\n");
    let (code, _, err) = client(&home, addr, &["ls"]);
    assert_eq!(code, Some(5), "anonymous is refused: {err}");
    let mut wrong = home.nt();
    wrong.env("NT_FTP_PASSWORD", "not-it").args([
        "ftp",
        "--host",
        &format!("ftp://alice@{addr}"),
        "ls",
    ]);
    let (status, _, err) = run(wrong, Vec::new());
    assert_eq!(shell_status(status), Some(5), "{err}");
    let (_, log) = server.stop();
    assert!(!log.contains(PW) && !log.contains("not-it"), "a password was logged: {log}");
    assert!(
        log.contains("< 127.0.0.1:") && log.contains("PASS ***"),
        "-vv shows the dialogue: {log}"
    );
    assert!(log.contains("> 127.0.0.1:") && log.contains(" 230 "), "{log}");
    assert!(log.contains("alice \"PASS ***\" 530"), "{log}");
}

#[cfg(unix)]
#[test]
fn the_password_for_user_is_asked_on_the_terminal_without_echo() {
    let Some(pty) = crate::common::Pty::open() else {
        eprintln!("skipped: no pseudo-terminal here");
        return;
    };
    let dir = pub_dir();
    let mut cmd = nt();
    cmd.args(["ftp", "serve"]).arg(dir.path()).args(["127.0.0.1:0", "--user", "alice"]);
    // The terminal must be the controlling one: the prompt reads /dev/tty.
    // SAFETY: setsid and TIOCSCTTY on the child's own stdin, between fork and exec.
    // (`as _`: ioctl takes a c_ulong request; macOS's TIOCSCTTY is a c_uint.)
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut cmd, || {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let _server = pty.spawn(cmd);
    pty.read_until("password for alice");
    // The prompt comes before echo goes off: typed earlier, the password would show.
    pty.wait_echo_off();
    pty.write(b"typed-pw\r");
    let shown = pty.read_until("serving ");
    assert!(!shown.contains("typed-pw"), "the password is not echoed: {shown}");
    let addr: SocketAddr = shown
        .split("listening on ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {shown}"));
    let home = Home::new();
    let mut ls = home.nt();
    ls.env("NT_FTP_PASSWORD", "typed-pw").args(["ftp", "ls", &format!("ftp://alice@{addr}/")]);
    let (status, out, err) = run(ls, Vec::new());
    assert_eq!(shell_status(status), Some(0), "{err}");
    assert_eq!(out, b"a.txt\nsub\n");
}

#[test]
fn self_signed_ftps_with_pin_serves_nt_ftp() {
    let dir = pub_dir();
    let (server, addr) = serve(dir.path(), &["--write", "--self-signed"], &[]);
    let line = server.line_with("--pin ");
    let pin = line.rsplit(' ').next().unwrap().trim_end_matches(')').to_string();
    let home = Home::new();
    std::fs::write(home.path().join("up.bin"), noise(300_000, 3)).unwrap();
    ok(client(&home, addr, &["--pin", &pin, "put", "up.bin"]));
    ok(client(&home, addr, &["--pin", &pin, "get", "up.bin", "down.bin"]));
    assert_eq!(std::fs::read(home.path().join("down.bin")).unwrap(), noise(300_000, 3));
    let listing = ok(client(&home, addr, &["--pin", &pin, "ls"]));
    assert!(listing.contains("up.bin"), "{listing}");
    let other = "00".repeat(32);
    let (code, _, err) = client(&home, addr, &["--pin", &other, "ls"]);
    assert_eq!(code, Some(5), "a wrong pin is refused: {err}");
    let (code, _, err) = client(&home, addr, &["--tls", "off", "ls"]);
    assert_eq!(code, Some(5), "plain text is refused before login: {err}");
    assert!(err.contains("534"), "{err}");
    let (_, log) = server.stop();
    assert!(log.contains("\"AUTH TLS\" 234"), "{log}");
}

#[test]
fn tls_auto_leaves_plain_ftp_possible() {
    let dir = pub_dir();
    let cert = Cert::new();
    let (_server, addr) = serve_with_cert(dir.path(), &cert, "auto");
    let home = Home::new();
    assert_eq!(ok(client(&home, addr, &["--tls", "off", "cat", "a.txt"])), "hello\n");
    let pin = cert.fingerprint();
    assert_eq!(
        ok(client(&home, addr, &["--tls", "required", "--pin", &pin, "cat", "a.txt"])),
        "hello\n"
    );
}

#[test]
fn data_connections_are_taken_from_the_client_only() {
    let dir = pub_dir();
    let (server, addr) = serve(dir.path(), &["--write"], &[]);
    let home = Home::new();
    let big = noise(3 << 20, 17);
    std::fs::write(home.path().join("big.bin"), &big).unwrap();
    ok(client(&home, addr, &["put", "big.bin"]));
    ok(client(&home, addr, &["get", "big.bin", "back.bin"]));
    assert_eq!(std::fs::read(home.path().join("back.bin")).unwrap(), big);
    let mut raw = Raw::anonymous(addr);
    let (code, pasv) = raw.cmd("PASV");
    assert_eq!(code, 227);
    assert!(pasv.contains("(127,0,0,1,"), "{pasv}");
    let (_, epsv) = raw.cmd("EPSV");
    let port: u16 = epsv.split("|||").nth(1).unwrap().split('|').next().unwrap().parse().unwrap();
    // Another address knocks first: it is not taken for the client.
    let intruder =
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    intruder.bind(&SocketAddr::from(([127, 0, 0, 2], 0)).into()).unwrap();
    intruder.connect(&SocketAddr::from(([127, 0, 0, 1], port)).into()).unwrap();
    let mut intruder: TcpStream = intruder.into();
    intruder.set_read_timeout(Some(LIMIT)).unwrap();
    let mut data = TcpStream::connect((addr.ip(), port)).unwrap();
    assert_eq!(raw.cmd("RETR a.txt").0, 150);
    let mut got = Vec::new();
    data.read_to_end(&mut got).unwrap();
    assert_eq!(got, b"hello\n");
    assert_eq!(raw.reply().0, 226);
    let mut stolen = Vec::new();
    let _ = intruder.read_to_end(&mut stolen);
    assert!(stolen.is_empty(), "the intruder got nothing");
    drop(server);
}

#[test]
fn ipv6_and_dual_stack_listeners_serve_both_families() {
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        eprintln!("no IPv6 loopback here: skipped");
        return;
    }
    let dir = pub_dir();
    let home = Home::new();
    for listen in ["[::1]:0", ":0"] {
        let mut cmd = nt();
        cmd.args(["ftp", "serve"]).arg(dir.path()).arg(listen);
        let server = Running::spawn(cmd);
        let port = server.addr().port();
        for host in ["[::1]", "127.0.0.1"].iter().filter(|h| listen == ":0" || h.starts_with('[')) {
            let url = format!("ftp://{host}:{port}/a.txt");
            let mut get = home.nt();
            get.args(["ftp", "cat", &url]);
            let (status, out, err) = run(get, Vec::new());
            assert_eq!(shell_status(status), Some(0), "{listen} {host}: {err}");
            assert_eq!(out, b"hello\n");
        }
        let (_, log) = server.stop();
        assert!(!log.contains("::ffff:"), "peers are shown as plain IPv4: {log}");
    }
}

/// A directory with a secret beside it, and symlinks inside that lead to it.
#[cfg(unix)]
fn jail_with_escapes() -> (tempfile::TempDir, std::path::PathBuf) {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("secret.txt"), b"TOP SECRET").unwrap();
    std::fs::create_dir(outer.path().join("outside")).unwrap();
    let dir = outer.path().join("pub");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), b"hello\n").unwrap();
    std::os::unix::fs::symlink(outer.path().join("secret.txt"), dir.join("abs-link")).unwrap();
    std::os::unix::fs::symlink("../secret.txt", dir.join("rel-link")).unwrap();
    std::os::unix::fs::symlink(outer.path().join("outside"), dir.join("out-dir")).unwrap();
    std::os::unix::fs::symlink("a.txt", dir.join("inner-link")).unwrap();
    (outer, dir)
}

#[cfg(unix)]
#[test]
fn every_path_stays_inside_dir() {
    let (outer, dir) = jail_with_escapes();
    let (server, addr) = serve(&dir, &["--write"], &[]);
    let mut raw = Raw::anonymous(addr);
    // `..` out of DIR, in every form.
    for path in ["../secret.txt", "/../secret.txt", "sub/../../secret.txt", "./../secret.txt"] {
        assert_eq!(raw.read_data(&format!("RETR {path}")), Err(550), "{path}");
    }
    assert_eq!(raw.cmd("CWD ..").0, 250, "CWD .. at the top stays at the top");
    assert!(raw.cmd("PWD").1.contains("\"/\""));
    assert_eq!(raw.cmd("CWD ../outside").0, 550);
    // An absolute path is read from DIR's top, never from the host's.
    assert_eq!(
        raw.read_data(&format!("RETR {}", outer.path().join("secret.txt").display())),
        Err(550)
    );
    assert_eq!(raw.read_data("RETR /a.txt"), Ok(b"hello\n".to_vec()));
    // Symlinks planted inside DIR that lead outside: neither read, listed into, nor written.
    for link in ["abs-link", "rel-link"] {
        assert_eq!(raw.read_data(&format!("RETR {link}")), Err(550), "{link}");
        assert_eq!(raw.cmd(&format!("SIZE {link}")).0, 550, "{link}");
    }
    assert_eq!(raw.cmd("CWD out-dir").0, 550);
    assert!(raw.read_data("LIST out-dir").is_err());
    let mut data = raw.data();
    assert!(matches!(raw.cmd("STOR out-dir/planted.txt").0, 150 | 550));
    let _ = data.write_all(b"planted");
    drop(data);
    let _ = raw.reply();
    assert_eq!(raw.cmd("MKD out-dir/made").0, 550);
    assert_eq!(raw.cmd("RNFR a.txt").0, 350);
    assert_eq!(raw.cmd("RNTO ../stolen.txt").0, 550);
    assert_eq!(raw.cmd("DELE ../secret.txt").0, 550);
    let outside: Vec<_> = std::fs::read_dir(outer.path().join("outside")).unwrap().collect();
    assert!(outside.is_empty(), "nothing was written outside: {outside:?}");
    assert!(outer.path().join("secret.txt").is_file() && !outer.path().join("stolen.txt").exists());
    // A symlink that stays inside works.
    assert_eq!(raw.read_data("RETR inner-link"), Ok(b"hello\n".to_vec()));
    drop(raw);
    let (_, log) = server.stop();
    assert!(!log.contains("TOP SECRET") && !log.contains("panicked"), "{log}");
}

#[test]
fn mlsd_and_mlst_list_like_filezilla_reads_them() {
    let dir = pub_dir();
    let (_server, addr) = serve(dir.path(), &[], &[]);
    let mut raw = Raw::anonymous(addr);
    let (code, feat) = raw.cmd("FEAT");
    assert_eq!(code, 211);
    assert!(feat.contains("MLST") && feat.contains("MLSD") && feat.contains("EPSV"), "{feat}");
    assert_eq!(raw.cmd("TYPE I").0, 200);
    let listing = String::from_utf8(raw.read_data("MLSD").unwrap()).unwrap();
    let facts = |name: &str| {
        listing
            .lines()
            .find(|l| l.ends_with(&format!(" {name}")))
            .unwrap_or_else(|| panic!("{name} missing from {listing}"))
            .to_ascii_lowercase()
    };
    assert!(
        facts("a.txt").contains("type=file;") && facts("a.txt").contains("size=6;"),
        "{listing}"
    );
    assert!(facts("sub").contains("type=dir;"), "{listing}");
    assert!(facts("a.txt").contains("modify="), "{listing}");
    assert_eq!(raw.cmd("SIZE a.txt").1.trim_end(), "213 6");
    assert_eq!(raw.cmd("REST 2").0, 350);
    assert_eq!(raw.read_data("RETR a.txt"), Ok(b"llo\n".to_vec()), "a download resumes");
    let (code, mlst) = raw.cmd("MLST a.txt");
    assert_eq!(code, 250, "{mlst}");
    assert!(mlst.to_ascii_lowercase().contains("size=6;"), "{mlst}");
}

#[test]
fn a_command_line_over_the_bound_ends_the_session() {
    let dir = pub_dir();
    let (server, addr) = serve(dir.path(), &[], &[]);
    let mut raw = Raw::connect(addr);
    raw.send(&format!("NOOP {}", "x".repeat(64 << 10)));
    assert_eq!(raw.reply().0, 500);
    assert_eq!(raw.reply().0, 0, "then the server hangs up");
    let mut next = Raw::connect(addr);
    assert_eq!(next.cmd("NOOP").0, 200, "the server goes on serving");
    drop(next);
    let (_, log) = server.stop();
    assert!(log.contains("command line too long"), "{log}");
}

#[test]
fn idle_sessions_and_silent_tls_handshakes_end() {
    let dir = pub_dir();
    let args = ["--idle", "1s", "--timeout", "1s", "--self-signed", "--tls=auto"];
    let (server, addr) = serve(dir.path(), &args, &[]);
    let started = std::time::Instant::now();
    let mut idle = Raw::anonymous(addr);
    let (code, text) = idle.reply();
    assert!(code == 221 && text.contains("timed out"), "an idle session is told: {text}");
    assert_eq!(idle.reply().0, 0);
    let mut silent = Raw::connect(addr);
    assert_eq!(silent.cmd("AUTH TLS").0, 234);
    // No ClientHello follows: the handshake gives up after --timeout.
    let mut rest = Vec::new();
    let _ = silent.io.read_to_end(&mut rest);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let (_, log) = server.stop();
    assert!(log.contains("timed out"), "{log}");
}

#[test]
fn more_clients_than_max_clients_are_turned_away() {
    let dir = pub_dir();
    let (server, addr) = serve(dir.path(), &["--max-clients", "1"], &[]);
    let first = Raw::connect(addr);
    let mut second = TcpStream::connect(addr).unwrap();
    second.set_read_timeout(Some(LIMIT)).unwrap();
    let mut reply = String::new();
    second.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("421 "), "{reply}");
    drop(first);
    let (_, log) = server.stop();
    assert!(log.contains("too many sessions"), "{log}");
}

#[test]
fn a_botched_tls_data_connection_is_answered_522_not_a_panic() {
    let dir = pub_dir();
    let cert = Cert::new();
    let (server, addr) = serve_with_cert(dir.path(), &cert, "required");
    // Plain text pipelined behind AUTH TLS is never taken as a command.
    let mut injected = Raw::connect(addr);
    injected.send("AUTH TLS\r\nUSER anonymous");
    let (code, text) = injected.reply();
    assert!(code == 0 || (code == 234 && injected.reply().0 == 0), "{code} {text}");
    let mut raw = Raw::connect(addr);
    assert_eq!(raw.cmd("PROT P").0, 503, "PROT before AUTH TLS");
    let mut raw = raw.anonymous_over_tls(&cert, "P");
    let ((code, text), _) = raw.retr_over_a_botched_handshake(true);
    assert_eq!(code, 522, "the failed handshake is answered: {text}");
    drop(raw);
    // The server still serves.
    let mut again = Raw::connect(addr).anonymous_over_tls(&cert, "C");
    assert_eq!(again.cmd("EPSV").0, 521, "--tls required: no plain data connection");
    drop(again);
    let (_, log) = server.stop();
    assert!(!log.contains("panicked") && !log.contains("stack backtrace"), "{log}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_with_130_and_removes_unfinished_uploads() {
    let dir = pub_dir();
    let (server, addr) = serve(dir.path(), &["--write"], &[]);
    let mut raw = Raw::anonymous(addr);
    let mut data = raw.data();
    assert_eq!(raw.cmd("STOR half.bin").0, 150);
    data.write_all(&noise(1 << 20, 9)).unwrap();
    let temp_exists = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().starts_with(".nt-upload-"))
    };
    super::server::wait_for("the upload's temporary file", LIMIT, temp_exists);
    // SAFETY: sending SIGINT to our own child process by its id.
    unsafe { libc::kill(server.id() as i32, libc::SIGINT) };
    let (status, _, err) = server.finish();
    assert_eq!(shell_status(status), Some(130), "{err}");
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(libc::SIGINT), "a death by SIGINT: {err}");
    assert!(!temp_exists(), "the unfinished upload is removed");
    assert!(!dir.path().join("half.bin").exists(), "no truncated file under the final name");
}

#[test]
fn json_logs_one_object_per_command() {
    let dir = pub_dir();
    let (server, addr) = serve(dir.path(), &["--json"], &[]);
    let mut raw = Raw::connect(addr);
    raw.login("anonymous", "guest@");
    assert_eq!(raw.read_data("RETR a.txt"), Ok(b"hello\n".to_vec()));
    assert_eq!(raw.cmd("QUIT").0, 221);
    let (_, log) = server.stop();
    let events: Vec<serde_json::Value> = log
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let retr = events.iter().find(|e| e["command"] == "RETR").expect("a RETR line");
    assert_eq!(retr["arg"], "a.txt");
    assert_eq!(retr["code"], 226);
    assert_eq!(retr["bytes"], 6);
    assert_eq!(retr["user"], "anonymous");
    assert!(retr["peer"].as_str().unwrap().starts_with("127.0.0.1:"));
    let pass = events.iter().find(|e| e["command"] == "PASS").expect("a PASS line");
    assert_eq!(pass["arg"], "***");
    assert!(events.iter().any(|e| e["event"] == "connect"));
    assert!(!log.contains("guest@"), "{log}");
}

#[test]
fn bad_settings_fail_before_listening() {
    let dir = pub_dir();
    let d = dir.path().to_str().unwrap();
    for (args, code, needle) in [
        (vec!["--pin", "00"], 2, "--pin is a client flag"),
        (vec!["--active"], 2, "--active is a client flag"),
        (vec!["--host", "ftp://x"], 2, "--host is a client flag"),
        (vec!["--tls"], 2, "--tls needs --cert"),
        (vec!["--tls", "off", "--self-signed"], 2, "contradict"),
        (vec!["--passive-ports", "9-3"], 2, "invalid port range"),
        (vec!["--idle", "0s"], 2, "--idle"),
        (vec!["--user", "bob"], 2, "needs a password"),
    ] {
        let mut cmd = nt();
        cmd.args(["ftp", "serve", d, "127.0.0.1:0"]).args(&args);
        let (status, _, err) = run(cmd, Vec::new());
        assert_eq!(shell_status(status), Some(code), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    let mut cmd = nt();
    cmd.args(["ftp", "serve", "/no/such/dir"]);
    let out = cmd.output().unwrap();
    crate::common::assert_error(&out, 3, "cannot serve /no/such/dir");
    let (busy, addr) = serve(dir.path(), &[], &[]);
    let mut cmd = nt();
    cmd.args(["ftp", "serve", d, &addr.to_string()]);
    let out = cmd.output().unwrap();
    crate::common::assert_error(&out, 4, "cannot listen on");
    drop(busy);
}
