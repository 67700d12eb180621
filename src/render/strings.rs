//! The interface strings of every language: the theme's tables with the
//! site's on top, key by key, and the lookups templates make through
//! them (`t()`, the `number`, `date` and `yes_no` filters, the strings
//! handed to scripts). What goes wrong is reported by `strings_check`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};

use crate::diag::Diagnostic;
use crate::load::TextFile;
use crate::parse::strings::{self as table, LABEL_END, LABEL_START, Part, Text};

/// Where a text was written, to report about it.
#[derive(Debug, Clone)]
pub struct Origin {
    pub path: PathBuf,
    pub line: usize,
    /// Written by the site (`i18n/`), not the theme.
    pub site: bool,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub text: Text,
    pub from: Origin,
}

/// A part of a filled-in text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Piece {
    /// The table's own text.
    Lit,
    /// A placeholder's value, plain text.
    Value,
    /// A placeholder's value marked safe HTML.
    Safe,
}

pub struct Lang {
    pub entries: BTreeMap<String, Entry>,
    plurals: Option<PluralRules>,
}

pub struct Strings {
    /// The site's language: every key must have a text in it.
    pub default: String,
    pub langs: HashMap<String, Lang>,
    /// Languages the site wrote a table for itself.
    pub site_langs: BTreeSet<String>,
    /// Keys the site wrote that the theme has in no language.
    pub site_only: Vec<(String, Origin)>,
    /// Each language's tables as shown, the site's first.
    pub files: BTreeMap<String, Vec<PathBuf>>,
    /// The site's `i18n/` folder as shown, for a table it lacks.
    pub site_dir: PathBuf,
}

/// Keys beian's own output reads, whatever the templates do: the labels
/// markdown gets (see `parse::markdown`) and the redirect pages.
pub const BUILTIN: [&str; 19] = [
    "markdown.table_scrolls",
    "markdown.task_done",
    "markdown.task_todo",
    "markdown.footnotes",
    "markdown.footnote_back",
    "redirect.title",
    "redirect.body",
    "condition.and",
    "condition.or",
    "condition.not",
    "condition.answered",
    "condition.unanswered",
    "condition.answer_is",
    "condition.number_unit",
    "condition.compare.eq",
    "condition.compare.above",
    "condition.compare.at_least",
    "condition.compare.below",
    "condition.compare.at_most",
];

pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

impl Strings {
    /// Merges the theme's tables and the site's; `default` is the site's
    /// language, `site_dir` its `i18n/` folder as shown.
    pub fn build(
        theme: &[TextFile],
        site: &[TextFile],
        default: &str,
        site_dir: &std::path::Path,
    ) -> (Strings, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut langs: HashMap<String, Lang> = HashMap::new();
        let mut site_langs = BTreeSet::new();
        let mut theme_keys: BTreeSet<String> = BTreeSet::new();
        let mut site_entries = Vec::new();
        let mut files: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
        for (file, is_site) in theme
            .iter()
            .map(|f| (f, false))
            .chain(site.iter().map(|f| (f, true)))
        {
            let (t, found) = table::parse(file);
            problems.extend(found);
            let Ok(locale) = Locale::try_from_str(&t.lang) else {
                problems.push(
                    Diagnostic::error(format!("`{}` is not a language tag", t.lang))
                        .in_file(&file.display)
                        .with_help("name a string table by its language's BCP 47 tag: en.yaml, zh-CN.yaml, pt-BR.yaml"),
                );
                continue;
            };
            if is_site {
                site_langs.insert(t.lang.clone());
            }
            let shown = files.entry(t.lang.clone()).or_default();
            shown.insert(if is_site { 0 } else { shown.len() }, file.display.clone());
            let lang = langs.entry(t.lang.clone()).or_insert_with(|| Lang {
                entries: BTreeMap::new(),
                plurals: PluralRules::try_new_cardinal((&locale).into()).ok(),
            });
            for (key, m) in t.messages {
                let from = Origin {
                    path: file.display.clone(),
                    line: m.line,
                    site: is_site,
                };
                if is_site {
                    site_entries.push((key.clone(), from.clone()));
                } else {
                    theme_keys.insert(key.clone());
                }
                lang.entries.insert(key, Entry { text: m.text, from });
            }
        }
        if !langs.contains_key(default) {
            problems.push(
                Diagnostic::error(format!("no interface strings in `{default}`, the site's language"))
                    .in_file(&site_dir.join(format!("{default}.yaml")))
                    .with_help(format!(
                        "add {default}.yaml to the theme's i18n/ folder or to the site's (copy the theme's en.yaml and translate it)"
                    )),
            );
        }
        let site_only = site_entries
            .into_iter()
            .filter(|(k, _)| !theme_keys.contains(k))
            .collect();
        let strings = Strings {
            default: default.to_string(),
            langs,
            site_langs,
            site_only,
            files,
            site_dir: site_dir.to_path_buf(),
        };
        (strings, problems)
    }

    /// Whether `lang` has a table of its own or of its base language (`zh`
    /// for `zh-CN`): a page in it would otherwise show another language's
    /// interface.
    pub fn has_table(&self, lang: &str) -> bool {
        let base = lang.split('-').next().unwrap_or(lang);
        self.langs.contains_key(lang) || self.langs.contains_key(base)
    }

    /// The table to name in a report about `lang`: the site's, else the
    /// theme's, else the one the site could add.
    pub fn table_path(&self, lang: &str) -> PathBuf {
        self.files
            .get(lang)
            .and_then(|f| f.first().cloned())
            .unwrap_or_else(|| self.site_dir.join(format!("{lang}.yaml")))
    }

    /// The entry for `key` in `lang`, else in its base language (`zh` for
    /// `zh-CN`), else in the default language; and the language it is in.
    pub fn find(&self, lang: &str, key: &str) -> Option<(&str, &Entry)> {
        let base = lang.split('-').next().unwrap_or(lang);
        [lang, base, self.default.as_str()]
            .into_iter()
            .find_map(|l| {
                let (tag, found) = self.langs.get_key_value(l)?;
                found.entries.get(key).map(|e| (tag.as_str(), e))
            })
    }

    /// The text of `key` for a count (`None`: no count given).
    pub fn text(&self, lang: &str, key: &str, count: Option<f64>) -> Result<&str, String> {
        let (found_in, entry) = self.find(lang, key).ok_or_else(|| self.unknown(key))?;
        Ok(match (&entry.text, count) {
            (Text::One(s), _) => s,
            (Text::Plural(forms), count) => {
                let wanted = count.map_or("other", |n| self.category(found_in, n));
                let pick = |c: &str| forms.iter().find(|(f, _)| *f == c).map(|(_, s)| s);
                pick(wanted)
                    .or_else(|| pick("other"))
                    .map_or("", String::as_str)
            }
        })
    }

    fn unknown(&self, key: &str) -> String {
        let known = self
            .langs
            .get(&self.default)
            .map(|l| l.entries.keys().map(String::as_str));
        match known.and_then(|k| crate::rules::locate::suggest(key, k)) {
            Some(near) => format!("no interface string `{key}` (did you mean `{near}`?)"),
            None => format!(
                "no interface string `{key}` in the theme's or the site's i18n/{}.yaml",
                self.default
            ),
        }
    }

    /// CLDR's plural category of `n` in `lang`. A fraction takes `other`:
    /// counts in an interface are whole.
    pub fn category(&self, lang: &str, n: f64) -> &'static str {
        let rules = self.langs.get(lang).and_then(|l| l.plurals.as_ref());
        let (Some(rules), true) = (rules, n.fract() == 0.0 && n.abs() < 1e15) else {
            return "other";
        };
        match rules.category_for(n.abs() as u64) {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }

    /// `text` with its placeholders filled by `arg` (a value, and whether
    /// it is safe HTML): each part given to `emit`, so the caller escapes
    /// what it must.
    pub fn fill(
        text: &str,
        key: &str,
        arg: &mut dyn FnMut(&str) -> Option<(String, bool)>,
        emit: &mut dyn FnMut(&str, Piece),
    ) -> Result<(), String> {
        for part in table::parts(text) {
            match part {
                Part::Lit(s) => emit(s, Piece::Lit),
                Part::Hole(name) => match arg(name) {
                    Some((v, safe)) => emit(&v, if safe { Piece::Safe } else { Piece::Value }),
                    None => {
                        return Err(format!(
                            "the interface string `{key}` has a placeholder `{{{name}}}`: pass {name}=… to t()"
                        ));
                    }
                },
            }
        }
        Ok(())
    }

    /// A number written the language's way: `number.group` between
    /// thousands, `number.decimal` before a fraction.
    pub fn number(&self, lang: &str, n: f64) -> Result<String, String> {
        let group = self.text(lang, "number.group", None)?;
        let decimal = self.text(lang, "number.decimal", None)?;
        let plain = if n.fract() == 0.0 && n.abs() < 1e15 {
            format!("{}", n as i64)
        } else {
            format!("{n}")
        };
        let (sign, digits) = plain
            .strip_prefix('-')
            .map_or(("", plain.as_str()), |d| ("-", d));
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let mut out = String::from(sign);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push_str(group);
            }
            out.push(c);
        }
        if !fraction.is_empty() {
            out.push_str(decimal);
            out.push_str(fraction);
        }
        Ok(out)
    }

    /// A `YYYY-MM-DD` date in `date.format`, with `{year}`, `{month}`,
    /// `{mm}` (two digits), `{day}`, `{dd}` and `{month_name}` (from
    /// `date.months.<january…>`).
    pub fn date(&self, lang: &str, ymd: &str) -> Result<String, String> {
        let date = crate::parse::date::Date::parse(ymd)
            .map_err(|why| format!("the `date` filter takes YYYY-MM-DD: {why}"))?;
        let pattern = self.text(lang, "date.format", None)?;
        let (year, month, day) = date.parts();
        let month_key = format!("date.months.{}", MONTHS[usize::from(month) - 1]);
        let month_name = self.text(lang, &month_key, None)?;
        let mut out = String::new();
        Self::fill(
            pattern,
            "date.format",
            &mut |name| match name {
                "year" => Some((year.to_string(), false)),
                "month" => Some((month.to_string(), false)),
                "day" => Some((day.to_string(), false)),
                "mm" => Some((format!("{month:02}"), false)),
                "dd" => Some((format!("{day:02}"), false)),
                "month_name" => Some((month_name.to_string(), false)),
                _ => None,
            },
            &mut |s, _| out.push_str(s),
        )?;
        Ok(out)
    }

    /// Texts joined the language's way, by `list.<kind>.pair` (two) or
    /// `start`, `middle` and `end` (three or more), each with `{a}` and
    /// `{b}`: CLDR's list patterns. `kind` is `and` or `or`. Each piece
    /// comes with its safety, as in [`Strings::fill`].
    pub fn join_list(
        &self,
        lang: &str,
        kind: &str,
        items: &[(String, bool)],
        emit: &mut dyn FnMut(&str, Piece),
    ) -> Result<(), String> {
        let pattern = |part: &str| self.text(lang, &format!("list.{kind}.{part}"), None);
        let piece = |safe: bool| if safe { Piece::Safe } else { Piece::Value };
        match items {
            [] => Ok(()),
            [(only, safe)] => {
                emit(only, piece(*safe));
                Ok(())
            }
            _ => {
                // Built from the end: `end` joins the last two, `middle` each
                // before, `start` the first; `pair` when there are two.
                let n = items.len();
                let mut parts: Vec<(String, Piece)> =
                    vec![(items[n - 1].0.clone(), piece(items[n - 1].1))];
                for i in (0..n - 1).rev() {
                    let which = match (i, n) {
                        (_, 2) => "pair",
                        (0, _) => "start",
                        (i, n) if i == n - 2 => "end",
                        _ => "middle",
                    };
                    let mut joined = Vec::new();
                    let mut rest = Some(std::mem::take(&mut parts));
                    let (a, a_safe) = &items[i];
                    let mut fill_err = None;
                    for part in table::parts(pattern(which)?) {
                        match part {
                            Part::Lit(s) => joined.push((s.to_string(), Piece::Lit)),
                            Part::Hole("a") => joined.push((a.clone(), piece(*a_safe))),
                            Part::Hole("b") => joined.extend(rest.take().unwrap_or_default()),
                            Part::Hole(other) => fill_err = Some(other.to_string()),
                        }
                    }
                    if let Some(other) = fill_err {
                        return Err(format!(
                            "`list.{kind}.{which}` may hold only {{a}} and {{b}}, found {{{other}}}"
                        ));
                    }
                    parts = joined;
                }
                for (s, p) in parts {
                    emit(&s, p);
                }
                Ok(())
            }
        }
    }

    /// Replaces the labels markdown marked in `html` with their text in
    /// `lang`, escaped for an attribute.
    pub fn fill_labels(&self, html: String, lang: &str) -> Result<String, String> {
        if !html.contains(LABEL_START) {
            return Ok(html);
        }
        let mut out = String::with_capacity(html.len());
        let mut rest = html.as_str();
        while let Some(start) = rest.find(LABEL_START) {
            out.push_str(&rest[..start]);
            let after = &rest[start + LABEL_START.len_utf8()..];
            let Some(end) = after.find(LABEL_END) else {
                break;
            };
            out.push_str(&crate::parse::markdown::escape(self.text(
                lang,
                &after[..end],
                None,
            )?));
            rest = &after[end + LABEL_END.len_utf8()..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// The strings of the scripts `scripts` (every key under `js.<script>.`),
    /// as JSON safe inside a `<script type="application/json">` element:
    /// `{"<script>": {"<key>": "text" | {"one": …, "other": …}}}`.
    pub fn js(&self, lang: &str, scripts: &[String]) -> Result<String, String> {
        let default = self
            .langs
            .get(&self.default)
            .ok_or_else(|| self.unknown("js"))?;
        let mut all = serde_json::Map::new();
        for script in scripts {
            let prefix = format!("js.{script}.");
            let mut one = serde_json::Map::new();
            for key in default.entries.keys().filter(|k| k.starts_with(&prefix)) {
                let Some((_, entry)) = self.find(lang, key) else {
                    continue;
                };
                let value = match &entry.text {
                    Text::One(s) => serde_json::Value::from(s.as_str()),
                    Text::Plural(forms) => forms
                        .iter()
                        .map(|(c, s)| (c.to_string(), serde_json::Value::from(s.as_str())))
                        .collect::<serde_json::Map<_, _>>()
                        .into(),
                };
                one.insert(key[prefix.len()..].to_string(), value);
            }
            if one.is_empty() {
                return Err(format!(
                    "js_strings(): the strings have no `js.{script}` group"
                ));
            }
            all.insert(script.clone(), one.into());
        }
        let json = serde_json::Value::Object(all).to_string();
        Ok(script_safe(&json))
    }
}

/// JSON that cannot end a script element or break a JavaScript string:
/// `<`, `>`, `&` and the two line separators as `\u` escapes.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn file(dir: &str, name: &str, text: &str) -> TextFile {
        TextFile {
            segments: vec![name.to_string()],
            display: PathBuf::from(format!("{dir}/i18n/{name}")),
            text: text.to_string(),
        }
    }

    fn strings(theme: &[(&str, &str)], site: &[(&str, &str)], default: &str) -> Strings {
        let theme: Vec<TextFile> = theme.iter().map(|(n, t)| file("theme", n, t)).collect();
        let site: Vec<TextFile> = site.iter().map(|(n, t)| file("site", n, t)).collect();
        let (s, problems) = Strings::build(&theme, &site, default, Path::new("site/i18n"));
        assert!(problems.is_empty(), "{problems:?}");
        s
    }

    const EN: &str = "a:\n  hello: \"Hello {name}\"\n  pages:\n    one: \"{count} page\"\n    other: \"{count} pages\"\n  only_en: \"English\"\nnumber:\n  group: \",\"\n  decimal: \".\"\ndate:\n  format: \"{day} {month_name} {year}\"\n  months:\n    march: \"March\"\n";
    const ZH: &str = "a:\n  hello: \"你好，{name}\"\n  pages:\n    other: \"{count} 个页面\"\nnumber:\n  group: \",\"\n  decimal: \".\"\ndate:\n  format: \"{year}年{month}月{day}日\"\n  months:\n    march: \"三月\"\n";

    #[test]
    fn looks_up_with_fallback_to_the_default_language() {
        let s = strings(&[("en.yaml", EN), ("zh-CN.yaml", ZH)], &[], "en");
        assert_eq!(s.text("zh-CN", "a.hello", None).unwrap(), "你好，{name}");
        // Missing in zh-CN: the default language's text.
        assert_eq!(s.text("zh-CN", "a.only_en", None).unwrap(), "English");
        // A language with no table at all, and a base language.
        assert_eq!(s.text("fr", "a.hello", None).unwrap(), "Hello {name}");
        assert_eq!(s.find("zh-CN", "a.only_en").unwrap().0, "en");
        let err = s.text("en", "a.helo", None).unwrap_err();
        assert!(err.contains("did you mean `a.hello`"), "{err}");
    }

    #[test]
    fn plurals_follow_cldr_per_language() {
        let s = strings(&[("en.yaml", EN), ("zh-CN.yaml", ZH)], &[], "en");
        assert_eq!(s.text("en", "a.pages", Some(1.0)).unwrap(), "{count} page");
        assert_eq!(s.text("en", "a.pages", Some(0.0)).unwrap(), "{count} pages");
        assert_eq!(s.text("en", "a.pages", Some(2.0)).unwrap(), "{count} pages");
        // Chinese has one form, `other`, for every count.
        assert_eq!(s.category("zh-CN", 1.0), "other");
        assert_eq!(
            s.text("zh-CN", "a.pages", Some(1.0)).unwrap(),
            "{count} 个页面"
        );
        assert_eq!(s.category("ru", 2.0), "other", "no table: no rules");
    }

    #[test]
    fn placeholders_are_filled_and_a_missing_one_is_an_error() {
        let mut out = Vec::new();
        Strings::fill(
            "Hello {name}, {name}!",
            "a.hello",
            &mut |n| (n == "name").then(|| ("<b>".to_string(), false)),
            &mut |s, p| out.push((s.to_string(), p)),
        )
        .unwrap();
        assert_eq!(
            out,
            [
                ("Hello ".to_string(), Piece::Lit),
                ("<b>".to_string(), Piece::Value),
                (", ".to_string(), Piece::Lit),
                ("<b>".to_string(), Piece::Value),
                ("!".to_string(), Piece::Lit),
            ]
        );
        let err = Strings::fill("{x}", "k", &mut |_| None, &mut |_, _| {}).unwrap_err();
        assert!(err.contains("pass x=…"), "{err}");
    }

    #[test]
    fn the_site_overrides_the_theme_key_by_key() {
        let s = strings(
            &[("en.yaml", EN)],
            &[(
                "en.yaml",
                "a:\n  hello: \"Hi {name}\"\n  mine: \"Site only\"\n",
            )],
            "en",
        );
        assert_eq!(s.text("en", "a.hello", None).unwrap(), "Hi {name}");
        assert_eq!(s.text("en", "a.only_en", None).unwrap(), "English");
        assert_eq!(
            s.find("en", "a.hello").unwrap().1.from.path,
            PathBuf::from("site/i18n/en.yaml")
        );
        let only: Vec<&str> = s.site_only.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(only, ["a.mine"]);
        assert!(s.site_langs.contains("en"));
    }

    #[test]
    fn numbers_and_dates_in_the_language_s_format() {
        let de = "number:\n  group: \".\"\n  decimal: \",\"\n";
        let s = strings(
            &[("en.yaml", EN), ("zh-CN.yaml", ZH), ("de.yaml", de)],
            &[],
            "en",
        );
        assert_eq!(s.number("en", 1234567.0).unwrap(), "1,234,567");
        assert_eq!(s.number("en", -1234.5).unwrap(), "-1,234.5");
        assert_eq!(s.number("de", 1234.5).unwrap(), "1.234,5");
        assert_eq!(s.number("en", 999.0).unwrap(), "999");
        assert_eq!(s.date("en", "2026-03-07").unwrap(), "7 March 2026");
        assert_eq!(s.date("zh-CN", "2026-03-07").unwrap(), "2026年3月7日");
        assert!(s.date("en", "2026-13-01").is_err());
    }

    #[test]
    fn no_table_for_the_site_s_language_is_an_error() {
        let (_, problems) = Strings::build(
            &[file("t", "en.yaml", EN)],
            &[],
            "fr",
            Path::new("site/i18n"),
        );
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("`fr`"),
            "{}",
            problems[0].message
        );
        let place = problems[0].location.as_ref().map(|l| l.path.clone());
        assert_eq!(place, Some(PathBuf::from("site/i18n/fr.yaml")));
        let (_, problems) = Strings::build(
            &[file("t", "english.yaml", EN)],
            &[],
            "en",
            Path::new("i18n"),
        );
        assert!(
            problems
                .iter()
                .any(|d| d.message.contains("not a language tag")),
            "{problems:?}"
        );
    }

    #[test]
    fn script_strings_are_json_that_cannot_end_the_script_element() {
        let en = "js:\n  search:\n    a: \"</script> & <!--\"\n    n:\n      one: \"1\"\n      other: \"{count}\"\n  quiz:\n    b: \"x\"\n";
        let s = strings(&[("en.yaml", en)], &[], "en");
        let json = s.js("en", &["search".to_string()]).unwrap();
        assert_eq!(
            json,
            r#"{"search":{"a":"\u003c/script\u003e \u0026 \u003c!--","n":{"one":"1","other":"{count}"}}}"#
        );
        assert!(s.js("en", &["nope".to_string()]).is_err());
        assert_eq!(script_safe("a\u{2028}b"), "a\\u2028b");
    }

    #[test]
    fn markdown_labels_are_filled_in_the_page_s_language() {
        let s = strings(
            &[("en.yaml", "m:\n  x: \"Back \\\"here\\\"\"\n")],
            &[],
            "en",
        );
        let html = format!("<a aria-label=\"{}\">", crate::parse::strings::label("m.x"));
        assert_eq!(
            s.fill_labels(html, "en").unwrap(),
            "<a aria-label=\"Back &quot;here&quot;\">"
        );
    }
}
