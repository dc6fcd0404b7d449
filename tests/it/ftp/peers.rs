//! nt ftp against system servers and tools, each started by the test with a config of its
//! own on loopback: Debian's stock pure-ftpd (AUTH TLS listed, then refused), vsftpd (NLST
//! prefixes names), dante (SOCKS5) and tinyproxy (HTTP CONNECT) carrying the control and
//! data connections, and lftp and curl as cross-checks of what nt moved.
//!
//! These tests are `#[ignore]`d with the package to install and run by `cargo test --
//! --include-ignored`; vsftpd is found through `NT_TEST_VSFTPD`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::server::FtpServer;
use super::{PW, hash_file, nt_as_alice, ok, run};
use crate::common::{
    Home, Proxy, assert_error, noise, python, sha256_hex, start_quiet, stderr_text,
};

#[cfg(unix)]
#[test]
#[ignore = "needs pure-ftpd: apt-get install pure-ftpd"]
fn stock_pure_ftpd_refusing_auth_tls_is_used_in_plain_text_under_auto() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("f.txt"), b"hello").unwrap();
    // A crypt(3) SHA-512 hash: pure-ftpd's own argon2 hashes cost seconds per login.
    let hash =
        Command::new("openssl").args(["passwd", "-6", "-salt", "ntsalt00", PW]).output().unwrap();
    let hash = String::from_utf8(hash.stdout).unwrap();
    let line = format!("alice:{}:65534:65534::{}/./::::::::::::\n", hash.trim(), root.display());
    std::fs::write(dir.path().join("passwd"), line).unwrap();
    let made = Command::new("pure-pw")
        .args(["mkdb", &dir.path().join("pdb").to_string_lossy(), "-f"])
        .arg(dir.path().join("passwd"))
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::chown(&root, Some(65534), Some(65534)).unwrap();
    std::os::unix::fs::chown(root.join("f.txt"), Some(65534), Some(65534)).unwrap();
    let (_server, port) = start_quiet("pure-ftpd", |port| {
        let mut cmd = Command::new("pure-ftpd");
        cmd.arg("-l").arg(format!("puredb:{}", dir.path().join("pdb").display()));
        cmd.args(["-S", &format!("127.0.0.1,{port}"), "-u", "1", "-E"]);
        cmd
    });
    let home = Home::new();
    let url = format!("ftp://127.0.0.1:{port}/");
    let out = run(nt_as_alice(&home).args(["ftp", "ls", &url]));
    assert_eq!(ok(&out), "f.txt\n");
    let err = stderr_text(&out);
    assert!(err.contains("lists AUTH TLS but refused it"), "{err}");
    assert!(err.contains("goes over the network in clear text"), "{err}");
    let out = run(nt_as_alice(&home).args(["ftp", "--tls", "required", "ls", &url]));
    assert_error(&out, 5, "refused it");
}

/// vsftpd: `$NT_TEST_VSFTPD`, else the copy unpacked beside the main tree.
fn vsftpd() -> PathBuf {
    let path = std::env::var_os("NT_TEST_VSFTPD")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/main/target/system/vsftpd/usr/sbin/vsftpd"));
    assert!(path.is_file(), "vsftpd not found at {} (set NT_TEST_VSFTPD)", path.display());
    path
}

#[test]
#[ignore = "needs vsftpd: set NT_TEST_VSFTPD (apt-get download vsftpd; dpkg-deb -x)"]
fn ls_names_are_relative_to_the_listed_directory_on_vsftpd() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    std::fs::create_dir_all(root.join("pub")).unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    std::fs::write(root.join("pub/big.bin"), noise(200_000, 41)).unwrap();
    std::fs::write(root.join("pub/small.txt"), b"x").unwrap();
    let (_server, port) = start_quiet("vsftpd", |port| {
        let conf = format!(
            "listen=YES\nlisten_address=127.0.0.1\nlisten_port={port}\nbackground=NO\n\
             anonymous_enable=YES\nno_anon_password=YES\nanon_root={}\nlocal_enable=NO\n\
             write_enable=NO\nsecure_chroot_dir={}\nftp_username=nobody\nseccomp_sandbox=NO\n\
             run_as_launching_user=YES\n",
            root.display(),
            dir.path().join("empty").display()
        );
        std::fs::write(dir.path().join("vsftpd.conf"), conf).unwrap();
        let mut cmd = Command::new(vsftpd());
        cmd.arg(dir.path().join("vsftpd.conf"));
        cmd
    });
    let home = Home::new();
    let url = format!("ftp://127.0.0.1:{port}/pub");
    assert_eq!(ok(&run(home.nt().args(["ftp", "ls", &url]))), "big.bin\nsmall.txt\n");
    ok(&run(home.nt().current_dir(home.path()).args(["ftp", "get", &format!("{url}/big.bin")])));
    assert_eq!(hash_file(&home.path().join("big.bin")), sha256_hex(&noise(200_000, 41)));
}

fn through_proxy(proxy: &str, srv: &FtpServer) {
    let home = Home::new();
    let data = noise(300_000, 43);
    std::fs::write(srv.root.join("p.bin"), &data).unwrap();
    let out = run(nt_as_alice(&home).args([
        "-v",
        "ftp",
        "--proxy",
        proxy,
        "get",
        &format!("{}/p.bin", srv.url()),
    ]));
    ok(&out);
    assert!(stderr_text(&out).contains("connected to the proxy"), "{}", stderr_text(&out));
    assert_eq!(hash_file(&home.path().join("p.bin")), sha256_hex(&data));
}

#[test]
#[ignore = "needs dante-server and tinyproxy: apt-get install dante-server tinyproxy"]
fn control_and_data_connections_go_through_socks5_and_http_proxies() {
    let srv = FtpServer::start();
    let dante = Proxy::dante("none");
    through_proxy(&dante.url("socks5"), &srv);
    let tinyproxy = Proxy::tinyproxy();
    through_proxy(&tinyproxy.url("http"), &srv);
}

fn files_under(root: &Path) -> Vec<(String, String)> {
    let mut all = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                all.push((rel, hash_file(&path)));
            }
        }
    }
    all.sort();
    all
}

#[test]
#[ignore = "needs lftp and curl: apt-get install lftp curl"]
fn mirror_matches_lftp_and_an_upload_matches_curl() {
    let srv = FtpServer::start();
    let tree = srv.root.join("d");
    std::fs::create_dir_all(tree.join("a/b")).unwrap();
    for (i, path) in ["x.bin", "a/y.bin", "a/b/z.bin", "a/b/w.txt"].iter().enumerate() {
        std::fs::write(tree.join(path), noise(50_000 + i * 7, i as u64)).unwrap();
    }
    let home = Home::new();
    ok(&run(nt_as_alice(&home).args([
        "ftp",
        "mirror",
        "-P",
        "2",
        &format!("{}/d", srv.url()),
        "by-nt",
    ])));
    let script = "set net:max-retries 1; mirror -P 2 d by-lftp; quit";
    let lftp = Command::new("lftp")
        .args(["-u", &format!("alice,{PW}"), "-e", script, &srv.url()])
        .current_dir(home.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(lftp.status.success(), "{}", String::from_utf8_lossy(&lftp.stderr));
    let by_nt = files_under(&home.path().join("by-nt"));
    assert_eq!(by_nt.len(), 4);
    assert_eq!(by_nt, files_under(&home.path().join("by-lftp")));
    // What nt uploads, curl downloads byte for byte.
    let data = noise(500_000, 47);
    std::fs::write(home.path().join("up.bin"), &data).unwrap();
    ok(&run(nt_as_alice(&home).args(["ftp", "--host", &srv.url(), "put", "up.bin"])));
    let curl = Command::new("curl")
        .args(["-s", "--user", &format!("alice:{PW}"), &format!("{}/up.bin", srv.url())])
        .output()
        .unwrap();
    assert!(curl.status.success());
    assert_eq!(sha256_hex(&curl.stdout), sha256_hex(&data));
}

/// pyftpdlib, the Python FTP server: put, ls and get, byte for byte both ways.
#[test]
#[ignore = "needs pyftpdlib: python3 -m pip install --target target/py pyftpdlib"]
fn put_ls_and_get_against_pyftpdlib() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, port) = start_quiet("pyftpdlib", |port| {
        let mut cmd = python();
        cmd.args(["-m", "pyftpdlib", "-i", "127.0.0.1", "-p", &port.to_string(), "-w"]);
        cmd.args(["-u", "alice", "-P", PW, "-d"]).arg(dir.path());
        cmd
    });
    let home = Home::new();
    let url = format!("ftp://127.0.0.1:{port}");
    let data = noise(3 << 20, 48);
    std::fs::write(home.path().join("up.bin"), &data).unwrap();
    ok(&run(nt_as_alice(&home).args(["ftp", "--host", &url, "put", "up.bin"])));
    assert_eq!(sha256_hex(&std::fs::read(dir.path().join("up.bin")).unwrap()), sha256_hex(&data));
    assert_eq!(ok(&run(nt_as_alice(&home).args(["ftp", "ls", &format!("{url}/")]))), "up.bin\n");
    ok(&run(nt_as_alice(&home).args(["ftp", "get", &format!("{url}/up.bin"), "back.bin"])));
    let back = std::fs::read(home.path().join("back.bin")).unwrap();
    assert_eq!(sha256_hex(&back), sha256_hex(&data));
}
