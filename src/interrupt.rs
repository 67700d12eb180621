//! Ctrl-C, SIGTERM and SIGHUP (a closed terminal, a stopped service): the
//! first asks the build to stop at the next safe point (never between
//! moving the old output aside and moving the new one in); a second stops
//! at once, and the next build repairs whatever that left (see
//! [`crate::write`]). Either way the previous output is kept.

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Installs the handler; a failure to install leaves the default (the
/// process ends at once, which still never touches the previous output).
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
}

pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}
