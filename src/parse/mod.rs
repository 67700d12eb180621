//! Stage 2: making sense of what was read — front matter, markdown, code.

pub mod date;
pub mod front_matter;
pub mod future;
pub mod highlight;
pub mod markdown;
pub mod plain;
pub mod reserved;
pub mod slug;
pub mod yaml;
