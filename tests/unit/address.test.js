// The content script keys addresses as the engine does (crate/src/fixtures.rs, ADDRESSES:
// the same cases run natively and in both browsers against the engine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typedAddresses } from '../../extension/content/address.js';
import { normalize } from '../../extension/shared/address.js';
import { REORDERING } from '../../extension/shared/contract.js';

const CASES = [
  ['Bücher@Bücher.example', 'bücher@xn--bcher-kva.example'],
  ['ann@xn--bcher-kva.example', 'ann@xn--bcher-kva.example'],
  ['ann@ÉCOLE.example', 'ann@xn--cole-9oa.example'],
  ['ann@straße.de', 'ann@xn--strae-oqa.de'],
  ['ann@例え.テスト', 'ann@xn--r8jz45g.xn--zckzah'],
  ['ann@bücher/x', 'ann@bücher/x'],
  [' ÀNN@Example.COM ', 'ànn@example.com'],
  ['ann@Ａcme.example', 'ann@acme.example'],
];

test('addresses are keyed as the engine keys them', () => {
  for (const [address, key] of CASES) assert.equal(normalize(address), key, address);
});

test('text typed into a recipient field: whole addresses, bare or as "Name <address>"', () => {
  assert.deepEqual(typedAddresses('Pat@Example.com'), ['pat@example.com']);
  assert.deepEqual(typedAddresses('"Pat Example" <pat@example.com>; lee@example.org,'), ['pat@example.com', 'lee@example.org']);
  assert.deepEqual(typedAddresses('Doe, Pat <pat@example.com>'), ['pat@example.com']);
  assert.deepEqual(typedAddresses('\u200bpat@example.com\u200e'), ['pat@example.com']);
  // Every character the engine keeps out of an address (text::reorders, through the
  // contract), e.g. the isolates our own sentences put around an address, copied with it.
  assert.ok(REORDERING.length >= 4);
  for (const [from, to] of REORDERING) {
    for (const code of [from, to]) {
      const mark = String.fromCodePoint(code);
      assert.deepEqual(typedAddresses(`${mark}pat@example.com${mark}`), ['pat@example.com'], code.toString(16));
    }
  }
  for (const none of ['', 'Pat', 'pat@', 'pat@example', '<pat@example>', 'pat example.com']) assert.deepEqual(typedAddresses(none), [], none);
});
