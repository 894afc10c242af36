// The popup at scale, in headless Chromium with the built extension (dist/extension, or
// TOO_SOON_EXTENSION_DIR): 200 opportunities (each with two people and four events) are
// stored, then the popup is opened 20 times. For each open: the time from the page's start
// (performance.now() at navigation) until the list is rendered (body[data-rendered-at],
// recorded by the popup itself). Prints the median, the fastest and the slowest.
//   node tests/bench/popup.js   (./build.sh bench runs it)
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { launch } from '../e2e/drivers/chromium.js';

const OPPORTUNITIES = 200;
const OPENS = 20;
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

const times = []; // from opening the page
const own = []; // from the popup's script starting
const asked = []; // of which: asking the background (status, export)
const drawn = []; // of which: rendering the list
let cards = 0;
for (let i = 0; i < OPENS; i += 1) {
  const page = await driver.extensionPage('popup/popup.html');
  for (let tries = 0; tries < 400; tries += 1) {
    const ready = await page.evaluate(() => document.body.dataset.ready === 'true');
    if (ready) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const shown = await page.evaluate(() => ({
    at: Number(document.body.dataset.renderedAt),
    started: Number(document.body.dataset.startedAt),
    loaded: performance.getEntriesByName('too-soon:loaded')[0]?.startTime ?? NaN,
    cards: document.querySelectorAll('li.card').length,
  }));
  times.push(shown.at);
  own.push(shown.at - shown.started);
  asked.push(shown.loaded - shown.started);
  drawn.push(shown.at - shown.loaded);
  cards = shown.cards;
  await page.close();
}
await seeder.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.local.clear());
await driver.close();

const ms = (n) => `${n.toFixed(1)} ms`;
function describe(list) {
  const sorted = [...list].sort((a, b) => a - b);
  const median = (sorted[OPENS / 2 - 1] + sorted[OPENS / 2]) / 2;
  return `median ${ms(median)} (fastest ${ms(sorted[0])}, slowest ${ms(sorted[OPENS - 1])})`;
}
console.log(`popup with ${OPPORTUNITIES} opportunities (${cards} cards), ${OPENS} opens (target: under 100 ms):`);
console.log(`  from opening the page to the rendered list: ${describe(times)}`);
console.log(`  of which before the popup's script starts (page and modules loading): ${describe(times.map((t, i) => t - own[i]))}`);
console.log(`  from the popup's script starting to the rendered list: ${describe(own)}`);
console.log(`    of which asking the background: ${describe(asked)}; rendering: ${describe(drawn)}`);
console.log(`  (load average while measuring: ${loadavg().map((n) => n.toFixed(1)).join(', ')}; the machine has ${cpus().length} cores)`);
if (cards !== OPPORTUNITIES) throw new Error(`expected ${OPPORTUNITIES} cards, saw ${cards}`);
