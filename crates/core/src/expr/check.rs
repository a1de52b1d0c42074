//! Static types of expressions, checked before a form is published.

use std::fmt;

use super::{ArithOp, CmpOp, Expr, ExprError, Func, Node, NodeKind};
use crate::value::Date;

/// The type of an expression or a field.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// Yes/no (`yesNo`, `consent`, conditions).
    Bool,
    /// A number (`integer`, `decimal`, number literals).
    Number,
    /// An amount of money (`money`).
    Money,
    /// Text (text-like fields, single choice values).
    Text,
    Date,
    /// A list (`plaetze[*].x`, multiple choice: `List(Text)`).
    List(Box<Type>),
    /// The literal `null`.
    Null,
    /// Unknown; accepted everywhere (e.g. a file field, or after an error).
    Any,
}

impl fmt::Display for Type {
    /// English description for messages: "a number", "a list of texts".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Bool => f.write_str("a yes/no value"),
            Type::Number => f.write_str("a number"),
            Type::Money => f.write_str("an amount of money"),
            Type::Text => f.write_str("a text"),
            Type::Date => f.write_str("a date"),
            Type::List(t) => write!(f, "a list of {}", plural(t)),
            Type::Null => f.write_str("`null`"),
            Type::Any => f.write_str("a value"),
        }
    }
}

fn plural(t: &Type) -> String {
    match t {
        Type::Bool => "yes/no values".into(),
        Type::Number => "numbers".into(),
        Type::Money => "amounts of money".into(),
        Type::Text => "texts".into(),
        Type::Date => "dates".into(),
        Type::List(t) => format!("lists of {}", plural(t)),
        Type::Null => "nulls".into(),
        Type::Any => "values".into(),
    }
}

/// Resolves field references for [`check`]. The form implements it: a bare name inside a repeat
/// means the field of the current entry, `plaetze[*].x` a list. `None` = unknown field.
pub trait Scope {
    fn resolve(&self, reference: &str) -> Option<Type>;
    /// The option values of a choice field, if `reference` is one: a comparison with any other
    /// text can never hold (checked with the feature `author-checks`).
    #[cfg(feature = "author-checks")]
    fn options(&self, _reference: &str) -> Option<Vec<String>> {
        None
    }
}

/// Checks references, argument counts and types. Returns the expression's type or every error.
pub fn check(expr: &Expr, scope: &dyn Scope) -> Result<Type, Vec<ExprError>> {
    let mut c = Checker {
        scope,
        errors: Vec::new(),
    };
    let t = c.node(expr.root());
    if c.errors.is_empty() {
        Ok(t)
    } else {
        Err(c.errors)
    }
}

impl Type {
    fn is_numeric(&self) -> bool {
        matches!(self, Type::Number | Type::Money | Type::Any)
    }
    fn is(&self, t: &Type) -> bool {
        self == t || *self == Type::Any
    }
    fn bool_like(&self) -> bool {
        matches!(self, Type::Bool | Type::Any | Type::Null)
    }
}

/// The common type of two values that may stand in the same place (`if` branches, `min` args).
fn join(a: &Type, b: &Type) -> Option<Type> {
    Some(match (a, b) {
        (Type::Any, _) | (_, Type::Any) => Type::Any,
        (Type::Null, t) | (t, Type::Null) => t.clone(),
        (Type::Number, Type::Money) | (Type::Money, Type::Number) => Type::Money,
        (Type::List(x), Type::List(y)) => Type::List(Box::new(join(x, y)?)),
        (x, y) if x == y => x.clone(),
        _ => return None,
    })
}

struct Checker<'a> {
    scope: &'a dyn Scope,
    errors: Vec<ExprError>,
}

impl Checker<'_> {
    fn err(&mut self, message: impl Into<String>, node: &Node) -> Type {
        self.errors.push(ExprError::at(message, node));
        Type::Any
    }

    fn expect_bool(&mut self, node: &Node, what: &str) {
        let t = self.node(node);
        if !t.bool_like() {
            let hint = match t {
                Type::Text | Type::List(_) | Type::Date | Type::Number | Type::Money => {
                    "; to test whether a field is answered use `filled(x)`"
                }
                _ => "",
            };
            self.err(
                format!("{what} needs a yes/no value, but this is {t}{hint}"),
                node,
            );
        }
    }

    fn node(&mut self, n: &Node) -> Type {
        match &n.kind {
            NodeKind::Null => Type::Null,
            NodeKind::Bool(_) => Type::Bool,
            NodeKind::Number(_) => Type::Number,
            NodeKind::Text(_) => Type::Text,
            NodeKind::Ref(r) => match self.scope.resolve(r) {
                Some(t) => t,
                None => self.err(format!("unknown field `{r}`"), n),
            },
            NodeKind::Not(x) => {
                self.expect_bool(x, "`not`");
                Type::Bool
            }
            NodeKind::And(xs) | NodeKind::Or(xs) => {
                let op = if matches!(n.kind, NodeKind::And(_)) {
                    "`and`"
                } else {
                    "`or`"
                };
                for x in xs {
                    self.expect_bool(x, op);
                }
                Type::Bool
            }
            NodeKind::Neg(x) => {
                let t = self.node(x);
                if t.is_numeric() {
                    t
                } else {
                    self.err(format!("cannot negate {t}"), n)
                }
            }
            NodeKind::Compare(op, a, b) => {
                let (ta, tb) = (self.node(a), self.node(b));
                #[cfg(feature = "author-checks")]
                if matches!(op, CmpOp::Eq | CmpOp::Ne)
                    && (self.yes_no_text(*op, a, &ta, b) || self.yes_no_text(*op, b, &tb, a))
                {
                    return Type::Bool;
                }
                self.compare(*op, &ta, &tb, n);
                #[cfg(feature = "author-checks")]
                if matches!(op, CmpOp::Eq | CmpOp::Ne) {
                    self.option_value(a, b);
                    self.option_value(b, a);
                }
                Type::Bool
            }
            NodeKind::Arith(first, steps) => {
                let mut acc = self.node(first);
                for s in steps {
                    let r = self.node(&s.rhs);
                    acc = match arith(s.op, &acc, &r) {
                        Ok(t) => t,
                        Err(msg) => {
                            self.errors.push(ExprError::new(msg, s.op_offset, 1));
                            Type::Any
                        }
                    };
                }
                acc
            }
            NodeKind::Call(f, args) => self.call(*f, args, n),
        }
    }

    /// `value` compared with (or looked for in) the choice field `field`: a text literal must
    /// be one of its option values, or the condition can never hold.
    #[cfg(feature = "author-checks")]
    fn option_value(&mut self, field: &Node, value: &Node) {
        let (NodeKind::Ref(r), NodeKind::Text(v)) = (&field.kind, &value.kind) else {
            return;
        };
        let Some(options) = self.scope.options(r) else {
            return;
        };
        if options.iter().any(|o| o == v) {
            return;
        }
        let names: Vec<&str> = options.iter().map(String::as_str).collect();
        let hint = match super::super::check::shape::did_you_mean(v, &names) {
            Some(s) => format!("; did you mean `\"{s}\"`?"),
            None if names.len() <= 8 => format!(
                "; its values are {}",
                names
                    .iter()
                    .map(|n| format!("`\"{n}\"`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => String::new(),
        };
        self.err(
            format!("`{r}` has no option with the value `\"{v}\"`, so this never holds{hint}"),
            value,
        );
    }

    /// A yes/no value `field` (of type `t`) compared with the text literal `value`
    /// (`uebernachtung == 'ja'`): reported at the text, with the comparison to write instead.
    #[cfg(feature = "author-checks")]
    fn yes_no_text(&mut self, op: CmpOp, field: &Node, t: &Type, value: &Node) -> bool {
        let (Type::Bool, NodeKind::Text(v)) = (t, &value.kind) else {
            return false;
        };
        let sym = op.symbol();
        let (what, write) = match &field.kind {
            NodeKind::Ref(r) => (
                format!("`{r}` is answered with yes or no"),
                format!("{r} {sym}"),
            ),
            _ => ("this is yes or no".to_string(), sym.to_string()),
        };
        let word = crate::formats::lower_latin(v.trim());
        let meant = match word.as_str() {
            "ja" | "j" | "yes" | "y" | "true" | "wahr" | "1" | "x" | "an" | "on" => Some(true),
            "nein" | "n" | "no" | "false" | "falsch" | "0" | "aus" | "off" => Some(false),
            _ => None,
        };
        let fix = match meant {
            Some(b) => format!("write `{write} {b}`"),
            None => format!("write `{write} true` (for „Ja“) or `{write} false` (for „Nein“)"),
        };
        self.err(
            format!(
                "cannot compare a yes/no value with a text: {what}, which an expression writes as \
                 `true` or `false`, never as the text „{v}“; {fix}"
            ),
            value,
        );
        true
    }

    fn compare(&mut self, op: CmpOp, a: &Type, b: &Type, n: &Node) {
        let sym = op.symbol();
        if matches!(op, CmpOp::Eq | CmpOp::Ne) {
            if *a == Type::Null || *b == Type::Null || join(a, b).is_some() {
                return;
            }
        } else {
            if *a == Type::Null || *b == Type::Null {
                self.err(
                    format!("`{sym}` with `null` is always false; use `== null` or `empty(x)`"),
                    n,
                );
                return;
            }
            let ok = (a.is_numeric() && b.is_numeric())
                || (a.is(&Type::Date) && b.is(&Type::Date))
                || (*a == Type::Any || *b == Type::Any)
                    && !matches!(a, Type::List(_))
                    && !matches!(b, Type::List(_));
            if ok {
                return;
            }
            if a == b {
                self.err(format!("cannot order {} with `{sym}`: only numbers, amounts of money and dates can be ordered", plural(a)), n);
                return;
            }
        }
        let hint = match (a, b) {
            (Type::Date, Type::Text) | (Type::Text, Type::Date) => {
                "; write a date as `date(\"2024-09-01\")`"
            }
            (Type::List(_), _) | (_, Type::List(_)) => {
                "; to test whether a list has an entry use `contains(list, x)`"
            }
            _ => "",
        };
        self.err(format!("cannot compare {a} with {b}{hint}"), n);
    }

    fn call(&mut self, f: Func, args: &[Node], n: &Node) -> Type {
        let types: Vec<Type> = match f {
            // `if` checks its arguments itself (the condition must be a yes/no value).
            Func::If => Vec::new(),
            _ => args.iter().map(|a| self.node(a)).collect(),
        };
        let name = f.name();
        let arg = |i: usize| &args[i.min(args.len().saturating_sub(1))];
        match f {
            Func::Today => Type::Date,
            Func::Age | Func::Year | Func::Month | Func::Day => {
                if !types[0].is(&Type::Date) && types[0] != Type::Null {
                    self.err(
                        format!("`{name}` needs a date, but this is {}", types[0]),
                        arg(0),
                    );
                }
                Type::Number
            }
            Func::Len => {
                if !matches!(
                    types[0],
                    Type::Text | Type::List(_) | Type::Any | Type::Null
                ) {
                    self.err(
                        format!("`len` needs a text or a list, but this is {}", types[0]),
                        arg(0),
                    );
                }
                Type::Number
            }
            Func::Count => {
                if !matches!(types[0], Type::List(_) | Type::Any) {
                    self.err(
                        format!(
                            "`count` needs a list such as `plaetze[*].name`, but this is {}",
                            types[0]
                        ),
                        arg(0),
                    );
                }
                Type::Number
            }
            Func::Sum | Func::Min | Func::Max => {
                let items: Vec<(Type, usize)> = if types.len() == 1 {
                    match &types[0] {
                        Type::List(t) => vec![((**t).clone(), 0)],
                        Type::Any => vec![(Type::Any, 0)],
                        t if f == Func::Sum => {
                            return self.err(
                                format!("`sum` needs a list such as `plaetze[*].zuschuss` or several values, but this is {t}"),
                                arg(0),
                            )
                        }
                        t => {
                            return self.err(
                                format!("`{name}` needs a list or at least two values, but this is {t}"),
                                arg(0),
                            )
                        }
                    }
                } else {
                    types.iter().cloned().zip(0..).collect()
                };
                let mut acc = Type::Null;
                for (t, i) in items {
                    let allowed =
                        t.is_numeric() || t == Type::Null || (f != Func::Sum && t == Type::Date);
                    let joined = if allowed { join(&acc, &t) } else { None };
                    match joined {
                        Some(j) => acc = j,
                        None => {
                            let what = if f == Func::Sum {
                                "numbers or amounts of money"
                            } else {
                                "numbers, amounts of money or dates"
                            };
                            return self
                                .err(format!("`{name}` needs {what}, but this is {t}"), arg(i));
                        }
                    }
                }
                if acc == Type::Null {
                    Type::Number
                } else {
                    acc
                }
            }
            Func::Round => {
                if !types[0].is_numeric() && types[0] != Type::Null {
                    self.err(
                        format!("`round` needs a number, but this is {}", types[0]),
                        arg(0),
                    );
                }
                if let Some(p) = args.get(1) {
                    match &p.kind {
                        NodeKind::Number(d) if d.to_i64().is_some_and(|v| (0..=6).contains(&v)) => {
                        }
                        NodeKind::Number(_) => {
                            self.err("the number of places must be a whole number from 0 to 6", p);
                        }
                        _ if !types[1].is(&Type::Number) => {
                            self.err(
                                format!(
                                    "the number of places must be a number, but this is {}",
                                    types[1]
                                ),
                                p,
                            );
                        }
                        _ => {}
                    }
                }
                match types[0] {
                    Type::Money => Type::Money,
                    Type::Any => Type::Any,
                    _ => Type::Number,
                }
            }
            Func::If => {
                self.expect_bool(&args[0], "the condition of `if`");
                let a = self.node(&args[1]);
                let b = self.node(&args[2]);
                match join(&a, &b) {
                    Some(t) => t,
                    None => self.err(format!("both results of `if` must be of the same kind, but the first is {a} and the second {b}"), n),
                }
            }
            Func::Empty | Func::Filled => Type::Bool,
            Func::Contains => {
                #[cfg(feature = "author-checks")]
                if args.len() == 2 {
                    self.option_value(&args[0], &args[1]);
                }
                match (&types[0], &types[1]) {
                    (Type::Any, _) | (Type::Null, _) => {}
                    (Type::List(t), x) => {
                        if *x != Type::Null && join(t, x).is_none() {
                            self.err(
                                format!(
                                    "this list contains {}, so it cannot contain {x}",
                                    plural(t)
                                ),
                                arg(1),
                            );
                        }
                    }
                    (Type::Text, x) => {
                        if !matches!(x, Type::Text | Type::Any | Type::Null) {
                            self.err(
                                format!("a text can only contain a text, but this is {x}"),
                                arg(1),
                            );
                        }
                    }
                    (t, _) => {
                        self.err(
                            format!("`contains` needs a list or a text, but this is {t}"),
                            arg(0),
                        );
                    }
                }
                Type::Bool
            }
            Func::Date => {
                match (&args[0].kind, &types[0]) {
                    (NodeKind::Text(s), _) => {
                        if Date::parse_input(s).is_none() {
                            let why = crate::value::no_such_day(s);
                            self.err(why.unwrap_or_else(|| format!("`{s}` is not a valid date; write `JJJJ-MM-TT`, e.g. `2024-09-01`")), arg(0));
                        }
                    }
                    (_, Type::Text | Type::Date | Type::Any | Type::Null) => {}
                    (_, t) => {
                        self.err(
                            format!("`date` needs a text such as \"2024-09-01\", but this is {t}"),
                            arg(0),
                        );
                    }
                }
                Type::Date
            }
            Func::AddDays | Func::AddMonths | Func::AddYears => {
                if !types[0].is(&Type::Date) && types[0] != Type::Null {
                    self.err(
                        format!("`{name}` needs a date first, but this is {}", types[0]),
                        arg(0),
                    );
                }
                if !types[1].is(&Type::Number) && types[1] != Type::Null {
                    self.err(
                        format!(
                            "`{name}` needs a whole number second, but this is {}",
                            types[1]
                        ),
                        arg(1),
                    );
                }
                Type::Date
            }
            Func::DaysBetween => {
                for (i, t) in types.iter().enumerate() {
                    if !t.is(&Type::Date) && *t != Type::Null {
                        self.err(
                            format!("`days_between` needs two dates, but this is {t}"),
                            arg(i),
                        );
                    }
                }
                Type::Number
            }
        }
    }
}

/// The result type of `a op b`, or an error message.
fn arith(op: ArithOp, a: &Type, b: &Type) -> Result<Type, String> {
    use Type::*;
    let sym = op.symbol();
    if *a == Null || *b == Null {
        return Err(format!("`{sym}` with `null` always gives nothing"));
    }
    let verb = match op {
        ArithOp::Add => "add",
        ArithOp::Sub => "subtract",
        ArithOp::Mul => "multiply",
        ArithOp::Div => "divide",
    };
    match (op, a, b) {
        (_, Any, Any) => Ok(Any),
        (ArithOp::Add, Any, Text) | (ArithOp::Add, Text, Any) => Ok(Text),
        (_, Any, t) | (_, t, Any) if t.is_numeric() => Ok(Any),
        (_, Number, Number) => Ok(Number),
        (ArithOp::Add | ArithOp::Sub, Money | Number, Money | Number) => Ok(Money),
        (ArithOp::Mul, Money, Number) | (ArithOp::Mul, Number, Money) => Ok(Money),
        (ArithOp::Div, Money, Number) => Ok(Money),
        (ArithOp::Div, Money, Money) => Ok(Number),
        (ArithOp::Add, Text, Text) => Ok(Text),
        (ArithOp::Mul, Money, Money) => {
            Err("cannot multiply two amounts of money; multiply an amount by a number".into())
        }
        (ArithOp::Div, Number, Money) => Err("cannot divide a number by an amount of money".into()),
        (ArithOp::Add | ArithOp::Sub, Date, _) | (ArithOp::Add | ArithOp::Sub, _, Date) => {
            if op == ArithOp::Sub && a == b {
                Err("cannot subtract dates; use `days_between(from, to)`".into())
            } else {
                Err(format!("cannot {verb} a date with `{sym}`; use `add_days(date, n)`, `add_months` or `add_years`"))
            }
        }
        _ => Err(format!("cannot {verb} {a} and {b} with `{sym}`")),
    }
}
