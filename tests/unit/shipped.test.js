// The shipped build (dist/extension) holds no test hook; the test build beside it
// (dist/test/extension, which the end-to-end tests load) does. Both from ./build.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const HOOKS = ['test:clock_offset_ms', 'TOO_SOON_TEST_HOOKS', 'test-probe', 'content-probe'];

function texts(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return texts(path);
    return /\.(js|json|html|css)$/.test(name) ? [[path, readFileSync(path, 'utf8')]] : [];
  });
}

const found = (dir) => texts(dir).flatMap(([path, text]) => HOOKS.filter((h) => text.includes(h)).map((h) => `${path}: ${h}`));

test('dist/extension contains no test hook', () => {
  assert.deepEqual(found(join(dist, 'extension')), []);
});

test('the test build carries the clock hook, so the check above can find one', () => {
  assert.ok(found(join(dist, 'test', 'extension')).some((f) => f.endsWith('test:clock_offset_ms')));
});
