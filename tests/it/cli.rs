//! The shared conventions: completions in sync, help, exit codes, JSON errors, config.

use crate::common::{Home, assert_error, nt, stdout_text};

const SHELLS: [(&str, &str); 5] = [
    ("bash", "nt.bash"),
    ("zsh", "_nt"),
    ("fish", "nt.fish"),
    ("powershell", "_nt.ps1"),
    ("elvish", "nt.elv"),
];

#[test]
fn completions_are_in_sync() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let mut stale = Vec::new();
    for (shell, file) in SHELLS {
        let out = nt().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        let checked_in = std::fs::read(dir.join(file)).unwrap_or_default();
        if checked_in != out.stdout {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "stale completions {stale:?}; regenerate them with:\n  cargo build -q && for p in bash:nt.bash zsh:_nt fish:nt.fish \
         powershell:_nt.ps1 elvish:nt.elv; do target/debug/nt completions ${{p%%:*}} > completions/${{p#*:}}; done"
    );
}

#[test]
fn help_lists_exit_codes_and_examples() {
    let out = nt().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout_text(&out);
    for needle in ["130", "interrupted by Ctrl-C", "Examples:", "nt ip info 192.168.12.146/24"] {
        assert!(text.contains(needle), "{needle} missing from --help");
    }
}

#[test]
fn bad_flag_is_usage_error() {
    let out = nt().args(["ip", "--no-such-flag"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = nt().args(["tcp", "connect", "127.0.0.1:65536"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("65536"));
}

#[test]
fn config_path_follows_the_environment() {
    let home = Home::new();
    let out = home.nt().args(["config", "path"]).output().unwrap();
    assert_eq!(stdout_text(&out).trim(), home.path().join("config.toml").display().to_string());
    let out = home.nt().env_remove("NT_CONFIG").args(["config", "path"]).output().unwrap();
    assert_eq!(
        stdout_text(&out).trim(),
        home.path().join("xdg/nt/config.toml").display().to_string()
    );
}

#[test]
fn config_show_applies_profile_and_masks_secrets() {
    let home = Home::new();
    home.config(
        "[mail]\nserver = \"smtp.default\"\nfrom = \"me@x.test\"\npassword_command = \"echo hunter2\"\n\
         [profile.work.mail]\nserver = \"smtp.work\"\n",
    );
    let out = home
        .nt()
        .env("NT_SMTP_PASSWORD", "s3cret")
        .args(["--json", "--profile", "work", "config", "show"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout_text(&out);
    assert!(!text.contains("hunter2") && !text.contains("s3cret"), "secret leaked: {text}");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["mail"]["server"], "smtp.work");
    assert_eq!(doc["mail"]["from"], "me@x.test");
    assert_eq!(doc["mail"]["password_command"], "***");
    assert_eq!(doc["env"]["NT_SMTP_PASSWORD"], "***");
}

#[test]
fn config_errors_have_exit_codes() {
    let home = Home::new();
    home.config("[mail]\nserver = \"a\"\n");
    let out = home.nt().args(["--profile", "nope", "config", "show"]).output().unwrap();
    assert_error(&out, 2, "unknown profile 'nope'");
    home.config("[mail\n");
    let out = home.nt().args(["config", "show"]).output().unwrap();
    assert_error(&out, 2, "invalid config file");
    let out = home.nt().args(["--json", "config", "show"]).output().unwrap();
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["kind"], "usage");
    assert_eq!(err["exit"], 2);
}

#[test]
fn closed_stdout_is_a_quiet_success() {
    use std::io::Read;
    use std::process::Stdio;
    // Four million lines: far more than a pipe buffer, so nt really writes into a closed pipe.
    let mut child = nt()
        .args(["ip", "split", "10.0.0.0/8", "--prefix", "30"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "nothing on stderr: {}", String::from_utf8_lossy(&out.stderr));
}

/// Exit code and stderr of `nt ARGS` (stdin empty).
fn usage_error(args: &[&str]) -> (Option<i32>, String) {
    let out = nt().args(args).output().expect("run nt");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn usage_errors_keep_their_list() {
    assert_eq!(
        usage_error(&["chat", "join", "127.0.0.1:7000"]),
        (
            Some(2),
            "nt: error: the following required arguments were not provided: --nick <NAME>\n\
             hint: usage: nt chat join --nick <NAME> <ADDR> (more with --help)\n"
                .into()
        )
    );
    assert_eq!(
        usage_error(&["ftp", "mv", "a"]),
        (
            Some(2),
            "nt: error: the following required arguments were not provided: <TO>\n\
             hint: usage: nt ftp mv <FROM> <TO> (more with --help)\n"
                .into()
        )
    );
    assert_eq!(
        usage_error(&["tcp", "connect"]),
        (
            Some(2),
            "nt: error: the following required arguments were not provided: <ADDR>\n\
             hint: usage: nt tcp connect <ADDR> [PORTS] (more with --help)\n"
                .into()
        )
    );
    // Every kind with a list keeps it: possible values, and several missing arguments.
    let (code, err) = usage_error(&["--color", "nope", "ip", "info", "1.2.3.4"]);
    assert_eq!(code, Some(2));
    assert!(err.starts_with(
        "nt: error: invalid value 'nope' for '--color <WHEN>' [possible values: auto, always, never]\n"
    ), "{err}");
    let (_, err) = usage_error(&["--json", "ftp", "mv"]);
    let doc: serde_json::Value = serde_json::from_str(&err).expect("one JSON error");
    assert_eq!(doc["error"], "the following required arguments were not provided: <FROM>, <TO>");
    assert_eq!(doc["exit"], 2);
}

#[test]
fn help_that_cannot_be_written_is_an_error() {
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    for flag in ["--help", "--version"] {
        let out = nt().arg(flag).stdout(full()).output().expect("run nt");
        assert_error(
            &out,
            3,
            "nt: error: cannot write to stdout\ncaused by: No space left on device",
        );
    }
    // A reader that is already gone (`nt --help | head -0`) is the usual quiet success.
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let out = nt().arg("--help").stdout(writer).output().expect("run nt");
    assert_eq!((out.status.code(), out.stderr.as_slice()), (Some(0), &b""[..]));
}
