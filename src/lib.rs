//! beian: a static site generator for filing guides.
//!
//! The build runs in stages, one module each: [`load`] reads the files,
//! [`parse`] makes sense of them, [`plan`] decides what the site holds,
//! [`render`] turns that into bytes and [`write`] puts them on disk
//! without ever losing the previous output. [`pipeline`] chains them and
//! [`commands`] are what the CLI runs.

/// Like std's `eprintln!`, which panics when stderr is a closed pipe; this
/// one loses the line instead (see [`terminal::err_line`]). Defined before
/// every module, it is the `eprintln!` they all use.
#[macro_export]
macro_rules! eprintln {
    () => {
        $crate::terminal::err_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::terminal::err_line(format_args!($($arg)*))
    };
}

pub mod cache;
pub mod commands;
pub mod config;
pub mod diag;
pub mod interrupt;
pub mod load;
pub mod parse;
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod rules;
pub mod search;
pub mod serve;
pub mod terminal;
pub mod write;
