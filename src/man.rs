//! `nt man [COMMAND...]` and `nt man --dir DIR`: the manual pages, generated from the clap
//! tree that `--help` is generated from.
//!
//! One page per command, named as git names its pages: nt(1), nt-ftp(1), nt-ftp-serve(1).
//! clap_mangen renders NAME, SYNOPSIS, DESCRIPTION, OPTIONS and SUBCOMMANDS; each block of
//! a command's long help that starts with a heading line ("Examples:", "Exit codes:",
//! "Protocol:", ...) becomes a section of its own (EXAMPLES, EXIT CODES, PROTOCOL), written
//! here with roff: prose is filled, indented lines are kept as they are. A page is ASCII
//! (any other character becomes groff's `\[uXXXX]`), so `groff -man -ww` reads every page
//! without a warning (a test renders each one). This module reads the tree and writes
//! pages; it never changes what the command line accepts.

#[cfg(test)]
mod examples;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;
use clap_mangen::Man;

use crate::cli::{Cli, ManArgs};
use crate::error::{Kind, Tag, fail, stdout_result};
use crate::output::Output;

/// The whole command tree, built (bin names set, global flags on every command), without
/// clap's `help` subcommands: they are not commands of nt and get no page.
pub fn tree() -> clap::Command {
    fn no_help(cmd: clap::Command) -> clap::Command {
        let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
        names
            .into_iter()
            .fold(cmd.disable_help_subcommand(true), |cmd, name| cmd.mut_subcommand(name, no_help))
    }
    let mut cmd = no_help(Cli::command());
    cmd.build();
    cmd
}

/// Every command of the tree with its page name (`nt`, `nt-ftp`, `nt-ftp-serve`), parents
/// before their children.
pub fn pages(root: &clap::Command) -> Vec<(String, &clap::Command)> {
    fn walk<'a>(cmd: &'a clap::Command, name: String, out: &mut Vec<(String, &'a clap::Command)>) {
        out.push((name.clone(), cmd));
        for sub in cmd.get_subcommands() {
            walk(sub, format!("{name}-{}", sub.get_name()), out);
        }
    }
    let mut out = Vec::new();
    walk(root, root.get_name().to_string(), &mut out);
    out
}

/// The page of one command, as roff text.
pub fn render(name: &str, cmd: &clap::Command) -> Vec<u8> {
    let man = Man::new(cmd.clone())
        .title(name.to_uppercase())
        .source(format!("nt {}", env!("CARGO_PKG_VERSION")))
        .manual("nt manual");
    let mut page = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = render_into(&man, cmd, name, &mut page);
    ascii(&String::from_utf8_lossy(&page)).into_bytes()
}

fn render_into(
    man: &Man,
    cmd: &clap::Command,
    name: &str,
    page: &mut Vec<u8>,
) -> std::io::Result<()> {
    man.render_title(page)?;
    // Ragged right, no hyphenation: flag names and paths stay whole.
    page.extend_from_slice(b".ad l\n.nh\n");
    man.render_name_section(page)?;
    man.render_synopsis_section(page)?;
    man.render_description_section(page)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(page)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(page)?;
    }
    if let Some(text) = cmd.get_after_long_help() {
        page.extend_from_slice(sections(&text.to_string()).as_bytes());
    }
    page.extend_from_slice(see_also(name, cmd).as_bytes());
    Ok(())
}

/// The long help's blocks as roff sections. A heading is a line that does not start with
/// a space, ends in `:` and has at most four words; text before the first heading is NOTES.
/// Examples, and lines laid out as columns (indented deeper, or with a run of spaces
/// inside), keep their lines; other lines are prose, filled into paragraphs.
fn sections(text: &str) -> String {
    let mut out = String::new();
    let mut title: Option<String> = None;
    let mut verbatim: Option<bool> = None;
    let mut blank = false;
    for line in text.lines() {
        let is_heading = !line.starts_with(' ')
            && line.len() > 1
            && line.ends_with(':')
            && line.split_whitespace().count() <= 4;
        if is_heading || title.is_none() {
            if verbatim == Some(true) {
                out.push_str(".fi\n");
            }
            let name = if is_heading { line.trim_end_matches(':') } else { "Notes" };
            let name = name.to_uppercase();
            out.push_str(&format!(".SH \"{}\"\n", escape(&name)));
            title = Some(name);
            verbatim = None;
            blank = false;
            if is_heading {
                continue;
            }
        }
        if line.trim().is_empty() {
            blank = true;
            continue;
        }
        let columns = line.starts_with("   ") || line.trim_start().contains("  ");
        let keep = line.starts_with(' ') && (title.as_deref() == Some("EXAMPLES") || columns);
        if blank || verbatim != Some(keep) {
            if verbatim == Some(true) {
                out.push_str(".fi\n");
            }
            out.push_str(if keep { ".PP\n.nf\n" } else { ".PP\n" });
            verbatim = Some(keep);
            blank = false;
        }
        let line = if keep { line.strip_prefix("  ").unwrap_or(line) } else { line.trim() };
        out.push_str(&escape(line));
        out.push('\n');
    }
    if verbatim == Some(true) {
        out.push_str(".fi\n");
    }
    out
}

/// SEE ALSO: the parent page and the pages of the subcommands.
fn see_also(name: &str, cmd: &clap::Command) -> String {
    let mut refs: Vec<String> = Vec::new();
    if let Some((parent, _)) = name.rsplit_once('-') {
        refs.push(parent.to_string());
    }
    refs.extend(cmd.get_subcommands().map(|s| format!("{name}-{}", s.get_name())));
    if refs.is_empty() {
        return String::new();
    }
    let list: Vec<String> = refs.iter().map(|r| format!("\\fB{}\\fR(1)", escape(r))).collect();
    format!(".SH \"SEE ALSO\"\n{}\n", list.join(", "))
}

/// One line of text for roff: backslashes and hyphens escaped, a leading `.` or `'` made
/// literal.
fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            c => out.push(c),
        }
    }
    if out.starts_with('.') || out.starts_with('\'') {
        out.insert_str(0, "\\&");
    }
    out
}

/// Every character outside ASCII as groff's `\[uXXXX]`, so the page reads the same under
/// any input encoding.
fn ascii(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    for c in page.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", c as u32));
        }
    }
    out
}

pub fn run(args: ManArgs, out: &Output) -> anyhow::Result<ExitCode> {
    let root = tree();
    if let Some(dir) = &args.dir {
        let count = write_all(&root, dir)?;
        out.info(&format!("wrote {count} pages into {}", dir.display()));
        return Ok(ExitCode::SUCCESS);
    }
    let mut cmd = &root;
    let mut name = root.get_name().to_string();
    for word in &args.command {
        let Some(sub) = cmd.find_subcommand(word) else {
            let known: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
            let msg = format!("'{}' has no command '{}'", name.replace('-', " "), word);
            return Err(fail(Kind::Usage, msg)).hint(format!("its commands: {}", known.join(", ")));
        };
        name = format!("{name}-{}", sub.get_name());
        cmd = sub;
    }
    let mut stdout = std::io::stdout().lock();
    stdout_result(stdout.write_all(&render(&name, cmd)).and_then(|()| stdout.flush()))?;
    Ok(ExitCode::SUCCESS)
}

/// Write every page into `dir` (made when missing) as NAME.1; the number of pages.
fn write_all(root: &clap::Command, dir: &Path) -> anyhow::Result<usize> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create {}", dir.display()))
        .kind(Kind::LocalFile)?;
    let pages = pages(root);
    for (name, cmd) in &pages {
        let path = dir.join(format!("{name}.1"));
        std::fs::write(&path, render(name, cmd))
            .with_context(|| format!("cannot write {}", path.display()))
            .kind(Kind::LocalFile)?;
    }
    Ok(pages.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_and_flag_has_help() {
        let root = tree();
        let mut missing = Vec::new();
        for (name, cmd) in pages(&root) {
            if cmd.get_about().is_none() {
                missing.push(format!("{name}: the command"));
            }
            for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{name}: {}", arg.get_id()));
                }
            }
        }
        assert!(missing.is_empty(), "no help text: {missing:#?}");
    }

    #[test]
    fn every_command_has_a_page() {
        let root = tree();
        let pages = pages(&root);
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        for name in ["nt", "nt-ftp", "nt-ftp-serve", "nt-mail-catch", "nt-man", "nt-ip-info"] {
            assert!(names.contains(&name), "{name} missing from {names:?}");
        }
        assert!(!names.iter().any(|n| n.ends_with("-help")), "{names:?}");
        for (name, cmd) in &pages {
            let page = String::from_utf8(render(name, cmd)).unwrap();
            assert!(page.is_ascii(), "{name}");
            assert!(page.contains(&format!("\n.TH {} 1 ", name.to_uppercase())), "{name}");
            assert!(page.contains(".SH NAME"), "{name}");
            for line in page.lines() {
                assert!(!line.starts_with("..") && !line.starts_with('\''), "{name}: {line}");
            }
        }
    }

    #[test]
    fn long_help_blocks_become_sections() {
        let text = "Examples:\n  nt ip info 10.0.0.1\n  .hidden\n\nExit codes:\n  0  fine\nProse \
                    with a-dash.";
        let roff = sections(text);
        assert!(roff.starts_with(".SH \"EXAMPLES\"\n.PP\n.nf\nnt ip info 10.0.0.1\n\\&.hidden\n"));
        assert!(
            roff.contains(
                ".SH \"EXIT CODES\"\n.PP\n.nf\n0  fine\n.fi\n.PP\nProse with a\\-dash.\n"
            )
        );
        assert_eq!(ascii("Entw\u{fc}rfe"), "Entw\\[u00FC]rfe");
        assert_eq!(escape("'quoted' \\n"), "\\&'quoted' \\en");
    }
}
