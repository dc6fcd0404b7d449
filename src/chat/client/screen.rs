//! What `nt chat join` receives and shows: server lines cut from the byte stream, cleaned
//! of hidden characters, and printed (above the prompt on a terminal, colored by kind;
//! one JSON object each with `--json`).
//!
//! Lines from a server that is not nt are `raw` events; such a server may send its lines
//! without a newline (the course's server does), so in that mode an unfinished line is
//! shown after a short pause. Text is read as UTF-8, or as GBK where it is not UTF-8
//! (`--encoding gbk`: as GBK).

use std::time::Duration;

use anyhow::Context;
use tokio::io::{AsyncRead, AsyncReadExt};

use crate::chat::course;
use crate::chat::protocol::{self, Event, Framed, LineBuf, clean_text};
use crate::console::Printer;
use crate::error::{Kind, Tag};
use crate::output::{Dir, Output, Style, sanitize};

/// Longest server line kept; the server's own limit is far below this.
const MAX_SERVER_LINE: usize = 1 << 20;
/// How long an unfinished line from a foreign server waits for its newline.
const CHUNK_PAUSE: Duration = Duration::from_millis(300);

/// Server lines, cut at LF whatever the read boundaries. Cancel-safe: a read that did not
/// finish consumed nothing.
pub struct ServerLines<R> {
    read: R,
    lines: LineBuf,
    chunk: Vec<u8>,
    eof: bool,
    /// Show an unfinished line after a pause (a foreign server).
    pub chunks: bool,
    /// Read lines as GBK (`--encoding gbk`).
    gbk: bool,
}

impl<R: AsyncRead + Unpin> ServerLines<R> {
    pub fn new(read: R, gbk: bool) -> Self {
        ServerLines {
            read,
            lines: LineBuf::new(MAX_SERVER_LINE),
            chunk: vec![0; 16 * 1024],
            eof: false,
            chunks: false,
            gbk,
        }
    }

    /// The next line (cleaned of hidden characters), `None` at the end of the stream.
    pub async fn next(&mut self, out: &Output) -> anyhow::Result<Option<String>> {
        let line = loop {
            match self.lines.pop() {
                Some(Framed::Line(bytes)) => break Some(bytes),
                Some(Framed::TooLong) => continue,
                None if self.eof => break self.finished(),
                None => {}
            }
            let read = self.read.read(&mut self.chunk);
            let n = if self.chunks && self.lines.has_partial() {
                match tokio::time::timeout(CHUNK_PAUSE, read).await {
                    Ok(n) => n,
                    Err(_) => break self.finished(),
                }
            } else {
                read.await
            };
            let n = n.context("connection lost").kind(Kind::Network)?;
            self.eof = n == 0;
            self.lines.push(&self.chunk[..n]);
        };
        Ok(line.map(|bytes| {
            let text = clean_text(&course::decode(&bytes, self.gbk)).into_owned();
            out.trace(Dir::Received, &text);
            text
        }))
    }

    fn finished(&mut self) -> Option<Vec<u8>> {
        match self.lines.finish() {
            Some(Framed::Line(bytes)) => Some(bytes),
            _ => None,
        }
    }
}

/// Where arriving lines go: above the prompt on a terminal, else stdout.
pub struct Screen<'a> {
    pub out: &'a Output,
    pub printer: Option<Printer>,
    /// The server is not nt: every line is shown as it came (`raw`).
    pub foreign: bool,
}

impl Screen<'_> {
    /// What a line means: one of nt's server lines, or `raw` from a foreign server.
    pub fn event(&self, line: &str) -> Event {
        if self.foreign {
            Event::Raw { text: line.to_string() }
        } else {
            protocol::parse_event(line)
        }
    }

    pub fn show(&self, line: &str, event: &Event) -> anyhow::Result<()> {
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
