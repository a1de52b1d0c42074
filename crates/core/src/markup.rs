//! The safe markup subset of form texts: `**strong**`, `*emphasis*`, `[text](https://…)`, lines
//! starting with `- ` form a list, blank lines separate paragraphs. Parsed here into a tree that
//! the app renders (building elements or escaped HTML, so no author text can inject markup) and
//! that the checks for authors read, to warn where a text will not look as its author meant.

/// A `[text](target)` as written in a text, whether or not it becomes a link.
#[derive(Debug, PartialEq)]
pub struct LinkLike<'a> {
    /// From `[` to the closing `)`.
    pub whole: &'a str,
    pub text: &'a str,
    pub target: &'a str,
}

/// The `[text](target)` that `s` starts with, if any. The text holds no brackets (in
/// `[a] und [Hilfe](…)` the link starts at the second `[`); the target runs to the `)` that
/// balances its parentheses (`https://de.wikipedia.org/wiki/Gewerbe_(Wirtschaft)`). Both stop
/// at the next `[`, so looking at every `[` of a text takes time in proportion to its length.
pub fn link_at(s: &str) -> Option<LinkLike<'_>> {
    let b = s.as_bytes();
    if b.first() != Some(&b'[') {
        return None;
    }
    // All delimiters are ASCII: every index below is a character boundary.
    let close = 1 + b[1..].iter().position(|&c| c == b'[' || c == b']')?;
    if b[close] != b']' || b.get(close + 1) != Some(&b'(') {
        return None;
    }
    let start = close + 2;
    let mut depth = 0usize;
    for (i, &c) in b.iter().enumerate().skip(start) {
        match c {
            b'[' | b'\n' => return None,
            b'(' => depth += 1,
            b')' if depth == 0 => {
                return Some(LinkLike {
                    whole: &s[..=i],
                    text: &s[1..close],
                    target: &s[start..i],
                })
            }
            b')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Every `[text](target)` written in `s`, links or not.
pub fn links(s: &str) -> Vec<LinkLike<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(k) = s[i..].find('[') {
        let at = i + k;
        match link_at(&s[at..]) {
            Some(l) => {
                i = at + l.whole.len();
                out.push(l);
            }
            None => i = at + 1,
        }
    }
    out
}

#[derive(Debug, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Em(Vec<Inline>),
    Link(String, String),
}

#[derive(Debug, PartialEq)]
pub enum Block {
    Para(Vec<Inline>),
    List(Vec<Vec<Inline>>),
}

/// Splits `src` into paragraphs and lists.
pub fn parse(src: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list: Vec<Vec<Inline>> = Vec::new();
    let flush_para = |para: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !para.is_empty() {
            blocks.push(Block::Para(inline(&para.join(" "))));
            para.clear();
        }
    };
    let flush_list = |list: &mut Vec<Vec<Inline>>, blocks: &mut Vec<Block>| {
        if !list.is_empty() {
            blocks.push(Block::List(std::mem::take(list)));
        }
    };
    for line in src.lines() {
        let t = line.trim();
        if t.is_empty() {
            flush_para(&mut para, &mut blocks);
            flush_list(&mut list, &mut blocks);
        } else if let Some(item) = t.strip_prefix("- ") {
            flush_para(&mut para, &mut blocks);
            list.push(inline(item.trim()));
        } else {
            flush_list(&mut list, &mut blocks);
            para.push(t);
        }
    }
    flush_para(&mut para, &mut blocks);
    flush_list(&mut list, &mut blocks);
    blocks
}

/// Whether `href` becomes a link: an `https://` or `mailto:` address without spaces, quotes or
/// `<`. Anything else stays text as written.
pub fn safe_href(href: &str) -> bool {
    (href.starts_with("https://") || href.starts_with("mailto:"))
        && !href
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<')
}

/// Parses the inline markup of one paragraph or list item. Unclosed markers stay literal text.
///
/// Emphasis follows CommonMark's flanking rule, simplified: a `*` or `**` opens only before a
/// non-space (so `5 * 3` is arithmetic), closes only after one, and the closer is the end of a
/// run of asterisks (`***x***` is strong emphasis of emphasis). Strong text may hold emphasis and
/// links, emphasis may hold strong text and links.
pub fn inline(src: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = src;
    while let Some(c) = rest.chars().next() {
        let mut matched = None;
        let delim = if rest.starts_with("**") { "**" } else { "*" };
        if c == '*' {
            if let Some(end) = closer(&rest[delim.len()..], delim.len()) {
                let inner = inline(&rest[delim.len()..delim.len() + end]);
                let node = if delim == "**" {
                    Inline::Strong(inner)
                } else {
                    Inline::Em(inner)
                };
                matched = Some((node, delim.len() * 2 + end));
            }
        } else if c == '[' {
            if let Some(l) = link_at(rest).filter(|l| !l.text.is_empty() && safe_href(l.target)) {
                matched = Some((
                    Inline::Link(l.text.to_string(), l.target.to_string()),
                    l.whole.len(),
                ));
            }
        }
        match matched {
            Some((node, len)) => {
                if !text.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut text)));
                }
                out.push(node);
                rest = &rest[len..];
            }
            None => {
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !text.is_empty() {
        out.push(Inline::Text(text));
    }
    out
}

/// Where the content after an opening delimiter of `n` asterisks ends: the start of its closer,
/// if it has one. The content must not start with a space; a closer is the end of a run of
/// asterisks after a non-space (a run of 1 or 3+ for emphasis, 2+ for strong).
pub fn closer(content: &str, n: usize) -> Option<usize> {
    if content.chars().next().is_none_or(char::is_whitespace) {
        return None;
    }
    let b = content.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'*' {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i] == b'*' {
            i += 1;
        }
        let run = i - start;
        let after_text = start > 0 && !content[..start].ends_with(char::is_whitespace);
        let fits = if n == 2 { run >= 2 } else { run != 2 };
        if after_text && fits {
            return Some(i - n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_subset() {
        let b = parse("Hallo **fett** und *kursiv* [Link](https://a.de).\n\n- eins\n- zwei");
        assert_eq!(
            b,
            vec![
                Block::Para(vec![
                    Inline::Text("Hallo ".into()),
                    Inline::Strong(vec![Inline::Text("fett".into())]),
                    Inline::Text(" und ".into()),
                    Inline::Em(vec![Inline::Text("kursiv".into())]),
                    Inline::Text(" ".into()),
                    Inline::Link("Link".into(), "https://a.de".into()),
                    Inline::Text(".".into()),
                ]),
                Block::List(vec![
                    vec![Inline::Text("eins".into())],
                    vec![Inline::Text("zwei".into())]
                ]),
            ]
        );
        assert_eq!(
            inline("[x](javascript:alert(1)) 2 * 3"),
            vec![Inline::Text("[x](javascript:alert(1)) 2 * 3".into())]
        );
    }

    #[test]
    fn links_take_balanced_parentheses_and_start_at_the_last_bracket() {
        assert_eq!(
            inline("Siehe [Gewerbe](https://de.wikipedia.org/wiki/Gewerbe_(Wirtschaft)))."),
            [
                t("Siehe "),
                Inline::Link(
                    "Gewerbe".into(),
                    "https://de.wikipedia.org/wiki/Gewerbe_(Wirtschaft)".into()
                ),
                t(")."),
            ]
        );
        assert_eq!(
            inline("[a] und [Hilfe](https://x.de)"),
            [
                t("[a] und "),
                Inline::Link("Hilfe".into(), "https://x.de".into())
            ]
        );
        assert_eq!(inline("[](https://x.de)"), [t("[](https://x.de)")]);
        assert_eq!(inline("[a](https://x.de"), [t("[a](https://x.de")]);
        let all: Vec<&str> = links("[a](/x) [b] [c](https://y.de/(1)) [d](e")
            .iter()
            .map(|l| l.whole)
            .collect();
        assert_eq!(all, ["[a](/x)", "[c](https://y.de/(1))"]);
        // Hostile input stays fast: every `[` opens a scan that stops at the next one.
        let many = "[a](".repeat(100_000);
        assert!(links(&many).is_empty());
        assert_eq!(inline(&many).len(), 1);
    }

    fn t(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn asterisks_follow_the_flanking_rule() {
        // Arithmetic is not emphasis.
        assert_eq!(
            inline("Preis: 5 * 3 = 15 und 2*4"),
            [t("Preis: 5 * 3 = 15 und 2*4")]
        );
        assert_eq!(inline("a * b *"), [t("a * b *")]);
        assert_eq!(inline("*a *"), [t("*a *")]);
        // Nesting, and runs of three.
        assert_eq!(
            inline("**fett mit *kursiv* darin**"),
            [Inline::Strong(vec![
                t("fett mit "),
                Inline::Em(vec![t("kursiv")]),
                t(" darin")
            ])]
        );
        assert_eq!(
            inline("***x***"),
            [Inline::Strong(vec![Inline::Em(vec![t("x")])])]
        );
        assert_eq!(
            inline("*a **b** c*"),
            [Inline::Em(vec![
                t("a "),
                Inline::Strong(vec![t("b")]),
                t(" c")
            ])]
        );
        assert_eq!(
            inline("**[Link](https://a.de)**"),
            [Inline::Strong(vec![Inline::Link(
                "Link".into(),
                "https://a.de".into()
            )])]
        );
        // Unclosed stays literal.
        assert_eq!(inline("**offen"), [t("**offen")]);
    }
}
