// Crash consistency of a "Replace" restore, in real headless Chromium with the built
// extension and a kept profile: storage holds an old history (1 opportunity in 3 of the
// new file's addresses, under other ids), a large backup is restored with "replace", and
// at a chosen delay the browser is killed (SIGKILL) or the service worker stopped. The
// browser is then started again on the same profile, the background woken, and storage
// read: it must hold exactly the old history or exactly the new one.
// Used by tests/e2e/crash.test.js (a few kill points, in ./build.sh test) and
// tests/bench/crash-consistency.js (many).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { JOURNAL } from '../../extension/background/journal.js';
import { EXTENSION_DIR } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The new history: too_soon::fixtures::synthetic in the file format (crate/examples/synthetic_file.rs). */
export function syntheticFile(opportunities, events) {
  return execFileSync('cargo', ['run', '--quiet', '--offline', '-p', 'too-soon', '--example', 'synthetic_file', '--', String(opportunities), String(events)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** The old history: the new one's opportunities and contacts under other ids, no events. */
export function oldFileOf(text) {
  const data = JSON.parse(text);
  const old = (id) => `old-${id}`;
  return JSON.stringify({
    ...data,
    opportunities: data.opportunities.map((o) => ({ ...o, id: old(o.id) })),
    contacts: data.contacts.map((c) => ({ ...c, id: old(c.id), opportunity: old(c.opportunity) })),
    events: [],
  });
}

/** The storage keys of a file's entities. */
const entityKeys = (text) => {
  const data = JSON.parse(text);
  return [
    ...data.opportunities.map((o) => `opportunity:${o.id}`),
    ...data.contacts.map((c) => `contact:${c.id}`),
    ...data.events.map((e) => `event:${e.id}`),
  ].sort();
};

/** Chromium on `profile`, started by us (so that it can be killed), driven over CDP. */
async function start(profile) {
  const child = spawn(
    '/usr/bin/chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      'about:blank',
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const endpoint = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${text}`)), 30000);
    child.stderr.on('data', (chunk) => {
      text += chunk;
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
  });
  child.stderr.resume();
  const browser = await chromium.connectOverCDP(endpoint);
  const context = browser.contexts()[0];
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30000 }));
  const id = new URL(worker.url()).host;
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/options/options.html`);
  return {
    page,
    context,
    /** SIGKILL to the whole browser (every process of it), at once. */
    async kill() {
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    },
    async close() {
      const cdp = await browser.newBrowserCDPSession();
      await cdp.send('Browser.close').catch(() => {});
      await Promise.race([exited, sleep(10000)]);
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
      await exited;
    },
  };
}

const send = (page, message) => page.evaluate((m) => chrome.runtime.sendMessage(m), message);

/** Wakes the background (which finishes an interrupted change first), then reads storage.local. */
async function settledStorage(page) {
  await send(page, { v: 1, type: 'ping' });
  await send(page, { v: 1, type: 'summary' });
  return page.evaluate(() => chrome.storage.local.get(null));
}

/** Which history `items` holds: `old`, `new`, or `mixed` (with counts). */
function classify(items, oldKeys, newKeys) {
  const keys = Object.keys(items)
    .filter((k) => /^(opportunity|contact|event):/.test(k))
    .sort();
  const same = (a) => a.length === keys.length && a.every((k, i) => k === keys[i]);
  if (same(oldKeys)) return 'old';
  if (same(newKeys)) return 'new';
  const old = keys.filter((k) => k.includes(':old-')).length;
  return `mixed (${old} old entries, ${keys.length - old} new)`;
}

/**
 * In the options page: sends the restore (without waiting for it) and keeps
 * `globalThis.applied`, a promise of the moment (ms after sending) the new entries were
 * seen stored (storage.onChanged), and `globalThis.done`, of the moment it was answered.
 */
function sendRestore(file) {
  const began = performance.now();
  globalThis.applied = new Promise((resolve) => {
    chrome.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && Object.keys(changes).some((k) => /^(event|contact):(?!old-)/.test(k) && changes[k].newValue)) resolve(performance.now() - began);
    });
  });
  globalThis.done = chrome.runtime.sendMessage({ v: 1, type: 'import', file, mode: 'replace' }).then(
    (answer) => ({ answer, at: performance.now() - began }),
    () => null,
  );
}

/**
 * The kill points: half of them before the new entries are seen stored, at 1/2, 3/4,
 * 7/8… of the time that takes (the browser killed, or the worker stopped while the browser
 * still writes what it was handed), half after (at once, then every few milliseconds,
 * while the old entries are removed); the two ways alternate.
 */
export function plan(points, { applied, done }) {
  const before = Math.ceil(points / 2);
  const after = points - before;
  const mode = (k) => (k % 2 === 0 ? 'kill browser' : 'stop worker');
  return [
    ...Array.from({ length: before }, (_, k) => ({ mode: mode(k), after: 'sent', delay: Math.round(applied * (1 - 0.5 ** (k + 1))) })),
    ...Array.from({ length: after }, (_, k) => ({ mode: mode(k), after: 'stored', delay: Math.round(((done - applied + 50) * k) / after) })),
  ];
}

/**
 * Runs `points` kill points over a restore of a synthetic history of `opportunities` and
 * `events` (see `plan`): returns [{mode, after, delay, outcome, journalLeft}] and the
 * restore's timing. `log(line)` reports progress.
 */
export async function killPoints({ points, opportunities, events, log = () => {} }) {
  const newText = syntheticFile(opportunities, events);
  const oldText = oldFileOf(newText);
  const oldKeys = entityKeys(oldText);
  const newKeys = entityKeys(newText);
  const dir = mkdtempSync(join(tmpdir(), 'too-soon-crash-'));
  const template = join(dir, 'template');
  try {
    // The old history, in a profile closed cleanly.
    let browser = await start(template);
    const seeded = await send(browser.page, { v: 1, type: 'import', file: oldText, mode: 'replace' });
    if (!seeded.ok) throw new Error(`seeding failed: ${JSON.stringify(seeded).slice(0, 300)}`);
    if (classify(await settledStorage(browser.page), oldKeys, newKeys) !== 'old') throw new Error('the old history was not stored');
    await browser.close();

    // How long the restore takes when nothing stops it: until stored, until answered.
    const fresh = join(dir, 'full');
    cpSync(template, fresh, { recursive: true });
    browser = await start(fresh);
    await browser.page.evaluate(sendRestore, newText);
    const finished = await browser.page.evaluate(() => globalThis.done);
    const timing = { applied: await browser.page.evaluate(() => globalThis.applied), done: finished?.at };
    if (!finished?.answer?.ok) throw new Error(`the restore failed: ${JSON.stringify(finished).slice(0, 300)}`);
    const full = classify(await settledStorage(browser.page), oldKeys, newKeys);
    await browser.close();
    rmSync(fresh, { recursive: true, force: true });
    if (full !== 'new') throw new Error(`a restore left to finish stored ${full}`);
    log(`restore of ${newKeys.length} entries over ${oldKeys.length}: stored after ${Math.round(timing.applied)} ms, answered after ${Math.round(timing.done)} ms`);

    const results = [];
    for (const [i, { mode, after, delay }] of plan(points, timing).entries()) {
      const profile = join(dir, `p${i}`);
      cpSync(template, profile, { recursive: true });
      browser = await start(profile);
      await browser.page.evaluate(sendRestore, newText);
      if (after === 'stored') await browser.page.evaluate(() => globalThis.applied);
      await sleep(delay);
      if (mode === 'kill browser') {
        await browser.kill();
        browser = await start(profile);
      } else {
        const cdp = await browser.context.newCDPSession(browser.page);
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        await cdp.detach();
        await sleep(Math.max(1000, timing.done - timing.applied)); // a write already handed to the browser lands
      }
      const items = await settledStorage(browser.page);
      const outcome = classify(items, oldKeys, newKeys);
      const journalLeft = JOURNAL in items;
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
      results.push({ mode, after, delay, outcome, journalLeft });
      log(`${mode} ${delay} ms after the restore was ${after}: ${outcome}${journalLeft ? ', a journal left' : ''}`);
    }
    return { timing, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
