//! The course's own chat programs (from the course notes) against nt: its client against
//! `nt chat serve`, and `nt chat join` against its server. The programs are the notes'
//! code, changed only to use loopback and a port from the command line; they run under
//! `/usr/bin/python3`.

use std::io::Write;
use std::net::TcpStream;
use std::process::{Command, Stdio};

use super::{Server, lines_of, until_line, wait_bounded};
use crate::common::{KillOnDrop, on_free_ports, spawn_listening};

/// The course's chat client: the nickname in UTF-8 without a newline, then `to:message`
/// in GBK without a newline; prints `FROM 发来 TEXT`.
const CLIENT: &str = r#"
import sys
from socket import *
from threading import Thread
def send1(c):
    while True:
        to = input("请输入接收用户:")
        message = input("请输入发送信息:")
        if not c._closed:
            c.send((to + ":" + message).encode("gbk"))
        else:
            print("你已经断开连接,不能发送消息")
            break
def recv1(c):
    while True:
        # 接受消息
        result = c.recv(1024)
        if len(result) > 0:
            result = result.decode("gbk").split(":")
            messagefrom = result[0]
            messageinfo = result[1]
            print(messagefrom, "发来", messageinfo)
        else:
            c.close()
            break
if __name__ == "__main__":
    client = socket(AF_INET, SOCK_STREAM)
    client.connect(("127.0.0.1", int(sys.argv[1])))
    name = input("请输入昵称:")
    client.send(name.encode("utf8"))
    t1 = Thread(target=send1, args=(client,))
    t1.start()
    t2 = Thread(target=recv1, args=(client,))
    t2.start()
"#;

/// The course's chat server: GBK both ways, `from:message` without a newline, notices
/// typed on its stdin.
const SERVER: &str = r#"
import sys
from socket import *
from threading import Thread
def recv1(client, user):
    while True:
        result = client.recv(1024)
        if len(result) > 0:
            result = result.decode("gbk").split(":")
            to = result[0]
            message = result[1]
            if to == "all":
                for u in users.keys():
                    if user != u:
                        users[u].send((user + ":" + message).encode("gbk"))
            else:
                if to in users.keys():
                    users[to].send((user + ":" + message).encode("gbk"))
                else:
                    client.send("对方已离线,不能接收消息".encode("gbk"))
        else:
            client.close()
            users.pop(user)
            break
def slisten(s, users):
    while True:
        client, addr = s.accept()
        user = client.recv(1024).decode("gbk")
        users[user] = client
        print("用户", user, "连接上了, 共有用户", len(users))
        tc = Thread(target=recv1, args=(client, user))
        tc.start()
def tsend():
    while True:
        info = input("请输入通知:").encode("gbk")
        for k, v in users.items():
            v.send(info)
if __name__ == "__main__":
    users = {}
    server = socket(AF_INET, SOCK_STREAM)
    server.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", int(sys.argv[1])))
    server.listen(20)
    print("开始监听")
    t1 = Thread(target=slisten, args=(server, users))
    t1.start()
    t2 = Thread(target=tsend)
    t2.start()
"#;

/// `/usr/bin/python3 -u NAME PORT` with `code` in DIR/NAME, stdin and stdout piped.
fn python(dir: &std::path::Path, name: &str, code: &str, port: u16) -> Command {
    let path = dir.join(name);
    std::fs::write(&path, code).unwrap();
    let mut cmd = Command::new("/usr/bin/python3");
    cmd.arg("-u").arg(&path).arg(port.to_string()).env("PYTHONIOENCODING", "utf-8");
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null());
    cmd
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

#[test]
#[ignore = "needs /usr/bin/python3: apt-get install python3"]
fn the_course_client_works_with_nt_serve() {
    let server = Server::start(&[]);
    let port: u16 = server.addr.rsplit(':').next().unwrap().parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut client = KillOnDrop(python(dir.path(), "client.py", CLIENT, port).spawn().unwrap());
    let shown = lines_of(client.0.stdout.take().unwrap());
    let mut typed = client.0.stdin.take().unwrap();
    let mut alice = server.peer("alice");
    // Its nickname comes without a newline: after a pause, it is the nickname.
    typed.write_all("carol\n".as_bytes()).unwrap();
    alice.until(|l| l == "[join] carol");
    until_line(&shown, "server 发来 welcome, carol");
    typed.write_all("all\n你好 everyone: hi\n".as_bytes()).unwrap();
    assert_eq!(alice.until(|l| l.starts_with('<')).pop().unwrap(), "<carol> 你好 everyone: hi");
    alice.send("@carol 来了: ok");
    until_line(&shown, "alice 发来 来了\u{ff1a} ok");
    typed.write_all("alice\nsecret note\n".as_bytes()).unwrap();
    assert_eq!(alice.until(|l| l.starts_with('*')).pop().unwrap(), "*carol* secret note");
    typed.write_all("dave\nhello?\n".as_bytes()).unwrap();
    until_line(&shown, "server 发来 dave is not online");
    drop(client);
    assert_eq!(alice.until(|l| l.starts_with("[leave]")).pop().unwrap(), "[leave] carol closed");
}

#[test]
#[ignore = "needs /usr/bin/python3: apt-get install python3"]
fn nt_join_works_with_the_course_server() {
    let dir = tempfile::tempdir().unwrap();
    let (mut course, port) = on_free_ports("the course's server", |[port]| {
        let mut cmd = python(dir.path(), "server.py", SERVER, port);
        spawn_listening(&mut cmd, &[port]).map(|server| (server, port))
    });
    let said = lines_of(course.0.stdout.take().unwrap());
    let mut notices = course.0.stdin.take().unwrap();
    until_line(&said, "开始监听");
    let addr = format!("127.0.0.1:{port}");
    let bob = TcpStream::connect(&addr).unwrap();
    (&bob).write_all(b"bob").unwrap();
    until_line(&said, "bob 连接上了");
    let mut bob = super::Peer::from_stream(bob);

    let super::Live { mut child, stdin: mut typed, stdout: shown, stderr: talk } =
        super::live(&["chat", "join", &addr, "--nick", "alice", "--encoding", "gbk"]);
    // The course's server keeps the newline in the name: `用户 alice\n 连接上了`.
    until_line(&said, "共有用户 2");
    until_line(&talk, "does not answer like nt chat serve");
    bob.send_bytes(&gbk("all:大家好"));
    until_line(&shown, "bob:大家好");
    typed.write_all("all:你好 from nt\n".as_bytes()).unwrap();
    let mut got = Vec::new();
    while !String::from_utf8_lossy(&got).contains("from nt") {
        let mut chunk = [0u8; 256];
        let n = std::io::Read::read(&mut bob.writer, &mut chunk).unwrap_or(0);
        got.extend_from_slice(&chunk[..n]);
        assert!(got.len() < 4096 && n > 0, "{got:?}");
    }
    let (text, _, _) = encoding_rs::GBK.decode(&got);
    assert!(text.contains("你好 from nt"), "{text}");
    notices.write_all("通知 one\n".as_bytes()).unwrap();
    until_line(&shown, "通知 one");
    drop(typed);
    assert_eq!(wait_bounded(&mut child.0), Some(0));
}
