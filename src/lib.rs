//! beian: a static site generator for filing guides.
//!
//! The build runs in stages, one module each: [`load`] reads the files,
//! [`parse`] makes sense of them, [`plan`] decides what the site holds,
//! [`render`] turns that into bytes and [`write`] puts them on disk
//! without ever losing the previous output. [`pipeline`] chains them and
//! [`commands`] are what the CLI runs.

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
pub mod write;
