// Which build of the engine the background loads (docs/performance.md, "Two modules"): the
// everyday one while sync is off, the one with sync in its place once sync is turned on,
// and that one alone when sync is on at start. The built background runs in node over a
// stand-in browser API (fake-browser.js), with the real modules; each case in its own
// process (a module is loaded once per process), the second one as a child of this file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fakeApi, startBackground } from './fake-browser.js';
import { until } from '../e2e/helpers.js';

const EVERYDAY = 'engine/too_soon_bg.wasm';
const WITH_SYNC = 'engine/sync/too_soon_bg.wasm';
const opportunity = { id: 'o1', company: 'Acme', role: 'Engineer', stage: 'applied' };

if (process.env.ENGINE_CHOICE_CASE === 'on-at-start') {
  // The child: sync on before the background starts.
  const api = fakeApi();
  api.storage.local.items['sync:settings'] = { on: true };
  await startBackground(api);
  const saved = await api.send({ v: 1, type: 'put_opportunity', opportunity });
  await until(() => api.storage.local.items['sync:status']?.last_synced, 'the first sync');
  console.log(JSON.stringify({ saved: saved.ok, fetched: api.fetched, synced: Object.keys(api.storage.sync.items) }));
  process.exit(0);
}

test('sync off: the everyday engine; sync turned on: the engine with sync in its place, over the same history', async () => {
  const api = fakeApi();
  await startBackground(api);
  assert.equal((await api.send({ v: 1, type: 'put_opportunity', opportunity })).ok, true);
  assert.equal((await api.send({ v: 1, type: 'summary' })).opportunities, 1);
  assert.deepEqual(api.fetched, [EVERYDAY]);

  await api.storage.local.set({ 'sync:settings': { on: true } });
  await until(() => api.storage.local.items['sync:status']?.last_synced, 'the first sync');
  assert.deepEqual(api.fetched, [EVERYDAY, WITH_SYNC]);
  assert.ok(Object.keys(api.storage.sync.items).length > 0, 'the history is in storage.sync');
  // The engine with sync answers, and changes, what is stored.
  assert.equal((await api.send({ v: 1, type: 'put_opportunity', opportunity: { ...opportunity, id: 'o2' } })).ok, true);
  const summary = await api.send({ v: 1, type: 'summary' });
  assert.deepEqual([summary.ok, summary.opportunities], [true, 2], JSON.stringify(summary));
  assert.deepEqual(api.fetched, [EVERYDAY, WITH_SYNC], 'the everyday engine is not loaded again');
});

test('sync on at start: only the engine with sync is loaded', () => {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url)], {
    env: { ...process.env, ENGINE_CHOICE_CASE: 'on-at-start' },
    encoding: 'utf8',
  });
  const { saved, fetched, synced } = JSON.parse(out.trim().split('\n').pop());
  assert.equal(saved, true);
  assert.deepEqual(fetched, [WITH_SYNC]);
  assert.ok(synced.length > 0, 'the history is in storage.sync');
});
