//! `nt chat join`: send the nickname, wait for `[welcome]`, then print what arrives while
//! sending what is typed (the line editor on a terminal, plain lines from a pipe).
//!
//! Peer text is sanitized before it reaches a terminal; `--json` prints one event object
//! per server line. This module never decides how the server behaves: it only reads the
//! documented server lines (`protocol::parse_event`).

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::Context;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use super::protocol::{self, Event, FATAL, Framed, LineBuf};
use crate::cli::ChatJoinArgs;
use crate::console::{Console, Printer, Typed};
use crate::error::{Kind, Tag, fail};
use crate::output::{Output, Style, sanitize};

/// Longest server line kept; the server's own limit is far below this.
const MAX_SERVER_LINE: usize = 1 << 20;

/// Server lines, cut at LF whatever the read boundaries. Cancel-safe: a read that did not
/// finish consumed nothing.
struct ServerLines {
    read: OwnedReadHalf,
    lines: LineBuf,
    chunk: Vec<u8>,
    eof: bool,
}

impl ServerLines {
    async fn next(&mut self) -> anyhow::Result<Option<String>> {
        loop {
            match self.lines.pop() {
                Some(Framed::Line(bytes)) => return Ok(Some(lossy(bytes))),
                Some(Framed::TooLong) => continue,
                None if self.eof => {
                    return Ok(match self.lines.finish() {
                        Some(Framed::Line(bytes)) => Some(lossy(bytes)),
                        _ => None,
                    });
                }
                None => {}
            }
            let n = self
                .read
                .read(&mut self.chunk)
                .await
                .context("connection lost")
                .kind(Kind::Network)?;
            if n == 0 {
                self.eof = true;
            }
            self.lines.push(&self.chunk[..n]);
        }
    }
}

fn lossy(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Where arriving lines go: above the prompt on a terminal, else stdout.
struct Screen<'a> {
    out: &'a Output,
    printer: Option<Printer>,
}

impl Screen<'_> {
    fn show(&self, line: &str, event: &Event) -> anyhow::Result<()> {
        if self.out.is_json() {
            return self.out.json(event);
        }
        let text = sanitize(line);
        let style = match event {
            Event::Private { .. } => Some(Style::Magenta),
            Event::Notice { .. } | Event::Motd { .. } => Some(Style::Yellow),
            Event::Error { .. } => Some(Style::Red),
            Event::Join { .. } | Event::Leave { .. } | Event::Nick { .. } => Some(Style::Dim),
            Event::Welcome { .. } => Some(Style::Green),
            Event::Who { .. } => Some(Style::Blue),
            Event::Info { .. } => Some(Style::Cyan),
            Event::Message { .. } | Event::Raw { .. } => None,
        };
        let text = match style {
            Some(style) => self.out.paint(style, &text).into_owned(),
            None => text.into_owned(),
        };
        match &self.printer {
            Some(printer) => {
                printer.print(&text);
                Ok(())
            }
            None => self.out.line(&text),
        }
    }
}

pub async fn join(args: ChatJoinArgs, out: &Output) -> anyhow::Result<ExitCode> {
    protocol::check_nick(&args.nick)
        .map_err(|why| fail(Kind::Usage, format!("invalid nickname '{}': {why}", args.nick)))?;
    let stream = connect(&args).await?;
    let _ = stream.set_nodelay(true);
    let (read, mut write) = stream.into_split();
    let mut server = ServerLines {
        read,
        lines: LineBuf::new(MAX_SERVER_LINE),
        chunk: vec![0; 16 * 1024],
        eof: false,
    };
    write
        .write_all(format!("{}\n", args.nick).as_bytes())
        .await
        .context("connection lost")
        .kind(Kind::Network)?;
    let interactive = out.stdin_tty() && out.stdout_tty() && !out.is_json();
    let mut screen = Screen { out, printer: None };
    tokio::time::timeout(args.timeout, welcome(&mut server, &screen, &args.nick))
        .await
        .map_err(|_| {
            fail(Kind::Network, format!("no welcome from {} within {:?}", args.addr, args.timeout))
        })
        .hint("is it an nt chat server?")??;
    let mut typed = if interactive {
        let (printer, rx) = Console::start(&format!("{}> ", args.nick))?;
        screen.printer = Some(printer);
        rx
    } else {
        read_stdin_lines()
    };
    converse(&mut server, &mut write, &mut typed, &screen).await
}

/// The session proper: print what arrives, send what is typed, until the server closes.
async fn converse(
    server: &mut ServerLines,
    write: &mut OwnedWriteHalf,
    typed: &mut UnboundedReceiver<Typed>,
    screen: &Screen<'_>,
) -> anyhow::Result<ExitCode> {
    let mut typing = true;
    let mut fatal: Option<String> = None;
    let mut lost: Option<anyhow::Error> = None;
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        tokio::select! {
            line = server.next() => match line {
                // A reset after the server said why it is closing: report the why.
                Err(_) if fatal.is_some() => break,
                Err(e) => return Err(e),
                Ok(Some(line)) => {
                    let event = protocol::parse_event(&line);
                    if let Event::Error { code, text } = &event
                        && FATAL.contains(&code.as_str())
                    {
                        fatal = Some(text.clone());
                    }
                    screen.show(&line, &event)?;
                }
                Ok(None) => break,
            },
            input = typed.recv(), if typing => match input {
                Some(Typed::Line(line)) => {
                    let line = format!("{}\n", line.trim_end_matches(['\r', '\n']));
                    if let Err(e) = write.write_all(line.as_bytes()).await {
                        // Keep reading: the server may have said why it is closing.
                        lost = Some(anyhow::Error::new(e).context("connection lost"));
                        typing = false;
                    }
                }
                Some(Typed::Interrupted) => {
                    let _ = write.write_all(b"/quit\n").await;
                    return Err(fail(Kind::Interrupted, "interrupted"));
                }
                Some(Typed::Eof) | None => {
                    // Half-close: the server sees the end, sends what is left, and closes.
                    typing = false;
                    let _ = write.shutdown().await;
                }
            },
            _ = &mut ctrl_c => {
                let _ = write.write_all(b"/quit\n").await;
                return Err(fail(Kind::Interrupted, "interrupted"));
            }
        }
    }
    if let Some(text) = fatal {
        let text = sanitize(&text);
        return Err(fail(Kind::Network, format!("disconnected by the server: {text}")));
    }
    match lost {
        Some(err) => Err(err).kind(Kind::Network),
        None => Ok(ExitCode::SUCCESS),
    }
}

/// Wait for `[welcome]`; a refused nickname is exit 6.
async fn welcome(server: &mut ServerLines, screen: &Screen<'_>, nick: &str) -> anyhow::Result<()> {
    while let Some(line) = server.next().await? {
        let event = protocol::parse_event(&line);
        match &event {
            Event::Welcome { .. } => return screen.show(&line, &event),
            Event::Error { code, text } if code.starts_with("nick-") => {
                return Err(fail(
                    Kind::Refused,
                    format!("the server refused nickname '{nick}': {}", sanitize(text)),
                ))
                .hint("choose another with --nick");
            }
            Event::Error { text, .. } => {
                return Err(fail(
                    Kind::Refused,
                    format!("the server refused the connection: {}", sanitize(text)),
                ));
            }
            _ => screen.show(&line, &event)?,
        }
    }
    Err(fail(Kind::Network, "the server closed the connection before accepting the nickname"))
}

async fn connect(args: &ChatJoinArgs) -> anyhow::Result<TcpStream> {
    let addrs = args.addr.resolve()?;
    let mut last: Option<anyhow::Error> = None;
    for addr in addrs {
        match tokio::time::timeout(args.timeout, TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => return Ok(stream),
            Ok(Err(e)) => last = Some(anyhow::Error::new(e)),
            Err(_) => last = Some(anyhow::anyhow!("timed out after {:?}", args.timeout)),
        }
    }
    let err = last.unwrap_or_else(|| anyhow::anyhow!("no address"));
    Err(err.context(format!("cannot connect to {}", args.addr))).kind(Kind::Network)
}

/// Plain stdin lines (not a terminal) from a thread, in the console's shape.
fn read_stdin_lines() -> UnboundedReceiver<Typed> {
    let (tx, rx) = unbounded_channel();
    let spawned = std::thread::Builder::new().name("stdin".into()).spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut line = Vec::new();
        loop {
            line.clear();
            match stdin.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let text = String::from_utf8_lossy(&line).into_owned();
                    if tx.send(Typed::Line(text)).is_err() {
                        return;
                    }
                }
            }
        }
        let _ = tx.send(Typed::Eof);
    });
    // Without the thread, stdin just counts as empty: the session still shows what arrives.
    drop(spawned);
    rx
}
