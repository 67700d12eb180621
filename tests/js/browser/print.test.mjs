// Printing a province checklist: Chromium's own PDF, read back as text,
// holds the province, the applicant type, the rules version and every item
// `beian checklist` lists, and leaves the site's navigation out.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch } from './launch.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SITE = process.env.SITE_DIR;
const BEIAN = process.env.BEIAN || join(REPO, 'target/debug/beian');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function pdfText(pdf) {
  const file = join(mkdtempSync(join(tmpdir(), 'beian-print-')), 'checklist.pdf');
  writeFileSync(file, pdf);
  const pages = Number(execFileSync('pdfinfo', [file], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)[1]);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return { pages, text: text.replace(/\s+/g, ' ') };
}

for (const [province, entity] of [['shanghai', 'individual'], ['guangdong', 'organization']]) {
  test(`printing the ${province} checklist for an ${entity}`, async () => {
    const list = JSON.parse(execFileSync(BEIAN, [
      '--root', REPO, 'checklist', '--region', province, '--applicant', entity, '--format', 'json',
    ], { encoding: 'utf8' }));
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(SITE, `provinces/${province}/checklist/${entity}/index.html`)).href);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
    await page.close();
    const { pages, text } = pdfText(pdf);
    console.log(`${province}/${entity}: ${list.items.length} items on ${pages} A4 pages`);
    assert.ok(text.includes(list.region.name), 'the province is printed');
    assert.ok(text.includes(list.applicant.label), 'the applicant type is printed');
    assert.ok(text.includes(list.rules.version), 'the rules version is printed');
    // pdftotext spaces out CJK and breaks lines anywhere: compare without
    // white space.
    const flat = text.replace(/\s+/g, '');
    for (const item of list.items) {
      assert.ok(flat.includes(item.title.replace(/\s+/g, '')), `item "${item.title}" is printed`);
    }
    assert.ok(!text.includes('Skip to content'), 'no skip link in print');
    assert.ok(!text.includes('Menu'), 'no navigation in print');
    assert.ok(pages <= Math.ceil(list.items.length / 4), `${pages} pages for ${list.items.length} items`);
  });
}

test('printing a quiz result: the outcome, every item of the list, and where each is explained', async () => {
  const answers = {
    entity: 'individual', filing_for: 'website', document: 'mainland_id', province: 'shanghai', hosting: 'mainland', subscription: 'yes',
    domain: 'yes', local_id: 'yes', activities: 'none',
  };
  const page = await browser.newPage();
  await page.goto(pathToFileURL(join(SITE, 'quiz/index.html')).href + '?' + new URLSearchParams(answers));
  await page.waitForSelector('#quiz-result:not([hidden])');
  const outcome = await page.textContent('[data-outcome]:not([hidden]) h3');
  const titles = await page.$$eval('#quiz-checklist [data-item]:not([hidden]) label', (ls) => ls.map((l) => l.textContent));
  assert.ok(titles.length >= 10, `only ${titles.length} items shown`);
  // Each item's text, and what the province states on it with how sure
  // that is, are part of the result, not only the titles.
  const bodies = await page.$$eval('#quiz-checklist [data-item]:not([hidden]) .item-body',
    (bs) => bs.map((b) => b.textContent.trim().split(/\s+/).slice(0, 8).join(' ')));
  assert.equal(bodies.length, titles.length, 'every item has its text');
  const statements = await page.$$eval('#quiz-checklist [data-item]:not([hidden]) [data-facts]:not([hidden]) .item-fact-head',
    (hs) => hs.map((h) => {
      // As printed: without the words only screen readers are given.
      const c = h.cloneNode(true);
      c.querySelectorAll('.visually-hidden').forEach((v) => v.remove());
      return c.textContent.replace(/\s+/g, ' ').trim();
    }));
  assert.ok(statements.length >= 3, `only ${statements.length} statements shown`);
  assert.ok(statements.some((h) => /Confirmed|Single source/.test(h)), statements.join(' | '));

  // Nothing is wider than A4 less its margins (180 mm, at 96 px an inch).
  const width = Math.floor(180 / 25.4 * 96);
  await page.setViewportSize({ width, height: 1100 });
  await page.emulateMedia({ media: 'print' });
  const wide = await page.evaluate((w) => [...document.querySelectorAll('#quiz-result *')]
    .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().right > w + 1)
    .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}px`), width);
  assert.deepEqual(wide, [], 'elements wider than the printed page');
  assert.ok(await page.evaluate((w) => document.documentElement.scrollWidth <= w + 1, width), 'the page scrolls sideways in print');
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
  await page.close();
  const { pages, text } = pdfText(pdf);
  console.log(`quiz result: ${titles.length} items on ${pages} A4 pages`);
  const flat = text.replace(/\s+/g, '');
  assert.ok(flat.includes(outcome.replace(/\s+/g, '')), 'the outcome is printed');
  for (const t of titles) assert.ok(flat.includes(t.replace(/\s+/g, '')), `item "${t}" is printed`);
  // Letters and digits only: pdftotext may turn CJK and punctuation into
  // other code points.
  const plain = (t) => t.replace(/[^A-Za-z0-9]/g, '');
  const letters = plain(text);
  for (const b of bodies) assert.ok(letters.includes(plain(b)), `the text "${b}…" is printed`);
  for (const h of statements) assert.ok(letters.includes(plain(h)), `the statement "${h}" is printed`);
  assert.ok(text.includes('full checklist for your province'), 'the reader is told where each step is explained');
  assert.ok(!text.includes('Menu'), 'no navigation in print');
  assert.ok(!text.includes('How to do it'), 'links that paper cannot follow are left out');
  // The answers print as questions and answers, without their buttons.
  assert.ok(text.includes('Who is filing?'), 'the questions are printed');
  assert.ok(text.includes('An individual'), 'the answers are printed');
  assert.ok(!text.includes('Change'), 'buttons are left out');
});
