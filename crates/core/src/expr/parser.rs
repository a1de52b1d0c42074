//! Recursive-descent parser producing [`Node`]s. Depth is bounded by [`MAX_DEPTH`], so no input
//! can overflow the stack.

use super::lexer::{lex, Tok, Token};
use super::{
    suggest, ArithOp, ArithStep, CmpOp, ExprError, Func, Node, NodeKind, MAX_DEPTH, MAX_SOURCE_LEN,
};

struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    depth: usize,
}

fn node(kind: NodeKind, offset: usize, end: usize) -> Node {
    Node {
        kind,
        offset,
        len: end.saturating_sub(offset),
    }
}

pub(crate) fn parse(src: &str) -> Result<Node, ExprError> {
    if src.len() > MAX_SOURCE_LEN {
        return Err(ExprError::new(
            format!(
                "the expression is {} bytes long; at most {MAX_SOURCE_LEN} are allowed",
                src.len()
            ),
            0,
            src.len(),
        ));
    }
    let toks = lex(src)?;
    let mut p = Parser {
        src,
        toks,
        pos: 0,
        depth: 0,
    };
    if p.peek().tok == Tok::Eof {
        return Err(ExprError::new("the expression is empty", 0, src.len()));
    }
    let root = p.expr()?;
    let t = p.peek().clone();
    if t.tok != Tok::Eof {
        let hint = match t.tok {
            Tok::RParen => "there is a `)` without a matching `(`".to_string(),
            Tok::Comma => {
                "unexpected `,`; decimal numbers use a dot (`20.5`), and `,` only separates \
                 function arguments"
                    .to_string()
            }
            Tok::EqEq | Tok::Ne | Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge => {
                "comparisons cannot be chained; write `a < b and b < c`".to_string()
            }
            _ => format!(
                "unexpected {} after a complete expression; is an operator such as `and` missing?",
                p.describe(&t)
            ),
        };
        return Err(ExprError::new(hint, t.offset, t.len));
    }
    Ok(root)
}

impl<'a> Parser<'a> {
    fn peek(&self) -> &Token {
        // The token list always ends with Eof and `pos` never moves past it.
        &self.toks[self.pos.min(self.toks.len() - 1)]
    }
    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        if t.tok != Tok::Eof {
            self.pos += 1;
        }
        t
    }
    fn prev_end(&self) -> usize {
        match self.pos.checked_sub(1).and_then(|i| self.toks.get(i)) {
            Some(t) => t.offset + t.len,
            None => 0,
        }
    }
    fn is_keyword(&self, kw: &str) -> bool {
        matches!(&self.peek().tok, Tok::Name(n) if n == kw)
    }
    fn describe(&self, t: &Token) -> String {
        match t.tok {
            Tok::Eof => "the end of the expression".to_string(),
            _ => format!("`{}`", &self.src[t.offset..t.offset + t.len]),
        }
    }
    fn enter(&mut self, offset: usize) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ExprError::new(
                format!("the expression is nested too deeply (more than {MAX_DEPTH} levels)"),
                offset,
                1,
            ));
        }
        Ok(())
    }
    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn expr(&mut self) -> Result<Node, ExprError> {
        self.or()
    }

    fn or(&mut self) -> Result<Node, ExprError> {
        let first = self.and()?;
        if !self.is_keyword("or") {
            return Ok(first);
        }
        let start = first.offset;
        let mut items = vec![first];
        while self.is_keyword("or") {
            self.next();
            items.push(self.and()?);
        }
        Ok(node(NodeKind::Or(items), start, self.prev_end()))
    }

    fn and(&mut self) -> Result<Node, ExprError> {
        let first = self.not()?;
        if !self.is_keyword("and") {
            return Ok(first);
        }
        let start = first.offset;
        let mut items = vec![first];
        while self.is_keyword("and") {
            self.next();
            items.push(self.not()?);
        }
        Ok(node(NodeKind::And(items), start, self.prev_end()))
    }

    fn not(&mut self) -> Result<Node, ExprError> {
        if self.is_keyword("not") {
            let t = self.next();
            self.enter(t.offset)?;
            let inner = self.not()?;
            self.leave();
            return Ok(node(
                NodeKind::Not(Box::new(inner)),
                t.offset,
                self.prev_end(),
            ));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Node, ExprError> {
        let left = self.sum()?;
        let op = match self.peek().tok {
            Tok::EqEq => CmpOp::Eq,
            Tok::Ne => CmpOp::Ne,
            Tok::Lt => CmpOp::Lt,
            Tok::Le => CmpOp::Le,
            Tok::Gt => CmpOp::Gt,
            Tok::Ge => CmpOp::Ge,
            _ => return Ok(left),
        };
        self.next();
        let right = self.sum()?;
        let start = left.offset;
        Ok(node(
            NodeKind::Compare(op, Box::new(left), Box::new(right)),
            start,
            self.prev_end(),
        ))
    }

    fn sum(&mut self) -> Result<Node, ExprError> {
        self.chain(true)
    }

    fn chain(&mut self, additive: bool) -> Result<Node, ExprError> {
        let first = if additive {
            self.chain(false)?
        } else {
            self.unary()?
        };
        let mut steps = Vec::new();
        loop {
            let op = match (additive, &self.peek().tok) {
                (true, Tok::Plus) => ArithOp::Add,
                (true, Tok::Minus) => ArithOp::Sub,
                (false, Tok::Star) => ArithOp::Mul,
                (false, Tok::Slash) => ArithOp::Div,
                _ => break,
            };
            let t = self.next();
            let rhs = if additive {
                self.chain(false)?
            } else {
                self.unary()?
            };
            steps.push(ArithStep {
                op,
                op_offset: t.offset,
                rhs,
            });
        }
        if steps.is_empty() {
            return Ok(first);
        }
        let start = first.offset;
        Ok(node(
            NodeKind::Arith(Box::new(first), steps),
            start,
            self.prev_end(),
        ))
    }

    fn unary(&mut self) -> Result<Node, ExprError> {
        if self.peek().tok == Tok::Minus {
            let t = self.next();
            self.enter(t.offset)?;
            let inner = self.unary()?;
            self.leave();
            let end = self.prev_end();
            return Ok(match inner.kind {
                NodeKind::Number(d) => node(NodeKind::Number(d.neg()), t.offset, end),
                _ => node(NodeKind::Neg(Box::new(inner)), t.offset, end),
            });
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Node, ExprError> {
        let t = self.next();
        let end = t.offset + t.len;
        match t.tok {
            Tok::Num(d) => Ok(node(NodeKind::Number(d), t.offset, end)),
            Tok::Str(s) => Ok(node(NodeKind::Text(s), t.offset, end)),
            Tok::Name(ref n) => match n.as_str() {
                "true" => Ok(node(NodeKind::Bool(true), t.offset, end)),
                "false" => Ok(node(NodeKind::Bool(false), t.offset, end)),
                "null" => Ok(node(NodeKind::Null, t.offset, end)),
                "not" => Err(ExprError::new(
                    "`not` cannot stand here; put the negated part in parentheses: `(not x)`",
                    t.offset,
                    t.len,
                )),
                "and" | "or" => Err(ExprError::new(
                    format!("expected a value before `{n}`"),
                    t.offset,
                    t.len,
                )),
                _ if self.peek().tok == Tok::LParen => self.call(&t, n),
                _ => Ok(node(NodeKind::Ref(n.clone()), t.offset, end)),
            },
            Tok::LParen => {
                self.enter(t.offset)?;
                let inner = self.expr()?;
                self.leave();
                let close = self.next();
                if close.tok != Tok::RParen {
                    return Err(ExprError::new(
                        format!(
                            "expected `)` to close the `(`, found {}",
                            self.describe(&close)
                        ),
                        close.offset,
                        close.len,
                    ));
                }
                // Keep the inner node, widened to include the parentheses.
                Ok(Node {
                    kind: inner.kind,
                    offset: t.offset,
                    len: close.offset + 1 - t.offset,
                })
            }
            _ => Err(ExprError::new(
                format!("expected a value, found {}", self.describe(&t)),
                t.offset,
                t.len,
            )),
        }
    }

    fn call(&mut self, name_tok: &Token, name: &str) -> Result<Node, ExprError> {
        let Some(func) = Func::from_name(name) else {
            let mut message = if name.contains('.') || name.contains('[') {
                format!("`{name}` is a field, not a function")
            } else {
                format!("unknown function `{name}`")
            };
            if let Some(s) = suggest(name, super::Func::ALL.iter().map(|f| f.name())) {
                message.push_str(&format!("; did you mean `{s}`?"));
            }
            return Err(ExprError::new(message, name_tok.offset, name_tok.len));
        };
        let open = self.next(); // the `(`
        self.enter(open.offset)?;
        let mut args = Vec::new();
        if self.peek().tok != Tok::RParen {
            loop {
                args.push(self.expr()?);
                let t = self.next();
                match t.tok {
                    Tok::Comma => continue,
                    Tok::RParen => break,
                    _ => {
                        return Err(ExprError::new(
                            format!(
                                "expected `,` or `)` in the call of `{name}`, found {}",
                                self.describe(&t)
                            ),
                            t.offset,
                            t.len,
                        ))
                    }
                }
            }
        } else {
            self.next();
        }
        self.leave();
        let end = self.prev_end();
        let (min, max) = func.arity();
        let n = args.len();
        if n < min || max.is_some_and(|m| n > m) {
            let expected = match (min, max) {
                (a, Some(b)) if a == b => format!("{a} argument{}", if a == 1 { "" } else { "s" }),
                (a, Some(b)) => format!("{a} or {b} arguments"),
                (a, None) => format!("at least {a} argument{}", if a == 1 { "" } else { "s" }),
            };
            return Err(ExprError::new(
                format!(
                    "`{name}` takes {expected}, found {n}; call it as `{}`",
                    func.signature()
                ),
                name_tok.offset,
                end - name_tok.offset,
            ));
        }
        Ok(node(NodeKind::Call(func, args), name_tok.offset, end))
    }
}
