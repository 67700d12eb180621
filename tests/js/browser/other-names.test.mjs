// The region question's type-ahead in headless Chromium: a reader who
// knows their city, not their province, types it (in English or Chinese)
// and the quiz chooses the province; a name two provinces share offers
// both; the field passes axe. Driven by visible labels, as a reader would.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './launch.mjs';
import { axeViolations } from './axe.mjs';

const SITE = process.env.SITE_DIR;
const QUIZ = pathToFileURL(join(SITE, 'quiz/index.html')).href;
const FIELD = 'Or type your city to find its province';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Answers with each question's first option until the province question
// shows: the questions before it may change, the type-ahead does not.
async function toProvinceQuestion(page) {
  await page.goto(QUIZ);
  for (let i = 0; i < 20; i++) {
    const fieldset = page.locator('fieldset[data-question]:not([hidden])');
    if (await fieldset.locator('select').count()) return fieldset;
    // A question of several choices (what is filed) has checkboxes.
    const radios = fieldset.locator('input[type=radio]');
    if (await radios.count()) await radios.first().check();
    else await fieldset.locator('input[type=checkbox]').first().check();
    await page.getByRole('button', { name: 'Next' }).click();
  }
  throw new Error('the quiz never asked for the province');
}

test('typing a city chooses its province, and the answer is kept', async () => {
  const page = await browser.newPage();
  const fieldset = await toProvinceQuestion(page);
  const field = page.getByLabel(FIELD);
  assert.ok(await field.isVisible(), 'the city field shows once the quiz runs');
  const province = fieldset.locator('select');
  assert.equal(await province.inputValue(), '');
  await field.click();
  await field.pressSequentially('Hangzhou');
  await page.getByRole('status').filter({ hasText: 'Hangzhou is in Zhejiang' }).waitFor();
  assert.equal(await province.inputValue(), 'zhejiang');
  // Suggestions are the names that were loaded, each with its province.
  const suggestions = await page.locator(`#${await field.getAttribute('list')} option`).evaluateAll(
    (os) => os.map((o) => o.value));
  assert.ok(suggestions.includes('Hangzhou (Zhejiang)'), suggestions.slice(0, 5).join(', '));
  assert.ok(suggestions.includes('杭州市 (Zhejiang)'));
  assert.deepEqual(await axeViolations(page), [], 'the province question with a city typed');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.waitForFunction(() => /province=zhejiang/.test(location.search + location.hash));
  await page.close();
});

test('a Chinese name, a name in other case, and a name two provinces share', async () => {
  const page = await browser.newPage();
  const fieldset = await toProvinceQuestion(page);
  const province = fieldset.locator('select');
  const field = page.getByLabel(FIELD);
  await field.fill('宁波市');
  await page.getByRole('status').filter({ hasText: '宁波市 is in Zhejiang' }).waitFor();
  assert.equal(await province.inputValue(), 'zhejiang');
  await field.fill('shenzhen');
  await page.getByRole('status').filter({ hasText: 'Shenzhen is in Guangdong' }).waitFor();
  assert.equal(await province.inputValue(), 'guangdong');
  // Taizhou is 泰州市 in Jiangsu and 台州市 in Zhejiang: both are offered,
  // and the list keeps the last province chosen.
  await field.fill('Taizhou');
  await page.getByRole('status').filter({ hasText: 'There is a Taizhou in Jiangsu or Zhejiang' }).waitFor();
  assert.equal(await province.inputValue(), 'guangdong');
  await field.fill('Atlantis');
  await field.press('Tab');
  await page.getByRole('status').filter({ hasText: 'No city called Atlantis' }).waitFor();
  await page.close();
});

test('without JavaScript the field is not offered', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(QUIZ);
  assert.equal(await page.locator('[data-other-names]').isVisible(), false);
  await context.close();
});
