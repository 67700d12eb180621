// A site in three languages (tests/fixtures/languages: en, zh-CN, de, with
// the real default theme), served over HTTP in headless Chromium: each
// language's search page finds that language's pages only, and the quiz,
// answered by its visible labels in English and in Chinese, comes to what
// `beian quiz` concludes — the same verdict in both languages.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './launch.mjs';
import { serveSite } from './static-server.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BEIAN = process.env.BEIAN || join(REPO, 'target/debug/beian');

let root;
let browser;
let site;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'beian-languages-'));
  root = join(dir, 'site');
  cpSync(join(REPO, 'tests/fixtures/languages'), root, { recursive: true });
  cpSync(join(REPO, 'themes/default'), join(root, 'themes/default'), { recursive: true });
  execFileSync(BEIAN, ['--root', root, 'build'], { stdio: 'pipe' });
  browser = await launch();
  site = await serveSite(join(root, 'dist'));
});
after(async () => {
  await browser?.close();
  await site?.close();
  if (root) rmSync(dirname(root), { recursive: true, force: true });
});

function beian(...args) {
  return JSON.parse(execFileSync(BEIAN, ['--root', root, ...args], { encoding: 'utf8' }));
}

async function open(path) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(site.url)) errors.push(`outside: ${r.url()}`); });
  await page.goto(site.url + path);
  return { page, errors };
}

// The site paths of every result, after the search settles.
async function results(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('search-status').textContent;
    return s && document.querySelectorAll('#search-results a').length > 0;
  }, null, { timeout: 20000 });
  return page.$$eval('#search-results a', (as) => as.map((a) => new URL(a.href).pathname));
}

// The form's name, BX7, is on the steps page in every language: each
// search page must find its own language's page and no other.
const SEARCHES = [
  // [search page, query, a page it must find, the prefix every result has]
  ['search/', 'BX7', '/guide/steps/index.html', null],
  ['zh-cn/search/', 'BX7', '/zh-cn/guide/steps/index.html', '/zh-cn/'],
  ['de/search/', 'BX7', '/de/guide/steps/index.html', '/de/'],
  ['zh-cn/search/', '船舶', '/zh-cn/guide/steps/index.html', '/zh-cn/'],
];

for (const [path, query, must, prefix] of SEARCHES) {
  test(`search in ${path} finds its own language's pages: ${query}`, async () => {
    const { page, errors } = await open(`${path}?q=${encodeURIComponent(query)}`);
    const found = await results(page);
    assert.ok(found.includes(must), `${must} not in ${found}`);
    for (const f of found) {
      if (prefix) assert.ok(f.startsWith(prefix), `${f} is not in ${prefix}`);
      else assert.ok(!/^\/(zh-cn|de)\//.test(f), `${f} is another language's page`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}

// Per language: the quiz page, the Next button, and each answer's label
// with the value `beian quiz` takes for it.
const QUIZZES = {
  en: {
    path: 'quiz/', next: 'Next', answers: { applicant: ['A company', 'company'], region: ['North', 'north'] },
    steps: ['Question 1, the first:', 'Question 2:'],
  },
  'zh-CN': {
    path: 'zh-cn/quiz/', next: '下一步', answers: { applicant: ['公司', 'company'], region: ['北州', 'north'] },
    steps: ['第1题：', '第2题：'],
  },
};

const verdicts = {};
for (const [lang, quiz] of Object.entries(QUIZZES)) {
  test(`the quiz in ${lang} concludes what beian quiz does`, async () => {
    const { page, errors } = await open(quiz.path);
    const asked = [];
    const steps = [];
    for (;;) {
      // A region's facts load when it is chosen: the page is busy until then.
      await page.waitForSelector('#quiz-app:not([aria-busy])');
      const fieldset = page.locator('fieldset[data-question]:not([hidden])');
      if ((await fieldset.count()) === 0) break;
      const id = await fieldset.getAttribute('data-question');
      asked.push(id);
      steps.push(await fieldset.locator('.quiz-step').textContent());
      const [label] = quiz.answers[id];
      if ((await fieldset.getByRole('radio').count()) > 0) {
        await fieldset.getByLabel(label, { exact: true }).check();
      } else {
        await fieldset.getByRole('combobox').selectOption({ label });
      }
      await page.getByRole('button', { name: quiz.next }).click();
    }
    const args = asked.flatMap((q) => ['--answer', `${q}=${quiz.answers[q][1]}`]);
    const verdict = beian('quiz', '--lang', lang, ...args);
    const outcomes = page.locator('#quiz-result:not([hidden]) [data-outcome]:not([hidden])');
    const shown = await outcomes.evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome')));
    assert.deepEqual(shown, [verdict.outcome]);
    const items = await page.locator('#quiz-result:not([hidden]) #quiz-checklist:not([hidden]) [data-item]:not([hidden])')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-item')));
    assert.deepEqual(items, verdict.items);
    verdicts[lang] = { outcome: shown, items };
    // The step label takes its plural form by the page's language (the
    // fixture's English table gives "one" a form of its own; Chinese has
    // only "other").
    assert.deepEqual(steps.map((t) => t.trim()), quiz.steps);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('the quiz comes to the same verdict in both languages', () => {
  assert.deepEqual(verdicts['zh-CN'], verdicts.en);
  assert.ok(verdicts.en.items.includes('company-register'), JSON.stringify(verdicts.en));
});
