// The search page's query and excerpt handling, in Node (which has the same
// ICU word segmenter as Chromium): the browser tests cover the page itself.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { queries, tidyExcerpt } = require(join(REPO, 'themes/default/static/assets/search.js'));

test('a Chinese query is split into words, tried first as a phrase', () => {
  assert.deepEqual(queries('居住证'), ['"居住 证"', '居住 证']);
  assert.deepEqual(queries(' 网站备案信息真实性核验单 '), ['"网站 备案 信息 真实 性 核验 单"', '网站 备案 信息 真实 性 核验 单']);
});

test('a mixed query is split where Chinese meets other text, with no phrase', () => {
  assert.deepEqual(queries('ICP备案 number'), ['ICP 备案 number']);
  assert.deepEqual(queries('residence permit'), ['residence permit']);
  assert.deepEqual(queries('备案'), ['备案']);
  assert.deepEqual(queries('   '), []);
});

test('excerpts lose the spaces the index put between Chinese words, and only those', () => {
  assert.equal(tidyExcerpt('the form <mark>(核验</mark> <mark>单),</mark> signed'), 'the form <mark>(核验单),</mark> signed');
  assert.equal(tidyExcerpt('网站 备案 信息 真实 性'), '网站备案信息真实性');
  assert.equal(tidyExcerpt('ICP 备案 and <mark>residence</mark> <mark>permit</mark>'), 'ICP 备案 and <mark>residence</mark> <mark>permit</mark>');
});
