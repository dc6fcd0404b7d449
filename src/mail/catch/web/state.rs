//! What every handler of `--web` shares: the [`State`], the [`Event`]s told to open
//! pages, and the two plain answers (JSON, an error line). Nothing here routes, reads
//! mail or touches a connection.

use std::sync::{Arc, RwLock};
use std::time::Instant;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::{Semaphore, broadcast};

use super::index::Index;
use crate::secret::Secret;

/// What changed in the Maildir, told to open pages over server-sent events.
#[derive(Debug, Clone)]
pub enum Event {
    New(String),
    Changed,
}

/// Everything a request handler shares.
#[derive(Clone)]
pub struct State {
    pub index: Arc<RwLock<Index>>,
    pub events: broadcast::Sender<Event>,
    /// The page's same-origin token for deletes (random per start).
    pub token: Arc<str>,
    /// `--web-user` and its password.
    pub login: Option<Arc<(String, Secret)>>,
    /// Whether only loopback host names are answered (no login: against DNS rebinding).
    pub loopback_hosts: bool,
    pub views: Arc<Semaphore>,
    pub streams: Arc<Semaphore>,
    pub started: Instant,
    /// How long the first scan took, once it is done.
    pub indexed: Arc<std::sync::OnceLock<u128>>,
}

/// A JSON answer of these bytes.
pub fn json(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], bytes).into_response()
}

/// A plain-text error answer: one line.
pub fn error(status: StatusCode, text: &str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], format!("{text}\n"))
        .into_response()
}
