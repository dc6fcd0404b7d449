//! The page of `--web`: plain HTML, CSS and JavaScript in `page/`, built into the binary
//! with `include_str!` (no build step). The page is served under a policy that lets it
//! run only its own script and frame only this server; its same-origin token (for
//! deletes) is put into a `<meta>` at serving time. The script builds every element
//! that shows message data with `textContent`, never with markup.

use axum::extract::State as Extract;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::state::State;

const INDEX: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");

/// The page's policy: its own script and style, frames and requests to this server only.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; frame-src 'self'; base-uri 'none'; \
    form-action 'none'; frame-ancestors 'none'";

pub async fn index(Extract(state): Extract<State>) -> Response {
    let page = INDEX.replace("{{TOKEN}}", &state.token);
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, PAGE_CSP),
        ],
        page,
    )
        .into_response()
}

pub async fn script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT).into_response()
}

pub async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}
