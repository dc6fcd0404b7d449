//! IMAP against Dovecot: the course's messages in every TLS mode, big and hostile
//! messages, folders with non-ASCII names, UIDs, PEEK, --delete, watch, and the exit
//! codes of a wrong password and an untrusted certificate.

use std::time::Duration;

use super::dovecot::{Dovecot, USER};
use super::{
    MODES, Mode, assert_course_files, assert_wrong_password_rejected, course_mailbox,
    first_new_mail, json_lines, listed, mail, nt, ok, simple, traced_list,
};
use crate::common::{
    Home, LIMIT, assert_error, sha256_hex, sorted_files, stderr_text, stdout_text,
};

#[test]
#[ignore = "needs dovecot: apt-get install dovecot-imapd dovecot-pop3d"]
fn the_course_messages_read_back_in_every_tls_mode() {
    let (dv, home, c) = course_mailbox();
    for mode in MODES {
        let rows = listed(&home, &dv, false, mode, &[]);
        assert_eq!(rows.len(), 2, "{mode:?}");
        assert_eq!(rows[0]["subject"], "测试邮件");
        assert_eq!(rows[0]["uid"], 1);
        assert_eq!(rows[1]["attachments"], serde_json::json!(["text1_SMTP.py"]), "{mode:?}");
        assert!(rows[0]["date"].as_str().is_some_and(|d| d.contains('T')));
        assert_eq!(rows[0]["from"], "me@x.test");
        assert_eq!(rows[0]["to"], serde_json::json!(["alice@x.test"]));

        let mut get = mail(&home, &dv, "get", false, mode);
        get.arg("1");
        let text = stdout_text(&ok(get));
        assert!(
            text.contains("Subject: 测试邮件") && text.contains("这是一封python写的邮件"),
            "{text}"
        );

        let files_dir = home.path().join(format!("files-{mode:?}"));
        let mut get = mail(&home, &dv, "get", false, mode);
        get.args(["2", "--json", "--save-attachments"]).arg(&files_dir);
        let event = &json_lines(&ok(get))[0];
        assert!(
            event["text"].as_str().is_some_and(|t| t.contains("图片") && t.contains("结束")),
            "{event}"
        );
        assert_course_files(&files_dir, &c);
    }
}

#[test]
#[ignore = "needs dovecot: apt-get install dovecot-imapd dovecot-pop3d"]
fn a_10_mib_attachment_in_pieces_and_raw_files_are_exact() {
    let dv = Dovecot::start();
    let home = Home::new();
    let big = crate::common::noise(10 << 20, 3);
    std::fs::write(home.path().join("big.bin"), &big).unwrap();
    let eml = home.path().join("big.eml");
    ok({
        let mut c = home.nt();
        c.current_dir(home.path()).args([
            "mail",
            "send",
            "--from",
            "me@x.test",
            "--to",
            "a@x.test",
            "--body",
            "big",
        ]);
        c.args(["--attach", "big.bin", "--dry-run", "--save"]).arg(&eml);
        c
    });
    dv.deliver(&std::fs::read(&eml).unwrap());
    let out_dir = home.path().join("out");
    let mut get = mail(&home, &dv, "get", false, Mode::Plain);
    // A small --buffer: the message comes in pieces.
    get.args(["1", "--raw", "--buffer", "1MiB", "-o"])
        .arg(&out_dir)
        .arg("--save-attachments")
        .arg(&out_dir);
    ok(get);
    assert_eq!(sha256_hex(&std::fs::read(out_dir.join("big.bin")).unwrap()), sha256_hex(&big));
    let raw = std::fs::read(out_dir.join("1.eml")).unwrap();
    assert_eq!(raw, std::fs::read(&eml).unwrap(), "the exact bytes");
    assert!(sorted_files(&out_dir).iter().all(|p| !p.to_string_lossy().ends_with(".part")));
}

#[test]
#[ignore = "needs dovecot: apt-get install dovecot-imapd dovecot-pop3d"]
fn a_folder_with_a_non_ascii_name() {
    let dv = Dovecot::start();
    let home = Home::new();
    dv.create_folder("Entwürfe");
    dv.create_folder("邮件.测试");
    dv.deliver_to(&simple("draft"), Some("Entwürfe"));
    let mut folders = mail(&home, &dv, "folders", false, Mode::Plain);
    folders.arg("--json");
    let out = ok(folders);
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> =
        all.as_array().unwrap().iter().filter_map(|f| f["name"].as_str()).collect();
    assert!(
        names.contains(&"Entwürfe") && names.contains(&"邮件.测试") && names.contains(&"INBOX"),
        "{names:?}"
    );
    let draft = all.as_array().unwrap().iter().find(|f| f["name"] == "Entwürfe").unwrap();
    assert_eq!((draft["messages"].as_u64(), draft["unseen"].as_u64()), (Some(1), Some(1)));
    for url in ["imap://alice@127.0.0.1:PORT/Entwürfe", "imap://alice@127.0.0.1:PORT/Entw%C3%BCrfe"]
    {
        let mut list = nt(&home);
        list.args([
            "mail",
            "list",
            &url.replace("PORT", &dv.imap.to_string()),
            "--tls",
            "off",
            "--insecure",
            "--json",
        ]);
        let rows = json_lines(&ok(list));
        assert_eq!(rows.len(), 1, "{url}");
        assert_eq!(rows[0]["subject"], "draft");
    }
    let mut missing = mail(&home, &dv, "list", false, Mode::Plain);
    missing.args(["--folder", "Nope"]);
    assert_error(&missing.output().unwrap(), 6, "cannot open folder 'Nope'");
}

fn unseen_uids(home: &Home, dv: &Dovecot) -> Vec<u64> {
    listed(home, dv, false, Mode::Plain, &["--unseen"])
        .iter()
        .filter_map(|r| r["uid"].as_u64())
        .collect()
}

#[test]
#[ignore = "needs dovecot: apt-get install dovecot-imapd dovecot-pop3d"]
fn uid_ranges_unseen_peek_mark_read_and_delete() {
    let dv = Dovecot::start();
    let home = Home::new();
    for i in 1..=5 {
        dv.deliver(&simple(&format!("m{i}")));
    }
    let mut get = mail(&home, &dv, "get", false, Mode::Plain);
    get.args(["2:4", "--json"]);
    let rows = json_lines(&ok(get));
    assert_eq!(rows.iter().map(|r| r["uid"].as_u64().unwrap()).collect::<Vec<_>>(), [2, 3, 4]);
    assert_eq!(unseen_uids(&home, &dv), [1, 2, 3, 4, 5], "BODY.PEEK leaves \\Seen unset");

    let mut get = mail(&home, &dv, "get", false, Mode::Plain);
    get.args(["1,5", "--mark-read"]);
    ok(get);
    assert_eq!(unseen_uids(&home, &dv), [2, 3, 4]);
    let rows = listed(&home, &dv, false, Mode::Plain, &["--subject", "m1"]);
    assert!(rows[0]["flags"].as_array().unwrap().iter().any(|f| f == "\\Seen"));

    let dir = home.path().join("unseen");
    let mut get = mail(&home, &dv, "get", false, Mode::Plain);
    get.args(["--unseen", "-o"]).arg(&dir).arg("--delete");
    ok(get);
    let names: Vec<String> = sorted_files(&dir)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["2.eml", "3.eml", "4.eml"]);
    let left: Vec<u64> = listed(&home, &dv, false, Mode::Plain, &[])
        .iter()
        .filter_map(|r| r["uid"].as_u64())
        .collect();
    assert_eq!(left, [1, 5], "deleted after the save, the others untouched");

    assert_eq!(listed(&home, &dv, false, Mode::Plain, &["--limit", "1"])[0]["uid"], 5);
    let mut missing = mail(&home, &dv, "get", false, Mode::Plain);
    missing.arg("99");
    assert_error(&missing.output().unwrap(), 6, "do not exist");
}

#[test]
#[ignore = "needs dovecot: apt-get install dovecot-imapd dovecot-pop3d"]
fn watch_sees_new_mail_at_once_and_again_after_a_restart() {
    let mut dv = Dovecot::start();
    let home = Home::new();
    dv.deliver(&simple("old"));
    let mut cmd = mail(&home, &dv, "watch", false, Mode::Tls);
    cmd.args(["--json", "--count", "3", "--exec", "cat > \"$NT_MAIL_UID.eml\""])
        .current_dir(home.path());
    let (w, line) = first_new_mail(&dv, cmd, "watching INBOX", "new1");
    let event: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!((event["uid"].as_u64(), event["subject"].as_str()), (Some(2), Some("new1")));

    dv.restart();
    dv.deliver(&simple("new2"));
    let line = w.lines.recv_timeout(LIMIT).expect("the message after the restart");
    let event: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(event["subject"], "new2");
    w.wait_talk("reconnecting");
    dv.deliver(&simple("new3"));
    let line = w.lines.recv_timeout(Duration::from_secs(5)).expect("one more");
    assert!(line.contains("new3"));
    assert!(w.lines.recv_timeout(Duration::from_millis(300)).is_err(), "nothing twice");
    let saved = std::fs::read(home.path().join("2.eml")).expect("--exec got the message");
    assert!(String::from_utf8_lossy(&saved).contains("body of new1"));
}

#[test]
#[ignore = "needs dovecot: apt-get install dovecot-imapd dovecot-pop3d"]
fn a_wrong_password_an_untrusted_certificate_and_masked_secrets() {
    let dv = Dovecot::start();
    let home = Home::new();
    assert_wrong_password_rejected(&home, &dv, false);

    let mut untrusted = nt(&home);
    untrusted.args(["mail", "list", &format!("imaps://{USER}@127.0.0.1:{}", dv.imaps)]);
    let out = untrusted.output().unwrap();
    let pin = dv
        .pin
        .as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).to_uppercase())
        .collect::<Vec<_>>()
        .join(":");
    assert_error(&out, 5, &pin);

    let err = traced_list(&home, &dv, false, Mode::StartTls);
    assert!(err.contains("> a1 STARTTLS") || err.contains("STARTTLS"), "{err}");
    assert!(err.contains("LOGIN \"alice\" ***"), "{err}");

    let mut clear = nt(&home);
    clear.args(["mail", "list", &format!("imap://{USER}@127.0.0.1:{}", dv.imap), "--tls", "off"]);
    assert_error(&clear.output().unwrap(), 2, "unencrypted");
}

#[test]
#[ignore = "needs dovecot: apt-get install dovecot-imapd dovecot-pop3d"]
fn hostile_messages_are_listed_read_and_saved_safely() {
    let dv = Dovecot::start();
    let home = Home::new();
    let mut bomb =
        String::from("Subject: bomb\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
    for _ in 0..100_000 {
        bomb.push_str("--b\r\n\r\nx\r\n");
    }
    bomb.push_str("--b--\r\n");
    dv.drop_in("1.bomb", bomb.as_bytes());
    let long = format!("Subject: long\r\nX-Long: {}\r\n\r\nbody\r\n", "a".repeat(1 << 20));
    dv.drop_in("2.long", long.as_bytes());
    let names = "Subject: names\r\nContent-Type: multipart/mixed; boundary=n\r\n\r\n\
        --n\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n\
        --n\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"../../x\"\r\n\r\nX\r\n\
        --n\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"/etc/passwd\"\r\n\r\nP\r\n\
        --n--\r\n";
    dv.drop_in("3.names", names.as_bytes());
    let rows = listed(&home, &dv, false, Mode::Plain, &[]);
    assert_eq!(
        rows.iter().filter_map(|r| r["subject"].as_str()).collect::<Vec<_>>(),
        ["bomb", "long", "names"]
    );
    let dir = home.path().join("deep").join("files");
    let mut get = mail(&home, &dv, "get", false, Mode::Plain);
    get.args(["--all", "--save-attachments"]).arg(&dir);
    let out = ok(get);
    assert!(stdout_text(&out).contains("see attached"));
    let saved = sorted_files(&dir);
    assert!(saved.contains(&dir.join("x")) && saved.contains(&dir.join("passwd")), "{saved:?}");
    assert_eq!(std::fs::read(dir.join("passwd")).unwrap(), b"P");
    assert!(!home.path().join("x").exists() && !home.path().join("deep").join("x").exists());
}

#[test]
#[ignore = "needs dovecot: apt-get install dovecot-imapd dovecot-pop3d"]
fn a_search_dovecot_refuses_is_exit_6_with_its_text() {
    let dv = Dovecot::start();
    let home = Home::new();
    dv.deliver(&simple("one"));
    let mut list = mail(&home, &dv, "list", false, Mode::Plain);
    list.args(["--search", "BOGUS"]);
    let out = list.output().unwrap();
    assert_error(&out, 6, "the server refused SEARCH (BOGUS): ");
    assert!(!stderr_text(&out).contains("no messages"), "{}", stderr_text(&out));
}
