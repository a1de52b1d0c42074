//! Renders the safe markup of form texts (core's [`antrag_core::markup`]) as elements, or as
//! escaped HTML in [`crate::html::inline`]; either way no author text can inject markup.

use antrag_core::markup::{inline, parse, Block, Inline};
use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;

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
