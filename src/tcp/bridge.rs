//! The fast path of `nt tcp`: one plain stream (TCP or Unix) bridged to stdin/stdout by
//! two blocking threads; on Linux with splice(2) so the bytes never enter user space
//! (`splice.rs`).
//!
//! stdin → socket runs on its own thread and shuts down the write half at EOF;
//! socket → stdout runs on the caller's thread, and when the peer closes, the caller
//! returns at once (a thread still blocked on stdin dies with the process). Where splice
//! does not apply (a TTY, a socket that refuses it, every platform but Linux) the copy is
//! the portable read/write loop with a large buffer, [`read_write`]. Counters, `--idle`
//! and `--progress` are the shared [`Flow`]. This module never decides exit codes beyond
//! tagging errors.

use std::io::{self, Read, Write};
use std::net::Shutdown;
use std::process::ExitCode;
use std::time::Duration;

use super::flow::{self, Flow, Options, Way};
#[cfg(target_os = "linux")]
use super::splice::{self, Spliceable};
use crate::error::{ClosedStdout, Kind, Tag, is_closed_pipe};
use crate::net::Stream;
use crate::output::Output;

/// What a copy needs of its two ends besides reading and writing: on Linux a descriptor
/// to splice; elsewhere nothing.
#[cfg(not(target_os = "linux"))]
trait Spliceable {}
#[cfg(not(target_os = "linux"))]
impl<T> Spliceable for T {}

/// SO_SNDBUF / SO_RCVBUF for the bridged socket.
const SOCKET_BUFFER: usize = 256 << 10;
/// The read/write fallback buffer.
const BUFFER: usize = 1 << 20;

/// Bridge stdin/stdout to `stream` until the peer closes (or stdout does).
pub fn bridge(stream: Stream, opts: &Options, out: &Output) -> anyhow::Result<ExitCode> {
    let flow = Flow::new(opts, out);
    // Fixed 256 KiB socket buffers instead of autotuning (which grows to several MiB):
    // the data then stays in cache between splice calls; on loopback this measured
    // ~1.6x the throughput at half the CPU (README, tcp Performance).
    if let Some(tcp) = stream.tcp() {
        let sock = socket2::SockRef::from(tcp);
        let _ = sock.set_send_buffer_size(SOCKET_BUFFER);
        let _ = sock.set_recv_buffer_size(SOCKET_BUFFER);
    }
    let writer = stream.try_clone().kind(Kind::Network)?;
    let up_flow = flow.clone();
    // The sending side's end: `Some(error)` when it stopped for anything but the peer going.
    let (done_tx, done_rx) = std::sync::mpsc::channel::<Option<io::Error>>();
    std::thread::Builder::new()
        .name("stdin".into())
        .spawn(move || {
            let result = copy(io::stdin(), &writer, &up_flow, Way::Sent, false);
            let _ = writer.shutdown(Shutdown::Write);
            let _ = done_tx.send(result.err().filter(|e| !flow::peer_gone(e)));
        })
        .kind(Kind::Network)?;
    let watched = stream.try_clone().kind(Kind::Network)?;
    flow.watch_idle(move || {
        let _ = watched.shutdown(Shutdown::Both);
    })
    .kind(Kind::Network)?;
    let down = copy(&stream, io::stdout(), &flow, Way::Received, out.stdout_tty());
    let mut sending_failed = None;
    if down.is_ok() {
        flow.finish_sending(|| match done_rx.recv_timeout(Duration::from_millis(50)) {
            Ok(failed) => {
                sending_failed = failed;
                true
            }
            Err(e) => e == std::sync::mpsc::RecvTimeoutError::Disconnected,
        });
    }
    flow.finish(out);
    match down {
        Ok(()) if flow.idled() => Err(flow.idle_error()),
        // The peer is still there and did not get all of stdin: not a success.
        Ok(()) if let Some(e) = sending_failed => Err(flow::sending_error(e)),
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if is_closed_pipe(&e) => Err(anyhow::Error::new(ClosedStdout)),
        Err(e) => Err(anyhow::Error::new(e).context("connection lost").context(Kind::Network)),
    }
}

/// Copy `from` to `to` until EOF: splice where the kernel can (Linux), else read/write.
/// When `to_tty` is set, peer text is made safe for the terminal first.
fn copy(
    mut from: impl Read + Spliceable,
    mut to: impl Write + Spliceable,
    flow: &Flow,
    way: Way,
    to_tty: bool,
) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    if !to_tty && splice::copy(&from, &mut to, flow, way)? {
        return Ok(());
    }
    read_write(&mut from, &mut to, flow, way, to_tty)
}

/// The portable copy: read into a [`BUFFER`], write it all, until EOF.
fn read_write(
    from: &mut impl Read,
    to: &mut impl Write,
    flow: &Flow,
    way: Way,
    to_tty: bool,
) -> io::Result<()> {
    let mut buf = vec![0u8; BUFFER];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if way == Way::Sent => return Err(flow::stdin_failed(e)),
            Err(e) => return Err(e),
        };
        flow.hold(way, true);
        if to_tty {
            to.write_all(flow::terminal_safe(&buf[..n]).as_bytes())?;
        } else {
            to.write_all(&buf[..n])?;
        }
        to.flush()?;
        flow.moved(way, n as u64);
        flow.hold(way, false);
    }
}

#[cfg(test)]
mod tests {
    use std::net::{TcpListener, TcpStream};

    use super::*;

    fn connected() -> (TcpStream, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let a = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (b, _) = listener.accept().unwrap();
        (a, b)
    }

    fn pattern() -> Vec<u8> {
        (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect()
    }

    /// Socket → socket through `copy_with`, as the bridge does: a writer on one connection,
    /// the copy in the middle, a reader on the other; every byte arrives, in order.
    fn through(copy_with: impl FnOnce(&TcpStream, &TcpStream, &Flow) -> io::Result<()>) {
        let data = pattern();
        let (mut writer, middle_in) = connected();
        let (middle_out, mut reader) = connected();
        let sent = data.clone();
        let writing = std::thread::spawn(move || writer.write_all(&sent).unwrap());
        let reading = std::thread::spawn(move || {
            let mut got = Vec::new();
            reader.read_to_end(&mut got).unwrap();
            got
        });
        let flow = Flow::idle_only(None);
        copy_with(&middle_in, &middle_out, &flow).unwrap();
        middle_out.shutdown(Shutdown::Write).unwrap();
        writing.join().unwrap();
        let got = reading.join().unwrap();
        assert_eq!(got.len(), data.len());
        assert!(got == data, "the bytes changed on the way");
    }

    #[test]
    fn the_portable_copy_moves_every_byte() {
        through(|from, to, flow| read_write(&mut &*from, &mut &*to, flow, Way::Received, false));
    }

    #[test]
    fn the_portable_copy_makes_peer_text_safe_for_a_terminal() {
        let mut screen = Vec::new();
        let flow = Flow::idle_only(None);
        read_write(&mut &b"hi\x1b[2J\r\n"[..], &mut screen, &flow, Way::Received, true).unwrap();
        assert_eq!(screen, b"hi\\u{1b}[2J\n");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_linux_copy_moves_every_byte() {
        through(|from, to, flow| copy(from, to, flow, Way::Received, false));
    }
}
