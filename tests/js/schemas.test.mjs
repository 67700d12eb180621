// The bundled rules files validate against the JSON Schemas that
// `beian schema` writes and that each file names on its first line — the
// ones an editor's YAML plugin uses — and the schemas reject what the
// loader rejects.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';

const RULES = resolve(dirname(fileURLToPath(import.meta.url)), '../../rules');

function files() {
  const top = readdirSync(RULES).filter((f) => f.endsWith('.yaml')).map((f) => join(RULES, f));
  const provinces = readdirSync(join(RULES, 'provinces')).map((f) => join(RULES, 'provinces', f));
  return [...top, ...provinces];
}

function schemaFor(file) {
  const first = readFileSync(file, 'utf8').split('\n')[0];
  const m = first.match(/^# yaml-language-server: \$schema=(\S+)$/);
  assert.ok(m, `${file} does not name its schema on its first line`);
  return join(dirname(file), m[1]);
}

function validator(schemaPath) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
}

test('every rules file names its schema and validates against it', () => {
  const all = files();
  assert.ok(all.length >= 36, `only ${all.length} rules files`);
  for (const file of all) {
    const validate = validator(schemaFor(file));
    // YAML 1.2 core schema, as the loader reads it; dates stay strings.
    const data = parse(readFileSync(file, 'utf8'), { version: '1.2', schema: 'core' });
    assert.ok(validate(data), `${file}: ${JSON.stringify(validate.errors, null, 2)}`);
  }
});

test('the schemas reject unknown keys, bad ids and dates, and malformed conditions', () => {
  const checklist = validator(join(RULES, 'schemas/checklist.schema.json'));
  const item = { id: 'x', stage: 'prepare', title: 'T', body: 'B' };
  assert.ok(checklist({ items: [item] }));
  assert.ok(!checklist({ items: [{ ...item, colour: 'red' }] }), 'unknown key');
  assert.ok(checklist({ items: [{ ...item, when: { answer: 'entity', equals: 'individual' } }] }));
  assert.ok(!checklist({ items: [{ ...item, when: { answer: 'entity' } }] }), 'a test needs equals, in or known');
  assert.ok(!checklist({ items: [{ ...item, when: { answer: 'entity', fact: 'x', equals: 'a' } }] }), 'two subjects');
  assert.ok(checklist({ items: [{ ...item, when: { all: [{ not: { fact: 'f', known: true } }] } }] }));
  assert.ok(!checklist({ items: [{ ...item, id: 'Permit' }] }), 'an id starts with a lowercase letter');
  assert.ok(!checklist({ items: [{ ...item, id: 'id card' }] }), 'an id has no spaces');

  const sources = validator(join(RULES, 'schemas/sources.schema.json'));
  const source = { id: 'S9a', title: 'T', url: 'https://example.cn/' };
  assert.ok(sources({ sources: [source, { ...source, id: 'S_gov' }] }));
  assert.ok(!sources({ sources: [{ ...source, id: 's2' }] }), 'a source id starts with S');

  const region = validator(join(RULES, 'schemas/region.schema.json'));
  const statement = { value: '甲', confidence: 'confirmed', sources: ['S1'], verified: '2026-01-02' };
  const base = { name: { en: 'A', 'zh-CN': '甲' }, facts: { prefix: [statement] } };
  assert.ok(region(base));
  assert.ok(region({ name: 'A' }), 'a name alone is a region');
  assert.ok(!region({ ...base, facts: { prefix: [{ ...statement, verified: '2026-13-02' }] } }), 'bad date');
  assert.ok(!region({ facts: {} }), 'a region needs a name');
});
