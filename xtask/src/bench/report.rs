//! The results: one row per figure, one cell per runtime; printed as a table with ratios to
//! Node.js, and written as JSON.

use super::procs::Outcome;

pub enum Cell {
    /// A figure, and a remark about how it was obtained (shown as a footnote).
    Value(f64, Option<String>),
    /// A count or text with no ratio (wrk errors).
    Text(String),
    Missing(Outcome),
}

pub struct Row {
    /// Stable key for the JSON file.
    pub key: String,
    pub label: String,
    pub unit: &'static str,
    pub higher_is_better: bool,
    /// One per runtime, in the runtimes' order.
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn value(&self, runtime: usize) -> Option<f64> {
        match self.cells.get(runtime) {
            Some(Cell::Value(v, _)) => Some(*v),
            _ => None,
        }
    }
}

pub fn format_value(v: f64) -> String {
    let a = v.abs();
    if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// Prints the table; `node` is the index of the reference column.
pub fn print_table(labels: &[String], node: usize, rows: &[Row]) -> String {
    let mut notes: Vec<String> = Vec::new();
    let mut grid: Vec<Vec<String>> = Vec::new();
    let mut head = vec!["scenario".to_string(), "unit".to_string()];
    head.extend(labels.iter().cloned());
    grid.push(head);
    for row in rows {
        let mut line = vec![row.label.clone(), row.unit.to_string()];
        for (i, cell) in row.cells.iter().enumerate() {
            // One footnote per runtime and text, however many rows it explains.
            let mut mark = |text: String| {
                let note = format!("{}: {text}", labels[i]);
                let n = match notes.iter().position(|n| *n == note) {
                    Some(at) => at + 1,
                    None => {
                        notes.push(note);
                        notes.len()
                    }
                };
                format!("[{n}]")
            };
            let text = match cell {
                Cell::Value(v, note) => {
                    let mut t = format_value(*v);
                    if i != node {
                        if let Some(base) = row.value(node).filter(|b| *b != 0.0) {
                            t.push_str(&format!(" ({:.2}x)", v / base));
                        }
                    }
                    if let Some(n) = note {
                        t.push(' ');
                        t.push_str(&mark(format!("{}: {n}", row.label.trim())));
                    }
                    t
                }
                Cell::Text(t) => t.clone(),
                Cell::Missing(Outcome::Na(why)) => format!("n/a {}", mark(format!("n/a ({why})"))),
                Cell::Missing(Outcome::Failed(why)) => {
                    format!("failed {}", mark(format!("failed ({why})")))
                }
            };
            line.push(text);
        }
        grid.push(line);
    }
    let columns = grid[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| grid.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for (r, line) in grid.iter().enumerate() {
        let mut text = String::new();
        for (c, cell) in line.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            if c < 2 {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            } else {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            }
            text.push_str("  ");
        }
        out.push_str(text.trim_end());
        out.push('\n');
        if r == 0 {
            let total: usize = widths.iter().sum::<usize>() + 2 * (columns - 1);
            out.push_str(&"-".repeat(total));
            out.push('\n');
        }
    }
    if !notes.is_empty() {
        out.push('\n');
        for (i, n) in notes.iter().enumerate() {
            out.push_str(&format!("[{}] {n}\n", i + 1));
        }
    }
    out
}

/// A JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn json_number(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "null".into()
    }
}

/// The rows as a JSON array: per runtime key, `{"value": n}` or `{"n/a"|"failed": reason}`.
pub fn rows_json(keys: &[&str], node: usize, rows: &[Row]) -> String {
    let mut out = String::from("[\n");
    for (r, row) in rows.iter().enumerate() {
        out.push_str(&format!(
            "    {{\"key\": {}, \"label\": {}, \"unit\": {}, \"higher_is_better\": {}, \"runtimes\": {{",
            json_string(&row.key),
            json_string(&row.label),
            json_string(row.unit),
            row.higher_is_better
        ));
        for (i, cell) in row.cells.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let body = match cell {
                Cell::Value(v, note) => {
                    let mut b = format!("\"value\": {}", json_number(*v));
                    if let Some(base) = row.value(node).filter(|b| *b != 0.0) {
                        b.push_str(&format!(", \"ratio_to_node\": {}", json_number(v / base)));
                    }
                    if let Some(n) = note {
                        b.push_str(&format!(", \"note\": {}", json_string(n)));
                    }
                    b
                }
                Cell::Text(t) => format!("\"text\": {}", json_string(t)),
                Cell::Missing(Outcome::Na(why)) => format!("\"n/a\": {}", json_string(why)),
                Cell::Missing(Outcome::Failed(why)) => format!("\"failed\": {}", json_string(why)),
            };
            out.push_str(&format!("{}: {{{body}}}", json_string(keys[i])));
        }
        out.push_str("}}");
        out.push_str(if r + 1 < rows.len() { ",\n" } else { "\n" });
    }
    out.push_str("  ]");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_shows_ratios_and_footnotes() {
        let rows = vec![Row {
            key: "k".into(),
            label: "start-up".into(),
            unit: "ms",
            higher_is_better: false,
            cells: vec![
                Cell::Value(40.0, None),
                Cell::Value(20.0, None),
                Cell::Missing(Outcome::Na("no http".into())),
            ],
        }];
        let labels = vec!["node".to_string(), "edge-host".into(), "native".into()];
        let text = print_table(&labels, 0, &rows);
        assert!(text.contains("20.0 (0.50x)"), "{text}");
        assert!(text.contains("n/a [1]"), "{text}");
        assert!(text.contains("[1] native: n/a (no http)"), "{text}");
        let json = rows_json(&["node", "edge_host", "native"], 0, &rows);
        assert!(
            json.contains("\"edge_host\": {\"value\": 20, \"ratio_to_node\": 0.5}"),
            "{json}"
        );
        assert!(
            json.contains("\"native\": {\"n/a\": \"no http\"}"),
            "{json}"
        );
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a\"b\\c\n\u{1}"), "\"a\\\"b\\\\c\\n\\u0001\"");
        assert_eq!(json_number(f64::NAN), "null");
    }
}
