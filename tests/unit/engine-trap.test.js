// A trap of the WebAssembly engine (its memory left in any state) does not leave the
// background broken: the built background (dist/extension/background/main.js, with the
// real module from ./build.sh) runs in node over a stand-in browser API; the module's
// memory is garbled so that the next call traps. That message is answered with a clear
// error, and the next one is answered by a fresh instance, over what is stored.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIST = process.env.TOO_SOON_EXTENSION_DIR ? new URL(`file://${process.env.TOO_SOON_EXTENSION_DIR}/`) : new URL('../../dist/extension/', import.meta.url);

/** A stand-in for the browser's extension API: storage in memory, listeners kept. */
function fakeApi() {
  const listeners = { message: [], changed: [] };
  const area = (items = {}) => ({
    items,
    async get(keys) {
      if (keys === null) return structuredClone(items);
      const out = {};
      for (const key of [keys].flat()) if (key in items) out[key] = structuredClone(items[key]);
      return out;
    },
    async set(values) {
      const changes = {};
      for (const [key, value] of Object.entries(values)) {
        changes[key] = { oldValue: items[key], newValue: structuredClone(value) };
        items[key] = structuredClone(value);
      }
      if (this === api.storage.local) for (const l of listeners.changed) l(changes, 'local');
    },
    async remove(keys) {
      const changes = {};
      for (const key of [keys].flat()) {
        if (key in items) changes[key] = { oldValue: items[key] };
        delete items[key];
      }
      if (this === api.storage.local && Object.keys(changes).length) for (const l of listeners.changed) l(changes, 'local');
    },
  });
  const event = (list) => ({ addListener: (l) => list.push(l) });
  const api = {
    runtime: { id: 'too-soon', getURL: (path) => `chrome-extension://too-soon/${path}`, onMessage: event(listeners.message), onStartup: event([]), onInstalled: event([]) },
    storage: { local: area(), session: area(), onChanged: event(listeners.changed) },
    alarms: { get: async () => undefined, create() {}, clear: async () => true, onAlarm: event([]) },
    notifications: { create: async (id) => id, clear: async () => true, onClicked: event([]) },
    action: { setBadgeText: async () => {}, setBadgeBackgroundColor: async () => {} },
  };
  /** Sends `message` as the options page does; resolves with the answer. */
  api.send = (message) =>
    new Promise((resolve) => {
      const sender = { id: 'too-soon', url: 'chrome-extension://too-soon/options/options.html', origin: 'chrome-extension://too-soon' };
      for (const l of listeners.message) l(message, sender, resolve);
    });
  return api;
}

describe('a trapped engine', () => {
  let api;
  let glue;
  before(async () => {
    api = fakeApi();
    globalThis.chrome = api;
    // The module is fetched from its file (node's fetch reads no file: URLs).
    globalThis.fetch = async (url) => new Response(readFileSync(fileURLToPath(url)), { headers: { 'content-type': 'application/wasm' } });
    await import(new URL('background/main.js', DIST));
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
