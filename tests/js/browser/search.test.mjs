// Search on the built bundled site, in headless Chromium, served over HTTP
// as a host would serve it. Each search is typed as a reader would; the
// pages it must find are worked out from the built pages themselves (the
// text of each indexed page's <main>, less what the theme marks to leave
// out), so the test follows the content rather than a list kept by hand.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './launch.mjs';
import { serveSite } from './static-server.mjs';
import { axeViolations } from './axe.mjs';
import { htmlFiles } from '../html-files.mjs';

const SITE = process.env.SITE_DIR;
assert.ok(SITE, 'SITE_DIR must name a built site');

// Site paths (`guide/steps/index.html`) of the pages the theme marked for the index.
// The English search page searches the English pages: the Chinese ones,
// under zh-cn/, have an index of their own (tests/js/search-languages.test.mjs).
const INDEXED = htmlFiles(SITE)
  .filter((f) => /<main[^>]*data-pagefind-body/.test(readFileSync(f, 'utf8')))
  .filter((f) => !relative(SITE, f).split('\\').join('/').startsWith('zh-cn/'))
  .map((f) => relative(SITE, f).split('\\').join('/'))
  .sort();

let browser;
let site;
let texts; // site path -> indexed text

before(async () => {
  browser = await launch();
  site = await serveSite(SITE);
  const page = await browser.newPage();
  texts = new Map();
  for (const path of INDEXED) {
    await page.goto(pathToFileURL(join(SITE, path)).href);
    texts.set(path, await page.evaluate(() => {
      const main = document.querySelector('main').cloneNode(true);
      main.querySelectorAll('[data-pagefind-ignore]').forEach((e) => e.remove());
      return main.textContent.replace(/\s+/g, ' ');
    }));
  }
  await page.close();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

// Opens a fresh page that records every request and error.
async function open(path, { javaScriptEnabled = true, viewport } = {}) {
  const context = await browser.newContext({ javaScriptEnabled, viewport });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('request', (r) => {
    requests.push(r.url());
    if (!r.url().startsWith(site.url)) problems.push(`request outside the site: ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`failed to load ${r.url()}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  await page.goto(site.url + path);
  return { page, context, problems, requests };
}

// Waits for the search to finish; returns the status line.
async function settled(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('search-status').textContent;
    return s && !s.startsWith('Searching');
  }, null, { timeout: 20000 });
  return page.textContent('#search-status');
}

// Every result, clicking "Show more" until there is no more.
async function allResults(page) {
  for (;;) {
    const more = await page.$('#search-more:not([hidden])');
    if (!more) break;
    const before = await page.$$eval('.search-result', (r) => r.length);
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('.search-result').length > n, before);
  }
  return page.$$eval('.search-result h2 a', (as) => as.map((a) => new URL(a.href).pathname.replace(/^\//, '')));
}

async function search(query, groups) {
  const s = await open('search/index.html');
  await s.page.fill('#search-q', query);
  if (groups) {
    for (const box of await s.page.$$('input[name="group"]')) {
      if (groups.includes(await box.getAttribute('value')) !== await box.isChecked()) await box.click();
    }
  }
  await s.page.press('#search-q', 'Enter');
  s.status = await settled(s.page);
  s.found = await allResults(s.page);
  return s;
}

test('the site has pages of each group in its index', () => {
  const groups = new Set(INDEXED.map((p) => readFileSync(join(SITE, p), 'utf8').match(/data-pagefind-filter="group:(\w+)"/)?.[1]));
  assert.deepEqual([...groups].sort(), ['checklist', 'guide', 'region']);
  assert.ok(INDEXED.length >= 50, `only ${INDEXED.length} pages are indexed`);
});

for (const term of ['居住证', '核验单']) {
  test(`searching ${term} finds exactly the pages that use it`, async () => {
    const expected = INDEXED.filter((p) => texts.get(p).includes(term));
    assert.ok(expected.length >= 3, `the content uses ${term} on only ${expected.length} pages`);
    const { found, status, problems, context } = await search(term);
    assert.deepEqual([...found].sort(), expected, status);
    assert.match(status, new RegExp(`^${expected.length} pages match “${term}”`));
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('"residence permit" finds every page with the phrase, and only pages with both words', async () => {
  const { found, page, problems, context } = await search('residence permit');
  const withPhrase = INDEXED.filter((p) => /residence permit/i.test(texts.get(p)));
  assert.ok(withPhrase.length >= 3);
  for (const p of withPhrase) assert.ok(found.includes(p), `${p} uses "residence permit" but was not found`);
  for (const p of found) {
    assert.ok(/residen/i.test(texts.get(p)) && /permit/i.test(texts.get(p)), `${p} was found without both words`);
  }
  // Excerpts mark what matched, and results link to real pages.
  assert.ok(await page.$('.search-result .search-excerpt mark'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a Chinese excerpt reads as written, without the index\'s spaces between words', async () => {
  const { page, context } = await search('核验单');
  const excerpts = await page.$$eval('.search-excerpt', (ps) => ps.map((p) => p.textContent));
  assert.ok(excerpts.some((e) => e.includes('核验单')), excerpts.join('\n'));
  assert.ok(!excerpts.some((e) => /核验 单/.test(e)), excerpts.join('\n'));
  await context.close();
});

test('result titles read as written, without the index\'s spaces between Chinese words', async () => {
  const { page, context } = await search('广东', ['province']);
  const titles = await page.$$eval('.search-result h2 a', (as) => as.map((a) => a.textContent));
  assert.ok(titles.some((t) => t.includes('广东省')), titles.join('\n'));
  assert.ok(!titles.some((t) => /[\u4E00-\u9FFF] [\u4E00-\u9FFF]/.test(t)), titles.join('\n'));
  await context.close();
});

test('the groups filter the results', async () => {
  const { found, status, page, context } = await search('核验单', ['checklist']);
  assert.ok(found.length > 0, status);
  assert.ok(found.every((p) => /^provinces\/[^/]+\/checklist\/[^/]+\/index\.html$/.test(p)), found.join(' '));
  const labels = await page.$$eval('.search-result-group', (ps) => [...new Set(ps.map((p) => p.textContent))]);
  assert.deepEqual(labels, ['Checklists']);
  // Each checklist is told apart by its province and applicant type.
  const titles = await page.$$eval('.search-result h2 a', (as) => as.map((a) => a.textContent));
  assert.equal(new Set(titles).size, titles.length, titles.join('\n'));
  assert.ok(titles.every((t) => /^Checklist for .+: .+/.test(t)), titles.join('\n'));
  assert.match(status, /in checklists\.$/);
  // The address keeps the search, so reloading shows it again.
  await page.reload();
  assert.equal(await page.inputValue('#search-q'), '核验单');
  assert.equal(await page.isChecked('#search-group-guide'), false);
  assert.equal(await settled(page), status);
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`the results pass axe-core (${colorScheme})`, async () => {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(site.url + 'search/index.html?q=' + encodeURIComponent('核验单'));
    await settled(page);
    assert.ok((await page.$$('.search-result')).length > 0);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
}

test('a search that matches nothing says so', async () => {
  const { found, status, context } = await search('zzqxv');
  assert.deepEqual(found, []);
  assert.match(status, /^Nothing matches “zzqxv”/);
  await context.close();
});

test('the search box on any page takes the reader, by keyboard, to the results', async () => {
  const { page, problems, context } = await open('guide/steps/index.html', { viewport: { width: 360, height: 740 } });
  // Skip link, home link, then the search box.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search-q');
  assert.ok(await page.isVisible('#site-search-q'));
  await page.keyboard.type('verification form');
  await page.keyboard.press('Enter');
  await page.waitForURL(/search\/index\.html\?q=verification/);
  const status = await settled(page);
  assert.match(status, /pages? match “verification form”/);
  assert.ok((await page.$$('.search-result')).length > 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('pages load nothing of search until the reader searches', async () => {
  const guide = await open('guide/steps/index.html');
  await guide.page.waitForLoadState('networkidle');
  assert.deepEqual(guide.requests.filter((u) => /pagefind|search\.(js|css)/.test(u)), []);
  await guide.context.close();
  const empty = await open('search/index.html');
  await empty.page.waitForLoadState('networkidle');
  assert.deepEqual(empty.requests.filter((u) => u.includes('/pagefind/')), []);
  await empty.context.close();
});

test('without JavaScript the search box is hidden and the search page says why', async () => {
  const guide = await open('guide/steps/index.html', { javaScriptEnabled: false });
  assert.equal(await guide.page.isVisible('.site-search'), false);
  await guide.context.close();
  const s = await open('search/index.html', { javaScriptEnabled: false });
  assert.equal(await s.page.isVisible('#search-app'), false);
  assert.ok(await s.page.isVisible('.search-note'));
  await s.context.close();
});

test('opened from a file, the search page explains that search needs the site served', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(SITE, 'search/index.html')).href + '?q=ICP');
  assert.match(await settled(page), /served over HTTP/);
  await context.close();
});

test('when the index cannot be loaded, the search page says so', async () => {
  const copy = join(mkdtempSync(join(tmpdir(), 'beian-noindex-')), 'site');
  cpSync(SITE, copy, { recursive: true });
  rmSync(join(copy, 'pagefind'), { recursive: true });
  const served = await serveSite(copy);
  try {
    const page = await browser.newPage();
    await page.goto(served.url + 'search/index.html?q=ICP');
    assert.match(await settled(page), /^Search is not available: the search index could not be loaded/);
    assert.deepEqual(await page.$$('.search-result'), []);
    await page.close();
  } finally {
    await served.close();
  }
});
