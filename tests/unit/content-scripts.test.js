// What the built extension (dist/extension, from ./build.sh; TOO_SOON_EXTENSION_DIR to
// test another) injects into a webmail page: one classic script per webmail, bundled by
// build.sh from content/<webmail>.js and the modules it imports, under 36 KB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';

const DIST = process.env.TOO_SOON_EXTENSION_DIR ? new URL(`file://${process.env.TOO_SOON_EXTENSION_DIR}/`) : new URL('../../dist/extension/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', DIST), 'utf8'));
const BUDGET = 36 * 1024; // bytes a webmail page loads (docs/performance.md)

test('the manifest lists one script per webmail, each its own', () => {
  const lists = manifest.content_scripts.map((c) => c.js);
  assert.deepEqual(lists, [['content/gmail.js'], ['content/outlook.js'], ['content/proton.js'], ['content/yahoo.js']]);
  const outlook = manifest.content_scripts[1];
  assert.ok(outlook.matches.every((m) => m.includes('outlook')) && outlook.match_about_blank === true, 'Outlook pop-outs (about:blank) keep their script');
});

test('each webmail loads one classic script under 36 KB', () => {
  for (const { js } of manifest.content_scripts) {
    let bytes = 0;
    for (const file of js) {
      const code = readFileSync(new URL(file, DIST), 'utf8');
      // A content script runs as a classic script: an `import` or `export` left in it
      // (an entry not bundled) would not even compile.
      assert.doesNotThrow(() => new Script(code, { filename: file }), `${file} compiles as a classic script`);
      bytes += Buffer.byteLength(code);
    }
    assert.ok(bytes > 10000 && bytes < BUDGET, `${js.join(' + ')}: ${bytes} bytes, budget ${BUDGET}`);
  }
});
