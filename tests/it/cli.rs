//! The shared conventions: completions in sync, help, exit codes, JSON errors, config.

use crate::common::{Home, assert_error, nt, stdout_text};

const SHELLS: [(&str, &str); 5] = [
    ("bash", "nt.bash"),
    ("zsh", "_nt"),
    ("fish", "nt.fish"),
    ("powershell", "_nt.ps1"),
    ("elvish", "nt.elv"),
];

/// The generated files under `completions/`: the five completion scripts and, in
/// `completions/man/`, one man page per command. `NT_REGENERATE=1` rewrites them all in one
/// step instead of comparing.
#[test]
fn completions_and_man_pages_are_in_sync() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let pages = tempfile::tempdir().unwrap();
    let out = nt().args(["-q", "man", "--dir"]).arg(pages.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut generated: Vec<(std::path::PathBuf, Vec<u8>)> = Vec::new();
    for (shell, file) in SHELLS {
        let out = nt().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        generated.push((dir.join(file), out.stdout));
    }
    for entry in std::fs::read_dir(pages.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_owned();
        generated.push((dir.join("man").join(name), std::fs::read(&path).unwrap()));
    }
    let man_dir = dir.join("man");
    if std::env::var_os("NT_REGENERATE").is_some() {
        let _ = std::fs::remove_dir_all(&man_dir);
        std::fs::create_dir_all(&man_dir).unwrap();
        for (path, bytes) in &generated {
            std::fs::write(path, bytes).unwrap();
        }
        return;
    }
    let mut stale: Vec<String> = generated
        .iter()
        .filter(|(path, bytes)| std::fs::read(path).ok().as_ref() != Some(bytes))
        .map(|(path, _)| path.strip_prefix(&dir).unwrap().display().to_string())
        .collect();
    let checked_in = std::fs::read_dir(&man_dir).map(|d| d.count()).unwrap_or(0);
    if checked_in != generated.len() - SHELLS.len() {
        stale.push(format!("man/ holds {checked_in} pages"));
    }
    assert!(
        stale.is_empty(),
        "stale under completions/: {stale:?}; regenerate them all with:\n  \
         NT_REGENERATE=1 cargo test --test it -- cli::completions_and_man_pages_are_in_sync"
    );
}

/// Every page renders under groff without a warning, and man(1) shows it.
#[test]
#[ignore = "needs groff and man: apt-get install groff man-db"]
fn man_pages_render_without_warnings() {
    let pages = tempfile::tempdir().unwrap();
    let out = nt().args(["man", "--dir"]).arg(pages.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut count = 0;
    for entry in std::fs::read_dir(pages.path()).unwrap() {
        let path = entry.unwrap().path();
        count += 1;
        let groff = std::process::Command::new("groff")
            .args(["-man", "-ww", "-z"])
            .arg(&path)
            .output()
            .expect("run groff");
        let warnings = String::from_utf8_lossy(&groff.stderr);
        assert!(groff.status.success() && warnings.is_empty(), "{}: {warnings}", path.display());
        let man = std::process::Command::new("man")
            .args(["-l", "-P", "cat"])
            .arg(&path)
            .env("MANWIDTH", "80")
            .output()
            .expect("run man");
        let text = String::from_utf8_lossy(&man.stdout);
        assert!(man.status.success() && text.contains("NAME"), "man -l {}", path.display());
    }
    assert!(count >= 30, "only {count} pages");
}

#[test]
fn man_prints_the_page_of_one_command() {
    let out = nt().args(["man", "chat"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains("\n.TH NT-CHAT 1 "), "{page}");
    assert!(page.contains(".SH \"PROTOCOL\"") && page.contains(".SH \"EXIT CODES\""), "{page}");
    let out = nt().args(["man", "ftp", "serve"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\n.TH NT-FTP-SERVE 1 "));
    let out = nt().args(["man", "ftp", "nope"]).output().unwrap();
    assert_error(&out, 2, "'nt ftp' has no command 'nope'");
    let file = tempfile::NamedTempFile::new().unwrap();
    let out = nt().args(["man", "--dir"]).arg(file.path().join("man1")).output().unwrap();
    assert_error(&out, 3, "cannot create");
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
fn config_values_are_read_with_the_flags_parsers_and_fail_with_their_line() {
    let home = Home::new();
    let cases = [
        ("[chat]\nnode = \"n1\"\nlease = \"2h\"\n", "line 3", "out of range (1s to 1h)"),
        ("[chat]\ncluster = \"redis://u:hunter2@h:0\"\n", "line 2", "invalid"),
        ("[chat]\nnode = \"Big\"\n", "line 2", "invalid node name"),
        ("[ftp]\nurl = \"ftp://h\"\n\n\npin = \"zz\"\n", "line 5", "64 hex digits"),
        ("[mail]\npin = \"ab:cd\"\n", "line 2", "64 hex digits"),
        ("[chat]\ncluster_pin = \"12\"\n", "line 2", "64 hex digits"),
    ];
    for (text, line, why) in cases {
        home.config(text);
        // A command that would connect fails on the file first, whatever its flags say.
        let out = home.nt().args(["ftp", "ls", "ftp://127.0.0.1:1/"]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{text}: {err}");
        assert!(err.contains("invalid config file") && err.contains(line), "{text}: {err}");
        assert!(err.contains(why) && !err.contains("hunter2"), "{text}: {err}");
    }
    home.config("[chat]\ncluster = \"redis://u:hunter2@127.0.0.1:1\"\nlease = \"1500ms\"\n");
    let out = home.nt().args(["config", "show"]).output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && shown.contains("1500ms") && !shown.contains("hunter2"),
        "{shown}"
    );
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
