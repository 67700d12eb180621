//! What beian prints goes to terminals, CI logs and pipes, none of which
//! it controls: a reader may stop reading, and a file name or a value from
//! a user's file may hold characters a terminal or a log takes as
//! commands.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::io::Write as _;

/// Writes one line to stderr. A stderr nobody reads any more (a closed
/// pipe) loses the line rather than ending the run with a panic: the run
/// goes on, and its exit status still says how it went.
/// Control characters other than line breaks and tabs are escaped, as in
/// [`print_out`].
pub fn err_line(args: fmt::Arguments) {
    let mut line = args.to_string();
    line.push('\n');
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(keep_lines(&line).as_bytes());
}

/// Writes command output to stdout. A reader that stops early (`| head`)
/// closes the pipe: that ends the output, it is not an error. Whatever the
/// output holds, no control character but line breaks and tabs reaches
/// the terminal raw: a value from a user's file cannot drive it.
pub fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out
        .write_all(keep_lines(text).as_bytes())
        .and_then(|()| out.flush());
}

/// `s` with its control characters escaped, but for line breaks and tabs,
/// which lay out what beian prints.
fn keep_lines(s: &str) -> Cow<'_, str> {
    let raw = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !s.chars().any(raw) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if raw(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` with every control character written out as an escape (`\n`,
/// `\u{1b}`): a line break in a file name would start a line of its own,
/// which a CI log reads as a command, and an escape sequence would drive
/// the reader's terminal.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// Appends `c`, escaped when it is a control character.
pub fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_written_out() {
        assert!(matches!(escape_controls("plain 备案"), Cow::Borrowed(_)));
        assert_eq!(
            escape_controls("a\n::error x\u{1b}[31m\u{7f}\u{9b}\r\t"),
            "a\\n::error x\\u{1b}[31m\\u{7f}\\u{9b}\\r\\t"
        );
        assert_eq!(keep_lines("a\n\tb\u{1b}[2J\r"), "a\n\tb\\u{1b}[2J\\r");
    }
}
