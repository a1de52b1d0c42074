//! The safe markup subset of form texts: `**strong**`, `*emphasis*`, `[text](https://…)`, lines
//! starting with `- ` form a list, blank lines separate paragraphs. Rendered by building elements
//! here, or as escaped HTML in [`crate::html::inline`]; either way no author text can inject
//! markup.

use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;

#[derive(Debug, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(String),
    Em(String),
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
pub fn inline(src: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = src;
    while let Some(c) = rest.chars().next() {
        let mut matched = None;
        if let Some(r) = rest.strip_prefix("**") {
            if let Some(end) = r.find("**").filter(|&e| e > 0) {
                matched = Some((Inline::Strong(r[..end].to_string()), 2 + end + 2));
            }
        } else if let Some(r) = rest.strip_prefix('*') {
            if let Some(end) = r.find('*').filter(|&e| e > 0) {
                matched = Some((Inline::Em(r[..end].to_string()), 1 + end + 1));
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

fn render_inline(nodes: Vec<Inline>) -> impl IntoView {
    nodes
        .into_iter()
        .map(|n| match n {
            Inline::Text(t) => EitherOf4::A(t),
            Inline::Strong(t) => EitherOf4::B(view! { <strong>{t}</strong> }),
            Inline::Em(t) => EitherOf4::C(view! { <em>{t}</em> }),
            Inline::Link(t, href) => EitherOf4::D(view! { <a href=href class="link">{t}</a> }),
        })
        .collect_view()
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
                    Inline::Strong("fett".into()),
                    Inline::Text(" und ".into()),
                    Inline::Em("kursiv".into()),
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
}
