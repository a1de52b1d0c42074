//! The antrag expression language: conditions (`visibleIf`, `requiredIf`, `enabledIf`, rule
//! `check`/`when`) and computed values (`expr`) in a form definition.
//!
//! An expression is parsed once ([`parse`]), checked against the form's fields ([`check`]) and
//! evaluated against the answers as often as needed ([`eval`]). Evaluation never fails and never
//! panics: anything undefined (an empty field, division by zero, an overflow) gives `null`.
//!
//! # Examples
//! ```text
//! traeger.rechtsform == "ev"
//! age(geburtsdatum) >= 16 and filled(vertrag.beginn)
//! sum(plaetze[*].zuschuss) <= 21460
//! round(stunden / 39 * 100, 1)
//! if(teilzeit, kosten * 0.5, kosten)
//! beginn >= date("2024-09-01") and ende > beginn
//! contains(sprachen, "de") or count(plaetze[*].name) > 2
//! ```
//!
//! # Values
//! | Kind | Written as | Notes |
//! |---|---|---|
//! | number | `21460`, `20.5`, `-3` | exact decimal, at most 6 places; a dot is the decimal point |
//! | amount of money | (money fields) | exact; a number literal mixes freely with money |
//! | text | `"ev"`, `'ev'` | escapes `\"` `\'` `\\` `\n` `\t` |
//! | yes/no | `true`, `false` | |
//! | date | `date("2024-09-01")`, `today()` | day precision |
//! | list | `plaetze[*].zuschuss` | all entries of a repeat; multiple choice answers |
//! | nothing | `null` | an unanswered field is `null` |
//!
//! # Field references
//! A field is named by its dotted path from the form root: `geburtsdatum`, `traeger.rechtsform`.
//! Inside a repeat a bare name means the field of the same entry. `plaetze[*].zuschuss` is the
//! list of the field in all entries of the repeat `plaetze`. Names consist of letters (including
//! `ä ö ü ß`), digits and `_`, and do not start with a digit. The words `and or not true false
//! null` are reserved.
//!
//! # Grammar
//! ```text
//! expr       = or
//! or         = and { "or" and }
//! and        = not { "and" not }
//! not        = "not" not | comparison
//! comparison = sum [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) sum ]   (not chainable)
//! sum        = product { ( "+" | "-" ) product }
//! product    = unary { ( "*" | "/" ) unary }
//! unary      = "-" unary | primary
//! primary    = number | string | "true" | "false" | "null"
//!            | name "(" [ expr { "," expr } ] ")"                      (function call)
//!            | reference | "(" expr ")"
//! reference  = name { "." name | "[*]" }                               (no spaces inside)
//! name       = letter { letter | digit | "_" }                         (letter includes "_")
//! number     = digit { digit } [ "." digit { digit } ]
//! string     = '"' { char | escape } '"' | "'" { char | escape } "'"
//! ```
//! Precedence from weakest to strongest: `or`, `and`, `not`, comparisons, `+ -`, `* /`, unary
//! `-`. Expressions are at most 4096 bytes long and nested at most 64 levels deep.
//!
//! # Operators
//! - `and`, `or` (short-circuit), `not`: on yes/no values; an empty field counts as `false`.
//! - `==`, `!=`: equal values of the same kind (numbers and money compare by value). A choice
//!   compares with the option's value: `traeger.rechtsform == "ev"`.
//! - `<`, `<=`, `>`, `>=`: numbers and money, or dates (earlier is smaller).
//! - `x == null` is true when `x` is empty (unanswered, empty text, empty list), `x != null`
//!   when it is filled. **Every other comparison with an empty field is false**, `!=` included:
//!   with `alter` empty, both `alter > 16` and `alter != 16` are false.
//! - `+ - * /`: number ± number, money ± money or number → money, money × number → money,
//!   money ÷ number → money, money ÷ money → number. `+` also joins two texts. Division rounds to
//!   6 places. Anything with an empty operand, a division by zero or an overflow is `null`.
//!
//! # Functions
//! | Function | Result |
//! |---|---|
//! | `today()` | the day of filling in (the server uses the day of arrival) |
//! | `age(date)` | full years from `date` to today |
//! | `len(text)`, `len(list)` | number of characters / entries (0 when empty) |
//! | `sum(list)`, `sum(a, b, …)` | sum of the numbers or amounts, ignoring empty ones; 0 for none |
//! | `count(list)` | number of filled entries |
//! | `min(a, b, …)`, `min(list)`, `max(…)` | smallest / largest number, amount or date, ignoring empty ones |
//! | `round(x)`, `round(x, places)` | commercial rounding (half away from zero) to 0–6 places |
//! | `if(condition, a, b)` | `a` when the condition holds, else `b` |
//! | `empty(x)`, `filled(x)` | whether `x` is empty (unanswered, blank text, empty list) / not |
//! | `contains(list, x)`, `contains(text, part)` | whether the list has the entry / the text contains the part |
//! | `date("2024-09-01")` | a date from ISO (`JJJJ-MM-TT`) or German (`TT.MM.JJJJ`) text |
//! | `add_days(date, n)`, `add_months(date, n)`, `add_years(date, n)` | the date moved by `n` (31.01. + 1 month = 28.02.) |
//! | `year(date)`, `month(date)`, `day(date)` | parts of a date |
//! | `days_between(a, b)` | days from `a` to `b` (negative if `b` is earlier) |

mod check;
mod eval;
mod lexer;
mod parser;

use std::fmt;
use std::sync::Arc;

use crate::value::Dec;

pub use check::{check, Scope, Type};
pub use eval::{eval, Env, Value};

/// Longest accepted source, in bytes.
pub const MAX_SOURCE_LEN: usize = 4096;
/// Deepest accepted nesting (parentheses, function calls, `not`, unary minus).
pub const MAX_DEPTH: usize = 64;

/// An error in an expression, for its author.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExprError {
    /// Clear English message, e.g. "unknown function `sume`; did you mean `sum`?".
    pub message: String,
    /// Byte offset of the offending part in the expression source.
    pub offset: usize,
    /// Byte length of the offending part (0 at the end of the source).
    pub len: usize,
}

impl ExprError {
    pub(crate) fn new(message: impl Into<String>, offset: usize, len: usize) -> ExprError {
        ExprError {
            message: message.into(),
            offset,
            len,
        }
    }
    pub(crate) fn at(message: impl Into<String>, node: &Node) -> ExprError {
        ExprError::new(message, node.offset, node.len)
    }
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for ExprError {}

/// A parsed expression. Cheap to clone (shared).
#[derive(Clone)]
pub struct Expr {
    inner: Arc<Inner>,
}

struct Inner {
    source: String,
    root: Node,
}

impl Expr {
    /// The source text as written.
    pub fn source(&self) -> &str {
        &self.inner.source
    }

    /// The syntax tree (for inspection; evaluation and checking are done by [`eval`]/[`check`]).
    pub fn root(&self) -> &Node {
        &self.inner.root
    }

    /// Every field reference exactly as written (`plaetze[*].zuschuss`, `geburtsdatum`), each
    /// once, in order of first appearance.
    pub fn references(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        // A sum over 200 fields compared each reference with all before it (40 000 string
        // comparisons per compile of the 1000-field bench form).
        let mut seen = std::collections::BTreeSet::<String>::new();
        self.inner.root.walk(&mut |n| {
            if let NodeKind::Ref(r) = &n.kind {
                if !seen.contains(r) {
                    seen.insert(r.clone());
                    out.push(r.clone());
                }
            }
        });
        out
    }

    /// Whether the expression calls `today()` or `age(…)` (its value depends on the day).
    pub fn uses_today(&self) -> bool {
        let mut found = false;
        self.inner.root.walk(&mut |n| {
            if let NodeKind::Call(Func::Today | Func::Age, _) = n.kind {
                found = true;
            }
        });
        found
    }
}

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Expr").field(&self.inner.source).finish()
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.source)
    }
}

impl PartialEq for Expr {
    fn eq(&self, other: &Expr) -> bool {
        self.inner.source == other.inner.source
    }
}

impl Eq for Expr {}

/// Parses an expression. Errors point into `src` (byte offsets).
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    let root = parser::parse(src)?;
    Ok(Expr {
        inner: Arc::new(Inner {
            source: src.to_string(),
            root,
        }),
    })
}

/// A node of the syntax tree, with its byte span in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub offset: usize,
    pub len: usize,
}

/// What a [`Node`] is.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    Number(Dec),
    Text(String),
    /// A field reference as written: `traeger.name`, `plaetze[*].zuschuss`.
    Ref(String),
    Not(Box<Node>),
    Neg(Box<Node>),
    /// Two or more operands.
    And(Vec<Node>),
    /// Two or more operands.
    Or(Vec<Node>),
    Compare(CmpOp, Box<Node>, Box<Node>),
    /// A left-associative chain of `+ -` or of `* /`: `first op rhs op rhs …`.
    Arith(Box<Node>, Vec<ArithStep>),
    Call(Func, Vec<Node>),
}

/// One `op rhs` of an [`NodeKind::Arith`] chain.
#[derive(Clone, Debug, PartialEq)]
pub struct ArithStep {
    pub op: ArithOp,
    /// Byte offset of the operator.
    pub op_offset: usize,
    pub rhs: Node,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl ArithOp {
    pub fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
        }
    }
}

/// The built-in functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Func {
    Today,
    Age,
    Len,
    Sum,
    Count,
    Min,
    Max,
    Round,
    If,
    Empty,
    Filled,
    Contains,
    Date,
    AddDays,
    AddMonths,
    AddYears,
    Year,
    Month,
    Day,
    DaysBetween,
}

impl Func {
    pub const ALL: [Func; 20] = [
        Func::Today,
        Func::Age,
        Func::Len,
        Func::Sum,
        Func::Count,
        Func::Min,
        Func::Max,
        Func::Round,
        Func::If,
        Func::Empty,
        Func::Filled,
        Func::Contains,
        Func::Date,
        Func::AddDays,
        Func::AddMonths,
        Func::AddYears,
        Func::Year,
        Func::Month,
        Func::Day,
        Func::DaysBetween,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Func::Today => "today",
            Func::Age => "age",
            Func::Len => "len",
            Func::Sum => "sum",
            Func::Count => "count",
            Func::Min => "min",
            Func::Max => "max",
            Func::Round => "round",
            Func::If => "if",
            Func::Empty => "empty",
            Func::Filled => "filled",
            Func::Contains => "contains",
            Func::Date => "date",
            Func::AddDays => "add_days",
            Func::AddMonths => "add_months",
            Func::AddYears => "add_years",
            Func::Year => "year",
            Func::Month => "month",
            Func::Day => "day",
            Func::DaysBetween => "days_between",
        }
    }

    pub fn from_name(name: &str) -> Option<Func> {
        Func::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Fewest and most arguments (`None` = any number).
    pub fn arity(self) -> (usize, Option<usize>) {
        match self {
            Func::Today => (0, Some(0)),
            Func::Age
            | Func::Len
            | Func::Count
            | Func::Empty
            | Func::Filled
            | Func::Date
            | Func::Year
            | Func::Month
            | Func::Day => (1, Some(1)),
            Func::Sum | Func::Min | Func::Max => (1, None),
            Func::Round => (1, Some(2)),
            Func::If => (3, Some(3)),
            Func::Contains
            | Func::AddDays
            | Func::AddMonths
            | Func::AddYears
            | Func::DaysBetween => (2, Some(2)),
        }
    }

    /// How the function is called, for messages.
    pub fn signature(self) -> &'static str {
        match self {
            Func::Today => "today()",
            Func::Age => "age(date)",
            Func::Len => "len(text or list)",
            Func::Sum => "sum(list) or sum(a, b, …)",
            Func::Count => "count(list)",
            Func::Min => "min(list) or min(a, b, …)",
            Func::Max => "max(list) or max(a, b, …)",
            Func::Round => "round(number, places)",
            Func::If => "if(condition, then, else)",
            Func::Empty => "empty(value)",
            Func::Filled => "filled(value)",
            Func::Contains => "contains(list or text, value)",
            Func::Date => "date(\"JJJJ-MM-TT\")",
            Func::AddDays => "add_days(date, days)",
            Func::AddMonths => "add_months(date, months)",
            Func::AddYears => "add_years(date, years)",
            Func::Year => "year(date)",
            Func::Month => "month(date)",
            Func::Day => "day(date)",
            Func::DaysBetween => "days_between(from, to)",
        }
    }
}

impl Node {
    /// Visits this node and all below it (depth-first, source order).
    pub fn walk(&self, f: &mut dyn FnMut(&Node)) {
        f(self);
        match &self.kind {
            NodeKind::Null
            | NodeKind::Bool(_)
            | NodeKind::Number(_)
            | NodeKind::Text(_)
            | NodeKind::Ref(_) => {}
            NodeKind::Not(x) | NodeKind::Neg(x) => x.walk(f),
            NodeKind::And(xs) | NodeKind::Or(xs) | NodeKind::Call(_, xs) => {
                xs.iter().for_each(|x| x.walk(f))
            }
            NodeKind::Compare(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
            NodeKind::Arith(first, steps) => {
                first.walk(f);
                steps.iter().for_each(|s| s.rhs.walk(f));
            }
        }
    }
}

/// Edit distance, for "did you mean" suggestions.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest of `candidates` to `name`, if close enough to be a likely typo.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if name.len() > 64 {
        return None;
    }
    let limit = if name.chars().count() <= 3 { 1 } else { 2 };
    candidates
        .into_iter()
        .map(|c| (edit_distance(&crate::formats::lower_latin(name), c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests;
