//! Stage 2: making sense of what was read — front matter, markdown, code.

pub mod date;
pub mod front_matter;
pub mod future;
pub mod highlight;
pub mod language;
pub mod locate;
pub mod markdown;
pub mod plain;
pub mod raw_html;
pub mod reserved;
pub mod slug;
pub mod strings;
pub mod yaml;
pub mod yaml_events;
pub mod yaml_index;
pub mod zone;

/// A text file as read: its segments below the folder it was found in, how
/// messages name it, and its text. Loading makes these; parsing reads them.
#[derive(Debug, Clone)]
pub struct TextFile {
    pub segments: Vec<String>,
    pub display: std::path::PathBuf,
    pub text: String,
}
