// The bundled guide is in English and Simplified Chinese, and its search is
// per language: Pagefind keeps one index per <html lang>, and the search
// script picks the one of the page it runs on. Run in Node through the built
// site's own pagefind.js, with the page's language given as a page would
// give it: a Chinese reader's search for 居住证 finds Chinese pages only, an
// English reader's search for "residence permit" English pages only.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fetchFromDisk } from './disk-fetch.mjs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SITE = process.env.SITE_DIR;
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { queries } = require(join(REPO, 'themes/default/static/assets/search.js'));

fetchFromDisk();

// The result addresses of `query` searched from a page in `lang`. Each
// language gets its own copy of the module, which reads the page's
// language once, as a page's script does.
async function search(lang, query) {
  const pf = await import(pathToFileURL(join(SITE, 'pagefind/pagefind.js')).href + '?' + lang);
  // Set after the import (the script would take Node for a browser) and
  // while it searches (it reads the language when it first loads).
  globalThis.document = { querySelector: () => ({ getAttribute: () => lang }) };
  try {
    await pf.options({ baseUrl: '/' });
    for (const attempt of queries(query)) {
      const r = await pf.search(attempt);
      if (r.results.length) return await Promise.all(r.results.map((x) => x.data().then((d) => d.url)));
    }
    return [];
  } finally {
    delete globalThis.document;
  }
}

test('a Chinese search finds Chinese pages and an English search English ones', async () => {
  assert.ok(SITE, 'SITE_DIR must name a built site');
  const zh = await search('zh-CN', '居住证');
  assert.ok(zh.length >= 3, `居住证 finds ${zh.length} pages`);
  for (const url of zh) assert.match(url, /^\/zh-cn\//, url);
  const en = await search('en', 'residence permit');
  assert.ok(en.length >= 3, `"residence permit" finds ${en.length} pages`);
  for (const url of en) assert.doesNotMatch(url, /^\/zh-cn\//, url);
});
