//! One connection from accept to close: the login (choosing a nickname), then the user's
//! reader and writer, joined in one task.
//!
//! The reader takes one token of the user's flood bucket per line, before the nickname
//! too; when the bucket is empty it stops reading the socket until a token returns (the
//! fake lag of IRC servers), so a fast sender is slowed, never cut off, and its lines
//! arrive whole and in order. Nothing is read into the heap while a user is idle: a read
//! goes through a buffer on the stack into the line framer. A connection has
//! `--login-timeout` to choose a nickname and counts meanwhile against `--max-pending`
//! of its source address.
//!
//! A first chunk without a newline, followed by a pause, is the nickname of the course's
//! client; such a connection then speaks the course's dialect (`course.rs`).

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsAcceptor;

use super::bus::Refusal;
use super::log::{Cursor, Inbox};
use super::room::{Delivery, Name, Room};
use super::writer::{Dialect, LINGER, Reason, goodbye, refuse, send_now, write_loop};
use crate::chat::course;
use crate::chat::nick::{check_nick, nick_key};
use crate::chat::protocol::{self, Bucket, Command, Event, Framed, LineBuf, clean_text};
use crate::net::serve::Pass;
use crate::output::sanitize;

/// How long a client may pause after a chunk without a newline before the chunk is taken
/// as a whole line (the course's client sends its lines without newlines).
const CHUNK_PAUSE: Duration = Duration::from_millis(400);

/// The user's side of the socket with what is needed to read lines from it.
struct Incoming<R> {
    read: R,
    lines: LineBuf,
    bucket: Bucket,
}

/// A user in the room, as its connection knows it.
struct User {
    inbox: Inbox,
    name: Arc<Name>,
    dialect: Dialect,
}

/// Serve one accepted connection (TLS first when the server has it).
pub async fn connection(
    room: Arc<Room>,
    stream: TcpStream,
    peer: SocketAddr,
    tls: Option<TlsAcceptor>,
    pass: Pass,
) {
    match tls {
        None => {
            let (read, write) = stream.into_split();
            serve(&room, read, write, peer, pass).await;
        }
        // Boxed: the handshake and the TLS stream are large, and a future kept inline
        // would make every plain connection's task as large.
        Some(acceptor) => Box::pin(serve_tls(&room, stream, peer, acceptor, pass)).await,
    }
}

/// Serve a connection over TLS, after the handshake (within `--login-timeout`).
async fn serve_tls(
    room: &Room,
    stream: TcpStream,
    peer: SocketAddr,
    acceptor: TlsAcceptor,
    pass: Pass,
) {
    let limit = room.limits.login_timeout;
    match crate::net::tls_accept_async(&acceptor, stream, limit).await {
        Ok(stream) => {
            let (read, write) = tokio::io::split(stream);
            serve(room, read, write, peer, pass).await;
        }
        Err(e) => room.out.debug(&format!("{peer}: {}", crate::error::one_line(&e))),
    }
}

async fn serve<R, W>(room: &Room, read: R, mut write: W, peer: SocketAddr, mut pass: Pass)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let limits = &room.limits;
    let mut incoming = Incoming {
        read,
        lines: LineBuf::new(limits.max_line),
        bucket: Bucket::new(limits.rate, limits.burst, Instant::now()),
    };
    let login = login(room, &mut incoming, &mut write).await;
    pass.logged_in();
    let (mut user, cursor) = match login {
        Ok(joined) => joined,
        Err(Some((event, dialect))) => {
            return refuse(&mut incoming.read, &mut write, &event, dialect).await;
        }
        Err(None) => return goodbye(&mut incoming.read, &mut write, false).await,
    };
    let online = room.online();
    room.out.info(&format!("{} joined from {peer}, {online} online", sanitize(&user.name.get())));
    let (dialect, inbox) = (user.dialect, user.inbox.clone());
    let reason = tokio::select! {
        reason = read_loop(room, &mut incoming, &mut user) => reason,
        reason = write_loop(room, &mut write, cursor, &inbox, dialect) => reason,
    };
    room.leave(&user.name.get(), reason);
    goodbye(&mut incoming.read, &mut write, matches!(reason, "quit" | "kicked")).await;
}

fn error(code: &str, text: &str) -> Event {
    Event::Error { code: code.into(), text: text.into() }
}

/// Why a login ended without a nickname: the last line to send, or nothing (the peer
/// closed).
type LoginEnd = Option<(Event, Dialect)>;

/// Read nickname lines until one is taken, within `--login-timeout`.
async fn login<R, W>(
    room: &Room,
    incoming: &mut Incoming<R>,
    write: &mut W,
) -> Result<(User, Cursor), LoginEnd>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let limit = room.limits.login_timeout;
    let deadline = tokio::time::Instant::now() + limit;
    let timeout = |dialect| {
        let text = format!("no nickname within {limit:?}; disconnected");
        Some((error("timeout", &text), dialect))
    };
    loop {
        let (item, dialect) = match tokio::time::timeout_at(deadline, incoming.next(true)).await {
            Err(_) => return Err(timeout(Dialect::Nt)),
            Ok(Ok(Some((item, chunk)))) => {
                (item, if chunk { Dialect::Course } else { Dialect::Nt })
            }
            Ok(Ok(None) | Err(_)) => return Err(None),
        };
        if tokio::time::timeout_at(deadline, incoming.slow_down()).await.is_err() {
            return Err(timeout(dialect));
        }
        let wanted = match (item, dialect) {
            (Framed::TooLong, _) => {
                let max = room.limits.max_line;
                Err(error("too-long", &format!("line longer than {max} bytes; dropped")))
            }
            (Framed::Line(bytes), Dialect::Course) => Ok(course::decode(&bytes, false)),
            (Framed::Line(bytes), Dialect::Nt) => String::from_utf8(bytes)
                .map_err(|_| error("bad-utf8", "line is not valid UTF-8; dropped")),
        };
        let chosen = match wanted {
            Ok(nick) => choose_nick(room, &nick, dialect).await,
            Err(event) => Err(event),
        };
        let refused = match chosen {
            Ok(Some(joined)) => return Ok(joined),
            Ok(None) => continue,
            Err(event) => event,
        };
        if send_now(write, &refused, dialect).await.is_err() {
            return Err(None);
        }
    }
}

/// Try one nickname line: the user when it is taken, `None` for an empty line, or the
/// refusal to send back.
async fn choose_nick(
    room: &Room,
    line: &str,
    dialect: Dialect,
) -> Result<Option<(User, Cursor)>, Event> {
    let wanted = line.trim();
    let wanted = wanted.strip_prefix("/nick ").map_or(wanted, str::trim);
    if wanted.is_empty() {
        return Ok(None);
    }
    if let Err(why) = check_nick(wanted) {
        return Err(error("nick-invalid", &format!("{why}; send another nickname")));
    }
    match room.claim(wanted).await {
        Ok((inbox, name, cursor)) => Ok(Some((User { inbox, name, dialect }, cursor))),
        Err(Refusal::Taken) => {
            Err(error("nick-taken", &format!("'{wanted}' is taken; send another nickname")))
        }
        Err(Refusal::Split) => Err(split_refusal(wanted)),
    }
}

/// A new nickname cannot be leased while the cluster's Redis is out of reach.
fn split_refusal(wanted: &str) -> Event {
    error(
        "nick-unavailable",
        &format!(
            "'{wanted}' cannot be reserved across the cluster now (the room is split); \
             try again soon"
        ),
    )
}

impl<R: AsyncRead + Unpin> Incoming<R> {
    /// The next line, and whether it was a chunk without a newline taken after a pause
    /// (`chunks`: such chunks are lines, for the course's client); `None` at the end.
    async fn next(&mut self, chunks: bool) -> io::Result<Option<(Framed, bool)>> {
        loop {
            if let Some(item) = self.lines.pop() {
                return Ok(Some((item, false)));
            }
            let got = if chunks && self.lines.has_partial() {
                match tokio::time::timeout(CHUNK_PAUSE, read_some(&mut self.read, &mut self.lines))
                    .await
                {
                    Ok(got) => got?,
                    Err(_) => return Ok(self.lines.finish().map(|item| (item, true))),
                }
            } else {
                read_some(&mut self.read, &mut self.lines).await?
            };
            if got == 0 {
                return Ok(self.lines.finish().map(|item| (item, false)));
            }
        }
    }

    /// Take one line's token, first waiting (without reading) until there is one.
    async fn slow_down(&mut self) {
        while let Some(wait) = self.bucket.wait(Instant::now()) {
            tokio::time::sleep(wait).await;
        }
    }
}

/// Wait until the socket has bytes, then put them into the line framer through a buffer
/// on the stack (an idle connection holds no read buffer). Ok(0) is the end of stream.
async fn read_some<R: AsyncRead + Unpin>(read: &mut R, lines: &mut LineBuf) -> io::Result<usize> {
    std::future::poll_fn(|cx| {
        let mut chunk = [0u8; 4096];
        let mut buf = ReadBuf::new(&mut chunk);
        match Pin::new(&mut *read).poll_read(cx, &mut buf) {
            Poll::Ready(Ok(())) => {
                lines.push(buf.filled());
                Poll::Ready(Ok(buf.filled().len()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}

/// Read the user's lines and act on them until it leaves; the reason.
async fn read_loop<R: AsyncRead + Unpin>(
    room: &Room,
    incoming: &mut Incoming<R>,
    user: &mut User,
) -> Reason {
    loop {
        let item = match incoming.next(user.dialect == Dialect::Course).await {
            Ok(Some((item, _))) => item,
            Ok(None) => {
                // The writer sends what is left and ends at this mark (or LINGER passes).
                room.close(&user.inbox, None, "closed");
                tokio::time::sleep(LINGER).await;
                return "closed";
            }
            Err(_) => return "connection-lost",
        };
        incoming.slow_down().await;
        if let Some(reason) = handle(room, user, item).await {
            tokio::time::sleep(LINGER).await;
            return reason;
        }
    }
}

/// Act on one line; `Some` when the user is leaving (its goodbye is on its way).
async fn handle(room: &Room, user: &mut User, item: Framed) -> Option<Reason> {
    let refuse = |code: &str, text: &str| room.reply(&user.inbox, &error(code, text));
    let line = match (item, user.dialect) {
        (Framed::TooLong, _) => {
            let max = room.limits.max_line;
            refuse("too-long", &format!("line longer than {max} bytes; dropped"));
            return None;
        }
        (Framed::Line(bytes), Dialect::Course) => course::decode(&bytes, true),
        (Framed::Line(bytes), Dialect::Nt) => match String::from_utf8(bytes) {
            Ok(line) => line,
            Err(_) => {
                refuse("bad-utf8", "line is not valid UTF-8; dropped");
                return None;
            }
        },
    };
    let command = match user.dialect {
        Dialect::Nt => protocol::parse_command(&line),
        Dialect::Course => course::parse_line(&line),
    };
    command_of(room, user, command).await
}

async fn command_of(room: &Room, user: &mut User, command: Command<'_>) -> Option<Reason> {
    let (inbox, nick) = (&user.inbox, user.name.get());
    let id = inbox.id;
    let refuse = |code: &str, text: &str| room.reply(inbox, &error(code, text));
    match command {
        Command::Empty => {}
        Command::Say(text) => room.say(id, &nick, &clean_text(text)),
        Command::Msg { to, text } => {
            let text = clean_text(text);
            if nick_key(to) == "all" {
                room.say(id, &nick, &text);
            } else if room.send_to(&nick, to, &text) == Delivery::Offline {
                refuse("offline", &format!("{} is not online", clean_text(to)));
            }
        }
        Command::Who => {
            let (lines, online) = room.who_lines();
            lines.iter().for_each(|line| room.reply(inbox, line));
            room.reply(inbox, &Event::Info { text: format!("{online} online") });
        }
        Command::Nick(new) => {
            if let Err(why) = check_nick(new) {
                refuse("nick-invalid", &why);
            } else {
                // Boxed: a rename may wait on the cluster's bus, and that future kept
                // inline would sit in every connection's task; only a /nick allocates.
                match Box::pin(room.rename(id, &nick, new)).await {
                    Ok(()) => {}
                    Err(Refusal::Taken) => refuse("nick-taken", &format!("'{new}' is taken")),
                    Err(Refusal::Split) => room.reply(inbox, &split_refusal(new)),
                }
            }
        }
        Command::Quit => {
            room.close(inbox, Some(&Event::Info { text: "bye".into() }), "quit");
            return Some("quit");
        }
        Command::Help => {
            protocol::HELP
                .iter()
                .for_each(|text| room.reply(inbox, &Event::Info { text: (*text).into() }));
        }
        Command::Usage(usage) => refuse("usage", &format!("usage: {usage}")),
        Command::Unknown(name) => {
            refuse(
                "unknown-command",
                &format!("unknown command /{}; /help lists them", clean_text(name)),
            );
        }
    }
    None
}
