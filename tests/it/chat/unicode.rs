//! Look-alike nicknames and hidden characters, against the real server and client.

use std::io::{Read, Write};
use std::net::TcpListener;

use super::{Peer, Server, WAIT, join_with_stdin};
use crate::common::{stderr_text, stdout_text};

#[test]
fn look_alike_nicknames_are_taken_and_reserved_names_cannot_be_imitated() {
    let server = Server::start(&[]);
    let _alice = server.peer("alice");
    let mut other = Peer::connect(&server.addr);
    for fake in ["ALICE", "\u{430}lice", "ａｌｉｃｅ", "\u{430}lic\u{435}"] {
        other.send(fake);
        let answer = other.next().unwrap();
        assert_eq!(answer, format!("[error] nick-taken '{fake}' is taken; send another nickname"));
    }
    for fake in ["server", "ѕеrvеr", "ſERVER", "ｓｅｒｖｅｒ", "ａll"] {
        other.send(fake);
        assert_eq!(
            other.next().unwrap(),
            format!("[error] nick-invalid '{fake}' is reserved; send another nickname")
        );
    }
    other.send("bob");
    assert_eq!(other.next().unwrap(), "[welcome] bob");
    other.send("/nick \u{430}lice");
    assert_eq!(
        other.until(|l| l.starts_with("[error]")).pop().unwrap(),
        "[error] nick-taken '\u{430}lice' is taken"
    );
}

#[test]
fn relayed_text_loses_bidi_controls_separators_and_zero_width_characters() {
    let server = Server::start(&[]);
    let mut nc_user = server.peer("reader");
    let mut sender = server.peer("sender");
    nc_user.until(|l| l == "[join] sender");
    sender.send("invoice\u{202e}fdp.exe \u{2066}x\u{2069} a\u{2028}b\u{2029} zero\u{200b}width\u{feff}\u{200d}");
    assert_eq!(
        nc_user.next().unwrap(),
        "<sender> invoice\u{fffd}fdp.exe \u{fffd}x\u{fffd} a\u{fffd}b\u{fffd} zerowidth"
    );
    sender.send("/msg reader \u{202b}private\u{200c}");
    assert_eq!(nc_user.next().unwrap(), "*sender* \u{fffd}private");
}

#[test]
fn nt_join_cleans_what_a_hostile_server_sends() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let mut nick = [0u8; 7];
        stream.read_exact(&mut nick).unwrap();
        let lines = "[welcome] victim\n<mallory> pay\u{202e}txt.exe\u{2028}now\u{200b}!\x1b[2J\n";
        stream.write_all(lines.as_bytes()).unwrap();
    });
    let out = join_with_stdin(&addr, "victim", &[], b"");
    server.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_text(&out));
    assert_eq!(
        stdout_text(&out),
        "[welcome] victim\n<mallory> pay\u{fffd}txt.exe\u{fffd}now!\u{fffd}[2J\n"
    );
}
