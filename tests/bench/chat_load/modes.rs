//! The policy measurements of the chat load generator:
//!
//! - `paste`: one user pastes `--messages` lines at once into a room on a default server
//!   (the flood limit as fake lag); another user times their arrival and checks the order.
//! - `slow`: a user that never reads (a 4 KiB receive buffer) and a user that reads at a
//!   tenth of the flood's pace, while a sender floods `--messages` lines of `--bytes` at
//!   `--pace` lines/s; the sender's own connection times the never-reader's `too-slow`.
//!
//! Each prints one `key=value` line. Every wait is bounded by `--timeout`.

use std::io;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt};

use super::{Client, Opts, connect_as};

/// Read one line within the deadline; `None` at EOF, error or deadline.
async fn line_before(client: &mut Client, deadline: tokio::time::Instant) -> Option<String> {
    let mut line = String::new();
    match tokio::time::timeout_at(deadline, client.0.read_line(&mut line)).await {
        Ok(Ok(n)) if n > 0 => Some(line),
        _ => None,
    }
}

pub async fn paste(opts: Opts) -> io::Result<()> {
    let mut reader = connect_as(&opts, "reader", None).await?;
    let mut paster = connect_as(&opts, "paster", None).await?;
    let deadline = tokio::time::Instant::now() + opts.timeout;
    let block: String = (0..opts.messages).map(|i| format!("PASTE {i}\n")).collect();
    let started = Instant::now();
    paster.1.write_all(block.as_bytes()).await?;
    let (mut got, mut in_order) = (0, true);
    while got < opts.messages {
        let Some(line) = line_before(&mut reader, deadline).await else { break };
        if let Some(rest) = line.trim_end().strip_prefix("<paster> PASTE ") {
            in_order &= rest.parse::<usize>().ok() == Some(got);
            got += 1;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    // The paster was never cut off: it can still talk.
    paster.1.write_all(b"still here\n").await?;
    let mut connected = false;
    while let Some(line) = line_before(&mut reader, deadline).await {
        if line.trim_end() == "<paster> still here" {
            connected = true;
            break;
        }
    }
    println!(
        "pasted={} delivered={got} in_order={in_order} seconds={seconds:.2} \
         paster_connected={connected}",
        opts.messages
    );
    Ok(())
}

pub async fn slow(opts: Opts) -> io::Result<()> {
    let never = connect_as(&opts, "never", Some(4096)).await?;
    let mut slow = connect_as(&opts, "slow", None).await?;
    let sender = connect_as(&opts, "sender", None).await?;
    let deadline = tokio::time::Instant::now() + opts.timeout;
    let started = Instant::now();
    let filler = "x".repeat(opts.bytes.saturating_sub(24));
    let (lines, pace) = (opts.messages, opts.pace);
    // The sender's own connection hears the never-reader leave.
    let mut heard = sender.0;
    let watcher = tokio::spawn(async move {
        let mut line = String::new();
        loop {
            line.clear();
            match tokio::time::timeout_at(deadline, heard.read_line(&mut line)).await {
                Ok(Ok(n)) if n > 0 => {}
                _ => return None,
            }
            if line.trim_end() == "[leave] never too-slow" {
                return Some(started.elapsed());
            }
        }
    });
    let mut write = sender.1;
    let flood = tokio::spawn(async move {
        for i in 0..lines {
            let at = started + Duration::from_secs_f64(i as f64 / pace);
            tokio::time::sleep_until(at.into()).await;
            write.write_all(format!("FLOOD {i} {filler}\n").as_bytes()).await?;
        }
        Ok::<_, io::Error>((write, started.elapsed().as_secs_f64()))
    });
    // A tenth of the flood's pace, line by line.
    let (mut got, mut dropped) = (0, false);
    while got < lines {
        let Some(line) = line_before(&mut slow, deadline).await else {
            dropped = true;
            break;
        };
        if line.starts_with("<sender> FLOOD ") {
            got += 1;
            let at = started + Duration::from_secs_f64(got as f64 * 10.0 / pace);
            tokio::time::sleep_until(at.into()).await;
        } else if line.starts_with("[leave] slow ") {
            dropped = true;
        }
    }
    let (_write, flood_secs) = flood.await.map_err(io::Error::other)??;
    let never_dropped = watcher.await.map_err(io::Error::other)?;
    drop(never);
    println!(
        "lines={lines} bytes={} pace={pace} flood_s={flood_secs:.2} slow_got={got} \
         slow_dropped={dropped} slow_s={:.2} never_dropped_at_s={}",
        opts.bytes,
        started.elapsed().as_secs_f64(),
        never_dropped.map_or("never".into(), |d| format!("{:.2}", d.as_secs_f64())),
    );
    Ok(())
}
