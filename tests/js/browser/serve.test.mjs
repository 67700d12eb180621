// `beian serve` in a real browser: an open page reloads itself after an
// edit, shows the errors of a broken edit over the last good page, and
// drops them when the edit is fixed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { launch } from './launch.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BEIAN = process.env.BEIAN || join(REPO, 'target/debug/beian');

let browser, server, url, site;

before(async () => {
  site = join(mkdtempSync(join(tmpdir(), 'beian-serve-')), 'site');
  cpSync(join(REPO, 'tests/fixtures/minimal'), site, { recursive: true });
  cpSync(join(REPO, 'tests/fixtures/_theme'), join(site, 'themes/default'), { recursive: true });
  server = spawn(BEIAN, ['--root', site, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise((ok) => createInterface({ input: server.stdout }).once('line', ok));
  url = line.trim().split(' ').pop();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
});

test('an open page reloads after an edit, and shows and drops build errors', async () => {
  const page = await browser.newPage();
  await page.goto(`${url}guide/steps/`);
  assert.equal(await page.textContent('h1'), 'Steps');
  const file = join(site, 'content/guide/steps.md');
  const good = readFileSync(file, 'utf8');

  const reloaded = page.waitForNavigation({ timeout: 20000 });
  writeFileSync(file, good.replace('title: "Steps"', 'title: "Steps, live"'));
  await reloaded;
  assert.equal(await page.textContent('h1'), 'Steps, live');

  writeFileSync(file, '---\ntitle: [unclosed\n---\n');
  await page.waitForSelector('#beian-errors', { timeout: 20000 });
  assert.match(await page.textContent('#beian-errors'), /content\/guide\/steps\.md:2:/);
  assert.equal(await page.textContent('h1'), 'Steps, live', 'the last good page stays');

  const fixed = page.waitForNavigation({ timeout: 20000 });
  writeFileSync(file, good.replace('title: "Steps"', 'title: "Steps, fixed"'));
  await fixed;
  assert.equal(await page.textContent('h1'), 'Steps, fixed');
  assert.equal(await page.$('#beian-errors'), null);
  await page.close();
});

test('search works on the served site, and finds an edit once the index follows it', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'beian-serve-search-')), 'site');
  cpSync(join(REPO, 'tests/fixtures/minimal'), dir, { recursive: true });
  cpSync(join(REPO, 'themes/default'), join(dir, 'themes/default'), { recursive: true });
  writeFileSync(join(dir, 'site.yaml'), 'title: "Test site"\nsearch: find\n');
  cpSync(join(REPO, 'content/search/_index.md'), join(dir, 'content/find/_index.md'));
  const serving = spawn(BEIAN, ['--root', dir, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const line = await new Promise((ok) => createInterface({ input: serving.stdout }).once('line', ok));
    const base = line.trim().split(' ').pop();
    const page = await browser.newPage();
    // Looks until the index (made in the background) has the word.
    const find = async (word) => {
      for (let tries = 0; tries < 40; tries++) {
        await page.goto(`${base}find/index.html?q=${encodeURIComponent(word)}`);
        await page.waitForFunction(() => {
          const s = document.getElementById('search-status').textContent;
          return s && !s.startsWith('Searching');
        });
        assert.ok((await page.textContent('#search-status')).includes(word), 'the status is about this search');
        const hrefs = await page.$$eval('.search-result h2 a', (as) => as.map((a) => new URL(a.href).pathname));
        if (hrefs.length) return hrefs;
        await new Promise((ok) => setTimeout(ok, 250));
      }
      return [];
    };
    assert.deepEqual(await find('prepare'), ['/guide/steps/index.html']);
    // The open page reloads itself after the edit; searching before that
    // would race the reload.
    const file = join(dir, 'content/guide/intro.md');
    const reloaded = page.waitForNavigation({ timeout: 20000 });
    writeFileSync(file, readFileSync(file, 'utf8') + '\nA zebracorn 斑马角 appears.\n');
    await reloaded;
    assert.deepEqual(await find('zebracorn'), ['/guide/intro/index.html']);
    assert.deepEqual(await find('斑马角'), ['/guide/intro/index.html']);
    await page.close();
  } finally {
    serving.kill();
  }
});
