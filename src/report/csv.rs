//! CSV files for the street office's spreadsheets. Excel on Chinese Windows
//! reads a CSV as GBK unless it starts with a UTF-8 byte-order mark, and
//! expects CRLF line ends; the `csv` crate does the quoting.

/// UTF-8 with a BOM, CRLF line ends, every field quoted only when needed.
pub(crate) fn to_bytes<R: AsRef<[String]>>(header: &[&str], rows: &[R]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        // Writing into a Vec cannot fail; a field count mismatch is a bug the tests catch.
        let _ = w.write_record(header);
        for r in rows {
            let _ = w.write_record(r.as_ref());
        }
        let _ = w.flush();
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn bom_crlf_and_quoting() {
        let rows = vec![vec!["和平里".to_string(), "a,\"b\"".to_string()]];
        let bytes = super::to_bytes(&["社区", "备注"], &rows);
        assert_eq!(bytes, "\u{feff}社区,备注\r\n和平里,\"a,\"\"b\"\"\"\r\n".as_bytes());
    }
}
