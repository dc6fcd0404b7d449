//! Where nt ftp writes on the local side, against libunftp: `get REMOTE -` and
//! `/dev/stdout` are stdout; a FIFO, a device and a symlink to either are written in
//! place (never a `.part` renamed over them); and `put A MISSING B DIR/` sends A and B,
//! then fails naming MISSING.

use std::io::Read;
#[cfg(unix)]
use std::os::unix::fs::FileTypeExt;
use std::path::Path;

use super::server::FtpServer;
use super::{nt_as_alice, ok, run};
use crate::common::{Home, assert_error, noise, stderr_text};

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo {}", path.display());
}

/// Read a FIFO to its end on a thread (its open waits for the writer).
fn drain(path: &Path) -> std::thread::JoinHandle<Vec<u8>> {
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let mut got = Vec::new();
        std::fs::File::open(&path).unwrap().read_to_end(&mut got).unwrap();
        got
    })
}

#[test]
fn get_to_dash_and_dev_stdout_writes_stdout_and_no_file() {
    let srv = FtpServer::start();
    // Less than a pipe holds: `run` reads stdout only once nt has exited.
    let data = noise(50_000, 11);
    std::fs::write(srv.root.join("data.bin"), &data).unwrap();
    let home = Home::new();
    let url = format!("{}/data.bin", srv.url());
    for target in ["-", "/dev/stdout"] {
        let out = run(nt_as_alice(&home).args(["ftp", "get", &url, target]));
        assert_eq!(out.status.code(), Some(0), "{target}: {}", stderr_text(&out));
        assert!(out.stdout == data, "{target}: stdout holds the file");
        assert!(stderr_text(&out).contains("got "), "{}", stderr_text(&out));
    }
    let left: Vec<_> =
        std::fs::read_dir(home.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!left.iter().any(|n| n == "-" || n == "-.part"), "no file named -: {left:?}");
    assert!(std::fs::symlink_metadata("/dev/stdout").unwrap().file_type().is_symlink());
    let out = run(nt_as_alice(&home).args(["ftp", "get", "-c", &url, "-"]));
    assert_error(&out, 2, "cannot resume stdout");
}

#[cfg(unix)]
#[test]
fn get_to_a_fifo_or_a_symlink_writes_in_place_and_keeps_them() {
    let srv = FtpServer::start();
    let data = noise(500_000, 12);
    std::fs::write(srv.root.join("data.bin"), &data).unwrap();
    let home = Home::new();
    let url = format!("{}/data.bin", srv.url());
    let fifo = home.path().join("pipe");
    mkfifo(&fifo);
    let to_fifo = home.path().join("to-pipe");
    std::os::unix::fs::symlink(&fifo, &to_fifo).unwrap();
    for target in [&fifo, &to_fifo] {
        let reader = drain(&fifo);
        let out = run(nt_as_alice(&home).args(["ftp", "get", &url]).arg(target));
        ok(&out);
        assert!(reader.join().unwrap() == data, "{}: the reader got the file", target.display());
    }
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "still a FIFO");
    let link = std::fs::symlink_metadata(&to_fifo).unwrap();
    assert!(link.file_type().is_symlink(), "the symlink to the FIFO survives");
    // A symlink to a device: the link stays, and no .part is left beside it.
    let to_null = home.path().join("null");
    std::os::unix::fs::symlink("/dev/null", &to_null).unwrap();
    ok(&run(nt_as_alice(&home).args(["ftp", "get", &url]).arg(&to_null)));
    assert_eq!(std::fs::read_link(&to_null).unwrap(), Path::new("/dev/null"));
    let names: Vec<_> =
        std::fs::read_dir(home.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!names.iter().any(|n| n.to_string_lossy().ends_with(".part")), "{names:?}");
    // A symlink to a regular file: the file gets the download, the link stays a link.
    let real = home.path().join("real.bin");
    std::fs::write(&real, b"old").unwrap();
    let to_real = home.path().join("to-real");
    std::os::unix::fs::symlink(&real, &to_real).unwrap();
    ok(&run(nt_as_alice(&home).args(["ftp", "get", &url]).arg(&to_real)));
    assert!(std::fs::symlink_metadata(&to_real).unwrap().file_type().is_symlink());
    assert!(std::fs::read(&real).unwrap() == data, "the link's file holds the download");
    // A FIFO nobody reads: given up within --timeout, exit 3, and it stays a FIFO.
    let out = run(nt_as_alice(&home).args(["ftp", "--timeout", "1s", "get", &url]).arg(&fifo));
    assert_error(&out, 3, "no reader came in time");
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn put_of_several_files_sends_the_others_and_names_the_missing_one() {
    let srv = FtpServer::start();
    let home = Home::new();
    std::fs::write(home.path().join("a.png"), noise(10_000, 1)).unwrap();
    std::fs::write(home.path().join("b.png"), noise(10_000, 2)).unwrap();
    let args = ["a.png", "missing.png", "b.png", "up/"];
    let out = run(nt_as_alice(&home).args(["ftp", "--host", &srv.url(), "put"]).args(args));
    assert_error(&out, 3, "missing.png");
    assert!(stderr_text(&out).contains("skipping missing.png"), "{}", stderr_text(&out));
    assert_eq!(std::fs::read(srv.root.join("up/a.png")).unwrap(), noise(10_000, 1));
    assert_eq!(std::fs::read(srv.root.join("up/b.png")).unwrap(), noise(10_000, 2));
    // When none of them can be sent, nothing connects: exit 3 at once.
    let args = ["gone1.png", "gone2.png", "up/"];
    let out = run(nt_as_alice(&home).args(["ftp", "--host", "127.0.0.1:1", "put"]).args(args));
    assert_error(&out, 3, "gone1.png");
}
