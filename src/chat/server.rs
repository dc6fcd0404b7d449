//! `nt chat serve`: the room. One tokio task per connection (reading and writing joined in
//! it), one bounded outgoing queue per user, a broadcast encoded once and shared as `Bytes`.
//!
//! Nothing here may wait on one user while holding the room: delivery is `try_send`, and a
//! user whose queue is full is disconnected (`[error] slow`) by its own task, so a client
//! that stops reading never delays anyone else. Per-connection memory is kept small: no
//! read buffer while idle, queues grow in small blocks only as lines wait.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use anyhow::Context;
use bytes::Bytes;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, mpsc};

use super::protocol::{self, Bucket, Command, Event, Framed, LineBuf, clean_text, nick_key};
use crate::cli::ChatServeArgs;
use crate::error::{Kind, Tag, fail};
use crate::output::Output;

/// How long a new connection may take to choose a nickname.
const NICK_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the last lines (an error, the goodbye) may take to leave after a user is done.
const LINGER: Duration = Duration::from_secs(2);
/// A writer sends at most this many queued lines in one vectored write.
const BATCH: usize = 64;
/// A `[who]` line holds nicknames up to about this many bytes.
const WHO_LINE: usize = 1000;

/// The limits from the command line.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_clients: usize,
    pub max_line: usize,
    pub queue: usize,
    pub rate: u32,
    pub burst: u32,
    pub announce_max: usize,
}

/// One user in the room, as the room sees it.
struct Member {
    nick: Arc<str>,
    tx: mpsc::Sender<Bytes>,
    /// Wakes the user's writer to disconnect it when its queue overflows.
    kick: Arc<Notify>,
    kicked: bool,
}

impl Member {
    /// Queue a line without waiting; a full queue marks the user as too slow.
    fn deliver(&mut self, line: &Bytes) {
        if self.kicked {
            return;
        }
        if let Err(mpsc::error::TrySendError::Full(_)) = self.tx.try_send(line.clone()) {
            self.kicked = true;
            self.kick.notify_one();
        }
    }
}

/// Everyone online, by nickname key; shared by every connection task.
pub struct Room {
    members: Mutex<HashMap<String, Member>>,
    connections: AtomicUsize,
    limits: Limits,
    motd: Option<String>,
    out: Output,
}

/// A server line, encoded once with its LF.
fn encode(event: &Event) -> Bytes {
    Bytes::from(format!("{event}\n"))
}

impl Room {
    pub fn new(limits: Limits, motd: Option<String>, out: Output) -> Room {
        Room {
            members: Mutex::new(HashMap::new()),
            connections: AtomicUsize::new(0),
            limits,
            motd,
            out,
        }
    }

    fn members(&self) -> MutexGuard<'_, HashMap<String, Member>> {
        // A panic while holding the lock cannot leave the map half-updated (every update
        // is one insert or remove), so a poisoned lock is still usable.
        self.members.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Send one line to everyone except `skip`.
    pub fn broadcast(&self, event: &Event, skip: Option<&str>) {
        let line = encode(event);
        for (key, member) in self.members().iter_mut() {
            if Some(key.as_str()) != skip {
                member.deliver(&line);
            }
        }
    }

    /// Send one line to one user; false when nobody has that nickname.
    fn send_to(&self, key: &str, event: &Event) -> bool {
        match self.members().get_mut(key) {
            Some(member) => {
                member.deliver(&encode(event));
                true
            }
            None => false,
        }
    }

    /// Take a nickname; false when it is taken. The welcome is queued under the room's lock,
    /// so it reaches the user before any line sent to the room after the join.
    fn claim(&self, nick: &str, tx: &mpsc::Sender<Bytes>, kick: &Arc<Notify>) -> bool {
        let key = nick_key(nick);
        let mut members = self.members();
        if members.contains_key(&key) {
            return false;
        }
        let line = encode(&Event::Join { nick: nick.to_string() });
        if members.len() < self.limits.announce_max {
            members.values_mut().for_each(|m| m.deliver(&line));
        }
        let mut member =
            Member { nick: nick.into(), tx: tx.clone(), kick: kick.clone(), kicked: false };
        member.deliver(&encode(&Event::Welcome { nick: nick.to_string() }));
        members.insert(key, member);
        true
    }

    /// Change a nickname; false when the new one is taken by someone else.
    fn rename(&self, old: &str, new: &str) -> bool {
        let (old_key, new_key) = (nick_key(old), nick_key(new));
        let mut members = self.members();
        if old_key != new_key && members.contains_key(&new_key) {
            return false;
        }
        let Some(mut member) = members.remove(&old_key) else { return false };
        member.nick = new.into();
        members.insert(new_key, member);
        let line = encode(&Event::Nick { old: old.to_string(), new: new.to_string() });
        members.values_mut().for_each(|m| m.deliver(&line));
        true
    }

    /// Remove a user and announce why it left.
    fn leave(&self, nick: &str, reason: &str) {
        let mut members = self.members();
        if members.remove(&nick_key(nick)).is_none() {
            return;
        }
        if members.len() < self.limits.announce_max {
            let line = encode(&Event::Leave { nick: nick.to_string(), reason: reason.into() });
            members.values_mut().for_each(|m| m.deliver(&line));
        }
        let online = members.len();
        drop(members);
        self.out.info(&format!("{} left ({reason}), {online} online", sanitize(nick)));
    }

    fn who(&self) -> Vec<Arc<str>> {
        let mut nicks: Vec<Arc<str>> = self.members().values().map(|m| m.nick.clone()).collect();
        nicks.sort_unstable();
        nicks
    }
}

fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    crate::output::sanitize(text)
}

/// Bind the listener; `:port` is dual-stack where the host has IPv6.
pub fn bind(addrs: &[SocketAddr]) -> anyhow::Result<TcpListener> {
    let mut last = None;
    for addr in addrs {
        match bind_one(*addr) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some(e.context(format!("cannot listen on {addr}"))),
        }
    }
    Err(last.unwrap_or_else(|| anyhow::anyhow!("no address to listen on"))).kind(Kind::Network)
}

fn bind_one(addr: SocketAddr) -> anyhow::Result<TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    if addr.is_ipv6() && addr.ip().is_unspecified() {
        socket.set_only_v6(false)?;
    }
    socket.set_reuse_address(true)?;
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    // A deep backlog: thousands of users may connect within a second.
    socket.listen(4096)?;
    Ok(TcpListener::from_std(socket.into())?)
}

/// Raise the open-files soft limit to the hard limit, so thousands of users fit.
pub fn raise_nofile() -> u64 {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit only read and write the struct we pass.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 0;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                return raised.rlim_cur;
            }
        }
    }
    limit.rlim_cur
}

/// Run the server until Ctrl-C.
pub async fn serve(args: ChatServeArgs, out: &Output) -> anyhow::Result<()> {
    let files = raise_nofile();
    out.debug(&format!("open-files limit {files}"));
    let listener = bind(&args.addr.resolve()?)?;
    let local = listener.local_addr().context("cannot read the listening address")?;
    // Always announced (even with -q): scripts and tests read the port from it.
    out.listening(local, true);
    let limits = Limits {
        max_clients: args.max_clients,
        max_line: usize::try_from(args.max_line.0).unwrap_or(usize::MAX).max(1),
        queue: args.queue.max(1),
        rate: args.rate,
        burst: args.burst,
        announce_max: args.announce_max,
    };
    let motd = args.motd.as_deref().map(|m| clean_text(m).into_owned());
    let room = Arc::new(Room::new(limits, motd, out.clone()));
    tokio::spawn(notices(room.clone()));
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        tokio::select! {
            _ = &mut ctrl_c => return Err(fail(Kind::Interrupted, "interrupted")),
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    tokio::spawn(connection(room.clone(), stream, peer));
                }
                Err(e) => {
                    // Out of file descriptors or a connection reset while queued: keep going.
                    out.warn(&format!("accept failed: {e}"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
}

/// Lines typed on the server's stdin go to everyone as `[notice]`. EOF ends only this task.
async fn notices(room: Arc<Room>) {
    let mut stdin = tokio::io::BufReader::new(tokio::io::stdin());
    let mut line = Vec::new();
    loop {
        line.clear();
        match stdin.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(&line);
        let text = clean_text(text.trim_end_matches(['\n', '\r']));
        if !text.is_empty() {
            room.broadcast(&Event::Notice { text: text.into_owned() }, None);
        }
    }
}

/// Why a connection ended; the text is the `[leave]` reason.
enum End {
    Quit,
    Closed,
    Lost,
    Flood,
    Slow,
    Timeout,
}

impl End {
    fn reason(&self) -> &'static str {
        match self {
            End::Quit => "quit",
            End::Closed => "closed",
            End::Lost => "connection-lost",
            End::Flood => "flood",
            End::Slow => "too-slow",
            End::Timeout => "timeout",
        }
    }
}

/// One connection from accept to close.
async fn connection(room: Arc<Room>, stream: TcpStream, peer: SocketAddr) {
    let _ = stream.set_nodelay(true);
    let count = room.connections.fetch_add(1, Ordering::SeqCst) + 1;
    let (read, mut write) = stream.into_split();
    if count > room.limits.max_clients {
        let line =
            encode(&error("full", &format!("server full ({} users)", room.limits.max_clients)));
        let _ = tokio::time::timeout(LINGER, write.write_all(&line)).await;
        let _ = write.shutdown().await;
        drain(&read).await;
        room.connections.fetch_sub(1, Ordering::SeqCst);
        return;
    }
    let (tx, rx) = mpsc::channel(room.limits.queue);
    let kick = Arc::new(Notify::new());
    let mut session = Session { room: &room, tx, kick: kick.clone(), nick: None, peer };
    let writer = write_loop(&mut write, rx, &kick);
    tokio::pin!(writer);
    let end = tokio::select! {
        end = session.run(&read) => end,
        slow = &mut writer => if slow { End::Slow } else { End::Lost },
    };
    if let Some(nick) = session.nick.take() {
        room.leave(&nick, end.reason());
    }
    drop(session);
    // The queue is closed now: the writer sends what is left (an error, a goodbye) and ends.
    if !matches!(end, End::Slow | End::Lost) {
        let _ = tokio::time::timeout(LINGER, &mut writer).await;
        if !matches!(end, End::Closed) {
            drain(&read).await;
        }
    }
    room.connections.fetch_sub(1, Ordering::SeqCst);
}

fn error(code: &str, text: &str) -> Event {
    Event::Error { code: code.into(), text: text.into() }
}

/// Write queued lines in batches until the queue closes. True when kicked for being slow.
async fn write_loop(
    write: &mut OwnedWriteHalf,
    mut rx: mpsc::Receiver<Bytes>,
    kick: &Notify,
) -> bool {
    loop {
        let first = tokio::select! {
            biased;
            () = kick.notified() => return true,
            line = rx.recv() => match line {
                Some(line) => line,
                None => break,
            },
        };
        // A fresh batch each time: an idle connection keeps no batch buffer.
        let mut batch = Vec::with_capacity(1 + rx.len().min(BATCH - 1));
        batch.push(first);
        while batch.len() < BATCH {
            match rx.try_recv() {
                Ok(line) => batch.push(line),
                Err(_) => break,
            }
        }
        tokio::select! {
            biased;
            () = kick.notified() => return true,
            done = write_all_vectored(write, &mut batch) => if done.is_err() { return false },
        }
    }
    let _ = write.shutdown().await;
    false
}

/// Write every line of the batch, however the kernel splits the writes.
async fn write_all_vectored(write: &mut OwnedWriteHalf, batch: &mut [Bytes]) -> io::Result<()> {
    use bytes::Buf;
    let mut first = 0;
    while first < batch.len() {
        let slices: Vec<io::IoSlice<'_>> =
            batch[first..].iter().map(|b| io::IoSlice::new(b)).collect();
        let mut written = write.write_vectored(&slices).await?;
        if written == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        while first < batch.len() && written >= batch[first].len() {
            written -= batch[first].len();
            first += 1;
        }
        if first < batch.len() {
            batch[first].advance(written);
        }
    }
    Ok(())
}

/// One user's side of the conversation: what it sends, and the replies meant for it alone.
struct Session<'a> {
    room: &'a Room,
    tx: mpsc::Sender<Bytes>,
    kick: Arc<Notify>,
    nick: Option<String>,
    peer: SocketAddr,
}

impl Session<'_> {
    /// A line for this user alone; a full queue means it is too slow.
    fn reply(&self, event: &Event) {
        if let Err(mpsc::error::TrySendError::Full(_)) = self.tx.try_send(encode(event)) {
            self.kick.notify_one();
        }
    }

    fn refuse(&self, code: &str, text: &str) {
        self.reply(&error(code, text));
    }

    async fn run(&mut self, read: &OwnedReadHalf) -> End {
        let mut lines = LineBuf::new(self.room.limits.max_line);
        let mut bucket = Bucket::new(self.room.limits.rate, self.room.limits.burst, Instant::now());
        let deadline = tokio::time::Instant::now() + NICK_TIMEOUT;
        loop {
            let item = match lines.pop() {
                Some(item) => item,
                None => {
                    let read_some = read_into(read, &mut lines);
                    let got = if self.nick.is_none() {
                        match tokio::time::timeout_at(deadline, read_some).await {
                            Ok(got) => got,
                            Err(_) => {
                                self.refuse("timeout", "no nickname given; disconnected");
                                return End::Timeout;
                            }
                        }
                    } else {
                        read_some.await
                    };
                    match got {
                        Ok(0) => match lines.finish() {
                            Some(item) => {
                                if let Some(end) = self.handle(item, &mut bucket) {
                                    return end;
                                }
                                return End::Closed;
                            }
                            None => return End::Closed,
                        },
                        Ok(_) => continue,
                        Err(_) => return End::Lost,
                    }
                }
            };
            if let Some(end) = self.handle(item, &mut bucket) {
                return end;
            }
        }
    }

    /// Act on one framed line; `Some` ends the connection.
    fn handle(&mut self, item: Framed, bucket: &mut Bucket) -> Option<End> {
        // The nickname line is free; a client that keeps sending bad ones only fills its
        // own queue with refusals and is dropped as too slow.
        if self.nick.is_some() && !bucket.take(Instant::now()) {
            let limits = &self.room.limits;
            let text = format!(
                "more than {} lines in a burst or {} lines/s; disconnected",
                limits.burst, limits.rate
            );
            self.refuse("flood", &text);
            return Some(End::Flood);
        }
        let line = match item {
            Framed::TooLong => {
                let max = self.room.limits.max_line;
                self.refuse("too-long", &format!("line longer than {max} bytes; dropped"));
                return None;
            }
            Framed::Line(bytes) => match String::from_utf8(bytes) {
                Ok(line) => line,
                Err(_) => {
                    self.refuse("bad-utf8", "line is not valid UTF-8; dropped");
                    return None;
                }
            },
        };
        match self.nick.clone() {
            None => {
                self.choose_nick(&line);
                None
            }
            Some(nick) => self.command(&nick, &line),
        }
    }

    fn choose_nick(&mut self, line: &str) {
        let wanted = line.trim();
        let wanted = wanted.strip_prefix("/nick ").map_or(wanted, str::trim);
        if wanted.is_empty() {
            return;
        }
        if let Err(why) = protocol::check_nick(wanted) {
            self.refuse("nick-invalid", &format!("{why}; send another nickname"));
            return;
        }
        if !self.room.claim(wanted, &self.tx, &self.kick) {
            self.refuse("nick-taken", &format!("'{wanted}' is taken; send another nickname"));
            return;
        }
        self.nick = Some(wanted.to_string());
        let online = self.room.members().len();
        self.reply(&Event::Info { text: format!("{online} online; /help for commands") });
        if let Some(motd) = &self.room.motd {
            self.reply(&Event::Motd { text: motd.clone() });
        }
        self.room.out.info(&format!(
            "{} joined from {}, {online} online",
            sanitize(wanted),
            self.peer
        ));
    }

    fn command(&mut self, nick: &str, line: &str) -> Option<End> {
        let room = self.room;
        match protocol::parse_command(line) {
            Command::Empty => {}
            Command::Say(text) => {
                let event = Event::Message { from: nick.into(), text: clean_text(text).into() };
                room.broadcast(&event, Some(&nick_key(nick)));
            }
            Command::Msg { to, text } => {
                let text = clean_text(text).into_owned();
                if nick_key(to) == "all" {
                    let event = Event::Message { from: nick.into(), text };
                    room.broadcast(&event, Some(&nick_key(nick)));
                } else if !room.send_to(&nick_key(to), &Event::Private { from: nick.into(), text })
                {
                    self.refuse("offline", &format!("{} is not online", clean_text(to)));
                }
            }
            Command::Who => {
                let nicks = room.who();
                let mut chunk: Vec<String> = Vec::new();
                let mut size = 0;
                for nick in nicks.iter() {
                    if size + nick.len() > WHO_LINE && !chunk.is_empty() {
                        self.reply(&Event::Who { nicks: std::mem::take(&mut chunk) });
                        size = 0;
                    }
                    size += nick.len() + 1;
                    chunk.push(nick.to_string());
                }
                self.reply(&Event::Who { nicks: chunk });
                self.reply(&Event::Info { text: format!("{} online", nicks.len()) });
            }
            Command::Nick(new) => self.change_nick(nick, new),
            Command::Quit => {
                self.reply(&Event::Info { text: "bye".into() });
                return Some(End::Quit);
            }
            Command::Help => {
                for text in protocol::HELP {
                    self.reply(&Event::Info { text: text.into() });
                }
            }
            Command::Usage(usage) => self.refuse("usage", &format!("usage: {usage}")),
            Command::Unknown(name) => {
                let text = format!("unknown command /{}; /help lists them", clean_text(name));
                self.refuse("unknown-command", &text);
            }
        }
        None
    }

    fn change_nick(&mut self, nick: &str, new: &str) {
        if let Err(why) = protocol::check_nick(new) {
            self.refuse("nick-invalid", &why);
        } else if !self.room.rename(nick, new) {
            self.refuse("nick-taken", &format!("'{new}' is taken"));
        } else {
            self.nick = Some(new.to_string());
        }
    }
}

/// Wait until the socket is readable, then read what is there into the line buffer through
/// a stack buffer, so an idle connection holds no heap buffer. Ok(0) is end of stream.
async fn read_into(read: &OwnedReadHalf, lines: &mut LineBuf) -> io::Result<usize> {
    loop {
        read.readable().await?;
        match try_read_chunk(read, lines) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
            other => return other,
        }
    }
}

/// After the last lines were sent to a user being disconnected, read and discard what it
/// still sends for a moment: closing with unread input would reset the connection, and the
/// reset can destroy the error line before the user reads it.
async fn drain(read: &OwnedReadHalf) {
    let discard = async {
        loop {
            if read.readable().await.is_err() {
                return;
            }
            let mut sink = [0u8; 8192];
            match read.try_read(&mut sink) {
                Ok(0) => return,
                Err(e) if e.kind() != io::ErrorKind::WouldBlock => return,
                _ => {}
            }
        }
    };
    let _ = tokio::time::timeout(LINGER, discard).await;
}

fn try_read_chunk(read: &OwnedReadHalf, lines: &mut LineBuf) -> io::Result<usize> {
    let mut chunk = [0u8; 8192];
    let n = read.try_read(&mut chunk)?;
    lines.push(&chunk[..n]);
    Ok(n)
}
