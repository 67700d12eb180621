// The quiz page in headless Chromium, driven as a reader would: answers by
// keyboard and mouse, the verdict checked against `beian quiz` and the
// checklist against `beian checklist --format json`, the state in the
// address surviving a reload, the back button, and axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch } from './launch.mjs';
import { serveSite } from './static-server.mjs';
import { axeViolations } from './axe.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SITE = process.env.SITE_DIR;
const BEIAN = process.env.BEIAN || join(REPO, 'target/debug/beian');
const QUIZ = pathToFileURL(join(SITE, 'quiz/index.html')).href;

function beian(...args) {
  return JSON.parse(execFileSync(BEIAN, ['--root', REPO, ...args], { encoding: 'utf8' }));
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Answers every question the quiz asks, in order, from `answers` (question
// id -> value); returns the ids asked.
async function answer(page, answers) {
  const asked = [];
  for (;;) {
    const fieldset = await page.$('fieldset[data-question]:not([hidden])');
    if (!fieldset) return asked;
    const id = await fieldset.getAttribute('data-question');
    assert.ok(id in answers, `the quiz asked ${id}, which this path does not answer`);
    asked.push(id);
    const select = await fieldset.$('select');
    if (select) await select.selectOption(answers[id]);
    else await page.check(`#q-${id}-${answers[id]}`);
    await page.click('#quiz-form button[type=submit]');
    // A region's facts load when it is chosen: the page is busy until then.
    await page.waitForSelector('#quiz-app:not([aria-busy])');
    // Focus moves to the next question or to the result.
    const focused = await page.evaluate(() => document.activeElement.closest('fieldset, #quiz-result')?.id);
    const next = await page.$('fieldset[data-question]:not([hidden])');
    assert.equal(focused, next ? await next.getAttribute('id') : 'quiz-result', `focus after ${id}`);
  }
}

async function shownOutcome(page) {
  return page.$$eval('#quiz-result:not([hidden]) [data-outcome]:not([hidden])', (els) => els.map((e) => e.getAttribute('data-outcome')));
}

async function shownItems(page) {
  return page.$$eval('#quiz-result:not([hidden]) #quiz-checklist:not([hidden]) [data-item]:not([hidden])', (els) =>
    els.map((e) => e.getAttribute('data-item')));
}

async function shownFixes(page) {
  return page.$$eval('#quiz-result:not([hidden]) [data-outcome]:not([hidden]) [data-fix]:not([hidden])', (els) =>
    els.map((e) => e.getAttribute('data-fix')));
}

const PATHS = {
  'an individual in Shanghai': {
    entity: 'individual', filing_for: 'website', document: 'mainland_id', province: 'shanghai', hosting: 'mainland', subscription: 'yes',
    domain: 'yes', local_id: 'yes', activities: 'none',
  },
  'an organization in Guangdong': {
    entity: 'organization', registered: 'mainland', filing_for: 'website', document: 'mainland_id', province: 'guangdong', hosting: 'mainland', subscription: 'yes',
    domain: 'yes', activities: 'paid',
  },
  'a filer whose server is outside the mainland': {
    entity: 'individual', filing_for: 'website', document: 'foreign_passport', province: 'beijing', hosting: 'outside',
  },
  'a filer without a real-name-verified domain': {
    entity: 'organization', registered: 'mainland', filing_for: 'website', document: 'mainland_id', province: 'zhejiang', hosting: 'mainland', subscription: 'yes',
    domain: 'no', activities: 'none',
  },
};

for (const [who, answers] of Object.entries(PATHS)) {
  test(`quiz path: ${who}`, async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(QUIZ);
    const asked = await answer(page, answers);
    const args = asked.flatMap((q) => ['--answer', `${q}=${answers[q]}`]);
    const verdict = beian('quiz', ...args);
    assert.equal(verdict.next, null, 'beian agrees the quiz is finished');
    assert.deepEqual(await shownOutcome(page), [verdict.outcome]);
    assert.deepEqual(await shownFixes(page), verdict.fixes);
    assert.deepEqual(await shownItems(page), verdict.items);

    // The same items as the province's checklist for these answers.
    if (verdict.items.length > 0) {
      const rest = asked.filter((q) => q !== 'entity' && q !== 'province').flatMap((q) => ['--answer', `${q}=${answers[q]}`]);
      const list = beian('checklist', '--region', answers.province, '--applicant', answers.entity, '--format', 'json', ...rest);
      assert.deepEqual(verdict.items, list.items.map((i) => i.id));
      assert.ok(list.items.every((i) => i.only_if === null), 'a finished quiz leaves nothing conditional');

      // An item shows what the province states on it, each statement with
      // its confidence: those the checklist states, and no others.
      const named = await page.$$eval('#quiz-checklist [data-item]:not([hidden])', (lis) => lis.map((li) => {
        const box = li.querySelector('[data-facts]');
        const facts = box && !box.hidden ? [...box.querySelectorAll('.item-fact')] : [];
        return [li.getAttribute('data-item'), facts.map((f) => f.querySelector('.item-fact-head').textContent.replace(/\s+/g, ' '))];
      }));
      for (const [id, heads] of named) {
        const item = list.items.find((i) => i.id === id);
        assert.equal(heads.length, item.facts.length, `statements shown on ${id}`);
        item.facts.forEach((f, n) => {
          assert.ok(heads[n].includes(f.label), `${f.label} on ${id}: ${heads[n]}`);
          assert.ok(heads[n].includes(f.confidence), `${f.label} says how sure it is: ${heads[n]}`);
        });
      }

      // Each item links to its explanation on the checklist for this
      // province and applicant type, and that explanation is there.
      const links = await page.$$eval('#quiz-checklist [data-item]:not([hidden]) .item-more:not([hidden]) a',
        (as) => as.map((a) => a.href));
      assert.equal(links.length, verdict.items.length);
      const own = `provinces/${answers.province}/checklist/${answers.entity}/index.html`;
      const target = readFileSync(join(SITE, own), 'utf8');
      links.forEach((href, n) => {
        const url = new URL(href);
        assert.ok(url.pathname.endsWith('/' + own), `${href} leads to ${own}`);
        assert.equal(url.hash, `#item-${verdict.items[n]}`);
        assert.ok(target.includes(`id="item-${verdict.items[n]}"`), `${own} explains ${verdict.items[n]}`);
      });
    }

    // The state is in the address: a reload shows the same result.
    const url = new URL(page.url());
    for (const q of asked) assert.equal(url.searchParams.get(q), answers[q], `${q} in ${url}`);
    await page.reload();
    assert.deepEqual(await shownOutcome(page), [verdict.outcome]);
    assert.deepEqual(await shownItems(page), verdict.items);

    // Back goes to the last question, with nothing shown as a result,
    // and the answer the reader gave still chosen.
    await page.goBack();
    await page.waitForSelector('#quiz-result', { state: 'hidden' });
    const last = asked[asked.length - 1];
    assert.equal(await page.getAttribute('fieldset[data-question]:not([hidden])', 'data-question'), last);
    assert.deepEqual(await shownOutcome(page), []);
    const kept = await page.$eval(`#q-${last}`, (fs) => (fs.querySelector('select') || fs.querySelector('input:checked') || {}).value);
    assert.equal(kept, answers[last], `Back keeps the answer to ${last}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('a missing answer gets an error summary that leads to the question', async () => {
  const page = await browser.newPage();
  await page.goto(QUIZ);
  await page.click('#quiz-form button[type=submit]');
  assert.equal(await page.isVisible('#quiz-errors'), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'quiz-errors');
  assert.match(await page.textContent('#quiz-errors'), /Who is filing/);
  await page.click('#quiz-errors a');
  assert.equal(await page.evaluate(() => document.activeElement.closest('fieldset')?.getAttribute('data-question')), 'entity');
  await page.close();
});

test('keyboard alone: arrow keys choose, Enter goes on', async () => {
  const page = await browser.newPage();
  await page.goto(QUIZ);
  await page.focus('#q-entity-individual');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.isChecked('#q-entity-organization'), true);
  await page.keyboard.press('Enter');
  // An organization is asked where it is registered, what it files, then
  // its legal representative's document: Space chooses the focused option.
  for (const [q, first] of [['registered', 'mainland'], ['filing_for', 'website'], ['document', 'mainland_id']]) {
    assert.equal(await page.getAttribute('fieldset[data-question]:not([hidden])', 'data-question'), q);
    await page.focus(`#q-${q}-${first}`);
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
  }
  assert.equal(await page.getAttribute('fieldset[data-question]:not([hidden])', 'data-question'), 'province');
  // Focus is on the new question; Tab goes through its help links to the list.
  assert.equal(await page.evaluate(() => document.activeElement.closest('fieldset')?.getAttribute('data-question')), 'province');
  let tag = '';
  for (let n = 0; n < 5 && tag !== 'SELECT'; n++) {
    await page.keyboard.press('Tab');
    tag = await page.evaluate(() => document.activeElement.tagName);
  }
  assert.equal(tag, 'SELECT');
  await page.keyboard.press('ArrowDown');
  assert.notEqual(await page.inputValue('#q-province-select'), '');
  // Past the field that takes a city's name instead, to Next.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q-province-other');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('type')), 'submit');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#quiz-app:not([aria-busy])');
  assert.equal(await page.getAttribute('fieldset[data-question]:not([hidden])', 'data-question'), 'hosting');
  await page.close();
});

test('"Change" goes back to a question and keeps later answers on offer', async () => {
  const page = await browser.newPage();
  await page.goto(`${QUIZ}?entity=individual&filing_for=website&document=mainland_id&province=shanghai&hosting=outside`);
  assert.equal((await shownOutcome(page)).length, 1);
  await page.click('#quiz-answer-list dd:nth-of-type(1) button');
  assert.equal(await page.getAttribute('fieldset[data-question]:not([hidden])', 'data-question'), 'entity');
  assert.equal(await page.isChecked('#q-entity-individual'), true, 'the old answer is preselected');
  await page.close();
});

test('the quiz and a result have no axe-core violations', async () => {
  const page = await browser.newPage();
  await page.goto(QUIZ);
  assert.deepEqual(await axeViolations(page), [], 'the first question');
  const q = new URLSearchParams(PATHS['an individual in Shanghai']).toString();
  await page.goto(`${QUIZ}?${q}`);
  assert.equal((await shownOutcome(page)).length, 1);
  assert.deepEqual(await axeViolations(page), [], 'a result');
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.deepEqual(await axeViolations(page), [], 'a result, dark');
  await page.close();
});

test('without JavaScript the page links every province checklist', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(QUIZ);
  assert.equal(await page.isVisible('#quiz-form'), false);
  const links = await page.$$eval('#quiz-regions a[href$="checklist/index.html"]', (as) => as.length);
  assert.equal(links, 31);
  await context.close();
});

test('a province\'s rules load when it is chosen, and a failure to load says so', async () => {
  const page = await browser.newPage();
  const loaded = [];
  page.on('request', (r) => { if (r.url().includes('/quiz/regions/')) loaded.push(r.url().replace(/.*\//, '')); });
  await page.goto(QUIZ);
  const answers = { entity: 'individual', filing_for: 'website', document: 'mainland_id', province: 'hebei' };
  await answer(page, { ...answers, hosting: 'outside' });
  assert.deepEqual(loaded, ['hebei.js'], 'only the chosen province\'s script is loaded');
  await page.close();

  // Served from a sub-path, with the province's script unreachable.
  const server = await serveSite(SITE);
  try {
    const broken = await browser.newPage();
    await broken.route('**/quiz/regions/**', (r) => r.abort());
    await broken.goto(server.url + 'quiz/');
    for (const [q, v] of [['entity', 'individual'], ['filing_for', 'website'], ['document', 'mainland_id']]) {
      await broken.check(`#q-${q}-${v}`);
      await broken.click('#quiz-form button[type=submit]');
    }
    await broken.selectOption('#q-province-select', 'hebei');
    await broken.click('#quiz-form button[type=submit]');
    await broken.waitForSelector('#quiz-load-error:not([hidden])');
    assert.match(await broken.textContent('#quiz-load-error'), /rules for Hebei could not be loaded/);
    assert.equal(await broken.evaluate(() => document.activeElement.id), 'quiz-load-error');
    assert.equal(await broken.getAttribute('fieldset[data-question]:not([hidden])', 'data-question'), 'province',
      'the reader stays on the question');
    await broken.close();
  } finally {
    await server.close();
  }
});
