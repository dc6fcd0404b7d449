//! `nt ftp serve` with the clients a student reaches for: curl, lftp, and Python's ftplib
//! running the course's own program (system programs, so these tests are ignored unless
//! asked for with `--include-ignored`).

use std::process::Command;

use super::{PW, pub_dir, serve};
use crate::common::{noise, stderr_text, stdout_text};

#[test]
#[ignore = "needs curl lftp: apt-get install curl lftp"]
fn curl_gets_puts_and_lists() {
    let dir = pub_dir();
    let env = [("NT_FTP_PASSWORD", PW)];
    let (server, addr) =
        serve(dir.path(), &["--user", "alice", "--write", "--self-signed", "--tls=auto"], &env);
    let work = tempfile::tempdir().unwrap();
    let up = work.path().join("up.bin");
    std::fs::write(&up, noise(2 << 20, 5)).unwrap();
    let login = format!("alice:{PW}");
    let curl = |args: &[&str]| {
        let out =
            Command::new("curl").args(["-sS", "--max-time", "20"]).args(args).output().unwrap();
        assert!(out.status.success(), "curl {args:?}: {}", stderr_text(&out));
        out.stdout
    };
    curl(&["-u", &login, "-T", up.to_str().unwrap(), &format!("ftp://{addr}/sub/up.bin")]);
    assert_eq!(std::fs::read(dir.path().join("sub/up.bin")).unwrap(), noise(2 << 20, 5));
    let got = curl(&["-u", &login, &format!("ftp://{addr}/sub/up.bin")]);
    assert_eq!(got, noise(2 << 20, 5));
    let names = curl(&["-u", &login, "--list-only", &format!("ftp://{addr}/")]);
    assert_eq!(String::from_utf8_lossy(&names).replace('\r', ""), "a.txt\nsub\n");
    let secure = curl(&["-u", &login, "--ssl-reqd", "-k", &format!("ftp://{addr}/a.txt")]);
    assert_eq!(secure, b"hello\n");
    let (_, log) = server.stop();
    assert!(log.contains("\"STOR up.bin\" 226"), "{log}");
}

#[test]
#[ignore = "needs curl lftp: apt-get install curl lftp"]
fn lftp_works_over_ftps() {
    let dir = pub_dir();
    let env = [("NT_FTP_PASSWORD", PW)];
    let (_server, addr) = serve(dir.path(), &["--user", "alice", "--write", "--self-signed"], &env);
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("f.bin"), noise(1 << 20, 11)).unwrap();
    let script = "set ssl:verify-certificate no; set ftp:ssl-force true; \
                  set ftp:ssl-protect-data true; set net:max-retries 1; \
                  mkdir d; put f.bin -o d/f.bin; cls -1 d; get d/f.bin -o back.bin; \
                  mv d/f.bin d/g.bin; rm d/g.bin; rmdir d; bye";
    let out = Command::new("lftp")
        .current_dir(work.path())
        .args([
            "-u",
            &format!("alice,{PW}"),
            "-p",
            &addr.port().to_string(),
            "-e",
            script,
            "127.0.0.1",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "lftp: {}", stderr_text(&out));
    assert!(stdout_text(&out).contains("f.bin"), "{}", stdout_text(&out));
    assert_eq!(std::fs::read(work.path().join("back.bin")).unwrap(), noise(1 << 20, 11));
    assert!(!dir.path().join("d").exists());
}

/// The course's FTP program, with host and port taken from the command line; the ftplib
/// calls are the course's own.
const COURSE_PROGRAM: &str = r#"
import ftplib, sys
host, port, user, passwd, localfile, localcopy = sys.argv[1:]

def ftpconnect(host, username, passwd):
    ftp = ftplib.FTP()
    ftp.connect(host, int(port))
    ftp.login(username, passwd)
    return ftp

def upload(ftp, localfile, remotefile):
    buffersize = 1024
    file = open(localfile, "rb")
    ftp.storbinary("STOR " + remotefile, file, buffersize)
    file.close()

def download(ftp, localfile, remotefile):
    buffersize = 1024
    file = open(localfile, "wb")
    ftp.retrbinary("RETR " + remotefile, file.write, buffersize)
    file.close()

if __name__ == "__main__":
    ftp = ftpconnect(host, user, passwd)
    print("pwd", ftp.pwd())
    ftp.mkd("docs")
    ftp.cwd("docs")
    print("pwd", ftp.pwd())
    upload(ftp, localfile, "newxp.png")
    ftp.dir()
    print("nlst", ftp.nlst())
    ftp.rename("newxp.png", "newxpp.png")
    download(ftp, localcopy, "newxpp.png")
    ftp.delete("newxpp.png")
    ftp.cwd("..")
    print("pwd", ftp.pwd())
    ftp.rmd("docs")
    print("nlst", ftp.nlst())
    ftp.quit()
"#;

#[test]
#[ignore = "needs python3: apt-get install python3"]
fn the_course_ftplib_program_runs_against_it() {
    let dir = pub_dir();
    let env = [("NT_FTP_PASSWORD", PW)];
    let (_server, addr) = serve(dir.path(), &["--user", "zzy", "--write"], &env);
    let work = tempfile::tempdir().unwrap();
    let png = noise(70_000, 13);
    std::fs::write(work.path().join("flashfxp.png"), &png).unwrap();
    let out = Command::new("/usr/bin/python3")
        .current_dir(work.path())
        .args(["-c", COURSE_PROGRAM, "127.0.0.1", &addr.port().to_string(), "zzy", PW])
        .args(["flashfxp.png", "newxpp.png"])
        .output()
        .unwrap();
    let text = stdout_text(&out);
    assert!(out.status.success(), "{text}{}", stderr_text(&out));
    assert!(text.contains("pwd /\n") && text.contains("pwd /docs\n"), "{text}");
    assert!(text.contains("nlst ['newxp.png']"), "{text}");
    assert!(text.contains("newxp.png") && text.contains("-rw"), "dir() lists it: {text}");
    assert!(text.ends_with("pwd /\nnlst ['a.txt', 'sub']\n"), "{text}");
    assert_eq!(std::fs::read(work.path().join("newxpp.png")).unwrap(), png);
    assert!(!dir.path().join("docs").exists());
}
