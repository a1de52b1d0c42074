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
    (href.starts_with("https://") || href.starts_with("mailto:")) && !has_bad_href_char(href)
}

/// Whether `href` holds a character no link address may: a space, a line break, `"` or `<`.
pub fn has_bad_href_char(href: &str) -> bool {
    href.chars()
        .any(|c| c.is_whitespace() || c == '"' || c == '<')
}

/// Parses the inline markup of one paragraph or list item. Unclosed markers stay literal text.
///
/// Emphasis follows CommonMark's flanking rule, simplified: a `*` or `**` opens only before a
/// non-space (so `5 * 3` is arithmetic), closes only after one, and the closer is the end of a
/// run of asterisks (`***x***` is strong emphasis of emphasis). Unlike CommonMark, asterisks
/// inside a word neither open nor close (as CommonMark has it for `_`): German texts write
/// `Antragsteller*innen`, and `Schüler*innen und Lehrer*innen` is no emphasis. Strong text may hold emphasis and
/// links, emphasis may hold strong text and links.
pub fn inline(src: &str) -> Vec<Inline> {
    inline_at(src, 0)
}

/// Emphasis nests at most this deep; deeper asterisks stay text (no text needs more, and a
/// hostile one must not exhaust the stack).
const MAX_NESTING: usize = 4;

/// The runs of asterisks of a text, to find each opener's closer without scanning the rest of
/// the text again (a text full of asterisks would take quadratic time).
struct Runs {
    /// Start and end (byte offsets) of every maximal run of `*`.
    runs: Vec<(usize, usize)>,
    /// For `n` = 1 and 2 asterisks: from each run on, the first that can close (`None`: none).
    next: [Vec<Option<usize>>; 2],
}

impl Runs {
    fn of(src: &str) -> Runs {
        let b = src.as_bytes();
        let mut runs = Vec::new();
        let mut closes = [Vec::new(), Vec::new()];
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
            // A closer follows a non-space and is not followed by a letter or digit (inside a
            // word); a run of 1 or 3+ ends emphasis, 2+ strong.
            let after_text = start > 0
                && !src[..start].ends_with(char::is_whitespace)
                && !src[i..].starts_with(char::is_alphanumeric);
            let run = i - start;
            closes[0].push(after_text && run != 2);
            closes[1].push(after_text && run >= 2);
            runs.push((start, i));
        }
        let next = closes.map(|c| {
            let mut next = vec![None; c.len() + 1];
            for k in (0..c.len()).rev() {
                next[k] = if c[k] { Some(k) } else { next[k + 1] };
            }
            next
        });
        Runs { runs, next }
    }

    /// [`closer`] for the content starting at byte `from` after an opener of `n` asterisks,
    /// as an offset from `from` (the runs before and at `from` do not count).
    fn closer(&self, src: &str, from: usize, n: usize) -> Option<usize> {
        if src[from..].chars().next().is_none_or(char::is_whitespace) {
            return None;
        }
        let k = self.runs.partition_point(|r| r.0 <= from);
        let j = self.next[n - 1][k]?;
        Some(self.runs[j].1 - n - from)
    }
}

fn inline_at(src: &str, depth: usize) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = src;
    let runs = Runs::of(src);
    while let Some(c) = rest.chars().next() {
        let mut matched = None;
        let delim = if rest.starts_with("**") { "**" } else { "*" };
        // Not inside a word (see [`inline`]): the whole run of asterisks stays text.
        if c == '*' && src[..src.len() - rest.len()].ends_with(char::is_alphanumeric) {
            let run = rest.len() - rest.trim_start_matches('*').len();
            text.push_str(&rest[..run]);
            rest = &rest[run..];
            continue;
        }
        if c == '*' && depth < MAX_NESTING {
            let from = src.len() - rest.len() + delim.len();
            if let Some(end) = runs.closer(src, from, delim.len()) {
                let inner = inline_at(&rest[delim.len()..delim.len() + end], depth + 1);
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
    Runs::of(content).closer(content, 0, n)
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

    #[test]
    fn asterisks_cannot_exhaust_the_stack_or_the_clock() {
        // Runs of asterisks thousands deep do not recurse thousands deep …
        let deep = format!("{}x{}", "*".repeat(10_000), "*".repeat(10_000));
        assert!(!inline(&deep).is_empty());
        let nested = format!("{}x{}", "*a ".repeat(5_000), " a*".repeat(5_000));
        assert!(!inline(&nested).is_empty());
        // … and a text full of openers is read once (quadratic, this took seconds; a number for
        // a benchmark, not an assertion: here it only has to finish).
        let openers = "*a ".repeat(100_000);
        assert_eq!(inline(&openers).len(), 1);
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
        // Asterisks inside words are the gender star, not emphasis.
        assert_eq!(
            inline("Schüler*innen und Lehrer*innen"),
            [t("Schüler*innen und Lehrer*innen")]
        );
        assert_eq!(
            inline("*Antragsteller*innen* und Kita*"),
            [Inline::Em(vec![t("Antragsteller*innen")]), t(" und Kita*")]
        );
        assert_eq!(
            inline("Alle Bürger*innen, **bitte** lesen."),
            [
                t("Alle Bürger*innen, "),
                Inline::Strong(vec![t("bitte")]),
                t(" lesen.")
            ]
        );
        assert_eq!(
            inline("Bürger**innen** *wichtig*"),
            [t("Bürger**innen** "), Inline::Em(vec![t("wichtig")])]
        );
        assert_eq!(
            inline("**Hinweis:** *kursiv*."),
            [
                Inline::Strong(vec![t("Hinweis:")]),
                t(" "),
                Inline::Em(vec![t("kursiv")]),
                t(".")
            ]
        );
    }
}
