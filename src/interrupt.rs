//! Ctrl-C: the first one asks the build to stop at the next safe point
//! (never between moving the old output aside and moving the new one in);
//! a second one stops at once. Either way the previous output is intact.

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
