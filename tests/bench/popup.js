// The popup at scale, in headless Chromium with the built extension (dist/extension, or
// TOO_SOON_EXTENSION_DIR): 200 opportunities (each with two people and four events) are
// stored, then the popup is opened 20 times. For each open, from the page's start
// (performance.now() at navigation), as the popup records it: until the list is shown
// with statuses that hold (body[data-rendered-at]: the first screen of cards, from the
// status the background kept; or body[data-revised-at] when that was out of date and the
// fresh one was shown instead), until the frame that shows it was painted
// (body[data-painted-at]: layout and paint included) and until every card is in the page
// (body[data-complete-at]). Prints the median, the fastest and the slowest, and how each
// open was shown. Then 10 opens with nothing kept.
//   node tests/bench/popup.js   (./build.sh bench runs it)
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { launch } from '../e2e/drivers/chromium.js';

const OPPORTUNITIES = 200;
const OPENS = 20;
const COLD_OPENS = 10;
const DAY = 24 * 3600 * 1000;
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = process.env.TOO_SOON_EXTENSION_DIR || `${root}dist/extension`;

function history() {
  const file = { format: 'too-soon', version: 1, opportunities: [], contacts: [], events: [] };
  const at = (days) => new Date(Date.now() - days * DAY).toISOString();
  for (let i = 0; i < OPPORTUNITIES; i += 1) {
    const id = `o${i}`;
    file.opportunities.push({ id, company: `Company ${i}`, role: `Role ${i}`, stage: i % 10 === 0 ? 'closed' : i % 3 ? 'applied' : 'interviewing' });
    for (const [n, role] of [['a', 'recruiter'], ['b', 'hiring_manager']]) {
      file.contacts.push({ id: `${id}${n}`, opportunity: id, name: `Person ${i}${n}`, role, addresses: [`${n}${i}@company${i}.example`] });
    }
    file.events.push(
      { id: `${id}e1`, opportunity: id, kind: 'application', at: at(30 + (i % 9)) },
      { id: `${id}e2`, opportunity: id, kind: 'interview', at: at(10 + (i % 7)), contacts: [`${id}b`] },
      { id: `${id}e3`, opportunity: id, kind: 'follow_up', at: at(3 + (i % 5)), contacts: [`${id}a`], channel: 'email' },
      { id: `${id}e4`, opportunity: id, kind: 'call_attempt', at: at(1 + (i % 3)), contacts: [`${id}a`] },
    );
  }
  return JSON.stringify(file);
}

const driver = await launch(dir);
const seeder = await driver.extensionPage('options/options.html');
const answer = await seeder.evaluate(async (text) => {
  const api = globalThis.browser ?? globalThis.chrome;
  await api.storage.local.clear();
  return api.runtime.sendMessage({ v: 1, type: 'import', file: text, mode: 'replace' });
}, history());
if (!answer?.ok) throw new Error(JSON.stringify(answer).slice(0, 500));

/** Opens the popup once: when its list was shown with statuses that hold, and how. */
async function openOnce() {
  const page = await driver.extensionPage('popup/popup.html');
  for (let tries = 0; tries < 400; tries += 1) {
    const ready = await page.evaluate(() => document.body.dataset.ready === 'true' && document.body.dataset.paintedAt !== undefined);
    if (ready) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const shown = await page.evaluate(() => ({
    at: Number(document.body.dataset.revisedAt ?? document.body.dataset.renderedAt),
    from: document.body.dataset.revisedAt ? 'revised' : document.body.dataset.shownFrom,
    started: Number(document.body.dataset.startedAt),
    painted: Number(document.body.dataset.paintedAt),
    complete: Number(document.body.dataset.completeAt ?? document.body.dataset.revisedAt ?? document.body.dataset.renderedAt),
    cards: document.querySelectorAll('li.card').length,
  }));
  await page.close();
  if (shown.cards !== OPPORTUNITIES) throw new Error(`expected ${OPPORTUNITIES} cards, saw ${shown.cards}`);
  return shown;
}

// As a person opens it: the background keeps its last status answer between openings.
const opens = [];
for (let i = 0; i < OPENS; i += 1) opens.push(await openOnce());
// Nothing kept (right after a change made elsewhere, before the toolbar count asked again).
const cold = [];
for (let i = 0; i < COLD_OPENS; i += 1) {
  await seeder.evaluate(async () => {
    const { local } = (globalThis.browser ?? globalThis.chrome).storage;
    await local.remove('last-status');
    await new Promise((r) => setTimeout(r, 100)); // the last open's answer may still be on its way in
    await local.remove('last-status');
  });
  cold.push(await openOnce());
}

// The history of one opportunity with 500 events: from opening its "History" to the list
// drawn (the `events` message answered and every item built), as the popup records it.
const TIMELINE_EVENTS = 500;
const TIMELINE_OPENS = 20;
function longHistory() {
  const file = { format: 'too-soon', version: 1, opportunities: [{ id: 'big', company: 'Big Corp', stage: 'interviewing' }], contacts: [], events: [] };
  file.contacts.push({ id: 'bc', opportunity: 'big', name: 'Busy Person', role: 'recruiter', addresses: ['busy@big.example'] });
  const kinds = ['interview', 'call_attempt', 'reply'];
  for (let i = 0; i < TIMELINE_EVENTS; i += 1) {
    file.events.push({ id: `b${i}`, opportunity: 'big', kind: kinds[i % 3], at: new Date(Date.now() - (i + 1) * 3600 * 1000).toISOString(), contacts: ['bc'] });
  }
  return JSON.stringify(file);
}
const replaced = await seeder.evaluate(
  (text) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ v: 1, type: 'import', file: text, mode: 'replace' }),
  longHistory(),
);
if (!replaced?.ok) throw new Error(JSON.stringify(replaced).slice(0, 500));
const timeline = await driver.extensionPage('popup/popup.html');
for (let tries = 0; tries < 400 && !(await timeline.evaluate(() => document.body.dataset.ready === 'true')); tries += 1) {
  await new Promise((r) => setTimeout(r, 25));
}
const timelineMs = [];
const timelineAnswered = [];
for (let i = 0; i < TIMELINE_OPENS; i += 1) {
  const { ms, answered, items } = await timeline.evaluate(async () => {
    const section = document.querySelector('li[data-id="big"] .timeline');
    const opener = section.querySelector('.disclosure');
    if (opener.getAttribute('aria-expanded') === 'true') opener.click(); // closed
    delete section.dataset.shownMs;
    opener.click(); // opened: the history asked and drawn
    for (let tries = 0; tries < 400 && section.dataset.shownMs === undefined; tries += 1) await new Promise((r) => setTimeout(r, 5));
    return { ms: Number(section.dataset.shownMs), answered: Number(section.dataset.answeredMs), items: section.querySelectorAll('li.event').length };
  });
  if (items !== TIMELINE_EVENTS) throw new Error(`expected ${TIMELINE_EVENTS} events in the history, saw ${items}`);
  timelineMs.push(ms);
  timelineAnswered.push(answered);
}
await timeline.close();
await seeder.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.local.clear());
await driver.close();

const ms = (n) => `${n.toFixed(1)} ms`;
function describe(list) {
  const sorted = [...list].sort((a, b) => a - b);
  const half = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(half)] : (sorted[half - 1] + sorted[half]) / 2;
  return `median ${ms(median)} (fastest ${ms(sorted[0])}, slowest ${ms(sorted.at(-1))})`;
}
const count = (list, from) => list.filter((o) => o.from === from).length;
console.log(`popup with ${OPPORTUNITIES} opportunities (${OPPORTUNITIES} cards), ${OPENS} opens (target: under 100 ms):`);
console.log(`  from opening the page to the list shown (its first screen of cards): ${describe(opens.map((o) => o.at))}`);
console.log(`  of which before the popup's script starts (page and modules loading): ${describe(opens.map((o) => o.started))}`);
console.log(`  from the popup's script starting to the list shown: ${describe(opens.map((o) => o.at - o.started))}`);
console.log(`  from opening the page to the frame that shows it painted: ${describe(opens.map((o) => o.painted))}`);
console.log(`  from opening the page to all ${OPPORTUNITIES} cards in the page: ${describe(opens.map((o) => o.complete))}`);
console.log(
  `  shown from the status the background kept, confirmed by the fresh one: ${count(opens, 'kept')}; ` +
    `kept but out of date, shown again: ${count(opens, 'revised')}; nothing kept, fresh: ${count(opens, 'fresh')}`,
);
console.log(`with nothing kept (${COLD_OPENS} opens, the fresh status asked at once): ${describe(cold.map((o) => o.at))}`);
console.log(`  (load average while measuring: ${loadavg().map((n) => n.toFixed(1)).join(', ')}; the machine has ${cpus().length} cores)`);
console.log(`history of one opportunity with ${TIMELINE_EVENTS} events, ${TIMELINE_OPENS} opens (target: under 50 ms): ${describe(timelineMs)}`);
console.log(`  of which the background's answer (the events message): ${describe(timelineAnswered)}`);
if (count(cold, 'fresh') !== COLD_OPENS) throw new Error('an open with nothing kept was not shown from the fresh status');
