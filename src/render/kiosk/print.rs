//! The paper poster: the board's parts in one flow, cut into A4 sheets.

use serde::Serialize;

use super::board::{Board, Phone, Row};
use super::csp::hashes;
use super::measure::{Columns, Font, Metrics};
use super::paginate::paginate;
use super::{CSP_SLOT, OutFile, Renderer, Words, words};
use crate::error::Error;
use crate::render::views::Labels;

/// An A4 sheet, in CSS pixels (96 per inch).
#[derive(Debug, Clone, Serialize)]
pub(super) struct Paper {
    /// Sheet size and its margin, in millimetres.
    pub(super) width_mm: f64,
    pub(super) height_mm: f64,
    pub(super) margin_mm: f64,
    /// The printable box, in pixels.
    pub(super) w: f64,
    pub(super) h: f64,
    pub(super) header_h: f64,
    pub(super) footer_h: f64,
    pub(super) qr: f64,
    pub(super) body_h: f64,
    pub(super) m: Metrics,
}

pub(super) const PX_PER_MM: f64 = 96.0 / 25.4;

impl Paper {
    pub(super) fn a4() -> Paper {
        let f = |px: f64, lh: f64| Font { px, lh };
        let margin_mm = 12.0;
        // A hair under 297 mm, so rounding never spills a sheet onto a second page.
        let (width_mm, height_mm) = (210.0, 296.0);
        let w = ((width_mm - 2.0 * margin_mm) * PX_PER_MM).floor();
        let h = ((height_mm - 2.0 * margin_mm) * PX_PER_MM).floor();
        let (header_h, footer_h) = (150.0, 44.0);
        Paper {
            width_mm,
            height_mm,
            margin_mm,
            w,
            h,
            header_h,
            footer_h,
            qr: 132.0,
            body_h: h - header_h - footer_h - 24.0,
            m: Metrics {
                body: f(20.0, 28.0),
                meta: f(16.0, 23.0),
                tag: f(15.0, 22.0),
                group: f(18.0, 26.0),
                section: f(26.0, 36.0),
                pad: 5.0,
                rule: 1.0,
                gap: 12.0,
                group_top: 8.0,
                tag_pad: 5.0,
                tag_top: 0.0,
            }
            .centred(),
        }
    }
}

#[derive(Debug, Serialize)]
pub(super) struct Sheet {
    pub(super) rows: Vec<Row>,
    pub(super) page: String,
}

#[derive(Debug, Serialize)]
pub(super) struct PrintView<'a> {
    pub(super) lang: &'static str,
    pub(super) t: &'static Labels,
    pub(super) w: &'static Words,
    pub(super) p: &'a Paper,
    pub(super) widths: &'a [Columns],
    pub(super) name: &'a str,
    pub(super) community: &'a str,
    pub(super) street: &'a str,
    pub(super) as_of: String,
    pub(super) qr_svg: String,
    pub(super) phones: &'a [Phone],
    pub(super) sheets: Vec<Sheet>,
    pub(super) csp: &'static str,
}

pub(super) fn print_page(r: &Renderer<'_>, b: &Board, dir: &str) -> Result<OutFile, Error> {
    let w = words(r.view.lang);
    let paper = Paper::a4();
    let m = &paper.m;
    // One flow for the whole poster: a sheet holds as many sections as fit.
    let mut rows = Vec::new();
    let mut widths: Vec<Columns> = Vec::new();
    for s in &b.parts {
        rows.push(Row::Section { title: s.title.clone(), note: s.note.clone() });
        rows.extend(s.rows.iter().cloned());
        widths.push(m.columns(s));
    }
    // Print rows share one set of columns, wide enough for every section.
    let all = Columns {
        key: "all",
        tag: widths.iter().map(|c| c.tag).fold(0.0, f64::max),
        phone: widths.iter().map(|c| c.phone).fold(0.0, f64::max),
    };
    let pages = paginate(m, &rows, paper.w, &all, paper.body_h, 1, w.cont);
    let total = pages.len();
    let sheets = pages
        .into_iter()
        .enumerate()
        .map(|(i, cols)| Sheet {
            rows: cols.into_iter().flatten().collect(),
            page: w.page.replace("{n}", &(i + 1).to_string()).replace("{total}", &total.to_string()),
        })
        .collect();
    let widths = [all];
    let view = PrintView {
        lang: r.t.lang,
        t: r.t,
        w,
        p: &paper,
        widths: &widths,
        name: &b.name,
        community: &b.community,
        street: &b.street,
        as_of: format!("{} {}", r.t.as_of, b.as_of),
        qr_svg: b.qr.svg(paper.qr, &b.url),
        phones: &b.phones,
        sheets,
        csp: CSP_SLOT,
    };
    let html = r.theme.render("print.html", &view)?;
    // The site's policy, plus the poster's own style by hash.
    // (`frame-ancestors` is for the HTTP header only; a meta policy ignores it.)
    let site_csp = crate::render::CSP.split("; frame-ancestors").next().unwrap_or(crate::render::CSP);
    let csp = format!("{site_csp}; style-src {}", hashes(&html, "style"));
    let html = html.replacen(CSP_SLOT, &csp, 1);
    Ok(OutFile::bytes(format!("{dir}/print.html"), html.into_bytes()))
}
