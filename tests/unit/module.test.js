// The built WebAssembly module (dist/extension, from ./build.sh; TOO_SOON_EXTENSION_DIR to
// test another) carries no sentences: the engine answers with ids, codes and data, and the
// extension words them from its catalogue (issue 14). The CLI's English comes from the
// same catalogue, compiled into the native build only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';

const DIST = process.env.TOO_SOON_EXTENSION_DIR ? new URL(`file://${process.env.TOO_SOON_EXTENSION_DIR}/`) : new URL('../../dist/extension/', import.meta.url);
const ROOT = new URL('../../', import.meta.url);

/** The longest run of a message's text between placeholders. */
const longestFragment = (message) =>
  message
    .split(/\{\w+\}|\$\d/)
    .map((s) => s.trim())
    .sort((a, b) => b.length - a.length)[0];

test('the engine module holds none of the English catalogue', () => {
  const module = readFileSync(new URL('engine/too_soon_bg.wasm', DIST));
  const en = JSON.parse(readFileSync(new URL('extension/_locales/en/messages.json', ROOT), 'utf8'));
  const said = Object.entries(en).filter(([key]) => key.startsWith('say_'));
  assert.ok(said.length > 50, `the engine's words are in the catalogue (${said.length})`);
  const found = [];
  for (const [key, { message }] of said) {
    const fragment = longestFragment(message);
    if (fragment.length >= 12 && module.includes(Buffer.from(fragment))) found.push(`${key}: ${fragment}`);
  }
  assert.deepEqual(found, [], 'sentences of the catalogue inside the module');
  // The check itself can fail: the same search finds a string the module does hold.
  assert.ok(module.includes(Buffer.from('too_large')), 'a problem code is in the module');
});

// The module's size, held where 2026-12-03's JSON reader left it (326,681 bytes), with 1% of
// room: a change that grows it past this cuts elsewhere first, or says in
// docs/performance.md why it may not. The target (300 KB) is not met yet.
const CEILING = 329_500;

test(`the engine module stays under ${CEILING} bytes`, () => {
  const { size } = statSync(new URL('engine/too_soon_bg.wasm', DIST));
  assert.ok(size > 100_000 && size < CEILING, `${size} bytes`);
});
