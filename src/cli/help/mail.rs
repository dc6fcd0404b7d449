//! The long help of `nt mail` and its commands (see `help.rs`). Text only, ASCII only;
//! every example parses as written (tested).

/// `nt mail --help`.
pub const MAIL: &str = r#"Configuration:
  [mail] (or [profile.NAME.mail]): server, port, tls, user, from, to (a string or a list),
  insecure, pin, password_command (sending); receive (the account folders, list, get and
  watch read: imaps://user@host[/FOLDER]), user, insecure, pin, password_command,
  oauth2_token_command (receiving).

Examples:
  nt mail send --server 127.0.0.1:2525 --tls off --to you@lab.test --body hi
  nt mail catch ./inbox
  nt mail list imaps://alice@imap.example.org"#;

/// `nt mail send --help`.
pub const MAIL_SEND: &str = r#"TLS and login:
  TLS mode: --tls if given, else implicit TLS on port 465 and STARTTLS on any other;
  default port 587 (starttls), 465 (tls), 25 (off). STARTTLS is required in starttls mode:
  a server without it is exit 5, never a silent downgrade, and anything pipelined before
  the handshake is refused. A login happens when a user is known (--user, NT_SMTP_USER,
  [mail] user, or a ~/.netrc machine entry); the password comes from NT_SMTP_PASSWORD,
  ~/.netrc, password_command or a prompt. No password goes out unencrypted: a login with
  --tls off needs --insecure too. AUTH PLAIN, else LOGIN. -vv shows the dialogue with the
  secrets as ***.

Without a server:
  When no --server, NT_SMTP_SERVER or [mail] server names one, nt delivers to each
  recipient domain's MX (lowest preference first, else the domain's own address; --dns
  names the resolver) on port 25, with opportunistic STARTTLS as MTAs do (the certificate
  is not checked, --pin still is; --tls starttls makes TLS required and verified) and
  without login.

The message:
  Text and HTML go as multipart/alternative, HTML with --inline images as
  multipart/related, attachments in multipart/mixed; every file part is base64 (text
  files too), its MIME type from its name. Line endings become CRLF. Bcc recipients are in
  the envelope only. --eml sends a prepared message as it is (its Bcc field removed; its
  header block at most 256 KiB). --timeout bounds the connect, the TLS handshake, each
  reply and each write; --retries retries the connect only (a message is never sent
  twice).

JSON:
  {"message_id","from","recipients" (the whole envelope),"bytes","seconds","dry_run",
  "server","tls","encrypted","reply"}; without a server also "deliveries": one object per
  domain with "domain","exchange","server","tls","encrypted","recipients","reply".

Examples:
  nt mail send --server smtp.example.org --user me@example.org --to bob@example.org --body hi
  nt mail send --to bob@example.org --html page.html --inline img01=iu.jpg --attach text1_SMTP.py
  echo body | nt mail send --to bob@example.org,ann@example.org --bcc me@example.org
  nt mail send --to bob@example.org --body hi --dry-run --save hi.eml
  nt mail send --server 127.0.0.1:2525 --tls off --eml hi.eml
  nt mail send --attach file.py

Exit codes:
  0    sent (or --dry-run)
  2    bad address, header, CID, --ehlo or flag; no recipient or sender; a login with --tls
       off without --insecure; no password found
  3    an attachment, inline image, HTML or body file cannot be read; --save cannot be
       written
  4    cannot resolve or connect, timed out, connection lost, no MX host took the message
  5    login rejected, certificate not trusted or not the pinned one, STARTTLS not offered,
       the server requires TLS or a login
  6    the server rejected the sender, a recipient or the message (its reply is shown); a
       null MX"#;

/// `nt mail catch --help`.
pub const MAIL_CATCH: &str = r#"Saving:
  Any client may send, logged in or not (AUTH PLAIN and LOGIN accept any login, with or
  without TLS). DIR is a Maildir: each message is written into tmp/ and renamed into
  new/NAME,S=SIZE when complete, exactly as the client sent it after dot-unstuffing. A
  message cut short stays in tmp/. --count N stops accepting after N messages, lets
  connected clients finish for up to 5 s, and exits 0.

SMTP:
  EHLO offers PIPELINING, SIZE (--max-size), AUTH PLAIN LOGIN, STARTTLS (with TLS),
  8BITMIME and SMTPUTF8; only <CRLF>.<CRLF> ends a message (a bare LF or CR before the
  dot is data: no SMTP smuggling). With a certificate, AUTH is offered only after
  STARTTLS. Each stored message gets a Received: line on top.

Bounds (each client):
  --max-clients at once (the next is told 421 and closed); --max-pending connections
  from one address that have not had a recipient accepted (421); --login-timeout for
  EHLO/HELO; --timeout for every other wait (421); --max-size (552, naming the limit);
  --max-recipients (452); a command line of 16 KiB (500, then closed); 16 KiB of replies
  not yet read (the client is not read until it reads them); 20 bad commands (421).
  Messages stream to disk: memory stays flat whatever their size; a failed write
  leaves nothing in tmp/.

POP3:
  --pop3 ADDR --user NAME serves DIR over POP3 beside SMTP: NAME's password from
  NT_POP3_PASSWORD or a prompt; with TLS it offers STLS and takes the password only after
  it. One session at a time in the transaction state; DELE removes files only at QUIT.
  Bounds: --max-clients and --max-pending as for SMTP (a login frees the share),
  --login-timeout to log in, lines of 8 KiB, 10 minutes of silence, 10 bad commands.

Web:
  --web [ADDR] (default 127.0.0.1:8025) serves a page over DIR: the list, newest first,
  live; search (from: to: subject: has:attachment is:unread, free text); a message view
  (HTML in a sandboxed frame with remote loads blocked, text, headers, raw source, MIME
  tree); delete one or all. Opening a message marks it read (the Maildir S flag). The
  JSON API is the common part of mailpit's v1 (/api/v1/messages, message/ID (or
  latest), /raw, /part/N, search?query=, DELETE messages). An address off loopback needs --web-user
  (password from NT_WEB_PASSWORD or a prompt); a login over plain HTTP needs HTTPS
  (--web-cert/--web-key or the catcher's --self-signed) or --web-insecure.

JSON:
  One object per message (JSON Lines): {"from","to":[..],"subject","size","attachments":
  [..],"file" (with DIR),"peer","tls","login"}.

Examples:
  nt mail catch ./inbox
  nt mail catch
  nt --json mail catch --count 1 ./inbox
  nt mail catch ./inbox --reject '*@spam.test' --max-size 10MiB
  nt mail catch ./inbox :2525 --self-signed
  NT_POP3_PASSWORD=pw nt mail catch ./inbox --pop3 127.0.0.1:1100 --user me
  nt mail catch ./inbox --web
  NT_WEB_PASSWORD=pw nt mail catch ./inbox --web :8025 --web-user me --self-signed

Exit codes:
  0    --count messages caught
  2    bad flag or ADDR, --tls without a certificate, --user without a password
  3    DIR cannot be made or written; a certificate or key cannot be read
  4    ADDR cannot be listened on
  130  Ctrl-C (the server runs until then)"#;

/// What folders, list, get and watch share.
macro_rules! receiving {
    () => {
        r#"The account:
  The URL (imap://, imaps://, pop3://, pop3s://[user@]host[:port][/FOLDER]; the folder as
  typed in UTF-8 or percent-encoded), else [mail] receive in the config, where a word that
  is not a URL is a folder. Login: --user, the URL's user, [mail] user, ~/.netrc.
  Password: NT_IMAP_PASSWORD or NT_POP3_PASSWORD, NT_MAIL_PASSWORD, ~/.netrc,
  password_command, a prompt; or XOAUTH2 with --oauth2-token-command.
  TLS: implicit for imaps://, pop3s:// and ports 993/995, else STARTTLS (IMAP) or STLS
  (POP3), required. A password never goes over a connection without TLS unless --tls off
  --insecure. Bounds: --timeout for every wait, --buffer for one server answer, 64 KiB of
  headers per message, 100000 folders.

"#
    };
}

/// The exit codes of folders, list, get and watch.
macro_rules! receive_exits {
    () => {
        r#"
Exit codes:
  0    done
  2    bad flag, URL, UID or date; a password that would go in clear text
  3    a local file or directory cannot be written
  4    cannot connect, timed out, connection lost, an answer that is not IMAP or POP3 or
       breaks a bound
  5    login rejected, certificate not trusted, STARTTLS or STLS not offered,
       --oauth2-token-command failed
  6    the server refused (no such folder, a POP3 -ERR, [IN-USE]), a named message does not
       exist, a message over --max-message
  130  Ctrl-C"#
    };
}

/// `nt mail folders --help`.
pub const MAIL_FOLDERS: &str = concat!(
    receiving!(),
    r#"JSON:
  One array of {"name","delimiter","flags","messages","unseen"}.

Examples:
  nt mail folders imaps://alice@imap.example.org
  nt mail folders
  nt --json mail folders imap://alice@127.0.0.1:1143 --tls off --insecure
"#,
    receive_exits!()
);

/// `nt mail list --help`.
pub const MAIL_LIST: &str = concat!(
    receiving!(),
    r#"JSON:
  JSON Lines: {"uid","date" (RFC 3339),"from","to":[..],"subject","size","flags":[..],
  "attachments":[..]}; uid is the UIDL string for POP3, whose flags are [] and
  attachments null.

Examples:
  nt mail list imaps://alice@imap.example.org/INBOX
  nt mail list --unseen --since 2024-05-01 --from bob@example.org
  nt mail list imaps://alice@imap.example.org/Archive --limit 20
  nt mail list --search 'OR FLAGGED LARGER 1000000'
  nt --json mail list pop3s://alice@pop.example.org | jq -r .subject
"#,
    receive_exits!()
);

/// `nt mail get --help`.
pub const MAIL_GET: &str = concat!(
    receiving!(),
    r#"Saving:
  --save-attachments writes each file under a safe name (its last path component, no
  control or reserved characters, at most 180 bytes), never over an existing file.
  --delete deletes only messages whose file was written, synced and renamed. A message
  that cannot be parsed is still saved and shown raw, with a warning.

JSON:
  One object per message: the list keys plus "path" (with -o), "text" (without -o) and
  "saved" (attachment files).

Examples:
  nt mail get imaps://alice@imap.example.org 42
  nt mail get 40:42 --raw > msgs.eml
  nt mail get --all --raw -o backup/
  nt mail get --unseen --save-attachments files/ --mark-read
  nt mail get pop3s://alice@pop.example.org --all -o inbox/ --delete
"#,
    receive_exits!()
);

/// `nt mail watch --help`.
pub const MAIL_WATCH: &str = concat!(
    receiving!(),
    r#"JSON:
  JSON Lines, one object per new message, with the list keys.

Examples:
  nt mail watch imaps://alice@imap.example.org
  nt mail watch --exec 'notify-send "new mail"'
  nt mail watch --exec 'cat > "$HOME/mail/$NT_MAIL_UID.eml"'
  nt mail watch pop3s://alice@pop.example.org --interval 2m
  nt --json mail watch --count 1
"#,
    receive_exits!()
);
