//! Directory listings from an FTP server, line by line: MLSD facts (RFC 3659) and LIST
//! lines (Unix and DOS, through suppaftp), then the `ls -l` line nt prints for an entry.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nt::ftp::listing::{long_line, mlsd_secs, parse_list, parse_mlsd, rfc3339};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        for entry in [parse_mlsd(line), parse_list(line)].into_iter().flatten() {
            let _ = long_line(&entry);
        }
        if let Some(secs) = mlsd_secs(line) {
            let _ = rfc3339(secs);
        }
    }
});
