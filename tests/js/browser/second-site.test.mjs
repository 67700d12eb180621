// The quiz of the second site (tests/fixtures/second-site: food businesses
// in the German Länder, with the real default theme), driven by its visible
// labels as a reader would answer it, a number answer included. What it
// shows must be what `beian quiz` concludes for the same answers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch } from './launch.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BEIAN = process.env.BEIAN || join(REPO, 'target/debug/beian');

let site;
let browser;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'beian-second-site-'));
  site = join(dir, 'site');
  cpSync(join(REPO, 'tests/fixtures/second-site'), site, { recursive: true });
  cpSync(join(REPO, 'themes/default'), join(site, 'themes/default'), { recursive: true });
  execFileSync(BEIAN, ['--root', site, 'build'], { stdio: 'pipe' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (site) rmSync(dirname(site), { recursive: true, force: true });
});

function beian(...args) {
  return JSON.parse(execFileSync(BEIAN, ['--root', site, ...args], { encoding: 'utf8' }));
}

// Each path: per question, the label the reader picks (or the number typed)
// and the value `beian quiz` takes for it; the outcome's visible title.
const PATHS = {
  'a sole trader in Bavaria selling packaged food, three people': {
    answers: {
      operator: ['A sole trader', 'sole-trader'],
      land: ['Bavaria', 'bavaria'],
      food: ['Packaged food only', 'packaged'],
      staff: ['3', '3'],
    },
    title: 'You can register',
  },
  'a limited company in Hamburg that cooks, sixty people': {
    answers: {
      operator: ['A limited company', 'company'],
      land: ['Hamburg', 'hamburg'],
      food: ['Food we prepare or cook', 'prepared'],
      staff: ['60', '60'],
    },
    title: 'You can register',
  },
  'a partnership in Saxony processing dairy, exactly ten people': {
    answers: {
      operator: ['A partnership', 'partnership'],
      land: ['Saxony', 'saxony'],
      food: ['Meat, fish or dairy that we process', 'animal'],
      staff: ['10', '10'],
    },
    title: 'Apply for approval before you register',
  },
  'a sole trader outside Germany': {
    answers: {
      operator: ['A sole trader', 'sole-trader'],
      land: ['Outside Germany', 'elsewhere'],
      food: ['Food we prepare or cook', 'prepared'],
      staff: ['1', '1'],
    },
    title: 'This guide covers the German Länder only',
  },
};

const STAFF_QUESTION = 'How many people will work in the business, you included?';

// Answers each question the quiz shows, by its visible label, and presses
// Next; returns the ids of the questions asked, in order.
async function answer(page, answers) {
  const asked = [];
  for (;;) {
    // A region's facts load when it is chosen: the page is busy until then.
    await page.waitForSelector('#quiz-app:not([aria-busy])');
    const fieldset = page.locator('fieldset[data-question]:not([hidden])');
    if ((await fieldset.count()) === 0) return asked;
    const id = await fieldset.getAttribute('data-question');
    assert.ok(id in answers, `the quiz asked ${id}, which this path does not answer`);
    asked.push(id);
    const [label] = answers[id];
    if ((await fieldset.getByRole('radio').count()) > 0) {
      await fieldset.getByLabel(label, { exact: true }).check();
    } else if ((await fieldset.getByRole('combobox').count()) > 0) {
      // The list of Länder, labelled "Land"; the field beside it takes a
      // city's name instead.
      await fieldset.getByRole('combobox', { name: 'Land', exact: true }).selectOption({ label });
    } else {
      // A number question: its field is labelled by the question (after
      // the quiz's step count).
      await fieldset.getByLabel(STAFF_QUESTION).fill(label);
    }
    await page.getByRole('button', { name: 'Next' }).click();
  }
}

for (const [who, path] of Object.entries(PATHS)) {
  test(`second site quiz: ${who}`, async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(pathToFileURL(join(site, 'dist/quiz/index.html')).href);
    const asked = await answer(page, path.answers);
    assert.deepEqual(asked, ['operator', 'land', 'food', 'staff']);
    const verdict = beian('quiz', ...asked.flatMap((q) => ['--answer', `${q}=${path.answers[q][1]}`]));
    assert.equal(verdict.next, null, 'beian agrees the quiz is finished');

    const outcomes = page.locator('#quiz-result:not([hidden]) [data-outcome]:not([hidden])');
    assert.deepEqual(await outcomes.evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome'))), [verdict.outcome]);
    assert.ok((await outcomes.innerText()).includes(path.title), await outcomes.innerText());
    const items = await page.locator('#quiz-result:not([hidden]) #quiz-checklist:not([hidden]) [data-item]:not([hidden])')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-item')));
    assert.deepEqual(items, verdict.items);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('the number answer decides the items, in the browser as in beian', async () => {
  const seen = [];
  for (const n of ['9', '10', '49', '50']) {
    // A reader's tab of their own each time: the quiz keeps a tab's answers.
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(site, 'dist/quiz/index.html')).href);
    const answers = { ...PATHS['a sole trader in Bavaria selling packaged food, three people'].answers, staff: [n, n] };
    await answer(page, answers);
    const items = await page.locator('#quiz-checklist:not([hidden]) [data-item]:not([hidden])')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-item')));
    const verdict = beian('quiz', ...Object.entries(answers).flatMap(([q, [, v]]) => ['--answer', `${q}=${v}`]));
    assert.deepEqual(items, verdict.items, `${n} people`);
    seen.push([n, items.includes('simple-records'), items.includes('external-audit')]);
    await page.close();
  }
  assert.deepEqual(seen, [['9', true, false], ['10', false, false], ['49', false, false], ['50', false, true]]);
});
