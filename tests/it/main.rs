//! Integration tests: the real `nt` binary against real peers on loopback.
//!
//! One test binary with modules, so the dev-dependencies are linked once.
//!
//! Tests that need a pseudo-terminal, signals (Ctrl-C as SIGINT, process groups), FIFOs,
//! symlinks or Unix sockets are `#[cfg(unix)]`; the rest build for Windows too.

// On Windows the unix-only tests are left out, and some of the helpers and imports they
// share with the others go unused there.
#![cfg_attr(not(unix), allow(unused_imports, unused_variables, dead_code))]

mod chat;
mod cli;
mod common;
mod ftp;
mod graph;
mod ip;
mod mail;
mod tcp;
mod udp;
