//! A kiosk canvas: the zones of one screen (header, slides, QR code, side),
//! the slides cut to fit, and the page rendered with its CSP.

use chrono::{NaiveDate, Timelike};
use serde::Serialize;

use super::board::{Board, Phone, Row};
use super::csp::hashes;
use super::measure::{Columns, Font, Metrics, em, lines};
use super::paginate::paginate;
use super::{CSP_SLOT, OutFile, Renderer, SENTINEL, Words, date_line, words};
use crate::error::Error;
use crate::model::Screen;
use crate::render::qr::Qr;
use crate::render::views::Labels;

/// The legibility floor of any text on a kiosk, and of a list's body
/// text, in pixels at a 1080 px short edge.
pub(super) const TYPE_FLOOR: f64 = 28.0;
pub(super) const BODY_FLOOR: f64 = 40.0;

/// A positioned zone of the canvas.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub(super) struct Rect {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) w: f64,
    pub(super) h: f64,
}

/// The kiosk canvas of one screen: every zone and size, in canvas pixels.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Geo {
    pub(super) w: f64,
    pub(super) h: f64,
    /// Scale of every size against the 1920×1080 design.
    pub(super) u: f64,
    /// `landscape`, `portrait` or `bar`.
    pub(super) mode: &'static str,
    /// Burn-in shift amplitude; the safe margin includes it.
    pub(super) shift: f64,
    pub(super) header: Rect,
    pub(super) main: Rect,
    pub(super) qr: Rect,
    pub(super) side: Rect,
    /// The side zone puts its two halves next to each other (wide footers).
    pub(super) side_row: bool,
    /// Phones as label over number (true) or on one line.
    pub(super) phone_stack: bool,
    /// Room for the page's address under the scan caption.
    pub(super) link: bool,
    /// Width of a phone's label when label and number share a line.
    pub(super) phone_label_w: f64,
    pub(super) name: Font,
    pub(super) sub: Font,
    pub(super) clock: Font,
    pub(super) date: Font,
    pub(super) scan: Font,
    pub(super) small: Font,
    pub(super) phone_label: Font,
    pub(super) phone: Font,
    /// Compact header: one line (bars).
    pub(super) compact: bool,
    /// Whether the community and street fit under (or beside) the name.
    pub(super) show_sub: bool,
    /// Rules, scaled.
    pub(super) line: f64,
    /// Spacings, scaled: under a slide's heading; between stacked blocks of
    /// the side zone and between a phone's label and number; between runs
    /// on one line (name and community, title and note); between the name
    /// and the clock, and between the side zone's halves side by side.
    pub(super) title_gap: f64,
    pub(super) block_gap: f64,
    pub(super) inline_gap: f64,
    pub(super) zone_gap: f64,
    /// The slide heading.
    pub(super) title: Font,
    pub(super) part: Font,
    /// Room left below the last line of the header, of a slide heading and
    /// of the side zone, so that a taller font does not clip them ([`Font::overhang`]).
    pub(super) head_room: f64,
    pub(super) title_room: f64,
    pub(super) side_room: f64,
    /// The legibility floor of any text and of a list's body text, in
    /// canvas pixels: the kiosk's script never shrinks type below them.
    pub(super) floor: f64,
    pub(super) body_floor: f64,
    pub(super) head_h: f64,
    pub(super) cols: usize,
    pub(super) col_gap: f64,
    pub(super) col_w: f64,
    pub(super) m: Metrics,
}

impl Geo {
    pub(super) fn new(screen: &Screen, qr: &Qr, b: &Board, w: &Words) -> Geo {
        let (cw, ch) = (f64::from(screen.width), f64::from(screen.height));
        let (long, short) = (cw.max(ch), cw.min(ch));
        let bar = long / short > 2.5;
        // Sizes scale with the short edge (the 28 px floor is stated at a
        // 1080 px short edge). A bar is a strip of a normal panel: scaled by
        // its short edge it would hold one row, so it keeps three quarters
        // of the full panel's sizes, still well above the floor.
        let u = if bar { (long / 1920.0).min(short / 720.0) } else { short / 1080.0 };
        let s = |x: f64| (x * u).round();
        let f = |px: f64, lh: f64| Font { px: s(px), lh: s(lh) };
        let shift = s(6.0);
        let (px, py) = ((cw * 0.05).ceil() + shift, (ch * 0.05).ceil() + shift);
        let (iw, ih) = (cw - 2.0 * px, ch - 2.0 * py);
        let mode = if cw / ch > 2.5 {
            "bar"
        } else if ch > cw {
            "portrait"
        } else {
            "landscape"
        };
        let m = Metrics {
            body: f(40.0, 52.0),
            meta: f(30.0, 40.0),
            tag: f(30.0, 40.0),
            group: f(34.0, 46.0),
            section: f(44.0, 56.0),
            pad: s(10.0),
            rule: s(2.0).max(1.0),
            gap: s(20.0),
            group_top: s(10.0),
            tag_pad: s(8.0),
            tag_top: 0.0,
        }
        .centred();
        let (name, sub, clock, date) = if mode == "bar" {
            (f(48.0, 64.0), f(30.0, 40.0), f(48.0, 64.0), f(30.0, 40.0))
        } else {
            (f(60.0, 76.0), f(30.0, 40.0), f(72.0, 84.0), f(30.0, 40.0))
        };
        let small = f(30.0, 40.0);
        let scan = f(40.0, 52.0);
        // The QR symbol is at least 240 px: a phone must read it from a step away.
        let symbol = s(240.0).max(240.0);
        let mut qr_box = (symbol * qr.total() as f64 / qr.n as f64).ceil();
        let gap = s(32.0);
        let rule = s(3.0);
        let mut g = Geo {
            w: cw,
            h: ch,
            u,
            mode,
            shift,
            header: Rect::default(),
            main: Rect::default(),
            qr: Rect::default(),
            side: Rect::default(),
            side_row: false,
            phone_stack: true,
            link: true,
            phone_label_w: 0.0,
            name,
            sub,
            clock,
            date,
            scan,
            small,
            phone_label: f(30.0, 40.0),
            phone: f(48.0, 64.0),
            compact: mode == "bar",
            show_sub: true,
            line: rule,
            title_gap: s(14.0),
            block_gap: s(16.0),
            inline_gap: s(24.0),
            zone_gap: s(32.0),
            title: f(44.0, 56.0),
            part: f(34.0, 56.0),
            head_room: 0.0,
            title_room: 0.0,
            side_room: 0.0,
            // Rounded up, so that the script's floor is never under the stated one.
            floor: (TYPE_FLOOR * short / 1080.0 * 100.0).ceil() / 100.0,
            body_floor: (BODY_FLOOR * short / 1080.0 * 100.0).ceil() / 100.0,
            head_h: 0.0,
            cols: 1,
            col_gap: s(48.0),
            col_w: 0.0,
            m,
        };
        g.title_room = g.title.overhang();
        if mode == "bar" {
            g.phone = f(40.0, 52.0);
        }
        g.side_room = g.phone.overhang().max(g.small.overhang()).max(g.scan.overhang());
        if mode == "bar" {
            // QR and contacts in two columns at the left, the board at the right.
            qr_box = qr_box.min(ih - s(60.0));
            let side_w = s(380.0);
            g.qr = Rect { x: px, y: py, w: qr_box, h: qr_box };
            g.side = Rect { x: px + qr_box + s(24.0), y: py, w: side_w, h: ih };
            g.link = g.side_a(b, w, side_w, true) + g.block_gap + g.side_b(b) + g.side_room <= ih;
            let x = g.side.x + side_w + s(24.0);
            let hw = px + iw - x;
            let name_h = g.fit_header(b, w, hw);
            // One line of inline blocks: the community and the date sit on
            // the name's line with a line height of their font size.
            let inline = Font { px: g.sub.px, lh: g.sub.px };
            g.head_room = g.name.overhang().max(inline.overhang());
            g.header = Rect { x, y: py, w: hw, h: name_h + g.head_room + rule };
            let top = g.header.y + g.header.h + s(12.0);
            g.main = Rect { x, y: top, w: g.header.w, h: py + ih - top };
        } else {
            let name_h = g.fit_header(b, w, iw);
            let sub_h = if g.show_sub { sub.lh } else { 0.0 };
            let last = if g.show_sub { g.sub } else { g.name };
            g.head_room = last.overhang().max(date.overhang());
            let header_h = (name_h + sub_h).max(clock.lh + date.lh) + g.head_room + rule;
            g.header = Rect { x: px, y: py, w: iw, h: header_h };
            let side_w = iw - qr_box - gap;
            let narrow = side_w < s(560.0);
            if narrow {
                // Too narrow for text beside the code: contacts go under it.
                g.phone_stack = false;
                let side_h = g.side_a(b, w, iw, true) + g.block_gap + g.side_b(b) + g.side_room;
                let top = py + ih - side_h - s(12.0) - qr_box;
                g.qr = Rect { x: px, y: top, w: qr_box, h: qr_box };
                g.side = Rect { x: px, y: top + qr_box + s(12.0), w: iw, h: side_h };
            } else {
                let top = py + ih - qr_box;
                g.qr = Rect { x: px, y: top, w: qr_box, h: qr_box };
                g.side = Rect { x: px + qr_box + gap, y: top, w: side_w, h: qr_box };
                g.side_row = side_w >= s(1100.0);
                g.phone_stack = g.side_row;
                // The address line is the first thing to go when room is short.
                g.link = if g.side_row {
                    g.side_a(b, w, side_w / 2.0, true) + g.side_room <= qr_box
                } else {
                    g.side_a(b, w, side_w, true) + g.block_gap + g.side_b(b) + g.side_room <= qr_box
                };
            }
            let top = py + header_h + s(18.0);
            g.main = Rect { x: px, y: top, w: iw, h: g.qr.y - s(18.0) - top };
        }
        g.cols = if g.main.w >= s(1300.0) { 2 } else { 1 };
        g.col_w = ((g.main.w - g.col_gap * (g.cols as f64 - 1.0)) / g.cols as f64).floor();
        g.head_h = g.title.lh + g.title_room + rule + g.title_gap;
        g.phone_label_w = b.phones.iter().map(|p| (em(&p.label) * g.phone_label.px).ceil()).fold(0.0, f64::max);
        g
    }

    /// Fits the compound's name into a header `width` wide beside the
    /// clock: the name shrinks down to body size, then wraps; the line
    /// under it goes when it does not fit. Returns the name's height.
    pub(super) fn fit_header(&mut self, b: &Board, w: &Words, width: f64) -> f64 {
        let widest_day = w.weekdays.iter().copied().max_by(|a, c| em(a).total_cmp(&em(c))).unwrap_or("");
        let date = NaiveDate::from_ymd_opt(2026, 12, 28).map_or(0.0, |d| em(&date_line(w.date_format, d, widest_day)));
        let (clock_w, date_w) = (em("00:00") * self.clock.px, date * self.date.px);
        let when = if self.compact { clock_w + self.inline_gap + date_w } else { clock_w.max(date_w) };
        let room = (width - when - self.zone_gap) * 0.97;
        let name = em(&b.name);
        let floor = self.m.body.px;
        if name * self.name.px > room {
            let px = (room / name).floor().max(floor);
            self.name = Font { px, lh: (px * 1.27).ceil() };
        }
        let sub = em(&b.sub) * self.sub.px;
        self.show_sub = if self.compact { name * self.name.px + self.inline_gap + sub <= room } else { sub <= room };
        lines(&b.name, self.name.px, room / 0.97) as f64 * self.name.lh
    }

    /// Height of the caption block: scan caption, address, update time,
    /// and the line kept for the offline mark.
    pub(super) fn side_a(&self, b: &Board, w: &Words, width: f64, link: bool) -> f64 {
        let mut h = lines(w.scan, self.scan.px, width) as f64 * self.scan.lh;
        if link {
            h += lines(&b.link, self.small.px, width) as f64 * self.small.lh;
        }
        h += lines(&b.updated, self.small.px, width) as f64 * self.small.lh;
        h + lines(w.offline, self.small.px, width) as f64 * self.small.lh
    }

    /// Height of the phones block.
    pub(super) fn side_b(&self, b: &Board) -> f64 {
        let per = if self.phone_stack { self.phone_label.lh + self.phone.lh } else { self.phone.lh };
        per * b.phones.len() as f64
    }
}

#[derive(Debug, Serialize)]
pub(super) struct Slide {
    pub(super) key: &'static str,
    pub(super) title: String,
    pub(super) note: Option<String>,
    /// `2 / 5` when the section takes more than one slide.
    pub(super) part: Option<String>,
    pub(super) columns: Vec<Vec<Row>>,
    /// How long it stays, from how much there is to read.
    pub(super) seconds: u32,
}

pub(super) fn slides(g: &Geo, b: &Board, w: &Words) -> (Vec<Slide>, Vec<Columns>) {
    let mut out = Vec::new();
    let mut widths = Vec::new();
    for s in &b.parts {
        let cols = g.m.columns(s);
        let pages = paginate(&g.m, &s.rows, g.col_w, &cols, g.main.h - g.head_h, g.cols, w.cont);
        let total = pages.len();
        for (i, page) in pages.into_iter().enumerate() {
            let items = page.iter().flatten().filter(|r| matches!(r, Row::Item(_))).count() as u32;
            out.push(Slide {
                key: s.key,
                title: s.title.clone(),
                note: s.note.clone(),
                part: (total > 1).then(|| format!("{} / {total}", i + 1)),
                columns: page,
                seconds: (6 + 2 * items).clamp(10, 24),
            });
        }
        widths.push(cols);
    }
    (out, widths)
}

/// What kiosk.html (with kiosk/style.css and kiosk/script.js) receives.
#[derive(Debug, Serialize)]
pub(super) struct KioskView<'a> {
    pub(super) lang: &'static str,
    pub(super) t: &'static Labels,
    pub(super) w: &'static Words,
    pub(super) g: &'a Geo,
    pub(super) widths: &'a [Columns],
    pub(super) name: &'a str,
    pub(super) community: &'a str,
    pub(super) sub: &'a str,
    pub(super) street: &'a str,
    pub(super) today: &'a str,
    pub(super) link: &'a str,
    pub(super) built_at: &'a str,
    /// Replaced by the page's version once it is rendered.
    pub(super) version: &'static str,
    pub(super) updated: String,
    pub(super) clock: String,
    pub(super) qr_svg: String,
    pub(super) phones: &'a [Phone],
    pub(super) slides: &'a [Slide],
    /// The page's path from the site root, as version.json lists it.
    pub(super) path: String,
    /// From the page to the site root.
    pub(super) root: String,
    pub(super) poll: u32,
    pub(super) offset_minutes: i32,
    pub(super) night_from: u32,
    pub(super) night_to: u32,
    pub(super) csp: &'static str,
    pub(super) dir: &'a str,
}

pub(super) fn kiosk_page(r: &Renderer<'_>, b: &Board, screen: &Screen, dir: &str) -> Result<OutFile, Error> {
    let settings = &r.site.settings;
    let w = words(r.view.lang);
    let g = Geo::new(screen, &b.qr, b, w);
    let (slides, widths) = slides(&g, b, w);
    let path = format!("{dir}/kiosk/{}.html", screen.name);
    // The script sets the time at once; without it a clock would be wrong.
    let clock = "--:--".to_string();
    let minutes = |t: chrono::NaiveTime| t.hour() * 60 + t.minute();
    let view = KioskView {
        lang: r.t.lang,
        t: r.t,
        w,
        g: &g,
        widths: &widths,
        name: &b.name,
        community: &b.community,
        sub: &b.sub,
        street: &b.street,
        today: &b.today,
        link: &b.link,
        built_at: &b.built_at,
        version: super::VERSION_SLOT,
        updated: b.updated.clone(),
        clock,
        qr_svg: b.qr.svg(g.qr.w, &b.url),
        phones: &b.phones,
        slides: &slides,
        root: "../".repeat(path.matches('/').count()),
        path,
        poll: settings.kiosk.poll_seconds,
        offset_minutes: settings.utc_offset / 60,
        night_from: minutes(settings.kiosk.night_from),
        night_to: minutes(settings.kiosk.night_to),
        csp: CSP_SLOT,
        dir: &b.dir,
    };
    let html = r.theme.render("kiosk.html", &view)?;
    // 'unsafe-inline' only for CSP level 1 players (old Android WebViews),
    // which know no hashes; every browser that knows hashes ignores it.
    let csp = format!(
        "default-src 'none'; script-src {} 'unsafe-inline'; style-src {} 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'",
        hashes(&html, "script"),
        hashes(&html, "style")
    );
    let mut html = html.replacen(CSP_SLOT, &csp, 1);
    // The sentinel is last, so a download that has it is complete.
    let end = html.trim_end().len();
    html.truncate(end);
    if !html.ends_with(SENTINEL) {
        html.push('\n');
        html.push_str(SENTINEL);
    }
    html.push('\n');
    // The version is a hash of the page with the slot in place, so that the
    // page can carry it: it changes exactly when the page does. Written in
    // the letters a-p, never digits, so that no run of it reads as a phone
    // or ID number to the publish gate.
    let hash = xxhash_rust::xxh3::xxh3_64(html.as_bytes());
    let version: String = (0..16).rev().map(|i| char::from(b'a' + ((hash >> (i * 4)) & 0xf) as u8)).collect();
    let html = html.replacen(super::VERSION_SLOT, &version, 1);
    Ok(OutFile::bytes(view.path.clone(), html.into_bytes()))
}
