//! The routes of `--web`, and the JSON API over the index: the common part of mailpit's
//! API v1, with its paths, query parameters and field names, so that test suites written
//! against mailpit run against nt unchanged.
//!
//! `GET /api/v1/messages?start=&limit=` (newest first; `limit` at most [`MAX_LIMIT`]),
//! `GET /api/v1/search?query=&start=&limit=` (`search.rs`), `DELETE /api/v1/messages`
//! with `{"IDs": [...]}` (JSON, or `ids=` form fields as mailpit's Python client sends;
//! none = all; a browser needs the page's token, `serve::same_origin`), `GET
//! /api/v1/info`, and `GET /api/events` (server-sent events for the page: `new` with an
//! ID, `changed`). One message (`/api/v1/message/{ID}...`) is `view.rs`. Listing reads
//! only the index, never a file.

use std::convert::Infallible;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State as Extract};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event as Sse, KeepAlive};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::error::RecvError;

use super::index::{Index, Summary};
use super::search::Query as Search;
use super::state::{Event, State, error, json};
use super::{page, scan, serve, view};

/// The bound on messages in one listing page (`limit`).
pub const MAX_LIMIT: usize = 1000;
/// The bound on a request body (a delete's list of IDs), in bytes.
pub const MAX_BODY: usize = 4 << 20;

pub fn router(state: State) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/app.css", get(page::style))
        .route("/api/v1/messages", get(messages).delete(delete))
        .route("/api/v1/search", get(search))
        .route("/api/v1/info", get(info))
        .route("/api/v1/message/{id}", get(view::message))
        .route("/api/v1/message/{id}/headers", get(view::headers))
        .route("/api/v1/message/{id}/raw", get(view::raw))
        .route("/api/v1/message/{id}/part/{part}", get(view::part))
        .route("/view/{id}", get(view::html))
        .route("/api/events", get(events))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(state.clone(), serve::guard))
        .with_state(state)
}

/// `start`, `limit` and (for search) `query`.
#[derive(Debug, Deserialize)]
pub struct Paging {
    start: Option<usize>,
    limit: Option<usize>,
    query: Option<String>,
}

/// mailpit's listing (`total`, `unread`, `count`, `messages_count`, `start`, `tags`,
/// `messages`).
#[derive(Serialize)]
struct Listing<'a> {
    total: usize,
    unread: usize,
    count: usize,
    messages_count: usize,
    start: usize,
    tags: [&'a str; 0],
    messages: Vec<Summary<'a>>,
}

async fn messages(Extract(state): Extract<State>, Query(paging): Query<Paging>) -> Response {
    listing(&state, &paging, None)
}

async fn search(Extract(state): Extract<State>, Query(paging): Query<Paging>) -> Response {
    let query = Search::parse(paging.query.as_deref().unwrap_or_default());
    listing(&state, &paging, Some(&query))
}

/// One page of the messages (that match `query`), newest first.
fn listing(state: &State, paging: &Paging, query: Option<&Search>) -> Response {
    let start = paging.start.unwrap_or(0);
    let limit = paging.limit.unwrap_or(50).clamp(1, MAX_LIMIT);
    let Ok(index) = state.index.read() else {
        return error(StatusCode::INTERNAL_SERVER_ERROR, "the index is unavailable");
    };
    let index: &Index = &index;
    let mut matched = 0;
    let mut messages = Vec::with_capacity(limit.min(index.total()));
    if query.is_none() {
        // Without a query, the page is a slice of the order: no walk over what precedes it.
        let page = index.newest_first().skip(start).take(limit);
        messages.extend(page.filter_map(|s| index.entry(s)).map(|e| index.summary(e)));
        matched = index.total();
    }
    for slot in index.newest_first().take_while(|_| query.is_some()) {
        let Some(entry) = index.entry(slot) else { continue };
        if query.is_some_and(|q| !q.matches(index, entry)) {
            continue;
        }
        if matched >= start && messages.len() < limit {
            messages.push(index.summary(entry));
        }
        matched += 1;
    }
    let listing = Listing {
        total: index.total(),
        unread: index.unread(),
        count: messages.len(),
        messages_count: matched,
        start,
        tags: [],
        messages,
    };
    json(serde_json::to_vec(&listing).unwrap_or_default())
}

/// The IDs a delete names: `{"IDs": [...]}` (or `ids`), form fields `ids=` (or `IDs=`,
/// `ids[]=`), or nothing (= all).
fn delete_ids(body: &[u8]) -> Option<Vec<String>> {
    let text = std::str::from_utf8(body).ok()?.trim();
    if text.is_empty() {
        return Some(Vec::new());
    }
    if text.starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        let list = value.get("IDs").or_else(|| value.get("ids"));
        return match list {
            None | Some(serde_json::Value::Null) => Some(Vec::new()),
            Some(list) => Some(
                list.as_array()?.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
            ),
        };
    }
    let mut ids = Vec::new();
    for field in text.split('&') {
        let (key, value) = field.split_once('=').unwrap_or((field, ""));
        if matches!(key, "ids" | "IDs" | "ids%5B%5D" | "ids[]") {
            let value = value.replace('+', " ");
            ids.push(percent_encoding::percent_decode_str(&value).decode_utf8_lossy().into_owned());
        }
    }
    Some(ids)
}

async fn delete(Extract(state): Extract<State>, headers: HeaderMap, body: Bytes) -> Response {
    if !serve::same_origin(&state, &headers) {
        return error(StatusCode::FORBIDDEN, "a delete from a browser needs the page's token");
    }
    let Some(ids) = delete_ids(&body) else {
        return error(StatusCode::BAD_REQUEST, "expected {\"IDs\": [\"...\"]}");
    };
    let files: Vec<(String, std::path::PathBuf)> = {
        let Ok(index) = state.index.read() else {
            return error(StatusCode::INTERNAL_SERVER_ERROR, "the index is unavailable");
        };
        let slots: Vec<u32> = match ids.is_empty() {
            true => index.newest_first().collect(),
            false => ids.iter().filter_map(|id| index.find(id)).collect(),
        };
        slots
            .into_iter()
            .filter_map(|s| index.entry(s))
            .map(|e| (e.id().to_string(), index.path(e)))
            .collect()
    };
    let root = state.index.read().map(|i| i.root().to_path_buf()).unwrap_or_default();
    let removed = tokio::task::spawn_blocking(move || {
        files
            .into_iter()
            .filter(|(id, path)| {
                std::fs::remove_file(path).is_ok()
                    || scan::locate(&root, id).is_some_and(|p| std::fs::remove_file(p).is_ok())
            })
            .map(|(id, _)| id)
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    if let Ok(mut index) = state.index.write() {
        let slots: Vec<u32> = removed.iter().filter_map(|id| index.find(id)).collect();
        index.remove_many(&slots);
    }
    let _ = state.events.send(Event::Changed);
    ([(header::CONTENT_TYPE, "text/plain")], "ok").into_response()
}

/// `GET /api/v1/info`: nt's version, the counts and what the index costs.
async fn info(Extract(state): Extract<State>) -> Response {
    let Ok(index) = state.index.read() else {
        return error(StatusCode::INTERNAL_SERVER_ERROR, "the index is unavailable");
    };
    let value = serde_json::json!({
        "Version": concat!("nt ", env!("CARGO_PKG_VERSION")),
        "Messages": index.total(),
        "Unread": index.unread(),
        "IndexBytes": index.bytes(),
        "IndexMilliseconds": state.indexed.get(),
        "Uptime": state.started.elapsed().as_secs(),
    });
    json(serde_json::to_vec(&value).unwrap_or_default())
}

/// `GET /api/events`: `new` (data: the ID) and `changed`, as server-sent events.
async fn events(Extract(state): Extract<State>) -> Response {
    let Ok(permit) = state.streams.clone().try_acquire_owned() else {
        return error(StatusCode::SERVICE_UNAVAILABLE, "too many pages follow live updates");
    };
    let receiver = state.events.subscribe();
    let stream = futures_util::stream::unfold((receiver, permit), |(mut rx, permit)| async move {
        let event = match rx.recv().await {
            // axum refuses a CR in event data (a file name from elsewhere may hold one).
            Ok(Event::New(id)) => Sse::default().event("new").data(id.replace(['\r', '\n'], "?")),
            Ok(Event::Changed) | Err(RecvError::Lagged(_)) => {
                Sse::default().event("changed").data("")
            }
            Err(RecvError::Closed) => return None,
        };
        Some((Ok::<_, Infallible>(event), (rx, permit)))
    });
    axum::response::sse::Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delete_bodies() {
        assert_eq!(delete_ids(b""), Some(vec![]));
        assert_eq!(delete_ids(br#"{"IDs":["a","b"]}"#), Some(vec!["a".into(), "b".into()]));
        assert_eq!(delete_ids(br#"{"IDs":null}"#), Some(vec![]));
        assert_eq!(delete_ids(b"ids=a%2Cb&ids=c"), Some(vec!["a,b".into(), "c".into()]));
        assert_eq!(delete_ids(br#"{"IDs":"x"}"#), None);
    }
}
