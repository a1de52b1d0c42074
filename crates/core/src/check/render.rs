//! rustc-style rendering of diagnostics.

use crate::{Diagnostic, Severity};
use std::fmt::Write;

/// Renders diagnostics like compiler errors, without colour, with a final summary line:
///
/// ```text
/// error[unknown-key]: unknown key `lable`
///   --> forms/kita.json:12:9
///    |
/// 12 |         "lable": "Name",
///    |         ^^^^^^^
///    = hint: did you mean `label`?
///
/// 1 error
/// ```
pub fn render(file_name: &str, src: &str, diags: &[Diagnostic]) -> String {
    render_impl(file_name, src, diags, false)
}

/// [`render`] with ANSI colours (for terminals).
pub fn render_color(file_name: &str, src: &str, diags: &[Diagnostic]) -> String {
    render_impl(file_name, src, diags, true)
}

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn render_impl(file_name: &str, src: &str, diags: &[Diagnostic], color: bool) -> String {
    let st = Style { on: color };
    let lines: Vec<&str> = src.split('\n').collect();
    let mut out = String::new();
    for d in diags {
        let (label, paint) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let _ = writeln!(
            out,
            "{}{}",
            st.paint(paint, &format!("{label}[{}]", d.code)),
            st.paint("1", &format!(": {}", d.message))
        );
        let line_text = (d.line > 0)
            .then(|| lines.get(d.line as usize - 1))
            .flatten()
            .map(|l| l.strip_suffix('\r').unwrap_or(l));
        let width = if line_text.is_some() {
            d.line.to_string().len()
        } else {
            1
        };
        let pad = " ".repeat(width);
        let blue = |s: &str| st.paint("1;34", s);
        if d.line > 0 {
            let _ = writeln!(
                out,
                "{pad}{} {file_name}:{}:{}",
                blue("-->"),
                d.line,
                d.column
            );
        } else {
            let _ = writeln!(out, "{pad}{} {file_name}", blue("-->"));
        }
        if let Some(text) = line_text {
            let col = (d.column as usize).max(1) - 1;
            let (shown, caret_at, caret_len) = layout(text, col);
            let _ = writeln!(out, "{pad} {}", blue("|"));
            let _ = writeln!(out, "{} {} {}", blue(&d.line.to_string()), blue("|"), shown);
            let _ = writeln!(
                out,
                "{pad} {} {}{}",
                blue("|"),
                " ".repeat(caret_at),
                st.paint(paint, &"^".repeat(caret_len))
            );
        }
        if let Some(h) = &d.hint {
            let _ = writeln!(out, "{pad} {} {h}", blue("= hint:"));
        }
        out.push('\n');
    }
    out.push_str(&summary(diags));
    out.push('\n');
    out
}

/// The summary line: "2 errors, 1 warning".
pub(crate) fn summary(diags: &[Diagnostic]) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "no problems found".to_string(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// The line as shown (tabs expanded, very long lines cut around the column), the caret's
/// display column and its length (the token at the column: a string literal, a word, or 1).
fn layout(text: &str, col: usize) -> (String, usize, usize) {
    const MAX: usize = 120;
    let chars: Vec<char> = text.chars().collect();
    let col = col.min(chars.len());
    let len = token_len(&chars[col..]).max(1);
    // window of at most MAX chars around the column
    let (from, prefix) = if col > MAX / 2 && chars.len() > MAX {
        (col - MAX / 2, "…")
    } else {
        (0, "")
    };
    let to = (from + MAX).min(chars.len());
    let suffix = if to < chars.len() { "…" } else { "" };
    let mut shown = String::from(prefix);
    let mut caret_at = prefix.chars().count();
    for (i, &c) in chars[from..to].iter().enumerate() {
        let w = if c == '\t' { 4 } else { 1 };
        if from + i < col {
            caret_at += w;
        }
        if c == '\t' {
            shown.push_str("    ");
        } else if c.is_control() {
            shown.push('\u{fffd}');
        } else {
            shown.push(c);
        }
    }
    shown.push_str(suffix);
    let caret_len = len.min(to.saturating_sub(col).max(1));
    (shown.trim_end().to_string(), caret_at, caret_len)
}

/// Length in chars of the token starting at `rest[0]`.
fn token_len(rest: &[char]) -> usize {
    match rest.first() {
        None => 1,
        Some(&q @ ('"' | '\'')) => {
            let mut i = 1;
            while i < rest.len() {
                match rest[i] {
                    '\\' => i += 2,
                    c if c == q => return i + 1,
                    _ => i += 1,
                }
            }
            rest.len()
        }
        Some(c) if is_word(*c) => rest.iter().take_while(|c| is_word(**c)).count(),
        Some(_) => 1,
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '+' | '$')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_tabs_and_tokens() {
        assert_eq!(layout("\t\"ab\": 1", 1), ("    \"ab\": 1".into(), 4, 4));
        assert_eq!(layout("x > 12.5", 4), ("x > 12.5".into(), 4, 4));
        assert_eq!(layout("{", 0), ("{".into(), 0, 1));
        assert_eq!(layout("", 5), (String::new(), 0, 1));
    }

    #[test]
    fn summaries() {
        assert_eq!(summary(&[]), "no problems found");
    }
}
