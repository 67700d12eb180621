//! libyaml's events, each with its place in the text. yaml_serde decodes
//! with this same parser (libyaml-rs, already compiled in) but keeps the
//! places to itself; driving it directly gives duplicate keys, where keys
//! are, and where an unclosed quote or bracket opened, from the parser's
//! own marks rather than from its English messages.
//!
//! libyaml-rs is a C-style API; the `unsafe` is kept to this file, and
//! follows yaml_serde's own wrapper of it.

use std::ffi::CStr;
use std::mem::MaybeUninit;

use libyaml_rs as sys;

/// A place in the text: byte offset, 1-based line and column (in
/// characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mark {
    pub offset: usize,
    pub line: usize,
    pub col: usize,
}

impl Mark {
    fn of(m: &sys::yaml_mark_t) -> Mark {
        Mark {
            offset: m.index as usize,
            line: m.line as usize + 1,
            col: m.column as usize + 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    MappingStart,
    MappingEnd,
    SequenceStart,
    SequenceEnd,
    Scalar(String),
    Alias,
}

/// Where libyaml stopped, and what it was reading when it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub problem: String,
    pub at: Mark,
    /// What was open ("while scanning a quoted scalar") and where it began.
    pub context: Option<Mark>,
}

/// Every node event of `text`, in order, with where it starts.
pub fn events(text: &str) -> Result<Vec<(Event, Mark)>, SyntaxError> {
    let mut parser = Parser::new(text)?;
    let mut out = Vec::new();
    loop {
        let (event, mark) = parser.next()?;
        match event {
            Some(e) => out.push((e, mark)),
            None if parser.ended => return Ok(out),
            None => {}
        }
    }
}

struct Parser<'t> {
    // Boxed: libyaml keeps a pointer to the parser inside it, so it must
    // not move once its input is set.
    sys: Box<MaybeUninit<sys::yaml_parser_t>>,
    ended: bool,
    _text: std::marker::PhantomData<&'t str>,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Result<Parser<'t>, SyntaxError> {
        let mut sys = Box::new(MaybeUninit::<sys::yaml_parser_t>::uninit());
        let p = sys.as_mut_ptr();
        // SAFETY: `p` points at memory owned by `sys` that initialize fills
        // in; on success `Drop` frees it. The input is `text`, which the
        // lifetime `'t` keeps alive for as long as the parser.
        unsafe {
            if sys::yaml_parser_initialize(p).fail {
                return Err(SyntaxError {
                    problem: "out of memory".to_string(),
                    at: Mark {
                        offset: 0,
                        line: 1,
                        col: 1,
                    },
                    context: None,
                });
            }
            sys::yaml_parser_set_encoding(p, sys::YAML_UTF8_ENCODING);
            sys::yaml_parser_set_input_string(p, text.as_ptr(), text.len() as u64);
        }
        Ok(Parser {
            sys,
            ended: false,
            _text: std::marker::PhantomData,
        })
    }

    /// The next node event; `None` for the stream's and documents' own.
    fn next(&mut self) -> Result<(Option<Event>, Mark), SyntaxError> {
        let p = self.sys.as_mut_ptr();
        let mut raw = MaybeUninit::<sys::yaml_event_t>::uninit();
        // SAFETY: the parser was initialized in `new`. A successful parse
        // fills `raw`, which is read, then freed by yaml_event_delete.
        unsafe {
            if sys::yaml_parser_parse(p, raw.as_mut_ptr()).fail {
                return Err(self.error());
            }
            let e = raw.as_mut_ptr();
            let mark = Mark::of(&(*e).start_mark);
            let event = match (*e).type_ {
                sys::YAML_MAPPING_START_EVENT => Some(Event::MappingStart),
                sys::YAML_MAPPING_END_EVENT => Some(Event::MappingEnd),
                sys::YAML_SEQUENCE_START_EVENT => Some(Event::SequenceStart),
                sys::YAML_SEQUENCE_END_EVENT => Some(Event::SequenceEnd),
                sys::YAML_ALIAS_EVENT => Some(Event::Alias),
                sys::YAML_SCALAR_EVENT => {
                    let s = (*e).data.scalar;
                    let bytes = if s.value.is_null() {
                        &[][..]
                    } else {
                        std::slice::from_raw_parts(s.value, s.length as usize)
                    };
                    Some(Event::Scalar(String::from_utf8_lossy(bytes).into_owned()))
                }
                sys::YAML_STREAM_END_EVENT => {
                    self.ended = true;
                    None
                }
                _ => None,
            };
            sys::yaml_event_delete(e);
            Ok((event, mark))
        }
    }

    fn error(&self) -> SyntaxError {
        // SAFETY: the parser is initialized; libyaml sets `problem` and
        // `context` to static C strings or null.
        let prefix = unsafe { &**self.sys.as_ptr() };
        let problem = if prefix.problem.is_null() {
            "the YAML parser failed".to_string()
        } else {
            unsafe { CStr::from_ptr(prefix.problem.cast()) }
                .to_string_lossy()
                .into_owned()
        };
        SyntaxError {
            problem,
            at: Mark::of(&prefix.problem_mark),
            context: (!prefix.context.is_null()).then(|| Mark::of(&prefix.context_mark)),
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: only a parser that `new` initialized is ever built.
        unsafe { sys::yaml_parser_delete(self.sys.as_mut_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_carry_their_places() {
        let ev = events("a: 1\nlist:\n  - {id: x}  # note\n").unwrap();
        let scalars: Vec<(String, usize, usize)> = ev
            .iter()
            .filter_map(|(e, m)| match e {
                Event::Scalar(s) => Some((s.clone(), m.line, m.col)),
                _ => None,
            })
            .collect();
        assert_eq!(
            scalars,
            [
                ("a".into(), 1, 1),
                ("1".into(), 1, 4),
                ("list".into(), 2, 1),
                ("id".into(), 3, 6),
                ("x".into(), 3, 10)
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_says_where_it_opened() {
        let err = events("a: 1\nb: \"open\nc: 2\n").unwrap_err();
        assert_eq!(err.context.map(|m| (m.line, m.col)), Some((2, 4)));
        assert!(err.at.line >= 3);
    }
}
