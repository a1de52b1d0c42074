//! Browser tests of the citizen's app (wasm-bindgen-test in headless Chromium). The app is mounted
//! into the test page with an in-memory transport that serves inline form definitions and plays
//! the submission server (201, 422, 5xx, network down).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use antrag_app::{Body, HttpRequest, HttpResponse, NetError, Options, Transport};
use antrag_core::Locale;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn test_form() -> Value {
    json!({
        "id": "t", "version": "1.0.0",
        "title": {"de": "Testantrag", "en": "Test application"},
        "submit": {"url": "/api/forms/t/submissions", "encoding": "multipart"},
        "confirmation": "Wir melden uns.",
        "pages": [
            {"id": "alles", "title": "Alle Felder", "items": [
                {"type": "info", "text": "Bitte **genau** lesen: [Hilfe](https://example.org/hilfe)\n\n- eins\n- <script>zwei</script>"},
                {"type": "heading", "text": "Person"},
                {"type": "text", "id": "name", "label": "Name", "required": true, "autocomplete": "name"},
                {"type": "textarea", "id": "notiz", "label": "Notiz", "rows": 3},
                {"type": "email", "id": "email", "label": "E-Mail"},
                {"type": "phone", "id": "tel", "label": "Telefon"},
                {"type": "integer", "id": "stunden", "label": "Stunden", "unit": "Stunden"},
                {"type": "decimal", "id": "flaeche", "label": "Fläche", "unit": "m²"},
                {"type": "money", "id": "betrag", "label": "Betrag"},
                {"type": "date", "id": "beginn", "label": "Beginn"},
                {"type": "postcode", "id": "plz", "label": "PLZ"},
                {"type": "iban", "id": "iban", "label": "IBAN"},
                {"type": "yesNo", "id": "kinder", "label": "Haben Sie Kinder?"},
                {"type": "integer", "id": "anzahl", "label": "Anzahl Kinder", "visibleIf": "kinder == true"},
                {"type": "choice", "id": "farbe", "label": "Farbe", "options": [
                    {"value": "rot", "label": "Rot"}, {"value": "blau", "label": "Blau", "hint": "Wie der Himmel"}]},
                {"type": "choice", "id": "land", "label": "Land", "display": "select", "options": [
                    {"value": "de", "label": "Deutschland"}, {"value": "at", "label": "Österreich"}]},
                {"type": "multiChoice", "id": "tage", "label": "Tage", "options": [
                    {"value": "mo", "label": "Montag"}, {"value": "di", "label": "Dienstag"}]},
                {"type": "file", "id": "nachweis", "label": "Nachweis", "accept": ["application/pdf"]},
                {"type": "computed", "id": "summe", "label": "Summe", "expr": "1 + 2",
                    "hint": "Eins plus **zwei**"},
                {"type": "group", "id": "anschrift", "label": "Anschrift", "items": [
                    {"type": "text", "id": "ort", "label": "Ort"}]},
                {"type": "repeat", "id": "kids", "label": "Kinder", "itemLabel": "Kind {n}",
                    "minItems": 1, "maxItems": 3, "items": [
                    {"type": "text", "id": "vorname", "label": "Vorname"}]},
                {"type": "consent", "id": "ok", "label": "Ich stimme zu."}
            ]},
            {"id": "zwei", "title": "Zweite Seite", "items": [
                {"type": "paragraph", "text": "Fast fertig."},
                {"type": "text", "id": "bemerkung", "label": "Bemerkung"}
            ]}
        ]
    })
}

/// A small form whose only page passes validation when `name` is filled.
fn send_form() -> Value {
    json!({
        "id": "s", "version": "2.0.0", "title": "Sendetest",
        "submit": {"url": "/api/forms/s/submissions", "headers": {"X-Test": "1"}},
        "confirmation": "Danke.",
        "pages": [{"id": "eins", "title": "Eins", "items": [
            {"type": "text", "id": "name", "label": "Name", "required": true},
            {"type": "computed", "id": "zeichen", "label": "Zeichen", "expr": "len(name)"}
        ]}]
    })
}

/// Author texts and answers that look like markup (fields are built from HTML strings).
fn hostile_form() -> Value {
    json!({
        "id": "x", "version": "1.0.0", "title": "X",
        "submit": {"url": "/api/forms/x/submissions"},
        "pages": [{"id": "p", "title": "P", "items": [
            {"type": "text", "id": "a", "label": "<img src=x onerror=alert(1)> & \"Name\"",
                "hint": "**Wichtig:** <b>nicht fett</b> [Hilfe](https://example.org/?a=1&b=2)",
                "placeholder": "\" autofocus onfocus=\"alert(2)"},
            {"type": "choice", "id": "c", "label": "Wahl", "options": [
                {"value": "\"><script>x</script>", "label": "<i>eins</i>"}]},
            {"type": "textarea", "id": "t", "label": "Text"}
        ]}]
    })
}

#[derive(Clone, Debug)]
struct Sent {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    json: Option<Value>,
    parts: Vec<String>,
}

#[derive(Clone, Default)]
struct Server {
    sent: Rc<RefCell<Vec<Sent>>>,
    replies: Rc<RefCell<VecDeque<Result<HttpResponse, NetError>>>>,
    /// How often `/config.json` was asked for.
    config_asked: Rc<RefCell<u32>>,
    /// The body of `/config.json` (404 while `None`).
    config: Rc<RefCell<Option<String>>>,
}

impl Server {
    fn reply(&self, r: Result<HttpResponse, NetError>) {
        self.replies.borrow_mut().push_back(r);
    }
    fn transport(&self) -> Transport {
        let me = self.clone();
        Rc::new(move |req: HttpRequest| {
            let me = me.clone();
            Box::pin(async move {
                let ok = |body: String| Ok(HttpResponse { status: 200, body });
                match (req.method.as_str(), req.url.as_str()) {
                    ("GET", "/config.json") => {
                        // Slow, as a real network: others ask while it is under way.
                        *me.config_asked.borrow_mut() += 1;
                        sleep(30).await;
                        match me.config.borrow().clone() {
                            Some(body) => ok(body),
                            None => Ok(HttpResponse {
                                status: 404,
                                body: String::new(),
                            }),
                        }
                    }
                    ("GET", "/forms/index.json") => ok(json!({"forms": [
                        {"id": "t", "version": "1.0.0", "title": "Testantrag", "file": "t.json"},
                        {"id": "s", "version": "2.0.0", "title": "Sendetest", "file": "s.json"}
                    ]})
                    .to_string()),
                    ("GET", "/forms/t.json") => ok(test_form().to_string()),
                    ("GET", "/forms/s.json") => ok(send_form().to_string()),
                    ("GET", "/forms/x.json") => ok(hostile_form().to_string()),
                    ("GET", "/forms/c.json") => ok(json!({
                        "id": "c", "version": "1.0.0", "title": "C",
                        "submit": {"url": "/api/forms/c/submissions"},
                        "pages": [{"id": "p", "title": "P", "items": [
                            {"type": "textarea", "id": "text", "label": "Text", "maxLength": 10}]}]
                    })
                    .to_string()),
                    ("GET", "/forms/n.json") => ok(json!({
                        "id": "n", "version": "1.0.0", "title": "N",
                        "submit": {"url": "/api/forms/n/submissions", "encoding": "multipart"},
                        "pages": [{"id": "p", "title": "P", "items": [
                            {"type": "repeat", "id": "halter", "label": "Halter",
                             "itemLabel": "Person {n}", "minItems": 2, "items": [
                                {"type": "repeat", "id": "tel", "label": "Telefonnummern",
                                 "minItems": 1, "items": [
                                    {"type": "phone", "id": "nr", "label": "Nummer"}]}]},
                            {"type": "file", "id": "pflicht", "label": "Nachweis", "required": true},
                            {"type": "yesNo", "id": "mehr", "label": "Mehr?"},
                            {"type": "file", "id": "wenn", "label": "Anlage", "requiredIf": "mehr == true"}
                        ]}]
                    })
                    .to_string()),
                    ("GET", "/forms/r.json") => ok(json!({
                        "id": "r", "version": "1.0.0", "title": "R",
                        "submit": {"url": "/api/forms/r/submissions"},
                        "pages": [
                            {"id": "eins", "title": "Eins", "items": [
                                {"type": "yesNo", "id": "hund", "label": "Hund?", "required": true}]},
                            {"id": "hund", "title": "Hund", "visibleIf": "hund == true", "items": [
                                {"type": "text", "id": "name", "label": "Name", "required": true}]},
                            {"id": "drei", "title": "Drei", "items": [
                                {"type": "text", "id": "x", "label": "X"}]}
                        ]
                    })
                    .to_string()),
                    ("GET", "/forms/m.json") => ok(json!({
                        "id": "m", "version": "1.0.0", "title": "M",
                        "submit": {"url": "/api/forms/m/submissions"},
                        "pages": [{"id": "p", "title": "P", "items": [
                            {"type": "multiChoice", "id": "tage", "label": "Tage", "minSelected": 2,
                                "options": [{"value": "mo", "label": "Mo"},
                                            {"value": "di", "label": "Di"},
                                            {"value": "mi", "label": "Mi"}]},
                            {"type": "text", "id": "x", "label": "X"}
                        ]}]
                    })
                    .to_string()),
                    ("GET", "/forms/k.json") => ok(json!({
                        "id": "k", "version": "1.0.0", "title": "K",
                        "submit": {"url": "/api/forms/k/submissions"},
                        "pages": [{"id": "p", "title": "P", "items": [
                            {"type": "money", "id": "kosten", "label": "Kosten"},
                            {"type": "money", "id": "eigen", "label": "Eigenmittel", "rules": [
                                {"check": "eigen <= kosten", "message": "Mehr als die Kosten"}]},
                            {"type": "date", "id": "am", "label": "Datum", "hint": "Steht im Vertrag."},
                            {"type": "date", "id": "bis", "label": "Bis", "hint": "Format TT.MM.JJJJ"},
                            {"type": "date", "id": "geb", "label": "Geburtsdatum", "maxDate": "today-16y"}
                        ]}]
                    })
                    .to_string()),
                    ("GET", "/forms/l.json") => ok(json!({
                        "id": "l", "version": "1.0.0", "title": {"de": "Sprachen", "en": "Languages"},
                        "submit": {"url": "/api/forms/l/submissions"},
                        "pages": [{"id": "p", "title": "Seite", "items": [
                            {"type": "choice", "id": "farbe", "label": {"de": "Farbe", "en": "Colour"},
                                "options": [{"value": "rot", "label": "Rot"},
                                            {"value": "blau", "label": {"de": "Blau", "en": "Blue"}}]},
                            {"type": "choice", "id": "form", "label": "Form",
                                "options": [{"value": "rund", "label": {"de": "Rund", "en": "Round"}}]},
                            {"type": "repeat", "id": "kids", "label": {"de": "Kinder", "en": "Children"},
                                "itemLabel": "Kind {n}", "addLabel": "Weiteres Kind", "minItems": 1, "items": [
                                {"type": "text", "id": "vorname", "label": {"de": "Vorname", "en": "First name"}}]},
                            {"type": "repeat", "id": "tiere", "label": "Tiere", "maxItems": 1, "items": [
                                {"type": "text", "id": "name", "label": {"de": "Name", "en": "Name"}}]},
                            {"type": "consent", "id": "ok", "label": {"de": "Ich stimme zu.", "en": "I agree."}, "required": true}
                        ]}]
                    })
                    .to_string()),
                    ("GET", "/forms/e.json") => ok(json!({
                        "id": "e", "version": "1.0.0", "title": "E",
                        "submit": {"url": "/api/forms/e/submissions"},
                        "pages": [{"id": "p", "title": "P", "items": [
                            {"type": "yesNo", "id": "b", "label": "Betrieb?"},
                            {"type": "text", "id": "n", "label": "Name",
                                "enabledIf": "b == true", "requiredIf": "b == true"},
                            {"type": "choice", "id": "c", "label": "Art", "enabledIf": "b == true",
                                "options": [{"value": "x", "label": "X"}]},
                            {"type": "file", "id": "d", "label": "Nachweis", "enabledIf": "b == true"}
                        ]}]
                    })
                    .to_string()),
                    ("GET", "/forms/h.json") => ok(json!({
                        "id": "h", "version": "1.0.0", "title": "H",
                        "submit": {"url": "/api/forms/h/submissions"},
                        "pages": [
                            {"id": "a", "title": "Wohnen", "items": [
                                {"type": "yesNo", "id": "miete", "label": "Wohnen Sie zur Miete?", "required": true}]},
                            {"id": "b", "title": "Eigentum", "items": [
                                {"type": "info", "text": "Für Eigentümer.", "visibleIf": "miete == false"},
                                {"type": "text", "id": "grund", "label": "Grundbuch", "visibleIf": "miete == false"}]},
                            {"id": "c", "title": "Hinweise", "items": [{"type": "paragraph", "text": "Danke."}]},
                            {"id": "d", "title": "Kontakt", "items": [{"type": "text", "id": "name", "label": "Name"}]}
                        ]
                    })
                    .to_string()),
                    ("GET", _) => Ok(HttpResponse {
                        status: 404,
                        body: String::new(),
                    }),
                    _ => {
                        let (json, parts) = match &req.body {
                            Body::Json(s) => (serde_json::from_str(s).ok(), vec![]),
                            Body::Multipart(fd) => {
                                let sub = fd.get("submission").as_string().unwrap_or_default();
                                let mut parts = vec!["submission".to_string()];
                                for i in 0..4 {
                                    let n = format!("file-{i}");
                                    if fd.has(&n) {
                                        parts.push(n);
                                    }
                                }
                                (serde_json::from_str(&sub).ok(), parts)
                            }
                            Body::None => (None, vec![]),
                        };
                        me.sent.borrow_mut().push(Sent {
                            method: req.method.clone(),
                            url: req.url.clone(),
                            headers: req.headers.clone(),
                            json,
                            parts,
                        });
                        me.replies
                            .borrow_mut()
                            .pop_front()
                            .unwrap_or(Err(NetError::Network))
                    }
                }
            })
        })
    }
}

struct Mounted {
    root: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

async fn mount(server: &Server, path: &str) -> Mounted {
    let root: HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&root).unwrap();
    let handle = antrag_app::mount(
        root.clone(),
        Options {
            transport: server.transport(),
            history: false,
            path: Some(path.to_string()),
            locale: Some(Locale::De),
        },
    );
    let m = Mounted {
        root,
        _handle: Box::new(handle),
    };
    settle().await;
    m
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Lets fetches, effects and animation frames run.
async fn settle() {
    sleep(120).await;
}

impl Mounted {
    fn q(&self, sel: &str) -> Option<Element> {
        self.root.query_selector(sel).unwrap()
    }
    fn get(&self, sel: &str) -> Element {
        self.q(sel)
            .unwrap_or_else(|| panic!("no element {sel} in {}", self.root.inner_html()))
    }
    fn all(&self, sel: &str) -> u32 {
        self.root.query_selector_all(sel).unwrap().length()
    }
    fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }
    fn click(&self, sel: &str) {
        self.get(sel).unchecked_into::<HtmlElement>().click();
    }
    fn click_text(&self, tag: &str, text: &str) {
        let list = self.root.query_selector_all(tag).unwrap();
        for i in 0..list.length() {
            let el: HtmlElement = list.get(i).unwrap().unchecked_into();
            if el.text_content().unwrap_or_default().contains(text) {
                el.click();
                return;
            }
        }
        panic!("no {tag} with text {text}");
    }
    fn type_into(&self, sel: &str, value: &str) {
        let el: HtmlInputElement = self.get(sel).unchecked_into();
        let _ = el.focus();
        el.set_value(value);
        el.dispatch_event(&bubbling("input")).unwrap();
    }
    fn blur(&self, sel: &str) {
        let el = self.get(sel);
        // What the browser sends when a control loses the focus: blur, then focusout (bubbles).
        el.dispatch_event(&web_sys::Event::new("blur").unwrap())
            .unwrap();
        el.dispatch_event(&bubbling("focusout")).unwrap();
    }
    fn attr(&self, sel: &str, name: &str) -> Option<String> {
        self.get(sel).get_attribute(name)
    }
}

/// An event as the browser sends it for user input: bubbling, so the field's element sees it.
fn bubbling(name: &str) -> web_sys::Event {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    web_sys::Event::new_with_event_init_dict(name, &init).unwrap()
}

/// A small PDF named `name`, as a citizen's file.
fn pdf(name: &str) -> web_sys::File {
    let parts = js_sys::Array::new();
    parts.push(&"%PDF-1.4 test".into());
    let opts = web_sys::FilePropertyBag::new();
    opts.set_type("application/pdf");
    web_sys::File::new_with_str_sequence_and_options(&parts, name, &opts).unwrap()
}

/// Chooses `file` in the file input `sel`, as the browser's file chooser does.
fn choose(m: &Mounted, sel: &str, file: &web_sys::File) {
    let dt = web_sys::DataTransfer::new().unwrap();
    dt.items().add_with_file(file).unwrap();
    let input: HtmlInputElement = m.get(sel).unchecked_into();
    input.set_files(dt.files().as_ref());
    input.dispatch_event(&bubbling("change")).unwrap();
}

/// A field message on screen (each field has a hidden, empty one until it is in error).
const SHOWN_ERROR: &str = ".error-message:not([hidden])";

fn active_id() -> String {
    doc().active_element().map(|e| e.id()).unwrap_or_default()
}

/// What the page's `confirm()` answers from now on (headless, no dialog is shown).
fn answer_confirm(yes: bool) {
    let f = js_sys::Function::new_no_args(if yes { "return true" } else { "return false" });
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"confirm".into(), &f).unwrap();
}

fn clear_storage() {
    storage().clear().unwrap();
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
}

#[wasm_bindgen_test]
async fn start_page_lists_forms_and_links_to_them() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/").await;
    assert!(m.text().contains("Testantrag"), "{}", m.text());
    m.click("a[href='/antrag/s']");
    settle().await;
    assert!(m.get("h1").text_content().unwrap().contains("Sendetest"));
    assert!(m.q("a.button-start").is_some());
}

#[wasm_bindgen_test]
async fn renders_every_field_type_accessibly() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/t/alles").await;
    // Step indicator.
    assert!(m.text().contains("Schritt 1 von 2"));
    assert_eq!(
        m.get("[aria-current='step']").text_content().unwrap(),
        "Alle Felder"
    );
    // Safe markup: elements built, never injected.
    assert_eq!(m.get(".info strong").text_content().unwrap(), "genau");
    assert_eq!(
        m.attr(".info a", "href").as_deref(),
        Some("https://example.org/hilfe")
    );
    assert_eq!(m.all(".info li"), 2);
    assert!(m.q(".info script").is_none());
    // Text-like inputs with labels, autocomplete and input modes.
    assert_eq!(m.get("label[for='f-name']").text_content().unwrap(), "Name");
    assert_eq!(m.attr("#f-name", "autocomplete").as_deref(), Some("name"));
    assert!(m
        .get("label[for='f-notiz']")
        .text_content()
        .unwrap()
        .contains("(optional)"));
    assert_eq!(m.get("#f-notiz").tag_name(), "TEXTAREA");
    assert_eq!(m.attr("#f-email", "type").as_deref(), Some("email"));
    assert_eq!(m.attr("#f-tel", "type").as_deref(), Some("tel"));
    assert_eq!(
        m.attr("#f-stunden", "inputmode").as_deref(),
        Some("numeric")
    );
    assert_eq!(m.attr("#f-plz", "inputmode").as_deref(), Some("numeric"));
    assert_eq!(m.attr("#f-betrag", "inputmode").as_deref(), Some("decimal"));
    // Units are read with their input (the visible suffix itself is aria-hidden).
    assert_eq!(
        m.attr("#f-stunden", "aria-describedby").as_deref(),
        Some("f-stunden-unit")
    );
    assert_eq!(
        m.get("#f-stunden-unit").text_content().as_deref(),
        Some("Stunden")
    );
    assert_eq!(m.get("#f-betrag-unit").text_content().as_deref(), Some("€"));
    assert_eq!(
        m.attr("#f-flaeche", "inputmode").as_deref(),
        Some("decimal")
    );
    assert!(m.text().contains("€"));
    assert!(m.text().contains("m²"));
    // The example is 1 September of this year (no bounds here).
    let year = js_sys::Date::new_0().get_full_year();
    assert_eq!(
        m.get("#f-beginn-hint").text_content().unwrap(),
        format!("z. B. 01.09.{year}")
    );
    assert_eq!(
        m.attr("#f-beginn", "aria-describedby").as_deref(),
        Some("f-beginn-hint")
    );
    // Choices.
    assert_eq!(m.attr("#f-kinder-0", "type").as_deref(), Some("radio"));
    assert!(m.text().contains("Ja") && m.text().contains("Nein"));
    assert_eq!(m.attr("#f-farbe-1", "type").as_deref(), Some("radio"));
    assert!(m.text().contains("Wie der Himmel"));
    assert_eq!(m.get("#f-land").tag_name(), "SELECT");
    assert_eq!(m.all("#f-land option"), 3);
    assert_eq!(m.attr("#f-tage-0", "type").as_deref(), Some("checkbox"));
    assert_eq!(m.attr("#f-ok", "type").as_deref(), Some("checkbox"));
    assert_eq!(m.attr("#f-nachweis", "type").as_deref(), Some("file"));
    assert_eq!(
        m.attr("#f-nachweis", "accept").as_deref(),
        Some("application/pdf")
    );
    // An optional upload says so, and says what it allows before a file is chosen (read with
    // the input).
    assert!(m
        .get("label[for='f-nachweis']")
        .text_content()
        .unwrap()
        .contains("(optional)"));
    assert_eq!(
        m.get("#f-nachweis-hint").text_content().unwrap(),
        "Eine Datei: PDF, höchstens 10 MB."
    );
    assert_eq!(
        m.attr("#f-nachweis", "aria-describedby").as_deref(),
        Some("f-nachweis-hint")
    );
    // Groups and repeats are fieldsets with legends.
    assert_eq!(
        m.get("#f-anschrift legend").text_content().unwrap(),
        "Anschrift"
    );
    assert!(m.q("#f-anschrift-ort").is_some());
    assert!(m.text().contains("Kind 1"));
    assert!(m.q("#f-kids-0-vorname").is_some());
    // Computed values are read-only text, not inputs.
    assert_eq!(
        m.get("#f-summe .computed-value").text_content().unwrap(),
        "3"
    );
    assert!(m.q("input#f-summe").is_none());
    // With how it is worked out, between the name and the value.
    assert_eq!(
        m.get("#f-summe dt + dd.hint").text_content().unwrap(),
        "Eins plus zwei"
    );
    assert!(m.q("#f-summe .hint strong").is_some());
    // Every fieldset has a legend.
    let sets = m.all("fieldset");
    assert_eq!(m.all("fieldset > legend"), sets);
}

#[wasm_bindgen_test]
async fn errors_appear_only_after_touch_and_summary_takes_focus() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/s/eins").await;
    // Tabbing through an untouched field says nothing.
    m.blur("#f-name");
    settle().await;
    assert!(m.q(SHOWN_ERROR).is_none());
    // Typing and clearing, then leaving: checked on blur.
    m.type_into("#f-name", "x");
    m.type_into("#f-name", "");
    m.blur("#f-name");
    settle().await;
    assert!(m.q(SHOWN_ERROR).is_some());
    assert!(m.q(".field.field-error #f-name").is_some());
    m.type_into("#f-name", "Anna");
    settle().await;
    assert!(m.q(".field-error").is_none());
    assert!(
        m.q(SHOWN_ERROR).is_none(),
        "live re-validation clears the error"
    );
    m.type_into("#f-name", "");
    settle().await;
    // "Next" shows the summary, focused, with links to the fields.
    m.click("button[type='submit']");
    settle().await;
    let summary = m.get(".error-summary");
    assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(summary.get_attribute("tabindex").as_deref(), Some("-1"));
    assert!(summary
        .text_content()
        .unwrap()
        .contains("Es gibt ein Problem"));
    assert_eq!(active_id(), "error-summary");
    assert_eq!(m.attr("#f-name", "aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        m.attr("#f-name", "aria-describedby").as_deref(),
        Some("f-name-error")
    );
    assert!(m.get("#f-name-error").text_content().unwrap().len() > 8);
    m.click(".error-summary a[href='#f-name']");
    settle().await;
    assert_eq!(active_id(), "f-name");
    // After the failed attempt typing re-validates live and clears the summary.
    m.type_into("#f-name", "Anna");
    settle().await;
    assert!(m.q(".error-summary").is_none());
    assert!(m.q("#f-name-error[hidden]").is_some());
    assert_eq!(m.get("#f-name-error").text_content().as_deref(), Some(""));
    assert!(m.attr("#f-name", "aria-invalid").is_none());
    assert!(m.attr("#f-name", "aria-describedby").is_none());
}

#[wasm_bindgen_test]
async fn conditional_field_appears_and_disappears_without_losing_focus() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/t/alles").await;
    assert!(m.q("#f-anzahl").is_none());
    let yes: HtmlInputElement = m.get("#f-kinder-0").unchecked_into();
    yes.focus().unwrap();
    yes.click();
    settle().await;
    assert!(m.q("#f-anzahl").is_some(), "shown after Ja");
    assert_eq!(active_id(), "f-kinder-0");
    m.click("#f-kinder-1");
    settle().await;
    assert!(m.q("#f-anzahl").is_none(), "hidden after Nein");
}

#[wasm_bindgen_test]
async fn repeat_entries_are_added_and_removed_with_announcements() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/t/alles").await;
    // minItems 1: one entry, no remove button.
    assert_eq!(m.all("#f-kids .repeat-entry"), 1);
    assert!(!m
        .get("#f-kids")
        .text_content()
        .unwrap()
        .contains("entfernen"));
    // The default add label says, out of sight, which list it adds to; the entries' own label
    // ("Kind 2 entfernen") needs nothing more.
    assert_eq!(
        m.get("#f-kids-add").text_content().unwrap(),
        "Weiteren Eintrag hinzufügen (Kinder)"
    );
    m.click("#f-kids-add");
    settle().await;
    assert_eq!(m.all("#f-kids .repeat-entry"), 2);
    assert_eq!(
        m.get("#f-kids .repeat-entry button")
            .text_content()
            .unwrap(),
        "Kind 1 entfernen"
    );
    assert!(m.text().contains("Kind 2 hinzugefügt"));
    assert_eq!(active_id(), "f-kids-1-title");
    m.type_into("#f-kids-0-vorname", "Erste");
    m.type_into("#f-kids-1-vorname", "Zweite");
    // Adding an entry leaves the other entries untouched (their buttons were rebuilt, attribute
    // by attribute, for every add).
    let watch = js_sys::Function::new_with_args(
        "el",
        "window.__changes = 0; new MutationObserver((r) => { window.__changes += r.length; })\
         .observe(el, { attributes: true, childList: true, subtree: true, characterData: true });",
    );
    watch
        .call1(
            &wasm_bindgen::JsValue::NULL,
            &m.get("#f-kids .repeat-entry"),
        )
        .unwrap();
    m.click("#f-kids-add");
    settle().await;
    let changes = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__changes".into())
        .unwrap()
        .as_f64();
    assert_eq!(
        changes,
        Some(0.0),
        "the first entry changed when one was added"
    );
    // maxItems 3: no add button any more, and a line (also announced) says why.
    assert_eq!(m.all("#f-kids .repeat-entry"), 3);
    assert!(m.q("#f-kids-add").is_none());
    assert_eq!(
        m.get("#f-kids .list-full").text_content().unwrap(),
        "Mehr als 3 Einträge sind nicht möglich."
    );
    sleep(80).await;
    assert!(
        m.text()
            .contains("Kind 3 hinzugefügt. Mehr als 3 Einträge sind nicht möglich."),
        "{}",
        m.text()
    );
    // Remove the first entry: asked first, as it has answers (a slip on a phone).
    answer_confirm(false);
    m.click_text("#f-kids button", "Kind 1 entfernen");
    settle().await;
    assert_eq!(
        m.all("#f-kids .repeat-entry"),
        3,
        "kept when the citizen says no"
    );
    // Said yes: the others move up with their answers.
    answer_confirm(true);
    m.click_text("#f-kids button", "Kind 1 entfernen");
    settle().await;
    assert_eq!(m.all("#f-kids .repeat-entry"), 2);
    // The focus lands on the entry now called "Kind 1": the announcement says the numbers moved.
    assert!(
        m.text()
            .contains("Kind 1 entfernt. Die folgenden Einträge sind neu nummeriert."),
        "{}",
        m.text()
    );
    let first: HtmlInputElement = m.get("#f-kids-0-vorname").unchecked_into();
    assert_eq!(first.value(), "Zweite");
    assert!(m.q("#f-kids-add").is_some());
    assert!(m.q("#f-kids .list-full").is_none());
    // The last entry removed: nothing after it was renumbered.
    m.click_text("#f-kids button", "Kind 2 entfernen");
    settle().await;
    assert!(m.text().contains("Kind 2 entfernt"), "{}", m.text());
    assert!(!m.text().contains("neu nummeriert"), "{}", m.text());
}

/// In the English UI, the error summary says which entry a message is about with the entry's
/// label in its own language: a German-only `itemLabel` is marked German, the default English.
#[wasm_bindgen_test]
async fn the_error_summary_marks_a_german_entry_label() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/n/p").await;
    m.click(".lang-toggle");
    settle().await;
    m.type_into("#f-halter-1-tel-0-nr", "abc");
    m.blur("#f-halter-1-tel-0-nr");
    m.click("button[type='submit']");
    settle().await;
    let link = m.get(".error-summary-list a[href='#f-halter-1-tel-0-nr']");
    let text = link.text_content().unwrap();
    assert!(text.starts_with("Person 2, Entry 1: "), "{text}");
    let marked: Vec<String> = {
        let all = link.query_selector_all("[lang='de']").unwrap();
        (0..all.length())
            .filter_map(|i| all.get(i))
            .map(|n| n.text_content().unwrap_or_default())
            .collect()
    };
    assert_eq!(marked, ["Person 2"], "{text}");
}

/// Lists in lists: each list's buttons say, out of sight, which list and entry they belong to;
/// entries are a heading level down per list. Upload labels say "(optional)" only while the
/// upload is optional.
#[wasm_bindgen_test]
async fn nested_lists_and_upload_labels() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/n/p").await;
    assert_eq!(
        m.get("#f-halter-1-tel-add").text_content().unwrap(),
        "Weiteren Eintrag hinzufügen (Telefonnummern, Person 2)"
    );
    // The page title is the h1; entries of a list on the page are h2, a list in them h3.
    assert_eq!(m.get("#f-halter-0-title").tag_name(), "H2");
    assert_eq!(m.get("#f-halter-0-tel-0-title").tag_name(), "H3");
    // Each entry is a group named by its heading.
    let entry = m
        .get("#f-halter-0-title")
        .closest(".repeat-entry")
        .unwrap()
        .unwrap();
    assert_eq!(entry.get_attribute("role").as_deref(), Some("group"));
    assert_eq!(
        entry.get_attribute("aria-labelledby").as_deref(),
        Some("f-halter-0-title")
    );
    let label = |id: &str| m.get(&format!("label[for='{id}']")).text_content().unwrap();
    assert_eq!(label("f-pflicht"), "Nachweis");
    assert_eq!(label("f-wenn"), "Anlage (optional)");
    m.click("#f-mehr-0");
    settle().await;
    assert_eq!(label("f-wenn"), "Anlage", "required now");
}

/// What the browser tells a page when another tab of the same site writes (`Some`) or removes
/// (`None`) a stored item.
fn storage_event_from_another_tab(key: &str, new_value: Option<&str>) {
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(key));
    init.set_new_value(new_value);
    let ev = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&ev).unwrap();
}

/// The same form in two tabs: each tab's saves are merged into the other (the last tab to save
/// used to overwrite the other's answers), and a draft deleted (or an application sent) in one
/// tab is not written back by the other.
#[wasm_bindgen_test]
async fn two_tabs_keep_each_others_answers() {
    clear_storage();
    let server = Server::default();
    let key = "antrag:draft:t:1.0.0";
    let m = mount(&server, "/antrag/t/alles").await;
    m.type_into("#f-name", "Anna");
    sleep(700).await;
    let stored: Value = serde_json::from_str(&storage().get_item(key).unwrap().unwrap()).unwrap();
    assert_eq!(stored["answers"]["name"], "Anna");
    // This tab types an e-mail address; before it is saved, the other tab saves its copy with a
    // note (it began from the same draft).
    m.type_into("#f-email", "anna@example.de");
    let mut other = stored.clone();
    other["answers"]["notiz"] = json!("Aus dem anderen Tab");
    storage().set_item(key, &other.to_string()).unwrap();
    storage_event_from_another_tab(key, Some(&other.to_string()));
    sleep(700).await;
    let stored: Value = serde_json::from_str(&storage().get_item(key).unwrap().unwrap()).unwrap();
    assert_eq!(stored["answers"]["name"], "Anna");
    assert_eq!(stored["answers"]["email"], "anna@example.de", "{stored}");
    assert_eq!(
        stored["answers"]["notiz"], "Aus dem anderen Tab",
        "{stored}"
    );
    // The page shows the other tab's answer once it is looked at again.
    web_sys::window()
        .unwrap()
        .dispatch_event(&web_sys::Event::new("focus").unwrap())
        .unwrap();
    settle().await;
    let notiz: web_sys::HtmlTextAreaElement = m.get("#f-notiz").unchecked_into();
    assert_eq!(notiz.value(), "Aus dem anderen Tab");
    let email: HtmlInputElement = m.get("#f-email").unchecked_into();
    assert_eq!(email.value(), "anna@example.de");

    // Deleted in the other tab: gone here too, said on the first page, and not written back.
    storage().remove_item(key).unwrap();
    storage_event_from_another_tab(key, None);
    settle().await;
    assert!(
        m.text()
            .contains("in einem anderen Fenster abgesendet oder sein Entwurf dort gelöscht"),
        "{}",
        m.text()
    );
    assert!(m.text().contains("Jetzt beginnen") || m.q(".button-start").is_some());
    sleep(700).await;
    assert_eq!(storage().get_item(key).unwrap(), None);
}

/// What a tab takes as "deleted elsewhere": not a draft moved to a newer version of the form by
/// another tab, not `localStorage.clear()` by another page of the site (this tab then holds the
/// only copy and writes it again); and after deleting its own draft, a tab does not take the
/// other tab's new answers for ones it removed.
#[wasm_bindgen_test]
async fn a_tab_keeps_its_answers_when_the_draft_moved_or_storage_was_cleared() {
    clear_storage();
    let server = Server::default();
    let key = "antrag:draft:t:1.0.0";
    let m = mount(&server, "/antrag/t/alles").await;
    m.type_into("#f-name", "Anna");
    sleep(700).await;
    // Another tab opened version 2.0.0 and moved the draft there.
    let doc = storage().get_item(key).unwrap().unwrap();
    storage().set_item("antrag:draft:t:2.0.0", &doc).unwrap();
    storage().remove_item(key).unwrap();
    storage_event_from_another_tab(key, None);
    settle().await;
    assert!(
        !m.text().contains("in einem anderen Fenster"),
        "{}",
        m.text()
    );
    let name: HtmlInputElement = m.get("#f-name").unchecked_into();
    assert_eq!(name.value(), "Anna");
    // Another page of the site cleared the storage: written again.
    storage().clear().unwrap();
    let init = web_sys::StorageEventInit::new();
    let ev = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&ev).unwrap();
    sleep(700).await;
    let stored: Value =
        serde_json::from_str(&storage().get_item(key).unwrap().expect("written again")).unwrap();
    assert_eq!(stored["answers"]["name"], "Anna");
    drop(m);

    // This tab deletes its draft; the other tab (which had cleared too) has the citizen type
    // the name again: that is new, not the deleted answer.
    clear_storage();
    let draft = json!({"savedAt": 1.7e12, "answers": {"name": "Anna", "email": "a@b.de"}});
    storage().set_item(key, &draft.to_string()).unwrap();
    let m = mount(&server, "/antrag/t/alles").await;
    answer_confirm(true);
    m.click_text("button", "Entwurf löschen");
    settle().await;
    let again = json!({"savedAt": 1.8e12, "answers": {"name": "Anna"}});
    storage().set_item(key, &again.to_string()).unwrap();
    storage_event_from_another_tab(key, Some(&again.to_string()));
    sleep(700).await;
    let stored: Value = serde_json::from_str(&storage().get_item(key).unwrap().unwrap()).unwrap();
    assert_eq!(stored["answers"]["name"], "Anna", "{stored}");
}

/// A form corrected while a citizen was filling it in has a new version: their draft of the old
/// version is restored (and moved to the new version's key), with a note to check the answers.
#[wasm_bindgen_test]
async fn a_draft_of_an_earlier_version_is_restored() {
    clear_storage();
    let s = storage();
    let draft = |name: &str, at: f64| {
        json!({"savedAt": at, "answers": {"name": name, "entfernt": "x"}}).to_string()
    };
    s.set_item("antrag:draft:t:0.9.0", &draft("Ältere", 1.0e12))
        .unwrap();
    s.set_item("antrag:draft:t:0.9.5", &draft("Erika", 1.7e12))
        .unwrap();
    s.set_item("antrag:draft:tt:2.0.0", &draft("Anderes Formular", 1.8e12))
        .unwrap();
    let server = Server::default();
    let m = mount(&server, "/antrag/t/alles").await;
    let name: HtmlInputElement = m.get("#f-name").unchecked_into();
    assert_eq!(name.value(), "Erika", "the newest draft of this form");
    assert!(m.text().contains("Wir haben Ihre Eingaben vom"));
    assert!(m.text().contains("Das Formular wurde seitdem geändert"));
    let moved = s.get_item("antrag:draft:t:1.0.0").unwrap().expect("moved");
    assert!(moved.contains("Erika"));
    // The form's older drafts are gone; another form's draft is left alone.
    assert!(s.get_item("antrag:draft:t:0.9.5").unwrap().is_none());
    assert!(s.get_item("antrag:draft:t:0.9.0").unwrap().is_none());
    assert!(s.get_item("antrag:draft:tt:2.0.0").unwrap().is_some());
    drop(m);
    // Opened again: the same version now, no note about a change.
    let m = mount(&server, "/antrag/t/alles").await;
    assert!(m.text().contains("Wir haben Ihre Eingaben vom"));
    assert!(!m.text().contains("Das Formular wurde seitdem geändert"));
    // "Delete draft" leaves no draft of this form behind, of any version (a tab still open on
    // the old version may have saved again).
    s.set_item("antrag:draft:t:0.9.5", &draft("Alter Tab", 1.9e12))
        .unwrap();
    answer_confirm(true);
    m.click_text("button", "Entwurf löschen");
    settle().await;
    assert!(s.get_item("antrag:draft:t:1.0.0").unwrap().is_none());
    assert!(s.get_item("antrag:draft:t:0.9.5").unwrap().is_none());
    assert!(s.get_item("antrag:draft:tt:2.0.0").unwrap().is_some());
}

/// A draft of an earlier version chose options this version no longer offers: those answers are
/// taken out (the fields show nothing chosen, and nothing unseen is sent), and the notice names
/// the questions, each a link to its field, to choose again.
#[wasm_bindgen_test]
async fn choices_the_changed_form_no_longer_offers_are_named_to_choose_again() {
    clear_storage();
    let s = storage();
    let answers = json!({"name": "Erika", "farbe": "gruen", "land": "de", "tage": ["mo", "sa"]});
    s.set_item(
        "antrag:draft:t:0.9.0",
        &json!({"savedAt": 1.7e12, "answers": answers}).to_string(),
    )
    .unwrap();
    let server = Server::default();
    let m = mount(&server, "/antrag/t/alles").await;
    let text = m.text();
    assert!(
        text.contains("Das Formular wurde seitdem geändert"),
        "{text}"
    );
    assert!(
        text.contains("Was Sie bei diesen Fragen gewählt hatten, gibt es nicht mehr"),
        "{text}"
    );
    let list = m.root.query_selector_all(".notice li a").unwrap();
    let links: Vec<(String, String)> = (0..list.length())
        .map(|i| {
            let a: Element = list.get(i).unwrap().unchecked_into();
            (a.text_content().unwrap(), a.get_attribute("href").unwrap())
        })
        .collect();
    assert_eq!(
        links,
        [
            ("Farbe".to_string(), "/antrag/t/alles#f-farbe".to_string()),
            ("Tage".to_string(), "/antrag/t/alles#f-tage".to_string())
        ]
    );
    // Nothing chosen where the option went; the boxes still offered stay ticked.
    let checked = |sel: &str| m.get(sel).unchecked_into::<HtmlInputElement>().checked();
    assert!(!checked("#f-farbe-0") && !checked("#f-farbe-1"));
    assert!(checked("#f-tage-0") && !checked("#f-tage-1"));
    // Still offered answers are kept; the saved draft no longer has the withdrawn ones.
    m.type_into("#f-name", "Erika M.");
    sleep(450).await;
    let raw = s.get_item("antrag:draft:t:1.0.0").unwrap().unwrap();
    assert!(!raw.contains("gruen") && !raw.contains("\"sa\""), "{raw}");
    assert!(
        raw.contains("\"land\":\"de\"") && raw.contains("\"mo\""),
        "{raw}"
    );
    // A question answered again leaves the list; the others stay named on the next pages.
    let named = |m: &Mounted| {
        let list = m.root.query_selector_all(".notice li").unwrap();
        (0..list.length())
            .map(|i| list.get(i).unwrap().text_content().unwrap())
            .collect::<Vec<_>>()
    };
    m.click("#f-farbe-1");
    settle().await;
    assert_eq!(named(&m), ["Tage"]);
    m.click("#f-ok");
    m.click("button[type='submit']");
    settle().await;
    assert_eq!(m.get("h1").text_content().unwrap(), "Zweite Seite");
    assert_eq!(named(&m), ["Tage"]);
}

/// After "Ändern" on the check page, "Weiter" leads back to the check page, not through every
/// later page again.
#[wasm_bindgen_test]
async fn a_change_from_the_check_page_returns_to_it() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/t/alles").await;
    let heading = |m: &Mounted| m.get("h1").text_content().unwrap();
    m.type_into("#f-name", "Erika");
    m.click("button[type='submit']");
    settle().await;
    assert_eq!(heading(&m), "Zweite Seite");
    m.click("button[type='submit']");
    settle().await;
    assert_eq!(heading(&m), "Angaben prüfen");
    m.click("a[href='/antrag/t/alles#f-name']");
    settle().await;
    assert_eq!(heading(&m), "Alle Felder");
    // "Zurück" leads back to the check page (not to the form's start page).
    assert_eq!(
        m.attr(".back-link", "href").as_deref(),
        Some("/antrag/t/pruefen")
    );
    m.type_into("#f-name", "Erika Mustermann");
    m.click("button[type='submit']");
    settle().await;
    assert_eq!(heading(&m), "Angaben prüfen", "not the second page again");
    assert!(m.text().contains("Erika Mustermann"));
}

/// The server may name problems on several pages (422): after correcting the first, "Weiter"
/// leads to the next page with one, not back to the check page.
#[wasm_bindgen_test]
async fn after_a_422_weiter_leads_to_the_next_page_the_server_named() {
    clear_storage();
    let server = Server::default();
    server.reply(Ok(HttpResponse {
        status: 422,
        body: json!({"errors": [
            {"path": "hund", "code": "rule", "params": {}, "message": "Nicht ohne Hund."},
            {"path": "x", "code": "rule", "params": {}, "message": "X stimmt nicht."}
        ]})
        .to_string(),
    }));
    let m = mount(&server, "/antrag/r/eins").await;
    let heading = |m: &Mounted| m.get("h1").text_content().unwrap();
    m.click("#f-hund-1");
    m.click("button[type='submit']");
    settle().await;
    m.type_into("#f-x", "x");
    m.click("button[type='submit']");
    settle().await;
    assert_eq!(heading(&m), "Angaben prüfen");
    m.click("#submit-button");
    settle().await;
    assert_eq!(heading(&m), "Eins", "the first page the server named");
    m.click("button[type='submit']");
    settle().await;
    assert_eq!(heading(&m), "Drei", "the other page the server named");
    assert!(m.text().contains("X stimmt nicht."));
}

/// A citizen who comes back continues where something is still missing, not at the first page.
#[wasm_bindgen_test]
async fn a_restored_draft_continues_where_something_is_missing() {
    clear_storage();
    let server = Server::default();
    let start = |m: &Mounted| {
        let a = m.get("a.button-start");
        (a.text_content().unwrap(), a.get_attribute("href").unwrap())
    };
    {
        let m = mount(&server, "/antrag/r").await;
        assert_eq!(
            start(&m),
            ("Jetzt starten →".into(), "/antrag/r/eins".into())
        );
        drop(m);
        let m = mount(&server, "/antrag/r/eins").await;
        m.click("#f-hund-0");
        m.click("button[type='submit']");
        settle().await;
    }
    let m = mount(&server, "/antrag/r").await;
    assert_eq!(
        start(&m),
        ("Weiter ausfüllen →".into(), "/antrag/r/hund".into())
    );
    drop(m);
    let m = mount(&server, "/antrag/r/hund").await;
    m.type_into("#f-name", "Bello");
    sleep(450).await;
    drop(m);
    // Every page complete: straight to the check page.
    let m = mount(&server, "/antrag/r").await;
    assert_eq!(
        start(&m),
        ("Weiter ausfüllen →".into(), "/antrag/r/pruefen".into())
    );
}

/// ... unless the change reveals a page the check page did not show: that page comes first, and
/// then the check page (not the later pages already seen there).
#[wasm_bindgen_test]
async fn a_change_that_reveals_a_page_leads_through_it() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/r/eins").await;
    let heading = |m: &Mounted| m.get("h1").text_content().unwrap();
    m.click("#f-hund-1"); // Nein
    m.click("button[type='submit']");
    settle().await;
    assert_eq!(heading(&m), "Drei");
    m.click("button[type='submit']");
    settle().await;
    assert_eq!(heading(&m), "Angaben prüfen");
    m.click("a[href='/antrag/r/eins#f-hund']");
    settle().await;
    m.click("#f-hund-0"); // Ja: the page "Hund" appears
    m.click("button[type='submit']");
    settle().await;
    assert_eq!(heading(&m), "Hund");
    m.type_into("#f-name", "Bello");
    m.click("button[type='submit']");
    settle().await;
    assert_eq!(heading(&m), "Angaben prüfen", "page Drei was seen already");
}

/// "Entwurf löschen" in form `t` with "Erika" as the name: asked first, "no" keeps the draft and
/// the answer, "yes" deletes both.
async fn delete_draft_after_asking(m: &Mounted) {
    answer_confirm(false);
    m.click_text("button", "Entwurf löschen");
    settle().await;
    assert!(storage()
        .get_item("antrag:draft:t:1.0.0")
        .unwrap()
        .is_some());
    let name: HtmlInputElement = m.get("#f-name").unchecked_into();
    assert_eq!(name.value(), "Erika");
    answer_confirm(true);
    m.click_text("button", "Entwurf löschen");
    settle().await;
    assert!(storage()
        .get_item("antrag:draft:t:1.0.0")
        .unwrap()
        .is_none());
    let name: HtmlInputElement = m.get("#f-name").unchecked_into();
    assert_eq!(name.value(), "");
}

/// A shared computer: the draft can be deleted in the middle of a fresh session, from the end of
/// any page, not only after it was restored on a later visit.
#[wasm_bindgen_test]
async fn a_draft_can_be_deleted_from_any_page_of_a_fresh_session() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/t/alles").await;
    assert!(m
        .text()
        .contains("Ihre Eingaben werden in diesem Browser gespeichert"));
    m.type_into("#f-name", "Erika");
    sleep(450).await;
    assert!(storage()
        .get_item("antrag:draft:t:1.0.0")
        .unwrap()
        .is_some());
    delete_draft_after_asking(&m).await;
    assert!(m.text().contains("Entwurf gelöscht"), "{}", m.text());
}

#[wasm_bindgen_test]
async fn drafts_are_saved_restored_and_deleted() {
    clear_storage();
    let server = Server::default();
    {
        let m = mount(&server, "/antrag/t/alles").await;
        m.type_into("#f-name", "Erika");
        sleep(450).await;
        let raw = storage()
            .get_item("antrag:draft:t:1.0.0")
            .unwrap()
            .expect("draft saved");
        assert!(raw.contains("Erika"));
    }
    {
        // No file was chosen: nothing to choose again.
        let m = mount(&server, "/antrag/t/alles").await;
        assert!(m.text().contains("Wir haben Ihre Eingaben vom"));
        assert!(!m.text().contains("Dateien können nicht gespeichert werden"));
        // A file chosen now is left out of the draft, and the restored draft says so.
        choose(&m, "#f-nachweis", &pdf("n.pdf"));
        sleep(450).await;
        let raw = storage().get_item("antrag:draft:t:1.0.0").unwrap().unwrap();
        assert!(
            raw.contains("\"filesLeftOut\":true") && !raw.contains("n.pdf"),
            "{raw}"
        );
    }
    let m = mount(&server, "/antrag/t/alles").await;
    assert!(m.text().contains("Wir haben Ihre Eingaben vom"));
    assert!(m.text().contains("Dateien können nicht gespeichert werden"));
    let name: HtmlInputElement = m.get("#f-name").unchecked_into();
    assert_eq!(name.value(), "Erika");
    delete_draft_after_asking(&m).await;
    assert!(!m.text().contains("Wir haben Ihre Eingaben vom"));
}

async fn filled_check_page(server: &Server) -> Mounted {
    let m = mount(server, "/antrag/s/eins").await;
    m.type_into("#f-name", "Anna");
    m.click("button[type='submit']");
    settle().await;
    assert!(m
        .get("h1")
        .text_content()
        .unwrap()
        .contains("Angaben prüfen"));
    assert!(m.text().contains("Anna"));
    m
}

/// An address of a form that is not published says so, instead of "zurzeit nicht verfügbar,
/// versuchen Sie es später erneut".
#[wasm_bindgen_test]
async fn an_unknown_form_is_not_found_not_unavailable() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/gibtsnicht").await;
    settle().await;
    assert_eq!(
        m.get("h1").text_content().unwrap(),
        "Seite nicht gefunden",
        "{}",
        m.text()
    );
    assert!(!m.text().contains("zurzeit"), "{}", m.text());
}

/// An address of a page the form does not have (renamed in a new version, an old bookmark)
/// leads to where the citizen continues: the first page that needs answers, or the start. A
/// draft restored there is said on the check page too.
#[wasm_bindgen_test]
async fn an_old_page_address_leads_to_where_the_citizen_continues() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/s/altseite").await;
    settle().await;
    assert_eq!(
        m.get("h1").text_content().unwrap(),
        "Sendetest",
        "{}",
        m.text()
    );
    drop(m);
    let draft = json!({"savedAt": 1.7e12, "answers": {"name": "Erika"}});
    storage()
        .set_item("antrag:draft:s:2.0.0", &draft.to_string())
        .unwrap();
    let m = mount(&server, "/antrag/s/altseite").await;
    settle().await;
    assert_eq!(
        m.get("h1").text_content().unwrap(),
        "Angaben prüfen",
        "{}",
        m.text()
    );
    assert!(
        m.text().contains("Wir haben Ihre Eingaben vom"),
        "{}",
        m.text()
    );
    assert!(m.text().contains("Entwurf löschen"), "{}", m.text());
}

/// A text area with `maxLength` counts its characters (by core's measure: without the spaces
/// around the text), is tied to the count, and says when the text became too long.
#[wasm_bindgen_test]
async fn a_text_area_with_a_limit_counts_its_characters() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/c/p").await;
    let count = || m.get("#f-text-count").text_content().unwrap();
    assert_eq!(count(), "Sie können bis zu 10 Zeichen eingeben.");
    assert!(m
        .attr("#f-text", "aria-describedby")
        .unwrap()
        .split(' ')
        .any(|t| t == "f-text-count"));
    let area = |v: &str| {
        let el: web_sys::HtmlTextAreaElement = m.get("#f-text").unchecked_into();
        let _ = el.focus();
        el.set_value(v);
        el.dispatch_event(&bubbling("input")).unwrap();
    };
    area("  Hallo  ");
    assert_eq!(count(), "Noch 5 Zeichen");
    area("Hallo Welt");
    assert_eq!(count(), "Noch 0 Zeichen");
    area("Hallo Welt!");
    assert_eq!(count(), "1 Zeichen zu viel");
    assert!(m.q("#f-text-count.char-count-over").is_some());
    sleep(80).await;
    assert!(m.text().contains("1 Zeichen zu viel"));
    area("Hallo Welt!!!");
    assert_eq!(count(), "3 Zeichen zu viel");
    area("Hallo");
    assert_eq!(count(), "Noch 5 Zeichen");
    assert!(m.q("#f-text-count.char-count-over").is_none());
}

/// A form the server no longer has, or a form version it no longer takes: said in the page's
/// language (the server's message is English), and for a new version the way out is a reload.
#[wasm_bindgen_test]
async fn a_withdrawn_form_version_asks_for_a_reload() {
    clear_storage();
    let server = Server::default();
    server.reply(Ok(HttpResponse {
        status: 404,
        body: json!({"error": "unknown_form", "message": "There is no form `s`."}).to_string(),
    }));
    server.reply(Ok(HttpResponse {
        status: 413,
        body: json!({"error": "payload_too_large",
            "message": "The submission is larger than the server accepts."})
        .to_string(),
    }));
    server.reply(Ok(HttpResponse {
        status: 422,
        body: json!({"error": "unknown_form_version", "currentVersion": "2.0.1",
            "message": "Version 2.0.0 of the form is not (or no longer) accepted. Please reload the form."})
        .to_string(),
    }));
    let m = filled_check_page(&server).await;
    m.click("#submit-button");
    settle().await;
    let said = m.get("#submit-error").text_content().unwrap();
    assert!(
        said.contains("Dieses Formular wird nicht mehr angeboten"),
        "{said}"
    );
    assert!(!said.contains("There is no form"), "{said}");
    m.click("#submit-button");
    settle().await;
    let said = m.get("#submit-error").text_content().unwrap();
    assert!(
        said.contains("mit allen Dateien zusammen zu groß"),
        "{said}"
    );
    m.click("#submit-button");
    settle().await;
    let said = m.get("#submit-error").text_content().unwrap();
    assert!(
        said.contains("Das Formular wurde inzwischen geändert"),
        "{said}"
    );
    assert!(!said.contains("Please"), "{said}");
    // (Not clicked: the reload would reload the test page.)
    assert_eq!(
        m.get("#submit-button").text_content().unwrap(),
        "Seite neu laden"
    );
}

/// The reference number survives a reload of the confirmation (the tab keeps the receipt), and
/// the form's pages, opened again in that tab, say the application was sent.
#[wasm_bindgen_test]
async fn the_confirmation_survives_a_reload() {
    clear_storage();
    let server = Server::default();
    server.reply(Ok(HttpResponse {
        status: 201,
        body: json!({"reference": "S-2026-RELOD", "receivedAt": "2026-01-01T12:00:00Z"})
            .to_string(),
    }));
    let m = filled_check_page(&server).await;
    m.click("#submit-button");
    settle().await;
    assert!(m.text().contains("S-2026-RELOD"), "{}", m.text());
    drop(m);
    let m = mount(&server, "/antrag/s/bestaetigung").await;
    settle().await;
    assert!(m.text().contains("S-2026-RELOD"), "{}", m.text());
    drop(m);
    let m = mount(&server, "/antrag/s/pruefen").await;
    settle().await;
    assert!(m.text().contains("Antrag bereits gesendet"), "{}", m.text());
    assert!(!m.text().contains("Antrag absenden"), "{}", m.text());
    // A new application of the form forgets it.
    m.click_text("button", "Einen neuen Antrag dieser Art beginnen");
    settle().await;
    drop(m);
    let m = mount(&server, "/antrag/s/bestaetigung").await;
    settle().await;
    assert_eq!(
        m.get("h1").text_content().unwrap(),
        "Keine Bestätigung vorhanden"
    );
}

/// The ids of the submissions the server got, in order.
fn sent_ids(server: &Server) -> Vec<Value> {
    server
        .sent
        .borrow()
        .iter()
        .filter_map(|s| s.json.as_ref().map(|j| j["submissionId"].clone()))
        .collect()
}

/// After an attempt whose outcome is unknown, the same answers are sent with the same id, also
/// after a reload (the server then stores them once); changed answers get a new id (with the old
/// one the server would answer with the receipt of the first answers, and drop the change).
#[wasm_bindgen_test]
async fn a_changed_answer_is_a_new_attempt_and_a_reload_keeps_the_attempt() {
    clear_storage();
    let server = Server::default();
    for _ in 0..3 {
        server.reply(Err(NetError::Network));
    }
    server.reply(Ok(HttpResponse {
        status: 201,
        body: json!({"reference": "S-9", "receivedAt": "2026-01-01T10:00:00Z"}).to_string(),
    }));
    let m = filled_check_page(&server).await;
    m.click("#submit-button");
    settle().await;
    assert!(m.q("#submit-error").is_some(), "{}", m.text());
    // The page is reloaded: the same answers, the same attempt.
    drop(m);
    let m = mount(&server, "/antrag/s/pruefen").await;
    settle().await;
    m.click("#submit-button");
    settle().await;
    let ids = sent_ids(&server);
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[0], ids[1], "same answers after a reload: same id");
    // A correction: a new attempt.
    m.click("a[href='/antrag/s/eins#f-name']");
    settle().await;
    m.type_into("#f-name", "Anna Korrigiert");
    m.click("button[type='submit']");
    settle().await;
    m.click("#submit-button");
    settle().await;
    m.click("#submit-button");
    settle().await;
    assert!(m.text().contains("S-9"), "{}", m.text());
    let ids = sent_ids(&server);
    assert_eq!(ids.len(), 4);
    assert_ne!(ids[2], ids[1], "changed answers: a new id");
    assert_eq!(ids[3], ids[2], "then the same again");
    let last = server.sent.borrow()[3].json.clone().unwrap();
    assert_eq!(last["data"]["name"], "Anna Korrigiert");
}

#[wasm_bindgen_test]
async fn submission_success_shows_reference_and_clears_draft() {
    clear_storage();
    let server = Server::default();
    server.reply(Ok(HttpResponse {
        status: 201,
        body: json!({"reference": "S-2026-ABCDE", "receivedAt": "2026-01-01T12:00:00Z"})
            .to_string(),
    }));
    let m = filled_check_page(&server).await;
    // "Ändern" leads back to the field; a computed value is shown but cannot be changed.
    assert!(m.q("a[href='/antrag/s/eins#f-name']").is_some());
    assert!(m.text().contains("Zeichen"));
    assert_eq!(m.all(".summary-row"), 2);
    assert_eq!(m.all(".summary-actions a"), 1);
    m.click("#submit-button");
    settle().await;
    assert!(m.text().contains("S-2026-ABCDE"), "{}", m.text());
    assert!(m.text().contains("Danke."));
    // When it was received (in Germany: 12:00 UTC is 13:00 in winter, whatever the browser's
    // zone), and a record of what was sent, without change links.
    assert!(
        m.text().contains("Eingegangen am 01.01.2026, 13:00 Uhr."),
        "{}",
        m.text()
    );
    let record = m.get("details#record");
    assert!(record.get_attribute("open").is_none(), "closed on screen");
    assert!(record.text_content().unwrap().contains("Ihre Angaben"));
    assert!(record.text_content().unwrap().contains("Anna"));
    assert_eq!(m.all("#record .summary-actions"), 0);
    // A language switch keeps it, marked as written in German.
    m.click(".lang-toggle");
    settle().await;
    assert!(m.text().contains("Your answers"), "{}", m.text());
    assert!(m.get("#record").text_content().unwrap().contains("Anna"));
    assert_eq!(m.attr("#record > div", "lang").as_deref(), Some("de"));
    assert_eq!(server.sent.borrow().len(), 1);
    let s = server.sent.borrow()[0].clone();
    assert_eq!(s.method, "POST");
    assert_eq!(s.url, "/api/forms/s/submissions");
    let body = s.json.clone().unwrap();
    assert_eq!(body["form"], json!({"id": "s", "version": "2.0.0"}));
    let id = body["submissionId"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 36);
    assert!(s.headers.contains(&("Idempotency-Key".to_string(), id)));
    assert!(s.headers.contains(&("X-Test".to_string(), "1".to_string())));
    sleep(400).await;
    assert!(storage()
        .get_item("antrag:draft:s:2.0.0")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn server_rejection_422_is_shown_on_the_field() {
    clear_storage();
    let server = Server::default();
    server.reply(Ok(HttpResponse {
        status: 422,
        body: json!({"errors": [{"path": "name", "code": "rule", "params": {}, "message": "Der Server mag diesen Namen nicht."}]}).to_string(),
    }));
    let m = filled_check_page(&server).await;
    m.click("#submit-button");
    settle().await;
    assert_eq!(m.get("h1").text_content().unwrap(), "Eins");
    assert!(m
        .get(".error-summary")
        .text_content()
        .unwrap()
        .contains("Der Server mag diesen Namen nicht."));
    assert!(m
        .get("#f-name-error")
        .text_content()
        .unwrap()
        .contains("Der Server mag diesen Namen nicht."));
    assert_eq!(active_id(), "error-summary");
    let name: HtmlInputElement = m.get("#f-name").unchecked_into();
    assert_eq!(name.value(), "Anna");
    // The server's message is in the language the application was sent in: after a switch to
    // English it stays German, and is marked so.
    m.click(".lang-toggle");
    settle().await;
    let german = m.get("#f-name-error [lang='de']");
    assert_eq!(
        german.text_content().unwrap(),
        "Der Server mag diesen Namen nicht."
    );
}

#[wasm_bindgen_test]
async fn server_error_and_network_failure_keep_answers_and_retry_with_same_id() {
    clear_storage();
    let server = Server::default();
    server.reply(Ok(HttpResponse {
        status: 503,
        body: String::new(),
    }));
    server.reply(Err(NetError::Network));
    server.reply(Ok(HttpResponse {
        status: 201,
        body: json!({"reference": "S-1", "receivedAt": "2026-01-01T10:00:00Z"}).to_string(),
    }));
    let m = filled_check_page(&server).await;
    m.click("#submit-button");
    settle().await;
    assert!(
        m.text()
            .contains("Der Server konnte Ihren Antrag gerade nicht annehmen."),
        "{}",
        m.text()
    );
    assert_eq!(
        m.get("#submit-button").text_content().unwrap(),
        "Erneut senden"
    );
    assert_eq!(active_id(), "submit-error");
    m.click("#submit-button");
    settle().await;
    // The connection broke: whether it arrived is not known, and a retry is safe.
    assert!(
        m.text()
            .contains("Ob Ihr Antrag angekommen ist, ist nicht sicher."),
        "{}",
        m.text()
    );
    assert!(m.text().contains("nicht doppelt gespeichert"));
    assert!(m.text().contains("Anna"), "answers stay");
    m.click("#submit-button");
    settle().await;
    assert!(m.text().contains("S-1"));
    let sent = server.sent.borrow();
    assert_eq!(sent.len(), 3);
    let ids: Vec<_> = sent
        .iter()
        .map(|s| s.json.clone().unwrap()["submissionId"].clone())
        .collect();
    assert_eq!(ids[0], ids[1]);
    assert_eq!(ids[1], ids[2]);
}

#[wasm_bindgen_test]
async fn multipart_sends_files_as_parts() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/t/alles").await;
    let file = pdf("nachweis.pdf");
    choose(&m, "#f-nachweis", &file);
    settle().await;
    assert!(m
        .get(".file-list")
        .text_content()
        .unwrap()
        .contains("nachweis.pdf"));
    // Remove and choose again.
    m.click(".file-list button");
    settle().await;
    assert!(!m
        .get(".file-list")
        .text_content()
        .unwrap()
        .contains("nachweis.pdf"));
    choose(&m, "#f-nachweis", &file);
    settle().await;
    assert!(m
        .get(".file-list")
        .text_content()
        .unwrap()
        .contains("nachweis.pdf"));
    m.type_into("#f-name", "Anna");
    m.click("#f-ok");
    m.click("button[type='submit']");
    settle().await;
    m.click("button[type='submit']");
    settle().await;
    server.reply(Ok(HttpResponse {
        status: 201,
        body: json!({"reference": "T-1", "receivedAt": ""}).to_string(),
    }));
    m.click("#submit-button");
    settle().await;
    assert!(m.text().contains("T-1"), "{}", m.text());
    let sent = server.sent.borrow();
    assert!(
        sent[0]
            .json
            .as_ref()
            .unwrap()
            .to_string()
            .contains("nachweis.pdf"),
        "{:?}",
        sent[0].json
    );
    assert_eq!(
        sent[0].parts,
        vec!["submission".to_string(), "file-1".to_string()]
    );
}

/// Files together over the server's limit (`config.json`'s `bodyLimit`): said before anything
/// is uploaded, with both sizes; nothing is lost, and within the limit it is sent.
#[wasm_bindgen_test]
async fn files_over_the_servers_limit_are_said_before_the_upload() {
    clear_storage();
    let server = Server::default();
    *server.config.borrow_mut() = Some(json!({"bodyLimit": 2000}).to_string());
    let m = mount(&server, "/antrag/t/alles").await;
    let parts = js_sys::Array::of1(&"%PDF-1.4 ".repeat(300).into());
    let opts = web_sys::FilePropertyBag::new();
    opts.set_type("application/pdf");
    let big = web_sys::File::new_with_str_sequence_and_options(&parts, "gross.pdf", &opts).unwrap();
    choose(&m, "#f-nachweis", &big);
    m.type_into("#f-name", "Anna");
    m.click("#f-ok");
    m.click("button[type='submit']");
    settle().await;
    m.click("button[type='submit']");
    settle().await;
    m.click("#submit-button");
    settle().await;
    let text = m.get("#submit-error").text_content().unwrap();
    assert!(
        text.contains("zusammen 3,5 KB groß, der Server nimmt höchstens 1,9 KB an"),
        "{text}"
    );
    assert!(server.sent.borrow().is_empty(), "nothing uploaded");
    // Smaller files: sent, answers and all.
    m.click_text("a", "Ändern");
    settle().await;
    let name: HtmlInputElement = m.get("#f-name").unchecked_into();
    assert_eq!(name.value(), "Anna", "answers kept");
    m.click(".file-list button");
    settle().await;
    choose(&m, "#f-nachweis", &pdf("klein.pdf"));
    m.click("button[type='submit']");
    settle().await;
    server.reply(Ok(HttpResponse {
        status: 201,
        body: json!({"reference": "T-2", "receivedAt": ""}).to_string(),
    }));
    m.click("#submit-button");
    settle().await;
    assert!(m.text().contains("T-2"), "{}", m.text());
    assert_eq!(server.sent.borrow().len(), 1);
}

#[wasm_bindgen_test]
async fn language_switch_updates_html_lang() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/s/eins").await;
    // A message already on screen follows the switch.
    m.type_into("#f-name", "x");
    m.type_into("#f-name", "");
    m.blur("#f-name");
    settle().await;
    let german = m.get("#f-name-error").text_content().unwrap();
    m.click(".lang-toggle");
    settle().await;
    let english = m.get("#f-name-error").text_content().unwrap();
    assert_ne!(german, english, "the message is re-judged in English");
    assert!(english.contains("Enter"), "{english}");
    assert_eq!(
        doc()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("en")
    );
    assert!(m.text().contains("Continue"));
    // German-only form text is marked as German.
    assert_eq!(m.attr("h1", "lang").as_deref(), Some("de"));
    m.click(".lang-toggle");
    settle().await;
    assert_eq!(
        doc()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("de")
    );
}

#[wasm_bindgen_test]
async fn check_page_marks_texts_the_form_gives_only_in_german() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/l/p").await;
    m.click(".lang-toggle");
    settle().await;
    // The author's add label exists only in German.
    assert_eq!(m.attr("#f-kids-add", "lang").as_deref(), Some("de"));
    // A generic add button is English; its hidden suffix names the German-only list in German.
    assert_eq!(m.attr("#f-tiere-add", "lang"), None);
    assert_eq!(
        m.attr("#f-tiere-add .visually-hidden", "lang").as_deref(),
        Some("de")
    );
    m.click("#f-farbe-0");
    m.click("#f-form-0");
    m.type_into("#f-kids-0-vorname", "Anna");
    m.click("#f-ok");
    m.click("button[type='submit']");
    settle().await;
    assert!(m.text().contains("Check your answers"), "{}", m.text());
    let lang_of = |text: &str| -> Option<String> {
        let all = m.root.query_selector_all("h2, h3, h4, dt, dd").unwrap();
        (0..all.length())
            .filter_map(|i| all.get(i))
            .map(|n| n.unchecked_into::<web_sys::Element>())
            .find(|el| el.text_content().unwrap_or_default().trim() == text)
            .unwrap_or_else(|| panic!("no heading, term or value {text:?}"))
            .get_attribute("lang")
    };
    // Page title, entry title and the chosen option exist only in German.
    assert_eq!(lang_of("Seite").as_deref(), Some("de"));
    assert_eq!(lang_of("Kind 1").as_deref(), Some("de"));
    assert_eq!(lang_of("Rot").as_deref(), Some("de"));
    assert_eq!(lang_of("Form").as_deref(), Some("de"));
    // Translated texts and the citizen's own words are in the page's language.
    assert_eq!(lang_of("Colour"), None);
    assert_eq!(lang_of("Round"), None);
    assert_eq!(lang_of("Children"), None);
    assert_eq!(lang_of("First name"), None);
    assert_eq!(lang_of("Anna"), None);
    // The hidden part of "Change" names the question in the question's language.
    let change_lang = |label: &str| -> Option<String> {
        let rows = m.root.query_selector_all(".summary-row").unwrap();
        (0..rows.length())
            .filter_map(|i| rows.get(i))
            .map(|n| n.unchecked_into::<web_sys::Element>())
            .find(|r| {
                let dt = r.query_selector("dt").unwrap().unwrap();
                dt.text_content().unwrap_or_default().trim() == label
            })
            .unwrap_or_else(|| panic!("no row {label:?}"))
            .query_selector(".summary-actions .visually-hidden")
            .unwrap()
            .expect("a hidden context")
            .get_attribute("lang")
    };
    assert_eq!(change_lang("Form").as_deref(), Some("de"));
    assert_eq!(change_lang("Colour"), None);
}

#[wasm_bindgen_test]
async fn check_page_says_where_an_answer_is_still_missing() {
    clear_storage();
    let server = Server::default();
    // Answered "yes" later (as from a draft): the page "Hund" is wanted but was never filled.
    let m = mount(&server, "/antrag/r/eins").await;
    m.click("#f-hund-0");
    m.click("button[type='submit']");
    settle().await;
    let m2 = mount(&server, "/antrag/r/pruefen").await;
    drop(m);
    settle().await;
    assert!(m2.text().contains("Angaben prüfen"), "{}", m2.text());
    assert_eq!(m2.all(".summary-problem"), 1, "{}", m2.text());
    let row = m2
        .get(".summary-problem")
        .closest(".summary-row")
        .unwrap()
        .unwrap();
    let text = row.text_content().unwrap();
    assert!(
        text.contains("Name") && text.contains("Nicht angegeben"),
        "{text}"
    );
    assert!(text.contains("Fehler:"), "{text}");
    // A list with more entries than it may have (a draft from before the form allowed only
    // one) says so under its title, with the way to it; a declaration not given reads "Nicht
    // bestätigt".
    drop(m2);
    let draft =
        json!({"savedAt": 1.7e12, "answers": {"tiere": [{"name": "Bello"}, {"name": "Mia"}]}});
    storage()
        .set_item("antrag:draft:l:1.0.0", &draft.to_string())
        .unwrap();
    let m4 = mount(&server, "/antrag/l/pruefen").await;
    settle().await;
    let list = m4.get(".summary-list-problem");
    let text = list.text_content().unwrap();
    assert!(
        text.contains("Fehler:") && text.contains("„Tiere“ darf nur einen Eintrag haben."),
        "{text}"
    );
    assert!(
        list.query_selector("a[href='/antrag/l/p#f-tiere']")
            .unwrap()
            .is_some(),
        "{}",
        list.outer_html()
    );
    assert!(m4.text().contains("Nicht bestätigt"), "{}", m4.text());
    drop(m4);
    // A complete application has none.
    let server = Server::default();
    let m3 = filled_check_page(&server).await;
    assert_eq!(m3.all(".summary-problem"), 0);
}

#[wasm_bindgen_test]
async fn crash_page_offers_a_reload_and_keeps_the_draft() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/t/alles").await;
    m.type_into("#f-name", "Erika");
    sleep(450).await;
    // What the panic hook does to the page, here into the test's own element.
    antrag_app::render_crash_page(&m.root);
    assert!(m.q("#f-name").is_none(), "the broken app is gone");
    assert!(
        m.text().contains("Es ist ein Fehler aufgetreten"),
        "{}",
        m.text()
    );
    assert_eq!(m.all("main h1"), 1);
    // The reload is a plain form (works without script) and reloads the same address.
    let form = m.get("main form");
    assert_eq!(form.get_attribute("method").as_deref(), Some("get"));
    assert!(form.get_attribute("action").is_none());
    assert!(m
        .get("main form button")
        .text_content()
        .unwrap()
        .contains("neu laden"));
    // Nothing typed is lost: the draft is still there for the reload.
    let draft = storage().get_item("antrag:draft:t:1.0.0").unwrap();
    assert!(draft.is_some_and(|d| d.contains("Erika")));
    // In the language the page is in (the app keeps <html lang> current; storage may be
    // blocked), else in the remembered one.
    let html = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .document_element()
        .unwrap();
    let lang = html.get_attribute("lang");
    html.set_attribute("lang", "en").unwrap();
    antrag_app::render_crash_page(&m.root);
    assert!(m.text().contains("Something went wrong"), "{}", m.text());
    html.remove_attribute("lang").unwrap();
    storage().set_item("antrag:locale", "en").unwrap();
    antrag_app::render_crash_page(&m.root);
    assert!(m.text().contains("Something went wrong"), "{}", m.text());
    if let Some(l) = lang {
        html.set_attribute("lang", &l).unwrap();
    }
    clear_storage();
}

#[wasm_bindgen_test]
async fn texts_and_answers_never_become_markup() {
    clear_storage();
    storage()
        .set_item(
            "antrag:draft:x:1.0.0",
            &json!({"savedAt": 0, "answers": {"a": "</textarea><img src=y>\"'", "t": "\n<b>z</b>"}})
                .to_string(),
        )
        .unwrap();
    let server = Server::default();
    let m = mount(&server, "/antrag/x/p").await;
    assert_eq!(m.all("img"), 0, "{}", m.root.inner_html());
    assert_eq!(m.all("script"), 0);
    assert_eq!(m.all("b"), 0);
    assert_eq!(m.all("i"), 0);
    assert!(m.attr("#f-a", "autofocus").is_none());
    assert!(m
        .get("label[for='f-a']")
        .text_content()
        .unwrap()
        .starts_with("<img src=x onerror=alert(1)> & \"Name\""));
    // The safe subset still works.
    assert_eq!(m.all("#f-a-hint strong"), 1);
    assert_eq!(
        m.attr("#f-a-hint a", "href").as_deref(),
        Some("https://example.org/?a=1&b=2")
    );
    assert_eq!(
        m.attr("#f-c-0", "value").as_deref(),
        Some("\"><script>x</script>")
    );
    // Restored answers are values, not markup (a textarea keeps a leading newline).
    let a: HtmlInputElement = m.get("#f-a").unchecked_into();
    assert_eq!(a.value(), "</textarea><img src=y>\"'");
    let t: web_sys::HtmlTextAreaElement = m.get("#f-t").unchecked_into();
    assert_eq!(t.value(), "\n<b>z</b>");
    clear_storage();
}

#[wasm_bindgen_test]
async fn enabled_if_and_required_if_follow_the_answers() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/e/p").await;
    let optional = || m.q("#f-n-opt:not([hidden])").is_some();
    assert!(m.attr("#f-n", "readonly").is_some());
    assert!(m.attr("#f-c-0", "disabled").is_some());
    assert!(optional(), "not required while b is not yes");
    // While read-only, the field says which answer decides that, as part of its description.
    let why = |sel: &str| m.get(sel).text_content().unwrap_or_default();
    assert_eq!(
        why("#f-n-why"),
        "Ob Sie hier etwas angeben können, hängt von Ihrer Antwort zu „Betrieb?“ ab."
    );
    assert_eq!(
        m.attr("#f-n", "aria-describedby").as_deref(),
        Some("f-n-why")
    );
    assert!(why("#f-c-why").contains("„Betrieb?“"));
    assert!(
        why("#f-d-hint").contains("„Betrieb?“"),
        "a file field says it too"
    );
    assert!(m.attr("#f-d", "disabled").is_some());
    assert!(m
        .attr("#f-c-0", "aria-describedby")
        .is_none_or(|d| !d.contains("why")));
    assert!(m
        .attr("fieldset[data-desc='f-c']", "aria-describedby")
        .is_some_and(|d| d.contains("f-c-why")));
    m.click("#f-b-0");
    settle().await;
    assert!(m.attr("#f-n", "readonly").is_none());
    assert!(m.attr("#f-c-0", "disabled").is_none());
    assert!(!optional(), "required once b is yes");
    assert_eq!(
        why("#f-n-why"),
        "",
        "nothing to explain while it can be changed"
    );
    assert!(
        !why("#f-d-hint").contains("Betrieb"),
        "{}",
        why("#f-d-hint")
    );
    m.click("#f-b-1");
    settle().await;
    assert!(m.attr("#f-n", "readonly").is_some());
    assert!(optional());
    assert!(why("#f-n-why").contains("„Betrieb?“"));
    // In English, the German-only label it names is marked as German.
    m.click(".lang-toggle");
    settle().await;
    assert!(
        why("#f-n-why").starts_with("Whether you can answer this"),
        "{}",
        why("#f-n-why")
    );
    assert_eq!(why("#f-n-why span[lang='de']"), "“Betrieb?”");
    assert_eq!(why("#f-d-hint span[lang='de']"), "“Betrieb?”");
}

/// A message that depends on another answer follows it: a rule comparing two fields, and a
/// field that becomes read-only and optional.
#[wasm_bindgen_test]
async fn messages_follow_the_answers_they_depend_on() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/k/p").await;
    let eigen_error = || m.q("#f-eigen-error:not([hidden])").is_some();
    m.type_into("#f-kosten", "1000");
    m.blur("#f-kosten");
    m.type_into("#f-eigen", "2000");
    m.blur("#f-eigen");
    settle().await;
    assert!(eigen_error(), "2000 of 1000: {}", m.text());
    m.type_into("#f-kosten", "5000");
    settle().await;
    assert!(!eigen_error(), "2000 of 5000");
    m.type_into("#f-kosten", "1500");
    settle().await;
    assert!(eigen_error(), "2000 of 1500");
    assert_eq!(m.attr("#f-eigen", "aria-invalid").as_deref(), Some("true"));
    drop(m);

    let m = mount(&server, "/antrag/e/p").await;
    m.click("#f-b-0");
    settle().await;
    m.type_into("#f-n", "");
    m.blur("#f-n");
    settle().await;
    assert!(
        m.q("#f-n-error:not([hidden])").is_some(),
        "required while b is yes"
    );
    m.click("#f-b-1");
    settle().await;
    assert!(
        m.q("#f-n-error:not([hidden])").is_none(),
        "read-only and optional now"
    );
    assert!(m.attr("#f-n", "aria-invalid").is_none());
}

/// Checkboxes are judged as one answer when the focus leaves the group, not between boxes.
#[wasm_bindgen_test]
async fn checkboxes_are_checked_when_the_group_is_left() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/m/p").await;
    let focus = |sel: &str| {
        m.get(sel).unchecked_into::<HtmlElement>().focus().unwrap();
    };
    let shown = || m.q("#f-tage-error:not([hidden])").is_some();
    focus("#f-tage-0");
    m.click("#f-tage-0");
    focus("#f-tage-1");
    settle().await;
    assert!(!shown(), "still in the group");
    focus("#f-x");
    settle().await;
    assert!(shown(), "left with one of at least two: {}", m.text());
    assert!(m.text().contains("mindestens 2"), "{}", m.text());
    focus("#f-tage-1");
    m.click("#f-tage-1");
    settle().await;
    assert!(!shown(), "two now (live while in error)");
}

/// Focus moving from a field to "Weiter" (Tab from the last field) shows the message like any way of leaving
/// it (a click on the button is not lost: the message waits for the click, see pointer.test.mjs).
#[wasm_bindgen_test]
async fn tab_from_the_last_field_to_the_button_checks_it() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/k/p").await;
    // A date field says how to write a date, also under the author's hint (unless it does).
    let year = js_sys::Date::new_0().get_full_year();
    assert_eq!(
        m.get("#f-am-hint").text_content().unwrap(),
        format!("Steht im Vertrag. z. B. 01.09.{year}")
    );
    // Within the field's bounds: a birth date at least 16 years ago.
    assert_eq!(
        m.get("#f-geb-hint").text_content().unwrap(),
        format!("z. B. 01.09.{}", year - 17)
    );
    assert_eq!(
        m.get("#f-bis-hint").text_content().as_deref(),
        Some("Format TT.MM.JJJJ")
    );
    m.type_into("#f-eigen", "abc");
    m.get("main form button[type=submit]")
        .unchecked_into::<HtmlElement>()
        .focus()
        .unwrap();
    settle().await;
    assert!(
        m.q("#f-eigen-error:not([hidden])").is_some(),
        "{}",
        m.text()
    );
}

/// The configuration is asked for once, however many parts of the app need it while the
/// request is under way (index.html's preload answers exactly one request).
#[wasm_bindgen_test]
async fn the_configuration_is_requested_once() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/k/p").await;
    settle().await;
    assert!(m.q("#f-kosten").is_some());
    assert_eq!(*server.config_asked.borrow(), 1);
}

/// A page whose every item is hidden is no step: not counted, not visited, not on the check page;
/// a page of texts alone is a step but has no answers to check.
#[wasm_bindgen_test]
async fn pages_with_nothing_to_show_are_skipped() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/h/a").await;
    assert!(m.text().contains("Schritt 1 von 3"), "{}", m.text());
    m.click("#f-miete-0");
    settle().await;
    m.click("button[type='submit']");
    settle().await;
    assert_eq!(m.get("h1").text_content().unwrap(), "Hinweise");
    assert!(m.text().contains("Schritt 2 von 3"), "{}", m.text());
    assert!(!m.text().contains("Eigentum"), "{}", m.text());
    // Back leads past it too.
    m.click(".back-link");
    settle().await;
    assert_eq!(m.get("h1").text_content().unwrap(), "Wohnen");
    m.click("button[type='submit']");
    settle().await;
    m.click("button[type='submit']");
    settle().await;
    assert_eq!(m.get("h1").text_content().unwrap(), "Kontakt");
    m.click("button[type='submit']");
    settle().await;
    let titles: Vec<String> = {
        let all = m.root.query_selector_all("main h2").unwrap();
        (0..all.length())
            .filter_map(|i| all.get(i))
            .map(|n| n.text_content().unwrap_or_default())
            .collect()
    };
    assert_eq!(titles, ["Wohnen", "Kontakt"], "{}", m.text());
    // An owner has the page.
    m.click("a[href='/antrag/h/a#f-miete']");
    settle().await;
    m.click("#f-miete-1");
    settle().await;
    assert!(m.text().contains("Schritt 1 von 4"), "{}", m.text());
    m.click("button[type='submit']");
    settle().await;
    // The page the change revealed comes next.
    assert_eq!(m.get("h1").text_content().unwrap(), "Eigentum");
    assert!(m.text().contains("Schritt 2 von 4"), "{}", m.text());
}

/// A skipped page opened by its address (a bookmark, an old link) leads on to the next page that
/// is shown, instead of an empty page with only a heading and "Weiter".
#[wasm_bindgen_test]
async fn a_skipped_page_opened_by_address_leads_on() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/h/b").await;
    settle().await;
    assert_eq!(
        m.get("h1").text_content().unwrap(),
        "Hinweise",
        "{}",
        m.text()
    );
    assert!(m.text().contains("Schritt 2 von 3"), "{}", m.text());
    assert!(!m.text().contains("Eigentum"), "{}", m.text());
}

/// In the English UI, an author's message given only in German is marked as German wherever it
/// is shown: on the field and in the error summary. Built-in messages are English, with the
/// German-only label they quote marked.
#[wasm_bindgen_test]
async fn german_only_messages_are_marked_in_the_english_ui() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/k/p").await;
    m.click(".lang-toggle");
    settle().await;
    m.type_into("#f-kosten", "1000");
    m.blur("#f-kosten");
    m.type_into("#f-eigen", "2000");
    m.blur("#f-eigen");
    m.type_into("#f-geb", "1.1.2026");
    m.blur("#f-geb");
    settle().await;
    let german = m.get("#f-eigen-error span[lang='de']");
    assert_eq!(german.text_content().unwrap(), "Mehr als die Kosten");
    assert!(m.q("#f-geb-error:not([hidden])").is_some(), "{}", m.text());
    let marked: Vec<String> = {
        let all = m.root.query_selector_all("#f-geb-error [lang]").unwrap();
        (0..all.length())
            .filter_map(|i| all.get(i))
            .map(|n| n.unchecked_into::<web_sys::Element>())
            .map(|e| {
                format!(
                    "{}={}",
                    e.get_attribute("lang").unwrap(),
                    e.text_content().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        marked,
        ["de=Geburtsdatum"],
        "only the quoted label is German"
    );
    let said = m.get("#f-geb-error").text_content().unwrap();
    assert!(said.contains("“Geburtsdatum”"), "{said}");
    m.click("button[type='submit']");
    settle().await;
    let in_summary = m.get(".error-summary-list a[href='#f-eigen'] span[lang='de']");
    assert_eq!(in_summary.text_content().unwrap(), "Mehr als die Kosten");
    assert_eq!(
        m.get(".error-summary-list a[href='#f-geb'] [lang='de']")
            .text_content()
            .unwrap(),
        "Geburtsdatum"
    );
    // Back in German, nothing needs marking.
    m.click(".lang-toggle");
    settle().await;
    assert!(m.q("#f-eigen-error [lang]").is_none(), "{}", m.text());
}

/// "Ändern" on a question answered by a radio button puts the focus on the chosen one, where
/// Tab would land: on another, Space would change the answer.
#[wasm_bindgen_test]
async fn change_link_focuses_the_chosen_option() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/l/p").await;
    m.click("#f-farbe-1");
    m.click("#f-form-0");
    m.type_into("#f-kids-0-vorname", "Anna");
    m.click("#f-ok");
    m.click("button[type='submit']");
    settle().await;
    assert!(m.text().contains("Angaben prüfen"), "{}", m.text());
    m.click("a[href='/antrag/l/p#f-farbe']");
    settle().await;
    for _ in 0..5 {
        if active_id() == "f-farbe-1" {
            break;
        }
        settle().await;
    }
    assert_eq!(active_id(), "f-farbe-1");
}

/// A list with `minItems` starts with its empty entries everywhere, not only once its page was
/// opened: the check page does not ask for "mindestens einen Eintrag" while the list's page
/// shows an empty "Kind 1" (the check page opened before that page, e.g. from a bookmark).
#[wasm_bindgen_test]
async fn a_list_has_its_minimum_entries_before_its_page_is_opened() {
    clear_storage();
    let server = Server::default();
    let m = mount(&server, "/antrag/t/pruefen").await;
    settle().await;
    assert!(m.text().contains("Angaben prüfen"), "{}", m.text());
    assert!(m.text().contains("Kind 1"), "{}", m.text());
    assert!(
        !m.text().contains("mindestens einen Eintrag"),
        "{}",
        m.text()
    );
}
