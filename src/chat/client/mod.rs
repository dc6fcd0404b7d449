//! `nt chat join`: dial (through `net.rs`: `--proxy`, TLS when asked), send the nickname, then
//! print what arrives while sending what is typed (the line editor on a terminal, plain
//! lines from a pipe).
//!
//! - `screen`: server lines in, cleaned, shown (text, colors, `--json` events);
//! - `input`: typed or piped lines out, at the socket's pace.
//!
//! `--timeout` bounds the connect, the TLS handshake and the wait for the answer to the
//! nickname. nt's server answers at once (`[welcome]` or `[error]`); a server that answers
//! with another line, or says nothing for `FOREIGN_AFTER`, is another kind of chat server
//! (`ncat --chat`, the course's): nt says so once on stderr, sends the stdin lines as they
//! are and shows what arrives as `raw` events. This module never decides how a server
//! behaves; it only reads the documented server lines.

mod input;
mod screen;

use std::process::ExitCode;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};

use crate::chat::nick::check_nick;
use crate::chat::protocol::{Event, FATAL};
use crate::cli::ChatJoinArgs;
use crate::console::Console;
use crate::error::{Hint, Kind, fail};
use crate::net::{Deadline, Dialer};
use crate::output::{Dir, Output, sanitize};
use input::{Input, Sent, send_lines, wire_line};
use screen::{Screen, ServerLines};

/// A server that has not answered the nickname after this long (or `--timeout`, if
/// shorter) is taken to be another kind of chat server.
const FOREIGN_AFTER: Duration = Duration::from_secs(2);

pub async fn join(args: ChatJoinArgs, out: &Output) -> anyhow::Result<ExitCode> {
    check_nick(&args.nick)
        .map_err(|why| fail(Kind::Usage, format!("invalid nickname '{}': {why}", args.nick)))?;
    let policy = match args.tls || args.verify.any() {
        true => Some(args.verify.policy(false, None)?),
        false => None,
    };
    let deadline = Deadline::after(Some(args.timeout));
    let dialer = Dialer::new(Some(args.timeout)).via(&args.proxy);
    let stream = dialer.connect_async(&args.addr, out).await?;
    match policy {
        None => {
            let (read, write) = stream.into_split();
            session(&args, out, read, write).await
        }
        Some(policy) => {
            let host = args.addr.host_text();
            let stream = crate::net::tls_connect_async(stream, &host, &policy, &deadline).await?;
            let (read, write) = tokio::io::split(stream);
            session(&args, out, read, write).await
        }
    }
}

/// What the server answered to the nickname.
enum Answer {
    Welcome,
    /// Another kind of chat server.
    Foreign,
}

async fn session<R, W>(
    args: &ChatJoinArgs,
    out: &Output,
    read: R,
    mut write: W,
) -> anyhow::Result<ExitCode>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let mut server = ServerLines::new(read, args.encoding == crate::cli::Encoding::Gbk);
    let mut screen = Screen { out, printer: None, foreign: false };
    let mut nick = args.nick.clone();
    loop {
        send_now(&mut write, &nick, args, out).await?;
        match answer(&mut server, &screen, args).await? {
            Ok(Answer::Welcome) => break,
            Ok(Answer::Foreign) => {
                screen.foreign = true;
                server.chunks = true;
                out.warn(&format!(
                    "{} does not answer like nt chat serve; sending lines as they are and \
                     showing what arrives as it is",
                    args.addr
                ));
                break;
            }
            Err(refused) if out.interactive() => {
                let text = crate::error::one_line(&refused).replace(&args.nick, &nick);
                nick = ask_nick(&text).await?.ok_or(refused)?;
            }
            Err(refused) => return Err(refused),
        }
    }
    let console = out.interactive().then(|| Console::start(&format!("{nick}> ")));
    let input = match console {
        Some(Ok((printer, rx))) => {
            screen.printer = Some(printer);
            Input::Console(rx)
        }
        // A terminal the line editor cannot drive (TERM=dumb): plain lines then.
        Some(Err(e)) => {
            out.debug(&format!("no line editor: {}", crate::error::one_line(&e)));
            Input::pipe(out)
        }
        None => Input::pipe(out),
    };
    let sender = tokio::spawn(send_lines(write, input, args.encoding, out.clone()));
    converse(&mut server, sender, &screen, args.timeout).await
}

async fn send_now<W: AsyncWrite + Unpin>(
    write: &mut W,
    line: &str,
    args: &ChatJoinArgs,
    out: &Output,
) -> anyhow::Result<()> {
    out.trace(Dir::Sent, line);
    let sent = async {
        write.write_all(&wire_line(line, args.encoding)).await?;
        write.flush().await
    };
    match tokio::time::timeout(args.timeout, sent).await {
        Ok(result) => result.map_err(|e| crate::net::io_error(e, "connection lost")),
        Err(_) => Err(crate::net::timed_out("sending the nickname")),
    }
}

/// Read up to the answer to the nickname: `Ok` to go on, `Err(refusal)` when nt's server
/// refused it (exit 6), or an error for the session.
async fn answer<R: AsyncRead + Unpin>(
    server: &mut ServerLines<R>,
    screen: &Screen<'_>,
    args: &ChatJoinArgs,
) -> anyhow::Result<Result<Answer, anyhow::Error>> {
    let wait = args.timeout.min(FOREIGN_AFTER);
    let line = match tokio::time::timeout(wait, server.next(screen.out)).await {
        Err(_) => return Ok(Ok(Answer::Foreign)),
        Ok(line) => line?,
    };
    let Some(line) = line else {
        return Err(fail(
            Kind::Network,
            "the server closed the connection before accepting the nickname",
        ));
    };
    let event = screen.event(&line);
    match &event {
        Event::Welcome { .. } => {
            screen.show(&line, &event)?;
            Ok(Ok(Answer::Welcome))
        }
        Event::Error { code, text } if code.starts_with("nick-") => Ok(Err(fail(
            Kind::Refused,
            format!("the server refused nickname '{}': {}", args.nick, sanitize(text)),
        )
        .context(Hint("choose another with --nick".into())))),
        Event::Error { text, .. } => Err(fail(
            Kind::Refused,
            format!("the server refused the connection: {}", sanitize(text)),
        )),
        _ => {
            let raw = Event::Raw { text: line.clone() };
            screen.show(&line, &raw)?;
            Ok(Ok(Answer::Foreign))
        }
    }
}

/// Ask for another nickname on the terminal; `None` when the user ends the input.
async fn ask_nick(why: &str) -> anyhow::Result<Option<String>> {
    eprintln!("{}", sanitize(why));
    let asked = tokio::task::spawn_blocking(|| {
        let mut editor = rustyline::DefaultEditor::new().ok()?;
        loop {
            match editor.readline("another nickname: ") {
                Ok(line) => match check_nick(line.trim()) {
                    Ok(()) => return Some(line.trim().to_string()),
                    Err(why) => eprintln!("{why}"),
                },
                Err(rustyline::error::ReadlineError::Interrupted) => crate::signal::die(),
                Err(_) => return None,
            }
        }
    });
    asked.await.map_err(|e| fail(Kind::Usage, format!("cannot read the terminal: {e}")))
}

/// The session proper: print what arrives until the server closes; the sending task
/// half-closes when stdin ends.
async fn converse<R: AsyncRead + Unpin>(
    server: &mut ServerLines<R>,
    mut sender: tokio::task::JoinHandle<Sent>,
    screen: &Screen<'_>,
    timeout: Duration,
) -> anyhow::Result<ExitCode> {
    let mut fatal: Option<String> = None;
    let mut lost: Option<std::io::Error> = None;
    let mut sending = true;
    let mut closing: Option<tokio::time::Instant> = None;
    loop {
        let until_closed = async {
            match closing {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            line = server.next(screen.out) => match line {
                // A reset after the server said why it is closing: report the why.
                Err(_) if fatal.is_some() => break,
                Err(e) => return Err(e),
                Ok(Some(line)) => {
                    let event = screen.event(&line);
                    if let Event::Error { code, text } = &event
                        && FATAL.contains(&code.as_str())
                    {
                        fatal = Some(text.clone());
                    }
                    screen.show(&line, &event)?;
                }
                Ok(None) => break,
            },
            sent = &mut sender, if sending => {
                sending = false;
                match sent {
                    // Keep reading: the server may have said why it is closing.
                    Ok(Sent::Lost(e)) => lost = Some(e),
                    Ok(Sent::Eof) | Err(_) => {
                        closing = Some(tokio::time::Instant::now() + timeout);
                    }
                }
            },
            () = until_closed => {
                if screen.foreign {
                    screen.out.debug("the server did not close the connection; closing it");
                    break;
                }
                return Err(crate::net::timed_out("waiting for the server to close"));
            }
        }
    }
    sender.abort();
    if let Some(text) = fatal {
        let text = sanitize(&text);
        return Err(fail(Kind::Network, format!("disconnected by the server: {text}")));
    }
    match lost {
        Some(err) => Err(crate::net::io_error(err, "connection lost")),
        None => Ok(ExitCode::SUCCESS),
    }
}
