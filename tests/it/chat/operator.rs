//! The operator's console: commands and notices typed on the server's stdin.

use super::{Server, until_line};

#[test]
fn plain_lines_are_notices_and_slash_lines_are_commands() {
    let mut server = Server::start(&[]);
    let mut alice = server.peer("alice");
    let mut bob = server.peer("bob");
    alice.until(|l| l == "[join] bob");
    server.type_line("maintenance at 5");
    assert_eq!(alice.next().unwrap(), "[notice] maintenance at 5");
    assert_eq!(
        bob.until(|l| l.starts_with("[notice]")).pop().unwrap(),
        "[notice] maintenance at 5"
    );
    server.type_line("/notice /help is down");
    assert_eq!(alice.next().unwrap(), "[notice] /help is down");

    server.type_line("/who");
    assert_eq!(until_line(&server.stdout, "bob"), ["alice", "bob"]);
    server.log_until("2 online");

    server.type_line("/kick bob spamming links");
    assert_eq!(
        bob.until_closed().last().map(String::as_str),
        Some("[error] kicked spamming links")
    );
    assert_eq!(alice.until(|l| l.starts_with("[leave]")).pop().unwrap(), "[leave] bob kicked");
    server.type_line("/kick nobody");
    server.log_until("nobody is not online");
    server.type_line("/dance");
    server.log_until("unknown operator command /dance");
    // Nothing of that reached the users.
    server.type_line("last");
    assert_eq!(alice.next().unwrap(), "[notice] last");
}

#[test]
fn who_in_json_and_a_kicked_nt_join_exits_4() {
    let mut server = Server::start_with(&["--json"], &[]);
    let _alice = server.peer("alice");
    let joined = crate::common::Running::spawn({
        let mut cmd = crate::common::nt();
        cmd.args(["chat", "join", &server.addr, "--nick", "carol"]);
        cmd
    });
    server.log_until("carol joined");
    server.type_line("/who");
    let who = until_line(&server.stdout, "who").pop().unwrap();
    assert_eq!(who, r#"{"event":"who","nicks":["alice","carol"]}"#);
    server.type_line("/kick carol");
    let (status, out, err) = joined.finish();
    assert_eq!(status.code(), Some(4), "{err}");
    assert!(String::from_utf8_lossy(&out).ends_with("[error] kicked kicked by the operator\n"));
    crate::common::assert_error(
        &std::process::Output { status, stdout: out, stderr: err.into_bytes() },
        4,
        "disconnected by the server: kicked by the operator",
    );
}
