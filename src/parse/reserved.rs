//! Element ids the page already uses besides the content's headings: the
//! theme's (its skip link's target, the quiz's data, …), which the theme
//! declares in its `theme.yaml`, and beian's own footnotes'. A heading
//! that would take one gets another id, with a warning: two elements with
//! one id break the theme's links and scripts.

/// The ids beian's footnotes take, whatever the theme: `fn-<label>` and
/// `fnref-<label>`.
const FOOTNOTES: [&str; 2] = ["fn-", "fnref-"];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReservedIds {
    exact: std::collections::HashSet<String>,
    /// From entries written `prefix-*`.
    prefixes: Vec<String>,
}

impl ReservedIds {
    /// From a theme's list: ids as they are, `prefix*` for every id that
    /// starts with `prefix`.
    pub fn new<'a>(list: impl IntoIterator<Item = &'a str>) -> ReservedIds {
        let mut r = ReservedIds::default();
        for id in list {
            match id.strip_suffix('*') {
                Some(prefix) => r.prefixes.push(prefix.to_string()),
                None => {
                    r.exact.insert(id.to_string());
                }
            }
        }
        r
    }

    pub fn contains(&self, id: &str) -> bool {
        self.exact.contains(id)
            || FOOTNOTES
                .iter()
                .copied()
                .chain(self.prefixes.iter().map(String::as_str))
                .any(|p| id.starts_with(p))
    }

    /// An id for a heading that wanted `wanted`, which is reserved: `h-`
    /// before it, made unique by `unique`, and never a reserved one.
    pub fn instead(&self, wanted: &str, mut unique: impl FnMut(&str) -> String) -> String {
        let mut id = unique(&format!("h-{wanted}"));
        // A theme that reserves `h-*` too gets numbers; a few tries find one.
        for _ in 0..100 {
            if !self.contains(&id) {
                break;
            }
            id = unique(&id);
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_prefixes_and_footnotes_are_reserved() {
        let r = ReservedIds::new(["main", "quiz-data", "fact-*"]);
        for id in ["main", "quiz-data", "fact-permit", "fn-1", "fnref-a-2"] {
            assert!(r.contains(id), "{id}");
        }
        for id in ["mainly", "quiz", "facts", "fun-1"] {
            assert!(!r.contains(id), "{id}");
        }
        let mut n = 0;
        let id = r.instead("main", |base| {
            n += 1;
            format!("{base}-{n}")
        });
        assert_eq!(id, "h-main-1");
    }
}
