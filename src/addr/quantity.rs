//! Quantities parsed at the edge: durations (`500ms`, `3s`, `2m`), sizes (`64KiB`,
//! `1MB`), event rates (`10/s`) and byte rates (`1MiB/s`). Like every parser of
//! `addr.rs`, each returns a plain `String` error, which clap reports as a usage error.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// A size flag bounded to `min..=max` bytes (`--buffer`, `--size`), for clap.
pub fn size_within(min: u64, max: u64) -> impl Fn(&str) -> Result<Size, String> + Clone {
    move |text| {
        let n = parse_size(text)?;
        if n < min || n > max {
            return Err(format!("invalid size '{text}': must be {min}-{max} bytes"));
        }
        Ok(Size(n))
    }
}

/// A duration within `min..=max`, or a usage error naming the bounds (`range`).
pub fn duration_within(
    text: &str,
    min: Duration,
    max: Duration,
    range: &str,
) -> Result<Duration, String> {
    let value = parse_duration(text)?;
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(format!("'{text}' is out of range ({range})"))
    }
}

/// A duration that must be more than zero (`--timeout`, `--idle`, `--wait`): `0` would
/// read as "no limit" to a socket, or end before anything could happen.
pub fn parse_positive_duration(text: &str) -> Result<Duration, String> {
    let d = parse_duration(text)?;
    if d.is_zero() {
        return Err(format!("invalid duration '{text}': must be more than zero"));
    }
    Ok(d)
}

/// Parse a duration: `500ms`, `3s`, `1.5s`, `2m`, `1h`; a bare number is seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let bad = || format!("invalid duration '{text}' (examples: 500ms, 3s, 2m, 1h)");
    if num.is_empty() || num.starts_with('.') || num.ends_with('.') || num.matches('.').count() > 1
    {
        return Err(bad());
    }
    let millis_per_unit: u64 = match unit.trim() {
        "ms" => 1,
        "" | "s" | "sec" => 1000,
        "m" | "min" => 60_000,
        "h" => 3_600_000,
        _ => return Err(bad()),
    };
    let too_long = || format!("invalid duration '{text}': too long (at most 100 years)");
    const MAX_MS: u64 = 100 * 365 * 86_400_000;
    if !num.contains('.') {
        let value: u64 = num.parse().map_err(|_| too_long())?;
        let ms = value.checked_mul(millis_per_unit).filter(|ms| *ms <= MAX_MS);
        return ms.map(Duration::from_millis).ok_or_else(too_long);
    }
    let value: f64 = num.parse().map_err(|_| bad())?;
    let ms = value * millis_per_unit as f64;
    if !ms.is_finite() || ms > MAX_MS as f64 {
        return Err(too_long());
    }
    Ok(Duration::from_secs_f64(ms / 1000.0))
}

/// Parse a size: bytes, or `K`/`KiB` (1024), `KB` (1000), and so on up to `T`/`TiB`/`TB`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let bad = || format!("invalid size '{text}' (examples: 1500, 64KiB, 1MB, 16MiB)");
    if num.is_empty() {
        return Err(bad());
    }
    let value: u64 = num.parse().map_err(|_| bad())?;
    let unit = unit.trim();
    let mult: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "kb" => 1_000,
        "m" | "mib" => 1 << 20,
        "mb" => 1_000_000,
        "g" | "gib" => 1 << 30,
        "gb" => 1_000_000_000,
        "t" | "tib" => 1 << 40,
        "tb" => 1_000_000_000_000,
        _ => return Err(bad()),
    };
    value.checked_mul(mult).ok_or_else(|| format!("invalid size '{text}': too large"))
}

/// `--rate`: events (datagrams, lines) per second, between one a day and 1e9 a second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate(pub f64);

impl Rate {
    /// Time between two events (at most a day, so it always fits a `Duration`).
    pub fn interval(self) -> Duration {
        Duration::from_secs_f64(1.0 / self.0)
    }
}

/// The slowest `--rate` accepted: one a day. Slower rates would overflow a `Duration`
/// long before they were useful.
const MIN_RATE: f64 = 1.0 / 86_400.0;

/// Parse `1000/s`, `1000`, `50/ms`, `10/m`, `600/min`, `3600/h` (also `0.5/s`).
pub fn parse_rate(text: &str) -> Result<Rate, String> {
    let bad = || format!("invalid rate '{text}' (examples: 1000/s, 50/ms, 10/m)");
    let t = text.trim();
    let (num, unit) = t.split_once('/').unwrap_or((t, "s"));
    let secs: f64 = match unit.trim() {
        "ms" => 0.001,
        "s" | "sec" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        "d" | "day" => 86_400.0,
        _ => return Err(bad()),
    };
    let num = num.trim();
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(bad());
    }
    let n: f64 = num.parse().map_err(|_| bad())?;
    let per_sec = n / secs;
    if !per_sec.is_finite() || per_sec <= 0.0 {
        return Err(format!("invalid rate '{text}': must be more than zero"));
    }
    if per_sec < MIN_RATE * (1.0 - 1e-9) {
        return Err(format!("invalid rate '{text}': at least 1 per day"));
    }
    if per_sec > 1e9 {
        return Err(format!("invalid rate '{text}': at most 1e9 per second"));
    }
    Ok(Rate(per_sec))
}

/// `--limit-rate`: bytes per second, from 1 B/s to 1 TiB/s.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ByteRate(pub f64);

/// Parse `500KiB/s`, `2MB/s`, `100K` (per second, as curl's `--limit-rate`), `10MiB/m`,
/// `1GB/h`: a size (see [`parse_size`]) per second, minute or hour.
pub fn parse_byte_rate(text: &str) -> Result<ByteRate, String> {
    let t = text.trim();
    let (size, unit) = t.split_once('/').unwrap_or((t, "s"));
    let secs = match unit.trim() {
        "s" | "sec" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        _ => return Err(format!("invalid rate '{text}' (examples: 500KiB/s, 2MB/s, 100K)")),
    };
    let bytes = parse_size(size).map_err(|e| format!("invalid rate '{text}': {e}"))?;
    let per_sec = bytes as f64 / secs;
    if per_sec < 1.0 {
        return Err(format!("invalid rate '{text}': at least 1 byte per second"));
    }
    if per_sec > (1u64 << 40) as f64 {
        return Err(format!("invalid rate '{text}': at most 1TiB/s"));
    }
    Ok(ByteRate(per_sec))
}

/// A size value for clap (`--buffer 16MiB`), displayed as given in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size(pub u64);

impl FromStr for Size {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_size(s).map(Size)
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn durations_and_sizes() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("3s"), Ok(Duration::from_secs(3)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
        for bad in ["", "s", "-1s", "3x", "1..2s", ".5s", "1e9s"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_size("64KiB"), Ok(65536));
        assert_eq!(parse_size("1MB"), Ok(1_000_000));
        assert_eq!(parse_size("16MiB"), Ok(16 << 20));
        assert_eq!(parse_size("1500"), Ok(1500));
        for bad in ["", "KiB", "-1", "1.5MiB", "99999999999999999999", "20000000TiB"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rates() {
        assert_eq!(parse_rate("1000/s"), Ok(Rate(1000.0)));
        assert_eq!(parse_rate("1000"), Ok(Rate(1000.0)));
        assert_eq!(parse_rate("5/ms"), Ok(Rate(5000.0)));
        assert_eq!(parse_rate("60/m"), Ok(Rate(1.0)));
        assert_eq!(parse_rate("0.5/s"), Ok(Rate(0.5)));
        assert_eq!(parse_rate("1/d"), Ok(Rate(1.0 / 86_400.0)));
        for bad in [
            "",
            "/s",
            "0/s",
            "-1/s",
            "1/x",
            "1e3/s",
            "abc",
            "inf/s",
            "2000000000/s",
            "0.00000000000000000001/h",
            "0.0000000000000000001/s",
            "0.5/d",
        ] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn byte_rates() {
        assert_eq!(parse_byte_rate("100K").unwrap(), ByteRate(102_400.0));
        assert_eq!(parse_byte_rate("2MB/s").unwrap(), ByteRate(2e6));
        assert_eq!(parse_byte_rate("60KiB/m").unwrap(), ByteRate(1024.0));
        for bad in ["0", "0/s", "10/d", "x/s", "", "59/m", "2TiB/s"] {
            assert!(parse_byte_rate(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn byte_rate_parser_never_panics(text in "\\PC{0,30}") {
            if let Ok(rate) = parse_byte_rate(&text) {
                prop_assert!(rate.0 >= 1.0 && rate.0 <= (1u64 << 40) as f64);
            }
        }

        #[test]
        fn sizes_scale(n in 0u64..1_000_000, unit in prop::sample::select(vec![
            ("", 1u64), ("KiB", 1024), ("KB", 1000), ("MiB", 1 << 20), ("GB", 1_000_000_000)])) {
            prop_assert_eq!(parse_size(&format!("{n}{}", unit.0)), Ok(n * unit.1));
        }

        #[test]
        fn whole_rates_round_trip(n in 1u32..1_000_000, unit in prop::sample::select(vec![("s", 1.0), ("m", 60.0), ("h", 3600.0)])) {
            let rate = parse_rate(&format!("{n}/{}", unit.0)).unwrap();
            prop_assert!((rate.0 - f64::from(n) / unit.1).abs() < 1e-9);
            prop_assert!(rate.interval() > Duration::ZERO);
        }

        #[test]
        fn any_float_rate_is_bounded(x in any::<f64>(), unit in prop::sample::select(vec!["ms", "s", "m", "h", "d"])) {
            if let Ok(rate) = parse_rate(&format!("{x:.30}/{unit}")) {
                prop_assert!(rate.interval() > Duration::ZERO);
                prop_assert!(rate.interval() <= Duration::from_secs(86_401));
            }
        }

        #[test]
        fn millis_round_trip(ms in 0u64..10_000_000) {
            prop_assert_eq!(parse_duration(&format!("{ms}ms")), Ok(Duration::from_millis(ms)));
        }
    }
}
