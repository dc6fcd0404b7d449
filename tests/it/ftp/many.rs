//! nt ftp with many files against libunftp: patterns on both sides, skipped names in
//! `put -r`, mirror both ways (only changes move, `--delete`, `--parallel`), `--limit-rate`,
//! the `-vv` trace, usage errors that must be exit 2, and the local-side rules of `get`.

#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::time::{Duration, Instant, UNIX_EPOCH};

use super::server::{Cert, FtpServer, Options};
use super::{PW, hash_file, nt_as_alice, ok, run};
use crate::common::{Home, assert_error, noise, sha256_hex, stderr_text};

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).expect("one JSON document")
}

#[test]
fn patterns_download_and_upload_several_files() {
    let srv = FtpServer::start();
    std::fs::create_dir(srv.root.join("pub")).unwrap();
    for (name, seed) in [("a.png", 1), ("b.png", 2), ("c.txt", 3)] {
        std::fs::write(srv.root.join("pub").join(name), noise(70_000, seed)).unwrap();
    }
    let home = Home::new();
    std::fs::create_dir(home.path().join("img")).unwrap();
    let pattern = format!("{}/pub/*.png", srv.url());
    let doc = json(&run(nt_as_alice(&home).args(["--json", "ftp", "get", &pattern, "img"])));
    assert_eq!(doc["files"], 2);
    assert_eq!(hash_file(&home.path().join("img/b.png")), sha256_hex(&noise(70_000, 2)));
    assert!(!home.path().join("img/c.txt").exists());
    // Several local files (as a shell expands *.png) into a remote directory.
    for (name, seed) in [("x1.png", 4), ("x2.png", 5)] {
        std::fs::write(home.path().join(name), noise(5_000, seed)).unwrap();
    }
    ok(&run(nt_as_alice(&home).args([
        "ftp",
        "--host",
        &srv.url(),
        "put",
        "x1.png",
        "x2.png",
        "up/",
    ])));
    assert_eq!(hash_file(&srv.root.join("up/x2.png")), sha256_hex(&noise(5_000, 5)));
    // A quoted pattern is expanded by nt; a name with a line break is skipped and named.
    std::fs::write(home.path().join("bad\nname.png"), b"x").unwrap();
    let out = run(nt_as_alice(&home).args(["ftp", "--host", &srv.url(), "put", "*.png", "up2"]));
    assert_error(&out, 3, "1 entry skipped or failed: bad");
    assert!(srv.root.join("up2/x1.png").is_file() && srv.root.join("up2/x2.png").is_file());
    // With several files, a last argument that is a local file is refused (not overwritten).
    let out = run(nt_as_alice(&home).args([
        "ftp",
        "--host",
        &srv.url(),
        "put",
        "x1.png",
        "img",
        "x2.png",
    ]));
    assert_error(&out, 2, "the last argument is the remote directory");
    let out =
        run(nt_as_alice(&home).args(["ftp", "get", &format!("{}/pub/*.gif", srv.url()), "img"]));
    assert_error(&out, 6, "no remote file matches");
}

#[cfg(unix)]
#[test]
fn put_names_that_cannot_go_to_the_server() {
    let srv = FtpServer::start();
    let home = Home::new();
    let raw = std::ffi::OsStr::from_bytes(b"\xffraw.bin");
    std::fs::write(home.path().join(raw), b"bytes").unwrap();
    let local = home.path().join(raw);
    let local = local.to_str().map(str::to_string);
    assert!(local.is_none(), "the name is not UTF-8");
    let mut cmd = nt_as_alice(&home);
    cmd.args(["ftp", "--host", &srv.url(), "put"]).arg(raw).arg("remote.bin");
    ok(&run(&mut cmd));
    assert_eq!(std::fs::read(srv.root.join("remote.bin")).unwrap(), b"bytes");
    let mut cmd = nt_as_alice(&home);
    cmd.args(["ftp", "--host", &srv.url(), "put"]).arg(raw);
    assert_error(&run(&mut cmd), 2, "no UTF-8 file name");
    // put -r skips them (and a name with a line break), goes on, and names them at the end.
    let site = home.path().join("site");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(site.join("good.txt"), b"good").unwrap();
    std::fs::write(site.join("two\nlines.txt"), b"x").unwrap();
    std::fs::write(site.join(raw), b"x").unwrap();
    let out =
        run(nt_as_alice(&home).args(["ftp", "--host", &srv.url(), "put", "-r", "site", "www"]));
    assert_error(&out, 3, "2 entries skipped or failed");
    assert_eq!(std::fs::read(srv.root.join("www/good.txt")).unwrap(), b"good");
}

fn mtime(path: &Path) -> u64 {
    let m = std::fs::metadata(path).unwrap().modified().unwrap();
    m.duration_since(UNIX_EPOCH).unwrap().as_secs()
}

#[test]
fn mirror_moves_only_changes_and_deletes_on_request() {
    let srv = FtpServer::start();
    let tree = srv.root.join("d");
    std::fs::create_dir_all(tree.join("sub")).unwrap();
    for i in 0..12 {
        std::fs::write(tree.join(format!("f{i}.bin")), noise(10_000 + i * 1000, i as u64)).unwrap();
    }
    std::fs::write(tree.join("sub/s.bin"), noise(3_000, 99)).unwrap();
    let home = Home::new();
    let url = format!("{}/d", srv.url());
    let mirror = |extra: &[&str]| {
        let mut cmd = nt_as_alice(&home);
        cmd.args(["--json", "ftp", "mirror", "--parallel", "3"])
            .args(extra)
            .args([url.as_str(), "copy"]);
        json(&run(&mut cmd))
    };
    let doc = mirror(&[]);
    assert_eq!((doc["files"].as_u64(), doc["unchanged"].as_u64()), (Some(13), Some(0)));
    let copy = home.path().join("copy");
    assert_eq!(hash_file(&copy.join("sub/s.bin")), sha256_hex(&noise(3_000, 99)));
    assert_eq!(mtime(&copy.join("f3.bin")), mtime(&tree.join("f3.bin")));
    let doc = mirror(&[]);
    assert_eq!((doc["files"].as_u64(), doc["unchanged"].as_u64()), (Some(0), Some(13)));
    std::fs::write(tree.join("f1.bin"), b"changed").unwrap();
    std::fs::remove_dir_all(tree.join("sub")).unwrap();
    std::fs::write(copy.join("extra.txt"), b"only here").unwrap();
    let doc = mirror(&["--delete"]);
    assert_eq!((doc["files"].as_u64(), doc["deleted"].as_u64()), (Some(1), Some(3)));
    assert_eq!(std::fs::read(copy.join("f1.bin")).unwrap(), b"changed");
    assert!(!copy.join("sub").exists() && !copy.join("extra.txt").exists());
}

#[test]
fn mirror_reverse_uploads_only_changes() {
    let srv = FtpServer::start();
    let home = Home::new();
    let site = home.path().join("site");
    std::fs::create_dir_all(site.join("img")).unwrap();
    std::fs::write(site.join("index.html"), b"<h1>hi</h1>").unwrap();
    std::fs::write(site.join("img/logo.png"), noise(20_000, 7)).unwrap();
    let target = format!("{}/www", srv.url());
    let mirror = |extra: &[&str]| {
        let mut cmd = nt_as_alice(&home);
        cmd.args(["--json", "ftp", "mirror", "--reverse"])
            .args(extra)
            .args(["site", target.as_str()]);
        json(&run(&mut cmd))
    };
    assert_eq!(mirror(&[])["files"], 2);
    assert_eq!(hash_file(&srv.root.join("www/img/logo.png")), sha256_hex(&noise(20_000, 7)));
    let again = mirror(&[]);
    assert_eq!((again["files"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(2)));
    std::fs::write(srv.root.join("www/stale.txt"), b"x").unwrap();
    std::fs::write(site.join("index.html"), b"<h1>hello</h1>").unwrap();
    let doc = mirror(&["--delete"]);
    assert_eq!((doc["files"].as_u64(), doc["deleted"].as_u64()), (Some(1), Some(1)));
    assert!(!srv.root.join("www/stale.txt").exists());
    assert_eq!(std::fs::read(srv.root.join("www/index.html")).unwrap(), b"<h1>hello</h1>");
}

#[test]
fn limit_rate_slows_a_download() {
    let srv = FtpServer::start();
    let data = noise(1 << 20, 31);
    std::fs::write(srv.root.join("r.bin"), &data).unwrap();
    let home = Home::new();
    let started = Instant::now();
    let url = format!("{}/r.bin", srv.url());
    ok(&run(nt_as_alice(&home).args(["ftp", "--limit-rate", "512KiB/s", "get", &url])));
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(1500), "1 MiB at 512 KiB/s took {took:?}");
    assert_eq!(hash_file(&home.path().join("r.bin")), sha256_hex(&data));
    let out = run(nt_as_alice(&home).args(["ftp", "--limit-rate", "0", "ls", &srv.url()]));
    assert_error(&out, 2, "at least 1 byte per second");
}

#[test]
fn vv_traces_the_dialogue_with_the_password_masked() {
    let srv = FtpServer::start();
    let home = Home::new();
    let out = run(nt_as_alice(&home).args(["-vv", "ftp", "ls", &srv.url()]));
    ok(&out);
    let err = stderr_text(&out);
    for line in ["< 220 nt test server", "> USER alice", "> PASS ***", "> FEAT", "> TYPE I"] {
        assert!(err.lines().any(|l| l.starts_with(line)), "{line:?} in {err}");
    }
    assert!(err.lines().any(|l| l.starts_with("< 230")), "{err}");
    assert!(!err.contains(PW), "password leaked: {err}");
}

#[test]
fn bad_settings_and_local_targets_are_refused_before_connecting() {
    let home = Home::new();
    let nt = |args: &[&str]| {
        let mut cmd = nt_as_alice(&home);
        cmd.args(["ftp", "--host", "ftp://127.0.0.1:1/"]).args(args);
        run(&mut cmd)
    };
    assert_error(&nt(&["--timeout", "0", "ls"]), 2, "must be more than zero");
    assert_error(&nt(&["--user", "bob\r\nDELE x", "ls"]), 2, "control characters");
    let out = run(home.nt().env("NT_FTP_PASSWORD", "pw\nDELE x").args([
        "ftp",
        "--user",
        "bob",
        "--host",
        "ftp://127.0.0.1:1/",
        "ls",
    ]));
    assert_error(&out, 2, "line break");
    assert_error(&nt(&["get", "x.bin", "newdir/"]), 3, "no such directory: newdir/");
    assert!(!home.path().join("newdir.part").exists() && !home.path().join("newdir").exists());
    assert_error(&nt(&["get", "ftp://127.0.0.1:1/a", "ftp://127.0.0.1:1/b"]), 2, "is a URL");
    assert_error(&nt(&["--active", "--proxy", "socks5://127.0.0.1:1", "ls"]), 2, "--active");
    assert_error(&nt(&["mirror", "ftp://127.0.0.1:1/a", "ftp://127.0.0.1:1/b"]), 2, "is a URL");
}

#[test]
fn continue_resumes_an_existing_local_file_and_a_newdir_is_fine_when_it_exists() {
    let srv = FtpServer::start();
    let data = noise(1 << 20, 37);
    std::fs::write(srv.root.join("big.iso"), &data).unwrap();
    let home = Home::new();
    std::fs::write(home.path().join("big.iso"), &data[..300_000]).unwrap();
    let url = format!("{}/big.iso", srv.url());
    let doc = json(&run(nt_as_alice(&home).args(["--json", "ftp", "get", "-c", &url])));
    assert_eq!(doc["resumed_from"], 300_000);
    assert_eq!(hash_file(&home.path().join("big.iso")), sha256_hex(&data));
    std::fs::create_dir(home.path().join("newdir")).unwrap();
    ok(&run(nt_as_alice(&home).args(["ftp", "get", &url, "newdir/"])));
    assert_eq!(hash_file(&home.path().join("newdir/big.iso")), sha256_hex(&data));
}

#[test]
fn an_untrusted_certificate_hints_at_pin_never_at_tls_off() {
    let cert = Cert::new();
    let srv = FtpServer::with(Options {
        tls: Some((cert.cert.clone(), cert.key.clone())),
        ..Options::default()
    });
    let home = Home::new();
    let out = run(nt_as_alice(&home).args(["ftp", "ls", &srv.url()]));
    assert_error(&out, 5, "hint: if you trust this server, pin its certificate: --pin");
    assert!(!stderr_text(&out).contains("--tls off"), "{}", stderr_text(&out));
}
