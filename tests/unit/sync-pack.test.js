// How a sync item is written in storage.sync (background/sync-pack.js): base 85 without
// the characters JSON escapes, 5 characters per 4 bytes (what the engine's size test
// counts: crate/src/sync/pack.rs, stored_size), deflate through CompressionStream, and
// what is read back is refused when it is not an item or inflates past the bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TEXT, cost, fromText, pack, toText, unpack } from '../../extension/background/sync-pack.js';

test('bytes go to base-85 text and back, 5 characters per 4 bytes, none JSON escapes', () => {
  for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 255, 1001]) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n * 11) & 255);
    const text = toText(bytes);
    assert.equal(text.length, Math.floor(n / 4) * 5 + (n % 4 ? (n % 4) + 1 : 0));
    assert.deepEqual(fromText(text), bytes);
    assert.equal(JSON.stringify(text).length, text.length + 2);
    assert.doesNotMatch(text, /["\\<>&']/);
  }
  assert.deepEqual(fromText(toText(new Uint8Array([255, 255, 255, 255, 255]))), new Uint8Array([255, 255, 255, 255, 255]));
  assert.throws(() => fromText('ab"cd'));
  assert.throws(() => fromText('abcdef'));
});

test('an item packs smaller and unpacks to its text; what is not an item is refused', async () => {
  const text = JSON.stringify({ v: 1, d: ['k3j9x2pq'], g: Array.from({ length: 50 }, (_, i) => ['o-' + i, 0, [], []]) });
  const value = await pack(text);
  assert.ok(cost('t:o-0', value) < text.length / 3);
  assert.equal(await unpack(value), text);
  await assert.rejects(unpack(42));
  await assert.rejects(unpack('not base 85 " at all'));
  const bomb = await pack('x'.repeat(MAX_TEXT + 10));
  await assert.rejects(unpack(bomb), /inflates/);
});
