//! The A4 poster of one notice, for the paper board beside the lifts: the
//! notice in full with its public period, amount and 落款, and a QR code
//! leading to its page (attachments, updates). It uses the kiosk's QR
//! encoder and the theme's `poster.css`; print it from the browser.

use serde::Serialize;

use crate::error::Error;
use crate::model::{Community, Compound};

use super::labels::Labels;
use super::qr::Qr;
use super::views::{NoticeView, SiteView};
use super::{CSP, OutFile, Renderer};

/// The QR code's side in CSS pixels: 38 mm on paper, readable from a metre.
const QR_PX: f64 = 144.0;

#[derive(Debug, Serialize)]
struct PosterView<'a> {
    site: &'a SiteView,
    t: &'static Labels,
    root: String,
    csp: &'static str,
    community: &'a str,
    compound: &'a str,
    notice: &'a NoticeView,
    url: &'a str,
    qr_svg: String,
}

impl Renderer<'_> {
    /// `notices/<stem>/print.html`; `view` is the notice as its page shows it.
    pub(super) fn notice_poster(
        &self,
        c: &Community,
        p: &Compound,
        view: &NoticeView,
        url: &str,
        path: String,
    ) -> Result<OutFile, Error> {
        let qr = Qr::new(url)?;
        let page = PosterView {
            site: &self.site_view,
            t: self.t,
            root: "../".repeat(path.matches('/').count()),
            // `frame-ancestors` is for the HTTP header only; a meta policy ignores it.
            csp: CSP.split("; frame-ancestors").next().unwrap_or(CSP),
            community: &c.name,
            compound: &p.name,
            notice: view,
            url,
            qr_svg: qr.svg(QR_PX, url),
        };
        let html = self.theme.render("print_notice.html", &page)?;
        Ok(OutFile::bytes(path, html.into_bytes()))
    }
}
