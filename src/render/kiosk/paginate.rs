//! Rows cut into columns and pages of a fixed height, headings kept with
//! what follows them and repeated (continued) at the top of a new column.

use super::board::Row;
use super::measure::{Columns, Metrics};

/// Rows cut into pages of `ncols` columns, each column at most `budget`
/// tall. A heading never ends a column; a column that starts inside a
/// group or section repeats its heading, marked as continued.
pub(super) fn paginate(
    m: &Metrics,
    rows: &[Row],
    width: f64,
    cols: &Columns,
    budget: f64,
    ncols: usize,
    cont: &str,
) -> Vec<Vec<Vec<Row>>> {
    // Room for the headings a column may repeat above a piece of an item.
    let tallest = |section: bool| {
        rows.iter()
            .filter(|r| matches!(r, Row::Section { .. }) == section && !matches!(r, Row::Item(_)))
            .map(|r| m.height(&cont_of(r, cont), width, cols))
            .fold(0.0, f64::max)
    };
    let heading_room = tallest(true) + tallest(false);
    let mut flat: Vec<Row> = Vec::new();
    for r in rows {
        match r {
            Row::Item(it) => {
                flat.extend(m.split(it, width, cols, budget - heading_room, cont).into_iter().map(Row::Item))
            }
            other => flat.push(other.clone()),
        }
    }
    let mut columns: Vec<Vec<Row>> = Vec::new();
    let mut col: Vec<Row> = Vec::new();
    let mut used = 0.0;
    let (mut section, mut group): (Option<Row>, Option<Row>) = (None, None);
    let mut i = 0;
    while i < flat.len() {
        let row = &flat[i];
        // Headings travel with the headings and the item after them.
        let mut need = 0.0;
        for next in &flat[i..] {
            need += m.height(next, width, cols);
            if matches!(next, Row::Item(_)) {
                break;
            }
        }
        if matches!(row, Row::Item(_)) {
            need = m.height(row, width, cols);
        }
        if used + need > budget && col.iter().any(|r| matches!(r, Row::Item(_))) {
            columns.push(std::mem::take(&mut col));
            used = 0.0;
            if (matches!(row, Row::Item(_)) || matches!(row, Row::Group { .. }))
                && let Some(s) = &section
            {
                let h = cont_of(s, cont);
                used += m.height(&h, width, cols);
                col.push(h);
            }
            if matches!(row, Row::Item(_))
                && let Some(g) = &group
            {
                let h = cont_of(g, cont);
                used += m.height(&h, width, cols);
                col.push(h);
            }
        }
        match row {
            Row::Section { .. } => {
                section = Some(row.clone());
                group = None;
            }
            Row::Group { .. } => group = Some(row.clone()),
            Row::Item(_) => {}
        }
        used += m.height(row, width, cols);
        col.push(row.clone());
        i += 1;
    }
    if !col.is_empty() {
        columns.push(col);
    }
    columns.chunks(ncols.max(1)).map(<[Vec<Row>]>::to_vec).collect()
}

pub(super) fn cont_of(r: &Row, cont: &str) -> Row {
    match r {
        Row::Section { title, .. } => Row::Section { title: format!("{title}{cont}"), note: None },
        Row::Group { text } => Row::Group { text: format!("{text}{cont}") },
        Row::Item(it) => Row::Item(it.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::kiosk::board::Item;
    use crate::render::kiosk::measure::Font;

    fn item(text: &str) -> Row {
        Row::Item(Item { text: text.into(), ..Item::default() })
    }

    fn metrics() -> Metrics {
        let f = |px, lh| Font { px, lh };
        Metrics {
            body: f(40.0, 50.0),
            meta: f(30.0, 40.0),
            tag: f(30.0, 40.0),
            group: f(30.0, 40.0),
            section: f(40.0, 50.0),
            pad: 5.0,
            rule: 0.0,
            gap: 10.0,
            group_top: 10.0,
            tag_pad: 5.0,
            tag_top: 0.0,
        }
    }

    #[test]
    fn pages_hold_what_fits_and_repeat_headings() {
        let m = metrics();
        let cols = Columns { key: "x", tag: 0.0, phone: 0.0 };
        // Items are 60 px; a group heading 50 px; 200 px per column.
        let rows = vec![Row::Group { text: "甲".into() }, item("一"), item("二"), item("三"), item("四"), item("五")];
        let pages = paginate(&m, &rows, 1000.0, &cols, 200.0, 2, "（续）");
        let cols_flat: Vec<&Vec<Row>> = pages.iter().flatten().collect();
        assert_eq!(cols_flat.len(), 3);
        assert!(matches!(&cols_flat[1][0], Row::Group { text } if text == "甲（续）"));
        let items: usize = cols_flat.iter().map(|c| c.iter().filter(|r| matches!(r, Row::Item(_))).count()).sum();
        assert_eq!(items, 5);
        for c in &cols_flat {
            let h: f64 = c.iter().map(|r| m.height(r, 1000.0, &cols)).sum();
            assert!(h <= 200.0, "{h}");
        }
        assert_eq!(pages.len(), 2);
    }

    #[test]
    fn a_heading_never_ends_a_column() {
        let m = metrics();
        let cols = Columns { key: "x", tag: 0.0, phone: 0.0 };
        let rows = vec![item("一"), item("二"), Row::Group { text: "乙".into() }, item("三")];
        // Two items (120) fit, the heading (50) would too, but not with its item.
        let pages = paginate(&m, &rows, 1000.0, &cols, 175.0, 1, "（续）");
        assert_eq!(pages.len(), 2);
        assert!(matches!(pages[1][0][0], Row::Group { .. }));
        // A section title and a group heading travel together with the item.
        let rows = vec![
            item("一"),
            item("二"),
            Row::Section { title: "丙".into(), note: None },
            Row::Group { text: "丁".into() },
            item("三"),
        ];
        let pages = paginate(&m, &rows, 1000.0, &cols, 230.0, 1, "（续）");
        for col in pages.iter().flatten() {
            assert!(matches!(col.last(), Some(Row::Item(_))), "{col:?}");
        }
    }

    #[test]
    fn a_long_item_is_split_not_cut() {
        let m = metrics();
        let cols = Columns { key: "x", tag: 0.0, phone: 0.0 };
        let text = "长".repeat(200);
        let pages = paginate(&m, &[item(&text)], 400.0, &cols, 300.0, 1, "（续）");
        assert!(pages.len() > 1);
        let mut joined = String::new();
        for c in pages.iter().flatten() {
            let h: f64 = c.iter().map(|r| m.height(r, 400.0, &cols)).sum();
            assert!(h <= 300.0, "{h}");
            for r in c {
                if let Row::Item(it) = r {
                    joined.push_str(it.text.trim_start_matches("（续）"));
                }
            }
        }
        assert_eq!(joined, text);
    }
}
