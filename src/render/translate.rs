//! The strings tables as Tera sees them: the `t()` and `js_strings()`
//! functions and the `number`, `date` and `yes_no` filters. Each reads the
//! page's language from the `lang` variable of the render context, so a
//! template never names its language.

use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::strings::{Piece, Strings};
use crate::parse::markdown::escape;

pub fn register(tera: &mut Tera, strings: &Arc<Strings>) {
    let s = Arc::clone(strings);
    tera.register_function("t", move |kwargs: Kwargs, state: &State| {
        t(&s, &kwargs, state)
    });
    let s = Arc::clone(strings);
    tera.register_function("js_strings", move |kwargs: Kwargs, state: &State| {
        js_strings(&s, &kwargs, state)
    });
    let s = Arc::clone(strings);
    tera.register_filter("number", move |v: Value, _: Kwargs, state: &State| {
        let n = v.as_f64().ok_or_else(|| {
            tera::Error::message(format!("the `number` filter takes a number, found `{v}`"))
        })?;
        s.number(&lang(&s, state), n).map_err(tera::Error::message)
    });
    let s = Arc::clone(strings);
    tera.register_filter("date", move |v: String, _: Kwargs, state: &State| {
        s.date(&lang(&s, state), &v).map_err(tera::Error::message)
    });
    let s = Arc::clone(strings);
    tera.register_filter(
        "join_list",
        move |v: Vec<Value>, kwargs: Kwargs, state: &State| join_list(&s, &v, &kwargs, state),
    );
    let s = Arc::clone(strings);
    tera.register_filter("yes_no", move |v: Value, _: Kwargs, state: &State| {
        yes_no(&s, &v, &lang(&s, state)).map(str::to_string)
    });
}

/// The page's language: `lang` in the context, else the site's.
fn lang(strings: &Strings, state: &State) -> String {
    state
        .get::<String>("lang")
        .ok()
        .flatten()
        .unwrap_or_else(|| strings.default.clone())
}

fn yes_no<'s>(strings: &'s Strings, v: &Value, lang: &str) -> TeraResult<&'s str> {
    let yes = match (v.as_bool(), v.as_str()) {
        (Some(b), _) => b,
        (None, Some("yes")) => true,
        (None, Some("no")) => false,
        _ => {
            return Err(tera::Error::message(format!(
                "the `yes_no` filter takes true, false, \"yes\" or \"no\", found `{v}`"
            )));
        }
    };
    let key = if yes { "value.yes" } else { "value.no" };
    strings.text(lang, key, None).map_err(tera::Error::message)
}

/// `t(key="…", name=value, …, count=n)`: the text of `key` in the page's
/// language, its plural form chosen by `count`, its `{name}` placeholders
/// filled. The result is plain text, escaped on output like any other,
/// unless the key ends in `_html` (its text is HTML, written as is) or a
/// value is marked safe (it is written as is, the rest escaped here).
fn t(strings: &Strings, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let key = kwargs.must_get::<String>("key")?;
    let lang = lang(strings, state);
    let count = match kwargs.get::<Value>("count")? {
        Some(v) => Some(v.as_f64().ok_or_else(|| {
            tera::Error::message(format!(
                "t(key=\"{key}\"): `count` must be a number, found `{v}`"
            ))
        })?),
        None => None,
    };
    let text = strings
        .text(&lang, &key, count)
        .map_err(tera::Error::message)?;
    let mut failed = None;
    let mut arg = |name: &str| -> Option<(String, bool)> {
        let v = kwargs.get::<Value>(name).ok().flatten()?;
        let shown = match (v.as_str(), v.as_f64(), v.as_bool()) {
            (Some(s), _, _) => return Some((s.to_string(), v.is_safe())),
            (_, Some(n), _) => strings.number(&lang, n),
            (_, _, Some(_)) => yes_no(strings, &v, &lang)
                .map(str::to_string)
                .map_err(|e| e.to_string()),
            _ if v.is_none() => Ok(String::new()),
            _ => Ok(v.to_string()),
        };
        match shown {
            Ok(s) => Some((s, false)),
            Err(e) => {
                failed = Some(e);
                Some((String::new(), false))
            }
        }
    };
    let mut pieces: Vec<(String, Piece)> = Vec::new();
    Strings::fill(text, &key, &mut arg, &mut |s, p| {
        pieces.push((s.to_string(), p))
    })
    .map_err(tera::Error::message)?;
    if let Some(e) = failed {
        return Err(tera::Error::message(e));
    }
    Ok(finish(pieces, key.ends_with("_html"), state))
}

/// `items | join_list` or `join_list(kind="or")`: the items joined the
/// page's language's way ("a, b and c"; "a、b和c").
fn join_list(
    strings: &Strings,
    items: &[Value],
    kwargs: &Kwargs,
    state: &State,
) -> TeraResult<Value> {
    let kind = kwargs
        .get::<String>("kind")?
        .unwrap_or_else(|| "and".to_string());
    let items: Vec<(String, bool)> = items
        .iter()
        .map(|v| match v.as_str() {
            Some(s) => (s.to_string(), v.is_safe()),
            None => (v.to_string(), false),
        })
        .collect();
    let mut pieces = Vec::new();
    strings
        .join_list(&lang(strings, state), &kind, &items, &mut |s, p| {
            pieces.push((s.to_string(), p))
        })
        .map_err(tera::Error::message)?;
    Ok(finish(pieces, false, state))
}

/// Joins filled-in pieces: plain text when nothing in them is HTML, else
/// safe HTML with the plain pieces escaped.
fn finish(pieces: Vec<(String, Piece)>, html: bool, state: &State) -> Value {
    let any_safe = pieces.iter().any(|(_, p)| *p == Piece::Safe);
    if !state.autoescaping_enabled() || !(html || any_safe) {
        return Value::from(pieces.into_iter().map(|(s, _)| s).collect::<String>());
    }
    let out: String = pieces
        .into_iter()
        .map(|(s, p)| match p {
            Piece::Lit if html => s,
            Piece::Safe => s,
            _ => escape(&s),
        })
        .collect();
    Value::safe_string(&out)
}

/// `js_strings(scripts="search")` or `js_strings(scripts=["quiz", "checklist"])`:
/// the JSON for `<script type="application/json" id="beian-strings">`.
fn js_strings(strings: &Strings, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let scripts: Vec<String> = match kwargs.must_get::<Value>("scripts")? {
        v if v.as_str().is_some() => vec![v.as_str().unwrap_or_default().to_string()],
        v => kwargs.must_get::<Vec<String>>("scripts").map_err(|_| {
            tera::Error::message(format!(
                "js_strings(): `scripts` must be a name or a list of names, found `{v}`"
            ))
        })?,
    };
    let json = strings
        .js(&lang(strings, state), &scripts)
        .map_err(tera::Error::message)?;
    Ok(Value::safe_string(&json))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::TextFile;

    fn render(template: &str, lang: &str) -> Result<String, String> {
        let en = "a:\n  hi: \"Hi {name} & co\"\n  link_html: \"See <a href=\\\"{href}\\\">{name}</a>\"\n  n:\n    one: \"{count} page\"\n    other: \"{count} pages\"\nnumber:\n  group: \",\"\n  decimal: \".\"\nvalue:\n  \"yes\": \"Yes\"\n  \"no\": \"No\"\nlist:\n  and:\n    pair: \"{a} and {b}\"\n    start: \"{a}, {b}\"\n    middle: \"{a}, {b}\"\n    end: \"{a}, and {b}\"\n  or:\n    pair: \"{a} or {b}\"\n    start: \"{a}, {b}\"\n    middle: \"{a}, {b}\"\n    end: \"{a}, or {b}\"\n";
        let zh = "a:\n  hi: \"你好 {name}\"\n  n:\n    other: \"{count} 页\"\nlist:\n  and:\n    pair: \"{a}和{b}\"\n    start: \"{a}、{b}\"\n    middle: \"{a}、{b}\"\n    end: \"{a}和{b}\"\n";
        let files: Vec<TextFile> = [("en.yaml", en), ("zh-CN.yaml", zh)]
            .iter()
            .map(|(n, t)| TextFile {
                segments: vec![n.to_string()],
                display: std::path::PathBuf::from(n),
                text: t.to_string(),
            })
            .collect();
        let (strings, problems) = Strings::build(&files, &[], "en", std::path::Path::new("i18n"));
        assert!(problems.is_empty(), "{problems:?}");
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        register(&mut tera, &Arc::new(strings));
        tera.add_raw_template("x.html", template)
            .map_err(|e| e.to_string())?;
        let mut ctx = tera::Context::new();
        ctx.insert("lang", lang);
        ctx.insert("who", "<Ann>");
        tera.render("x.html", &ctx).map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn t_reads_the_page_s_language_and_escapes_once() {
        assert_eq!(
            render("{{ t(key=\"a.hi\", name=who) }}", "en").unwrap(),
            "Hi &lt;Ann&gt; &amp; co"
        );
        assert_eq!(
            render("{{ t(key=\"a.hi\", name=who) }}", "zh-CN").unwrap(),
            "你好 &lt;Ann&gt;"
        );
        // Safe HTML in a placeholder is kept; the table's text around it is escaped.
        assert_eq!(
            render(
                "{% set b %}<b>x</b>{% endset %}{{ t(key=\"a.hi\", name=b | safe) }}",
                "en"
            )
            .unwrap(),
            "Hi <b>x</b> &amp; co"
        );
        // An _html key is HTML; its placeholders are escaped.
        assert_eq!(
            render(
                "{{ t(key=\"a.link_html\", href=\"?a&b\", name=who) }}",
                "en"
            )
            .unwrap(),
            "See <a href=\"?a&amp;b\">&lt;Ann&gt;</a>"
        );
    }

    #[test]
    fn t_picks_the_plural_form_and_formats_numbers() {
        let tpl = "{{ t(key=\"a.n\", count=1) }}|{{ t(key=\"a.n\", count=1234) }}|{{ 1234567 | number }}|{{ true | yes_no }}";
        assert_eq!(
            render(tpl, "en").unwrap(),
            "1 page|1,234 pages|1,234,567|Yes"
        );
        let tpl = "{{ [\"a\"] | join_list }}|{{ [\"a\", \"b\"] | join_list }}|{{ [\"a\", \"<b>\", \"c\", \"d\"] | join_list }}|{{ [\"a\", \"b\", \"c\"] | join_list(kind=\"or\") }}";
        assert_eq!(
            render(tpl, "en").unwrap(),
            "a|a and b|a, &lt;b&gt;, c, and d|a, b, or c"
        );
        assert_eq!(
            render("{{ [\"甲\", \"乙\", \"丙\"] | join_list }}", "zh-CN").unwrap(),
            "甲、乙和丙"
        );
        assert_eq!(
            render("{{ t(key=\"a.n\", count=1) }}", "zh-CN").unwrap(),
            "1 页"
        );
    }

    #[test]
    fn t_reports_unknown_keys_and_missing_placeholders() {
        let err = render("{{ t(key=\"a.nope\") }}", "en").unwrap_err();
        assert!(err.contains("no interface string `a.nope`"), "{err}");
        let err = render("{{ t(key=\"a.hi\") }}", "en").unwrap_err();
        assert!(err.contains("pass name=…"), "{err}");
    }
}
