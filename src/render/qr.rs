//! QR codes as inline SVG: the kiosk board and the posters (compound and
//! notice) point to their phone page with one.

use std::fmt::Write as _;

use qrcodegen::{QrCode, QrCodeEcc};

use crate::error::Error;

#[derive(Debug)]
pub(crate) struct Qr {
    /// Modules per side, without the quiet zone.
    pub(crate) n: usize,
    pub(crate) dark: Vec<bool>,
}

/// The quiet zone, in modules, that the QR standard asks for.
pub(crate) const QUIET: usize = 4;

impl Qr {
    pub(crate) fn new(url: &str) -> Result<Qr, Error> {
        let code = QrCode::encode_binary(url.as_bytes(), QrCodeEcc::Medium)
            .map_err(|e| Error::QrEncode { url: url.to_string(), reason: e.to_string() })?;
        let (side, code) = (code.size(), &code);
        let dark = (0..side).flat_map(|y| (0..side).map(move |x| code.get_module(x, y))).collect();
        Ok(Qr { n: usize::try_from(side).unwrap_or(0), dark })
    }

    /// Modules per side including the quiet zone.
    pub(crate) fn total(&self) -> usize {
        self.n + 2 * QUIET
    }

    /// Inline SVG `size` pixels wide, quiet zone included; colours come
    /// from CSS so the night palette can dim the light part.
    pub(crate) fn svg(&self, size: f64, label: &str) -> String {
        let t = self.total();
        let mut d = String::new();
        for y in 0..self.n {
            let mut x = 0;
            while x < self.n {
                if !self.dark[y * self.n + x] {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.n && self.dark[y * self.n + x] {
                    x += 1;
                }
                let _ = write!(d, "M{} {}h{}v1h-{}z", start + QUIET, y + QUIET, x - start, x - start);
            }
        }
        format!(
            "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {t} {t}\" width=\"{size}\" height=\"{size}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{}\"><rect class=\"qr-light\" width=\"{t}\" height=\"{t}\"/><path class=\"qr-dark\" d=\"{d}\"/></svg>",
            crate::render::escape_xml(label)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_svg_has_a_quiet_zone() {
        let qr = Qr::new("https://gongshi.example.cn/yangguang/lanyuan/").unwrap_or_else(|e| panic!("{e}"));
        let svg = qr.svg(300.0, "x");
        assert!(svg.starts_with("<svg class=\"qr\""));
        assert!(svg.contains(&format!("viewBox=\"0 0 {t} {t}\"", t = qr.n + 8)));
        // The first dark module is the finder pattern's corner, inside the quiet zone.
        assert!(svg.contains("d=\"M4 4h7v1h-7z"));
    }
}
