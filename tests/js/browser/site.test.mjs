// Browser tests of the built bundled site, in Debian's headless Chromium,
// opened straight from disk as an operator's readers might.
//
// SITE_DIR: the built site; CHROMIUM: the browser binary.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './launch.mjs';
import { htmlFiles } from '../html-files.mjs';
import { serveSite } from './static-server.mjs';

const SITE = process.env.SITE_DIR;
assert.ok(SITE, 'SITE_DIR must name a built site');
const SITE_URL = pathToFileURL(SITE).href + '/';

const pages = htmlFiles(SITE).sort();
// 404.html is shown by a server at whatever address was not found, so its
// links start from the host's root: it is loaded through a server below,
// not from disk.
const NOT_FOUND = join(SITE, '404.html');
const diskPages = pages.filter((p) => p !== NOT_FOUND);
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the built site has pages to test', () => {
  assert.ok(pages.length >= 10, `only ${pages.length} pages in ${SITE}`);
});

// Loads one page of the site at `siteUrl` and lists what is wrong with it:
// a request that leaves the site, a failed load, a console or script error,
// a broken image.
async function loadProblems(context, url, siteUrl, name) {
  const problems = [];
  const page = await context.newPage();
  page.on('request', (r) => {
    if (!r.url().startsWith(siteUrl)) problems.push(`${name}: request outside the site: ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`${name}: failed to load ${r.url()}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${name}: console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${name}: script error: ${e.message}`));
  await page.goto(url);
  const brokenImages = await page.$$eval('img', (imgs) =>
    imgs.filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src));
  for (const src of brokenImages) problems.push(`${name}: broken image ${src}`);
  await page.close();
  return problems;
}

test('the load gate catches a request outside the site, a console error and a broken image', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'beian-gate-'));
  writeFileSync(join(dir, 'bad.html'), '<!doctype html><html lang="en"><head><title>bad</title>' +
    '<link rel="stylesheet" href="https://cdn.example.com/x.css"></head><body>' +
    '<img src="missing.png" alt="gone"><script>console.error("broken")</script></body></html>');
  const context = await browser.newContext();
  const problems = await loadProblems(context, pathToFileURL(join(dir, 'bad.html')).href, pathToFileURL(dir).href + '/', 'bad.html');
  await context.close();
  for (const want of ['request outside the site: https://cdn.example.com/x.css', 'console error: broken', 'broken image']) {
    assert.ok(problems.some((p) => p.includes(want)), `${want} not in ${problems.join('\n')}`);
  }
});

test('every page loads with no request outside the site and no console error', async () => {
  const context = await browser.newContext();
  const problems = [];
  for (const file of diskPages) {
    problems.push(...await loadProblems(context, pathToFileURL(file).href, SITE_URL, relative(SITE, file)));
  }
  await context.close();
  assert.deepEqual(problems, []);
});

test('the 404 page, shown deep in the site by a server, is styled and leads home', async () => {
  const server = await serveSite(SITE);
  try {
    const missing = `${server.url}provinces/no-such-province/deeper/`;
    const context = await browser.newContext();
    // The page's own status is 404, and the browser logs that; nothing
    // else may fail.
    const problems = (await loadProblems(context, missing, server.url, '404.html'))
      .filter((p) => !p.endsWith('console error: Failed to load resource: the server responded with a status of 404 (Not Found)'));
    assert.deepEqual(problems, []);
    const page = await context.newPage();
    const failed = [];
    page.on('response', (r) => { if (r.status() >= 400 && r.url() !== missing) failed.push(r.url()); });
    const response = await page.goto(missing);
    assert.equal(response.status(), 404);
    assert.deepEqual(failed, [], 'everything the 404 page loads is found');
    const styled = await page.evaluate(() => document.styleSheets.length > 0
      && getComputedStyle(document.body).fontFamily !== getComputedStyle(document.createElement('body')).fontFamily);
    assert.ok(styled, 'the 404 page loads its stylesheet');
    await page.click('text=Go to the home page');
    assert.equal(new URL(page.url()).pathname, '/index.html');
    assert.notEqual(await page.title(), '');
    assert.ok(!(await page.title()).startsWith('Page not found'), await page.title());
    await context.close();
  } finally {
    await server.close();
  }
});

test('a checklist keeps its ticks in this browser, page by page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const boxes = '[data-ticks] [data-item] input[type=checkbox]';
  await page.goto(SITE_URL + 'provinces/shanghai/checklist/individual/index.html');
  const all = await page.$$(boxes);
  assert.ok(all.length >= 3, `${all.length} boxes`);
  await all[0].check();
  await all[2].check();
  await all[2].uncheck();
  await page.reload();
  const after = await page.$$eval(boxes, (bs) => bs.map((b) => b.checked));
  assert.deepEqual(after.slice(0, 3), [true, false, false]);
  assert.equal(after.filter(Boolean).length, 1);
  // Another checklist keeps its own.
  await page.goto(SITE_URL + 'provinces/shanghai/checklist/organization/index.html');
  assert.deepEqual((await page.$$eval(boxes, (bs) => bs.filter((b) => b.checked))).length, 0);
  await context.close();
});

test('pages are readable on a phone: nothing scrolls sideways but tables and code', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const problems = [];
  for (const file of diskPages) {
    await page.goto(pathToFileURL(file).href);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) problems.push(`${relative(SITE, file)}: page is ${overflow}px wider than the screen`);
  }
  await context.close();
  assert.deepEqual(problems, []);
});

test('keyboard: the first Tab reaches a visible skip link that leads to the main content', async () => {
  const page = await browser.newPage();
  await page.goto(SITE_URL + 'guide/steps/index.html');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    const style = getComputedStyle(a);
    return {
      tag: a.tagName,
      href: a.getAttribute('href'),
      visible: r.width > 0 && r.height > 0 && r.top >= 0 && style.visibility !== 'hidden',
      outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
  });
  assert.equal(focused.tag, 'A');
  assert.match(focused.href, /^#/);
  assert.ok(focused.visible, 'the skip link must be visible when focused');
  assert.ok(focused.outline, 'focus must be visibly outlined');
  const target = await page.$(focused.href);
  assert.ok(target, `skip link target ${focused.href} exists`);
  await page.keyboard.press('Enter');
  assert.ok(page.url().endsWith(focused.href));
  await page.close();
});

test('print: navigation is dropped and the page prints to A4 PDF', async () => {
  const page = await browser.newPage();
  await page.goto(SITE_URL + 'guide/steps/index.html');
  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() => {
    const visible = (el) => el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
    const navs = [...document.querySelectorAll('nav')].filter((n) => !n.closest('main') || n.matches('[aria-label="Pages"]'));
    return {
      nav: navs.filter(visible).map((n) => n.getAttribute('aria-label') || n.className),
      skip: visible(document.querySelector('a[href="#main"]')),
      h1: visible(document.querySelector('main h1')),
    };
  });
  assert.deepEqual(shown.nav, [], 'site navigation is hidden in print');
  assert.equal(shown.skip, false);
  assert.equal(shown.h1, true);
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.ok(pdf.length > 10_000, 'the PDF has content');
  await page.close();
});
