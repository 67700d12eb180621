// The quiz's JavaScript evaluator against beian's Rust one: the same
// three-valued semantics on hand-made conditions, and the same verdict —
// outcome, fixes and checklist items — on every way to answer the bundled
// quiz. Also the size budget of the quiz's script and data.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SITE = process.env.SITE_DIR;
const BEIAN = process.env.BEIAN || join(REPO, 'target/debug/beian');
assert.ok(SITE, 'SITE_DIR must name a built site');

function loadQuiz() {
  const sandbox = {};
  vm.runInNewContext(readFileSync(join(SITE, 'assets/quiz.js'), 'utf8'), sandbox);
  assert.ok(sandbox.BeianQuiz, 'quiz.js defines BeianQuiz without a page');
  return sandbox.BeianQuiz;
}

function quizData() {
  const html = readFileSync(join(SITE, 'quiz/index.html'), 'utf8');
  const m = html.match(/<script type="application\/json" id="quiz-data">([\s\S]*?)<\/script>/);
  assert.ok(m, 'the quiz page embeds its data');
  return { json: m[1], data: JSON.parse(m[1]), html };
}

// The quiz data with every region's facts, as each region's script gives
// them to the page that loads it.
function quizDataWithRegions() {
  const { data, html } = quizData();
  const folder = html.match(/data-region-scripts="([^"]*)"/)[1];
  const sandbox = { beianQuizRegion: (slug, facts) => { data.p[slug] = JSON.parse(JSON.stringify(facts)); } };
  for (const slug of Object.keys(data.p)) {
    vm.runInNewContext(readFileSync(resolve(SITE, 'quiz', folder, `${slug}.js`), 'utf8'), sandbox);
  }
  return { data };
}

test('three-valued semantics, as rules/README.md specifies', () => {
  const { evaluate } = loadQuiz();
  const U = null;
  const a = { 0: 'x' };
  const facts = { 3: true, 4: 24 };
  const cases = [
    [['a=', 0, 'x'], {}, null, U],
    [['a=', 0, 'x'], a, null, true],
    [['a=', 0, 'y'], a, null, false],
    [['ain', 0, ['y', 'x']], a, null, true],
    [['ain', 1, ['y']], a, null, U],
    [['ak', 1, false], a, null, true],
    [['ak', 0, true], a, null, true],
    [['f=', 3, true], {}, null, false],
    [['f=', 3, true], {}, facts, true],
    [['f=', 3, 'true'], {}, facts, false],
    [['f=', 4, 24], {}, facts, true],
    [['fin', 4, [1, 24]], {}, facts, true],
    [['fin', 9, [1]], {}, facts, false],
    [['fk', 9, false], {}, facts, true],
    [['fk', 3, true], {}, null, false],
    [['all', []], {}, null, true],
    [['any', []], {}, null, false],
    [['all', [['a=', 1, 'z'], ['f=', 3, false]]], {}, facts, false],
    [['all', [['a=', 1, 'z'], ['f=', 3, true]]], {}, facts, U],
    [['any', [['a=', 1, 'z'], ['f=', 3, true]]], {}, facts, true],
    [['any', [['a=', 1, 'z'], ['f=', 3, false]]], {}, facts, U],
    [['not', ['a=', 1, 'z']], {}, null, U],
    [['not', ['f=', 3, true]], {}, facts, false],
  ];
  for (const [cond, answers, f, want] of cases) {
    assert.equal(evaluate(cond, answers, f), want, JSON.stringify(cond));
  }
  // A shared condition, written once in the data's `d`.
  const defs = [['any', [['a=', 0, 'x'], ['ak', 1, false]]]];
  assert.equal(evaluate(['ref', 0], a, null, defs), true);
  assert.equal(evaluate(['not', ['ref', 0]], { 1: 'y' }, null, defs), U);
});

// The answers the walk gives question q: its options; for a multiple
// question one set of options per class the data's `includes` tests tell
// apart (options every test treats alike stand as the first of them), as
// rules/README.md describes: found here from the data, apart from Rust.
function answersOf(data, q) {
  const spec = data.q[q];
  if (!spec.multi) return spec.opts;
  const atoms = [];
  const scan = (c) => {
    if (!Array.isArray(c)) return;
    if (c[0] === 'ainc' && c[1] === q) atoms.push(c[2]);
    else c.forEach(scan);
  };
  scan([data.q.map((x) => x.ask), data.o.map((o) => [o.when, o.fixes.map((f) => f.when)]), data.i.map((i) => i.when), data.d]);
  const cells = [];
  for (const o of spec.opts) {
    const sig = atoms.map((a) => a.includes(o)).join();
    if (!cells.some((c) => c.sig === sig)) cells.push({ sig, o });
  }
  const out = [];
  for (let mask = 1; mask < 1 << cells.length; mask++) {
    const chosen = cells.filter((_, i) => mask & (1 << i)).map((c) => c.o);
    out.push(spec.opts.filter((o) => chosen.includes(o)).join(','));
  }
  return out;
}

test('a multiple question is walked once per set of options its tests tell apart', () => {
  const data = { q: [{ id: 'x', multi: true, opts: ['w', 'a', 'm', 'k'], ask: ['all', []] }],
    o: [{ when: ['ainc', 0, ['a', 'm', 'k']], fixes: [] }], i: [{ when: ['ainc', 0, ['m', 'k']] }], d: [['ainc', 0, ['w']]] };
  assert.deepEqual(answersOf(data, 0), ['w', 'a', 'w,a', 'm', 'w,m', 'a,m', 'w,a,m']);
  const { evaluate } = loadQuiz();
  assert.equal(evaluate(['ainc', 0, ['m', 'k']], { 0: 'w,k' }, null), true);
  assert.equal(evaluate(['ainc', 0, ['m']], { 0: 'w,k' }, null), false);
  assert.equal(evaluate(['ainc', 0, ['m']], {}, null), null);
});

test('the JavaScript quiz gives the Rust verdict on every way to answer it', () => {
  const quiz = loadQuiz();
  const { data } = quizDataWithRegions();
  // The walk below goes through shared conditions: the data has them.
  assert.ok(data.d.length > 0 && JSON.stringify(data.i).includes('["ref",'), 'recurring conditions are shared');
  const rust = new Map();
  const lines = execFileSync(BEIAN, ['--root', REPO, 'quiz', '--all'], { encoding: 'utf8', maxBuffer: 1 << 28 })
    .trim()
    .split('\n');
  for (const line of lines) {
    const v = JSON.parse(line);
    rust.set(JSON.stringify(Object.entries(v.answers).sort()), {
      outcome: v.outcome,
      fixes: v.fixes,
      items: v.items,
    });
  }
  assert.ok(rust.size > 100, `only ${rust.size} ways to answer`);

  const js = new Map();
  const walk = (answers) => {
    const q = quiz.nextQuestion(data, answers);
    if (q < 0) {
      const r = quiz.result(data, answers);
      const o = data.o[r.outcome];
      const named = Object.entries(answers).map(([k, v]) => [data.q[k].id, v]).sort();
      // Plain values of this realm (the script ran in a vm context).
      js.set(JSON.stringify(named), JSON.parse(JSON.stringify({
        outcome: o.id,
        fixes: r.fixes.map((f) => o.fixes[f].id),
        items: r.items.map((i) => data.i[i].id),
      })));
      return;
    }
    for (const opt of answersOf(data, q)) walk({ ...answers, [q]: opt });
  };
  walk({});

  assert.equal(js.size, rust.size, 'both walk the same number of ways');
  let compared = 0;
  for (const [answers, want] of rust) {
    assert.deepEqual(js.get(answers), want, answers);
    compared++;
  }
  assert.equal(compared, rust.size);
});

test('the quiz page carries no region\'s facts: each region\'s script gives its own', () => {
  const { data } = quizData();
  const slugs = Object.keys(data.p);
  assert.equal(slugs.length, 31);
  assert.ok(slugs.every((s) => data.p[s] === 0), 'no facts on the page');
  const full = quizDataWithRegions().data;
  assert.ok(slugs.every((s) => full.p[s] !== null && typeof full.p[s] === 'object'), 'each script registers its facts');
  assert.ok(slugs.filter((s) => Object.keys(full.p[s]).length > 0).length >= 10, 'facts the conditions read');
  // Until a region's script is there, the answers stop at the region.
  const quiz = loadQuiz();
  const id = (name) => data.q.findIndex((q) => q.id === name);
  const given = {
    [id('entity')]: 'individual', [id('filing_for')]: 'website', [id('document')]: 'mainland_id',
    [id('province')]: 'hebei', [id('hosting')]: 'outside',
  };
  assert.equal(Object.keys(quiz.settle(data, given)).length, 3);
  assert.equal(Object.keys(quiz.settle(full, given)).length, 5);
});

test('settle keeps only answers the quiz would ask, in order', () => {
  const quiz = loadQuiz();
  const { data } = quizDataWithRegions();
  const id = (name) => data.q.findIndex((q) => q.id === name);
  const plain = (x) => JSON.parse(JSON.stringify(x));
  const settled = plain(quiz.settle(data, { [id('entity')]: 'robot', [id('province')]: 'shanghai' }));
  assert.deepEqual(settled, {}, 'an invalid first answer stops there');
  const org = { [id('entity')]: 'organization', [id('registered')]: 'mainland', [id('filing_for')]: 'website', [id('document')]: 'mainland_id' };
  const ok = plain(quiz.settle(data, { ...org, [id('province')]: 'shanghai', [id('local_id')]: 'no' }));
  assert.deepEqual(Object.keys(ok).map(Number).sort(), Object.keys(org).map(Number).concat([id('province')]).sort(),
    'local_id is not asked of organizations');
  const abroad = plain(quiz.settle(data, { [id('entity')]: 'organization', [id('registered')]: 'outside', [id('province')]: 'shanghai' }));
  assert.deepEqual(Object.keys(abroad).map(Number).sort(), [id('entity'), id('registered')].sort(),
    'nothing more is asked of an organization registered only outside the mainland');
  // Several options, each once, in option order, as the address writes them.
  const several = (v) => Object.keys(plain(quiz.settle(data, { [id('entity')]: 'individual', [id('filing_for')]: v }))).length;
  assert.equal(several('website,app'), 2);
  assert.equal(several('app,website'), 1, 'out of order');
  assert.equal(several('app,app'), 1, 'twice');
  assert.equal(several('app,robot'), 1, 'not an option');
  assert.equal(several(''), 1, 'none');
});

test("the quiz's script and data stay under 30 KB before compression", () => {
  const script = statSync(join(SITE, 'assets/quiz.js')).size;
  const data = Buffer.byteLength(quizData().json);
  console.log(`quiz.js ${script} B + data ${data} B = ${script + data} B`);
  assert.ok(script + data < 30 * 1024, `${script + data} bytes`);
});
