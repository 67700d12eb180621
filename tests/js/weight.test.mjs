// Page weight budget: no page of the built site may need more than 100 KiB
// of HTML, CSS and JavaScript before compression to show itself — its own
// HTML, the stylesheets it links (and what they @import) and the scripts it
// loads. The search index and Pagefind's scripts are not counted: the
// search page loads them only when the reader searches. The heaviest pages
// are printed on every run, so growth shows before it fails.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { htmlFiles } from './html-files.mjs';

export const BUDGET = 100 * 1024;
const SITE = process.env.SITE_DIR;

function attr(tag, name) {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
  return m ? (m[1] ?? m[2] ?? m[3]) : null;
}

// The files a page loads to show itself, by absolute path.
function loads(site, file) {
  const html = readFileSync(file, 'utf8');
  const found = new Set();
  const add = (from, href) => {
    if (!href || /^(?:[a-z]+:|\/\/|#)/i.test(href)) return;
    const path = href.startsWith('/') ? join(site, href.split(/[?#]/)[0]) : resolve(dirname(from), href.split(/[?#]/)[0]);
    if (found.has(path)) return;
    found.add(path);
    if (path.endsWith('.css')) {
      let css = '';
      try { css = readFileSync(path, 'utf8'); } catch { return; }
      for (const m of css.matchAll(/@import\s+(?:url\()?\s*["']?([^"')\s;]+)/g)) add(path, m[1]);
    }
  };
  for (const tag of html.match(/<link\b[^>]*>/gi) || []) {
    if (/\bstylesheet\b/i.test(attr(tag, 'rel') || '')) add(file, attr(tag, 'href'));
  }
  for (const tag of html.match(/<script\b[^>]*>/gi) || []) add(file, attr(tag, 'src'));
  return [...found];
}

export function weigh(site) {
  return htmlFiles(site).map((file) => {
    const parts = loads(site, file).map((p) => {
      let size = 0;
      try { size = statSync(p).size; } catch { /* a missing file is the link checker's business */ }
      return [relative(site, p), size];
    });
    const total = statSync(file).size + parts.reduce((n, [, s]) => n + s, 0);
    return { page: relative(site, file), total, html: statSync(file).size, parts };
  }).sort((a, b) => b.total - a.total);
}

function overBudget(site) {
  return weigh(site).filter((w) => w.total > BUDGET)
    .map((w) => `${w.page}: ${w.total} bytes (${w.html} HTML + ${w.parts.map(([p, s]) => `${p} ${s}`).join(' + ')})`);
}

test('the budget catches a page that is too heavy, counting what it links', () => {
  const dir = mkdtempSync(join(tmpdir(), 'beian-weight-'));
  writeFileSync(join(dir, 'big.css'), '@import "more.css";\n' + 'a{}'.repeat(10000));
  writeFileSync(join(dir, 'more.css'), 'b{}'.repeat(10000));
  writeFileSync(join(dir, 'app.js'), '//'.repeat(20000));
  writeFileSync(join(dir, 'light.html'), '<!doctype html><title>x</title><p>small');
  writeFileSync(join(dir, 'heavy.html'), '<!doctype html><link rel="stylesheet" href="big.css"><script src="app.js"></script><p>' + 'x'.repeat(30000));
  const over = overBudget(dir);
  assert.equal(over.length, 1, over.join('\n'));
  assert.match(over[0], /^heavy\.html: \d+ bytes .*big\.css 30020 \+ more\.css 30000 \+ app\.js 40000/);
});

test(`no page of the built site needs more than ${BUDGET / 1024} KiB of HTML, CSS and JavaScript`, () => {
  assert.ok(SITE, 'SITE_DIR must name a built site');
  const all = weigh(SITE);
  assert.ok(all.length >= 10, `only ${all.length} pages in ${SITE}`);
  console.log(`page weight (budget ${BUDGET} bytes), heaviest first:`);
  for (const w of all.slice(0, 8)) {
    console.log(`  ${String(w.total).padStart(7)}  ${(100 * w.total / BUDGET).toFixed(0).padStart(3)}%  ${w.page}`);
  }
  assert.deepEqual(overBudget(SITE), []);
});

test('the quiz page with the heaviest region\'s script, which it loads when that region is chosen, stays in budget', () => {
  assert.ok(SITE, 'SITE_DIR must name a built site');
  const quiz = weigh(SITE).find((w) => w.page === join('quiz', 'index.html'));
  assert.ok(quiz, 'the site has a quiz page');
  const html = readFileSync(join(SITE, 'quiz', 'index.html'), 'utf8');
  const folder = attr(html.match(/<div id="quiz-app"[^>]*>/)[0], 'data-region-scripts');
  assert.ok(folder, 'the quiz page names the folder of the regions\' scripts');
  const dir = resolve(SITE, 'quiz', folder);
  const sizes = readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => statSync(join(dir, f)).size);
  assert.equal(sizes.length, 31, 'one script per region');
  const total = quiz.total + Math.max(...sizes);
  console.log(`quiz page ${quiz.total} B + heaviest region script ${Math.max(...sizes)} B = ${total} B`);
  assert.ok(total <= BUDGET, `${total} bytes`);
  // A result also loads the checklist in full (as a region's checklist
  // page does): shown here, so that its growth is seen.
  const items = attr(html.match(/<div id="quiz-checklist"[^>]*>/)[0], 'data-items-script');
  if (items) {
    const more = statSync(resolve(SITE, 'quiz', items)).size;
    console.log(`with a result: + checklist script ${more} B = ${total + more} B`);
  }
});
