// A change that sets and removes (a "Replace" restore) is all-or-nothing: stopped after
// any step of the writer (extension/background/store.js, journal.js), storage finished by
// the next start's roll-forward holds the old entries or the new ones, never both.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JOURNAL, finished, rollForward } from '../../extension/background/journal.js';
import { createWriter } from '../../extension/background/store.js';

/** A storage area in memory; it stops (as a killed browser) after `steps` calls that write. */
function memoryArea(items, steps = Infinity) {
  const calls = [];
  let left = steps;
  const step = (name) => {
    calls.push(name);
    if (left <= 0) throw new Error('stopped');
    left -= 1;
  };
  return {
    items,
    calls,
    async get(keys) {
      if (keys === null) return { ...items };
      const out = {};
      for (const key of [keys].flat()) if (key in items) out[key] = items[key];
      return out;
    },
    async set(values) {
      step('set');
      Object.assign(items, structuredClone(values));
    },
    async remove(keys) {
      step('remove');
      for (const key of [keys].flat()) delete items[key];
    },
  };
}

const OLD = { schema: { version: 1 }, 'contact:old-1': { id: 'old-1' }, 'contact:old-2': { id: 'old-2' }, 'event:x': { id: 'x' } };
const REPLACE = { set: { 'contact:new-1': { id: 'new-1' }, 'event:x': { id: 'x', v: 2 } }, remove: ['contact:old-1', 'contact:old-2'] };
const NEW = { schema: { version: 1 }, 'contact:new-1': { id: 'new-1' }, 'event:x': { id: 'x', v: 2 } };

describe('the journal', () => {
  it('a replace stopped after any step is finished at the next start: old or new, never both', async () => {
    const outcomes = [];
    for (let steps = 0; steps <= 4; steps += 1) {
      const area = memoryArea(structuredClone(OLD), steps);
      const answer = await createWriter(area).commit(REPLACE);
      // Once the set (with its journal) is stored, the change is: it is answered as saved.
      assert.equal(answer === null, steps >= 1, `after ${steps} steps: ${JSON.stringify(answer)}`);
      // What the engine reads before the roll-forward is already what storage will hold.
      const seen = finished(await area.get(null));
      const restarted = memoryArea(area.items);
      await rollForward(restarted);
      assert.equal(await rollForward(restarted), false, 'once finished, no journal is left');
      assert.deepEqual(seen, restarted.items);
      const outcome = JSON.stringify(restarted.items) === JSON.stringify(OLD) ? 'old' : 'new';
      if (outcome === 'new') assert.deepEqual(restarted.items, NEW);
      outcomes.push(outcome);
    }
    assert.deepEqual(outcomes, ['old', 'new', 'new', 'new', 'new']);
  });

  it('the journal rides in the same set as the entries, and goes last', async () => {
    const area = memoryArea(structuredClone(OLD));
    const seen = [];
    const recording = { ...area, set: async (v) => (seen.push(['set', Object.keys(v).sort()]), area.set(v)), remove: async (k) => (seen.push(['remove', k]), area.remove(k)) };
    assert.equal(await createWriter(recording).commit(REPLACE), null);
    assert.deepEqual(seen, [
      ['set', ['contact:new-1', 'event:x', JOURNAL].sort()],
      ['remove', ['contact:old-1', 'contact:old-2']],
      ['remove', JOURNAL],
    ]);
    assert.deepEqual(area.items, NEW);
  });

  it('a small write (set only, or remove only) stays one call, with no journal', async () => {
    const area = memoryArea(structuredClone(OLD));
    const { commit } = createWriter(area);
    assert.equal(await commit({ set: { 'event:e1': { id: 'e1' } }, remove: [] }), null);
    assert.equal(await commit({ set: {}, remove: ['event:e1'] }), null);
    assert.deepEqual(area.calls, ['set', 'remove']);
    assert.deepEqual(area.items, OLD);
  });

  it('the writer waits for the roll-forward before its first change', async () => {
    const order = [];
    let release;
    const ready = new Promise((resolve) => (release = resolve)).then(() => order.push('recovered'));
    const { enqueue } = createWriter(memoryArea({}), ready);
    const first = enqueue(async () => order.push('first change'));
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(order, []);
    release();
    await first;
    assert.deepEqual(order, ['recovered', 'first change']);
  });

  it('a journal the browser refused to finish is finished before the next change', async () => {
    const area = memoryArea(structuredClone(OLD));
    const remove = area.remove;
    let refusals = 1;
    area.remove = async (keys) => {
      if (refusals-- > 0) throw new Error('IO error');
      return remove.call(area, keys);
    };
    const { commit } = createWriter(area);
    // Stored (the set with its journal): answered as saved, not "nothing was saved".
    assert.equal(await commit(REPLACE), null);
    assert.ok(JOURNAL in area.items, 'the journal stays');
    assert.deepEqual(finished(await area.get(null)), NEW, 'read as the new history');
    // The next change stores contact:old-1 again: the journal is finished first, so it stays.
    assert.equal(await commit({ set: { 'contact:old-1': { id: 'old-1', again: true } }, remove: [] }), null);
    assert.deepEqual(area.items, { ...NEW, 'contact:old-1': { id: 'old-1', again: true } });
  });

  it('a damaged journal removes nothing it should not', async () => {
    const area = memoryArea({ ...structuredClone(OLD), [JOURNAL]: { remove: [7, null, JOURNAL, 'contact:old-1'] } });
    assert.equal(await rollForward(area), true);
    assert.deepEqual(Object.keys(area.items).sort(), ['contact:old-2', 'event:x', 'schema']);
    const junk = memoryArea({ ...structuredClone(OLD), [JOURNAL]: 'junk' });
    assert.equal(await rollForward(junk), true);
    assert.deepEqual(junk.items, OLD);
    assert.deepEqual(finished({ a: 1, [JOURNAL]: null }), { a: 1 });
  });
});
