//! Stage 2: making sense of what was read — front matter, markdown, code.

pub mod date;
pub mod front_matter;
pub mod highlight;
pub mod language;
pub mod markdown;
pub mod plain;
pub mod raw_html;
pub mod slug;
pub mod strings;
pub mod yaml;
pub mod yaml_events;
pub mod yaml_index;
pub mod zone;
