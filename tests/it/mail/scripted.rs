//! A server that misbehaves on purpose: it greets (or stays silent) and answers each
//! command line from a script (or stays silent), recording what it received. It serves
//! one connection, on 127.0.0.1, and stops on Drop.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

pub struct Scripted {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl Scripted {
    /// `greeting` is sent first (none: silent); `reply` answers each line (none: silent).
    pub fn start(greeting: Option<&'static str>, reply: fn(&str) -> Option<String>) -> Scripted {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the scripted server");
        let addr = listener.local_addr().expect("scripted address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let lines = received.clone();
        let thread = std::thread::spawn(move || {
            let Ok((mut sock, _)) = listener.accept() else { return };
            let _ = sock.set_read_timeout(Some(Duration::from_secs(20)));
            if let Some(greeting) = greeting {
                let _ = sock.write_all(greeting.as_bytes());
            }
            let Ok(clone) = sock.try_clone() else { return };
            for line in BufReader::new(clone).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line.clone());
                if let Some(answer) = reply(&line) {
                    let _ = sock.write_all(answer.as_bytes());
                }
            }
        });
        Scripted { addr, received, thread: Some(thread) }
    }

    pub fn port(&self) -> String {
        self.addr.port().to_string()
    }

    /// The lines received so far.
    pub fn received(&self) -> Vec<String> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for Scripted {
    fn drop(&mut self) {
        // Unblock a pending accept; the reader ends when nt has closed its side.
        let _ = std::net::TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
