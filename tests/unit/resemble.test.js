// Which chip names resemble a tracked contact's name (extension/content/resemble.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resembles, resembling, words } from '../../extension/content/resemble.js';

test('words: lowercased, a parenthesised part and punctuation dropped', () => {
  assert.deepEqual(words('carol partner (Acme)'), ['carol', 'partner']);
  assert.deepEqual(words('  Carol   P. '), ['carol', 'p']);
  assert.deepEqual(words("O'Brien, Anne-Marie"), ["o'brien", 'anne-marie']);
  assert.deepEqual(words(''), []);
});

test('the issue\'s cases resemble Carol Partner', () => {
  for (const chip of ['Carol P.', 'carol partner (Acme)', 'Partner, Carol', 'CAROL PARTNER', 'C. Partner', 'Partner C']) {
    assert.equal(resembles(chip, 'Carol Partner'), true, chip);
    assert.equal(resembles('Carol Partner', chip), true, `${chip} (the other way)`);
  }
});

test('names that do not resemble', () => {
  const cases = [
    ['Carol Smith', 'Carol Partner'], // another word
    ['Carol', 'Carol Partner'], // fewer words
    ['Carol P. Jones', 'Carol Partner'], // more words
    ['C. P.', 'Carol Partner'], // initials only: too little to ask
    ['Carl Partner', 'Carol Partner'], // a different first name
    ['(Acme)', 'Carol Partner'], // nothing left
    ['Pa Carol', 'Carol Partner'], // two letters are no initial
  ];
  for (const [a, b] of cases) assert.equal(resembles(a, b), false, `${a} / ${b}`);
});

test('resembling: the known names a chip resembles, not the one written the same', () => {
  const known = ['carol partner', 'dave doe', 'carol p'];
  assert.deepEqual(resembling('Carol P.', known), ['carol partner']);
  assert.deepEqual(resembling('Carol Partner', known), ['carol p']);
  assert.deepEqual(resembling('Eve', known), []);
});
