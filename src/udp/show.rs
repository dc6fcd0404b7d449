//! How a datagram is shown: as it came, as hex, as text with its sender on a terminal,
//! or as one JSON object; and where shown datagrams go (stdout, or the console of a
//! terminal session). Used by `listen` (mod.rs) and `send`.
//!
//! Nothing here touches a socket; peer text is sanitized here before a terminal sees it.

use std::net::SocketAddr;

use base64::Engine;
use serde::Serialize;

use super::echo::canonical;
use crate::console::{Console, Printer, Typed};
use crate::output::{Data, Output, sanitize};

#[derive(Serialize)]
struct DatagramEvent<'a> {
    from: String,
    len: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data_b64: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Mode {
    Json,
    Raw,
    Hex,
    Text,
}

/// How datagrams are written: the mode, and whether a human reads (sender prefix).
#[derive(Clone, Copy)]
pub(super) struct Show {
    mode: Mode,
    prefix: bool,
}

impl Show {
    pub(super) fn new(out: &Output, raw: bool, hex: bool) -> Show {
        let mode = if out.is_json() {
            Mode::Json
        } else if raw {
            Mode::Raw
        } else if hex {
            Mode::Hex
        } else {
            Mode::Text
        };
        Show { mode, prefix: out.stdout_tty() }
    }

    /// Append one datagram, as written to stdout, to `buf`.
    pub(super) fn render(self, from: SocketAddr, payload: &[u8], buf: &mut Vec<u8>) {
        let from = canonical(from);
        match self.mode {
            Mode::Raw => buf.extend_from_slice(payload),
            Mode::Json => {
                let text = std::str::from_utf8(payload).ok();
                let ev = DatagramEvent {
                    from: from.to_string(),
                    len: payload.len(),
                    data: text,
                    data_b64: text
                        .is_none()
                        .then(|| base64::engine::general_purpose::STANDARD.encode(payload)),
                };
                if serde_json::to_writer(&mut *buf, &ev).is_ok() {
                    buf.push(b'\n');
                }
            }
            Mode::Hex | Mode::Text if self.prefix => {
                let body = if self.mode == Mode::Hex {
                    hex(payload)
                } else {
                    let text = String::from_utf8_lossy(payload);
                    let text = text.strip_suffix('\n').unwrap_or(&text);
                    let text = text.strip_suffix('\r').unwrap_or(text);
                    sanitize(text).into_owned()
                };
                buf.extend_from_slice(format!("[{from}] {body}\n").as_bytes());
            }
            Mode::Hex => {
                buf.extend_from_slice(hex(payload).as_bytes());
                buf.push(b'\n');
            }
            Mode::Text => {
                buf.extend_from_slice(payload);
                if payload.last() != Some(&b'\n') {
                    buf.push(b'\n');
                }
            }
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where shown datagrams go: stdout, or the console's printer on a terminal session.
pub(super) enum Sink {
    Stdout(Data),
    Console(Printer),
}

impl Sink {
    /// stdout, or the console on a terminal session (with its typed lines).
    pub(super) fn for_session(
        session: bool,
        out: &Output,
    ) -> anyhow::Result<(Sink, Option<TypedLines>)> {
        if session {
            let (printer, typed) = Console::start("")?;
            Ok((Sink::Console(printer), Some(typed)))
        } else {
            Ok((Sink::Stdout(out.data()), None))
        }
    }

    pub(super) fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        match self {
            Sink::Stdout(data) => {
                data.write(bytes)?;
                data.flush()
            }
            Sink::Console(printer) => {
                let text = String::from_utf8_lossy(bytes);
                for line in text.lines() {
                    printer.print(line);
                }
                Ok(())
            }
        }
    }

    /// Everything written is shown before the process ends (a terminal's editor thread
    /// draws asynchronously: without this the last datagrams could be lost at exit).
    pub(super) fn settle(&self) {
        if let Sink::Console(printer) = self {
            printer.flush();
        }
    }
}

pub(super) type TypedLines = tokio::sync::mpsc::UnboundedReceiver<Typed>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_gets_a_newline_and_json_a_b64_where_binary() {
        let from: SocketAddr = "[::ffff:127.0.0.1]:5".parse().unwrap();
        let mut buf = Vec::new();
        Show { mode: Mode::Text, prefix: false }.render(from, b"hi", &mut buf);
        Show { mode: Mode::Text, prefix: false }.render(from, b"yo\n", &mut buf);
        assert_eq!(buf, b"hi\nyo\n");
        buf.clear();
        Show { mode: Mode::Text, prefix: true }.render(from, b"a\x1bb\n", &mut buf);
        assert_eq!(String::from_utf8_lossy(&buf), "[127.0.0.1:5] a\\u{1b}b\n");
        buf.clear();
        Show { mode: Mode::Json, prefix: false }.render(from, b"\xff", &mut buf);
        assert_eq!(
            String::from_utf8_lossy(&buf),
            "{\"from\":\"127.0.0.1:5\",\"len\":1,\"data_b64\":\"/w==\"}\n"
        );
    }
}
