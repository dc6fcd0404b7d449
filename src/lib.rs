//! nt as a library: the modules of the `nt` binary (src/main.rs), so that the fuzz targets
//! (tests/fuzz) can call the parsers that read a peer's bytes.
//!
//! Nothing here runs anything: no command-line parsing, no exit codes, no printing. The
//! library has no stable API; it exists for the binary and the fuzz targets.

pub mod addr;
pub mod chat;
pub mod cli;
pub mod completions;
pub mod config;
pub mod console;
pub mod error;
pub mod ftp;
pub mod ip;
pub mod mail;
pub mod man;
pub mod net;
pub mod output;
pub mod progress;
pub mod secret;
pub mod shell;
pub mod signal;
pub mod tcp;
pub mod tls;
pub mod udp;
