#!/usr/bin/env bash
# Runs every test of beian — Rust unit and whole-site tests, then the
# browser tests in headless Chromium — installing what they need on a fresh
# Debian machine (Debian's chromium, poppler-utils, a CJK font and a Java
# runtime; the npm packages
# pinned in tests/js/package-lock.json). Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# The W3C Nu HTML Checker (vnu-jar, from npm) runs on Java.
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# Printed checklists hold Chinese; without a CJK font they print as boxes.
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]} from Debian for the browser tests"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
for tool in cargo node npm python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is needed to run the tests" >&2; exit 2; }
done

step "formatting and lints"
cargo fmt --check
cargo clippy --locked --all-targets --quiet -- -D warnings

step "Rust unit and whole-site tests"
cargo test --locked

step "Pagefind's own unit tests, on beian's patched copy (vendor/pagefind/PATCH.md)"
cargo test --locked -p pagefind --lib

step "benchmark corpora: generated in both shapes, and beian check finds no problem"
python3 bench/run --check-only --sizes 100,1000 --beian target/debug/beian

step "building the bundled site for the browser tests"
site="$PWD/target/site-under-test"
cargo run --locked --quiet -- build --out "$site"

step "JavaScript and browser tests (Node, headless Chromium)"
npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
SITE_DIR="$site" CHROMIUM="$(command -v chromium)" BEIAN="$PWD/target/debug/beian" \
  node --test --test-concurrency=1 tests/js/
