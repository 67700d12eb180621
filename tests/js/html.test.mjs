// Every HTML page of the built site passes the W3C Nu HTML Checker (the
// vnu-jar package, on the machine's Java) with no errors — and the check
// itself is proven to catch an error, on a page broken on purpose.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const VNU = require.resolve('vnu-jar/build/dist/vnu.jar');
const SITE = process.env.SITE_DIR;

function errors(target) {
  // vnu writes its report to stderr, and exits 1 when it finds errors.
  const run = spawnSync('java', ['-jar', VNU, '--errors-only', '--skip-non-html', '--format', 'json', target], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const out = `${run.stderr}\n${run.stdout}`.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  assert.ok(out, `no report from vnu: ${run.stderr}`);
  const report = JSON.parse(out);
  return report.messages.filter((m) => m.type === 'error').map((m) => `${m.url}:${m.lastLine}: ${m.message}`);
}

test('the checker catches an invalid page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'beian-vnu-'));
  writeFileSync(join(dir, 'bad.html'), '<!doctype html><html lang="en"><head><title>x</title></head><body><p><div>no</p></body></html>');
  assert.ok(errors(dir).length > 0);
});

test('every page of the built site is valid HTML', () => {
  assert.ok(SITE, 'SITE_DIR must name a built site');
  assert.deepEqual(errors(SITE), []);
});
