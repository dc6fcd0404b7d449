//! The HTTP side of `--web`: clients come through the shared server layer ([`Server`]: at
//! most [`MAX_CLIENTS`] connections, [`PER_SOURCE`] from one address, the rest answered
//! `503` and closed; TLS handshakes within [`HANDSHAKE`]), one hyper HTTP/1.1 connection
//! per client (request headers within [`HEADER_TIMEOUT`], at most
//! [`MAX_HEADER_BUFFER`] bytes buffered), and the checks every request passes in
//! [`guard`]: the Host header (only loopback names when there is no login, against DNS
//! rebinding), Basic auth when `--web-user` is set (a connection is closed after
//! [`MAX_LOGIN_FAILURES`] wrong logins), and the headers every answer carries
//! (no sniffing, no referrer, a Content-Security-Policy unless the handler set its own).
//! Routes and handlers are `api.rs`, `view.rs` and `page.rs`; nothing here reads mail.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};

use super::state::State;
use crate::addr::Addr;

use crate::net::serve::{Admitted, Bounds, Server};
use crate::output::Output;

/// The bound on connections served at once; past it a client is answered `503`.
pub const MAX_CLIENTS: usize = 128;
/// The bound on connections from one address at once (a browser opens about six, and one
/// more per page following live updates).
pub const PER_SOURCE: usize = 32;
/// What a client over either bound is told before it is closed.
const REFUSAL: &[u8] =
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
/// The bound on pages following live updates at once (each holds a connection).
pub const MAX_STREAMS: usize = 32;
/// Failed logins on one connection before it is closed.
pub const MAX_LOGIN_FAILURES: u32 = 5;
/// A TLS handshake must be done within this.
pub const HANDSHAKE: Duration = Duration::from_secs(10);
/// A request's headers must arrive within this (also the idle limit between requests).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(30);
/// The bound on what a connection buffers of one request's head, in bytes.
pub const MAX_HEADER_BUFFER: usize = 64 * 1024;

/// The CSP of every answer that sets none: nothing runs, nothing loads.
const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'self'; sandbox";

/// Listen on ADDR through the shared server layer and say `listening on ADDR (web)`.
pub fn bind(addr: &Addr, out: &Output) -> anyhow::Result<Server> {
    // No login step at the connection level (Basic auth is per request): the per-source
    // cap bounds every connection of one address.
    let bounds = Bounds { max_clients: MAX_CLIENTS, per_source: PER_SOURCE, login: None };
    Ok(Server::bind(addr, Some("web"), bounds, out)?.refusing(|_, _| REFUSAL.to_vec()))
}

/// Serve clients until aborted.
pub async fn serve(server: Server, app: axum::Router, tls: Option<tokio_rustls::TlsAcceptor>) {
    loop {
        let Admitted { stream, pass, .. } = server.accept().await;
        let _ = stream.set_nodelay(true);
        let (app, tls) = (app.clone(), tls.clone());
        tokio::spawn(async move {
            match tls {
                Some(tls) => {
                    if let Ok(Ok(stream)) =
                        tokio::time::timeout(HANDSHAKE, tls.accept(stream)).await
                    {
                        connection(stream, app).await;
                    }
                }
                None => connection(stream, app).await,
            }
            drop(pass);
        });
    }
}

/// One client's HTTP/1.1 connection.
async fn connection<S>(stream: S, app: axum::Router)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let failures = Failures(Arc::new(AtomicU32::new(0)));
    let service = TowerToHyperService::new(app.layer(axum::Extension(failures)));
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        // A client that shuts its write half after the request (nc -N, nt tcp connect)
        // still gets its answer.
        .half_close(true)
        .max_buf_size(MAX_HEADER_BUFFER)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// A fresh random token (hex) for the page's deletes.
pub fn token() -> String {
    let mut bytes = [0u8; 16];
    let rng = ring::rand::SystemRandom::new();
    let _ = ring::rand::SecureRandom::fill(&rng, &mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The failed logins of one connection.
#[derive(Clone)]
struct Failures(Arc<AtomicU32>);

/// Check the Host and the login, then add the headers every answer carries.
pub async fn guard(
    axum::extract::State(state): axum::extract::State<State>,
    request: Request,
    next: Next,
) -> Response {
    if state.loopback_hosts && !loopback_host(request.headers()) {
        return (StatusCode::MISDIRECTED_REQUEST, "this server answers loopback names only\n")
            .into_response();
    }
    if let Some(login) = &state.login
        && !authorized(request.headers(), &login.0, login.1.expose())
    {
        return refused(&request);
    }
    let mut answer = next.run(request).await;
    let headers = answer.headers_mut();
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    headers.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(DEFAULT_CSP));
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    answer
}

/// 401 asking for the login; after [`MAX_LOGIN_FAILURES`] on one connection, the
/// connection is closed with the answer.
fn refused(request: &Request) -> Response {
    let mut answer = (StatusCode::UNAUTHORIZED, "login required\n").into_response();
    let headers = answer.headers_mut();
    headers.insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"nt mail catch\", charset=\"UTF-8\""),
    );
    let tried = request.headers().contains_key(header::AUTHORIZATION);
    if let Some(Failures(count)) = request.extensions().get::<Failures>()
        && tried
        && count.fetch_add(1, Ordering::Relaxed) + 1 >= MAX_LOGIN_FAILURES
    {
        headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    answer
}

/// The host name of the Host header, without its port.
pub fn host_name(headers: &HeaderMap) -> Option<&str> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split_once(']').map(|(ip, _)| ip);
    }
    Some(host.rsplit_once(':').map_or(host, |(name, _)| name))
}

/// Whether the request names this host by a loopback name or an IP address.
fn loopback_host(headers: &HeaderMap) -> bool {
    let Some(name) = host_name(headers) else { return false };
    let name = name.to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.parse::<std::net::IpAddr>().is_ok()
}

/// Whether the Basic credentials are the login's (compared in constant time).
fn authorized(headers: &HeaderMap, user: &str, password: &str) -> bool {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic ").or_else(|| v.strip_prefix("basic ")))
        .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64.trim()).ok())
        .unwrap_or_default();
    let expected = format!("{user}:{password}");
    let (a, b) = (crate::tls::sha256(&given), crate::tls::sha256(expected.as_bytes()));
    a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A browser's request (it carries Origin or Sec-Fetch-Site) must come from the page:
/// same origin and the page's token. Other clients (curl, mailpit's client libraries)
/// send neither and pass; a browser cannot be made to omit them.
pub fn same_origin(state: &State, headers: &HeaderMap) -> bool {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if origin.is_none() && site.is_none() {
        return true;
    }
    let token = headers.get("x-nt-token").and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_ok = match (origin, host) {
        (Some(origin), Some(host)) => {
            origin.split_once("://").is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(host))
        }
        (None, _) => true,
        _ => false,
    };
    origin_ok && site.is_none_or(|s| s == "same-origin") && token == Some(&*state.token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_logins() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8025"));
        assert!(loopback_host(&h));
        h.insert(header::HOST, HeaderValue::from_static("[::1]:8025"));
        assert_eq!(host_name(&h), Some("::1"));
        h.insert(header::HOST, HeaderValue::from_static("evil.example:8025"));
        assert!(!loopback_host(&h));
        let basic = base64::engine::general_purpose::STANDARD.encode("ann:pw:x");
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(&format!("Basic {basic}")).unwrap());
        assert!(authorized(&h, "ann", "pw:x"));
        assert!(!authorized(&h, "ann", "pw"));
    }
}
