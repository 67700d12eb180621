//! `beian init`: a new site that builds and passes `beian check` at once,
//! from flags alone (nothing is asked), with a copy of the default theme.

mod scaffold;

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

pub use scaffold::Choices;

use super::Exit;

pub struct Args {
    pub dir: PathBuf,
    pub choices: Choices,
    /// Write into a folder that already holds files (never over one).
    pub force: bool,
}

pub fn run(args: Args) -> Exit {
    let files = match scaffold::placeholders(&args.choices).and_then(|v| scaffold::files(&v)) {
        Ok(files) => files,
        Err(why) => {
            eprintln!("error: {why}");
            return Exit::Usage;
        }
    };
    if let Err(why) = may_write_into(&args.dir, args.force) {
        eprintln!("error: {why}");
        return Exit::Usage;
    }
    let mut kept = Vec::new();
    for (rel, bytes) in &files {
        match write_new(&args.dir.join(rel), bytes) {
            Ok(true) => {}
            Ok(false) => kept.push(rel.as_str()),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", args.dir.join(rel).display());
                return Exit::Usage;
            }
        }
    }
    super::print_out(&summary(&args.dir, files.len(), &kept));
    Exit::Ok
}

/// A new site goes into an empty folder (hidden files such as `.git` do not
/// count), or one that does not exist yet; `--force` allows any folder.
fn may_write_into(dir: &Path, force: bool) -> Result<(), String> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(_) if dir.is_file() => {
            return Err(format!(
                "{}: it is a file; beian init makes a site in a folder",
                dir.display()
            ));
        }
        Err(e) => return Err(format!("cannot read {}: {e}", dir.display())),
    };
    let mut found: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    if found.is_empty() || force {
        return Ok(());
    }
    found.sort();
    let shown = found
        .iter()
        .take(3)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let more = if found.len() > 3 { ", …" } else { "" };
    Err(format!(
        "{} is not empty (it holds {shown}{more})\n  = help: choose a new or empty folder, or add --force to write the site's files beside yours: beian init never replaces a file that is there",
        dir.display()
    ))
}

/// Writes a file that does not exist yet; false, touching nothing, when it
/// does.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(e),
    };
    file.write_all(bytes)?;
    Ok(true)
}

/// What was made, what was left alone, and what to do next.
fn summary(dir: &Path, total: usize, kept: &[&str]) -> String {
    let mut out = format!(
        "Made a new guide in {}: {} files.\n",
        shown_dir(dir),
        total - kept.len()
    );
    if !kept.is_empty() {
        out.push_str(&format!(
            "Kept {} that were already there (not replaced; the new site may need them changed):\n",
            super::plural(kept.len(), "file", "files")
        ));
        for rel in kept {
            out.push_str(&format!("  {rel}\n"));
        }
    }
    out.push_str("\nNext:\n");
    if dir != Path::new(".") {
        out.push_str(&format!("  cd {}\n", shown_dir(dir)));
    }
    out.push_str(
        "  beian serve    preview it at http://127.0.0.1:1111, updated as you save\n\
         \x20 beian check    every problem, and whether the quiz holds together\n\
         \x20 beian build    the site, in dist/, ready to upload anywhere\n\
         Then edit content/ (the pages) and rules/ (what varies by region: rules/README.md in beian's repository).\n",
    );
    out
}

/// The folder as a shell reads it: quoted when it has to be.
fn shown_dir(dir: &Path) -> String {
    let s = dir.display().to_string();
    if s.chars()
        .all(|c| c.is_alphanumeric() || "/._-+~".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}
