//! The examples are tested: every `nt ...` command line in the README's code blocks and in
//! the "Examples:" block of each command's long help is parsed with the real clap tree (not
//! run), so a renamed or removed flag cannot leave a dead example behind.
//!
//! A line is read as a shell reads it, as far as examples need: `\` continues a line, `#`
//! starts a comment, quotes group words, `|`, `||`, `&&` and `;` separate commands,
//! `NAME=value` before a command is its environment, and `<`, `>` start redirections.
//! Test code only.

use clap::CommandFactory;

use crate::cli::Cli;

/// The README, read at compile time.
const README: &str = include_str!("../../README.md");

/// Lines of the README's fenced code blocks that may hold commands (a `console` block:
/// only its `$ ` lines), continuation lines joined.
fn readme_lines() -> Vec<String> {
    let mut lines = Vec::new();
    let mut block: Option<&str> = None;
    for line in README.lines() {
        if let Some(info) = line.trim_start().strip_prefix("```") {
            block = match block {
                Some(_) => None,
                None => Some(info.trim()),
            };
            continue;
        }
        match block {
            Some("console") => {
                if let Some(cmd) = line.strip_prefix("$ ") {
                    lines.push(cmd.to_string());
                }
            }
            Some("toml" | "json") | None => {}
            Some(_) => lines.push(line.to_string()),
        }
    }
    join_continuations(lines)
}

/// The indented lines of every "Examples:" block in the long help of every command.
fn help_lines() -> Vec<(String, String)> {
    let root = super::tree();
    let mut out = Vec::new();
    for (name, cmd) in super::pages(&root) {
        let Some(text) = cmd.get_after_long_help().map(|t| t.to_string()) else { continue };
        let mut in_examples = false;
        let mut lines = Vec::new();
        for line in text.lines() {
            if !line.starts_with(' ') && line.ends_with(':') {
                in_examples = line == "Examples:";
            } else if in_examples && line.starts_with("  ") {
                lines.push(line.trim().to_string());
            }
        }
        out.extend(join_continuations(lines).into_iter().map(|l| (name.clone(), l)));
    }
    out
}

fn join_continuations(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in lines {
        match (open, out.last_mut()) {
            (true, Some(last)) => last.push_str(line.trim()),
            _ => out.push(line),
        }
        let last = out.last_mut().expect("just pushed");
        open = last.ends_with('\\');
        if open {
            last.pop();
            if !last.ends_with(' ') {
                last.push(' ');
            }
        }
    }
    out
}

/// The line without its comment: an unquoted `#` at the start or after a space.
fn strip_comment(line: &str) -> &str {
    let (mut single, mut double, mut prev) = (false, false, ' ');
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && prev.is_whitespace() => return &line[..i],
            _ => {}
        }
        prev = c;
    }
    line
}

/// The argument vectors of the `nt` commands on one line.
fn nt_commands(line: &str) -> Result<Vec<Vec<String>>, String> {
    let words = shell_words::split(strip_comment(line)).map_err(|e| e.to_string())?;
    let mut commands = Vec::new();
    for segment in words.split(|w| matches!(w.as_str(), "|" | "||" | "&&" | ";" | "|&")) {
        let mut words = segment.iter().skip_while(|w| is_assignment(w)).peekable();
        if words.peek().map(|w| w.as_str()) != Some("nt") {
            continue;
        }
        let argv = words
            .take_while(|w| !(w.starts_with('<') || w.starts_with('>') || w.starts_with("2>")))
            .cloned()
            .collect();
        commands.push(argv);
    }
    Ok(commands)
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit())
    })
}

/// Why `argv` does not parse, or `None` when it does (help and version requests parse, and
/// on Windows a `unix:` address is refused as it should be).
fn parse_error(argv: &[String]) -> Option<String> {
    use clap::error::ErrorKind;
    match Cli::command().try_get_matches_from(argv) {
        Ok(_) => None,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => None,
        Err(e) if cfg!(windows) && e.to_string().contains(crate::addr::NO_UNIX_SOCKETS) => None,
        Err(e) => Some(e.to_string().lines().next().unwrap_or_default().to_string()),
    }
}

fn check(origin: &str, lines: &[String], dead: &mut Vec<String>) -> usize {
    let mut count = 0;
    for line in lines {
        match nt_commands(line) {
            Err(e) => dead.push(format!("{origin}: {line}\n    cannot split: {e}")),
            Ok(commands) => {
                for argv in commands {
                    count += 1;
                    if let Some(e) = parse_error(&argv) {
                        dead.push(format!("{origin}: {line}\n    {e}"));
                    }
                }
            }
        }
    }
    count
}

#[test]
fn every_example_parses() {
    let mut dead = Vec::new();
    let readme = check("README.md", &readme_lines(), &mut dead);
    let mut help = 0;
    for (name, line) in help_lines() {
        // --help wraps at 100 columns: a longer example would not run as printed.
        if line.len() > 96 {
            dead.push(format!("{name} --help: {line}\n    longer than 96 columns"));
        }
        help += check(&format!("{name} --help"), &[line], &mut dead);
    }
    assert!(dead.is_empty(), "examples that do not parse:\n{}", dead.join("\n"));
    assert!(readme >= 40, "only {readme} nt commands found in the README's code blocks");
    assert!(help >= 80, "only {help} nt commands found in the help examples");
}

#[test]
fn lines_are_read_as_a_shell_reads_them() {
    let cmds = |l: &str| nt_commands(l).unwrap();
    assert_eq!(
        cmds("NT_X=1 nt ip info 1.2.3.4 | nt ip info - > out # nt tcp"),
        vec![vec!["nt", "ip", "info", "1.2.3.4"], vec!["nt", "ip", "info", "-"]]
    );
    assert_eq!(cmds("cut -f1 x | nt ip info --header - | column -t").len(), 1);
    assert_eq!(cmds("echo '# not a comment' && nt ftp pwd").len(), 1);
    assert!(cmds("$EDITOR \"$(nt config path)\"").is_empty());
    assert_eq!(join_continuations(vec!["nt a \\".into(), "  b".into()]), vec!["nt a b"]);
    assert!(parse_error(&["nt".into(), "ip".into(), "nope".into()]).is_some());
    assert!(parse_error(&["nt".into(), "ip".into(), "--help".into()]).is_none());
}
