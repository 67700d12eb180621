//! The shape of `src/`: Cargo keeps crates from importing each other in a
//! circle, but beian is one crate, so this test does. Modules of one level
//! (the stages: `load`, `parse`, `plan`…, and the modules inside each) may
//! not depend on each other in a circle, and nothing in `src/` names the
//! bundled guide's subject outside a comment.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A file's code, without comments and its test module.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `crate::a::b` paths in `code`: each `(a, b)`.
fn crate_paths(code: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + 7..];
        let mut parts = rest.split("::").map(|p| {
            p.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        });
        let a = parts.next().unwrap_or_default();
        let b = parts.next().filter(|b| !b.is_empty());
        if !a.is_empty() {
            out.push((a, b));
        }
    }
    out
}

fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            match state.get(m) {
                Some(1) => {
                    let from = stack.iter().position(|s| s == m).unwrap_or(0);
                    let mut c = stack[from..].to_vec();
                    c.push(m.clone());
                    return Some(c);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(m, graph, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if !state.contains_key(n)
            && let Some(c) = visit(n, graph, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

#[test]
fn modules_do_not_depend_on_each_other_in_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut inner: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("inside src/");
        let mut parts: Vec<String> = rel
            .with_extension("")
            .iter()
            .map(|p| p.to_string_lossy().to_string())
            .collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        if parts == ["lib"] || parts == ["main"] {
            continue;
        }
        let text = code(&fs::read_to_string(file).expect("a source file"));
        let me = parts[0].clone();
        let my_sub = parts.get(1).cloned();
        for (a, b) in crate_paths(&text) {
            if a != me {
                top.entry(me.clone()).or_default().insert(a);
            } else if let (Some(mine), Some(b)) = (&my_sub, b)
                && &b != mine
            {
                inner
                    .entry(me.clone())
                    .or_default()
                    .entry(mine.clone())
                    .or_default()
                    .insert(b);
            }
        }
    }
    assert!(top.len() > 8, "too few modules read: {top:?}");
    if let Some(c) = cycle(&top) {
        panic!(
            "the stages depend on each other in a circle: {}",
            c.join(" → ")
        );
    }
    for (module, graph) in &inner {
        if let Some(c) = cycle(graph) {
            panic!("inside {module}: {}", c.join(" → "));
        }
    }
}

#[test]
fn src_names_no_subject_of_the_bundled_guide_outside_comments() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut found = Vec::new();
    for file in &files {
        let text = code(&fs::read_to_string(file).expect("a source file")).to_lowercase();
        for word in ["icp", "province", "pinyin", "miit"] {
            if text.contains(word) {
                found.push(format!("{}: {word}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}
