//! FTP replies, as `nt ftp ls`, `ls -l`, `get` and `pwd` read them from a server on
//! loopback that says the input (after its first byte, which picks the command) and then
//! stops sending: the reply reader (multi-line replies, the 64 KiB bound), FEAT, PASV and
//! EPSV replies, PWD, SIZE, and the TLS upgrade where a reply allows it.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, script)) = data.split_first() else { return };
    let local = harness::scratch().join("ftp-get");
    let _ = std::fs::remove_dir_all(&local);
    std::fs::create_dir_all(&local).expect("a download directory");
    let local = local.join("f.txt").display().to_string();
    let url = "ftp://127.0.0.1:{port}/";
    let file = "ftp://127.0.0.1:{port}/f.txt";
    let args: Vec<&str> = match pick % 4 {
        0 => vec!["ftp", "ls", url],
        1 => vec!["ftp", "ls", "-l", url],
        2 => vec!["ftp", "get", file, &local],
        _ => vec!["ftp", "pwd", "--host", url],
    };
    let mut argv = vec!["-q"];
    argv.extend(args);
    argv.extend(["--timeout", "2s"]);
    harness::play_server(script, &argv);
});
