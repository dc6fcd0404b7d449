//! POP3 against Dovecot: the course's messages in every TLS mode, files named by UIDL,
//! --delete after the save, watch by UIDL polling, and a wrong password.

use std::time::{Duration, Instant};

use super::dovecot::{Dovecot, USER};
use super::{MODES, Mode, course, files, json_lines, mail, ok, simple, watcher};
use crate::common::{Home, assert_error, sha256_hex};

#[test]
#[ignore = "needs dovecot: apt-get install dovecot-imapd dovecot-pop3d"]
fn the_course_messages_over_pop3_in_every_tls_mode() {
    let dv = Dovecot::start();
    let home = Home::new();
    let c = course(&home);
    dv.deliver(&c.plain);
    dv.deliver(&c.html);
    for mode in MODES {
        let mut list = mail(&home, &dv, "list", true, mode);
        list.arg("--json");
        let rows = json_lines(&ok(list));
        assert_eq!(rows.len(), 2, "{mode:?}");
        assert!(rows.iter().all(|r| r["subject"] == "测试邮件" && r["uid"].is_string()));
        assert!(rows[0]["attachments"].is_null(), "POP3 lists headers only");

        let dir = home.path().join(format!("pop-{mode:?}"));
        let mut get = mail(&home, &dv, "get", true, mode);
        get.args(["--all", "-o"]).arg(&dir).arg("--save-attachments").arg(&dir);
        ok(get);
        let uidl = rows[1]["uid"].as_str().unwrap();
        let saved = std::fs::read(dir.join(format!("{uidl}.eml"))).expect("UIDL.eml");
        assert_eq!(saved, c.html, "exact bytes over POP3");
        assert_eq!(std::fs::read(dir.join("text1_SMTP.py")).unwrap(), c.script);
        assert_eq!(sha256_hex(&std::fs::read(dir.join("iu.jpg")).unwrap()), sha256_hex(&c.image));

        let mut one = mail(&home, &dv, "get", true, mode);
        one.arg(rows[0]["uid"].as_str().unwrap());
        let text = crate::common::stdout_text(&ok(one));
        assert!(text.contains("这是一封python写的邮件"), "{text}");
    }
}

#[test]
#[ignore = "needs dovecot: apt-get install dovecot-imapd dovecot-pop3d"]
fn delete_after_save_and_filters() {
    let dv = Dovecot::start();
    let home = Home::new();
    dv.deliver(&simple("alpha"));
    dv.deliver(&simple("beta"));
    let mut list = mail(&home, &dv, "list", true, Mode::Plain);
    list.args(["--json", "--subject", "BETA"]);
    let rows = json_lines(&ok(list));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["subject"], "beta");
    let mut unseen = mail(&home, &dv, "list", true, Mode::Plain);
    unseen.arg("--unseen");
    assert_error(&unseen.output().unwrap(), 2, "need IMAP");

    let dir = home.path().join("inbox");
    let mut get = mail(&home, &dv, "get", true, Mode::Plain);
    get.args(["--all", "-o"]).arg(&dir).arg("--delete");
    ok(get);
    assert_eq!(files(&dir).len(), 2);
    let mut list = mail(&home, &dv, "list", true, Mode::Plain);
    list.arg("--json");
    assert!(json_lines(&ok(list)).is_empty(), "deleted after the save");
}

#[test]
#[ignore = "needs dovecot: apt-get install dovecot-imapd dovecot-pop3d"]
fn watch_polls_uidl_and_a_wrong_password_is_exit_5() {
    let dv = Dovecot::start();
    let home = Home::new();
    dv.deliver(&simple("before"));
    let mut cmd = mail(&home, &dv, "watch", true, Mode::StartTls);
    cmd.args(["--json", "--count", "1", "--interval", "200ms"]);
    let w = watcher(cmd);
    w.wait_talk("watching for new mail");
    let sent = Instant::now();
    dv.deliver(&simple("after"));
    let line = w.lines.recv_timeout(Duration::from_secs(2)).expect("new mail within 2 s");
    assert!(sent.elapsed() < Duration::from_secs(2));
    assert!(line.contains("\"subject\":\"after\""), "{line}");
    assert!(
        w.lines.recv_timeout(Duration::from_secs(3)).is_err(),
        "--count 1 ends it, nothing twice"
    );

    let mut traced = mail(&home, &dv, "list", true, Mode::Plain);
    traced.arg("-vv");
    let err = crate::common::stderr_text(&ok(traced));
    assert!(
        err.contains("> USER alice") && err.contains("> PASS ***") && err.contains("> UIDL"),
        "{err}"
    );
    assert!(!err.contains(super::dovecot::PASSWORD), "{err}");

    let mut wrong = mail(&home, &dv, "list", true, Mode::Plain);
    wrong.env("NT_POP3_PASSWORD", "nope");
    assert_error(&wrong.output().unwrap(), 5, &format!("login of '{USER}' rejected"));
}
