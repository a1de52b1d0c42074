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
    /// Told how far the upload of the body has got (see [`Progress`]).
    pub progress: Option<Progress>,
}

/// Called while a request body is uploaded: bytes sent so far, bytes in all.
pub type Progress = Rc<dyn Fn(f64, f64)>;

impl HttpRequest {
    pub fn get(url: impl Into<String>) -> Self {
        HttpRequest {
            method: "GET".into(),
            url: url.into(),
            headers: Vec::new(),
            body: Body::None,
            timeout_ms: 0,
            progress: None,
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

/// The browser's `fetch`, with an `AbortController` for the timeout; an upload whose progress
/// is asked for goes by `XMLHttpRequest`, the only browser API that reports it.
pub fn fetch_transport() -> Transport {
    Rc::new(|req| match req.progress.is_some() {
        true => Box::pin(xhr(req)),
        false => Box::pin(fetch(req)),
    })
}

async fn xhr(req: HttpRequest) -> Result<HttpResponse, NetError> {
    use wasm_bindgen::closure::Closure;
    let x = web_sys::XmlHttpRequest::new().map_err(|_| NetError::Network)?;
    x.open(&req.method, &req.url)
        .map_err(|_| NetError::Network)?;
    for (k, v) in &req.headers {
        x.set_request_header(k, v).map_err(|_| NetError::Network)?;
    }
    x.set_timeout(req.timeout_ms);
    // The outcome: a response (load), or why none came.
    let (tx, rx) = futures_oneshot();
    let done = |outcome: Option<NetError>| {
        let tx = tx.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(tx) = tx.take() {
                tx(outcome);
            }
        })
    };
    let on_load = done(None);
    let on_error = done(Some(NetError::Network));
    let on_abort = done(Some(NetError::Network));
    let on_timeout = done(Some(NetError::Timeout));
    x.set_onload(Some(on_load.as_ref().unchecked_ref()));
    x.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    x.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
    x.set_ontimeout(Some(on_timeout.as_ref().unchecked_ref()));
    let on_progress = req.progress.clone().map(|p| {
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
            if ev.length_computable() {
                p(ev.loaded(), ev.total());
            }
        })
    });
    if let (Some(cb), Ok(upload)) = (&on_progress, x.upload()) {
        upload.set_onprogress(Some(cb.as_ref().unchecked_ref()));
    }
    let sent = match &req.body {
        Body::None => x.send(),
        Body::Json(s) => x.send_with_opt_str(Some(s)),
        Body::Multipart(fd) => x.send_with_opt_form_data(Some(fd)),
    };
    sent.map_err(|_| NetError::Network)?;
    // Dropped before the end (the future given up), the request is aborted while its handlers
    // still exist, so that none of them is called once they are gone.
    let mut guard = AbortOnDrop(Some(x.clone()));
    let outcome = rx.await;
    guard.0 = None;
    // The handlers live until the request is over.
    drop((on_load, on_error, on_abort, on_timeout, on_progress));
    match outcome {
        Some(e) => Err(e),
        None => Ok(HttpResponse {
            status: x.status().unwrap_or(0),
            body: x.response_text().ok().flatten().unwrap_or_default(),
        }),
    }
}

/// Aborts the request it holds when dropped.
struct AbortOnDrop(Option<web_sys::XmlHttpRequest>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(x) = self.0.take() {
            let _ = x.abort();
        }
    }
}

/// A one-shot channel from a callback to a future: the sender (callable once, cloneable so that
/// each handler holds it) and the value's future.
#[allow(clippy::type_complexity)]
fn futures_oneshot<T: 'static>() -> (
    Rc<std::cell::Cell<Option<Box<dyn FnOnce(T)>>>>,
    impl Future<Output = T>,
) {
    let slot: Rc<std::cell::RefCell<(Option<T>, Option<std::task::Waker>)>> = Rc::default();
    let s2 = slot.clone();
    let send: Box<dyn FnOnce(T)> = Box::new(move |v| {
        let mut st = s2.borrow_mut();
        st.0 = Some(v);
        if let Some(w) = st.1.take() {
            w.wake();
        }
    });
    let tx = Rc::new(std::cell::Cell::new(Some(send)));
    let rx = std::future::poll_fn(move |cx| {
        let mut st = slot.borrow_mut();
        match st.0.take() {
            Some(v) => std::task::Poll::Ready(v),
            None => {
                st.1 = Some(cx.waker().clone());
                std::task::Poll::Pending
            }
        }
    });
    (tx, rx)
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
