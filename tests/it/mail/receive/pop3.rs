//! POP3 against Dovecot: the course's messages in every TLS mode, files named by UIDL,
//! --delete after the save, watch by UIDL polling, and a wrong password.

use std::time::Duration;

use super::dovecot::Dovecot;
use super::{
    MODES, Mode, assert_course_files, assert_wrong_password_rejected, course_mailbox,
    first_new_mail, listed, mail, ok, simple, traced_list,
};
use crate::common::{Home, assert_error, sorted_files};

#[test]
#[ignore = "needs dovecot: apt-get install dovecot-imapd dovecot-pop3d"]
fn the_course_messages_over_pop3_in_every_tls_mode() {
    let (dv, home, c) = course_mailbox();
    for mode in MODES {
        let rows = listed(&home, &dv, true, mode, &[]);
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
        assert_course_files(&dir, &c);

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
    let rows = listed(&home, &dv, true, Mode::Plain, &["--subject", "BETA"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["subject"], "beta");
    let mut unseen = mail(&home, &dv, "list", true, Mode::Plain);
    unseen.arg("--unseen");
    assert_error(&unseen.output().unwrap(), 2, "need IMAP");

    let dir = home.path().join("inbox");
    let mut get = mail(&home, &dv, "get", true, Mode::Plain);
    get.args(["--all", "-o"]).arg(&dir).arg("--delete");
    ok(get);
    assert_eq!(sorted_files(&dir).len(), 2);
    assert!(listed(&home, &dv, true, Mode::Plain, &[]).is_empty(), "deleted after the save");
}

#[test]
#[ignore = "needs dovecot: apt-get install dovecot-imapd dovecot-pop3d"]
fn watch_polls_uidl_and_a_wrong_password_is_exit_5() {
    let dv = Dovecot::start();
    let home = Home::new();
    dv.deliver(&simple("before"));
    let mut cmd = mail(&home, &dv, "watch", true, Mode::StartTls);
    cmd.args(["--json", "--count", "1", "--interval", "200ms"]);
    let (w, line) = first_new_mail(&dv, cmd, "watching for new mail", "after");
    assert!(line.contains("\"subject\":\"after\""), "{line}");
    assert!(
        w.lines.recv_timeout(Duration::from_secs(3)).is_err(),
        "--count 1 ends it, nothing twice"
    );

    let err = traced_list(&home, &dv, true, Mode::Plain);
    assert!(
        err.contains("> USER alice") && err.contains("> PASS ***") && err.contains("> UIDL"),
        "{err}"
    );

    assert_wrong_password_rejected(&home, &dv, true);
}
