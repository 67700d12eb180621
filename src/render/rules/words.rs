//! The words a page made from rules needs beyond its template's: numbers
//! and units in the page's language, and the joins of an "Only if …"
//! phrase, all from the theme's strings (a site may override them; the
//! keys are in `strings::BUILTIN`, so `check` knows them used).

use crate::render::strings::Strings;
use crate::rules::explain::Wording;
use crate::rules::model::Unit;

pub struct Words<'a> {
    pub strings: &'a Strings,
    pub lang: &'a str,
    pub explain: Wording<'a>,
}

impl<'a> Words<'a> {
    /// The words of language `lang`; a key missing from every table is
    /// named in the error.
    pub fn new(strings: &'a Strings, lang: &'a str) -> Result<Words<'a>, String> {
        let text = |key: &str| strings.text(lang, key, None).map(str::to_string);
        let explain = Wording {
            and: text("condition.and")?,
            or: text("condition.or")?,
            not: text("condition.not")?,
            answered: text("condition.answered")?,
            unanswered: text("condition.unanswered")?,
            answer_is: text("condition.answer_is")?,
            compare: [
                text("condition.compare.eq")?,
                text("condition.compare.above")?,
                text("condition.compare.at_least")?,
                text("condition.compare.below")?,
                text("condition.compare.at_most")?,
            ],
            number: {
                let pattern = text("condition.number_unit")?;
                Box::new(move |n, unit| {
                    let number = number(strings, lang, n);
                    match unit {
                        Some(u) => pattern
                            .replace("{number}", &number)
                            .replace("{unit}", unit_form(strings, lang, n, u)),
                        None => number,
                    }
                })
            },
        };
        Ok(Words {
            strings,
            lang,
            explain,
        })
    }

    pub fn number(&self, n: f64) -> String {
        number(self.strings, self.lang, n)
    }

    /// The unit's form for `n`, by the language's plural rules.
    pub fn unit_form<'u>(&self, n: f64, unit: &'u Unit) -> &'u str {
        unit_form(self.strings, self.lang, n, unit)
    }

    /// The text of `key`, its plural form for `count` if given, with each
    /// `{name}` of `values` filled in: for output that is not a template's
    /// (the printed checklist of `beian checklist`).
    pub fn say(&self, key: &str, count: Option<f64>, values: &[(&str, &str)]) -> String {
        let mut out = self
            .strings
            .text(self.lang, key, count)
            .unwrap_or(key)
            .to_string();
        if let Some(n) = count {
            out = out.replace("{count}", &self.number(n));
        }
        for (k, v) in values {
            out = out.replace(&format!("{{{k}}}"), v);
        }
        out
    }
}

fn number(strings: &Strings, lang: &str, n: f64) -> String {
    // A missing separator is reported by the strings check; the digits
    // are still right without it.
    strings.number(lang, n).unwrap_or_else(|_| n.to_string())
}

fn unit_form<'u>(strings: &Strings, lang: &str, n: f64, unit: &'u Unit) -> &'u str {
    if strings.category(lang, n) == "one" {
        &unit.one
    } else {
        &unit.other
    }
}
