//! The safe markup subset of form texts: `**strong**`, `*emphasis*`, `[text](https://…)`, lines
//! starting with `- ` form a list, blank lines separate paragraphs. Rendered by building elements
//! here, or as escaped HTML in [`crate::html::inline`]; either way no author text can inject
//! markup.

use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;

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

fn safe_href(href: &str) -> bool {
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
        } else if let Some(r) = rest.strip_prefix('[') {
            if let Some(mid) = r.find("](") {
                let after = &r[mid + 2..];
                if let Some(end) = after.find(')') {
                    let href = &after[..end];
                    if mid > 0 && safe_href(href) {
                        matched = Some((
                            Inline::Link(r[..mid].to_string(), href.to_string()),
                            1 + mid + 2 + end + 1,
                        ));
                    }
                }
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
fn closer(content: &str, n: usize) -> Option<usize> {
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

fn render_inline(nodes: Vec<Inline>) -> AnyView {
    nodes
        .into_iter()
        .map(|n| match n {
            Inline::Text(t) => EitherOf4::A(t),
            Inline::Strong(t) => EitherOf4::B(view! { <strong>{render_inline(t)}</strong> }),
            Inline::Em(t) => EitherOf4::C(view! { <em>{render_inline(t)}</em> }),
            Inline::Link(t, href) => EitherOf4::D(view! { <a href=href class="link">{t}</a> }),
        })
        .collect_view()
        .into_any()
}

/// Paragraphs and lists of `src`.
pub fn blocks(src: &str) -> impl IntoView {
    parse(src)
        .into_iter()
        .map(|b| match b {
            Block::Para(i) => Either::Left(view! { <p class="body">{render_inline(i)}</p> }),
            Block::List(items) => Either::Right(view! {
                <ul class="list">
                    {items.into_iter().map(|i| view! { <li>{render_inline(i)}</li> }).collect_view()}
                </ul>
            }),
        })
        .collect_view()
}

/// Inline markup only (for hints and labels of options).
pub fn inline_view(src: &str) -> impl IntoView {
    render_inline(inline(src))
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
