//! Progress bars and transfer summaries, the only place indicatif is used.
//!
//! Bars draw on stderr and only when stderr is a terminal, without `-q` or `--json`;
//! otherwise they are hidden and cost nothing. After the work, one summary line.

use std::time::Duration;

pub use indicatif::ProgressBar;
use indicatif::{ProgressDrawTarget, ProgressStyle};

use crate::output::Output;

/// The bar type [`bytes`] returns, for code that passes bars around.
pub type Bar = ProgressBar;

/// A bar that never draws (its counts are still kept).
pub fn hidden() -> Bar {
    ProgressBar::hidden()
}

/// A byte-counting bar: with a known total it shows percent and ETA, else bytes and rate.
pub fn bytes(out: &Output, total: Option<u64>, label: &str) -> ProgressBar {
    let bar = match total {
        Some(n) => ProgressBar::with_draw_target(Some(n), target(out)),
        None => ProgressBar::with_draw_target(None, target(out)),
    };
    let template = if total.is_some() {
        "{prefix} [{bar:30.cyan/blue}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}"
    } else {
        "{prefix} {spinner} {bytes} {binary_bytes_per_sec} {elapsed}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(label.to_string());
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn target(out: &Output) -> ProgressDrawTarget {
    if out.progress_allowed() {
        ProgressDrawTarget::stderr_with_hz(10)
    } else {
        ProgressDrawTarget::hidden()
    }
}

/// `1.5 GiB`, `512 B`: binary units, one decimal.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 { format!("{n} B") } else { format!("{value:.1} {}", UNITS[unit]) }
}

/// Bytes per second over a duration (0 for an instant).
pub fn rate(bytes: u64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 { bytes as f64 / secs } else { 0.0 }
}

/// `sent 1.0 GiB in 2.31 s (443.3 MiB/s)`: the one line after a transfer.
pub fn summary(verb: &str, bytes: u64, elapsed: Duration) -> String {
    let per_sec = human_bytes(rate(bytes, elapsed) as u64);
    format!("{verb} {} in {:.2} s ({per_sec}/s)", human_bytes(bytes), elapsed.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_units() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(1 << 30), "1.0 GiB");
        assert_eq!(
            summary("got", 2048, Duration::from_secs(2)),
            "got 2.0 KiB in 2.00 s (1.0 KiB/s)"
        );
        assert_eq!(rate(10, Duration::ZERO), 0.0);
    }
}
