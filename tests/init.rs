//! `beian init`: a new site that checks clean and builds at once, made
//! from flags alone, that never replaces a file of the user's.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Run, broken_links, repo, snapshot};

/// Runs `beian <args…>` in `cwd`.
fn beian_in(cwd: &Path, args: &[&str]) -> Run {
    Run::from(
        Command::new(env!("CARGO_BIN_EXE_beian"))
            .current_dir(cwd)
            .args(args)
            .output()
            .expect("running beian"),
    )
}

/// A temporary folder, and `site` inside it (not made yet).
fn place() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let site = dir.path().join("site");
    (dir, site)
}

fn init(site: &Path, flags: &[&str]) -> Run {
    let mut args = vec!["init", site.to_str().unwrap()];
    args.extend_from_slice(flags);
    beian_in(site.parent().unwrap(), &args)
}

fn check_and_build(site: &Path) {
    let run = beian_in(site, &["check"]);
    run.ok().says(": no problems");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    beian_in(site, &["build"]).ok();
}

fn read(path: PathBuf) -> String {
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_new_site_checks_clean_builds_and_has_regions_checklists_and_a_quiz() {
    let (_dir, site) = place();
    let run = init(&site, &[]);
    run.ok();
    assert!(run.stdout.contains("beian serve"), "{}", run.stdout);
    assert!(run.stdout.contains("beian build"), "{}", run.stdout);
    check_and_build(&site);
    let dist = site.join("dist");
    for page in [
        "index.html",
        "how-to-apply/index.html",
        "regions/index.html",
        "regions/north/index.html",
        "regions/south/index.html",
        "regions/north/checklist/person/index.html",
        "regions/north/checklist/company/index.html",
        "regions/south/checklist/company/index.html",
        "quiz/index.html",
        "assets/quiz.js",
    ] {
        assert!(dist.join(page).is_file(), "{page} is missing");
    }
    assert_eq!(broken_links(&dist), Vec::<String>::new());
    // The region's fact decides an item: the two regions' checklists differ.
    let north = read(dist.join("regions/north/checklist/person/index.html"));
    let south = read(dist.join("regions/south/checklist/person/index.html"));
    assert!(north.contains("data-item=\"appointment\""));
    assert!(!south.contains("data-item=\"appointment\""));
    let quiz = beian_in(&site, &["quiz", "--all"]);
    quiz.ok();
    assert_eq!(quiz.stdout.lines().count(), 4, "{}", quiz.stdout);
}

#[test]
fn the_theme_it_writes_is_the_default_theme_as_it_is_now() {
    let (_dir, site) = place();
    init(&site, &[]).ok();
    let written = snapshot(&site.join("themes/default"));
    let mut theme = snapshot(&repo().join("themes/default"));
    theme.retain(|p, _| !p.to_string_lossy().split('/').any(|s| s.starts_with('.')));
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        theme.keys().collect::<Vec<_>>()
    );
    assert!(written == theme, "a theme file differs from themes/default");
}

#[test]
fn without_a_folder_it_makes_the_site_in_root() {
    let (_dir, site) = place();
    fs::create_dir(&site).unwrap();
    let run = beian_in(
        site.parent().unwrap(),
        &["--root", site.to_str().unwrap(), "init"],
    );
    run.ok();
    assert!(site.join("site.yaml").is_file());
    let here = beian_in(&site.join("content"), &["init"]);
    here.fails_with(2).says("is not empty");
}

#[test]
fn a_folder_with_files_is_refused_and_left_as_it_was() {
    let (_dir, site) = place();
    fs::create_dir(&site).unwrap();
    fs::write(site.join("notes.txt"), "mine").unwrap();
    let before = snapshot(&site);
    init(&site, &[])
        .fails_with(2)
        .says("is not empty (it holds notes.txt)")
        .says("--force");
    assert_eq!(snapshot(&site), before);
    init(&site.join("notes.txt"), &[])
        .fails_with(2)
        .says("it is a file");
}

#[test]
fn a_folder_with_only_hidden_files_counts_as_empty() {
    let (_dir, site) = place();
    fs::create_dir_all(site.join(".git")).unwrap();
    fs::write(site.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    init(&site, &[]).ok();
    assert!(site.join("site.yaml").is_file());
    assert_eq!(read(site.join(".git/HEAD")), "ref: refs/heads/main\n");
}

#[test]
fn force_writes_beside_the_users_files_and_never_over_them() {
    let (_dir, site) = place();
    fs::create_dir_all(site.join("content")).unwrap();
    fs::write(site.join("notes.txt"), "mine").unwrap();
    fs::write(
        site.join("content/_index.md"),
        "---\ntitle: \"My home\"\n---\nMine.\n",
    )
    .unwrap();
    let run = init(&site, &["--force"]);
    run.ok();
    assert!(run.stdout.contains("Kept 1 file"), "{}", run.stdout);
    assert!(
        run.stdout.contains("  content/_index.md\n"),
        "{}",
        run.stdout
    );
    assert_eq!(read(site.join("notes.txt")), "mine");
    assert_eq!(
        read(site.join("content/_index.md")),
        "---\ntitle: \"My home\"\n---\nMine.\n"
    );
    assert!(site.join("rules/regions/north.yaml").is_file());
    // A second run over a whole site keeps every file and changes none.
    let before = snapshot(&site);
    let again = init(&site, &["--force", "--title", "Other"]);
    again.ok();
    assert_eq!(snapshot(&site), before);
    check_and_build(&site);
}

#[test]
fn each_flag_shows_in_the_built_site() {
    let (_dir, site) = place();
    init(
        &site,
        &[
            "--title",
            "Boat \"licences\"",
            "--language",
            "nl",
            "--region-term",
            "harbour/harbours",
            "--region-heading",
            "Harbour/Harbours",
        ],
    )
    .ok();
    check_and_build(&site);
    let dist = site.join("dist");
    let home = read(dist.join("index.html"));
    assert!(home.contains("<html lang=\"nl\""), "{home}");
    // The theme has no Dutch strings: the site gets the English ones to
    // translate, and they are what the pages show until then.
    let strings = read(site.join("i18n/nl.yaml"));
    assert!(strings.contains("keep every key"), "{strings}");
    assert!(
        strings.contains("skip_link: \"Skip to content\""),
        "{strings}"
    );
    assert!(home.contains(">Skip to content<"), "{home}");
    assert!(home.contains("Boat &quot;licences&quot;"), "{home}");
    // The folder follows the plural; the heading and the word are used.
    let table = read(dist.join("harbours/index.html"));
    assert!(table.contains("<h1>Harbours</h1>"), "{table}");
    assert!(table.contains("<th scope=\"col\">Harbour</th>"), "{table}");
    let rules = read(site.join("rules/rules.yaml"));
    assert!(
        rules.contains(r#""nl": { one: "harbour", other: "harbours", heading_one: "Harbour", heading_other: "Harbours" }"#),
        "{rules}"
    );
    assert!(read(site.join("rules/questions.yaml")).contains("In which harbour do you apply?"));
    assert!(
        dist.join("harbours/north/checklist/company/index.html")
            .is_file()
    );
}

#[test]
fn a_language_the_theme_has_strings_for_gets_them_and_a_table_to_override() {
    let (_dir, site) = place();
    init(&site, &["--language", "de"]).ok();
    check_and_build(&site);
    let home = read(site.join("dist/index.html"));
    assert!(home.contains("<html lang=\"de\""), "{home}");
    assert!(home.contains(">Zum Inhalt springen<"), "{home}");
    assert!(!home.contains("Skip to content"), "{home}");
    // The site's own table overrides nothing until its owner says so.
    let strings = read(site.join("i18n/de.yaml"));
    assert!(strings.contains("themes/default/i18n/de.yaml"), "{strings}");
    assert!(!strings.contains("skip_link"), "{strings}");
}

#[test]
fn the_regions_folder_can_be_chosen_and_bad_flags_are_usage_errors() {
    let (_dir, site) = place();
    init(
        &site,
        &[
            "--region-term",
            "Land/Länder",
            "--regions-folder",
            "laender",
        ],
    )
    .ok();
    check_and_build(&site);
    assert!(site.join("dist/laender/north/index.html").is_file());
    let table = read(site.join("dist/laender/index.html"));
    assert!(table.contains("<h1>Länder</h1>"), "{table}");
    assert!(table.contains("<th scope=\"col\">Land</th>"), "{table}");
    let rules = read(site.join("rules/rules.yaml"));
    assert!(
        rules.contains(r#"{ one: "Land", other: "Länder" }"#),
        "{rules}"
    );

    let (_dir, other) = place();
    init(&other, &["--language", "english"])
        .fails_with(2)
        .says("--language english");
    init(&other, &["--region-term", "state"])
        .fails_with(2)
        .says("ONE/OTHER");
    init(&other, &["--regions-folder", "../up"])
        .fails_with(2)
        .says("--regions-folder");
    assert!(!other.exists(), "a refused init made its folder");
}

#[test]
fn the_readme_walkthrough_works_as_written() {
    let readme = read(repo().join("README.md"));
    let section = readme
        .split("## Write your own guide")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README.md's walkthrough");
    let command = "beian init boat-licences --title \"Boat Licences\" --region-term \"state/states\" --region-heading \"State/States\"";
    assert!(section.contains(command), "the walkthrough's init changed");
    let (_dir, site) = place();
    init(
        &site,
        &[
            "--title",
            "Boat Licences",
            "--region-term",
            "state/states",
            "--region-heading",
            "State/States",
        ],
    )
    .ok();
    let blocks: Vec<&str> = section
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .collect();
    assert_eq!(blocks.len(), 3, "a new region, a question, an item");
    let region = blocks[0]
        .strip_prefix("# rules/states/west.yaml\n")
        .expect("its path");
    fs::write(site.join("rules/states/west.yaml"), region).unwrap();
    for (file, block) in [
        ("rules/questions.yaml", blocks[1]),
        ("rules/checklist.yaml", blocks[2]),
    ] {
        let text = read(site.join(file)) + block;
        fs::write(site.join(file), text).unwrap();
    }
    // The files the walkthrough's table names are where it says.
    for (file, named) in [
        ("content/states/_index.md", "`content/states/_index.md`"),
        ("rules/states/north.yaml", "`rules/states/north.yaml`"),
        ("rules/schemas", "`rules/schemas/`"),
        ("themes/default/templates", "`themes/default/`"),
        ("i18n/en.yaml", "`i18n/en.yaml`"),
    ] {
        assert!(site.join(file).exists(), "{file}");
        assert!(section.contains(named), "{named}");
    }
    check_and_build(&site);
    assert!(
        site.join("dist/states/west/checklist/person/index.html")
            .is_file()
    );
    let quiz = beian_in(
        &site,
        &[
            "quiz",
            "--answer",
            "applicant=person",
            "--answer",
            "region=west",
            "--answer",
            "vessel=12",
        ],
    );
    quiz.ok();
    assert!(quiz.stdout.contains("\"survey\""), "{}", quiz.stdout);
}
