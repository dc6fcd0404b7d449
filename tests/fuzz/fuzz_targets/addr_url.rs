//! Addresses, URLs and quantities as nt reads them from a command line, a config file or a
//! server's hint: `src/addr.rs`, the ftp:// and imap/pop3:// URL parsers, mail address
//! lists and dates. Only that nothing panics is checked.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nt::addr;
use nt::ftp::target as ftp;
use nt::mail::receive::target as mail;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = addr::parse_connect(text);
    let _ = addr::parse_listen(text);
    let _ = addr::parse_source(text);
    let _ = addr::parse_stream_connect(text);
    let _ = addr::parse_stream_listen(text);
    let _ = addr::parse_stream_or_host(text);
    let _ = addr::parse_ports(text);
    let _ = addr::parse_port_range(text);
    let _ = addr::split_url(text);
    let _ = addr::parse_duration(text);
    let _ = addr::parse_positive_duration(text);
    let _ = addr::parse_size(text);
    let _ = addr::parse_rate(text);
    let _ = addr::parse_byte_rate(text);
    let _ = addr::size_within(1, 1 << 30)(text);
    if let Ok((server, path)) = ftp::parse_url(text) {
        let _ = ftp::url(&server, Some("user"), &path);
        let _ = server.host();
    }
    let _ = ftp::parse_server(text);
    let _ = ftp::parse_hostport(text, 21);
    let _ = ftp::percent_decode(text);
    let _ = ftp::check_path(text);
    let _ = ftp::safe_local_name(text);
    let _ = ftp::basename(text);
    let _ = ftp::is_pattern(text);
    let _ = ftp::shell_quote(text);
    let _ = ftp::join(text, text);
    let _ = mail::is_url(text);
    let _ = mail::parse_url(text);
    let _ = mail::check_name(text, "folder");
    let words: Vec<String> = text.split(' ').map(str::to_string).collect();
    let _ = mail::uid_set(&words);
    let _ = nt::mail::send::split_addresses(&words);
    let _ = nt::mail::receive::since_date(text);
});
