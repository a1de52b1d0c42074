//! Native speed of the core on a large form: compile, `validate`, `validate_field`, `payload`
//! and expression evaluation (`is_visible`, `computed`, `expr::parse`).
//!
//! ```sh
//! node tests/bench/forms.mjs target/bench            # writes target/bench/forms/bench-1000.json
//! cargo run --release -p antrag-core --example bench -- target/bench/forms/bench-1000.json
//! ```
//!
//! `cargo xtask bench` runs it in the size-tuned `release` profile (what the browser gets) and in
//! the `server` profile, and puts the numbers into docs/performance.md. Only `std::time`: no
//! benchmark framework, so `cargo test --all-targets` stays quick to compile.
//!
//! Output: one JSON object on stdout. Timing: after a warm-up, each measurement is repeated in
//! batches of about 20 ms; the result is the median time per call over the batches.

use antrag_core::model::{FormDefinition, Item};
use antrag_core::value::Date;
use antrag_core::{expr, payload, validate, validate_field, CodeLists, Ctx, Form, Locale};
use serde_json::{json, Map, Value};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Median time per call of `f`, in microseconds, and the number of calls made.
fn time<R>(mut f: impl FnMut() -> R) -> (f64, u64) {
    // Warm-up, and a first estimate of the cost of one call.
    let start = Instant::now();
    let mut warm = 0u64;
    while warm < 3 || start.elapsed() < Duration::from_millis(50) {
        black_box(f());
        warm += 1;
    }
    let per_call = start.elapsed().as_secs_f64() / warm as f64;
    let batch = ((0.020 / per_call).ceil() as u64).max(1);
    let mut samples = Vec::new();
    let total = Instant::now();
    while samples.len() < 5 || (total.elapsed() < Duration::from_millis(400) && samples.len() < 200)
    {
        let t = Instant::now();
        for _ in 0..batch {
            black_box(f());
        }
        samples.push(t.elapsed().as_secs_f64() * 1e6 / batch as f64);
    }
    samples.sort_by(f64::total_cmp);
    (samples[samples.len() / 2], batch * samples.len() as u64)
}

/// A plausible, valid answer for every field (repeats get two entries), except `kurz`, which is
/// one character too long, so that `validate` finds one problem and `kurz_lang` is visible.
fn answers(items: &[Item], out: &mut Map<String, Value>) {
    for item in items {
        let Some(id) = item.id() else { continue };
        let value = match item {
            Item::Repeat(r) => {
                let entries = (0..2)
                    .map(|_| {
                        let mut e = Map::new();
                        answers(&r.items, &mut e);
                        Value::Object(e)
                    })
                    .collect();
                Value::Array(entries)
            }
            Item::Group(g) => {
                let mut e = Map::new();
                answers(&g.items, &mut e);
                Value::Object(e)
            }
            Item::Text(_) if id == "kurz" => json!("abcdef"),
            Item::Text(_) | Item::Textarea(_) => json!("Beispieltext"),
            Item::Integer(_) => json!("42"),
            Item::Date(_) => json!("01.09.2026"),
            Item::Email(_) => json!("post@example.de"),
            Item::YesNo(_) => json!(true),
            Item::Choice(f) => match f.options.as_ref().and_then(|o| o.first()) {
                Some(o) => json!(o.value),
                None => continue,
            },
            _ => continue,
        };
        out.insert(id.to_string(), value);
    }
}

/// Instance paths of every top-level field with a `visibleIf`.
fn conditioned(def: &FormDefinition) -> Vec<String> {
    def.pages
        .iter()
        .flat_map(|p| &p.items)
        .filter(|i| i.visible_if().is_some())
        .filter_map(|i| i.id().map(str::to_string))
        .collect()
}

fn fields(items: &[Item]) -> usize {
    items
        .iter()
        .map(|i| match i {
            Item::Group(_) | Item::Repeat(_) => fields(i.children()),
            _ => usize::from(i.field().is_some()),
        })
        .sum()
}

fn run(file: &str, label: &str) -> Result<Value, String> {
    let src = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let lists = CodeLists::new();
    let form = Form::from_json(&src, &lists).map_err(|d| format!("{file}: {d:?}"))?;
    let def = form.def().clone();
    let n_fields = def.pages.iter().map(|p| fields(&p.items)).sum::<usize>();
    let mut a = Map::new();
    for p in &def.pages {
        answers(&p.items, &mut a);
    }
    let a = Value::Object(a);
    let ctx = Ctx {
        today: Date::from_ymd(2026, 6, 1).ok_or("date")?,
        locale: Locale::De,
    };
    let problems = validate(&form, &a, &ctx);
    if problems.len() != 1 || problems[0].path != "kurz" {
        return Err(format!(
            "{file}: expected exactly one problem (kurz too long), got {:?}",
            problems.iter().map(|p| &p.path).collect::<Vec<_>>()
        ));
    }
    let cond = conditioned(&def);
    let summe_expr = def
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .find(|i| i.id() == Some("summe"))
        .and_then(|i| i.field())
        .and_then(|(_, f)| f.expr.clone())
        .ok_or("the form has no computed field `summe`")?;
    let sum_refs = expr::parse(&summe_expr)
        .map_err(|e| format!("{e:?}"))?
        .references()
        .len();

    let mut rows = Vec::new();
    let mut add = |name: String, (us, calls): (f64, u64)| {
        eprintln!("  {label:>8} {name:<60} {us:>10.2} µs  ({calls} calls)");
        rows.push(json!({ "name": name, "us": us, "calls": calls }));
    };
    add(
        format!(
            "Form::from_json (parse + compile, {} KiB)",
            src.len() / 1024
        ),
        time(|| Form::from_json(&src, &lists).is_ok()),
    );
    add(
        "validate (whole form)".into(),
        time(|| validate(&form, &a, &ctx).len()),
    );
    add(
        "validate_field (kurz, one keystroke)".into(),
        time(|| validate_field(&form, &a, "kurz", &ctx).len()),
    );
    add("payload".into(), time(|| payload(&form, &a, &ctx)));
    add(
        format!("is_visible of all {} conditioned fields", cond.len()),
        time(|| cond.iter().filter(|p| form.is_visible(p, &a, &ctx)).count()),
    );
    add(
        "is_visible (kurz_lang, one condition)".into(),
        time(|| form.is_visible("kurz_lang", &a, &ctx)),
    );
    add(
        format!("computed (summe, sum over {sum_refs} references)"),
        time(|| form.computed("summe", &a, &ctx)),
    );
    add(
        format!("expr::parse (summe, {} characters)", summe_expr.len()),
        time(|| expr::parse(&summe_expr).is_ok()),
    );
    Ok(json!({
        "profile": label,
        "form": def.id,
        "fields": n_fields,
        "results": rows,
    }))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut label = if cfg!(debug_assertions) {
        "debug".to_string()
    } else {
        "release".to_string()
    };
    let mut files = Vec::new();
    while let Some(a) = args.next() {
        if a == "--label" {
            label = args.next().unwrap_or(label);
        } else {
            files.push(a);
        }
    }
    if files.is_empty() {
        eprintln!(
            "usage: bench [--label NAME] FORM.json…  (generate forms with tests/bench/forms.mjs)"
        );
        std::process::exit(2);
    }
    let mut out = Vec::new();
    for f in &files {
        match run(f, &label) {
            Ok(v) => out.push(v),
            Err(e) => {
                eprintln!("bench: {e}");
                std::process::exit(1);
            }
        }
    }
    println!("{}", Value::Array(out));
}
