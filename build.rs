//! Embeds the default theme and the scaffold of `beian init` in the binary,
//! so a new site can be written with nothing but the binary at hand.
//!
//! Writes `$OUT_DIR/embedded.rs`: for each folder, a list of (path relative
//! to it, bytes) in sorted order, so two builds embed the same list.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const FOLDERS: [(&str, &str); 2] = [("THEME", "themes/default"), ("SCAFFOLD", "scaffold")];

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut code = String::new();
    for (name, folder) in FOLDERS {
        // A folder makes cargo rerun this script when any file below it
        // changes, is added or is removed.
        println!("cargo:rerun-if-changed={folder}");
        let mut files = Vec::new();
        walk(&manifest.join(folder), "", &mut files);
        files.sort();
        let _ = writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[");
        for rel in files {
            let _ = writeln!(
                code,
                "    ({rel:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?}))),",
                format!("/{folder}/{rel}")
            );
        }
        code.push_str("];\n");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("embedded.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}

/// Every file below `dir`, as `/`-separated paths relative to the folder
/// walked; hidden files (editor and OS litter) are left out.
fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => panic!("cannot read {}: {e}", dir.display()),
    };
    for entry in entries.flatten() {
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            panic!("{}: a file name that is not UTF-8", entry.path().display());
        };
        if name.starts_with('.') {
            continue;
        }
        let rel = format!("{prefix}{name}");
        if entry.path().is_dir() {
            walk(&entry.path(), &format!("{rel}/"), out);
        } else {
            out.push(rel);
        }
    }
}
