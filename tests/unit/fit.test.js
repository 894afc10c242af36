// The pure parts of fitting the badge: the theme's colour arithmetic (content/theme.js),
// where the explanation opens (content/fit.js panelPlace) and the word count's words
// (content/words-count.js wordsIn). The browser parts are in tests/e2e/badge-fit.js and draft.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseColor, darkColor } from '../../extension/content/theme.js';
import { panelPlace } from '../../extension/content/fit.js';
import { wordsIn } from '../../extension/content/words-count.js';

test('colours as getComputedStyle writes them', () => {
  assert.deepEqual(parseColor('rgb(32, 33, 36)'), [32, 33, 36, 1]);
  assert.deepEqual(parseColor('rgba(0, 0, 0, 0)'), [0, 0, 0, 0]);
  assert.deepEqual(parseColor('rgb(255 255 255 / 50%)'), [255, 255, 255, 0.5]);
  assert.equal(parseColor('transparent'), null);
});

test('dark when white text contrasts better than black', () => {
  assert.equal(darkColor([32, 33, 36]), true); // Gmail's dark theme
  assert.equal(darkColor([246, 248, 252]), false); // Gmail's light background
  assert.equal(darkColor([255, 255, 255]), false);
  assert.equal(darkColor([117, 117, 117]), true); // just below the 0.179 luminance midpoint
  assert.equal(darkColor([118, 118, 118]), false);
});

const rect = (left, top, right, bottom) => ({ left, top, right, bottom });
const apart = (a, b) => a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
const panelRect = (p) => rect(p.left, p.top, p.left + p.width, p.top + p.maxHeight);

test('the explanation opens beside a floating compose whose body is above its bar (Gmail)', () => {
  const compose = rect(740, 200, 1260, 720);
  const bar = rect(740, 680, 1260, 720);
  const send = rect(750, 686, 830, 714);
  const body = rect(740, 420, 1260, 676);
  const p = panelPlace({ width: 390, height: 300, bar, compose, avoid: [send, body, rect(840, 690, 900, 710)], viewport: { width: 1280, height: 720 } });
  for (const a of [send, body]) assert.ok(apart(panelRect(p), a), JSON.stringify(p));
  assert.equal(p.maxHeight, 300, 'whole');
  assert.ok(p.left + p.width <= compose.left, 'beside it, on the left');
});

test('a full-width compose with Send above the body (Outlook): between them, or narrower, never over them', () => {
  const compose = rect(0, 0, 1280, 720);
  const bar = rect(0, 30, 1280, 70);
  const send = rect(10, 36, 80, 64);
  const body = rect(0, 180, 1280, 340);
  const p = panelPlace({ width: 390, height: 300, bar, compose, avoid: [send, body], viewport: { width: 1280, height: 720 } });
  assert.ok(apart(panelRect(p), send) && apart(panelRect(p), body), JSON.stringify(p));
  assert.ok(p.top >= 4 && p.top + p.maxHeight <= 716 && p.left >= 4 && p.left + p.width <= 1276);
});

test('narrower beside the compose, the panel is taller: its height at the width it gets', () => {
  // Outlook at 1000×700: the compose on the right, 290 px free on its left; Send and the
  // body fill the compose. The text takes 300 px at 390 px wide, 520 px at 284.
  const compose = rect(300, 0, 1000, 700);
  const bar = rect(300, 0, 1000, 40);
  const send = rect(310, 6, 380, 34);
  const body = rect(300, 40, 1000, 700);
  const heightAt = (width) => (width >= 390 ? 300 : 520);
  const p = panelPlace({ width: 390, height: heightAt, bar, compose, avoid: [send, body], viewport: { width: 1000, height: 700 } });
  assert.ok(p.width < 390 && p.left + p.width <= compose.left, JSON.stringify(p));
  assert.equal(p.maxHeight, heightAt(p.width), 'all of it, at its width');
});

test('a viewport with no room anywhere: inside it all the same', () => {
  const everything = rect(0, 0, 300, 200);
  const p = panelPlace({ width: 390, height: 300, bar: everything, compose: everything, avoid: [everything], viewport: { width: 300, height: 200 } });
  assert.ok(p.left >= 4 && p.left + p.width <= 296 && p.top >= 4 && p.top + p.maxHeight <= 196, JSON.stringify(p));
});

test('words: letters and digits, with inner apostrophes and hyphens; any script', () => {
  assert.equal(wordsIn('Hi Alice, here is the plan for Q3.'), 8);
  assert.equal(wordsIn("don't re-apply — 2026 … ok"), 4);
  assert.equal(wordsIn('Grüße, Zoë! Привет мир'), 4);
  assert.equal(wordsIn('  \n '), 0);
});
