//! Splits an expression source into tokens.

use super::ExprError;
use crate::value::Dec;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    Num(Dec),
    Str(String),
    /// A name or a reference path (`a`, `a.b`, `plaetze[*].x`); keywords are names too.
    Name(String),
    LParen,
    RParen,
    Comma,
    Plus,
    Minus,
    Star,
    Slash,
    EqEq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Eof,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub offset: usize,
    pub len: usize,
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }
    fn peek_at(&self, byte_offset: usize) -> Option<char> {
        self.src.get(self.pos + byte_offset..)?.chars().next()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }
    fn eat_name(&mut self) {
        while let Some(c) = self.peek() {
            if !is_name_char(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    fn name(&mut self, start: usize) -> Result<Tok, ExprError> {
        self.eat_name();
        loop {
            match self.peek() {
                Some('.') if self.peek_at(1).is_some_and(is_name_start) => {
                    self.pos += 1;
                    self.eat_name();
                }
                Some('[') => {
                    if self.src[self.pos..].starts_with("[*]") {
                        self.pos += 3;
                    } else {
                        let end = self.src[self.pos..]
                            .find(']')
                            .map(|i| self.pos + i + 1)
                            .unwrap_or(self.pos + 1);
                        return Err(ExprError::new(
                            "only `[*]` (all entries) may follow the name of a repeat, \
                             e.g. `plaetze[*].zuschuss`",
                            self.pos,
                            end - self.pos,
                        ));
                    }
                }
                Some('.') if self.peek_at(1).is_some() => {
                    return Err(ExprError::new(
                        "expected a field name after `.`",
                        self.pos,
                        1 + self.peek_at(1).map_or(0, char::len_utf8),
                    ));
                }
                _ => break,
            }
        }
        Ok(Tok::Name(self.src[start..self.pos].to_string()))
    }

    fn number(&mut self, start: usize) -> Result<Tok, ExprError> {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        if self.peek() == Some('.') && self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1;
            }
        }
        if let Some(c) = self.peek() {
            if is_name_char(c) {
                let mut end = self.pos;
                for (i, c) in self.src[self.pos..].char_indices() {
                    if !is_name_char(c) {
                        break;
                    }
                    end = self.pos + i + c.len_utf8();
                }
                return Err(ExprError::new(
                    "a name cannot start with a digit",
                    start,
                    end - start,
                ));
            }
        }
        let text = &self.src[start..self.pos];
        match Dec::parse_canonical(text) {
            Some(d) => Ok(Tok::Num(d)),
            None => {
                let frac = text.split_once('.').map_or(0, |(_, f)| f.len());
                let message = if frac > Dec::SCALE_DIGITS as usize {
                    "a number may have at most 6 places after the decimal point"
                } else {
                    "this number is too large"
                };
                Err(ExprError::new(message, start, self.pos - start))
            }
        }
    }

    fn string(&mut self, start: usize, quote: char) -> Result<Tok, ExprError> {
        let mut out = String::new();
        loop {
            let at = self.pos;
            match self.bump() {
                None => {
                    return Err(ExprError::new(
                        format!("this text has no closing {quote}"),
                        start,
                        self.pos - start,
                    ))
                }
                Some(c) if c == quote => return Ok(Tok::Str(out)),
                Some('\\') => match self.bump() {
                    Some('"') => out.push('"'),
                    Some('\'') => out.push('\''),
                    Some('\\') => out.push('\\'),
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(c) => {
                        return Err(ExprError::new(
                            format!(
                                "unknown escape `\\{c}`; use `\\\"`, `\\'`, `\\\\`, `\\n` or `\\t`"
                            ),
                            at,
                            1 + c.len_utf8(),
                        ))
                    }
                    None => {
                        return Err(ExprError::new(
                            format!("this text has no closing {quote}"),
                            start,
                            self.pos - start,
                        ))
                    }
                },
                Some(c) => out.push(c),
            }
        }
    }
}

/// All tokens of `src`, ending with [`Tok::Eof`].
pub(crate) fn lex(src: &str) -> Result<Vec<Token>, ExprError> {
    let mut lx = Lexer { src, pos: 0 };
    let mut out = Vec::new();
    loop {
        while lx.peek().is_some_and(char::is_whitespace) {
            lx.bump();
        }
        let start = lx.pos;
        let Some(c) = lx.bump() else {
            out.push(Token {
                tok: Tok::Eof,
                offset: src.len(),
                len: 0,
            });
            return Ok(out);
        };
        let next = lx.peek();
        let err = |msg: &str, len: usize| Err(ExprError::new(msg, start, len));
        let tok = match c {
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            ',' => Tok::Comma,
            '+' => Tok::Plus,
            '-' | '−' => Tok::Minus,
            '*' => Tok::Star,
            '/' => Tok::Slash,
            '=' if next == Some('=') => {
                lx.bump();
                Tok::EqEq
            }
            '=' => return err("use `==` to compare", 1),
            '!' if next == Some('=') => {
                lx.bump();
                Tok::Ne
            }
            '!' => return err("use `not` instead of `!`", 1),
            '<' if next == Some('=') => {
                lx.bump();
                Tok::Le
            }
            '<' if next == Some('>') => return err("use `!=` for “not equal”", 2),
            '<' => Tok::Lt,
            '>' if next == Some('=') => {
                lx.bump();
                Tok::Ge
            }
            '>' => Tok::Gt,
            '≤' => return err("use `<=`", c.len_utf8()),
            '≥' => return err("use `>=`", c.len_utf8()),
            '≠' => return err("use `!=`", c.len_utf8()),
            '&' => {
                return err(
                    "use `and` instead of `&&`",
                    if next == Some('&') { 2 } else { 1 },
                )
            }
            '|' => {
                return err(
                    "use `or` instead of `||`",
                    if next == Some('|') { 2 } else { 1 },
                )
            }
            '"' | '\'' => lx.string(start, c)?,
            '„' | '“' | '”' | '‘' | '’' | '‚' => {
                return err(
                    "typographic quotes are not allowed; write texts in \"straight\" quotes",
                    c.len_utf8(),
                )
            }
            '0'..='9' => lx.number(start)?,
            c if is_name_start(c) => lx.name(start)?,
            c => return err(&format!("unexpected character `{c}`"), c.len_utf8()),
        };
        out.push(Token {
            tok,
            offset: start,
            len: lx.pos - start,
        });
    }
}
