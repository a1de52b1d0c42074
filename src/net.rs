//! HTTP, injectable: the app talks to the network only through a [`Transport`], so browser tests
//! can simulate servers (201, 422, 5xx, network failure) without one.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A request body.
pub enum Body {
    None,
    Json(String),
    Multipart(web_sys::FormData),
}

/// A request the app makes.
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    /// Give up after this many milliseconds (0: no limit).
    pub timeout_ms: u32,
}

impl HttpRequest {
    pub fn get(url: impl Into<String>) -> Self {
        HttpRequest {
            method: "GET".into(),
            url: url.into(),
            headers: Vec::new(),
            body: Body::None,
            timeout_ms: 0,
        }
    }
}

/// A response: status and body text.
#[derive(Clone, Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
}

/// Why no response arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetError {
    Network,
    Timeout,
}

pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// Sends a request. The default is [`fetch_transport`].
pub type Transport = Rc<dyn Fn(HttpRequest) -> BoxFuture<Result<HttpResponse, NetError>>>;

/// The browser's `fetch`, with an `AbortController` for the timeout.
pub fn fetch_transport() -> Transport {
    Rc::new(|req| Box::pin(fetch(req)))
}

async fn fetch(req: HttpRequest) -> Result<HttpResponse, NetError> {
    let window = web_sys::window().ok_or(NetError::Network)?;
    let init = web_sys::RequestInit::new();
    init.set_method(&req.method);
    init.set_cache(web_sys::RequestCache::NoCache);
    let headers = web_sys::Headers::new().map_err(|_| NetError::Network)?;
    for (k, v) in &req.headers {
        headers.append(k, v).map_err(|_| NetError::Network)?;
    }
    init.set_headers(&headers);
    match &req.body {
        Body::None => {}
        Body::Json(s) => init.set_body(&s.into()),
        Body::Multipart(fd) => init.set_body(fd),
    }
    let timed_out = Rc::new(std::cell::Cell::new(false));
    let controller = web_sys::AbortController::new().ok();
    let timer = match (&controller, req.timeout_ms) {
        (Some(c), ms) if ms > 0 => {
            init.set_signal(Some(&c.signal()));
            let c = c.clone();
            let flag = timed_out.clone();
            leptos::prelude::set_timeout_with_handle(
                move || {
                    flag.set(true);
                    c.abort();
                },
                std::time::Duration::from_millis(ms as u64),
            )
            .ok()
        }
        _ => None,
    };
    let fail = |_| {
        if timed_out.get() {
            NetError::Timeout
        } else {
            NetError::Network
        }
    };
    let result = async {
        let resp = JsFuture::from(window.fetch_with_str_and_init(&req.url, &init))
            .await
            .map_err(fail)?;
        let resp: web_sys::Response = resp.dyn_into().map_err(fail)?;
        let text = JsFuture::from(resp.text().map_err(fail)?)
            .await
            .map_err(fail)?;
        Ok(HttpResponse {
            status: resp.status(),
            body: text.as_string().unwrap_or_default(),
        })
    }
    .await;
    if let Some(t) = timer {
        t.clear();
    }
    result
}

/// Runs `futures` concurrently and returns their outputs in order (a small `join_all`: the
/// `futures` crate's costs kilobytes in the bundle).
pub async fn join_all<T>(futures: Vec<Pin<Box<dyn Future<Output = T> + '_>>>) -> Vec<T> {
    let mut futures = futures;
    let mut outputs: Vec<Option<T>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(move |cx| {
        let mut pending = false;
        for (f, out) in futures.iter_mut().zip(outputs.iter_mut()) {
            if out.is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => *out = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(outputs.iter_mut().filter_map(Option::take).collect())
        }
    })
    .await
}
