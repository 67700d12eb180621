//! Crash points, for tests only: `BEIAN_CRASH_AT=<step>` makes a debug
//! build stop dead at that step, as a power cut or `kill -9` would, so a
//! test can prove that the next build recognises and repairs whatever was
//! left. Release builds have no such points.

/// Stops the process at once when the environment names `step`.
#[cfg(debug_assertions)]
pub fn point(step: &str) {
    if std::env::var_os("BEIAN_CRASH_AT").is_some_and(|v| v == step) {
        // No destructor runs and nothing is tidied: a real crash.
        std::process::abort();
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn point(_step: &str) {}
