// The background's one writer (extension/background/store.js), in node with a stand-in
// for storage.local: changes run one at a time in order, and a refusal of the browser
// (storage full) becomes an error answer instead of being dropped.
import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { KEEP_ALIVE_MS, createQueue, createWriter, storageFailure } from '../../extension/background/store.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 5));

describe('the writer', () => {
  it('runs queued tasks one at a time, in order, even when one fails', async () => {
    const enqueue = createQueue();
    const log = [];
    let running = 0;
    const task = (i) => async () => {
      running += 1;
      assert.equal(running, 1, 'never two at once');
      await tick();
      log.push(i);
      running -= 1;
      if (i === 3) throw new Error('task 3 fails');
      return i;
    };
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => enqueue(task(i))));
    assert.deepEqual(log, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(results[3].status, 'rejected');
    assert.equal(results[9].value, 9);
  });

  it('keeps the background alive while a change is queued or written (Firefox stops it 30 s after the last call into the browser), and only then', async () => {
    mock.timers.enable({ apis: ['setInterval'] });
    try {
      let calls = 0;
      const enqueue = createQueue(Promise.resolve(), () => (calls += 1));
      let finish;
      const long = enqueue(() => new Promise((resolve) => (finish = resolve))); // a restore being stored
      const next = enqueue(async () => 'next');
      await new Promise((resolve) => setImmediate(resolve));
      mock.timers.tick(3 * KEEP_ALIVE_MS);
      assert.equal(calls, 3, 'called while the change is written');
      finish('done');
      assert.deepEqual([await long, await next], ['done', 'next']);
      mock.timers.tick(3 * KEEP_ALIVE_MS);
      assert.equal(calls, 3, 'not called once the queue is empty');
      await enqueue(async () => null);
      mock.timers.tick(KEEP_ALIVE_MS);
      assert.equal(calls, 3, 'a short change is over before the first call');
    } finally {
      mock.timers.reset();
    }
  });

  it('sets, then removes (with the journal of what to remove in the set, dropped last)', async () => {
    const calls = [];
    const area = { set: async (items) => calls.push(['set', items]), remove: async (keys) => calls.push(['remove', keys]) };
    const { commit } = createWriter(area);
    assert.equal(await commit({ set: { 'event:e1': { id: 'e1' } }, remove: ['history'] }), null);
    assert.deepEqual(calls, [
      ['set', { 'event:e1': { id: 'e1' }, 'write-journal': { remove: ['history'] } }],
      ['remove', ['history']],
      ['remove', 'write-journal'],
    ]);
    calls.length = 0;
    assert.equal(await commit({ set: {}, remove: [] }), null);
    assert.deepEqual(calls, [], 'nothing to write: no call');
  });

  it('answers a full storage with quota_exceeded, and other refusals with storage_failed', async () => {
    const refusing = (message) => ({
      set: async () => {
        throw new Error(message);
      },
      remove: async () => {},
    });
    const full = await createWriter(refusing('QUOTA_BYTES quota exceeded')).commit({ set: { a: 1 }, remove: [] });
    assert.deepEqual([full.v, full.ok, full.type, full.code], [1, false, 'error', 'quota_exceeded']);
    assert.match(full.message, /storage for Too Soon\? is full, so nothing was saved \(QUOTA_BYTES quota exceeded\)/);
    // The pages word it from the problem, in the user's language (the message is for logs).
    assert.deepEqual(full.problems, [{ path: '', code: 'quota_exceeded', values: {} }]);
    const other = await createWriter(refusing('IO error: disk gone')).commit({ set: { a: 1 }, remove: [] });
    assert.equal(other.code, 'storage_failed');
    assert.match(other.message, /nothing was saved \(IO error: disk gone\)/);
    assert.equal(storageFailure(new DOMException('The quota has been exceeded.', 'QuotaExceededError')).code, 'quota_exceeded');
  });
});
