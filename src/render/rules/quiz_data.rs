//! The quiz's rules as data for the browser: compact, with recurring
//! conditions written once.

use std::collections::BTreeSet;

use crate::rules::condition::Condition;
use crate::rules::model::Rules;
use crate::rules::quiz::condition_json;

/// Conditions that recur (most items share the hosting guard), so that
/// the quiz data writes each once, in `d`, and refers to it as
/// `["ref", k]`: the quiz page is the heaviest, and this is its largest
/// repetition.
#[derive(Default)]
struct Shared {
    seen: std::collections::HashMap<String, usize>,
    index: std::collections::HashMap<String, usize>,
    defs: Vec<serde_json::Value>,
}

impl Shared {
    /// Compound conditions (`all`, `any`, `not`); a test alone is shorter
    /// than a reference's bookkeeping is worth.
    fn compound(v: &serde_json::Value) -> bool {
        v.as_array()
            .and_then(|a| a.first())
            .and_then(serde_json::Value::as_str)
            .is_some_and(|op| matches!(op, "all" | "any" | "not"))
    }

    fn count(&mut self, v: &serde_json::Value) {
        if Self::compound(v) {
            *self.seen.entry(v.to_string()).or_default() += 1;
        }
        if let serde_json::Value::Array(items) = v {
            items.iter().for_each(|i| self.count(i));
        }
    }

    /// `v` with every condition seen three times or more replaced by a
    /// reference, outermost first.
    fn share(&mut self, v: serde_json::Value) -> serde_json::Value {
        if Self::compound(&v) {
            let key = v.to_string();
            if self.seen.get(&key).is_some_and(|&n| n >= 3) {
                let k = match self.index.get(&key) {
                    Some(&k) => k,
                    None => {
                        // Its place is taken before its parts are shared:
                        // they may be shared conditions too, and take the
                        // places after it.
                        let k = self.defs.len();
                        self.index.insert(key, k);
                        self.defs.push(serde_json::Value::Null);
                        self.defs[k] = self.share_inside(v);
                        k
                    }
                };
                return serde_json::json!(["ref", k]);
            }
        }
        self.share_inside(v)
    }

    fn share_inside(&mut self, v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Array(items) => {
                serde_json::Value::Array(items.into_iter().map(|i| self.share(i)).collect())
            }
            other => other,
        }
    }
}

/// The conditions, compiled small: question, outcome, fix and item ids with
/// their conditions (those that recur written once, in `d`). What each
/// region states is not here but in its own script (`region_values_json`
/// and the theme's `quiz-region.html`), loaded when the reader chooses the
/// region: every region's facts on the quiz page would weigh on every
/// reader.
pub fn data(rules: &Rules) -> String {
    use serde_json::{Value, json};

    let shared = std::cell::RefCell::new(count_conditions(rules));
    let cond = |c: &Condition| shared.borrow_mut().share(condition_json(c));
    let mut data = json!({
        "v": rules.version,
        "app": rules.applicant,
        "reg": rules.region_question,
        "q": rules.questions.iter().map(|q| json!({
            "id": q.id,
            "ask": cond(&q.ask_when),
            "opts": q.options.iter().map(|o| o.value.as_str()).collect::<Vec<_>>(),
            "num": q.number.as_ref().map(|n| json!([n.min, n.max])),
            "multi": q.multiple,
        })).collect::<Vec<_>>(),
        "o": rules.outcomes.iter().map(|o| json!({
            "id": o.id,
            "when": cond(&o.when),
            "list": o.checklist,
            "fixes": o.fixes.iter().map(|f| json!({"id": f.id, "when": cond(&f.when)})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "i": rules.items.iter().map(|i| json!({"id": i.id, "when": cond(&i.when)})).collect::<Vec<_>>(),
        // Each region, with 0 until its script gives its facts.
        "p": rules.regions.iter().map(|r| (r.slug.clone(), Value::from(0))).collect::<serde_json::Map<_, _>>(),
    });
    if let Some(obj) = data.as_object_mut() {
        obj.insert("d".to_string(), Value::Array(shared.into_inner().defs));
    }
    crate::render::json_script::escape(&data.to_string())
}

/// Each region's slug and, as JSON, its current value of every fact a
/// condition reads: what its script gives the quiz's conditions (see
/// `render::quiz_regions`; what it states on the items comes as HTML).
pub fn region_values_json(rules: &Rules) -> Vec<(String, String)> {
    if rules.quiz.is_none() {
        return Vec::new();
    }
    let used = facts_read_by_conditions(rules);
    region_values(rules, &used)
        .into_iter()
        .map(|(slug, values)| (slug, values.to_string()))
        .collect()
}

/// The facts some condition reads: the quiz needs their values.
fn facts_read_by_conditions(rules: &Rules) -> BTreeSet<usize> {
    fn facts_read(c: &Condition, out: &mut BTreeSet<usize>) {
        match c {
            Condition::All(ps) | Condition::Any(ps) => ps.iter().for_each(|p| facts_read(p, out)),
            Condition::Not(p) => facts_read(p, out),
            Condition::Fact { fact, .. } => {
                out.insert(*fact);
            }
            Condition::Answer { .. } => {}
        }
    }
    let mut used = BTreeSet::new();
    crate::rules::quiz::conditions(rules).for_each(|c| facts_read(c, &mut used));
    used
}

/// Each region's current value of every fact a condition reads.
fn region_values(
    rules: &Rules,
    used: &BTreeSet<usize>,
) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::{Map, Value};

    let mut regions = Map::new();
    for p in &rules.regions {
        let mut values = Map::new();
        for &f in used {
            if let Some(s) = p.current(f) {
                let value = serde_json::to_value(&s.value).unwrap_or(Value::Null);
                values.insert(f.to_string(), value);
            }
        }
        regions.insert(p.slug.clone(), Value::Object(values));
    }
    regions
}

/// Every condition, counted first, so that they can then be written with
/// the recurring ones shared.
fn count_conditions(rules: &Rules) -> Shared {
    let mut shared = Shared::default();
    crate::rules::quiz::conditions(rules).for_each(|c| shared.count(&condition_json(c)));
    shared
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// `v` with every reference replaced by what it stands for.
    fn resolve(v: &Value, defs: &[Value]) -> Value {
        match v {
            Value::Array(a) if a.first() == Some(&json!("ref")) => {
                let k = a[1].as_u64().unwrap() as usize;
                resolve(&defs[k], defs)
            }
            Value::Array(a) => Value::Array(a.iter().map(|x| resolve(x, defs)).collect()),
            other => other.clone(),
        }
    }

    #[test]
    fn a_shared_condition_inside_another_refers_to_itself() {
        let inner = json!(["all", [["ak", 6, true], ["a=", 6, "m"]]]);
        let outer = json!(["any", [inner.clone(), ["ainc", 2, ["app"]]]]);
        let uses = [
            outer.clone(),
            outer.clone(),
            outer.clone(),
            json!(["all", [inner.clone(), ["a=", 8, "no"]]]),
        ];
        let mut shared = Shared::default();
        uses.iter().for_each(|u| shared.count(u));
        let written: Vec<Value> = uses.iter().map(|u| shared.share(u.clone())).collect();
        assert_eq!(shared.defs.len(), 2, "{:?}", shared.defs);
        for (u, w) in uses.iter().zip(&written) {
            assert_eq!(&resolve(w, &shared.defs), u);
        }
    }
}
