//! Published mailpit clients, unchanged, against `nt mail catch --web`: PyPI's
//! `mailpit-api-client` (list, get, a part, delete) and npm's `mailpit-api` (list, get,
//! `latest`, raw, a part, search, delete by IDs and all).

use std::path::Path;

use serde_json::Value;

use super::trust::COURSE_1;
use super::web::{catch, files, send_course_mail, wait_total};
use crate::common::{Home, run};

/// mailpit's own Python client, unchanged, against nt: list, get, a part, delete.
const MAILPIT_CLIENT: &str = r#"
import json, sys
sys.path.insert(0, sys.argv[2])
from mailpit.client.api import API
api = API(sys.argv[1], timeout=10)
listed = api.get_messages()
first = listed.messages[0]
message = api.get_message(first.id)
part = api.get_message_attachment(message.id, message.attachments[0].part_id)
api.delete_messages([first.id])
after = api.get_messages()
api.delete_messages([])
print(json.dumps({
    "total": listed.total, "unread": listed.unread, "subject": first.subject,
    "from": first.from_.address, "attachments": first.attachments,
    "inline": [a.content_id for a in message.inline],
    "file": message.attachments[0].file_name, "part": part,
    "html": message.html, "after": after.total, "end": api.get_messages().total,
}))
"#;

#[test]
#[ignore = "needs mailpit-api-client: python3 -m pip install --target target/py mailpit-api-client"]
fn mailpits_python_client_works_unchanged() {
    let home = Home::new();
    let inbox = home.path().join("inbox");
    let seen = run_client(&home, &inbox, "python3", "client.py", MAILPIT_CLIENT, "target/py");
    assert_eq!((seen["total"].as_u64(), seen["unread"].as_u64()), (Some(2), Some(2)), "{seen}");
    assert_eq!(seen["subject"], "from the course", "newest first: {seen}");
    assert_eq!(
        (seen["from"].as_str(), seen["attachments"].as_u64()),
        (Some("t@163.test"), Some(1))
    );
    assert_eq!(seen["inline"], serde_json::json!(["img01"]));
    assert_eq!(
        (seen["file"].as_str(), seen["part"].as_str()),
        (Some("text1_SMTP.py"), Some(COURSE_1))
    );
    assert!(seen["html"].as_str().unwrap().contains("cid:img01"), "{seen}");
    assert_eq!((seen["after"].as_u64(), seen["end"].as_u64()), (Some(1), Some(0)), "{seen}");
    assert!(files(&inbox.join("new")).is_empty() && files(&inbox.join("cur")).is_empty());
}

/// npm's `mailpit-api` (the TypeScript client), unchanged: list, the newest as `latest`,
/// raw, a part, search, delete by IDs and delete all.
const MAILPIT_NPM: &str = r#"
const { MailpitClient } = require(process.argv[3] + "/node_modules/mailpit-api");
(async () => {
  const api = new MailpitClient(process.argv[2]);
  const listed = await api.listMessages();
  const latest = await api.getMessageSummary();
  const raw = await api.getMessageSource(latest.ID);
  const part = await api.getMessageAttachment(latest.ID, latest.Attachments[0].PartID);
  const found = await api.searchMessages({ query: "subject:first" });
  const none = await api.searchMessages({ query: "from:nobody@nowhere.test" });
  await api.deleteMessages({ IDs: [found.messages[0].ID] });
  const after = await api.listMessages();
  await api.deleteMessages();
  const end = await api.listMessages();
  console.log(JSON.stringify({
    total: listed.total, unread: listed.unread, latest: latest.Subject,
    listed_first: listed.messages[0].ID === latest.ID, raw_has: raw.includes("<img01>") && raw.startsWith("Received: "),
    part: await part.text(), inline: latest.Inline.map((p) => p.ContentID),
    found: found.messages.map((m) => m.Subject), none: none.messages_count,
    after: after.messages.map((m) => m.Subject), end: end.total,
  }));
})().catch((e) => { console.error(String(e)); process.exit(1); });
"#;

#[test]
#[ignore = "needs node and mailpit-api: npm install --prefix target/npm mailpit-api"]
fn mailpits_npm_client_works_unchanged() {
    let home = Home::new();
    let inbox = home.path().join("inbox");
    let seen = run_client(&home, &inbox, "node", "client.js", MAILPIT_NPM, "target/npm");
    assert_eq!((seen["total"].as_u64(), seen["unread"].as_u64()), (Some(2), Some(2)), "{seen}");
    assert_eq!(seen["latest"], "from the course", "latest is the newest: {seen}");
    assert_eq!(
        (seen["listed_first"].as_bool(), seen["raw_has"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(
        (seen["part"].as_str(), seen["inline"].clone()),
        (Some(COURSE_1), serde_json::json!(["img01"]))
    );
    assert_eq!(
        (seen["found"].clone(), seen["none"].as_u64()),
        (serde_json::json!(["first"]), Some(0))
    );
    assert_eq!(seen["after"], serde_json::json!(["from the course"]), "{seen}");
    assert_eq!(seen["end"].as_u64(), Some(0), "{seen}");
    assert!(files(&inbox.join("new")).is_empty() && files(&inbox.join("cur")).is_empty());
}

/// Catch two messages (a plain one, then the course's), run a mailpit client `script`
/// with `interpreter` against the page, its packages under `packages`, and read the JSON
/// it prints.
fn run_client(
    home: &Home,
    inbox: &Path,
    interpreter: &str,
    name: &str,
    script: &str,
    packages: &str,
) -> Value {
    let (_server, smtp, web) = catch(home, inbox, &[]);
    let mut cmd = home.nt();
    cmd.args(["mail", "send", "--server", &smtp.to_string(), "--tls", "off"]);
    cmd.args(["--from", "a@x.test", "--to", "b@y.test", "--subject", "first", "--body", "x"]);
    assert!(run(cmd, Vec::new()).0.success());
    wait_total(web, 1);
    send_course_mail(home, smtp, "from the course");
    wait_total(web, 2);
    let path = home.path().join(name);
    std::fs::write(&path, script).unwrap();
    let packages = Path::new(env!("CARGO_MANIFEST_DIR")).join(packages);
    let out = std::process::Command::new(interpreter)
        .arg(&path)
        .arg(format!("http://{web}"))
        .arg(&packages)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    serde_json::from_slice(&out.stdout).unwrap()
}
