//! Rules: the structured, per-region facts and the checklist items built
//! from them — read from `rules/`, validated strictly, and evaluated with
//! the condition language of rules/README.md.

pub mod checklist;
pub mod condition;
pub mod explain;
pub mod future;
/// Finding places in YAML text is parsing's; rules use it most.
pub use crate::parse::locate;
pub mod model;
pub mod quiz;
pub mod raw;
pub mod review;
pub mod validate;
