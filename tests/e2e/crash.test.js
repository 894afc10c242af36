// A "Replace" restore stopped at a few points (the browser killed, the service worker
// stopped) leaves exactly the old history or exactly the new one (see crash.js; the long
// version is tests/bench/crash-consistency.js).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { killPoints } from './crash.js';

it('Chromium: a Replace restore killed or stopped at 4 points leaves the old history or the new one', { timeout: 600000 }, async () => {
  const { results } = await killPoints({ points: 4, opportunities: 300, events: 6000, log: (line) => console.log(`  ${line}`) });
  for (const { mode, after, delay, outcome, journalLeft } of results) {
    assert.match(outcome, /^(old|new)$/, `${mode} ${delay} ms after ${after}`);
    assert.equal(journalLeft, false, `${mode} ${delay} ms after ${after}: the journal was finished`);
  }
});
