//! The regions' other names as a script the quiz loads only when a reader
//! starts typing one: every name of every region would weigh more than the
//! rest of the quiz page, and most readers pick their region from the list.

use crate::rules::model::{Localized, Rules};

/// `beianOtherNames({slug: [[its names…], [an other name's…], …]})`: per
/// region, first its own names, then each other name, each in every
/// language it is written in; `None` when no region has other names or
/// the site has no quiz to offer them.
pub fn script(rules: &Rules) -> Option<String> {
    if rules.quiz.is_none() || rules.regions.iter().all(|r| r.other_names.is_empty()) {
        return None;
    }
    let names = |l: &Localized| serde_json::Value::from(l.0.values().cloned().collect::<Vec<_>>());
    let data: serde_json::Map<String, serde_json::Value> = rules
        .regions
        .iter()
        .map(|r| {
            let all = std::iter::once(names(&r.name))
                .chain(r.other_names.iter().map(|n| names(&n.name)))
                .collect::<Vec<_>>();
            (r.slug.clone(), serde_json::Value::from(all))
        })
        .collect();
    // A script, not JSON: a page opened from disk may load a script but
    // not fetch a file.
    Some(format!(
        "beianOtherNames({});\n",
        crate::render::json_script::escape(&serde_json::Value::Object(data).to_string())
    ))
}
