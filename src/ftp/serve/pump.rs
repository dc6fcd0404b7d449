//! Moving a forwarded data connection's bytes between the client (plain, or TLS after PROT
//! P) and libunftp's internal port, for `nt ftp serve`.
//!
//! The end is the part that matters: when libunftp closes its side (the listing or the
//! download is sent, or the upload is stored), nt closes the client's side properly: over
//! TLS that is a `close_notify` first, which clients such as Python's `ftplib` wait for
//! before they read the final reply. Then the client has [`CLOSE_WAIT`] to close its side.
//! A client that breaks off an upload (a reset, not an end) resets the internal connection
//! too, so libunftp does not store a truncated file as if it were whole. Each read and
//! write waits at most the stall limit (`--idle`). Nothing here prints.

use std::io;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

/// Copy buffer per direction.
const BUFFER: usize = 256 << 10;

/// After nt has closed its side of a data connection, the bound on waiting for the
/// client's `close_notify` or end.
pub const CLOSE_WAIT: Duration = Duration::from_secs(5);

/// Forward both ways until libunftp is done, then close the client's side (see above).
pub async fn pump<C>(client: C, mut inner: TcpStream, stall: Duration)
where
    C: AsyncRead + AsyncWrite + Unpin,
{
    // Dropping `inner` after a failed upload must be a reset, not an end of file (a zero
    // linger resets at once; it never blocks). Its halves are borrowed: an owned write
    // half would send an end of file when dropped.
    let _ = socket2::SockRef::from(&inner).set_linger(Some(Duration::ZERO));
    let (mut client_r, mut client_w) = tokio::io::split(client);
    let (mut inner_r, mut inner_w) = inner.split();
    let up = async {
        let result = copy(&mut client_r, &mut inner_w, stall).await;
        if result.is_ok() {
            let _ = inner_w.shutdown().await;
        }
        result
    };
    let down = async {
        let result = copy(&mut inner_r, &mut client_w, stall).await;
        // TLS: close_notify, then the end of the TCP stream.
        let _ = tokio::time::timeout(stall, client_w.shutdown()).await;
        result
    };
    tokio::pin!(up, down);
    tokio::select! {
        sent = &mut up => {
            if sent.is_ok() {
                // An upload is whole: libunftp stores it and closes; nt then closes too.
                let _ = down.await;
            }
        }
        _ = &mut down => {
            let _ = tokio::time::timeout(CLOSE_WAIT, up).await;
        }
    }
}

/// Copy until the reader ends; each read and write bounded by `stall`.
async fn copy<R, W>(r: &mut R, w: &mut W, stall: Duration) -> io::Result<u64>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut buf = vec![0u8; BUFFER];
    let mut total = 0u64;
    loop {
        let n = match tokio::time::timeout(stall, r.read(&mut buf)).await {
            Ok(Ok(n)) => n,
            // A TLS client that ends without close_notify: as vsftpd's default
            // (strict_ssl_read_eof=NO), the end of its data.
            Ok(Err(e)) if e.kind() == io::ErrorKind::UnexpectedEof => 0,
            Ok(Err(e)) => return Err(e),
            Err(_) => return Err(io::Error::new(io::ErrorKind::TimedOut, "data stalled")),
        };
        if n == 0 {
            w.flush().await?;
            return Ok(total);
        }
        match tokio::time::timeout(stall, w.write_all(&buf[..n])).await {
            Ok(result) => result?,
            Err(_) => return Err(io::Error::new(io::ErrorKind::TimedOut, "data stalled")),
        }
        total += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn pair() -> (TcpStream, TcpStream) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let a = TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
        let (b, _) = listener.accept().await.unwrap();
        (a, b)
    }

    #[tokio::test]
    async fn a_download_ends_with_the_end_and_an_upload_arrives_whole() {
        let (client_far, client) = pair().await;
        let (inner, mut libunftp) = pair().await;
        let task = tokio::spawn(pump(client, inner, Duration::from_secs(5)));
        let (mut r, mut w) = client_far.into_split();
        w.write_all(b"upload").await.unwrap();
        w.shutdown().await.unwrap();
        let mut got = Vec::new();
        libunftp.read_to_end(&mut got).await.unwrap();
        assert_eq!(got, b"upload");
        libunftp.write_all(b"listing").await.unwrap();
        drop(libunftp);
        let mut back = Vec::new();
        r.read_to_end(&mut back).await.unwrap();
        assert_eq!(back, b"listing");
        tokio::time::timeout(Duration::from_secs(5), task).await.unwrap().unwrap();
    }

    #[tokio::test]
    async fn an_upload_the_client_resets_is_a_reset_for_libunftp_not_an_end() {
        let (client_far, client) = pair().await;
        let (inner, mut libunftp) = pair().await;
        let task = tokio::spawn(pump(client, inner, Duration::from_secs(5)));
        let mut far = client_far;
        far.write_all(b"part of a file").await.unwrap();
        socket2::SockRef::from(&far).set_linger(Some(Duration::ZERO)).unwrap();
        drop(far);
        let mut got = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), libunftp.read_to_end(&mut got));
        assert!(read.await.unwrap().is_err(), "no clean end after {got:?}");
        tokio::time::timeout(Duration::from_secs(5), task).await.unwrap().unwrap();
    }

    #[tokio::test]
    async fn a_client_that_never_closes_is_waited_for_a_bounded_time() {
        let (_client_far, client) = pair().await;
        let (inner, libunftp) = pair().await;
        drop(libunftp);
        let started = std::time::Instant::now();
        pump(client, inner, Duration::from_secs(60)).await;
        assert!(started.elapsed() < CLOSE_WAIT + Duration::from_secs(2));
    }
}
