//! One message over `--web`: `GET /api/v1/message/{ID}` (`{ID}` may also be `latest`, the
//! newest, as in mailpit; mailpit's message, plus nt's `MIME` tree; opening it marks the
//! message read: the Maildir `S` flag, the file moved into `cur/`), `/headers`, `/raw`
//! (the file, streamed), `/part/{PartID}` (decoded, with its name), and `/view/{ID}` (the
//! HTML for the page's sandboxed frame, `cid:` images
//! pointing at their parts, under a Content-Security-Policy that blocks every remote
//! load unless `?remote=1`).
//!
//! At most [`super::VIEWS`] messages are parsed at once, each read up to
//! [`parse::MAX_VIEW`] bytes, on tokio's blocking pool; a message the parser cannot read
//! is shown as text. Everything a message says goes out as JSON or inside the sandboxed
//! frame, never into the page's own markup.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::{Path as Segment, Query, State as Extract};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};
use tokio::io::AsyncReadExt;

use super::index::{Summary, flag, rfc3339, split_name};
use super::parse::{self, Attachment, MAX_VIEW, Part};
use super::scan;
use super::state::{Event, State, error, json};

/// What an ID keeps as is in a URL path.
const KEEP: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// Bytes of the raw source sent per write.
const CHUNK: usize = 64 * 1024;

/// mailpit's message (`GET /api/v1/message/{ID}`), with nt's MIME tree.
#[derive(Serialize)]
struct Message<'a> {
    #[serde(flatten)]
    summary: Summary<'a>,
    #[serde(rename = "ReturnPath")]
    return_path: String,
    #[serde(rename = "Date")]
    date: String,
    #[serde(rename = "Text")]
    text: String,
    #[serde(rename = "HTML")]
    html: String,
    #[serde(rename = "Inline")]
    inline: Vec<Attachment>,
    #[serde(rename = "Attachments")]
    attachments: Vec<Attachment>,
    #[serde(rename = "MIME")]
    mime: Vec<Part>,
    #[serde(rename = "Headers")]
    headers: Vec<(String, String)>,
}

/// The ID a path names: `latest` is the newest message, as in mailpit's API.
fn resolve(state: &State, id: String) -> String {
    if id != "latest" {
        return id;
    }
    let Ok(index) = state.index.read() else { return id };
    let newest = index.newest_first().next().and_then(|slot| index.entry(slot));
    newest.map_or(id, |entry| entry.id().to_string())
}

/// The message's file, its summary's fields and whether it was read, from the index.
fn lookup(state: &State, id: &str) -> Option<(PathBuf, u8)> {
    let index = state.index.read().ok()?;
    let entry = index.entry(index.find(id)?)?;
    Some((index.path(entry), entry.flags))
}

/// Read a message (at most [`MAX_VIEW`] bytes) from where the index says, or wherever
/// it moved to.
fn read(root: &Path, path: &Path, id: &str) -> Option<Vec<u8>> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(_) => std::fs::File::open(scan::locate(root, id)?).ok()?,
    };
    let mut bytes = Vec::new();
    (&mut file).take(MAX_VIEW).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Parse message `id` on the blocking pool, one of at most `VIEWS` at once.
async fn parsed<T: Send + 'static>(
    state: &State,
    id: &str,
    work: impl FnOnce(Vec<u8>) -> T + Send + 'static,
) -> Result<T, Response> {
    let Some((path, _)) = lookup(state, id) else {
        return Err(error(StatusCode::NOT_FOUND, "no such message"));
    };
    let root = state.index.read().map(|i| i.root().to_path_buf()).unwrap_or_default();
    let Ok(_permit) = state.views.acquire().await else {
        return Err(error(StatusCode::SERVICE_UNAVAILABLE, "busy"));
    };
    let id = id.to_string();
    let done = tokio::task::spawn_blocking(move || read(&root, &path, &id).map(work)).await;
    match done {
        Ok(Some(value)) => Ok(value),
        _ => Err(error(StatusCode::NOT_FOUND, "the message file is gone")),
    }
}

pub async fn message(Extract(state): Extract<State>, Segment(id): Segment<String>) -> Response {
    let id = resolve(&state, id);
    let view = match parsed(&state, &id, |bytes| {
        let view = parse::view(&bytes);
        (view, bytes)
    })
    .await
    {
        Ok(done) => done,
        Err(answer) => return answer,
    };
    mark_read(&state, &id).await;
    let (view, bytes) = view;
    let view = shown(view, &bytes);
    let Ok(index) = state.index.read() else {
        return error(StatusCode::INTERNAL_SERVER_ERROR, "the index is unavailable");
    };
    let Some(entry) = index.find(&id).and_then(|s| index.entry(s)) else {
        return error(StatusCode::NOT_FOUND, "no such message");
    };
    let mut summary = index.summary(entry);
    summary.attachments = view.attachments.len().min(u16::MAX as usize) as u16;
    let date = view.date.clone().unwrap_or_else(|| rfc3339(entry.created));
    let message = Message {
        summary,
        return_path: view.return_path,
        date,
        text: view.text,
        html: view.html,
        inline: view.inline,
        attachments: view.attachments,
        mime: view.parts,
        headers: view.headers,
    };
    json(serde_json::to_vec(&message).unwrap_or_default())
}

/// What can be shown of a message: the parsed view, or, when the parser found nothing
/// in it (no body, no From, no Subject), its bytes as text.
fn shown(view: Option<parse::View>, bytes: &[u8]) -> parse::View {
    match view {
        Some(view) if !view.text.is_empty() || !view.html.is_empty() => view,
        Some(view) if view.headers.iter().any(|(n, _)| known(n)) => view,
        _ => parse::View {
            text: String::from_utf8_lossy(bytes).into_owned(),
            ..parse::View::default()
        },
    }
}

/// Whether a header name is one a message has (a message whose "headers" are none of
/// these is not mail at all).
fn known(name: &str) -> bool {
    ["from", "to", "subject", "date", "message-id", "content-type", "received"]
        .iter()
        .any(|k| name.eq_ignore_ascii_case(k))
}

/// Mark message `id` read: add `S` to its flags and move it into `cur/`.
async fn mark_read(state: &State, id: &str) {
    let Some((path, flags)) = lookup(state, id) else { return };
    if flags & flag::S != 0 {
        return;
    }
    let root = state.index.read().map(|i| i.root().to_path_buf()).unwrap_or_default();
    let id_owned = id.to_string();
    let moved = tokio::task::spawn_blocking(move || {
        let from = if path.exists() { path } else { scan::locate(&root, &id_owned)? };
        let name = from.file_name()?.to_str()?.to_string();
        let (_, info) = crate::mail::maildir::split_info(&name);
        let mut letters: Vec<char> = info.unwrap_or_default().chars().collect();
        letters.push('S');
        letters.sort_unstable();
        letters.dedup();
        let info = crate::mail::maildir::INFO;
        let target = format!("{id_owned}{info}{}", letters.into_iter().collect::<String>());
        std::fs::rename(&from, root.join("cur").join(&target)).ok()?;
        Some(split_name(&target).1 | flag::CUR)
    })
    .await
    .ok()
    .flatten();
    if let Some(flags) = moved {
        if let Ok(mut index) = state.index.write()
            && let Some(slot) = index.find(id)
        {
            index.relocate(slot, flags);
        }
        let _ = state.events.send(Event::Changed);
    }
}

/// `GET /api/v1/message/{ID}/headers`: every header, name → values, as mailpit.
pub async fn headers(Extract(state): Extract<State>, Segment(id): Segment<String>) -> Response {
    let id = resolve(&state, id);
    let view = match parsed(&state, &id, |bytes| parse::view(&bytes)).await {
        Ok(view) => view.unwrap_or_default(),
        Err(answer) => return answer,
    };
    let mut map: serde_json::Map<String, serde_json::Value> = serde_json::Map::new();
    for (name, value) in view.headers {
        let list = map.entry(name).or_insert_with(|| serde_json::Value::Array(Vec::new()));
        if let Some(list) = list.as_array_mut() {
            list.push(value.into());
        }
    }
    json(serde_json::to_vec(&map).unwrap_or_default())
}

/// `GET /api/v1/message/{ID}/raw`: the file as it is, streamed.
pub async fn raw(Extract(state): Extract<State>, Segment(id): Segment<String>) -> Response {
    let id = resolve(&state, id);
    let Some((path, _)) = lookup(&state, &id) else {
        return error(StatusCode::NOT_FOUND, "no such message");
    };
    let file = match tokio::fs::File::open(&path).await {
        Ok(file) => file,
        Err(_) => {
            let root = state.index.read().map(|i| i.root().to_path_buf()).unwrap_or_default();
            let found = tokio::task::spawn_blocking(move || scan::locate(&root, &id)).await;
            match found.ok().flatten() {
                Some(path) => match tokio::fs::File::open(path).await {
                    Ok(file) => file,
                    Err(_) => return error(StatusCode::NOT_FOUND, "the message file is gone"),
                },
                None => return error(StatusCode::NOT_FOUND, "the message file is gone"),
            }
        }
    };
    let stream = futures_util::stream::unfold(file, |mut file| async move {
        let mut chunk = vec![0u8; CHUNK];
        match file.read(&mut chunk).await {
            Ok(0) => None,
            Ok(n) => {
                chunk.truncate(n);
                Some((Ok::<_, std::io::Error>(chunk), file))
            }
            Err(e) => Some((Err(e), file)),
        }
    });
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], Body::from_stream(stream))
        .into_response()
}

#[derive(Debug, Deserialize)]
pub struct PartQuery {
    download: Option<String>,
    remote: Option<String>,
}

/// `GET /api/v1/message/{ID}/part/{PartID}`: the part's decoded bytes, with its type and
/// name (images inline, other parts as downloads).
pub async fn part(
    Extract(state): Extract<State>,
    Segment((id, part_id)): Segment<(String, String)>,
    Query(query): Query<PartQuery>,
) -> Response {
    let id = resolve(&state, id);
    let found = match parsed(&state, &id, move |bytes| parse::part(&bytes, &part_id)).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let Some((body, content_type, name)) = found else {
        return error(StatusCode::NOT_FOUND, "no such part");
    };
    let content_type = HeaderValue::from_str(&content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let image = content_type.to_str().is_ok_and(|t| t.starts_with("image/"));
    let kind = if image && query.download.is_none() { "inline" } else { "attachment" };
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, content_type);
    if let Ok(value) = HeaderValue::from_str(&disposition(kind, &name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    (headers, body).into_response()
}

/// `inline` or `attachment`, with the name as ASCII and as RFC 5987 UTF-8.
fn disposition(kind: &str, name: &str) -> String {
    if name.is_empty() {
        return kind.to_string();
    }
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' })
        .collect();
    let encoded = utf8_percent_encode(name, KEEP);
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// `GET /view/{ID}?remote=1`: the HTML (or the text) for the page's sandboxed frame.
pub async fn html(
    Extract(state): Extract<State>,
    Segment(id): Segment<String>,
    Query(query): Query<PartQuery>,
    request: HeaderMap,
) -> Response {
    let id = resolve(&state, id);
    let view = match parsed(&state, &id, |bytes| shown(parse::view(&bytes), &bytes)).await {
        Ok(view) => view,
        Err(answer) => return answer,
    };
    let mut page = String::from("<!doctype html><meta charset=\"utf-8\"><base target=\"_blank\">");
    if view.html.is_empty() {
        let _ = write!(page, "<pre style=\"white-space:pre-wrap\">{}</pre>", escape(&view.text));
    } else {
        let prefix = format!("/api/v1/message/{}/part/", utf8_percent_encode(&id, KEEP));
        page.push_str(&resolve_cids(&view.html, &view.inline, &view.attachments, &prefix));
    }
    let remote = query.remote.is_some_and(|r| r == "1");
    let csp = frame_csp(super::serve::host_name(&request), request.get(header::HOST), remote);
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    (headers, page).into_response()
}

/// The frame's policy: sandboxed (no scripts, forms or top navigation), nothing loaded
/// but this server's parts and `data:` unless `remote`.
fn frame_csp(name: Option<&str>, host: Option<&HeaderValue>, remote: bool) -> String {
    let host = host.and_then(|h| h.to_str().ok()).filter(|h| {
        name.is_some() && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
    });
    let own = match host {
        Some(host) => format!("'self' http://{host} https://{host}"),
        None => "'self'".into(),
    };
    let far = if remote { " http: https:" } else { "" };
    format!(
        "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; \
         img-src {own} data:{far}; style-src 'unsafe-inline'{far}; font-src data:{far}; \
         media-src {own}; form-action 'none'; frame-ancestors 'self'"
    )
}

/// Point `cid:` references at the parts that carry those Content-IDs, and turn every
/// `http-equiv` off (a `<meta http-equiv=refresh>` would navigate the frame; the CSP
/// cannot stop that).
fn resolve_cids(
    html: &str,
    inline: &[Attachment],
    attached: &[Attachment],
    prefix: &str,
) -> String {
    let mut out = disarm(html);
    for part in inline.iter().chain(attached).filter(|p| !p.content_id.is_empty()) {
        let url = format!("{prefix}{}", utf8_percent_encode(&part.part_id, KEEP));
        for scheme in ["cid:", "CID:", "Cid:"] {
            out = out.replace(&format!("{scheme}{}", part.content_id), &url);
        }
    }
    out
}

/// `http-equiv` (any case) renamed to `data-nt-off`, so that no meta tag takes effect.
fn disarm(html: &str) -> String {
    const NEEDLE: &[u8] = b"http-equiv";
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let (mut from, mut i) = (0, 0);
    while i + NEEDLE.len() <= bytes.len() {
        if bytes[i..i + NEEDLE.len()].eq_ignore_ascii_case(NEEDLE) {
            out.push_str(&html[from..i]);
            out.push_str("data-nt-off");
            i += NEEDLE.len();
            from = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&html[from..]);
    out
}

/// Text made safe inside HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cids_names_and_policy() {
        let part = Attachment {
            part_id: "1.2".into(),
            file_name: String::new(),
            content_type: "image/png".into(),
            content_id: "img01".into(),
            size: 1,
        };
        let html =
            resolve_cids("<img src='cid:img01'><img src=\"CID:img01\">", &[part], &[], "/p/");
        assert_eq!(html, "<img src='/p/1.2'><img src=\"/p/1.2\">");
        assert_eq!(disarm("<meta HTTP-EQUIV=refresh>é"), "<meta data-nt-off=refresh>é");
        assert_eq!(
            disposition("attachment", "a b.py"),
            "attachment; filename=\"a b.py\"; filename*=UTF-8''a%20b.py"
        );
        assert_eq!(
            disposition("attachment", "图.py"),
            "attachment; filename=\"_.py\"; filename*=UTF-8''%E5%9B%BE.py"
        );
        let host = HeaderValue::from_static("127.0.0.1:8025");
        let csp = frame_csp(Some("127.0.0.1"), Some(&host), false);
        assert!(csp.starts_with("sandbox allow-popups"), "{csp}");
        assert!(!csp.contains("allow-scripts") && !csp.contains(" http: "), "{csp}");
        assert!(frame_csp(None, None, true).contains("img-src 'self' data: http: https:"));
        assert_eq!(escape("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
    }
}
