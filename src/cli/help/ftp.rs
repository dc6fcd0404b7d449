//! The long help of `nt ftp` and its commands (see `help.rs`). Text only, ASCII only;
//! every example parses as written (tested).

/// `nt ftp --help`: what every client command shares.
pub const FTP: &str = r#"The server:
  The first ftp:// or ftps:// URL among the arguments, else --host (or NT_FTP_URL), else
  url in the config's [ftp]. ftp://[user@]host[:port]/path, port 21; ftps:// is implicit
  TLS on port 990. A URL path is relative to the login directory (absolute as %2F...), as
  curl and lftp read it; in --host and the config it is the working directory. A password
  in a URL is refused.

Login:
  User: the URL's, else --user (NT_FTP_USER), else ~/.netrc, else [ftp] user, else
  anonymous. Password: NT_FTP_PASSWORD, else ~/.netrc, else [ftp] password_command, else a
  prompt without echo on a terminal; with none anywhere an empty one is tried. -vv shows
  the dialogue with PASS ***.

TLS (FTPS):
  --tls auto (the default): AUTH TLS when the server offers it, then PBSZ 0 / PROT P (data
  encrypted too, resuming the control connection's TLS session); a certificate that does
  not verify is exit 5, never a downgrade. A server that lists AUTH TLS and refuses it is
  used in plain text with a warning, as lftp and curl do.
  --tls or --tls required: no TLS, no login (exit 5 before the password is sent). Put a
  bare --tls after the command's arguments, so the next word is not read as its value.
  --tls off: plain FTP. ftps:// URLs are implicit TLS.

Transfers:
  Binary always; passive by default (EPSV, else PASV), the data connection always to the
  control connection's peer. Downloads go to LOCAL.part, renamed when complete; a failed
  transfer keeps a .part that received data, and the error ends with the resume command.
  Uploads are checked with SIZE. --retries waits 1 s, 2 s, 4 s ... and resumes; logins,
  TLS and refusals are never retried. --limit-rate is one budget for the whole command.
  Every wait (connect, TLS, each reply, each data read and write) is under --timeout; a
  reply may be at most 64 KiB, a listing line 8 KiB, a listing --max-entries entries.
  Ctrl-C stops at once; no file appears under its final name unless it is complete.

JSON:
  get, put: {"op","remote","local","bytes","seconds","rate","resumed_from","verified"}.
  Several files, -r, patterns: {"op","remote","local","files","dirs","bytes","seconds",
  "rate","transfers":[..],"failed":[{"path","error"}]}.
  ls: one array of {"name","type":"file|dir|link|other","size","modified"}.
  mirror: {"op":"mirror","source","target","reverse","files","unchanged","deleted",
  "dirs_created","bytes","seconds","rate","failed":[..]}.
  rm, mv, mkdir, rmdir: {"op":"rm","paths":[..]}; pwd: {"cwd":"/pub"}.

Configuration:
  [ftp] (or [profile.NAME.ftp]): url (--host), user (--user), tls (--tls), insecure
  (--insecure), pin (--pin), password_command.

Examples:
  nt ftp ls -l ftp://alice@127.0.0.1:2121/pub
  nt ftp --limit-rate 2MB/s get ftp://127.0.0.1:2121/big.iso
  nt ftp --tls required --pin 8E:8E:68 ls ftp://nas.lan/
  nt -vv ftp ls ftps://127.0.0.1:990/

Exit codes:
  0    done
  2    bad URL or flag, a password in a URL, no server configured, --active with --proxy
  3    a local file is missing or unreadable, a target directory is missing
  4    cannot connect, timed out, connection lost (the .part is kept), short download,
       upload size mismatch, a reply or listing over its bound
  5    login rejected, certificate not trusted or not the pinned one, TLS required but not
       offered
  6    any other FTP 4xx/5xx reply (a missing remote file, no file matches a pattern); the
       server's reply is in the error
  130  Ctrl-C"#;

/// `nt ftp ls --help`.
pub const FTP_LS: &str = r#"Output:
  Names, one per line, sorted, relative to the listed directory. -l: TYPE SIZE YYYY-MM-DD
  HH:MM NAME (d, -, l; UTC), from MLSD where offered, else LIST (Unix and DOS formats).

Examples:
  nt ftp ls ftp://127.0.0.1:2121/pub
  nt ftp ls -l
  nt --json ftp ls -l /incoming

Exit codes:
  As nt ftp --help says; 4 also for a listing over --max-entries or a line over 8 KiB."#;

/// `nt ftp get --help`.
pub const FTP_GET: &str = r#"Files:
  A .part is made only once the server accepted RETR; one that received nothing is
  removed. -c resumes from LOCAL.part (or LOCAL itself) with REST. A pattern downloads
  every matching file of its directory into LOCAL (a directory that must exist); no match
  is exit 6. -r copies a tree (depth at most 64, symbolic links skipped). In a batch one
  failure does not stop the rest: the command then fails naming what was skipped.

Examples:
  nt ftp get remote.png local.png
  nt ftp get -c ftp://127.0.0.1:2121/big.iso
  nt ftp get 'pub/*.png' ./images/
  nt ftp get -r /photos ./photos

Exit codes:
  As nt ftp --help says."#;

/// `nt ftp put --help`.
pub const FTP_PUT: &str = r#"Examples:
  nt ftp put local.png remote.png
  nt ftp put a.png b.png pub/
  nt ftp put 'logs/*.gz' archive/
  nt ftp put -r ./site /www

Exit codes:
  As nt ftp --help says; 2 also for several files whose last argument is a local file."#;

/// `nt ftp mirror --help`.
pub const FTP_MIRROR: &str = r#"Mirroring:
  Both trees are scanned before anything moves; a scan that fails stops the mirror before
  anything is deleted. Where times cannot be kept equal (a LIST-only server, no MFMT) a
  file is copied when the source is newer, so a second run over an unchanged tree only
  lists. --parallel moves files over N logged-in connections, one progress bar for all.

Examples:
  nt ftp mirror ftp://127.0.0.1:2121/pub ./pub
  nt ftp mirror --parallel 4 --delete /photos ./photos
  nt ftp mirror --reverse ./site /www

Exit codes:
  As nt ftp --help says."#;

/// `nt ftp cat --help`.
pub const FTP_CAT: &str = r#"Examples:
  nt ftp cat README.txt | less

Exit codes:
  As nt ftp --help says."#;

/// `nt ftp rm --help`.
pub const FTP_RM: &str = r#"Examples:
  nt ftp rm old.log older.log

Exit codes:
  As nt ftp --help says."#;

/// `nt ftp mv --help`.
pub const FTP_MV: &str = r#"Examples:
  nt ftp mv draft.txt final.txt

Exit codes:
  As nt ftp --help says."#;

/// `nt ftp mkdir --help`.
pub const FTP_MKDIR: &str = r#"Examples:
  nt ftp mkdir -p a/b/c

Exit codes:
  As nt ftp --help says."#;

/// `nt ftp rmdir --help`.
pub const FTP_RMDIR: &str = r#"Examples:
  nt ftp rmdir a/b/c

Exit codes:
  As nt ftp --help says."#;

/// `nt ftp pwd --help`.
pub const FTP_PWD: &str = r#"Examples:
  nt ftp pwd --host ftp://127.0.0.1:2121/pub

Exit codes:
  As nt ftp --help says."#;

/// `nt ftp serve --help`.
pub const FTP_SERVE: &str = r#"Who may log in:
  Without --user: anonymous (or ftp) with any password. With --user NAME (or NT_FTP_USER):
  NAME only, its password from NT_FTP_PASSWORD, else a prompt without echo on a terminal,
  else exit 2. A failed login waits 1 s before its 530. Passwords are never printed.

The jail:
  / is DIR; a .. that would climb above DIR is refused with 550; files are opened through
  one directory handle, which refuses a symlink that leads out of DIR. Uploads are written
  to a hidden .part beside the target and renamed when complete; REST+STOR and APPE resume
  into the file itself.

FTPS and modes:
  Explicit FTPS (AUTH TLS) only; --tls (= required) demands it before USER/PASS and any
  data connection (PROT P), --tls=auto offers it. --cert/--key or --self-signed given
  alone mean --tls required. Passive mode only: data ports come from --passive-ports, on
  the address the client reached. CCC is refused.

Bounds:
  --max-clients sessions at once (one more gets 421); --idle without a command ends a
  session (221; not during a transfer); --timeout for a client's TLS handshake; a command
  line of at most 8 KiB (500, then the session ends).

Log:
  One line per command on stderr: PEER USER "COMMAND ARG" CODE BYTES MSms; with --json one
  object per line, commands {"peer","user","command","arg","code","reply","ms","bytes"},
  events {"peer","event":"connect|close|refused|reply","detail"}.

Examples:
  nt ftp serve ./pub --write
  nt ftp serve . :2121 --passive-ports 50000-50100
  NT_FTP_PASSWORD=pw nt ftp serve ./pub --user alice --write --self-signed
  nt ftp serve ./pub 127.0.0.1:2121 --cert cert.pem --key key.pem --tls=auto

Exit codes:
  2    bad flag, a client flag, --tls without a certificate, --user without a password
  3    DIR is missing or not a directory; a certificate or key cannot be read
  4    ADDR cannot be listened on (with a hint)
  130  Ctrl-C (the server runs until then; unfinished uploads are removed)"#;
