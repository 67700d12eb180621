//! Where an output folder may go. A build reads its site's folders and
//! replaces its output folder whole, so an output folder inside one of
//! those inputs would be copied into the next build's output (and grow
//! with every build), and one that holds the site would take the site
//! with it.

use std::io;
use std::path::{Component, Path, PathBuf};

/// Why an output folder is in the wrong place.
#[derive(Debug, PartialEq, Eq)]
pub enum Misplaced {
    /// The output folder is the site's folder or one that holds it.
    HoldsSite,
    /// The output folder is this input folder or inside it.
    InsideInput(PathBuf),
}

/// Checks `out` against the site at `root`, whose input folders (relative
/// to `root`) are `inputs`. Paths are compared as the file system resolves
/// them, so `./content/../content/x` and a symbolic link into `content/`
/// are caught alike; parts of `out` that do not exist yet are resolved by
/// their names.
pub fn check(out: &Path, root: &Path, inputs: &[&str]) -> io::Result<Option<Misplaced>> {
    let out = resolve(out)?;
    let root = resolve(root)?;
    if root.starts_with(&out) {
        return Ok(Some(Misplaced::HoldsSite));
    }
    for input in inputs {
        let dir = resolve(&root.join(input))?;
        if out.starts_with(&dir) {
            return Ok(Some(Misplaced::InsideInput(PathBuf::from(input))));
        }
    }
    Ok(None)
}

/// `path` made absolute with its longest existing ancestor canonicalised
/// (symbolic links followed) and the rest normalised by name.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let parts: Vec<Component> = absolute.components().collect();
    for known in (1..=parts.len()).rev() {
        let prefix: PathBuf = parts[..known].iter().collect();
        let base = match prefix.canonicalize() {
            Ok(found) => found,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            // A file where a folder should be, say: resolve by name; the
            // write itself will then say what is wrong.
            Err(_) => lexical(&prefix),
        };
        return Ok(lexical(
            &base.join(parts[known..].iter().collect::<PathBuf>()),
        ));
    }
    Ok(lexical(&absolute))
}

fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    const INPUTS: &[&str] = &["content", "rules", "themes"];

    fn site(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("beian-place-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for input in INPUTS {
            fs::create_dir_all(dir.join(input)).unwrap();
        }
        fs::create_dir_all(dir.join("themes/default/static")).unwrap();
        dir
    }

    #[test]
    fn output_inside_an_input_is_refused_however_it_is_spelled() {
        let root = site("inside");
        let check = |out: PathBuf| check(&out, &root, INPUTS).unwrap();
        assert_eq!(
            check(root.join("content/out")),
            Some(Misplaced::InsideInput("content".into()))
        );
        assert_eq!(
            check(root.join("themes/default/static/site/deeper")),
            Some(Misplaced::InsideInput("themes".into()))
        );
        assert_eq!(
            check(root.join("dist/../rules/x")),
            Some(Misplaced::InsideInput("rules".into()))
        );
        assert_eq!(
            check(root.join("content")),
            Some(Misplaced::InsideInput("content".into()))
        );
        assert_eq!(check(root.clone()), Some(Misplaced::HoldsSite));
        assert_eq!(check(root.join("..")), Some(Misplaced::HoldsSite));
        assert_eq!(check(root.join("dist")), None);
        assert_eq!(check(root.join("contents")), None);
        assert_eq!(check(root.join("../elsewhere/dist")), None);
        fs::remove_dir_all(&root).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_into_an_input_is_followed() {
        let root = site("link");
        std::os::unix::fs::symlink(root.join("content"), root.join("alias")).unwrap();
        assert_eq!(
            check(&root.join("alias/out"), &root, INPUTS).unwrap(),
            Some(Misplaced::InsideInput("content".into()))
        );
        fs::remove_dir_all(&root).unwrap();
    }
}
