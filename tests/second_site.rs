//! A second site, on a subject that has nothing to do with the bundled
//! guide (food businesses in the German Länder), built with the real default
//! theme: everything the generator and the theme do must serve it too, and
//! nothing of the bundled guide may show through.

mod common;

use std::collections::BTreeSet;

use common::{Site, broken_links, checklist_json, html_escape, page_items, snapshot};

const REGIONS: [&str; 4] = ["bavaria", "berlin", "hamburg", "saxony"];
const APPLICANTS: [&str; 3] = ["sole-trader", "partnership", "company"];

fn site() -> Site {
    Site::fixture_with_default_theme("second-site")
}

#[test]
fn it_checks_with_no_problems_and_builds_with_every_link_resolved() {
    let site = site();
    let run = site.beian(&["check"]);
    run.ok().says(": no problems");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    site.build().ok();
    let dist = site.dist();
    for region in REGIONS {
        for applicant in APPLICANTS {
            let page = format!("laender/{region}/checklist/{applicant}/index.html");
            assert!(dist.join(&page).is_file(), "{page} is missing");
        }
    }
    assert!(dist.join("quiz/index.html").is_file());
    assert_eq!(broken_links(&dist), Vec::<String>::new());
}

/// Every line of `beian quiz --all`, parsed.
fn all_verdicts(site: &Site) -> Vec<serde_json::Value> {
    let run = site.beian(&["quiz", "--all"]);
    run.ok();
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn the_quiz_proof_tries_the_number_question_at_and_between_its_thresholds() {
    let site = site();
    let verdicts = all_verdicts(&site);
    // conditions.yaml compares `staff` with 10 and 50, within min 1 and max
    // 5000: one answer at each threshold and one in each stretch (the
    // minimum below 10, then one above each threshold).
    let staff: BTreeSet<i64> = verdicts
        .iter()
        .filter_map(|v| v["answers"]["staff"].as_str())
        .map(|s| s.parse().expect("a number answer"))
        .collect();
    assert_eq!(staff, BTreeSet::from([1, 10, 11, 50, 51]));
    let mut seen = 0;
    for v in &verdicts {
        let Some(n) = v["answers"]["staff"].as_str() else {
            continue;
        };
        let n: i64 = n.parse().unwrap();
        let items: Vec<&str> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_str().unwrap())
            .collect();
        if v["kind"] == "cannot" {
            assert!(items.is_empty(), "{v}");
            continue;
        }
        seen += 1;
        // `small_business` (staff < 10) is used twice: by one item, and
        // negated by another.
        assert_eq!(items.contains(&"simple-records"), n < 10, "{v}");
        assert_eq!(items.contains(&"safety-officer"), n >= 10, "{v}");
        assert_eq!(items.contains(&"external-audit"), n >= 50, "{v}");
    }
    assert!(seen >= 3 * 4 * 3 * 5, "only {seen} verdicts with a number");
}

#[test]
fn every_checklist_page_shows_what_beian_checklist_prints() {
    let site = site();
    site.build().ok();
    let mut compared = 0;
    for region in REGIONS {
        for applicant in APPLICANTS {
            let report = checklist_json(&site, region, applicant, &[]);
            let items = report["items"].as_array().unwrap();
            assert!(items.len() >= 6, "{region}/{applicant}: {}", items.len());
            let html = site.read(&format!(
                "dist/laender/{region}/checklist/{applicant}/index.html"
            ));
            // The region's checklist page sends each applicant to theirs,
            // with the number of items it holds.
            let chooser = site.read(&format!("dist/laender/{region}/checklist/index.html"));
            let choice =
                format!("checklist/{applicant}/index.html\" data-applicant=\"{applicant}\">");
            let at = chooser.find(&choice).unwrap_or_else(|| {
                panic!("{region}: the checklist page does not offer {applicant}")
            });
            let offered = &chooser[at..at + chooser[at..].find("</a>").unwrap_or(0)];
            let count = format!("{} items", items.len());
            assert!(
                offered.contains(&count),
                "{region}/{applicant}: {offered} should say {count}"
            );
            let shown = page_items(&html);
            let want: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
            let got: Vec<&str> = shown.iter().map(|(id, _)| id.as_str()).collect();
            assert_eq!(got, want, "{region}/{applicant}");
            for ((_, chunk), item) in shown.iter().zip(items) {
                let title = html_escape(item["title"].as_str().unwrap());
                assert!(chunk.contains(&title), "{region}/{applicant}: {title}");
                if let Some(only) = item["only_if"].as_str() {
                    assert!(
                        chunk.contains(&html_escape(only)),
                        "{region}/{applicant}: {only}"
                    );
                }
            }
            compared += 1;
        }
    }
    assert_eq!(compared, 4 * 3);
}

#[test]
fn a_region_page_shows_its_prose_above_its_facts() {
    let site = site();
    site.build().ok();
    let html = site.read("dist/laender/bavaria/index.html");
    let prose = html
        .find("In Bavaria the district office registers food businesses")
        .expect("the prose of content/laender/bavaria.md");
    let fact = html
        .find("<section class=\"fact\"")
        .expect("a fact section");
    assert!(prose < fact, "the prose comes after the facts");
    // The number fact with its unit, the summary fact in its own language.
    assert!(html.contains("40 euros"), "{html}");
    assert!(
        html.contains("<span lang=\"de\">Landratsamt</span>"),
        "{html}"
    );
    assert!(html.contains("<span class=\"native\" lang=\"de\">Bayern</span>"));
    // A region without prose has none.
    let berlin = site.read("dist/laender/berlin/index.html");
    assert!(!berlin.contains("district office"));
}

#[test]
fn a_page_in_german_gets_the_german_interface_and_the_english_pages_keep_theirs() {
    let site = site();
    // A page language whose table lacks keys is warned about; the theme's
    // German table must have them all.
    let run = site.beian(&["check"]);
    run.ok().says(": no problems");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    site.build().ok();
    let de = site.read("dist/guide/kurzfassung/index.html");
    assert!(de.contains("<html lang=\"de\""), "{de}");
    for word in [
        ">Zum Inhalt springen</a>",
        "class=\"pager\" aria-label=\"Seiten\"",
        "<span class=\"pager-label\">Zurück</span>",
        "Lebensmittelüberwachung",
        // German date format and month name.
        "Aktualisiert am <time datetime=\"2026-11-20\">20. November 2026</time>",
    ] {
        assert!(de.contains(word), "{word} not in:\n{de}");
    }
    assert!(!de.contains("Skip to content"), "{de}");
    // The English page next to it links to it and keeps English words.
    let en = site.read("dist/guide/register/index.html");
    assert!(en.contains("<html lang=\"en\""));
    assert!(en.contains(">Skip to content</a>"), "{en}");
    assert!(
        en.contains("<span class=\"pager-label\">Next</span>"),
        "{en}"
    );
    assert!(en.contains("kurzfassung/index.html"), "{en}");
    assert!(!en.contains("Zum Inhalt springen"), "{en}");
}

/// Words of the bundled guide's subject, matched as whole words without
/// regard to case; any Han character is caught apart.
const BUNDLED_WORDS: [&str; 16] = [
    "ICP",
    "MIIT",
    "province",
    "provinces",
    "China",
    "Chinese",
    "mainland",
    "Beijing",
    "Shanghai",
    "备案",
    "filing number",
    "communications administration",
    "Alibaba",
    "Tencent",
    "hosting provider",
    "national rules",
];

/// The bundled words and Han characters in `text`, each with some context.
fn bundled_words_in(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found = Vec::new();
    for word in BUNDLED_WORDS {
        let w = word.to_lowercase();
        for (at, _) in lower.match_indices(&w) {
            let before = lower[..at].chars().next_back();
            let after = lower[at + w.len()..].chars().next();
            let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if boundary(before) && boundary(after) {
                found.push(format!("{word:?} in {:?}", context(text, at, w.len())));
            }
        }
    }
    for (at, c) in text.char_indices() {
        // CJK Unified Ideographs and their extension A (备 is U+5907).
        if ('\u{3400}'..='\u{9fff}').contains(&c) {
            found.push(format!("{c:?} in {:?}", context(text, at, c.len_utf8())));
        }
    }
    found
}

fn context(text: &str, at: usize, len: usize) -> String {
    let mut from = at.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (at + len + 40).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    text[from..to]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The parts of an HTML page a reader or a screen reader meets: the text
/// outside tags (scripts and styles apart), and the attributes that are
/// read out or shown. Each part is labelled for the report.
fn html_parts(html: &str) -> Vec<(String, String)> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        let tag_end = rest[open..].find('>').map_or(rest.len(), |e| open + e + 1);
        let tag = &rest[open..tag_end];
        for attr in [
            "aria-label",
            "title",
            "alt",
            "placeholder",
            "content",
            "value",
        ] {
            for v in common::attr_values(tag, attr) {
                parts.push((format!("{attr}=\"…\""), v));
            }
        }
        rest = &rest[tag_end..];
        for element in ["script", "style"] {
            if tag.starts_with(&format!("<{element}")) {
                let close = format!("</{element}>");
                let end = rest.find(&close).unwrap_or(rest.len());
                parts.push((format!("<{element}> strings"), quoted_strings(&rest[..end])));
                rest = &rest[end..];
            }
        }
    }
    text.push_str(rest);
    parts.push(("text".into(), decode_entities(&text)));
    parts
}

fn decode_entities(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The string literals of a script or stylesheet (what it can show), one a
/// line; comments are dropped.
fn quoted_strings(code: &str) -> String {
    let mut out = String::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            '"' | '\'' | '`' => {
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                        }
                        d if d == c => break,
                        d => out.push(d),
                    }
                }
                out.push('\n');
            }
            _ => {}
        }
    }
    out
}

#[test]
fn nothing_of_the_bundled_guide_reaches_the_second_site() {
    let site = site();
    site.build().ok();
    let mut found = Vec::new();
    let mut scanned = 0;
    for (path, bytes) in snapshot(&site.dist()) {
        let name = path.to_string_lossy().replace('\\', "/");
        let ext = path.extension().and_then(|e| e.to_str());
        if name.starts_with("pagefind/") && !matches!(ext, Some("js" | "json")) {
            // The compressed index holds the pages' own text, scanned here
            // as HTML; its scripts and manifest are scanned below.
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let parts: Vec<(String, String)> = match ext {
            Some("html") => {
                for lang in common::attr_values(&text, "lang") {
                    if lang != "en" && lang != "de" {
                        found.push(format!("{name}: lang=\"{lang}\""));
                    }
                }
                html_parts(&text)
            }
            Some("js") => vec![("strings".into(), quoted_strings(&text))],
            Some("css") => vec![("strings".into(), quoted_strings(&text))],
            // The favicon and anything else: every character.
            _ => vec![("text".into(), text.into_owned())],
        };
        scanned += 1;
        for (part, content) in parts {
            for hit in bundled_words_in(&content) {
                found.push(format!("{name} ({part}): {hit}"));
            }
        }
    }
    assert!(scanned > 30, "only {scanned} files scanned");
    assert!(
        found.is_empty(),
        "the bundled guide's wording reaches the second site:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_leak_scan_finds_the_bundled_words_where_they_hide() {
    let page = "<html lang=\"en\"><head><title>Filing Number lookup</title>\
        <meta name=\"description\" content=\"For the Mainland\">\
        <style>.x::after{content:\"ICP\"}</style></head>\
        <body><p aria-label=\"provinces\">Plain &amp; 备</p>\
        <script>let provinceCount = 1; show('Tencent');</script></body></html>";
    let hits: Vec<String> = html_parts(page)
        .iter()
        .flat_map(|(_, text)| bundled_words_in(text))
        .collect();
    let joined = hits.join("\n");
    for want in [
        "\"filing number\"",
        "\"mainland\"",
        "\"ICP\"",
        "\"provinces\"",
        "'备'",
        "\"Tencent\"",
    ] {
        assert!(joined.contains(want), "{want} not found in:\n{joined}");
    }
    // An identifier is not text a reader sees; a word inside another is no hit.
    assert!(!joined.contains("provinceCount"), "{joined}");
    assert!(bundled_words_in("unicpx chinaware").is_empty());
}

/// The text Pagefind holds for the page at `url`: every fragment of the
/// index, unpacked (gzip, then Pagefind's signature, then JSON).
fn indexed_text(dist: &std::path::Path, url: &str) -> String {
    use std::io::Read;
    let dir = dist.join("pagefind/fragment");
    for entry in std::fs::read_dir(&dir).expect("the index has fragments") {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .expect("a gzipped fragment");
        let json = text.trim_start_matches("pagefind_dcd");
        let fragment: serde_json::Value = serde_json::from_str(json).expect("a JSON fragment");
        if fragment["url"].as_str().is_some_and(|u| u.ends_with(url)) {
            return fragment["content"].as_str().unwrap_or_default().to_string();
        }
    }
    panic!("no fragment for {url}")
}

#[test]
fn a_region_page_lists_its_other_names_and_search_finds_it_by_them() {
    let site = site();
    site.build().ok();
    let bavaria = site.read("dist/laender/bavaria/index.html");
    assert!(
        bavaria.contains("<h2 id=\"beian-other-names-title\">Cities in Bavaria</h2>"),
        "{bavaria}"
    );
    for (en, de) in [("Munich", "München"), ("Nuremberg", "Nürnberg")] {
        assert!(
            bavaria.contains(&format!("<li>{en} <span lang=\"de\">{de}</span></li>")),
            "{en} is not listed: {bavaria}"
        );
    }
    // A region without other names has no such list.
    assert!(
        !site
            .read("dist/laender/berlin/index.html")
            .contains("other-names")
    );
    let text = indexed_text(&site.dist(), "laender/bavaria/index.html");
    for name in ["Munich", "München", "Nuremberg", "Nürnberg", "Augsburg"] {
        assert!(text.contains(name), "{name} is not in the index: {text}");
    }
    assert!(!indexed_text(&site.dist(), "laender/berlin/index.html").contains("Munich"));
}
