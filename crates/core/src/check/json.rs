//! A small span-aware JSON parser for the author checks.
//!
//! Unlike `serde_json` it keeps the byte span of every key and value, so a JSON pointer can be
//! mapped back to a line and column, and it recovers from the mistakes authors make most often
//! (trailing commas, missing commas, comments, single quotes) so that one run reports all of them.
//! It never panics, and its recursion is bounded by [`MAX_DEPTH`].

/// Deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 128;

/// Byte range `start..end` in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    /// The number exactly as written.
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

/// A syntax error at a byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub code: &'static str,
    pub offset: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// The result of a parse: a tree (possibly after recovering from errors) and the errors.
/// `root` is `None` when the parser had to give up.
#[derive(Debug)]
pub struct Parsed {
    pub root: Option<Node>,
    pub errors: Vec<SyntaxError>,
}

impl Kind {
    /// What a value is, for messages ("found a number").
    pub fn describe(&self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Object(_) => "an object",
        }
    }
}

impl Node {
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.kind {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }
    /// The member `key` of an object (the last one if duplicated, like most JSON readers).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_object()?
            .iter()
            .rev()
            .find(|m| m.key == key)
            .map(|m| &m.value)
    }

    /// The node at a JSON pointer (RFC 6901), and the member whose value it is (for key spans).
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        if pointer.is_empty() {
            return Some(node);
        }
        let rest = pointer.strip_prefix('/')?;
        for raw in rest.split('/') {
            let token = raw.replace("~1", "/").replace("~0", "~");
            node = match &node.kind {
                Kind::Object(_) => node.get(&token)?,
                Kind::Array(items) => {
                    if token.len() > 1 && token.starts_with('0') {
                        return None;
                    }
                    items.get(token.parse::<usize>().ok()?)?
                }
                _ => return None,
            };
        }
        Some(node)
    }
}

/// Parses `src`. Never panics; recursion depth is bounded by [`MAX_DEPTH`].
pub fn parse(src: &str) -> Parsed {
    let mut p = Parser {
        src,
        bytes: src.as_bytes(),
        pos: 0,
        errors: Vec::new(),
    };
    if src.starts_with('\u{feff}') {
        p.err(
            "json-syntax",
            0,
            "the file starts with a byte order mark (BOM)".into(),
            Some("save the file as UTF-8 without BOM".into()),
        );
        p.pos = 3;
    }
    p.skip_ws();
    if p.pos >= p.bytes.len() {
        p.err(
            "json-syntax",
            p.pos,
            "the file is empty".into(),
            Some("a form is a JSON object: `{ \"id\": …, \"pages\": [ … ] }`".into()),
        );
        return Parsed {
            root: None,
            errors: p.errors,
        };
    }
    let root = p.value(0).ok();
    if root.is_some() {
        p.skip_ws();
        if p.pos < p.bytes.len() {
            let msg = format!(
                "unexpected {} after the end of the document",
                p.describe_here()
            );
            p.err(
                "json-syntax",
                p.pos,
                msg,
                Some(
                    "the file must contain exactly one JSON value; is there a `}` too many?".into(),
                ),
            );
        }
    }
    Parsed {
        root,
        errors: p.errors,
    }
}

/// Marker for an unrecoverable error (already recorded).
struct Fatal;

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    errors: Vec<SyntaxError>,
}

impl Parser<'_> {
    fn err(&mut self, code: &'static str, offset: usize, message: String, hint: Option<String>) {
        self.errors.push(SyntaxError {
            code,
            offset,
            message,
            hint,
        });
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn char_here(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn describe_here(&self) -> String {
        match self.char_here() {
            None => "end of file".into(),
            Some(c) if c.is_control() || c.is_whitespace() => {
                format!("character U+{:04X}", c as u32)
            }
            Some(c) => format!("`{c}`"),
        }
    }

    /// Skips whitespace and (reporting them) comments.
    fn skip_ws(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if matches!(self.bytes.get(self.pos + 1), Some(b'/' | b'*')) => {
                    let start = self.pos;
                    if self.bytes[self.pos + 1] == b'/' {
                        while let Some(b) = self.peek() {
                            if b == b'\n' {
                                break;
                            }
                            self.pos += 1;
                        }
                    } else {
                        self.pos += 2;
                        loop {
                            match self.peek() {
                                None => break,
                                Some(b'*') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                                    self.pos += 2;
                                    break;
                                }
                                Some(_) => self.pos += 1,
                            }
                        }
                    }
                    self.err(
                        "json-syntax",
                        start,
                        "comments are not allowed in JSON".into(),
                        Some("remove the comment; explanations for citizens belong in `hint` or an `info` item".into()),
                    );
                }
                _ => return,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, Fatal> {
        self.skip_ws();
        let start = self.pos;
        match self.peek() {
            None => {
                self.err(
                    "json-syntax",
                    self.pos,
                    "unexpected end of file, expected a value".into(),
                    Some("the file seems cut off; are brackets `]` or braces `}` missing?".into()),
                );
                Err(Fatal)
            }
            Some(b'{') | Some(b'[') if depth >= MAX_DEPTH => {
                self.err(
                    "too-deep",
                    start,
                    format!("nesting deeper than {MAX_DEPTH} levels"),
                    None,
                );
                Err(Fatal)
            }
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') | Some(b'\'') => {
                let s = self.string()?;
                Ok(Node {
                    kind: Kind::String(s),
                    span: Span {
                        start,
                        end: self.pos,
                    },
                })
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                let word = self.word().to_string();
                let word = word.as_str();
                let kind = match word {
                    "true" => Kind::Bool(true),
                    "false" => Kind::Bool(false),
                    "null" => Kind::Null,
                    _ => {
                        let hint = match word {
                            "True" | "TRUE" => Some("write `true` in lower case".to_string()),
                            "False" | "FALSE" => Some("write `false` in lower case".to_string()),
                            "None" | "NULL" | "Null" | "undefined" => {
                                Some("write `null`, or leave the key out".to_string())
                            }
                            _ => Some(format!("text must be in double quotes: `\"{word}\"`")),
                        };
                        self.err(
                            "json-syntax",
                            start,
                            format!("unexpected word `{word}`, expected a value"),
                            hint,
                        );
                        Kind::String(word.to_string())
                    }
                };
                Ok(Node {
                    kind,
                    span: Span {
                        start,
                        end: self.pos,
                    },
                })
            }
            Some(_) => {
                let msg = format!("unexpected {}, expected a value", self.describe_here());
                let hint = self.typographic_quote_hint();
                self.err("json-syntax", start, msg, hint);
                Err(Fatal)
            }
        }
    }

    /// An identifier-like word (for `true`, unquoted keys, …).
    fn word(&mut self) -> &str {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b == b'-' {
                self.pos += 1;
            } else {
                break;
            }
        }
        &self.src[start..self.pos]
    }

    fn number(&mut self) -> Result<Node, Fatal> {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E') {
                self.pos += 1;
            } else {
                break;
            }
        }
        let text = &self.src[start..self.pos];
        if !valid_number(text) {
            let hint = if text.contains(',') {
                None
            } else if text.starts_with('0') || text.starts_with("-0") {
                Some(
                    "numbers must not have leading zeros; write text like postcodes as a string"
                        .into(),
                )
            } else {
                None
            };
            self.err(
                "json-syntax",
                start,
                format!("invalid number `{text}`"),
                hint,
            );
        }
        Ok(Node {
            kind: Kind::Number(text.to_string()),
            span: Span {
                start,
                end: self.pos,
            },
        })
    }

    /// A string literal (double quotes; single quotes are reported and accepted for recovery).
    fn string(&mut self) -> Result<String, Fatal> {
        let start = self.pos;
        let quote = self.bytes[self.pos];
        if quote == b'\'' {
            self.err(
                "json-syntax",
                start,
                "strings must be in double quotes".into(),
                Some("JSON does not allow single quotes `'`; use `\"`".into()),
            );
        }
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.char_here() else {
                self.err(
                    "json-syntax",
                    start,
                    "unterminated string".into(),
                    Some("a closing `\"` is missing".into()),
                );
                return Err(Fatal);
            };
            let here = self.pos;
            self.pos += c.len_utf8();
            match c {
                '"' if quote == b'"' => return Ok(out),
                '\'' if quote == b'\'' => return Ok(out),
                '\\' => self.escape(&mut out, here)?,
                '\n' => {
                    self.err(
                        "json-syntax",
                        start,
                        "unterminated string (line break inside a string)".into(),
                        Some("close the string with `\"` on the same line; write a line break as `\\n`".into()),
                    );
                    self.pos = here;
                    return Ok(out);
                }
                c if (c as u32) < 0x20 => {
                    self.err(
                        "json-syntax",
                        here,
                        format!("control character U+{:04X} inside a string", c as u32),
                        Some("write a tab as `\\t`".into()),
                    );
                }
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self, out: &mut String, at: usize) -> Result<(), Fatal> {
        let Some(c) = self.char_here() else {
            self.err(
                "json-syntax",
                at,
                "unterminated string".into(),
                Some("a closing `\"` is missing".into()),
            );
            return Err(Fatal);
        };
        self.pos += c.len_utf8();
        match c {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            '/' => out.push('/'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => {
                let Some(hi) = self.hex4() else {
                    self.err(
                        "json-syntax",
                        at,
                        "invalid unicode escape".into(),
                        Some("write `\\u` followed by four hex digits, e.g. `\\u00e4`".into()),
                    );
                    return Ok(());
                };
                if (0xD800..0xDC00).contains(&hi) {
                    if self.bytes.get(self.pos) == Some(&b'\\')
                        && self.bytes.get(self.pos + 1) == Some(&b'u')
                    {
                        let save = self.pos;
                        self.pos += 2;
                        if let Some(lo) = self.hex4().filter(|lo| (0xDC00..0xE000).contains(lo)) {
                            let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                            if let Some(ch) = char::from_u32(cp) {
                                out.push(ch);
                                return Ok(());
                            }
                        }
                        self.pos = save;
                    }
                    self.err(
                        "json-syntax",
                        at,
                        "lone surrogate in unicode escape".into(),
                        Some("write the character itself instead of `\\u` escapes".into()),
                    );
                } else if let Some(ch) = char::from_u32(hi) {
                    out.push(ch);
                } else {
                    self.err(
                        "json-syntax",
                        at,
                        "lone surrogate in unicode escape".into(),
                        Some("write the character itself instead of `\\u` escapes".into()),
                    );
                }
            }
            other => {
                self.err(
                    "json-syntax",
                    at,
                    format!("invalid escape `\\{other}`"),
                    Some("a backslash must be doubled: `\\\\`".into()),
                );
                out.push(other);
            }
        }
        Ok(())
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.src.get(self.pos..self.pos + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    fn array(&mut self, depth: usize) -> Result<Node, Fatal> {
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Node {
                kind: Kind::Array(items),
                span: Span {
                    start,
                    end: self.pos,
                },
            });
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.trailing_comma(comma);
                        self.pos += 1;
                        break;
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                Some(b'{' | b'[' | b'"' | b'\'' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
                    self.missing_comma(items.last().map_or(self.pos, |n| n.span.end));
                }
                _ => {
                    let msg = format!("expected `,` or `]`, found {}", self.describe_here());
                    let hint = if self.peek() == Some(b'}') {
                        Some(format!(
                            "the array opened at {} is not closed with `]`",
                            "`[`"
                        ))
                    } else {
                        items.last().and_then(|n| self.inner_quote_hint(n))
                    };
                    self.err("json-syntax", self.pos, msg, hint);
                    return Err(Fatal);
                }
            }
        }
        Ok(Node {
            kind: Kind::Array(items),
            span: Span {
                start,
                end: self.pos,
            },
        })
    }

    fn object(&mut self, depth: usize) -> Result<Node, Fatal> {
        let start = self.pos;
        self.pos += 1;
        let mut members: Vec<Member> = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Node {
                kind: Kind::Object(members),
                span: Span {
                    start,
                    end: self.pos,
                },
            });
        }
        loop {
            self.skip_ws();
            let key_start = self.pos;
            let key = match self.peek() {
                Some(b'"' | b'\'') => self.string()?,
                Some(b) if b.is_ascii_alphabetic() || b == b'_' || b == b'$' => {
                    let w = self.word().to_string();
                    self.err(
                        "json-syntax",
                        key_start,
                        format!("keys must be in double quotes: `\"{w}\"`"),
                        Some("JSON requires every key to be a string in double quotes".into()),
                    );
                    w
                }
                _ => {
                    let msg = format!(
                        "expected a key in double quotes, found {}",
                        self.describe_here()
                    );
                    let hint = self
                        .typographic_quote_hint()
                        .or_else(|| self.decimal_comma_hint(members.last()));
                    self.err("json-syntax", self.pos, msg, hint);
                    return Err(Fatal);
                }
            };
            let key_span = Span {
                start: key_start,
                end: self.pos,
            };
            self.skip_ws();
            match self.peek() {
                Some(b':') => self.pos += 1,
                Some(b'=') => {
                    self.err(
                        "json-syntax",
                        self.pos,
                        "expected `:` after the key, found `=`".into(),
                        Some("write `\"key\": value`".into()),
                    );
                    self.pos += 1;
                }
                _ => {
                    let msg = format!("expected `:` after the key, found {}", self.describe_here());
                    self.err(
                        "json-syntax",
                        self.pos,
                        msg,
                        Some("write `\"key\": value`".into()),
                    );
                    return Err(Fatal);
                }
            }
            let value = self.value(depth + 1)?;
            if let Some(prev) = members.iter().find(|m| m.key == key) {
                let _ = prev;
                self.err(
                    "duplicate-key",
                    key_start,
                    format!("duplicate key `{key}`"),
                    Some("a key may appear only once per object; remove one of them".into()),
                );
            }
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.trailing_comma(comma);
                        self.pos += 1;
                        break;
                    }
                }
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                Some(b'"' | b'\'') => {
                    self.missing_comma(members.last().map_or(self.pos, |m| m.value.span.end));
                }
                _ => {
                    let msg = format!("expected `,` or `}}`, found {}", self.describe_here());
                    let hint = if self.peek() == Some(b']') {
                        Some("an object `{` is not closed with `}`".to_string())
                    } else {
                        members.last().and_then(|m| self.inner_quote_hint(&m.value))
                    };
                    self.err("json-syntax", self.pos, msg, hint);
                    return Err(Fatal);
                }
            }
        }
        Ok(Node {
            kind: Kind::Object(members),
            span: Span {
                start,
                end: self.pos,
            },
        })
    }

    /// After the string `last`, text where a `,` should be (`"Zielort ("Ort")"`): a straight
    /// `"` inside the text ended it. The hint shows the text with its quotation marks escaped.
    fn inner_quote_hint(&self, last: &Node) -> Option<String> {
        let Kind::String(_) = last.kind else {
            return None;
        };
        // Right after the quote that ended it (`"x" y` is something else).
        let here = self.char_here()?;
        if self.pos != last.span.end || matches!(here, ',' | ':' | '{' | '[') {
            return None;
        }
        // The literal as the author meant it: to the last `"` of its line.
        let line = self.src.get(last.span.start..)?;
        let line = line.split('\n').next().unwrap_or(line);
        let close = line.rfind('"').filter(|&c| c > 0)?;
        let inner = &line[1..close];
        let fix = if inner.contains('"') && !inner.contains('\\') {
            let escaped = inner.replace('"', "\\\"");
            let german = german_quotes(inner);
            format!(": `\"{escaped}\"`, or with German quotation marks `\"{german}\"`")
        } else {
            String::new()
        };
        Some(format!(
            "a straight `\"` inside a text ends the text: write quotation marks inside a text \
             as `\\\"` or as „…“{fix}"
        ))
    }

    /// A typographic quotation mark where JSON needs a straight `"` (word processors and
    /// some editors replace them as you type).
    fn typographic_quote_hint(&self) -> Option<String> {
        const TYPOGRAPHIC: &[char] = &['“', '”', '„', '‟', '«', '»', '‘', '’', '‚', '‹', '›'];
        let c = self.char_here()?;
        if !TYPOGRAPHIC.contains(&c) {
            return None;
        }
        let rest = &self.src[self.pos + c.len_utf8()..];
        let line = rest.split('\n').next().unwrap_or(rest);
        let example = line
            .find(TYPOGRAPHIC)
            .map(|end| format!(": `\"{}\"`", &line[..end]))
            .unwrap_or_default();
        Some(format!(
            "JSON needs straight double quotes `\"` around keys and texts, not the typographic \
             `{c}` (word processors put them in as you type; write the file in a code editor)\
             {example}"
        ))
    }

    /// A key expected after `"min": 1,` but a digit found: a decimal comma (`"min": 1,5`).
    fn decimal_comma_hint(&self, last: Option<&Member>) -> Option<String> {
        let last = last?;
        let Kind::Number(n) = &last.value.kind else {
            return None;
        };
        let after = self.src.get(last.value.span.end..)?;
        let digits = after.strip_prefix(',')?;
        let frac: String = digits.chars().take_while(char::is_ascii_digit).collect();
        if frac.is_empty() || self.pos != last.value.span.end + 1 {
            return None;
        }
        Some(format!(
            "JSON writes decimals with a point: for {n},{frac} write `\"{}\": {n}.{frac}`",
            last.key
        ))
    }

    fn trailing_comma(&mut self, at: usize) {
        self.err(
            "json-syntax",
            at,
            "trailing comma".into(),
            Some("JSON does not allow a comma after the last element; remove it".into()),
        );
    }

    fn missing_comma(&mut self, after: usize) {
        self.err(
            "json-syntax",
            after,
            "missing comma".into(),
            Some("separate elements with `,`".into()),
        );
    }
}

/// `s` with its straight double quotes as German quotation marks, opening and closing in turn.
fn german_quotes(s: &str) -> String {
    let mut open = true;
    s.chars()
        .map(|c| match c {
            '"' => {
                open = !open;
                if open {
                    '“'
                } else {
                    '„'
                }
            }
            c => c,
        })
        .collect()
}

/// JSON number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
fn valid_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let d = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == d {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let d = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == d {
            return false;
        }
    }
    i == b.len()
}

/// Byte offset in the source of the byte `decoded` of the string literal at `span`, so that a
/// position inside an (unescaped) expression maps to the right column even after `\"` or `\u`.
pub fn source_offset_in_literal(src: &str, span: Span, decoded: usize) -> usize {
    let Some(lit) = src.get(span.start..span.end) else {
        return span.start;
    };
    // The literal ends at its own quote (`'` when recovered from single quotes).
    let quote = lit.chars().next();
    let mut chars = lit.char_indices().skip(1).peekable();
    let mut out = 0usize;
    while let Some((i, c)) = chars.next() {
        if out >= decoded {
            return span.start + i;
        }
        if Some(c) == quote {
            return span.start + i;
        }
        if c == '\\' {
            match chars.next() {
                Some((_, 'u')) => {
                    let mut hex = String::new();
                    for _ in 0..4 {
                        if let Some((_, h)) = chars.next() {
                            hex.push(h);
                        }
                    }
                    let cp = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                    if (0xD800..0xDC00).contains(&cp) {
                        // a surrogate pair: skip the low half
                        for _ in 0..6 {
                            chars.next();
                        }
                        out += 4;
                    } else {
                        out += char::from_u32(cp).map_or(3, char::len_utf8);
                    }
                }
                Some(_) => out += 1,
                None => return span.start + i,
            }
        } else {
            out += c.len_utf8();
        }
    }
    span.end.saturating_sub(1).max(span.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_keys_and_values() {
        let src = r#"{ "a": [1, "x\"y"], "b": {"c": null} }"#;
        let p = parse(src);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let root = p.root.unwrap();
        let m = &root.as_object().unwrap()[0];
        assert_eq!(&src[m.key_span.start..m.key_span.end], "\"a\"");
        let x = root.pointer("/a/1").unwrap();
        assert_eq!(x.as_str(), Some("x\"y"));
        assert_eq!(&src[x.span.start..x.span.end], r#""x\"y""#);
        assert_eq!(root.pointer("/b/c").unwrap().kind, Kind::Null);
        assert!(root.pointer("/a/01").is_none());
        assert!(root.pointer("/zz").is_none());
    }

    #[test]
    fn recovers_from_common_mistakes() {
        let src = "{\n // c\n 'a': 1,\n \"b\": 2\n \"c\": [1,],\n}";
        let p = parse(src);
        let msgs: Vec<&str> = p.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "comments are not allowed in JSON",
                "strings must be in double quotes",
                "missing comma",
                "trailing comma",
                "trailing comma"
            ]
        );
        let root = p.root.unwrap();
        assert_eq!(root.as_object().unwrap().len(), 3);
    }

    #[test]
    fn depth_is_bounded() {
        let src = "[".repeat(100_000);
        let p = parse(&src);
        assert!(p.root.is_none());
        assert_eq!(p.errors.last().unwrap().code, "too-deep");
    }

    #[test]
    fn numbers() {
        for ok in ["0", "-0", "1.5", "1e5", "-12.5E-3"] {
            assert!(valid_number(ok), "{ok}");
        }
        for bad in ["01", "1.", ".5", "-", "1e", "1-2", "+1"] {
            assert!(!valid_number(bad), "{bad}");
        }
    }

    #[test]
    fn literal_offsets() {
        let src = r#"{"e": "a\"b \u00e4 c"}"#;
        let p = parse(src);
        let n = p.root.unwrap().pointer("/e").unwrap().clone();
        let s = n.as_str().unwrap();
        let c_at = s.find('c').unwrap();
        assert_eq!(
            &src[source_offset_in_literal(src, n.span, c_at)..][..1],
            "c"
        );
        assert_eq!(&src[source_offset_in_literal(src, n.span, 0)..][..1], "a");
        // A `'` inside a string in double quotes does not end it.
        let src = r#"{"e": "a == 'x' and b"}"#;
        let n = parse(src).root.unwrap().pointer("/e").unwrap().clone();
        assert_eq!(&src[source_offset_in_literal(src, n.span, 13)..][..1], "b");
    }
}
