//! Evaluation. Total: every input gives a [`Value`], never a panic.

use std::cmp::Ordering;

use super::{ArithOp, CmpOp, Expr, Func, Node, NodeKind};
use crate::value::{Date, Dec};

/// A runtime value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Nothing: an unanswered field, or an undefined result (division by zero, overflow, …).
    Null,
    Bool(bool),
    Number(Dec),
    Money(Dec),
    Text(String),
    Date(Date),
    List(Vec<Value>),
}

impl Value {
    /// As a condition: `true` only for `Bool(true)`, a non-zero number, a non-blank text, a
    /// date or a non-empty list; `Null` and `Bool(false)` are false.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(d) | Value::Money(d) => !d.is_zero(),
            Value::Text(s) => !s.trim().is_empty(),
            Value::Date(_) => true,
            Value::List(l) => !l.is_empty(),
        }
    }

    /// Unanswered: `Null`, a blank text or an empty list (what `empty(x)` and `x == null` test).
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Null => true,
            Value::Text(s) => s.trim().is_empty(),
            Value::List(l) => l.is_empty(),
            _ => false,
        }
    }

    /// The number or amount, if this is one.
    pub fn as_dec(&self) -> Option<Dec> {
        match self {
            Value::Number(d) | Value::Money(d) => Some(*d),
            _ => None,
        }
    }

    pub fn as_date(&self) -> Option<Date> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The [`super::Type`] of this value (`List(Any)` for an empty list).
    pub fn type_of(&self) -> super::Type {
        use super::Type;
        match self {
            Value::Null => Type::Null,
            Value::Bool(_) => Type::Bool,
            Value::Number(_) => Type::Number,
            Value::Money(_) => Type::Money,
            Value::Text(_) => Type::Text,
            Value::Date(_) => Type::Date,
            Value::List(l) => Type::List(Box::new(l.first().map_or(Type::Any, Value::type_of))),
        }
    }
}

/// What evaluation reads: the answers (already converted to typed values: money as
/// `Value::Money`, dates as `Value::Date`, unanswered or unparseable as `Value::Null`,
/// `plaetze[*].x` as `Value::List`) and the day of filling in.
pub trait Env {
    fn lookup(&self, reference: &str) -> Value;
    fn today(&self) -> Date;
}

/// Evaluates `expr`. Never panics; undefined results are [`Value::Null`].
pub fn eval(expr: &Expr, env: &dyn Env) -> Value {
    node(expr.root(), env)
}

fn node(n: &Node, env: &dyn Env) -> Value {
    match &n.kind {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => Value::Bool(*b),
        NodeKind::Number(d) => Value::Number(*d),
        NodeKind::Text(s) => Value::Text(s.clone()),
        NodeKind::Ref(r) => env.lookup(r),
        NodeKind::Not(x) => Value::Bool(!node(x, env).truthy()),
        NodeKind::Neg(x) => match node(x, env) {
            Value::Number(d) => Value::Number(d.neg()),
            Value::Money(d) => Value::Money(d.neg()),
            _ => Value::Null,
        },
        NodeKind::And(xs) => Value::Bool(xs.iter().all(|x| node(x, env).truthy())),
        NodeKind::Or(xs) => Value::Bool(xs.iter().any(|x| node(x, env).truthy())),
        NodeKind::Compare(op, a, b) => Value::Bool(compare(*op, a, b, env)),
        NodeKind::Arith(first, steps) => {
            let mut acc = node(first, env);
            for s in steps {
                if acc == Value::Null {
                    return Value::Null;
                }
                acc = arith(s.op, &acc, &node(&s.rhs, env));
            }
            acc
        }
        NodeKind::Call(f, args) => call(*f, args, env),
    }
}

fn compare(op: CmpOp, a: &Node, b: &Node, env: &dyn Env) -> bool {
    let (a_null, b_null) = (a.kind == NodeKind::Null, b.kind == NodeKind::Null);
    if a_null || b_null {
        let empty = match (a_null, b_null) {
            (true, true) => true,
            (true, false) => node(b, env).is_empty(),
            _ => node(a, env).is_empty(),
        };
        return match op {
            CmpOp::Eq => empty,
            CmpOp::Ne => !empty,
            _ => false,
        };
    }
    let (va, vb) = (node(a, env), node(b, env));
    if va == Value::Null || vb == Value::Null {
        return false;
    }
    match op {
        CmpOp::Eq => equal(&va, &vb),
        CmpOp::Ne => !equal(&va, &vb),
        _ => match order(&va, &vb) {
            Some(o) => match op {
                CmpOp::Lt => o == Ordering::Less,
                CmpOp::Le => o != Ordering::Greater,
                CmpOp::Gt => o == Ordering::Greater,
                _ => o != Ordering::Less,
            },
            None => false,
        },
    }
}

/// Equality across kinds: numbers and money by value, lists element by element.
pub(crate) fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        _ => match (a.as_dec(), b.as_dec()) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
    }
}

fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        _ => Some(a.as_dec()?.cmp(&b.as_dec()?)),
    }
}

fn arith(op: ArithOp, a: &Value, b: &Value) -> Value {
    use Value::{Money, Number, Text};
    let f = |x: Dec, y: Dec| match op {
        ArithOp::Add => x.checked_add(y),
        ArithOp::Sub => x.checked_sub(y),
        ArithOp::Mul => x.checked_mul(y),
        ArithOp::Div => x.checked_div(y),
    };
    let wrap = |r: Option<Dec>, money: bool| match (r, money) {
        (Some(d), true) => Money(d),
        (Some(d), false) => Number(d),
        (None, _) => Value::Null,
    };
    match (op, a, b) {
        (_, Number(x), Number(y)) => wrap(f(*x, *y), false),
        (ArithOp::Div, Money(x), Money(y)) => wrap(f(*x, *y), false),
        (ArithOp::Mul, Money(_), Money(_)) | (ArithOp::Div, Number(_), Money(_)) => Value::Null,
        (_, Money(x) | Number(x), Money(y) | Number(y)) => wrap(f(*x, *y), true),
        (ArithOp::Add, Text(x), Text(y)) => Text(format!("{x}{y}")),
        _ => Value::Null,
    }
}

/// All values of a list (nested lists flattened), or the value itself.
fn flatten(v: Value, out: &mut Vec<Value>) {
    match v {
        Value::List(l) => l.into_iter().for_each(|x| flatten(x, out)),
        x => out.push(x),
    }
}

fn items(args: &[Node], env: &dyn Env) -> Vec<Value> {
    let mut out = Vec::new();
    for a in args {
        flatten(node(a, env), &mut out);
    }
    out
}

fn int_arg(v: &Value) -> Option<i64> {
    v.as_dec()?.to_i64()
}

fn call(f: Func, args: &[Node], env: &dyn Env) -> Value {
    let arg = |i: usize| args.get(i).map_or(Value::Null, |a| node(a, env));
    let date_arg = |i: usize| arg(i).as_date();
    let num = |n: i64| Value::Number(Dec::from_i64(n));
    match f {
        Func::Today => Value::Date(env.today()),
        Func::Age => match date_arg(0) {
            Some(b) => num(Date::age_on(b, env.today()) as i64),
            None => Value::Null,
        },
        Func::Len => match arg(0) {
            Value::Text(s) => num(s.chars().count() as i64),
            Value::List(l) => num(l.len() as i64),
            Value::Null => num(0),
            _ => Value::Null,
        },
        Func::Count => match arg(0) {
            Value::List(l) => num(l.iter().filter(|v| !v.is_empty()).count() as i64),
            v => num(i64::from(!v.is_empty())),
        },
        Func::Sum => {
            let mut total = Dec::ZERO;
            let mut money = false;
            for v in items(args, env) {
                match v {
                    Value::Null => {}
                    Value::Number(d) | Value::Money(d) => {
                        money |= matches!(v, Value::Money(_));
                        match total.checked_add(d) {
                            Some(t) => total = t,
                            None => return Value::Null,
                        }
                    }
                    _ => return Value::Null,
                }
            }
            if money {
                Value::Money(total)
            } else {
                Value::Number(total)
            }
        }
        Func::Min | Func::Max => {
            let want = if f == Func::Min {
                Ordering::Less
            } else {
                Ordering::Greater
            };
            let vals: Vec<Value> = items(args, env)
                .into_iter()
                .filter(|v| *v != Value::Null)
                .collect();
            let money = vals.iter().any(|v| matches!(v, Value::Money(_)));
            let mut best: Option<Value> = None;
            for v in vals {
                best = match best {
                    None => Some(v),
                    Some(b) => match order(&v, &b) {
                        Some(o) if o == want => Some(v),
                        Some(_) => Some(b),
                        None => return Value::Null,
                    },
                };
            }
            match best {
                Some(Value::Number(d)) if money => Value::Money(d),
                Some(v @ (Value::Number(_) | Value::Money(_) | Value::Date(_))) => v,
                _ => Value::Null,
            }
        }
        Func::Round => {
            let places = if args.len() > 1 {
                int_arg(&arg(1))
            } else {
                Some(0)
            };
            match (arg(0), places) {
                (Value::Number(d), Some(p @ 0..=6)) => Value::Number(d.round_to(p as u8)),
                (Value::Money(d), Some(p @ 0..=6)) => Value::Money(d.round_to(p as u8)),
                _ => Value::Null,
            }
        }
        Func::If => {
            if arg(0).truthy() {
                arg(1)
            } else {
                arg(2)
            }
        }
        Func::Empty => Value::Bool(arg(0).is_empty()),
        Func::Filled => Value::Bool(!arg(0).is_empty()),
        Func::Contains => match (arg(0), arg(1)) {
            (Value::List(l), x) => Value::Bool(l.iter().any(|v| equal(v, &x))),
            (Value::Text(s), Value::Text(part)) => Value::Bool(s.contains(&part)),
            _ => Value::Bool(false),
        },
        Func::Date => match arg(0) {
            Value::Text(s) => Date::parse_input(&s).map_or(Value::Null, Value::Date),
            d @ Value::Date(_) => d,
            _ => Value::Null,
        },
        Func::AddDays | Func::AddMonths | Func::AddYears => {
            let (Some(d), Some(n)) = (date_arg(0), int_arg(&arg(1))) else {
                return Value::Null;
            };
            let r = match f {
                Func::AddDays => d.add_days(n),
                Func::AddMonths => d.add_months(n),
                _ => d.add_years(n),
            };
            r.map_or(Value::Null, Value::Date)
        }
        Func::Year => date_arg(0).map_or(Value::Null, |d| num(d.year as i64)),
        Func::Month => date_arg(0).map_or(Value::Null, |d| num(d.month as i64)),
        Func::Day => date_arg(0).map_or(Value::Null, |d| num(d.day as i64)),
        Func::DaysBetween => match (date_arg(0), date_arg(1)) {
            (Some(a), Some(b)) => num(b.days_since_epoch() - a.days_since_epoch()),
            _ => Value::Null,
        },
    }
}
