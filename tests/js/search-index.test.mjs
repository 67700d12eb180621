// What the search index finds, pinned: the fixture tests/fixtures/search-index
// is built with the real binary, and a fixed set of English and Chinese
// queries is run in Node through the built bundle's own pagefind.js (the
// script the search page loads; Node has the same ICU word segmenter as
// Chromium). Each query's results (order, address, title, group, excerpt and
// the sections under it) must be exactly those in
// tests/golden/search-index.json, recorded from the index as it was built
// before the indexer was reworked (issue #21). A change in how the index is
// made must not move a single result.
//
// When a change is meant to change what is found (the fixture, the theme's
// markup inside <main>, Pagefind's version), regenerate the golden file and
// review its diff:
//
//   cargo build && UPDATE_GOLDEN=1 node --test tests/js/search-index.test.mjs

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fetchFromDisk } from './disk-fetch.mjs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BEIAN = process.env.BEIAN || join(REPO, 'target/debug/beian');
const GOLDEN = join(REPO, 'tests/golden/search-index.json');
const require = createRequire(import.meta.url);
// The search page's own query handling: Chinese split into words, tried
// first as a phrase.
const { queries } = require(join(REPO, 'themes/default/static/assets/search.js'));

// [query, groups the reader ticked (none: all)].
const QUERIES = [
  ['registration'],
  ['food authority'],
  ['inspection'],
  ['first inspection'],
  ['inspector'],
  ['Land'],
  ['Länder'],
  ['laender'],
  ['online form'],
  ['fee'],
  ['trade licence'],
  ['importers china'],
  ['exporter'],
  ['certificate', ['guide']],
  ['shipment'],
  ['Lebensmittel'],
  ['Rathaus'],
  ['registrat'],
  ['zzqxv'],
  ['卫生证书'],
  ['卫生'],
  ['证书'],
  ['营业执照'],
  ['中文标签'],
  ['出口食品生产企业注册证书'],
  ['注册'],
  ['食品'],
  ['China 进口商'],
];

const scratch = mkdtempSync(join(tmpdir(), 'beian-search-index-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// A copy of the fixture with the default theme, built (again, when the
// copy is there: then from its .beian-cache); returns the output and what
// beian said.
function build(name, out = name + '-dist') {
  const root = join(scratch, name);
  if (out === name + '-dist') {
    cpSync(join(REPO, 'tests/fixtures/search-index'), root, { recursive: true });
    cpSync(join(REPO, 'themes/default'), join(root, 'themes/default'), { recursive: true });
  }
  const dist = join(scratch, out);
  const said = spawnSync(BEIAN, ['--root', root, 'build', '--out', dist], { encoding: 'utf8' });
  assert.equal(said.status, 0, said.stderr);
  return { dist, said: said.stderr };
}

fetchFromDisk();

// Every query's results, as the search page would get them. Each build is
// loaded as its own module (a query string), so two builds can be compared.
async function results(dist) {
  const pf = await import(pathToFileURL(join(dist, 'pagefind/pagefind.js')).href + '?' + dist);
  await pf.options({ baseUrl: '/', excerptLength: 24 });
  const found = {};
  for (const [q, groups] of QUERIES) {
    const options = groups ? { filters: { group: { any: groups } } } : {};
    let r = { results: [] };
    for (const attempt of queries(q)) {
      r = await pf.search(attempt, options);
      if (r.results.length) break;
    }
    const data = await Promise.all(r.results.map((x) => x.data()));
    found[groups ? `${q} [${groups.join(',')}]` : q] = data.map((d) => ({
      url: d.url,
      title: d.meta.title,
      group: d.filters.group,
      excerpt: d.excerpt,
      sections: d.sub_results.map((s) => `${s.url} ${s.title}`),
    }));
  }
  const entry = JSON.parse(readFileSync(join(dist, 'pagefind/pagefind-entry.json'), 'utf8'));
  const languages = Object.fromEntries(
    Object.entries(entry.languages).map(([lang, l]) => [lang, l.page_count]),
  );
  return { languages, found };
}

test('the index finds exactly what it found before the indexer was reworked', async () => {
  const now = await results(build('site').dist);
  if (process.env.UPDATE_GOLDEN) {
    writeFileSync(GOLDEN, JSON.stringify(now, null, 1) + '\n');
  }
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8'));
  // Not a test that passes on an empty index.
  const hits = Object.values(golden.found).filter((r) => r.length).length;
  assert.ok(hits >= QUERIES.length - 3, `only ${hits} queries find anything`);
  assert.deepEqual(now.languages, golden.languages);
  for (const key of Object.keys(golden.found)) {
    assert.deepEqual(now.found[key], golden.found[key], `results for "${key}"`);
  }
  assert.deepEqual(Object.keys(now.found), Object.keys(golden.found));
});

test('an index reused from .beian-cache finds exactly the same', async () => {
  build('cached');
  const again = build('cached', 'cached-again');
  assert.match(again.said, /search index of \d+ \(unchanged, from \.beian-cache\)/);
  const now = await results(again.dist);
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8'));
  assert.deepEqual(now, golden);
});
