//! Every required field a file leaves out, at once. serde stops at the
//! first one; an editor who fixes that and runs again only to meet the
//! next deserves better, so the file's own JSON Schema (the one `beian
//! schema` writes) is walked over the YAML as written to find them all.

use schemars::JsonSchema;
use serde_json::Value as Json;
use serde_yaml::Value as Yaml;

use crate::diag::Diagnostic;
use crate::load::TextFile;
use crate::rules::locate;

/// The required fields missing anywhere in `file`, which is meant to hold
/// a `T`; empty when the text is not YAML at all.
pub fn fields<T: JsonSchema>(file: &TextFile) -> Vec<Diagnostic> {
    let Ok(yaml) = serde_yaml::from_str::<Yaml>(&file.text) else {
        return Vec::new();
    };
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap_or(Json::Null);
    let defs = schema.get("$defs").cloned().unwrap_or(Json::Null);
    let mut out = Vec::new();
    walk(&yaml, &schema, &defs, "", 1, file, &mut out);
    out
}

/// `schema` with a `$ref` followed, and an optional value's schema taken
/// from its `anyOf` with null.
fn resolve<'a>(schema: &'a Json, defs: &'a Json) -> &'a Json {
    if let Some(name) = schema
        .get("$ref")
        .and_then(Json::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        return resolve(&defs[name], defs);
    }
    if let Some(Json::Array(alts)) = schema.get("anyOf") {
        let real: Vec<&Json> = alts
            .iter()
            .filter(|a| a.get("type").and_then(Json::as_str) != Some("null"))
            .collect();
        if let [one] = real.as_slice() {
            return resolve(one, defs);
        }
    }
    schema
}

fn walk(
    value: &Yaml,
    schema: &Json,
    defs: &Json,
    path: &str,
    line: usize,
    file: &TextFile,
    out: &mut Vec<Diagnostic>,
) {
    let schema = resolve(schema, defs);
    match value {
        Yaml::Mapping(map) => {
            let props = schema.get("properties");
            if let Some(Json::Array(required)) = schema.get("required") {
                for field in required.iter().filter_map(Json::as_str) {
                    if !map.contains_key(field) {
                        out.push(missing(path, field, props, defs, line, file));
                    }
                }
            }
            for (k, child) in map {
                let Some(key) = k.as_str() else { continue };
                let child_schema = props
                    .and_then(|p| p.get(key))
                    .or_else(|| schema.get("additionalProperties").filter(|a| a.is_object()));
                if let Some(cs) = child_schema {
                    let at = locate::key_line(&file.text, line, key);
                    walk(child, cs, defs, &join(path, key), at, file, out);
                }
            }
        }
        Yaml::Sequence(items) => {
            let Some(item_schema) = schema.get("items") else {
                return;
            };
            let mut at = line;
            for (i, child) in items.iter().enumerate() {
                if let Some(id) = child.get("id").and_then(Yaml::as_str) {
                    at = locate::entry_line_from(&file.text, at, id);
                }
                walk(
                    child,
                    item_schema,
                    defs,
                    &format!("{path}[{i}]"),
                    at,
                    file,
                    out,
                );
            }
        }
        _ => {}
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn missing(
    path: &str,
    field: &str,
    props: Option<&Json>,
    defs: &Json,
    line: usize,
    file: &TextFile,
) -> Diagnostic {
    let what = props
        .and_then(|p| p.get(field))
        .map(|s| resolve(s, defs))
        .and_then(|s| s.get("description"))
        .and_then(Json::as_str)
        .map(|d| format!(": {}", d.trim_end_matches('.').replace('\n', " ")))
        .unwrap_or_default();
    let whose = if path.is_empty() {
        "the file".to_string()
    } else {
        format!("`{path}`")
    };
    Diagnostic::error(format!("{whose} is missing the required field `{field}`"))
        .at(&file.display, &file.text, line, 1)
        .with_help(format!("add `{field}:`{what}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::raw::RegionFile;
    use crate::rules::raw::RulesFile;

    fn file(text: &str) -> TextFile {
        TextFile {
            segments: vec!["x.yaml".into()],
            display: "rules/x.yaml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn every_missing_field_is_reported_with_its_place() {
        let found = fields::<RulesFile>(&file("stages: []\n"));
        let messages: Vec<String> = found.iter().map(|d| d.message.clone()).collect();
        for field in ["version", "updated", "confidence"] {
            assert!(
                messages.iter().any(|m| m.contains(&format!("`{field}`"))),
                "{messages:?}"
            );
        }
        // Nested: a statement without its confidence and sources, a line down.
        let found = fields::<RegionFile>(&file(
            "name: North\nfacts:\n  permit:\n    - value: true\n      verified: 2026-01-01\n",
        ));
        let messages: Vec<String> = found.iter().map(|d| d.to_string()).collect();
        assert_eq!(found.len(), 2, "{messages:?}");
        assert!(
            messages[0].contains("`facts.permit[0]` is missing the required field `confidence`")
        );
        assert!(found[0].location.as_ref().is_some_and(|l| l.line == 3));
    }
}
