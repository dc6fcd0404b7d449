//! nt ftp against a real FTP server (libunftp on 127.0.0.1): transfers checked by hash,
//! listings, file operations, recursion, resume, credentials, FTPS, and every error exit.

mod fake;
mod hostile;
mod local;
mod many;
mod peers;
mod serve;
mod server;

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use self::server::{Cert, FtpServer, Options, TlsFront, wait_for};
use crate::common::{
    ClosedPort, Home, assert_error, noise, sha256_hex, status_within, stderr_text, stdout_text,
};

const PW: &str = "s3cret-pw";

fn hash_file(path: &Path) -> String {
    sha256_hex(&std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display())))
}

/// `nt` as alice (password from the environment), run in `home`, with a time limit.
fn nt_as_alice(home: &Home) -> Command {
    let mut cmd = home.nt();
    cmd.env("NT_FTP_PASSWORD", PW).env("NT_FTP_USER", "alice").current_dir(home.path());
    cmd
}

/// Run with a deadline: a hung client fails the test instead of hanging CI.
fn run(cmd: &mut Command) -> Output {
    let child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn nt");
    finish(child, Duration::from_secs(30))
}

fn finish(mut child: Child, limit: Duration) -> Output {
    if status_within(&mut child, limit).is_none() {
        let _ = child.kill();
        let out = child.wait_with_output().expect("output");
        panic!("nt did not finish in {limit:?}; stderr: {}", stderr_text(&out));
    }
    child.wait_with_output().expect("output")
}

fn ok(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr_text(out));
    stdout_text(out)
}

#[test]
fn put_then_get_round_trips_binary_files_by_hash() {
    let srv = FtpServer::start();
    let home = Home::new();
    let url = srv.url();
    let files: [(&str, Vec<u8>); 3] = [
        ("big.bin", noise(3 << 20, 1)),
        ("empty.bin", Vec::new()),
        ("lines.txt", b"one\ntwo\r\nthree\n\x00\xff".to_vec()),
    ];
    for (name, data) in &files {
        std::fs::write(home.path().join(name), data).unwrap();
        let out = run(nt_as_alice(&home).args(["--json", "ftp", "--host", &url, "put", name]));
        let doc: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
        assert_eq!(doc["bytes"], data.len() as u64);
        assert_eq!(doc["verified"], true);
        assert!(doc["seconds"].is_number() && doc["rate"].is_number());
        assert_eq!(hash_file(&srv.root.join(name)), sha256_hex(data), "{name} on the server");
    }
    for (name, data) in &files {
        let local = format!("copy-{name}");
        let out = run(nt_as_alice(&home).args(["ftp", "get", &format!("{url}/{name}"), &local]));
        ok(&out);
        assert!(stderr_text(&out).contains("got "), "{}", stderr_text(&out));
        assert_eq!(hash_file(&home.path().join(&local)), sha256_hex(data), "{name} downloaded");
        assert!(!home.path().join(format!("{local}.part")).exists());
    }
    let out = run(nt_as_alice(&home).args(["ftp", "--host", &url, "cat", "lines.txt"]));
    assert_eq!(out.stdout, files[2].1);
}

#[test]
fn listing_plain_long_and_json() {
    let srv = FtpServer::start();
    std::fs::create_dir(srv.root.join("sub")).unwrap();
    std::fs::write(srv.root.join("b.txt"), b"12345").unwrap();
    std::fs::write(srv.root.join("a.txt"), b"1").unwrap();
    let home = Home::new();
    let out = run(nt_as_alice(&home).args(["ftp", "ls", &srv.url()]));
    assert_eq!(ok(&out), "a.txt\nb.txt\nsub\n");
    let out = run(nt_as_alice(&home).args(["ftp", "--host", &srv.url(), "ls", "-l"]));
    let text = ok(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[1].starts_with("-            5  20") && lines[1].ends_with("  b.txt"), "{text}");
    assert!(lines[2].starts_with("d            -  ") && lines[2].ends_with("  sub"), "{text}");
    let out = run(nt_as_alice(&home).args(["--json", "ftp", "--host", &srv.url(), "ls", "-l"]));
    let entries: Vec<serde_json::Value> = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(entries[1]["name"], "b.txt");
    assert_eq!(entries[1]["type"], "file");
    assert_eq!(entries[1]["size"], 5);
    assert!(entries[1]["modified"].as_str().unwrap().ends_with('Z'));
    assert_eq!(entries[2]["type"], "dir");
}

#[test]
fn rename_delete_mkdir_rmdir_and_pwd() {
    let srv = FtpServer::start();
    std::fs::create_dir(srv.root.join("pub")).unwrap();
    std::fs::write(srv.root.join("pub/draft.txt"), b"x").unwrap();
    std::fs::write(srv.root.join("pub/old.log"), b"x").unwrap();
    let home = Home::new();
    let base = format!("{}/pub", srv.url());
    let nt = |args: &[&str]| {
        let mut cmd = nt_as_alice(&home);
        cmd.args(["ftp", "--host", &base]).args(args);
        run(&mut cmd)
    };
    assert_eq!(ok(&nt(&["pwd"])), "/pub\n");
    ok(&nt(&["mv", "draft.txt", "final.txt"]));
    assert!(srv.root.join("pub/final.txt").exists() && !srv.root.join("pub/draft.txt").exists());
    ok(&nt(&["rm", "old.log", "final.txt"]));
    assert!(!srv.root.join("pub/old.log").exists() && !srv.root.join("pub/final.txt").exists());
    ok(&nt(&["mkdir", "-p", "a/b/c"]));
    assert!(srv.root.join("pub/a/b/c").is_dir());
    ok(&nt(&["mkdir", "-p", "a/b/c"]));
    ok(&nt(&["rmdir", "a/b/c"]));
    assert!(!srv.root.join("pub/a/b/c").exists());
    let out = nt(&["mkdir", "a"]);
    assert_error(&out, 6, "cannot create directory a");
    let out = nt(&["rmdir", "nope"]);
    assert_error(&out, 6, "server replied: 550");
    let out = run(nt_as_alice(&home).args(["--json", "ftp", "--host", &base, "pwd"]));
    let doc: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(doc["cwd"], "/pub");
}

#[test]
fn recursive_put_and_get_copy_a_tree() {
    let srv = FtpServer::start();
    let home = Home::new();
    let tree = home.path().join("site");
    std::fs::create_dir_all(tree.join("img/icons")).unwrap();
    std::fs::create_dir_all(tree.join("empty")).unwrap();
    let files = [("index.html", 10_000, 2), ("img/a.png", 300_000, 3), ("img/icons/b.ico", 777, 4)];
    for (path, len, seed) in files {
        std::fs::write(tree.join(path), noise(len, seed)).unwrap();
    }
    let out = run(nt_as_alice(&home).args([
        "--json",
        "ftp",
        "--host",
        &srv.url(),
        "put",
        "-r",
        "site",
        "www/site",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(doc["files"], 3);
    for (path, len, seed) in files {
        assert_eq!(hash_file(&srv.root.join("www/site").join(path)), sha256_hex(&noise(len, seed)));
    }
    assert!(srv.root.join("www/site/empty").is_dir());
    let out = run(nt_as_alice(&home).args([
        "ftp",
        "get",
        "-r",
        &format!("{}/www/site", srv.url()),
        "back",
    ]));
    ok(&out);
    for (path, len, seed) in files {
        assert_eq!(hash_file(&home.path().join("back").join(path)), sha256_hex(&noise(len, seed)));
    }
    assert!(home.path().join("back/empty").is_dir());
}

#[test]
fn continue_resumes_from_the_part_file() {
    let srv = FtpServer::start();
    let data = noise(2 << 20, 5);
    std::fs::write(srv.root.join("big.iso"), &data).unwrap();
    let home = Home::new();
    std::fs::write(home.path().join("big.iso.part"), &data[..700_000]).unwrap();
    let out = run(nt_as_alice(&home).args([
        "--json",
        "ftp",
        "get",
        "-c",
        &format!("{}/big.iso", srv.url()),
    ]));
    let doc: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(doc["resumed_from"], 700_000);
    assert_eq!(doc["bytes"], data.len() as u64 - 700_000);
    assert_eq!(hash_file(&home.path().join("big.iso")), sha256_hex(&data));
    assert!(!home.path().join("big.iso.part").exists());
}

#[test]
fn credentials_from_env_netrc_config_profile_and_url() {
    let srv = FtpServer::start();
    std::fs::write(srv.root.join("f.txt"), b"hello").unwrap();
    let home = Home::new();
    let cat = |cmd: &mut Command| {
        let out = run(cmd.current_dir(home.path()));
        assert_eq!(ok(&out), "hello", "stderr: {}", stderr_text(&out));
    };
    // Environment.
    cat(home.nt().env("NT_FTP_PASSWORD", PW).args([
        "ftp",
        "cat",
        &format!("ftp://alice@127.0.0.1:{}/f.txt", srv.port),
    ]));
    // netrc gives both login and password.
    std::fs::write(
        home.path().join(".netrc"),
        format!("machine 127.0.0.1 login alice password {PW}\n"),
    )
    .unwrap();
    cat(home.nt().args(["ftp", "--host", &srv.url(), "cat", "f.txt"]));
    std::fs::remove_file(home.path().join(".netrc")).unwrap();
    // Config default url + user + password_command: `nt ftp cat f.txt` with nothing else.
    home.config(&format!(
        "[ftp]\nurl = \"{}\"\nuser = \"alice\"\npassword_command = \"echo {PW}\"\n\
         [profile.other.ftp]\nurl = \"ftp://127.0.0.1:1/\"\n",
        srv.url()
    ));
    cat(home.nt().args(["ftp", "cat", "f.txt"]));
    // A profile overrides the default: an unreachable port.
    let out = run(home.nt().args(["--profile", "other", "ftp", "cat", "f.txt"]));
    assert_error(&out, 4, "cannot connect to 127.0.0.1:1");
    // Anonymous login when nothing names a user.
    home.config("");
    cat(home.nt().args(["ftp", "--host", &srv.url(), "cat", "f.txt"]));
}

#[test]
fn wrong_password_is_exit_5_and_never_echoed() {
    let srv = FtpServer::start();
    let home = Home::new();
    let out = run(home.nt().env("NT_FTP_PASSWORD", "wrong-horse").args([
        "-v",
        "ftp",
        "--user",
        "alice",
        "--host",
        &srv.url(),
        "ls",
    ]));
    assert_error(&out, 5, "login as 'alice' rejected");
    let all = format!("{}{}", stdout_text(&out), stderr_text(&out));
    assert!(!all.contains("wrong-horse"), "password leaked: {all}");
    // No password anywhere (and no terminal to ask on): a hint says where to put one.
    let out = run(home.nt().args([
        "ftp",
        "--host",
        &format!("ftp://alice@127.0.0.1:{}", srv.port),
        "ls",
    ]));
    assert_error(&out, 5, "hint: no password found");
    // JSON mode: the error is a JSON object on stderr.
    let out = run(home.nt().env("NT_FTP_PASSWORD", "nope").args([
        "--json",
        "ftp",
        "--user",
        "alice",
        "ls",
        &srv.url(),
    ]));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!((err["kind"].as_str(), err["exit"].as_u64()), (Some("auth"), Some(5)));
    let out = run(home.nt().args(["ftp", "ls", "ftp://bob:hunter2@127.0.0.1/"]));
    assert_error(&out, 2, "a password in the URL is not accepted");
    assert!(!stderr_text(&out).contains("hunter2"));
}

#[test]
fn missing_files_and_unreachable_hosts_have_their_exit_codes() {
    let srv = FtpServer::start();
    let home = Home::new();
    // Missing remote file: 6, and nothing local (neither the file nor a .part).
    let out = run(nt_as_alice(&home).args(["ftp", "get", &format!("{}/nope.bin", srv.url())]));
    assert_error(&out, 6, "cannot download nope.bin");
    assert!(!home.path().join("nope.bin").exists() && !home.path().join("nope.bin.part").exists());
    // Missing local file: 3 before connecting (port 1 is never tried).
    let out =
        run(nt_as_alice(&home).args(["ftp", "--host", "ftp://127.0.0.1:1", "put", "no-such-file"]));
    assert_error(&out, 3, "cannot read no-such-file");
    // Refused and unresolvable hosts: 4.
    let closed = ClosedPort::new();
    let out = run(nt_as_alice(&home).args(["ftp", "--host", &closed.addr(), "ls"]));
    assert_error(&out, 4, "cannot connect");
    let out = run(nt_as_alice(&home).args(["ftp", "ls", "ftp://no-such-host.invalid/"]));
    assert_error(&out, 4, "no-such-host.invalid");
    // No server anywhere: usage.
    let out = run(nt_as_alice(&home).args(["ftp", "ls"]));
    assert_error(&out, 2, "no FTP server given");
    // Other refusals: 6 with the server's reply.
    let out = run(nt_as_alice(&home).args(["ftp", "--host", &srv.url(), "rm", "ghost.txt"]));
    assert_error(&out, 6, "server replied: 550");
}

fn tls_server(cert: &Cert, required: bool) -> FtpServer {
    FtpServer::with(Options {
        tls: Some((cert.cert.clone(), cert.key.clone())),
        tls_required: required,
        ..Options::default()
    })
}

#[test]
fn explicit_ftps_verifies_the_certificate() {
    let cert = Cert::new();
    let srv = tls_server(&cert, true);
    let home = Home::new();
    let data = noise(500_000, 9);
    std::fs::write(home.path().join("s.bin"), &data).unwrap();
    // Trusted through SSL_CERT_FILE, TLS required: upload and download.
    let mut cmd = nt_as_alice(&home);
    cmd.env("SSL_CERT_FILE", &cert.cert).args([
        "-v",
        "ftp",
        "--tls",
        "required",
        "--host",
        &srv.url(),
        "put",
        "s.bin",
    ]);
    let out = run(&mut cmd);
    ok(&out);
    assert!(stderr_text(&out).contains("TLS: explicit"), "{}", stderr_text(&out));
    assert_eq!(hash_file(&srv.root.join("s.bin")), sha256_hex(&data));
    let url = format!("{}/s.bin", srv.url());
    ok(&run(nt_as_alice(&home).args([
        "ftp",
        "--pin",
        &cert.fingerprint(),
        "get",
        &url,
        "back.bin",
    ])));
    assert_eq!(hash_file(&home.path().join("back.bin")), sha256_hex(&data));
    // Untrusted: exit 5 with the fingerprint to pin.
    let out = run(nt_as_alice(&home).args(["ftp", "ls", &srv.url()]));
    assert_error(&out, 5, &cert.fingerprint());
    // --insecure skips verification.
    ok(&run(nt_as_alice(&home).args(["ftp", "--insecure", "ls", &srv.url()])));
}

#[test]
fn tls_required_against_a_plain_server_is_exit_5() {
    let srv = FtpServer::start();
    let home = Home::new();
    let out = run(nt_as_alice(&home).args(["ftp", "--tls", "required", "ls", &srv.url()]));
    assert_error(&out, 5, "does not offer TLS");
    // The same through the config's `tls`.
    home.config("[ftp]\ntls = \"required\"\n");
    let out = run(nt_as_alice(&home).args(["ftp", "ls", &srv.url()]));
    assert_error(&out, 5, "does not offer TLS");
}

#[test]
fn implicit_ftps_through_a_tls_front() {
    let cert = Cert::new();
    let srv = tls_server(&cert, false);
    let front = TlsFront::start(&cert, srv.port);
    let home = Home::new();
    let data = noise(400_000, 11);
    std::fs::write(srv.root.join("i.bin"), &data).unwrap();
    let url = format!("ftps://127.0.0.1:{}/i.bin", front.port);
    let mut cmd = nt_as_alice(&home);
    cmd.env("SSL_CERT_FILE", &cert.cert).args(["-v", "ftp", "get", &url]);
    let out = run(&mut cmd);
    ok(&out);
    assert!(stderr_text(&out).contains("TLS: implicit"), "{}", stderr_text(&out));
    assert_eq!(hash_file(&home.path().join("i.bin")), sha256_hex(&data));
    // ftps:// against a plain FTP port: the TLS handshake fails, exit 5.
    let plain = FtpServer::start();
    let out =
        run(nt_as_alice(&home).args(["ftp", "ls", &format!("ftps://127.0.0.1:{}/", plain.port)]));
    assert_eq!(out.status.code(), Some(5), "{}", stderr_text(&out));
}

#[test]
fn active_mode_transfers() {
    let srv = FtpServer::with(Options { active: true, ..Options::default() });
    let home = Home::new();
    let data = noise(1 << 20, 13);
    std::fs::write(home.path().join("a.bin"), &data).unwrap();
    ok(&run(nt_as_alice(&home).args(["ftp", "--active", "--host", &srv.url(), "put", "a.bin"])));
    ok(&run(nt_as_alice(&home).args([
        "ftp",
        "--active",
        "--host",
        &srv.url(),
        "get",
        "a.bin",
        "b.bin",
    ])));
    assert_eq!(hash_file(&home.path().join("b.bin")), sha256_hex(&data));
}

fn slow_server(root: &Path, port: Option<u16>) -> FtpServer {
    FtpServer::with(Options {
        slow: Some(64 * 1024),
        root: Some(root.to_path_buf()),
        port,
        ..Options::default()
    })
}

fn part_has_data(path: &Path) -> bool {
    std::fs::metadata(path).map(|m| m.len() > 0).unwrap_or(false)
}

#[test]
fn server_dying_mid_transfer_keeps_the_part_for_continue() {
    let root = tempfile::tempdir().unwrap();
    let data = noise(8 << 20, 17);
    std::fs::write(root.path().join("big.bin"), &data).unwrap();
    let mut srv = slow_server(root.path(), None);
    let home = Home::new();
    let url = format!("{}/big.bin", srv.url());
    let child = nt_as_alice(&home)
        .args(["ftp", "get", &url])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let part = home.path().join("big.bin.part");
    wait_for("a partial download", Duration::from_secs(10), || part_has_data(&part));
    srv.kill();
    let out = finish(child, Duration::from_secs(20));
    assert_error(&out, 4, "big.bin");
    assert!(stderr_text(&out).contains("nt ftp get -c"), "{}", stderr_text(&out));
    assert!(!home.path().join("big.bin").exists());
    let kept = std::fs::metadata(&part).unwrap().len();
    assert!(kept > 0 && kept < data.len() as u64);
    // The server is back (fast now): --continue finishes it.
    let srv =
        FtpServer::with(Options { root: Some(root.path().to_path_buf()), ..Options::default() });
    let out = run(nt_as_alice(&home).args([
        "--json",
        "ftp",
        "get",
        "-c",
        &format!("{}/big.bin", srv.url()),
    ]));
    let doc: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(doc["resumed_from"], kept);
    assert_eq!(hash_file(&home.path().join("big.bin")), sha256_hex(&data));
}

#[test]
fn retries_reconnect_and_resume() {
    let root = tempfile::tempdir().unwrap();
    let data = noise(6 << 20, 19);
    std::fs::write(root.path().join("r.bin"), &data).unwrap();
    let mut srv = slow_server(root.path(), None);
    let port = srv.port;
    let home = Home::new();
    let url = format!("{}/r.bin", srv.url());
    let child = nt_as_alice(&home)
        .args(["ftp", "--retries", "3", "get", &url])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let part = home.path().join("r.bin.part");
    wait_for("a partial download", Duration::from_secs(10), || part_has_data(&part));
    restart_and_expect_a_retry(&mut srv, port, root.path(), child);
    assert_eq!(hash_file(&home.path().join("r.bin")), sha256_hex(&data));
}

/// Kill the server mid-transfer, start it again on the same port over the same root, and
/// check that `--retries` reconnected and the command succeeded.
fn restart_and_expect_a_retry(srv: &mut FtpServer, port: u16, root: &Path, child: Child) {
    srv.kill();
    let _back = FtpServer::with(Options {
        root: Some(root.to_path_buf()),
        port: Some(port),
        ..Options::default()
    });
    let out = finish(child, Duration::from_secs(30));
    ok(&out);
    assert!(stderr_text(&out).contains("retry 1/3"), "{}", stderr_text(&out));
}

#[cfg(unix)]
#[test]
fn ctrl_c_leaves_no_final_file_and_exits_130() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("c.bin"), noise(8 << 20, 23)).unwrap();
    let srv = slow_server(root.path(), None);
    let home = Home::new();
    let child = nt_as_alice(&home)
        .args(["ftp", "get", &format!("{}/c.bin", srv.url())])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let part = home.path().join("c.bin.part");
    wait_for("a partial download", Duration::from_secs(10), || part_has_data(&part));
    // SAFETY: sending SIGINT to our own child process by its id.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = finish(child, Duration::from_secs(10));
    assert_error(&out, 130, "interrupted");
    assert!(!home.path().join("c.bin").exists());
    assert!(part_has_data(&part));
}

#[test]
fn bad_local_paths_and_settings_fail_before_connecting() {
    let home = Home::new();
    std::fs::create_dir(home.path().join("dir")).unwrap();
    std::fs::write(home.path().join("file.txt"), b"x").unwrap();
    // Port 1 has no server: each error below must come before any connection attempt.
    let nt = |args: &[&str]| {
        let mut cmd = nt_as_alice(&home);
        cmd.args(["ftp", "--host", "ftp://127.0.0.1:1/"]).args(args);
        run(&mut cmd)
    };
    assert_error(&nt(&["put", "dir"]), 3, "dir is a directory");
    assert_error(&nt(&["put", "-r", "file.txt"]), 2, "is not a directory");
    assert_error(&nt(&["get", "x.bin", "no/such/dir/x.bin"]), 3, "no such directory");
    assert_error(&nt(&["--pin", "abcd", "ls"]), 2, "invalid --pin");
    assert_error(&nt(&["get", "ftp://127.0.0.1:1/"]), 2, "names no file");
    assert_eq!(nt(&["--timeout", "soon", "ls"]).status.code(), Some(2));
    home.config("[ftp]\ntls = \"maybe\"\n");
    assert_error(&nt(&["ls"]), 2, "expected one of `auto`, `required`, `off`");
}

#[cfg(unix)]
#[test]
fn upload_retries_resume_with_rest_and_ctrl_c_stops_an_upload() {
    let root = tempfile::tempdir().unwrap();
    let home = Home::new();
    let data = noise(6 << 20, 29);
    std::fs::write(home.path().join("up.bin"), &data).unwrap();
    let mut srv = slow_server(root.path(), None);
    let port = srv.port;
    let remote = root.path().join("up.bin");
    let child = nt_as_alice(&home)
        .args(["ftp", "--retries", "3", "--host", &srv.url(), "put", "up.bin"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for("a partial upload", Duration::from_secs(10), || part_has_data(&remote));
    restart_and_expect_a_retry(&mut srv, port, root.path(), child);
    assert_eq!(hash_file(&remote), sha256_hex(&data));

    // Ctrl-C in the middle of an upload: exit 130.
    let srv = slow_server(root.path(), None);
    let child = nt_as_alice(&home)
        .args(["ftp", "--host", &srv.url(), "put", "up.bin", "again.bin"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for("a partial upload", Duration::from_secs(10), || {
        part_has_data(&root.path().join("again.bin"))
    });
    // SAFETY: sending SIGINT to our own child process by its id.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = finish(child, Duration::from_secs(10));
    assert_error(&out, 130, "interrupted: upload of up.bin stopped");
}
