//! antrag-app: the citizen's Leptos app. It renders a form definition, asks antrag-core for every
//! judgement (visibility, validation, display, payload) and sends the application.
//!
//! No form-specific code lives here: everything comes from the definition loaded at runtime.

mod fields;
mod html;
pub mod i18n;
mod markup;
pub mod net;
mod paths;
mod state;
mod submit;
mod views;

use antrag_core::Locale;
use leptos::prelude::*;

pub use net::{fetch_transport, Body, HttpRequest, HttpResponse, NetError, Transport};
pub use state::Route;

/// How the app is mounted.
pub struct Options {
    pub transport: Transport,
    /// Use the History API (`false` in tests: navigation only changes the route signal).
    pub history: bool,
    /// The path to start at (default: the browser's location).
    pub path: Option<String>,
    /// The language (default: remembered choice, else German).
    pub locale: Option<Locale>,
}

fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".into())
}

fn stored_locale() -> Option<Locale> {
    state::storage()?
        .get_item(state::LOCALE_KEY)
        .ok()
        .flatten()
        .and_then(|c| Locale::from_code(&c))
}

fn app_view(opts: Options) -> impl IntoView {
    let path = opts.path.unwrap_or_else(current_path);
    let app = state::App {
        route: RwSignal::new(Route::parse(&path)),
        locale: RwSignal::new(opts.locale.or_else(stored_locale).unwrap_or_default()),
        transport: StoredValue::new_local(opts.transport),
        history: opts.history,
        today: state::today(),
        config: StoredValue::new(None),
        config_pending: StoredValue::new_local(None),
        pending_focus: StoredValue::new(None),
        announce: RwSignal::new(String::new()),
        drafts_ok: RwSignal::new(state::storage_works()),
        memory_drafts: StoredValue::new(Default::default()),
    };
    if opts.history {
        let handle = window_event_listener(leptos::ev::popstate, move |_| {
            app.route.set(Route::parse(&current_path()));
            app.after_render_focus();
        });
        on_cleanup(move || handle.remove());
    }
    // Links to the app's own pages are followed in the page, without loading it again: one
    // listener for all of them, in the views and in the form's texts alike (a link with a
    // modifier key, a `target` or a `download` is the browser's). `#id` after the path is the
    // element to focus there.
    let clicks = window_event_listener(leptos::ev::click, move |ev| {
        use wasm_bindgen::JsCast;
        if ev.default_prevented()
            || ev.button() != 0
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let Some(a) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href^='/']").ok().flatten())
        else {
            return;
        };
        let href = a.get_attribute("href").unwrap_or_default();
        if a.has_attribute("target")
            || a.has_attribute("download")
            || href.starts_with("//")
            || href.contains('?')
        {
            return;
        }
        let (path, focus) = match href.split_once('#') {
            Some((p, f)) => (p, (!f.is_empty()).then(|| f.to_string())),
            None => (href.as_str(), None),
        };
        let route = Route::parse(path);
        if route != Route::NotFound {
            ev.prevent_default();
            app.navigate(route, focus);
        }
    });
    on_cleanup(move || clicks.remove());
    // The deployment's configuration is needed when a form opens; ask for it right away.
    leptos::task::spawn_local(async move {
        app.config().await;
    });
    views::layout(app)
}

/// Mounts the app into `parent`. Dropping the handle unmounts it.
pub fn mount(
    parent: web_sys::HtmlElement,
    opts: Options,
) -> leptos::mount::UnmountHandle<impl Mountable> {
    leptos::mount::mount_to(parent, move || app_view(opts))
}

/// The browser entry point: panic page, real `fetch`, History API.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        crash_page();
    }));
    on_trap_crash_page();
    let Some(doc) = state::document() else { return };
    // The loading screen of index.html gives way to the app (same header, so nothing jumps).
    if let Some(boot) = doc.get_element_by_id("boot") {
        boot.remove();
    }
    let Some(body) = doc.body() else { return };
    mount(
        body,
        Options {
            transport: fetch_transport(),
            history: true,
            path: None,
            locale: None,
        },
    )
    .forget();
}

/// The release build aborts on a panic without running the hook (`-C panic=immediate-abort`, see
/// `cargo xtask build`): the panic is a wasm trap, which reaches the page as a
/// `WebAssembly.RuntimeError`, from an event handler as an `error` event on the window, from a
/// task as an unhandled rejection. The app cannot go on after it (its state is as the trap left
/// it), so the crash page replaces it, as the hook does in a build with panic messages. Other
/// script errors are left to the browser's console.
fn on_trap_crash_page() {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Some(window) = web_sys::window() else {
        return;
    };
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(|e: web_sys::Event| {
        let is_trap = ["error", "reason"].iter().any(|key| {
            js_sys::Reflect::get(&e, &(*key).into())
                .is_ok_and(|v| v.is_instance_of::<js_sys::WebAssembly::RuntimeError>())
        });
        if is_trap {
            crash_page();
        }
    });
    for kind in ["error", "unhandledrejection"] {
        let _ = window.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
    }
    listener.forget();
}

/// Replaces the page with a recoverable error page, built without the (now broken) app.
fn crash_page() {
    if let Some(body) = state::document().and_then(|d| d.body()) {
        render_crash_page(&body);
    }
}

/// Replaces the content of `body` with the error page shown after a panic, in the remembered
/// language. The reload button is a plain GET form, so it works without any script; the draft in
/// the browser's storage is left alone. Public for the browser tests.
#[doc(hidden)]
pub fn render_crash_page(body: &web_sys::HtmlElement) {
    let Some(doc) = state::document() else { return };
    // The page's language as the app last set it (storage may be blocked), else the stored one.
    let lang = doc
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|c| Locale::from_code(&c));
    let s = i18n::strings(lang.or_else(stored_locale).unwrap_or_default());
    body.set_text_content(None);
    let el = |tag: &str, class: &str, text: &str| {
        let e = doc.create_element(tag).ok()?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        if !text.is_empty() {
            e.set_text_content(Some(text));
        }
        Some(e)
    };
    let build = || -> Option<()> {
        let main = el("main", "main container", "")?;
        let title = if state::draft_written() && state::storage_works() {
            s.crash_title
        } else {
            s.crash_title_unsaved
        };
        let h1 = el("h1", "heading-l", title)?;
        let form = el("form", "", "")?;
        form.set_attribute("method", "get").ok()?;
        let button = el("button", "button", s.crash_reload)?;
        form.append_child(&button).ok()?;
        main.append_child(&h1).ok()?;
        main.append_child(&form).ok()?;
        body.append_child(&main).ok()?;
        Some(())
    };
    let _ = build();
}
