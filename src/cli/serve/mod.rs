//! `gongshi serve`: `watch` plus a small HTTP server for the output folder,
//! fit for kiosks on the compound's LAN. It serves only files under the
//! output folder, never a listing and never a dot-file. Preview tabs get
//! live reload and an error overlay; kiosk pages get neither (they follow
//! `version.json` by themselves), and nothing of it is written to the site.
//!
//! The HTTP stack is hyper on tokio with tower-http (files, gzip); it is
//! compiled only with the `serve` feature, as is all of this module.

mod handler;
mod hub;
mod listen;
mod resolve;

use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use self::handler::Site;
use self::hub::Hub;

use crate::build::BuildOptions;
use crate::cli::ExitStatus;
use crate::cli::watch::{BuildEvent, Loop};
use crate::diag::Lang;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
}

/// `gongshi serve`: the build loop on this thread, the server on a small
/// tokio runtime beside it.
pub fn main(opts: &ServeOptions) -> anyhow::Result<ExitStatus> {
    let mut build_loop = Loop::new(&opts.build)?;
    build_loop.stop_on_ctrl_c();
    let cannot =
        |e: std::io::Error| anyhow::anyhow!("无法在 {}:{} 上提供网站（cannot listen）：{e}", opts.bind, opts.port);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("gongshi-serve")
        .enable_all()
        .build()
        .map_err(cannot)?;
    let listener = {
        let _in_runtime = runtime.enter();
        listen::bind(SocketAddr::new(opts.bind, opts.port)).map_err(cannot)?
    };
    let addr = listener.local_addr().unwrap_or_else(|_| SocketAddr::new(opts.bind, opts.port));
    let hub = Arc::new(Hub::new());
    let site = Arc::new(Site { out: build_loop.paths.out.clone(), hub: Arc::clone(&hub), lang: Mutex::new(Lang::Zh) });
    runtime.spawn(listen::accept_loop(listener, Arc::clone(&site), listen::connection_cap()));

    let mut on_build = |s: &BuildEvent| hub.on_build(s);
    let first = build_loop.first_build(&mut on_build);
    let status = match first {
        Err(e) => Err(e.into()),
        Ok(()) => {
            if let Ok(mut l) = site.lang.lock() {
                *l = build_loop.lang;
            }
            announce(addr, &build_loop.paths.out, build_loop.lang);
            let status = build_loop.run(&mut on_build);
            let zh = build_loop.lang == Lang::Zh;
            eprintln!("{}", if zh { "正在停止……" } else { "stopping…" });
            Ok(status)
        }
    };
    // Ends the event streams, then every connection still open.
    hub.close();
    runtime.shutdown_timeout(Duration::from_secs(2));
    status
}

/// Prints where to open the site, and the kiosk pages' addresses.
fn announce(addr: SocketAddr, out: &Path, lang: Lang) {
    let say = |zh: String, en: String| eprintln!("{}", if lang == Lang::Zh { zh } else { en });
    let (ip, port) = (addr.ip(), addr.port());
    let local = url_host(if ip.is_unspecified() { loopback(ip) } else { ip });
    say(
        format!("正在提供网站：http://{local}:{port}/ （按 Ctrl-C 停止）"),
        format!("serving http://{local}:{port}/ (Ctrl-C stops)"),
    );
    // The host a kiosk elsewhere on the LAN reaches this computer by.
    let host = if ip.is_loopback() {
        say(
            "只有本机能打开。要让局域网里的公示屏访问，请加 --bind 0.0.0.0。".into(),
            "Only this computer can open it; for kiosks on the LAN add --bind 0.0.0.0.".into(),
        );
        Some(local)
    } else if ip.is_unspecified() {
        lan_ip().map(url_host)
    } else {
        Some(local)
    };
    let kiosks = kiosk_pages(out);
    if kiosks.is_empty() {
        return;
    }
    let Some(host) = host else {
        return say(
            format!("公示屏请用本机的局域网地址打开：http://<本机IP>:{port}/{}", kiosks[0]),
            format!("kiosks: open http://<this computer's LAN address>:{port}/{}", kiosks[0]),
        );
    };
    say("公示屏请打开：".into(), "kiosk pages:".into());
    for k in kiosks.iter().take(20) {
        eprintln!("  http://{host}:{port}/{k}");
    }
    if kiosks.len() > 20 {
        say(format!("  ……共 {} 个", kiosks.len()), format!("  … {} in all", kiosks.len()));
    }
}

fn loopback(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        IpAddr::V6(_) => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
    }
}

fn url_host(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// This computer's LAN address: the one the system would send from. A UDP
/// "connect" only picks a route; nothing is sent.
fn lan_ip() -> Option<IpAddr> {
    ["192.0.2.1:9", "10.0.0.1:9", "192.168.0.1:9", "172.16.0.1:9"].iter().find_map(|target| {
        let s = UdpSocket::bind("0.0.0.0:0").ok()?;
        s.connect(target).ok()?;
        let ip = s.local_addr().ok()?.ip();
        (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
    })
}

/// `<community>/<compound>/kiosk/<screen>.html`, as published.
fn kiosk_pages(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let dirs = |p: &Path| -> Vec<(String, PathBuf)> {
        let mut v: Vec<(String, PathBuf)> = std::fs::read_dir(p)
            .map(|r| r.flatten().filter_map(|e| Some((e.file_name().into_string().ok()?, e.path()))).collect())
            .unwrap_or_default();
        v.sort();
        v.retain(|(n, _)| !n.starts_with('.'));
        v
    };
    for (c, cp) in dirs(out).into_iter().filter(|(_, p)| p.is_dir()) {
        for (p, pp) in dirs(&cp).into_iter().filter(|(_, p)| p.is_dir()) {
            for (k, _) in dirs(&pp.join("kiosk")).into_iter().filter(|(n, _)| n.ends_with(".html")) {
                found.push(format!("{c}/{p}/kiosk/{k}"));
            }
        }
    }
    found
}
