// The built WebAssembly module (dist/extension, from ./build.sh; TOO_SOON_EXTENSION_DIR to
// test another) carries no sentences: the engine answers with ids, codes and data, and the
// extension words them from its catalogue (issue 14). The CLI's English comes from the
// same catalogue, compiled into the native build only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const DIST = process.env.TOO_SOON_EXTENSION_DIR ? new URL(`file://${process.env.TOO_SOON_EXTENSION_DIR}/`) : new URL('../../dist/extension/', import.meta.url);
const ROOT = new URL('../../', import.meta.url);
/** The two builds of the engine (docs/performance.md, "Two modules"). */
const MODULES = [
  ['the everyday engine module', 'engine/too_soon_bg.wasm'],
  ['the engine module with sync', 'engine/sync/too_soon_bg.wasm'],
];

/** The longest run of a message's text between placeholders. */
const longestFragment = (message) =>
  message
    .split(/\{\w+\}|\$\d/)
    .map((s) => s.trim())
    .sort((a, b) => b.length - a.length)[0];

/** The engine's words in the English catalogue (`say_…`). */
const said = Object.entries(JSON.parse(readFileSync(new URL('extension/_locales/en/messages.json', ROOT), 'utf8'))).filter(([key]) =>
  key.startsWith('say_'),
);

for (const [name, path] of MODULES) {
  test(`${name} holds none of the English catalogue`, () => {
    const module = readFileSync(new URL(path, DIST));
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
}

// The everyday module's size: the target, 300 KB raw and 125 KB gzipped (gzip -9,
// as ./build.sh measures it). The module with sync, loaded only once sync is on, is held
// where 2026-12-03's JSON reader left it (326,681 bytes), with 1% of room: a change that
// grows either past its mark cuts elsewhere first, or says in docs/performance.md why it
// may not.
const TARGET = { raw: 300_000, gzipped: 125_000 };
const WITH_SYNC = 329_500;

test(`the everyday engine module is under ${TARGET.raw} bytes, ${TARGET.gzipped} gzipped`, () => {
  const module = readFileSync(new URL(MODULES[0][1], DIST));
  const gzipped = gzipSync(module, { level: 9 }).length;
  assert.ok(module.length > 100_000 && module.length < TARGET.raw, `${module.length} bytes`);
  assert.ok(gzipped < TARGET.gzipped, `${gzipped} bytes gzipped`);
});

test(`the engine module with sync stays under ${WITH_SYNC} bytes, and holds what the everyday one leaves out`, () => {
  const everyday = readFileSync(new URL(MODULES[0][1], DIST));
  const synced = readFileSync(new URL(MODULES[1][1], DIST));
  assert.ok(synced.length > everyday.length && synced.length < WITH_SYNC, `${synced.length} bytes`);
  // wasm-bindgen exports sync's step and session by these names; only the module with sync has them.
  for (const name of ['engine_syncStep', 'syncsession_new']) {
    assert.ok(synced.includes(Buffer.from(name)), `${name} in the module with sync`);
    assert.ok(!everyday.includes(Buffer.from(name)), `${name} not in the everyday module`);
  }
});
