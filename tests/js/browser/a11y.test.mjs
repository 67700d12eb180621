// axe-core (WCAG 2.2 A and AA rules) on every page of the built site, in
// light and dark colour schemes, at phone and desktop widths. A page built
// to break a rule proves the check fails.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './launch.mjs';
import { axeViolations } from './axe.mjs';
import { htmlFiles } from '../html-files.mjs';
import { serveSite } from './static-server.mjs';

const SITE = process.env.SITE_DIR;

let browser;
// 404.html is shown by a server at the address that was not found, and its
// links start from the host's root: it is checked there, not from disk.
let server;
before(async () => { browser = await launch(); server = await serveSite(SITE); });
after(async () => { await browser?.close(); await server?.close(); });

function addressOf(file) {
  return relative(SITE, file) === '404.html'
    ? `${server.url}no-such-folder/no-such-page/`
    : pathToFileURL(file).href;
}

test('axe catches a violation', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'beian-axe-'));
  const bad = join(dir, 'bad.html');
  writeFileSync(bad, '<!doctype html><html><head><title>x</title></head><body><main><img src="x.png"><p style="color:#ccc;background:#fff">faint</p></main></body></html>');
  const page = await browser.newPage();
  await page.goto(pathToFileURL(bad).href);
  const found = await axeViolations(page);
  await page.close();
  assert.ok(found.some((v) => v.startsWith('image-alt')), found.join('\n'));
  assert.ok(found.some((v) => v.startsWith('html-has-lang')), found.join('\n'));
});

for (const [scheme, width, height] of [['light', 1280, 900], ['dark', 1280, 900], ['light', 390, 844], ['dark', 390, 844]]) {
  test(`every page, ${scheme}, ${width}px wide: no axe-core violations`, async () => {
    const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
    const page = await context.newPage();
    const problems = [];
    for (const file of htmlFiles(SITE).sort()) {
      await page.goto(addressOf(file));
      for (const v of await axeViolations(page)) problems.push(`${relative(SITE, file)}: ${v}`);
    }
    await context.close();
    assert.deepEqual(problems, []);
  });
}
