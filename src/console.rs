//! The interactive console for two-way sessions on a terminal (`chat join`, `udp send`):
//! a line editor on its own thread, and a printer that puts arriving text above the line
//! being typed instead of garbling it.
//!
//! Only for a terminal on both stdin and stdout; pipes read stdin plainly. The terminal
//! mode saved at start (termios, or the Windows console mode: `console/mode.rs`) is
//! restored when the last [`Printer`] is dropped, even when the editor thread is still
//! blocked in a read as the session ends.

mod mode;

use std::sync::{Arc, Mutex};

use rustyline::error::ReadlineError;
use rustyline::{DefaultEditor, ExternalPrinter};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use crate::error::{Kind, Tag};
use mode::SavedMode;
pub use mode::ansi_ok;

/// What the user did at the prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    /// A line, without its newline.
    Line(String),
    /// Ctrl-D on an empty line.
    Eof,
    /// Ctrl-C.
    Interrupted,
}

struct Shared {
    printer: Mutex<Box<dyn ExternalPrinter + Send>>,
    /// Put back when the last [`Printer`] is dropped.
    _restore: Option<SavedMode>,
}

/// Prints lines above the prompt; cheap to clone, usable from any thread or task.
#[derive(Clone)]
pub struct Printer {
    shared: Arc<Shared>,
}

impl Printer {
    /// Print one line (a newline is added) above the line being typed.
    pub fn print(&self, text: &str) {
        if let Ok(mut printer) = self.shared.printer.lock() {
            let _ = printer.print(format!("{text}\n"));
        }
    }

    /// Wait until every line printed so far is on the screen (before a session ends: the
    /// editor thread draws them, and a process that exits first loses the last ones).
    ///
    /// rustyline hands each line to the editor thread through a channel of one slot, so a
    /// print returns only once the line before it was taken. Two marks that draw nothing
    /// (cursor up, then the newline rustyline ends each message with) are therefore
    /// enough: when the second is taken, the editor has finished drawing the real lines.
    pub fn flush(&self) {
        if let Ok(mut printer) = self.shared.printer.lock() {
            for _ in 0..2 {
                let _ = printer.print("\x1b[1A\n".to_string());
            }
        }
    }
}

/// Starts the line editor.
pub struct Console;

impl Console {
    /// Start reading lines with `prompt` on a background thread. Typed lines arrive on the
    /// receiver; the editor stops after `Eof` or `Interrupted`.
    pub fn start(prompt: &str) -> anyhow::Result<(Printer, UnboundedReceiver<Typed>)> {
        let saved = SavedMode::save();
        let mut editor = DefaultEditor::new().kind(Kind::Usage)?;
        let printer = editor
            .create_external_printer()
            .map_err(|e| anyhow::anyhow!("cannot drive the terminal: {e}"))
            .kind(Kind::Usage)?;
        let (tx, rx) = unbounded_channel();
        let prompt = prompt.to_string();
        std::thread::Builder::new()
            .name("console".into())
            .spawn(move || {
                loop {
                    let typed = match editor.readline(&prompt) {
                        Ok(line) => {
                            if !line.trim().is_empty() {
                                let _ = editor.add_history_entry(line.as_str());
                            }
                            Typed::Line(line)
                        }
                        Err(ReadlineError::Interrupted) => Typed::Interrupted,
                        Err(_) => Typed::Eof,
                    };
                    let last = typed != Typed::Eof && typed != Typed::Interrupted;
                    if tx.send(typed).is_err() || !last {
                        break;
                    }
                }
            })
            .kind(Kind::Usage)?;
        let shared = Shared { printer: Mutex::new(Box::new(printer)), _restore: saved };
        Ok((Printer { shared: Arc::new(shared) }, rx))
    }
}
