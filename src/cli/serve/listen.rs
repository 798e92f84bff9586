//! Connections: how many at once, how long a client may dawdle, and an
//! accept loop that outlives a full file table.
//!
//! Each connection is a tokio task of its own, so a client that pipelines
//! requests and never reads its answers stalls only itself; after
//! [`WRITE_TIMEOUT`] without progress its connection is dropped.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::Semaphore;
use tokio::time::{Sleep, sleep};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;

use super::handler::{Site, handle};

/// A request's head must arrive within this, or the connection is closed;
/// it also ends connections kept alive without a next request.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A client that takes nothing of its answer for this long is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(20);
/// The largest request head read (hyper answers 431 beyond it). Browsers
/// send a few KiB; a head this large is abuse.
const MAX_HEAD: usize = 64 * 1024;
/// Open files kept free for what is not a connection: the pages being
/// sent, the file watcher, the build reading content and writing the site.
const RESERVED_FILES: u64 = 128;
/// Connections at most, however high the open-files limit.
const MAX_CONNECTIONS: u64 = 4096;
/// Connections the system queues while the server is busy or out of file
/// handles (std's `bind` asks for 128, which a burst of clients outgrows).
const BACKLOG: u32 = 1024;

/// The listening socket; must be called inside the runtime.
pub(super) fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() { TcpSocket::new_v4()? } else { TcpSocket::new_v6()? };
    // On Unix a restarted server may take its port back at once; on Windows
    // the same option would let another program share the port, so not there.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// How many connections may be open at once: below the open-files limit,
/// which is first raised to its hard maximum (as Go and nginx do), since the
/// usual soft limit of 1024 is low for a server.
pub(super) fn connection_cap() -> usize {
    let files = open_files_limit();
    usize::try_from(files.saturating_sub(RESERVED_FILES).clamp(16, MAX_CONNECTIONS)).unwrap_or(16)
}

#[cfg(target_os = "linux")]
fn open_files_limit() -> u64 {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let now = getrlimit(Resource::Nofile);
    if now.current.is_some() && now.current != now.maximum {
        // A refusal leaves the soft limit as it was, which is read again below.
        let _ = setrlimit(Resource::Nofile, Rlimit { current: now.maximum, maximum: now.maximum });
    }
    getrlimit(Resource::Nofile).current.unwrap_or(MAX_CONNECTIONS + RESERVED_FILES)
}

/// Elsewhere the limit is not read: Windows has none for sockets worth
/// speaking of; macOS starts at 256.
#[cfg(not(target_os = "linux"))]
fn open_files_limit() -> u64 {
    if cfg!(windows) { MAX_CONNECTIONS + RESERVED_FILES } else { 256 }
}

/// Accepts connections until the runtime is shut down. A failed accept
/// (out of file handles, a connection reset before it was taken) is waited
/// out and retried: the listener never dies.
pub(super) async fn accept_loop(listener: TcpListener, site: Arc<Site>, cap: usize) {
    let permits = Arc::new(Semaphore::new(cap));
    loop {
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else { return };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                let pause = if out_of_files(&e) { 100 } else { 5 };
                sleep(Duration::from_millis(pause)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let site = Arc::clone(&site);
        tokio::spawn(async move {
            serve_connection(stream, site).await;
            drop(permit);
        });
    }
}

fn out_of_files(e: &io::Error) -> bool {
    // EMFILE and ENFILE (Linux, macOS), WSAEMFILE (Windows) have no io::ErrorKind of their own.
    matches!(e.raw_os_error(), Some(23 | 24 | 10024)) || e.kind() == io::ErrorKind::OutOfMemory
}

async fn serve_connection(stream: tokio::net::TcpStream, site: Arc<Site>) {
    let svc =
        ServiceBuilder::new().layer(CompressionLayer::new()).service_fn(move |req| handle(req, Arc::clone(&site)));
    let io = TokioIo::new(WriteDeadline::new(stream, WRITE_TIMEOUT));
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_header_size(MAX_HEAD)
        .max_buf_size(MAX_HEAD)
        .serve_connection(io, TowerToHyperService::new(svc));
    // A client that goes away or misbehaves is no concern of the server's.
    let _ = conn.await;
}

/// A stream whose writes fail once they make no progress for `limit`.
/// tokio and hyper have read timeouts for the request head but nothing for
/// a peer that stops reading; this is the few lines that adds it.
#[derive(Debug)]
struct WriteDeadline<S> {
    inner: S,
    limit: Duration,
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<S> WriteDeadline<S> {
    fn new(inner: S, limit: Duration) -> Self {
        WriteDeadline { inner, limit, stalled: None }
    }

    /// After the inner write said Pending: Ready(error) once stalled too long.
    fn check(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let limit = self.limit;
        let timer = self.stalled.get_or_insert_with(|| Box::pin(sleep(limit)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(io::Error::new(io::ErrorKind::TimedOut, "the client stopped reading")),
            Poll::Pending => Poll::Pending,
        }
    }

    fn progress<T>(&mut self, r: Poll<io::Result<T>>, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        match r {
            Poll::Ready(r) => {
                self.stalled = None;
                Poll::Ready(r)
            }
            Poll::Pending => self.check(cx).map(Err),
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteDeadline<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteDeadline<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.progress(r, cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.progress(r, cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let r = Pin::new(&mut self.inner).poll_flush(cx);
        self.progress(r, cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let r = Pin::new(&mut self.inner).poll_shutdown(cx);
        self.progress(r, cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt as _;

    #[test]
    fn a_peer_that_never_reads_times_out_the_write() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().start_paused(true).build().expect("rt");
        rt.block_on(async {
            // A pipe of 64 bytes that nobody reads from.
            let (near, _far) = tokio::io::duplex(64);
            let mut w = WriteDeadline::new(near, Duration::from_secs(5));
            let chunk = [0u8; 64];
            let err = loop {
                if let Err(e) = w.write_all(&chunk).await {
                    break e;
                }
            };
            assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        });
    }

    #[test]
    fn the_cap_stays_below_the_open_files_limit() {
        let cap = connection_cap() as u64;
        assert!((16..=MAX_CONNECTIONS).contains(&cap));
        #[cfg(target_os = "linux")]
        {
            let now = rustix::process::getrlimit(rustix::process::Resource::Nofile);
            if let Some(soft) = now.current {
                assert!(cap + RESERVED_FILES <= soft.max(16 + RESERVED_FILES), "{cap} connections, {soft} files");
            }
        }
    }
}
