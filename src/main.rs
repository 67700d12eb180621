use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use beian::commands;
use beian::eprintln;

// A build allocates and frees millions of small strings on both cores
// (words for the search index, template values); with mimalloc the
// 10,000-page build with its index takes about a tenth less CPU than with
// glibc's allocator (bench/README.md, issue #21, fourth round).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Tells the allocator to keep the memory a build frees, instead of giving
/// it back to the system 10 ms later and taking it again, zeroed, a moment
/// after: a build is over in seconds and holds most at its peak anyway.
/// At 10,000 pages this took about a twentieth off the build's time, and
/// its peak grew by 2 MB without the search index and 30 MB with it.
/// Not for `serve`, which runs for hours and should give back what a
/// rebuild freed.
fn keep_freed_memory() {
    // mimalloc's `mi_option_purge_delay` (mimalloc.h, version 2), which the
    // crate does not name: -1 is "never purge".
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: setting an option is safe at any time; mimalloc reads this
    // one each time it would purge.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

/// mimalloc asks the kernel for transparent huge pages over its whole
/// arena, and each first touch of one then makes the kernel zero 2 MiB.
/// beian's memory is many small objects spread over mimalloc's pages, so
/// much of each huge page was zeroed and counted without being used: at
/// 10,000 pages without the search index the peak was 463 MB with them and
/// 414 MB without (the bundled guide, 66 and 44 MB), in the same time.
///
/// The arena, and its madvise, come with the first allocation, which the
/// Rust runtime makes before `main`; so this runs as the program is
/// loaded, among the C constructors, which run before the runtime starts.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static NO_HUGE_PAGES: extern "C" fn() = {
    extern "C" fn no_huge_pages() {
        // mimalloc's `mi_option_allow_thp` (mimalloc.h, version 2), which
        // the crate does not name.
        const ALLOW_THP: libmimalloc_sys::mi_option_t = 37;
        // SAFETY: setting an option is safe at any time, before mimalloc
        // is initialised too (it is a store into its table of options).
        unsafe { libmimalloc_sys::mi_option_set(ALLOW_THP, 0) }
    }
    no_huge_pages
};

/// Build filing-guide sites: markdown guide pages plus per-region rules
/// become a static site that works offline, from disk and on any host.
#[derive(Parser)]
#[command(name = "beian", version, propagate_version = true)]
#[command(
    after_help = "Exit status: 0 when all went well, 1 when the site has errors, 2 for usage errors or an output folder that cannot be written (or that another build is writing), 130 when stopped by Ctrl-C, SIGTERM or SIGHUP."
)]
struct Cli {
    /// The site folder: the one holding site.yaml, content/ and themes/.
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    root: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into an output folder (dist/ by default).
    ///
    /// Everything is rendered first; the output folder is replaced only when
    /// the whole site built without errors, so a failed build leaves the
    /// previous output untouched. beian never replaces a folder it did not
    /// create.
    Build {
        /// Where to write the site.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The absolute URL the site will be published at; adds canonical
        /// links and sitemap.xml. Links stay relative either way.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Report every problem in the site without writing anything: front
    /// matter, markdown, broken links, missing anchors, templates.
    ///
    /// Also warns about facts not verified for longer than rules.yaml's
    /// `stale_after_days`, and lists facts whose confidence asks for review.
    Check {
        /// Check pages marked `draft: true` too.
        #[arg(long)]
        drafts: bool,
        /// How to print problems: for people, for tools, or as GitHub
        /// Actions annotations.
        #[arg(long, value_enum, default_value = "text")]
        format: commands::report::Format,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// List the pages and rules texts each language lacks, not only
        /// how many.
        #[arg(long)]
        verbose: bool,
    },
    /// Preview the site: build it into memory, serve it, and rebuild and
    /// reload open pages whenever content, rules, themes or site.yaml
    /// change. A broken edit keeps the last good site and shows its errors
    /// over every page until it is fixed. Drafts are included.
    Serve {
        /// The port; 0 picks a free one (printed on start).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Anything but loopback shows the
        /// preview to your network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Also answer requests for this host name (repeatable); beside
        /// it, only loopback names and the bound address are served.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
    },
    /// Print a checklist, as its page shows it.
    ///
    /// The items depend on the region, the applicant type and further
    /// answers; an item that depends on a question not answered here is
    /// printed with the condition it waits for, as on the page.
    Checklist {
        /// The region's slug, the name of its file in the regions folder
        /// (needed when the site has regions).
        #[arg(long, value_name = "SLUG")]
        region: Option<String>,
        /// The applicant type: an option of the `role: applicant` question
        /// (needed when the site has one).
        #[arg(long, value_name = "TYPE")]
        applicant: Option<String>,
        /// A further answer, as QUESTION=VALUE; repeat for more.
        #[arg(long = "answer", value_name = "QUESTION=VALUE")]
        answers: Vec<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: commands::checklist::Format,
        /// One of the site's languages (default: its default language).
        #[arg(long, value_name = "TAG")]
        lang: Option<String>,
    },
    /// Make a new site: pages, rules with two regions, a checklist, a
    /// quiz and a copy of the default theme, which builds and passes
    /// `beian check` as it is. Nothing is asked: each choice has a flag.
    Init {
        /// The folder to make it in [default: --root, the current folder].
        /// It must be empty or not exist yet (hidden files such as .git do
        /// not count), unless --force is given.
        dir: Option<PathBuf>,
        /// The site's title.
        #[arg(long, default_value = "A filing guide")]
        title: String,
        /// The site's language, as a BCP 47 tag (`en`, `de`, `pt-BR`). For
        /// a language the theme has no strings for, i18n/<tag>.yaml gets a
        /// copy of its English ones to translate.
        #[arg(long, default_value = "en")]
        language: String,
        /// What a region is called, singular and plural, as ONE/OTHER
        /// (`state/states`) [default: region/regions].
        #[arg(long, value_name = "ONE/OTHER")]
        region_term: Option<String>,
        /// The same words as a heading writes them, as ONE/OTHER
        /// (`State/States`) [default: the words of --region-term as they
        /// are; Region/Regions without it].
        #[arg(long, value_name = "ONE/OTHER")]
        region_heading: Option<String>,
        /// The folder of the regions, in rules/ and content/, and so their
        /// URL [default: the plural of --region-term when it is lowercase
        /// ASCII, else `regions`].
        #[arg(long, value_name = "NAME")]
        regions_folder: Option<String>,
        /// Write into a folder that is not empty. Files already there are
        /// kept, never replaced, and listed.
        #[arg(long)]
        force: bool,
    },
    /// Show what the quiz concludes for some answers, as JSON.
    ///
    /// Without --all: the next question to ask, or, once every question
    /// that applies is answered, the outcome, fixes and checklist items.
    /// With --all: one JSON line for every way to answer the quiz.
    Quiz {
        /// An answer, as QUESTION=VALUE; repeat for more.
        #[arg(long = "answer", value_name = "QUESTION=VALUE")]
        answers: Vec<String>,
        /// Print the verdict for every way to answer the quiz.
        #[arg(long, conflicts_with = "answers")]
        all: bool,
        /// One of the site's languages (default: its default language).
        #[arg(long, value_name = "TAG")]
        lang: Option<String>,
    },
    /// Write JSON Schemas for the rules files and front matter.
    ///
    /// The YAML files in rules/ name these schemas on their first line, so
    /// an editor with a YAML plugin completes keys and flags mistakes as
    /// you type.
    Schema {
        /// Where to write them [default: rules/schemas under --root].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    beian::interrupt::install();
    // init makes its folder; schema --out writes outside any site.
    let uses_root = !matches!(
        cli.command,
        Command::Schema { out: Some(_) } | Command::Init { .. }
    );
    if uses_root && let Err(why) = commands::check_root(&cli.root) {
        eprintln!("error: {why}");
        return ExitCode::from(commands::Exit::Usage);
    }
    ExitCode::from(run(cli.command, cli.root))
}

/// The command, run in the site at `root`.
fn run(command: Command, root: PathBuf) -> commands::Exit {
    match command {
        Command::Build {
            out,
            base_url,
            drafts,
        } => {
            keep_freed_memory();
            commands::build::run(
                &root,
                commands::build::Args {
                    out,
                    base_url,
                    drafts,
                },
            )
        }
        Command::Check {
            drafts,
            format,
            deny_warnings,
            verbose,
        } => commands::check::run(
            &root,
            commands::check::Args {
                drafts,
                format,
                deny_warnings,
                verbose,
            },
        ),
        Command::Checklist {
            region,
            applicant,
            answers,
            format,
            lang,
        } => commands::checklist::run(
            &root,
            commands::checklist::Args {
                region,
                applicant,
                answers,
                format,
                lang,
            },
        ),
        Command::Serve {
            port,
            bind,
            open,
            allow_host,
        } => beian::serve::run(
            &root,
            beian::serve::Args {
                port,
                bind,
                open,
                allow_hosts: allow_host,
            },
        ),
        Command::Init { .. } => init(command, root),
        Command::Quiz { answers, all, lang } => {
            commands::quiz::run(&root, commands::quiz::Args { answers, all, lang })
        }
        Command::Schema { out } => commands::schema::run(&root, out.as_deref()),
    }
}

fn init(command: Command, root: PathBuf) -> commands::Exit {
    let Command::Init {
        dir,
        title,
        language,
        region_term,
        region_heading,
        regions_folder,
        force,
    } = command
    else {
        return commands::Exit::Usage;
    };
    commands::init::run(commands::init::Args {
        dir: dir.unwrap_or(root),
        choices: commands::init::Choices {
            title,
            language,
            region_term,
            region_heading,
            regions_folder,
            // The zone `beian check` counts in for a site without `time_zone`.
            today: beian::parse::zone::TimeZone::system().today().to_string(),
        },
        force,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }

    #[test]
    fn exit_codes_are_documented_values() {
        assert_eq!(beian::commands::Exit::Content as u8, 1);
        assert_eq!(beian::commands::Exit::Usage as u8, 2);
    }
}
