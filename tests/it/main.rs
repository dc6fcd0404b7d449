//! Integration tests: the real `nt` binary against real peers on loopback.
//!
//! One test binary with modules, so the dev-dependencies are linked once.

mod chat;
mod cli;
mod common;
mod ftp;
mod graph;
mod ip;
mod mail;
mod tcp;
mod udp;
