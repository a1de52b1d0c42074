//! Escaped HTML text for the static part of a field. A field's markup is built as one string and
//! handed to the browser's parser in one call: on long pages that is several times faster than
//! creating each element, attribute and text node from wasm. Every text from a form definition,
//! a code list or an answer passes through [`esc`]; the only markup added to author text is the
//! safe subset of [`crate::markup`].

use antrag_core::markup::{self, Inline};

/// Appends `s` escaped for use as text and inside a double-quoted attribute value.
pub fn esc(out: &mut String, s: &str) {
    // Copies the runs between the five special bytes in one go (all ASCII, so every cut is on
    // a character boundary); on long pages this runs for every label, hint and option.
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// Appends ` name="value"` (value escaped).
pub fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    esc(out, value);
    out.push('"');
}

/// Appends ` name="value"` when there is a value.
pub fn opt_attr(out: &mut String, name: &str, value: Option<&str>) {
    if let Some(v) = value {
        attr(out, name, v);
    }
}

/// Appends ` name` (a boolean attribute) when `on`.
pub fn flag(out: &mut String, name: &str, on: bool) {
    if on {
        out.push(' ');
        out.push_str(name);
    }
}

/// Appends the inline markup of `src` (strong, emphasis, safe links), everything else escaped.
pub fn inline(out: &mut String, src: &str) {
    nodes(out, markup::inline(src));
}

fn nodes(out: &mut String, list: Vec<Inline>) {
    for node in list {
        match node {
            Inline::Text(t) => esc(out, &t),
            Inline::Strong(t) => {
                out.push_str("<strong>");
                nodes(out, t);
                out.push_str("</strong>");
            }
            Inline::Em(t) => {
                out.push_str("<em>");
                nodes(out, t);
                out.push_str("</em>");
            }
            Inline::Link(t, href) => {
                out.push_str("<a class=\"link\"");
                attr(out, "href", &href);
                out.push('>');
                esc(out, &t);
                out.push_str("</a>");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        let mut s = String::new();
        esc(&mut s, r#"<script>alert("x")</script> & 'y'"#);
        assert_eq!(
            s,
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        // multi-byte characters next to and between the special ones stay whole
        let mut s = String::from("Ä");
        esc(&mut s, "Größe<ß>Maß&\u{1F600}'€");
        assert_eq!(s, "ÄGröße&lt;ß&gt;Maß&amp;\u{1F600}&#39;€");
        let mut s = String::new();
        attr(&mut s, "value", "a\" onfocus=\"x");
        assert_eq!(s, r#" value="a&quot; onfocus=&quot;x""#);
    }

    #[test]
    fn inline_markup_is_the_only_markup() {
        let mut s = String::new();
        inline(
            &mut s,
            "**fett** <b>nein</b> [Hilfe](https://example.org/?a=1&b=\"2\") [x](javascript:alert(1))",
        );
        assert_eq!(
            s,
            "<strong>fett</strong> &lt;b&gt;nein&lt;/b&gt; [Hilfe](https://example.org/?a=1&amp;b=&quot;2&quot;) \
             [x](javascript:alert(1))"
        );
        let mut s = String::new();
        inline(&mut s, "[Hilfe](https://example.org/?a=1&b=2)");
        assert_eq!(
            s,
            r#"<a class="link" href="https://example.org/?a=1&amp;b=2">Hilfe</a>"#
        );
    }
}
