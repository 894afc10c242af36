// A trap of the WebAssembly engine (its memory left in any state) does not leave the
// background broken: the built background (dist/extension/background/main.js, with the
// real module from ./build.sh) runs in node over a stand-in browser API; the module's
// memory is garbled so that the next call traps. That message is answered with a clear
// error, and the next one is answered by a fresh instance, over what is stored.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, fakeApi, startBackground } from './fake-browser.js';

describe('a trapped engine', () => {
  let api;
  let glue;
  before(async () => {
    api = fakeApi();
    await startBackground(api);
    // The engine's glue is the module the bundled background imports (one instance).
    glue = await import(new URL('engine/too_soon.js', DIST));
  });

  it('answers the message that trapped with a clear error, and the next one with a fresh instance', async () => {
    const opportunity = { id: 'o1', company: 'Acme', role: 'Engineer', stage: 'applied' };
    assert.equal((await api.send({ v: 1, type: 'put_opportunity', opportunity })).ok, true);
    const before = await api.send({ v: 1, type: 'summary' });
    assert.deepEqual([before.ok, before.opportunities], [true, 1]);

    // Garble the instance's memory: every later call into it traps.
    const exports = await glue.default(); // initialized already: the instance in use
    new Uint8Array(exports.memory.buffer).fill(0xff);
    const trapped = await api.send({ v: 1, type: 'put_opportunity', opportunity: { ...opportunity, id: 'o2' } });
    assert.deepEqual([trapped.ok, trapped.code], [false, 'engine_unavailable']);
    assert.match(trapped.message, /engine failed on this message and was restarted \(.+\); ask again/);

    // A fresh instance answers, over what is stored.
    const after = await api.send({ v: 1, type: 'summary' });
    assert.deepEqual([after.ok, after.opportunities], [true, 1], JSON.stringify(after));
    assert.equal((await api.send({ v: 1, type: 'put_opportunity', opportunity: { ...opportunity, id: 'o2' } })).ok, true);
    assert.equal((await api.send({ v: 1, type: 'summary' })).opportunities, 2);
    assert.deepEqual(Object.keys(api.storage.local.items).filter((k) => k.startsWith('opportunity:')).sort(), ['opportunity:o1', 'opportunity:o2']);
  });
});
