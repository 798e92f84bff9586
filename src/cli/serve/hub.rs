//! Live reload: the open preview tabs, the last build's state, and the
//! Server-Sent Events stream each tab listens to.

use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::time::{Interval, MissedTickBehavior, interval};

use crate::cli::watch::BuildEvent;

/// Open live-reload tabs at most (each holds a connection).
const MAX_TABS: usize = 64;
/// A comment this often finds tabs that were closed.
const PING: Duration = Duration::from_secs(15);

/// Live-reload tabs and the last build's state.
#[derive(Debug)]
pub(super) struct Hub {
    inner: Mutex<HubState>,
}

#[derive(Debug)]
struct HubState {
    /// Distinguishes this process from an earlier one on the same port.
    epoch: u64,
    /// Published builds so far: a tab showing an older one reloads.
    count: u64,
    /// The failed build's report while the site is broken.
    error: Option<String>,
    tabs: Vec<UnboundedSender<String>>,
}

impl HubState {
    fn stamp(&self) -> String {
        format!("{:x}-{}", self.epoch, self.count)
    }

    fn broadcast(&mut self, msg: &str) {
        self.tabs.retain(|t| t.send(msg.to_string()).is_ok());
    }
}

/// One Server-Sent Event; every line of `data` gets its own `data:` field.
fn sse(event: &str, data: &str) -> String {
    let mut s = format!("event: {event}\n");
    for line in data.split('\n') {
        s.push_str("data: ");
        s.push_str(line);
        s.push('\n');
    }
    s.push('\n');
    s
}

impl Hub {
    pub(super) fn new() -> Hub {
        let epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Hub { inner: Mutex::new(HubState { epoch, count: 0, error: None, tabs: Vec::new() }) }
    }

    pub(super) fn stamp(&self) -> String {
        self.inner.lock().map(|s| s.stamp()).unwrap_or_default()
    }

    pub(super) fn on_build(&self, status: &BuildEvent) {
        let Ok(mut s) = self.inner.lock() else { return };
        match status {
            BuildEvent::Published { swapped: true } => {
                s.count += 1;
                s.error = None;
                let msg = sse("reload", &s.stamp());
                s.broadcast(&msg);
            }
            BuildEvent::Published { swapped: false } => {
                if s.error.take().is_some() {
                    s.broadcast(&sse("ok", ""));
                }
            }
            BuildEvent::Failed { text } => {
                s.error = Some(text.clone());
                let msg = sse("error", &serde_json::Value::String(text.clone()).to_string());
                s.broadcast(&msg);
            }
        }
    }

    /// A new tab: its channel and what it must hear first. `None` when too many are open.
    pub(super) fn subscribe(&self) -> Option<(UnboundedReceiver<String>, String)> {
        let mut s = self.inner.lock().ok()?;
        // Tabs closed since the last build still hold a slot: a closed channel finds them.
        s.tabs.retain(|t| !t.is_closed());
        if s.tabs.len() >= MAX_TABS {
            return None;
        }
        let (tx, rx) = unbounded_channel();
        s.tabs.push(tx);
        let mut first = format!("retry: 2000\n\n{}", sse("hello", &s.stamp()));
        if let Some(e) = &s.error {
            first.push_str(&sse("error", &serde_json::Value::String(e.clone()).to_string()));
        }
        Some((rx, first))
    }

    /// Ends every event stream.
    pub(super) fn close(&self) {
        if let Ok(mut s) = self.inner.lock() {
            s.tabs.clear();
        }
    }
}

/// The body of one tab's event stream: what the hub sends, and a comment
/// now and then. It ends when the hub closes; when the tab goes away, hyper
/// drops it, and the hub's next message finds the channel closed.
#[derive(Debug)]
pub(super) struct EventStream {
    first: Option<String>,
    rx: UnboundedReceiver<String>,
    ping: Interval,
}

impl EventStream {
    /// Must be made inside the runtime (it holds a timer).
    pub(super) fn new(rx: UnboundedReceiver<String>, first: String) -> EventStream {
        let mut ping = interval(PING);
        ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
        ping.reset();
        EventStream { first: Some(first), rx, ping }
    }
}

impl Body for EventStream {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(Bytes::from(first)))));
        }
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(msg)) => return Poll::Ready(Some(Ok(Frame::data(Bytes::from(msg))))),
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => {}
        }
        match self.ping.poll_tick(cx) {
            Poll::Ready(_) => Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b": ping\n\n"))))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        false
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(rx: &mut UnboundedReceiver<String>) -> Vec<String> {
        std::iter::from_fn(|| rx.try_recv().ok()).collect()
    }

    #[test]
    fn hub_tells_tabs_what_happened() {
        let hub = Hub::new();
        let (mut rx, first) = hub.subscribe().expect("tab");
        assert!(first.contains("event: hello\ndata: "));
        hub.on_build(&BuildEvent::Failed { text: "a\nb".into() });
        assert_eq!(drain(&mut rx), vec!["event: error\ndata: \"a\\nb\"\n\n".to_string()]);
        let (_rx2, first2) = hub.subscribe().expect("tab");
        assert!(first2.contains("event: error"), "a tab opened while broken sees the error");
        hub.on_build(&BuildEvent::Published { swapped: false });
        hub.on_build(&BuildEvent::Published { swapped: true });
        let got = drain(&mut rx);
        assert_eq!(got.len(), 2);
        assert!(got[0].starts_with("event: ok"));
        assert!(got[1].starts_with("event: reload"));
        hub.close();
        assert!(rx.blocking_recv().is_none());
    }

    #[test]
    fn closed_tabs_free_their_slot() {
        let hub = Hub::new();
        for _ in 0..MAX_TABS {
            drop(hub.subscribe().expect("a slot"));
        }
        let held: Vec<_> = (0..MAX_TABS).map(|_| hub.subscribe().expect("a slot")).collect();
        assert!(hub.subscribe().is_none(), "more than {MAX_TABS} open tabs");
        drop(held);
        assert!(hub.subscribe().is_some());
    }
}
