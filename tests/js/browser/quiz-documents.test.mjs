// The quiz for readers whose identity document is not a mainland ID card,
// in headless Chromium, driven by the labels a reader sees: each keeps the
// province they chose and gets that province's rules for their document,
// and the page agrees with `beian quiz` on the verdict.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch } from './launch.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SITE = process.env.SITE_DIR;
const BEIAN = process.env.BEIAN || join(REPO, 'target/debug/beian');
const QUIZ = pathToFileURL(join(SITE, 'quiz/index.html')).href;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The rest of a mainland filing with everything in order.
const READY = [
  'On a server in mainland China', 'Yes', 'Yes', 'None of these: free information only',
];

// Answers each question the quiz shows with the next of `labels`, as a
// reader would: by clicking the option's label, or choosing it in the list.
async function answerByLabel(page, labels) {
  const asked = {};
  for (const label of labels) {
    const fieldset = page.locator('fieldset[data-question]:not([hidden])');
    const id = await fieldset.getAttribute('data-question');
    const select = fieldset.locator('select');
    if (await select.count()) await select.selectOption({ label });
    else for (const one of [label].flat()) await fieldset.getByLabel(one, { exact: true }).check();
    // Several labels answer a question that takes several.
    asked[id] = await page.evaluate((q) => {
      const fs = document.querySelector(`[data-question="${q}"]`);
      const select = fs.querySelector('select');
      return select ? select.value : [...fs.querySelectorAll('input:checked')].map((i) => i.value).join(',');
    }, id);
    await page.click('#quiz-form button[type=submit]');
    // A region's facts load when it is chosen: the page is busy until then.
    await page.waitForSelector('#quiz-app:not([aria-busy])');
  }
  assert.equal(await page.isVisible('#quiz-result'), true, 'the quiz is finished');
  return asked;
}

function verdict(asked) {
  const args = Object.entries(asked).flatMap(([q, v]) => ['--answer', `${q}=${v}`]);
  return JSON.parse(execFileSync(BEIAN, ['--root', REPO, 'quiz', ...args], { encoding: 'utf8' }));
}

async function result(page) {
  return page.evaluate(() => {
    const shown = (el) => !el.closest('[hidden]');
    const outcome = [...document.querySelectorAll('[data-outcome]')].find(shown);
    const items = [...document.querySelectorAll('#quiz-checklist [data-item]')].filter(shown);
    return {
      outcome: outcome.getAttribute('data-outcome'),
      title: outcome.querySelector('h3').textContent,
      message: outcome.textContent.replace(/\s+/g, ' '),
      items: items.map((li) => li.getAttribute('data-item')),
      // Each item's title and the province rules it names.
      named: Object.fromEntries(items.map((li) => {
        const line = li.querySelector('[data-facts]');
        return [li.querySelector('label').textContent, line && !line.hidden ? line.textContent : ''];
      })),
      answers: [...document.querySelectorAll('#quiz-answer-list dd > span')].map((s) => s.textContent),
      regionLinks: document.getElementById('quiz-region-links').textContent,
    };
  });
}

async function run(labels) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(QUIZ);
  const asked = await answerByLabel(page, labels);
  const shown = await result(page);
  const want = verdict(asked);
  assert.equal(want.next, null, 'beian agrees the quiz is finished');
  assert.equal(shown.outcome, want.outcome);
  assert.deepEqual(shown.items, want.items);
  assert.deepEqual(errors, []);
  await page.close();
  return { asked, shown };
}

test('a foreigner living in Shanghai keeps Shanghai and gets its rules for foreigners', async () => {
  const { asked, shown } = await run(['An individual', 'A website', 'Foreign passport', 'Shanghai', ...READY]);
  assert.equal(asked.province, 'shanghai');
  assert.ok(shown.answers.includes('Shanghai'), 'the answers keep Shanghai');
  assert.match(shown.regionLinks, /Shanghai/, 'the result links Shanghai\'s page and checklist');
  assert.equal(shown.title, 'Ask your provider whether you can file as an individual');
  const line = shown.named['Check that the province accepts you with a passport'];
  assert.match(line, /Residence permit for non-local individuals/i, 'Shanghai\'s residence-permit rule for foreigners');
});

test('a company in Shanghai with a foreign legal representative sees the passport rule', async () => {
  const { shown } = await run(['A company or other organization', 'In mainland China', 'A website', 'Foreign passport', 'Shanghai', ...READY]);
  assert.equal(shown.title, 'You can file now');
  const line = shown.named["Have the legal representative's passport ready"];
  assert.match(line, /Foreign legal representative files with a passport/i);
  assert.ok(!shown.items.includes('foreign-rep-ask'), 'no "ask" where the rule is known');
});

test('a Hong Kong permit holder in Guangdong files there with the residence permit', async () => {
  const { shown } = await run([
    'An individual', 'A website', 'Hong Kong, Macau or Taiwan residence permit, or Mainland Travel Permit', 'Guangdong', ...READY,
  ]);
  assert.ok(shown.answers.includes('Guangdong'));
  assert.equal(shown.title, 'You can file now');
  const line = shown.named['File with your residence permit or Mainland Travel Permit'];
  assert.match(line, /Documents for residents of Hong Kong, Macau and Taiwan/i);
  assert.ok(!shown.items.includes('local-id-only'), 'Guangdong does not ask for a local ID card');
});

test('a company in Shandong whose legal representative is foreign authorises a mainland person', async () => {
  const { shown } = await run(['A company or other organization', 'In mainland China', 'A website', 'Foreign passport', 'Shandong', ...READY]);
  assert.ok(shown.answers.includes('Shandong'));
  const line = shown.named['Authorize a mainland ID holder for a non-mainland legal representative'];
  assert.match(line, /must authorise a mainland resident/i);
  // With a mainland ID card, the same company needs no such letter.
  const { shown: local } = await run(['A company or other organization', 'In mainland China', 'A website', 'Mainland resident ID card (居民身份证)', 'Shandong', ...READY]);
  assert.ok(!local.items.includes('foreign-legal-rep'));
});

test('a foreigner filing as an individual in Hebei is told it is refused, and how sure that is', async () => {
  const { shown } = await run(['An individual', 'A website', 'Foreign passport', 'Hebei', ...READY]);
  assert.ok(shown.answers.includes('Hebei'));
  assert.equal(shown.outcome, 'foreign-individual-refused');
  assert.match(shown.message, /single source/, 'the result says how sure the rule is');
  const line = shown.named['Check that the province accepts you with a passport'];
  assert.match(line, /Foreigners cannot file as individuals/i);
});

test('an organization registered only outside the mainland is told its routes, without a province', async () => {
  const page = await browser.newPage();
  await page.goto(QUIZ);
  await answerByLabel(page, ['A company or other organization', 'Only outside mainland China']);
  const shown = await result(page);
  assert.equal(shown.outcome, 'cannot-foreign-organization');
  assert.match(shown.message, /Representative Office/);
  assert.equal(await page.isVisible('#quiz-checklist'), false, 'no province checklist');
  await page.close();
});
