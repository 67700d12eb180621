// The quiz for readers filing an app or a mini-program, in headless
// Chromium, driven by the labels a reader sees, each verdict checked
// against `beian quiz`: a website's filing and its server abroad do not
// make an app's filing unnecessary.

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

// Answers each question shown with the next of `labels` (a list of labels
// for a question that takes several), as a reader would.
async function answerByLabel(page, labels) {
  const asked = {};
  for (const label of labels) {
    const fieldset = page.locator('fieldset[data-question]:not([hidden])');
    const id = await fieldset.getAttribute('data-question');
    const select = fieldset.locator('select');
    if (await select.count()) await select.selectOption({ label });
    else for (const one of [label].flat()) await fieldset.getByLabel(one, { exact: true }).check();
    asked[id] = await page.evaluate((q) => {
      const fs = document.querySelector(`[data-question="${q}"]`);
      const s = fs.querySelector('select');
      return s ? s.value : [...fs.querySelectorAll('input:checked')].map((i) => i.value).join(',');
    }, id);
    await page.click('#quiz-form button[type=submit]');
    await page.waitForSelector('#quiz-app:not([aria-busy])');
  }
  assert.equal(await page.isVisible('#quiz-result'), true, 'the quiz is finished');
  return asked;
}

async function run(labels) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(QUIZ);
  const asked = await answerByLabel(page, labels);
  const shown = await page.evaluate(() => {
    const visible = (el) => !el.closest('[hidden]');
    const outcome = [...document.querySelectorAll('[data-outcome]')].find(visible);
    const items = [...document.querySelectorAll('#quiz-checklist [data-item]')].filter(visible);
    return {
      outcome: outcome.getAttribute('data-outcome'),
      message: outcome.textContent.replace(/\s+/g, ' '),
      items: items.map((li) => li.getAttribute('data-item')),
      text: Object.fromEntries(items.map((li) => [li.getAttribute('data-item'), li.textContent.replace(/\s+/g, ' ')])),
      answers: [...document.querySelectorAll('#quiz-answer-list dd > span')].map((s) => s.textContent),
    };
  });
  const args = Object.entries(asked).flatMap(([q, v]) => ['--answer', `${q}=${v}`]);
  const want = JSON.parse(execFileSync(BEIAN, ['--root', REPO, 'quiz', ...args], { encoding: 'utf8' }));
  assert.equal(want.next, null, 'beian agrees the quiz is finished');
  assert.equal(shown.outcome, want.outcome);
  assert.deepEqual(shown.items, want.items);
  assert.deepEqual(errors, []);
  await page.close();
  return { asked, shown };
}

const FREE = ['None of these: free information only'];

test('an app alone, its server in Hong Kong, gets its app filing, not "no filing"', async () => {
  const { asked, shown } = await run([
    'A company or other organization', 'In mainland China', 'A mobile app (iOS, Android or other)',
    'Mainland resident ID card (居民身份证)', 'Guangdong',
    'Outside mainland China (Hong Kong, Macau, Taiwan or abroad)', ...FREE,
  ]);
  assert.equal(asked.filing_for, 'app');
  assert.equal(asked.app_server, 'outside');
  assert.notEqual(shown.outcome, 'not-needed');
  assert.equal(shown.outcome, 'app-server-outside');
  assert.match(shown.message, /sources conflict/);
  assert.ok(shown.items.includes('app-own-filing'), 'the app is filed in its own right');
  assert.ok(shown.items.includes('app-server-outside'), 'the server question is said to be unsettled');
  assert.ok(shown.items.includes('app-number'), 'the number and where to show it');
  assert.ok(!shown.items.includes('mainland-server') && !shown.items.includes('domain-checks'), 'no website items');
  assert.match(shown.text['app-own-filing'], /Bundle ID/, 'the item says what to have ready');
});

test('a website in Hong Kong with an app offered in the mainland still files the app', async () => {
  const { shown } = await run([
    'An individual', ['A website', 'A mobile app (iOS, Android or other)'], 'Mainland resident ID card (居民身份证)', 'Zhejiang',
    'Outside mainland China (Hong Kong, Macau, Taiwan or abroad)', 'Outside mainland China (Hong Kong, Macau, Taiwan or abroad)',
    'Yes, it was issued there', ...FREE,
  ]);
  assert.notEqual(shown.outcome, 'not-needed');
  assert.ok(shown.answers.includes('A website; A mobile app (iOS, Android or other)'), shown.answers.join(' | '));
  assert.ok(shown.items.includes('app-own-filing'));
  assert.ok(!shown.items.includes('mainland-server'), 'the website, hosted abroad, needs nothing');
});

test('a website alone in Hong Kong needs no filing, and is told what still applies', async () => {
  const { shown } = await run(['An individual', 'A website', 'Foreign passport', 'Beijing', 'Outside mainland China (Hong Kong, Macau, Taiwan or abroad)']);
  assert.equal(shown.outcome, 'not-needed');
  assert.match(shown.message, /app, mini-program or quick app/);
});

test('a WeChat mini-program is filed through its platform', async () => {
  const { asked, shown } = await run([
    'An individual', 'A mini-program (WeChat, Alipay, Baidu and others)', 'Mainland resident ID card (居民身份证)', 'Shanghai',
    'Yes, it was issued there', ...FREE,
  ]);
  assert.equal(asked.filing_for, 'mini_program');
  assert.equal(shown.outcome, 'ready');
  assert.ok(shown.items.includes('mini-program-filing'));
  assert.match(shown.text['mini-program-filing'], /WeChat/);
  assert.ok(shown.items.includes('app-number'));
  assert.ok(!shown.items.includes('app-own-filing') && !shown.items.includes('mainland-server'));
});

test('a shop selling its own goods, ticked among several, is told the sources disagree and whom to ask, not a rule', async () => {
  const { asked, shown } = await run([
    'A company or other organization', 'In mainland China', 'A website', 'Mainland resident ID card (居民身份证)', 'Zhejiang',
    'On a server in mainland China', 'Yes', 'Yes', ['A shop selling our own goods or services', 'Education'],
  ]);
  assert.equal(asked.activities, 'own_shop,education');
  assert.equal(shown.outcome, 'not-yet', 'education needs its pre-approval first');
  assert.ok(shown.answers.includes('A shop selling our own goods or services; Education'), shown.answers.join(' | '));
  assert.ok(shown.items.includes('own-shop'));
  assert.ok(shown.items.includes('preapproval'));
  assert.match(shown.text['own-shop'], /unresolved/);
  assert.match(shown.text['own-shop'], /ask your provider and your province's communications administration/);
  assert.ok(!shown.items.includes('commercial-licence'), 'no licence stated as needed');
});
