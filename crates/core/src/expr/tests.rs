use super::*;
use crate::value::{Date, Dec};
use proptest::prelude::*;
use std::collections::BTreeMap;

struct Fields(BTreeMap<&'static str, (Type, Value)>);

fn fields() -> Fields {
    let d = |s: &str| Dec::parse_canonical(s).unwrap();
    let date = |s: &str| Value::Date(Date::parse_iso(s).unwrap());
    let mut m = BTreeMap::new();
    m.insert("alter", (Type::Number, Value::Number(d("17"))));
    m.insert("leer", (Type::Number, Value::Null));
    m.insert("betrag", (Type::Money, Value::Money(d("1234.56"))));
    m.insert("kosten", (Type::Money, Value::Money(d("100"))));
    m.insert("teilzeit", (Type::Bool, Value::Bool(true)));
    m.insert("verheiratet", (Type::Bool, Value::Null));
    m.insert("name", (Type::Text, Value::Text("Müller".into())));
    m.insert("traeger.rechtsform", (Type::Text, Value::Text("ev".into())));
    m.insert("geburtsdatum", (Type::Date, date("2010-09-01")));
    m.insert("beginn", (Type::Date, date("2026-09-01")));
    m.insert("ende", (Type::Date, Value::Null));
    m.insert(
        "sprachen",
        (
            Type::List(Box::new(Type::Text)),
            Value::List(vec![Value::Text("de".into()), Value::Text("en".into())]),
        ),
    );
    m.insert(
        "plaetze[*].zuschuss",
        (
            Type::List(Box::new(Type::Money)),
            Value::List(vec![
                Value::Money(d("10000")),
                Value::Null,
                Value::Money(d("5000.5")),
            ]),
        ),
    );
    m.insert(
        "plaetze[*].name",
        (
            Type::List(Box::new(Type::Text)),
            Value::List(vec![
                Value::Text("A".into()),
                Value::Text(" ".into()),
                Value::Null,
            ]),
        ),
    );
    m.insert(
        "leer_liste",
        (Type::List(Box::new(Type::Money)), Value::List(vec![])),
    );
    m.insert("größe_ä", (Type::Number, Value::Number(d("2"))));
    m.insert("datei", (Type::Any, Value::Null));
    Fields(m)
}

impl Scope for Fields {
    fn resolve(&self, r: &str) -> Option<Type> {
        self.0.get(r).map(|(t, _)| t.clone())
    }
}
impl Env for Fields {
    fn lookup(&self, r: &str) -> Value {
        self.0.get(r).map_or(Value::Null, |(_, v)| v.clone())
    }
    fn today(&self) -> Date {
        Date::from_ymd(2026, 9, 1).unwrap()
    }
}

fn ev(src: &str) -> Value {
    let e = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    eval(&e, &fields())
}
fn ty(src: &str) -> Type {
    let e = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    check(&e, &fields()).unwrap_or_else(|e| panic!("{src}: {e:?}"))
}
fn type_err(src: &str) -> ExprError {
    let e = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    let errs = check(&e, &fields()).expect_err(src);
    errs[0].clone()
}
fn num(s: &str) -> Value {
    Value::Number(Dec::parse_canonical(s).unwrap())
}
fn money(s: &str) -> Value {
    Value::Money(Dec::parse_canonical(s).unwrap())
}
fn date(s: &str) -> Value {
    Value::Date(Date::parse_iso(s).unwrap())
}
fn yes(src: &str) {
    assert_eq!(ev(src), Value::Bool(true), "{src}");
}
fn no(src: &str) {
    assert_eq!(ev(src), Value::Bool(false), "{src}");
}
/// The error of `src` and the source text it points at.
fn perr(src: &str) -> (String, &str) {
    let e = parse(src).expect_err(src);
    (e.message, &src[e.offset..e.offset + e.len])
}

#[test]
fn literals() {
    assert_eq!(ev("21460"), num("21460"));
    assert_eq!(ev("20.5"), num("20.5"));
    assert_eq!(ev("-3"), num("-3"));
    assert_eq!(ev(r#""a\"b""#), Value::Text("a\"b".into()));
    assert_eq!(ev(r"'it\'s\\\n\t'"), Value::Text("it's\\\n\t".into()));
    assert_eq!(ev(r#"'say "hi"'"#), Value::Text("say \"hi\"".into()));
    assert_eq!(ev("true"), Value::Bool(true));
    assert_eq!(ev("false"), Value::Bool(false));
    assert_eq!(ev("null"), Value::Null);
    assert_eq!(ev("\"äöüß €\""), Value::Text("äöüß €".into()));
}

#[test]
fn references() {
    let e = parse("sum(plaetze[*].zuschuss) <= 21460 and traeger.rechtsform == 'ev' and alter > 3 or traeger.rechtsform == 'x' or größe_ä > 1").unwrap();
    assert_eq!(
        e.references(),
        vec![
            "plaetze[*].zuschuss",
            "traeger.rechtsform",
            "alter",
            "größe_ä"
        ]
    );
    assert_eq!(e.source().len(), e.to_string().len());
    assert_eq!(ev("traeger.rechtsform"), Value::Text("ev".into()));
    assert_eq!(ev("größe_ä"), num("2"));
    assert_eq!(parse("x1._y").unwrap().references(), vec!["x1._y"]);
    assert!(!parse("alter > 1").unwrap().uses_today());
    assert!(parse("age(geburtsdatum) > 1").unwrap().uses_today());
    let a = parse("a + b").unwrap();
    let b = a.clone();
    assert_eq!(a, b);
}

#[test]
fn arithmetic_and_precedence() {
    assert_eq!(ev("1 + 2 * 3"), num("7"));
    assert_eq!(ev("(1 + 2) * 3"), num("9"));
    assert_eq!(ev("10 - 4 - 3"), num("3"));
    assert_eq!(ev("24 / 4 / 2"), num("3"));
    assert_eq!(ev("1 / 3"), num("0.333333"));
    assert_eq!(ev("-2 * -3"), num("6"));
    assert_eq!(ev("-(2 + 3)"), num("-5"));
    assert_eq!(ev("- alter"), num("-17"));
    assert_eq!(ev("0.1 + 0.2"), num("0.3"));
    assert_eq!(ev("10 − 4"), num("6"));
    // money
    assert_eq!(ev("betrag + kosten"), money("1334.56"));
    assert_eq!(ev("betrag - 34.56"), money("1200"));
    assert_eq!(ev("kosten * 0.5"), money("50"));
    assert_eq!(ev("2 * kosten"), money("200"));
    assert_eq!(ev("kosten / 3"), money("33.333333"));
    assert_eq!(ev("kosten / kosten"), num("1"));
    assert_eq!(ev("-kosten"), money("-100"));
    assert_eq!(ev("name + '!'"), Value::Text("Müller!".into()));
    // undefined
    assert_eq!(ev("1 / 0"), Value::Null);
    assert_eq!(ev("kosten / (kosten - 100)"), Value::Null);
    assert_eq!(ev("leer + 1"), Value::Null);
    assert_eq!(ev("1 + leer"), Value::Null);
    assert_eq!(ev("-leer"), Value::Null);
    assert_eq!(ev("1000000000000000 * 1000000000000000"), Value::Null);
    assert_eq!(ev("name - 1"), Value::Null);
    // precedence of logic vs comparison vs arithmetic
    yes("1 + 1 == 2 and not 2 < 1");
    yes("false and false or true");
    no("false and (false or true)");
    yes("not false and true");
    no("not (true and true)");
    yes("not not true");
    yes("-1 < 0");
}

#[test]
fn comparisons() {
    yes("alter == 17");
    yes("alter != 18");
    yes("alter >= 17");
    no("alter > 17");
    yes("alter < 18");
    yes("alter <= 17");
    yes("betrag > 1234.55");
    yes("kosten == 100");
    yes("100.00 == kosten");
    yes("traeger.rechtsform == \"ev\"");
    no("traeger.rechtsform == 'EV'");
    yes("beginn > geburtsdatum");
    yes("beginn == date('2026-09-01')");
    yes("beginn <= today()");
    yes("teilzeit == true");
    yes("sprachen == sprachen");
    // null
    yes("leer == null");
    yes("null == leer");
    no("leer != null");
    yes("alter != null");
    no("alter == null");
    yes("null == null");
    yes("ende == null");
    no("leer == 1");
    no("leer != 1");
    no("leer < 1");
    no("leer >= 1");
    no("ende > beginn");
    no("ende < null");
    yes("leer_liste == null");
    // mismatched kinds at runtime (only when unchecked)
    no("name == 1");
    yes("name != 1");
    no("name < 1");
}

#[test]
fn logic_short_circuit_and_null() {
    assert_eq!(ev("verheiratet"), Value::Null);
    yes("not verheiratet");
    no("verheiratet and true");
    yes("verheiratet or true");
    no("verheiratet or false");
    yes("teilzeit or 1 / 0 == 1");
    no("false and 1 / 0 == 1");
    assert!(Value::Bool(true).truthy());
    assert!(!Value::Null.truthy());
    assert!(!Value::Text("  ".into()).truthy());
    assert!(Value::Text("x".into()).truthy());
    assert!(!Value::Number(Dec::ZERO).truthy());
    assert!(Value::List(vec![Value::Null]).truthy());
}

#[test]
fn functions() {
    assert_eq!(ev("today()"), date("2026-09-01"));
    assert_eq!(ev("age(geburtsdatum)"), num("16"));
    assert_eq!(ev("age(date('2010-09-02'))"), num("15"));
    assert_eq!(ev("age(ende)"), Value::Null);
    assert_eq!(ev("len(name)"), num("6"));
    assert_eq!(ev("len(sprachen)"), num("2"));
    assert_eq!(ev("len(leer)"), num("0"));
    assert_eq!(ev("sum(plaetze[*].zuschuss)"), money("15000.5"));
    assert_eq!(ev("sum(leer_liste)"), num("0"));
    assert_eq!(ev("sum(1, 2, leer, 3)"), num("6"));
    assert_eq!(ev("sum(kosten, 1)"), money("101"));
    assert_eq!(ev("sum(sprachen)"), Value::Null);
    yes("sum(plaetze[*].zuschuss) <= 21460");
    assert_eq!(ev("count(plaetze[*].name)"), num("1"));
    assert_eq!(ev("count(plaetze[*].zuschuss)"), num("2"));
    assert_eq!(ev("count(leer_liste)"), num("0"));
    assert_eq!(ev("min(3, 1, 2)"), num("1"));
    assert_eq!(ev("max(3, 1, 2)"), num("3"));
    assert_eq!(ev("min(plaetze[*].zuschuss)"), money("5000.5"));
    assert_eq!(ev("max(plaetze[*].zuschuss)"), money("10000"));
    assert_eq!(ev("min(kosten, 50)"), money("50"));
    assert_eq!(ev("max(beginn, geburtsdatum)"), date("2026-09-01"));
    assert_eq!(ev("min(leer_liste)"), Value::Null);
    assert_eq!(ev("min(leer, 4)"), num("4"));
    assert_eq!(ev("round(2.5)"), num("3"));
    assert_eq!(ev("round(-2.5)"), num("-3"));
    assert_eq!(ev("round(1.005, 2)"), num("1.01"));
    assert_eq!(ev("round(kosten / 3, 2)"), money("33.33"));
    assert_eq!(ev("round(1.5, 7)"), Value::Null);
    assert_eq!(ev("round(leer, 2)"), Value::Null);
    assert_eq!(ev("if(teilzeit, kosten * 0.5, kosten)"), money("50"));
    assert_eq!(ev("if(verheiratet, 1, 2)"), num("2"));
    assert_eq!(ev("if(true, 1, 1 / 0)"), num("1"));
    yes("empty(leer)");
    yes("empty(ende)");
    yes("empty(leer_liste)");
    no("empty(name)");
    yes("filled(name)");
    no("filled(leer)");
    yes("contains(sprachen, 'de')");
    no("contains(sprachen, 'fr')");
    yes("contains(name, 'ül')");
    no("contains(leer, 'x')");
    yes("contains(plaetze[*].zuschuss, 5000.50)");
    assert_eq!(ev("date('2024-09-01')"), date("2024-09-01"));
    assert_eq!(ev("date('01.09.2024')"), date("2024-09-01"));
    assert_eq!(ev("date(name)"), Value::Null);
    assert_eq!(ev("add_days(beginn, 30)"), date("2026-10-01"));
    assert_eq!(ev("add_days(beginn, -1)"), date("2026-08-31"));
    assert_eq!(ev("add_days(beginn, 1.5)"), Value::Null);
    assert_eq!(ev("add_months(date('2026-01-31'), 1)"), date("2026-02-28"));
    assert_eq!(ev("add_years(date('2024-02-29'), 1)"), date("2025-02-28"));
    assert_eq!(ev("add_years(beginn, 100000)"), Value::Null);
    assert_eq!(ev("year(beginn)"), num("2026"));
    assert_eq!(ev("month(beginn)"), num("9"));
    assert_eq!(ev("day(beginn)"), num("1"));
    assert_eq!(ev("year(ende)"), Value::Null);
    assert_eq!(
        ev("days_between(date('2024-02-28'), date('2024-03-01'))"),
        num("2")
    );
    assert_eq!(ev("days_between(beginn, geburtsdatum)"), num("-5844"));
    assert_eq!(ev("days_between(beginn, ende)"), Value::Null);
}

#[test]
fn types() {
    assert_eq!(ty("1 + 2"), Type::Number);
    assert_eq!(ty("betrag + kosten"), Type::Money);
    assert_eq!(ty("betrag - 1"), Type::Money);
    assert_eq!(ty("betrag * 2"), Type::Money);
    assert_eq!(ty("2 * betrag"), Type::Money);
    assert_eq!(ty("betrag / 2"), Type::Money);
    assert_eq!(ty("betrag / kosten"), Type::Number);
    assert_eq!(ty("-betrag"), Type::Money);
    assert_eq!(ty("name + 'x'"), Type::Text);
    assert_eq!(ty("sum(plaetze[*].zuschuss) <= 21460"), Type::Bool);
    assert_eq!(ty("sum(plaetze[*].zuschuss)"), Type::Money);
    assert_eq!(ty("sum(1, 2)"), Type::Number);
    assert_eq!(ty("max(beginn, geburtsdatum)"), Type::Date);
    assert_eq!(ty("min(plaetze[*].zuschuss)"), Type::Money);
    assert_eq!(ty("round(betrag, 2)"), Type::Money);
    assert_eq!(ty("round(alter / 3, 1)"), Type::Number);
    assert_eq!(ty("if(teilzeit, kosten, 0)"), Type::Money);
    assert_eq!(ty("if(teilzeit, name, null)"), Type::Text);
    assert_eq!(ty("today()"), Type::Date);
    assert_eq!(ty("add_months(beginn, 3)"), Type::Date);
    assert_eq!(ty("age(geburtsdatum) >= 16 and filled(ende)"), Type::Bool);
    assert_eq!(ty("contains(sprachen, 'de')"), Type::Bool);
    assert_eq!(ty("count(plaetze[*].name)"), Type::Number);
    assert_eq!(ty("ende == null"), Type::Bool);
    assert_eq!(ty("datei"), Type::Any);
    assert_eq!(ty("datei + 1"), Type::Any);
    assert_eq!(ty("days_between(beginn, ende)"), Type::Number);
    assert_eq!(ty("sprachen"), Type::List(Box::new(Type::Text)));
}

#[test]
fn type_errors_point_at_the_problem() {
    let src = "alter > 1 and unbekannt == 2";
    let e = type_err(src);
    assert_eq!(e.message, "unknown field `unbekannt`");
    assert_eq!(&src[e.offset..e.offset + e.len], "unbekannt");

    let src = "beginn > 5";
    let e = type_err(src);
    assert!(
        e.message.contains("cannot compare a date with a number"),
        "{}",
        e.message
    );
    assert_eq!((e.offset, e.len), (0, src.len()));

    let e = type_err("beginn == '2024-01-01'");
    assert!(e.message.contains("date(\"2024-09-01\")"), "{}", e.message);

    let src = "alter and teilzeit";
    let e = type_err(src);
    assert!(
        e.message
            .starts_with("`and` needs a yes/no value, but this is a number"),
        "{}",
        e.message
    );
    assert_eq!(&src[e.offset..e.offset + e.len], "alter");

    let e = type_err("not name");
    assert!(e.message.contains("filled(x)"), "{}", e.message);

    let src = "beginn + 1";
    let e = type_err(src);
    assert!(e.message.contains("add_days"), "{}", e.message);
    assert_eq!(&src[e.offset..e.offset + e.len], "+");
    assert!(type_err("beginn - geburtsdatum")
        .message
        .contains("days_between"));
    assert!(type_err("betrag * kosten")
        .message
        .contains("two amounts of money"));
    assert!(type_err("1 / kosten")
        .message
        .contains("divide a number by an amount"));
    assert!(type_err("name * 2")
        .message
        .contains("cannot multiply a text and a number"));
    assert!(type_err("1 + null").message.contains("null"));
    assert!(type_err("-name").message.contains("cannot negate a text"));
    assert!(type_err("name < 'b'")
        .message
        .contains("cannot order texts"));
    assert!(type_err("alter < null").message.contains("== null"));
    assert!(type_err("sprachen == 'de'")
        .message
        .contains("contains(list, x)"));
    assert!(type_err("teilzeit == 1")
        .message
        .contains("cannot compare a yes/no value with a number"));

    let src = "sum(name)";
    let e = type_err(src);
    assert!(e.message.contains("`sum` needs a list"), "{}", e.message);
    assert_eq!(&src[e.offset..e.offset + e.len], "name");
    assert!(type_err("sum(sprachen)")
        .message
        .contains("numbers or amounts of money, but this is a text"));
    assert!(type_err("sum(1, beginn)")
        .message
        .contains("but this is a date"));
    assert!(type_err("min(alter)")
        .message
        .contains("a list or at least two values"));
    assert!(type_err("max(1, name)")
        .message
        .contains("but this is a text"));
    assert!(type_err("count(name)")
        .message
        .contains("`count` needs a list"));
    assert!(type_err("len(alter)")
        .message
        .contains("`len` needs a text or a list"));
    assert!(type_err("age(name)").message.contains("`age` needs a date"));
    assert!(type_err("year(1)").message.contains("`year` needs a date"));
    assert!(type_err("round(name, 2)")
        .message
        .contains("`round` needs a number"));
    let src = "round(alter, 1.5)";
    let e = type_err(src);
    assert!(e.message.contains("0 to 6"));
    assert_eq!(&src[e.offset..e.offset + e.len], "1.5");
    assert!(type_err("round(alter, 7)").message.contains("0 to 6"));
    assert!(type_err("round(alter, name)")
        .message
        .contains("must be a number"));
    assert!(type_err("if(alter, 1, 2)")
        .message
        .contains("condition of `if`"));
    assert!(type_err("if(teilzeit, 1, 'x')")
        .message
        .contains("same kind"));
    assert!(type_err("contains(sprachen, 1)")
        .message
        .contains("cannot contain a number"));
    assert!(type_err("contains(name, 1)")
        .message
        .contains("only contain a text"));
    assert!(type_err("contains(alter, 1)")
        .message
        .contains("needs a list or a text"));
    let src = "date('2024-13-01')";
    let e = type_err(src);
    // The day or month that does not exist is named for authors (`antrag check`).
    #[cfg(feature = "author-checks")]
    assert!(e.message.contains("there is no month 13"), "{}", e.message);
    #[cfg(not(feature = "author-checks"))]
    assert!(e.message.contains("not a valid date"), "{}", e.message);
    assert_eq!(&src[e.offset..e.offset + e.len], "'2024-13-01'");
    assert!(type_err("date('1.9.24')")
        .message
        .contains("not a valid date"));
    assert!(type_err("date(1)").message.contains("`date` needs a text"));
    assert!(type_err("add_days(name, 1)")
        .message
        .contains("needs a date first"));
    assert!(type_err("add_days(beginn, name)")
        .message
        .contains("whole number second"));
    assert!(type_err("days_between(beginn, 1)")
        .message
        .contains("two dates"));

    // every error is reported, not only the first
    let errs = check(&parse("a + b").unwrap(), &fields()).unwrap_err();
    assert_eq!(errs.len(), 2);
}

#[test]
fn syntax_errors_point_at_the_problem() {
    let (m, at) = perr("sume(plaetze[*].zuschuss)");
    assert_eq!(m, "unknown function `sume`; did you mean `sum`?");
    assert_eq!(at, "sume");
    let (m, at) = perr("alter > 1 and foo(1)");
    assert_eq!(m, "unknown function `foo`");
    assert_eq!(at, "foo");
    assert!(perr("traeger.name(1)")
        .0
        .contains("is a field, not a function"));
    let (m, at) = perr("round(1, 2, 3)");
    assert!(m.contains("`round` takes 1 or 2 arguments, found 3"), "{m}");
    assert_eq!(at, "round(1, 2, 3)");
    assert!(perr("today(1)").0.contains("takes 0 arguments"));
    assert!(perr("if(true, 1)").0.contains("takes 3 arguments"));
    assert!(perr("sum()").0.contains("at least 1 argument"));
    assert!(perr("age()").0.contains("takes 1 argument, found 0"));
    let (m, at) = perr("alter = 1");
    assert_eq!((m.as_str(), at), ("use `==` to compare", "="));
    assert_eq!(perr("a && b").1, "&&");
    assert!(perr("a || b").0.contains("`or`"));
    assert!(perr("!a").0.contains("`not`"));
    assert!(perr("a <> b").0.contains("`!=`"));
    let (m, at) = perr("(1 + 2");
    assert!(m.contains("expected `)`"), "{m}");
    assert_eq!(at, "");
    assert!(perr("1 + 2)").0.contains("without a matching `(`"));
    let (m, at) = perr("1 +");
    assert_eq!(m, "expected a value, found the end of the expression");
    assert_eq!(at, "");
    assert!(perr("'abc").0.contains("no closing '"));
    assert!(perr("\"abc").0.contains("no closing \""));
    let (m, at) = perr(r#""a\qb""#);
    assert!(m.contains("unknown escape"));
    assert_eq!(at, "\\q");
    assert!(perr("x > 20,5").0.contains("decimal numbers use a dot"));
    assert!(perr("1 < 2 < 3").0.contains("cannot be chained"));
    let (m, at) = perr("plaetze[0].x");
    assert!(m.contains("`[*]`"));
    assert_eq!(at, "[0]");
    assert!(perr("a. b").0.contains("field name after `.`"));
    assert!(perr("3a").0.contains("cannot start with a digit"));
    assert!(perr("1.1234567").0.contains("at most 6 places"));
    assert!(perr(&"9".repeat(40)).0.contains("too large"));
    assert!(perr("a b")
        .0
        .contains("is an operator such as `and` missing"));
    assert!(perr("").0.contains("empty"));
    assert!(perr("   ").0.contains("empty"));
    assert!(perr("„ev“").0.contains("straight"));
    let (m, at) = perr("a > 1 # b");
    assert_eq!((m.as_str(), at), ("unexpected character `#`", "#"));
    assert!(perr("1 + not a").0.contains("parentheses"));
    assert!(perr("and a").0.contains("before `and`"));
    assert!(perr("a ≤ b").0.contains("`<=`"));
    // byte offsets after multi-byte characters
    let src = "größe_ä == 1 and ?";
    let e = parse(src).unwrap_err();
    assert_eq!(e.offset, src.find('?').unwrap());
}

#[test]
fn limits() {
    let long = format!("1{}", " + 1".repeat(1100));
    assert!(long.len() > MAX_SOURCE_LEN);
    assert!(perr(&long).0.contains("at most 4096"));
    // long flat chains are fine (they do not nest)
    let chain = format!("1{}", " + 1".repeat(1000));
    assert_eq!(ev(&chain), num("1001"));
    let ands = format!("true{}", " and true".repeat(400));
    yes(&ands);
    // nesting
    let ok = format!("{}1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert_eq!(ev(&ok), num("1"));
    let deep = format!(
        "{}1{}",
        "(".repeat(MAX_DEPTH + 1),
        ")".repeat(MAX_DEPTH + 1)
    );
    assert!(perr(&deep).0.contains("nested too deeply"));
    assert!(perr(&"(".repeat(4000)).0.contains("nested too deeply"));
    assert!(perr(&"-".repeat(4000)).0.contains("nested too deeply"));
    assert!(perr(&"not ".repeat(1000)).0.contains("nested too deeply"));
    assert!(perr(&"abs(".repeat(1000)).0.contains("unknown function"));
    assert!(perr(&"len(".repeat(1000)).0.contains("nested too deeply"));
}

fn token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "(",
        ")",
        ",",
        "+",
        "-",
        "*",
        "/",
        "==",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "and",
        "or",
        "not",
        "true",
        "false",
        "null",
        "1",
        "0",
        "2.5",
        "0.000001",
        "999999999999999999999",
        "'x'",
        "\"de\"",
        "alter",
        "leer",
        "betrag",
        "kosten",
        "name",
        "beginn",
        "ende",
        "sprachen",
        "plaetze[*].zuschuss",
        "plaetze[*].name",
        "leer_liste",
        "teilzeit",
        "datei",
        "today()",
        "age(",
        "len(",
        "sum(",
        "count(",
        "min(",
        "max(",
        "round(",
        "if(",
        "empty(",
        "filled(",
        "contains(",
        "date(",
        "add_days(",
        "add_months(",
        "add_years(",
        "year(",
        "month(",
        "day(",
        "days_between(",
        "'2024-02-29'",
        "unknown",
    ])
}

fn run_all(src: &str) {
    if let Ok(e) = parse(src) {
        let _ = e.references();
        let _ = check(&e, &fields());
        let v = eval(&e, &fields());
        let _ = v.truthy();
    }
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_strings(s in "\\PC{0,80}") {
        run_all(&s);
    }

    #[test]
    fn never_panics_on_token_soup(toks in prop::collection::vec(token(), 0..40)) {
        run_all(&toks.join(" "));
        run_all(&toks.concat());
    }

    #[test]
    fn well_typed_expressions_evaluate_to_their_type(a in -1000i64..1000, b in -1000i64..1000) {
        // Money arithmetic stays exact: (a + b) - b == a for cents
        let src = format!("(kosten * {a} / 100 + {b}) - {b} == kosten * {a} / 100");
        prop_assert_eq!(ty(&src), Type::Bool);
        prop_assert_eq!(ev(&src), Value::Bool(true));
    }

    #[test]
    fn error_spans_are_inside_the_source(s in "\\PC{0,60}") {
        if let Err(e) = parse(&s) {
            prop_assert!(e.offset + e.len <= s.len());
            prop_assert!(s.is_char_boundary(e.offset) && s.is_char_boundary(e.offset + e.len));
        }
        if let Ok(ex) = parse(&s) {
            if let Err(errs) = check(&ex, &fields()) {
                for e in errs {
                    prop_assert!(e.offset + e.len <= s.len());
                }
            }
        }
    }
}
