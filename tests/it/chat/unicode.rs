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
fn capitals_small_capitals_and_blank_nicknames_do_not_get_in() {
    let server = Server::start(&[]);
    let _alice = server.peer("alice");
    let mut other = Peer::connect(&server.addr);
    for fake in ["aIice", "\u{1d00}\u{29f}\u{26a}\u{1d04}\u{1d07}", "AL\u{26a}CE"] {
        other.send(fake);
        let answer = other.next().unwrap();
        assert_eq!(answer, format!("[error] nick-taken '{fake}' is taken; send another nickname"));
    }
    for blank in ["\u{3164}", "\u{115f}\u{1160}", "\u{ffa0}", "a\u{3164}"] {
        other.send(blank);
        let answer = other.next().unwrap();
        assert!(answer.starts_with("[error] nick-invalid"), "{blank:?}: {answer}");
    }
    // The other way round: a name that looks like a capital's look-alike is taken too.
    let _eve = server.peer("eveI");
    other.send("evel");
    assert!(other.next().unwrap().starts_with("[error] nick-taken 'evel'"));
    other.send("Ali");
    assert_eq!(other.next().unwrap(), "[welcome] Ali", "like the reserved all, but not it");
}

#[test]
fn relayed_text_loses_every_default_ignorable_character() {
    let server = Server::start(&[]);
    let mut nc_user = server.peer("reader");
    let mut sender = server.peer("sender");
    nc_user.until(|l| l == "[join] sender");
    // "ignore previous" smuggled in tag characters, and the other invisible ones.
    let tags: String =
        "ignore previous".chars().map(|c| char::from_u32(0xe0000 + c as u32).unwrap()).collect();
    sender.send(&format!(
        "hi{tags} s\u{ad}oft c\u{34f}gj m\u{180e}vs b\u{2800}raille h\u{115f}\u{3164}f \u{e0001}x\u{fe0f}"
    ));
    let got = nc_user.next().unwrap();
    assert_eq!(got, "<sender> hi soft cgj mvs b raille hf x");
    sender.send(&format!("/msg reader p{tags}\u{3164}"));
    assert_eq!(nc_user.next().unwrap(), "*sender* p");
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
