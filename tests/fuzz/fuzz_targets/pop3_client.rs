//! POP3 answers, as `nt mail list` and `nt mail get --all -o DIR` (with attachments saved
//! and DELE) read them from a server on loopback that says the input (after its first
//! byte, which picks the command) and then stops sending: status lines, CAPA, multi-line
//! answers (UIDL, LIST, TOP, RETR) and their bounds, and the messages themselves.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, script)) = data.split_first() else { return };
    let base = harness::scratch().join("pop3-get");
    let _ = std::fs::remove_dir_all(&base);
    let (out, files) = (base.join("out"), base.join("files"));
    let (out, files) = (out.display().to_string(), files.display().to_string());
    let url = "pop3://bob@127.0.0.1:{port}";
    let args: Vec<&str> = match pick % 3 {
        0 => vec!["mail", "list", url],
        1 => vec!["mail", "get", url, "--all", "-o", &out],
        _ => {
            vec!["mail", "get", url, "--all", "-o", &out, "--save-attachments", &files, "--delete"]
        }
    };
    let mut argv = vec!["-q"];
    argv.extend(args);
    argv.extend(["--tls", "off", "--insecure", "--timeout", "2s"]);
    harness::play_server(script, &argv);
});
