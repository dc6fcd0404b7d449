//! The config file: defaults for `[ftp]`, `[mail]` and `[chat]`, and named `[profile.NAME]`
//! sections.
//!
//! Path: `$NT_CONFIG`, else `$XDG_CONFIG_HOME/nt/config.toml`, else `~/.config/nt/config.toml` (on
//! Windows `%APPDATA%\nt\config.toml`). A missing file means no defaults. Precedence is flag >
//! environment > profile > defaults: clap handles the first two, [`Config::ftp`], [`Config::mail`]
//! and [`Config::chat`] merge the last two. This module never prints a secret.
//!
//! The values a section shares with its command's flags are read with the flags' own
//! parsers when the file is read (the TLS modes [`FtpTls`] and [`MailTls`], typed here; a
//! `pin`, the `[chat]` `cluster`, `node` and `lease`, with the parsers of `addr/` and
//! `tls.rs`), so a bad value fails with the file's name and line before any connection.
//! Nothing here knows TLS itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::addr::cluster::{parse_lease, parse_node, parse_redis_url};
use crate::error::{Kind, Tag, fail};
use crate::output::Output;

/// `nt config`: show the effective settings or the path of the file.
#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ConfigCommand {
    /// Print the effective settings (flags aside), secrets masked.
    #[command(
        after_long_help = "Examples:\n  nt config show\n  nt --profile work config show --json\n\nExit codes:\n  0    shown\n  2    the file is not valid, or --profile names no section\n  3    the file cannot be read"
    )]
    Show,
    /// Print the path of the config file.
    #[command(
        after_long_help = "Examples:\n  $EDITOR \"$(nt config path)\"\n\nExit codes:\n  0    printed"
    )]
    Path,
}

/// `--tls` of `nt ftp` and `[ftp] tls`: explicit TLS (AUTH TLS) on the control connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FtpTls {
    /// Use AUTH TLS where the server offers it; plain text (with a warning) where not.
    Auto,
    /// AUTH TLS or nothing (exit 5).
    Required,
    /// Plain text.
    Off,
}

/// `--tls` of `nt mail` and `[mail] tls`: how SMTP, IMAP and POP3 connections are secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTls {
    /// Plain connection upgraded with STARTTLS/STLS (required).
    Starttls,
    /// Implicit TLS from the first byte (SMTPS, IMAPS, POP3S).
    Tls,
    /// No TLS at all.
    Off,
}

impl MailTls {
    /// The name used in JSON and messages.
    pub fn name(self) -> &'static str {
        match self {
            MailTls::Starttls => "starttls",
            MailTls::Tls => "tls",
            MailTls::Off => "off",
        }
    }
}

/// `[ftp]` defaults.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FtpSection {
    pub url: Option<String>,
    pub user: Option<String>,
    pub tls: Option<FtpTls>,
    pub insecure: Option<bool>,
    #[serde(default, deserialize_with = "pin")]
    pub pin: Option<String>,
    pub password_command: Option<String>,
}

/// `[mail]` defaults.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MailSection {
    pub server: Option<String>,
    pub port: Option<u16>,
    pub tls: Option<MailTls>,
    pub user: Option<String>,
    pub from: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub to: Option<Vec<String>>,
    pub insecure: Option<bool>,
    #[serde(default, deserialize_with = "pin")]
    pub pin: Option<String>,
    pub password_command: Option<String>,
    /// Where `nt mail folders/list/get/watch` read mail: `imaps://user@host[/FOLDER]`.
    pub receive: Option<String>,
    /// XOAUTH2 for receiving: a command that prints an access token.
    pub oauth2_token_command: Option<String>,
}

/// `[chat]` defaults for `nt chat serve` (a cluster's Redis, the node's name, the lease).
/// `cluster` may carry a password (`redis://user:PASSWORD@host`): a file is not the
/// process list.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChatSection {
    #[serde(default, deserialize_with = "redis_url")]
    pub cluster: Option<String>,
    #[serde(default, deserialize_with = "node")]
    pub node: Option<String>,
    #[serde(default, deserialize_with = "lease", serialize_with = "show_duration")]
    pub lease: Option<Duration>,
    #[serde(default, deserialize_with = "pin")]
    pub cluster_pin: Option<String>,
    pub cluster_insecure: Option<bool>,
}

/// A value read with a flag's parser: a bad one is a TOML error at its place.
fn checked<'de, D, T>(d: D, parse: impl Fn(&str) -> Result<T, String>) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let text = String::deserialize(d)?;
    parse(&text).map_err(serde::de::Error::custom)
}

/// A `pin`: a SHA-256 fingerprint, as `--pin` takes it (kept as written).
fn pin<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let valid = |text: &str| crate::tls::parse_fingerprint(text).map_err(|e| format!("{e:#}"));
    checked(d, |text| valid(text).map(|_| Some(text.to_string())))
}

/// `[chat] cluster`: a Redis URL as `--cluster` takes it, a password allowed (kept as
/// written, so that `nt config show` can mask the password).
fn redis_url<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    checked(d, |text| parse_redis_url(text, true).map(|_| Some(text.to_string())))
}

/// `[chat] node`, as `--node`.
fn node<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    checked(d, |text| parse_node(text).map(Some))
}

/// `[chat] lease`, as `--lease`.
fn lease<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    checked(d, |text| parse_lease(text).map(Some))
}

/// A duration as it can be written back (`30s`, `1500ms`).
fn show_duration<S: Serializer>(value: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(d) if d.subsec_millis() == 0 => s.serialize_str(&format!("{}s", d.as_secs())),
        Some(d) => s.serialize_str(&format!("{}ms", d.as_millis())),
        None => s.serialize_none(),
    }
}

/// The line of the file a TOML error is on.
fn toml_line(text: &str, error: &toml::de::Error) -> Option<usize> {
    let start = error.span()?.start;
    Some(text.get(..start)?.matches('\n').count() + 1)
}

/// A `[profile.NAME]` section: the same tables, overriding the defaults.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default)]
    pub ftp: FtpSection,
    #[serde(default)]
    pub mail: MailSection,
    #[serde(default)]
    pub chat: ChatSection,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    #[serde(default)]
    ftp: FtpSection,
    #[serde(default)]
    mail: MailSection,
    #[serde(default)]
    chat: ChatSection,
    #[serde(default)]
    profile: BTreeMap<String, Profile>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(Some(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    }))
}

/// The loaded configuration with the selected profile applied.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub path: PathBuf,
    pub exists: bool,
    pub profile: Option<String>,
    ftp: FtpSection,
    mail: MailSection,
    chat: ChatSection,
}

/// Where the config file is, from the environment: `$NT_CONFIG`, else on Windows
/// `%APPDATA%\nt\config.toml`, elsewhere the XDG place.
pub fn path() -> PathBuf {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(p) = var("NT_CONFIG") {
        return PathBuf::from(p);
    }
    if cfg!(windows) {
        let appdata = var("APPDATA").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
        return appdata.join("nt").join("config.toml");
    }
    if let Some(xdg) = var("XDG_CONFIG_HOME") {
        return Path::new(&xdg).join("nt/config.toml");
    }
    let home = var("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
    home.join(".config/nt/config.toml")
}

macro_rules! overlay {
    ($base:expr, $top:expr, $($field:ident),+) => {
        $( if $top.$field.is_some() { $base.$field = $top.$field.clone(); } )+
    };
}

impl Config {
    /// Read the config file (if any) and apply `--profile`. An unknown profile or a
    /// malformed file is a usage error (exit 2); an unreadable file is exit 3.
    pub fn load(profile: Option<&str>) -> anyhow::Result<Config> {
        let path = path();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot read config file {}", path.display()))
                    .kind(Kind::LocalFile);
            }
        };
        let exists = text.is_some();
        let file: FileFormat = match text {
            Some(text) => toml::from_str(&text)
                .map_err(|e| {
                    let place = match toml_line(&text, &e) {
                        Some(line) => format!("{}, line {line}", path.display()),
                        None => path.display().to_string(),
                    };
                    anyhow::anyhow!("{}", e.message())
                        .context(format!("invalid config file {place}"))
                })
                .kind(Kind::Usage)?,
            None => FileFormat::default(),
        };
        let mut config = Config {
            path,
            exists,
            profile: profile.map(str::to_string),
            ftp: file.ftp,
            mail: file.mail,
            chat: file.chat,
        };
        if let Some(name) = profile {
            let Some(section) = file.profile.get(name) else {
                let known: Vec<&str> = file.profile.keys().map(String::as_str).collect();
                return Err(fail(Kind::Usage, format!("unknown profile '{name}'"))).hint(format!(
                    "profiles in {}: {}",
                    config.path.display(),
                    known.join(", ")
                ));
            };
            overlay!(config.ftp, section.ftp, url, user, tls, insecure, pin, password_command);
            overlay!(
                config.mail,
                section.mail,
                server,
                port,
                tls,
                user,
                from,
                to,
                insecure,
                pin,
                password_command,
                receive,
                oauth2_token_command
            );
            overlay!(
                config.chat,
                section.chat,
                cluster,
                node,
                lease,
                cluster_pin,
                cluster_insecure
            );
        }
        Ok(config)
    }

    /// Effective `[ftp]` settings (profile over defaults).
    pub fn ftp(&self) -> &FtpSection {
        &self.ftp
    }

    /// Effective `[mail]` settings (profile over defaults).
    pub fn mail(&self) -> &MailSection {
        &self.mail
    }

    /// Effective `[chat]` settings (profile over defaults).
    pub fn chat(&self) -> &ChatSection {
        &self.chat
    }
}

/// Environment variables that carry settings; shown (masked where secret) by `config show`.
const ENV_VARS: &[(&str, bool)] = &[
    ("NT_FTP_URL", false),
    ("NT_FTP_USER", false),
    ("NT_FTP_PASSWORD", true),
    ("NT_SMTP_SERVER", false),
    ("NT_SMTP_PORT", false),
    ("NT_SMTP_TLS", false),
    ("NT_SMTP_USER", false),
    ("NT_SMTP_FROM", false),
    ("NT_SMTP_PASSWORD", true),
    ("NT_REDIS_PASSWORD", true),
    ("NT_IMAP_PASSWORD", true),
    ("NT_POP3_PASSWORD", true),
    ("NT_MAIL_PASSWORD", true),
    ("NT_PROFILE", false),
];

#[derive(Serialize)]
struct Shown<'a> {
    path: String,
    exists: bool,
    profile: Option<&'a str>,
    ftp: FtpSection,
    mail: MailSection,
    chat: ChatSection,
    env: BTreeMap<&'static str, String>,
}

fn mask(cmd: &Option<String>) -> Option<String> {
    cmd.as_ref().map(|_| "***".to_string())
}

/// A URL with the password of its `user:password@` masked (`redis://u:***@host`).
fn mask_url_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let Some((auth, host)) = rest.rsplit_once('@') else { return url.to_string() };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

/// `nt config show` and `nt config path`.
pub fn run(args: ConfigArgs, profile: Option<&str>, out: &Output) -> anyhow::Result<ExitCode> {
    if let ConfigCommand::Path = args.command {
        out.line(&path().display().to_string())?;
        return Ok(ExitCode::SUCCESS);
    }
    let config = Config::load(profile)?;
    let mut ftp = config.ftp.clone();
    ftp.password_command = mask(&ftp.password_command);
    let mut mail = config.mail.clone();
    mail.password_command = mask(&mail.password_command);
    mail.oauth2_token_command = mask(&mail.oauth2_token_command);
    let mut chat = config.chat.clone();
    chat.cluster = chat.cluster.as_deref().map(mask_url_password);
    let env = ENV_VARS
        .iter()
        .filter_map(|(name, secret)| {
            let value = std::env::var(name).ok()?;
            Some((*name, if *secret { "***".into() } else { value }))
        })
        .collect();
    let shown = Shown {
        path: config.path.display().to_string(),
        exists: config.exists,
        profile: config.profile.as_deref(),
        ftp,
        mail,
        chat,
        env,
    };
    if out.is_json() {
        out.json(&shown)?;
        return Ok(ExitCode::SUCCESS);
    }
    let state = if shown.exists { "" } else { " (not found: built-in defaults)" };
    out.line(&format!("# {}{state}", shown.path))?;
    if let Some(p) = shown.profile {
        out.line(&format!("# profile: {p}"))?;
    }
    for (title, table) in [
        ("ftp", toml::Value::try_from(&shown.ftp)?),
        ("mail", toml::Value::try_from(&shown.mail)?),
        ("chat", toml::Value::try_from(&shown.chat)?),
    ] {
        out.line(&format!("[{title}]"))?;
        if let toml::Value::Table(t) = table {
            for (k, v) in t {
                out.line(&format!("{k} = {v}"))?;
            }
        }
    }
    if !shown.env.is_empty() {
        out.line("# environment")?;
        for (k, v) in &shown.env {
            out.line(&format!("{k}={v}"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<FileFormat, toml::de::Error> {
        toml::from_str(text)
    }

    #[test]
    fn sections_and_profiles_parse() {
        let f = parse(
            "[ftp]\nurl = \"ftp://h/\"\n[mail]\nserver = \"smtp.x\"\nto = \"a@x\"\n\
             [profile.work.mail]\nserver = \"smtp.work\"\nto = [\"b@w\", \"c@w\"]\n",
        )
        .unwrap();
        assert_eq!(f.ftp.url.as_deref(), Some("ftp://h/"));
        assert_eq!(f.mail.to, Some(vec!["a@x".to_string()]));
        let work = &f.profile["work"];
        assert_eq!(work.mail.server.as_deref(), Some("smtp.work"));
        assert_eq!(work.mail.to.as_ref().map(Vec::len), Some(2));
        let f = parse(
            "[mail]\nreceive = \"imaps://a@h\"\n[profile.p.mail]\nreceive = \"pop3://b@h\"\n",
        )
        .unwrap();
        assert_eq!(f.mail.receive.as_deref(), Some("imaps://a@h"));
        assert_eq!(f.profile["p"].mail.receive.as_deref(), Some("pop3://b@h"));
    }

    #[test]
    fn tls_modes_are_typed() {
        let f = parse("[ftp]\ntls = \"required\"\n[mail]\ntls = \"starttls\"\n").unwrap();
        assert_eq!(f.ftp.tls, Some(FtpTls::Required));
        assert_eq!(f.mail.tls, Some(MailTls::Starttls));
        assert!(parse("[ftp]\ntls = \"maybe\"\n").is_err());
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(parse("[ftp]\nuri = \"x\"\n").is_err());
        assert!(parse("[smtp]\n").is_err());
    }

    #[test]
    fn chat_section_and_masked_cluster_password() {
        let f = parse(
            "[chat]\ncluster = \"redis://nt:s3cret@10.0.0.5:6379/1\"\nlease = \"10s\"\n\
             [profile.lab.chat]\nnode = \"lab1\"\n",
        )
        .unwrap();
        assert_eq!(f.chat.lease, Some(Duration::from_secs(10)));
        assert_eq!(f.profile["lab"].chat.node.as_deref(), Some("lab1"));
        let shown = mask_url_password(f.chat.cluster.as_deref().unwrap());
        assert_eq!(shown, "redis://nt:***@10.0.0.5:6379/1");
        assert_eq!(mask_url_password("redis://h:1"), "redis://h:1");
        assert_eq!(mask_url_password("redis://u@h:1"), "redis://u@h:1");
        assert!(parse("[chat]\nclusters = \"x\"\n").is_err());
    }

    #[test]
    fn overlay_keeps_unset_fields() {
        let mut base =
            MailSection { server: Some("a".into()), port: Some(25), ..Default::default() };
        let top = MailSection { server: Some("b".into()), ..Default::default() };
        overlay!(base, top, server, port);
        assert_eq!(base.server.as_deref(), Some("b"));
        assert_eq!(base.port, Some(25));
    }
}
