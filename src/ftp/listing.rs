//! Directory listings: MLSD lines (RFC 3659) where the server offers them, else LIST lines
//! (Unix `ls -l` or DOS style, parsed by suppaftp), into one [`Entry`] shape.
//!
//! Names come from the server: they are sanitized before reaching a terminal and checked
//! with `target::safe_local_name` before a recursive download creates anything.

use std::time::UNIX_EPOCH;

use serde::Serialize;
use suppaftp::list::ListParser;

/// What a listing entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryType {
    File,
    Dir,
    Link,
    Other,
}

/// One entry of `ls -l` (and of `--json`): the contract keys are name, type, size, modified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntryType,
    pub size: Option<u64>,
    /// RFC 3339 UTC (`2026-11-24T19:30:00Z`), when the server says.
    pub modified: Option<String>,
    /// `modified` in seconds since the epoch.
    #[serde(skip)]
    pub mtime: Option<i64>,
    /// The time is exact to the second (MLSD), not a LIST line's day or minute.
    #[serde(skip)]
    pub exact_time: bool,
}

/// Parse one MLSD line: `fact=value;fact=value; name`. `cdir`/`pdir` entries (the directory
/// itself and its parent) give `None`, as do lines without a name.
pub fn parse_mlsd(line: &str) -> Option<Entry> {
    let (facts, name) = match line.strip_prefix(' ') {
        Some(name) => ("", name),
        None => line.split_once("; ")?,
    };
    if name.is_empty() {
        return None;
    }
    let mut entry = Entry {
        name: name.to_string(),
        kind: EntryType::Other,
        size: None,
        modified: None,
        mtime: None,
        exact_time: true,
    };
    for fact in facts.split(';') {
        let Some((key, value)) = fact.split_once('=') else { continue };
        match key.to_ascii_lowercase().as_str() {
            "type" => {
                entry.kind = match value.to_ascii_lowercase().as_str() {
                    "file" => EntryType::File,
                    "dir" => EntryType::Dir,
                    "cdir" | "pdir" => return None,
                    v if v.starts_with("os.unix=symlink") || v.starts_with("os.unix=slink") => {
                        EntryType::Link
                    }
                    _ => EntryType::Other,
                }
            }
            "size" => entry.size = value.parse().ok(),
            "modify" => {
                entry.mtime = mlsd_secs(value);
                entry.modified = entry.mtime.map(rfc3339);
            }
            _ => {}
        }
    }
    Some(entry)
}

/// `YYYYMMDDHHMMSS[.sss]` (UTC) as seconds since the epoch.
pub fn mlsd_secs(value: &str) -> Option<i64> {
    let digits = value.split('.').next()?;
    if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |a: usize, b: usize| digits[a..b].parse::<i64>().ok();
    let (y, mo, d, h, mi, s) = (n(0, 4)?, n(4, 6)?, n(6, 8)?, n(8, 10)?, n(10, 12)?, n(12, 14)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds since the epoch as MLSD/MFMT's `YYYYMMDDHHMMSS`.
pub fn mlsd_stamp(secs: i64) -> String {
    rfc3339(secs).chars().filter(char::is_ascii_digit).collect()
}

/// Parse one LIST line (Unix or DOS format). `total N` and unparsable lines give `None`.
pub fn parse_list(line: &str) -> Option<Entry> {
    let file = ListParser::parse_posix(line).or_else(|_| ListParser::parse_dos(line)).ok()?;
    let name = file.name().to_string();
    if name.is_empty() || name == "." || name == ".." {
        return None;
    }
    let kind = if file.is_directory() {
        EntryType::Dir
    } else if file.is_symlink() {
        EntryType::Link
    } else {
        EntryType::File
    };
    let secs = file.modified().duration_since(UNIX_EPOCH).ok().map(|d| d.as_secs() as i64);
    let size = (kind == EntryType::File).then_some(file.size() as u64);
    let mtime = secs.filter(|s| *s > 0);
    Some(Entry { name, kind, size, modified: mtime.map(rfc3339), mtime, exact_time: false })
}

/// Seconds since the epoch as RFC 3339 UTC (days to civil date: H. Hinnant's algorithm).
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// One `ls -l` line: type, size, time, name (sanitized).
pub fn long_line(entry: &Entry) -> String {
    let kind = match entry.kind {
        EntryType::Dir => 'd',
        EntryType::File => '-',
        EntryType::Link => 'l',
        EntryType::Other => '?',
    };
    let size = match (entry.kind, entry.size) {
        (EntryType::Dir, _) | (_, None) => "-".to_string(),
        (_, Some(n)) => n.to_string(),
    };
    let when = entry
        .modified
        .as_deref()
        .and_then(|m| m.get(..16))
        .map(|m| m.replacen('T', " ", 1))
        .unwrap_or_else(|| "-".repeat(16));
    format!("{kind} {size:>12}  {when}  {}", crate::output::sanitize(&entry.name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn mlsd_lines() {
        let e =
            parse_mlsd("type=file;size=1234;modify=20261124193000.123;UNIX.mode=0644; a b;c.txt")
                .unwrap();
        assert_eq!(e.name, "a b;c.txt");
        assert_eq!(e.kind, EntryType::File);
        assert_eq!(e.size, Some(1234));
        assert_eq!(e.modified.as_deref(), Some("2026-11-24T19:30:00Z"));
        assert_eq!(e.mtime, Some(1_795_548_600));
        assert_eq!(mlsd_stamp(1_795_548_600), "20261124193000");
        assert_eq!(parse_mlsd("type=dir;modify=2026; pub").unwrap().modified, None);
        assert_eq!(parse_mlsd("type=cdir; ."), None);
        assert_eq!(parse_mlsd("type=pdir; .."), None);
        assert_eq!(parse_mlsd(" bare").unwrap().kind, EntryType::Other);
        assert_eq!(parse_mlsd("no-name"), None);
    }

    #[test]
    fn list_lines() {
        let e = parse_list("-rw-r--r-- 1 user group 1234 Nov 5 2018 omar.txt").unwrap();
        assert_eq!((e.name.as_str(), e.kind, e.size), ("omar.txt", EntryType::File, Some(1234)));
        assert_eq!(e.modified.as_deref(), Some("2018-11-05T00:00:00Z"));
        let d = parse_list("drwxr-xr-x 2 0 0 4096 Jan 1 2020 sub").unwrap();
        assert_eq!((d.kind, d.size), (EntryType::Dir, None));
        assert_eq!(parse_list("total 12"), None);
    }

    #[test]
    fn civil_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_795_548_600), "2026-11-24T19:30:00Z");
        assert_eq!(rfc3339(-86_400), "1969-12-31T00:00:00Z");
    }

    #[test]
    fn long_lines() {
        let e = Entry {
            name: "x\x1b".into(),
            kind: EntryType::File,
            size: Some(5),
            modified: Some("2026-11-24T19:30:00Z".into()),
            mtime: None,
            exact_time: true,
        };
        assert_eq!(long_line(&e), "-            5  2026-11-24 19:30  x\\u{1b}");
    }

    proptest! {
        #[test]
        fn parsers_never_panic(line in "\\PC{0,120}") {
            let _ = parse_mlsd(&line);
            let _ = parse_list(&line);
            let _ = mlsd_secs(&line);
        }

        #[test]
        fn mlsd_round_trip(name in "[^\\x00-\\x1f]{1,30}", size in any::<u64>(),
                           y in 1970u32..9999, mo in 1u32..=12, d in 1u32..=28,
                           h in 0u32..24, mi in 0u32..60, s in 0u32..60) {
            prop_assume!(!name.starts_with(' '));
            let line = format!("type=file;size={size};modify={y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}; {name}");
            let e = parse_mlsd(&line).unwrap();
            prop_assert_eq!(e.name, name);
            prop_assert_eq!(e.size, Some(size));
            let want = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z");
            prop_assert_eq!(e.modified, Some(want));
            let stamp = format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}");
            prop_assert_eq!(e.mtime.map(mlsd_stamp), Some(stamp));
        }

        #[test]
        fn rfc3339_is_well_formed(secs in -62_000_000_000i64..250_000_000_000) {
            let t = rfc3339(secs);
            if secs >= -62_135_596_800 {
                prop_assert_eq!(t.len(), 20);
            }
            prop_assert!(t.ends_with('Z'));
        }
    }
}
