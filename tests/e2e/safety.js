// What a webmail page cannot do through the extension, and the way out of unreadable
// storage, in every browser. A copy of the built extension with a test probe among its
// content scripts (drivers/content-probe, never shipped) acts from the extension's own
// content-script world on a fixture Gmail page: every message the badge does not need is
// refused and storage stays as it was; the ones it needs work; in Chromium storage.local
// is out of its reach. Then storage that cannot be read: the popup says so and offers
// export, restore and delete; export gives what can be read, delete-all empties storage.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch as chromium } from './drivers/chromium.js';
import { launch as firefox } from './drivers/firefox.js';
import { DAY, EXTENSION_DIR, GMAIL, clearStorage, historyTracking, seed, send, storage, until, waitFor, writeStorage } from './helpers.js';

const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const PROBE = fileURLToPath(new URL('./drivers/content-probe/probe.js', import.meta.url));

/** A copy of the built extension whose content scripts end with the test probe. */
function probedCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'too-soon-probed-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  cpSync(PROBE, join(dir, 'test-probe.js'));
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  for (const scripts of manifest.content_scripts) scripts.js.push('test-probe.js');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

/** Asks the probe in `page`'s content-script world to do `op` with `arg`. */
const probe = (page, op, arg) =>
  page.evaluate(
    ({ op, arg }) =>
      new Promise((resolve, reject) => {
        const id = Math.random().toString(36).slice(2);
        const timer = setTimeout(() => reject(new Error('the content probe did not answer')), 10000);
        window.addEventListener('message', function answer(event) {
          if (event.source !== window || event.data?.tooSoonContentProbeReply !== id) return;
          window.removeEventListener('message', answer);
          clearTimeout(timer);
          resolve(event.data.result);
        });
        window.postMessage({ tooSoonContentProbe: { id, op, arg } }, '*');
      }),
    { op, arg },
  );
const sendFromPage = async (page, message) => JSON.parse(await probe(page, 'send', message));

/** Storage as the history: everything but what pages record on their own (providers). */
const history = async (page) => {
  const items = await storage(page);
  for (const key of Object.keys(items)) if (key.startsWith('provider:')) delete items[key];
  return JSON.stringify(Object.keys(items).sort().map((key) => [key, items[key]]));
};

const ALICE = 'alice@example.com';

export default function safety(ctx) {
  describe('safety: what a webmail page can ask, and the way out of unreadable storage', () => {
    let driver;
    let dir;
    let extension;
    before(async () => {
      dir = probedCopy();
      driver = await (ctx.driver.name === 'chromium' ? chromium : firefox)(dir);
      extension = await driver.extensionPage('options/options.html');
    });
    after(async () => {
      await driver?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a content script is refused everything the badge does not need, and storage stays as it was', async () => {
      await clearStorage(extension);
      await seed(extension, historyTracking(ALICE));
      const gmail = await driver.webmail(GMAIL, 'compose');
      await waitFor(gmail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
      // The compose's From address is learned on its own (learn_own_address, allowed) and
      // may land after the badge: the snapshot waits for it, or it would race the check.
      const own = '"own_addresses":["me@example.com"]';
      await until(async () => (await history(extension)).includes(own), 'the From address learned');
      const before = await history(extension);
      const file = JSON.stringify({ format: 'too-soon', version: 1, opportunities: [], contacts: [], events: [] });
      const forbidden = [
        { v: 1, type: 'export' },
        { v: 1, type: 'status' },
        { v: 1, type: 'summary' },
        { v: 1, type: 'calendar' },
        { v: 1, type: 'reminders' },
        { v: 1, type: 'put_settings', settings: { profile: 'persistent' } },
        { v: 1, type: 'import', file, mode: 'replace' },
        { v: 1, type: 'delete_all' },
        { v: 1, type: 'delete', kind: 'opportunity', id: 'o1' },
        { v: 1, type: 'put_opportunity', opportunity: { id: 'evil', company: 'Evil' } },
        { v: 1, type: 'log_event', event: { id: 'evil', opportunity: 'o1', kind: 'reply', at: new Date().toISOString() } },
        { v: 1, type: 'put_back', removed: { opportunities: [], contacts: [], events: [] } },
      ];
      for (const message of forbidden) {
        const answer = await sendFromPage(gmail, message);
        assert.deepEqual([answer?.ok, answer?.code], [false, 'forbidden'], `${message.type}: ${JSON.stringify(answer).slice(0, 200)}`);
      }
      assert.equal(await history(extension), before, 'nothing changed');
      // The extension's own pages still may.
      assert.equal((await send(extension, { v: 1, type: 'summary' })).opportunities, 1);

      // What the badge needs works.
      assert.equal((await sendFromPage(gmail, { v: 1, type: 'ping' })).ok, true);
      const check = await sendFromPage(gmail, { v: 1, type: 'check', to: [ALICE] });
      assert.equal(check.verdict?.level, 'too_soon', JSON.stringify(check));
      const logged = await sendFromPage(gmail, { v: 1, type: 'log_send', send: { id: 'send-probe', to: [ALICE] } });
      assert.deepEqual([logged.ok, logged.events?.length], [true, 1], JSON.stringify(logged));
      const forgotten = await sendFromPage(gmail, { v: 1, type: 'forget_send', id: 'send-probe' });
      assert.equal(forgotten.ok, true, JSON.stringify(forgotten));
      assert.equal((await sendFromPage(gmail, { v: 1, type: 'report_provider', provider: 'gmail', recognized: true })).ok, true);
      assert.equal(await history(extension), before, 'the send logged and forgotten again');

      // Chromium keeps storage.local to the extension's own contexts (Firefox cannot:
      // docs/security.md, "The background").
      if (driver.name === 'chromium') {
        const wrote = await probe(gmail, 'set', { 'test:clock_offset_ms': 30 * DAY, 'opportunity:evil': { id: 'evil', company: 'Evil' } });
        assert.match(wrote?.failed ?? '', /access|not allowed|undefined|cannot/i, JSON.stringify(wrote));
        const read = await probe(gmail, 'read');
        assert.ok(read?.failed, `storage.local read from a content script: ${JSON.stringify(read)}`);
        // storage.sync holds the history too once sync is on (docs/sync.md): a page could
        // read every opportunity from it, or wipe them all with a forged epoch.
        const syncRead = await probe(gmail, 'sync-read');
        assert.ok(syncRead?.failed, `storage.sync read from a content script: ${JSON.stringify(syncRead)}`);
        const syncWrote = await probe(gmail, 'sync-set', { ts: { epoch: Date.now() + 60_000 } });
        assert.ok(syncWrote?.failed, `storage.sync written from a content script: ${JSON.stringify(syncWrote)}`);
        assert.equal(await history(extension), before, 'nothing written');
        // The badge still reads its views (the mirror in storage.session).
        assert.equal((await gmail.evaluate(() => document.querySelector('[data-too-soon]')?.getAttribute('data-level'))), 'too_soon');
        // storage.session is open to content scripts (the mirror): the popup's last status,
        // every opportunity with its people, is never kept there.
        assert.equal((await send(extension, { v: 1, type: 'status' })).ok, true);
        await new Promise((r) => setTimeout(r, 500)); // the status is kept after it is answered
        const session = await probe(gmail, 'session');
        assert.ok(Array.isArray(session) && session.some((key) => key.startsWith('view:')), JSON.stringify(session));
        assert.equal(session.includes('last-status'), false, 'the last status out of a content script\'s reach');
      }
      await gmail.close();
    });

    it('unreadable storage: the popup says so and offers export, restore and delete; export gives what can be read, delete-all empties it', async () => {
      await clearStorage(extension);
      await writeStorage(extension, {
        schema: { version: 1 },
        'opportunity:o1': { id: 'o1', company: 'Readable Corp', role: 'Engineer', stage: 'applied' },
        'contact:c1': { id: 'c1', opportunity: 'o1', name: 'Rita Readable', role: 'recruiter', addresses: ['rita@readable.example'] },
        'event:good': { id: 'good', opportunity: 'o1', kind: 'application', at: new Date(Date.now() - 3 * DAY).toISOString() },
        'event:bad': { id: 'bad', opportunity: 'o1', kind: 'follow_up', at: '+10000-01-01T00:30:00+01:00' },
      });
      const popup = await driver.extensionPage('popup/popup.html');
      await waitFor(popup, () => !document.getElementById('way-out').hidden && document.body.dataset.ready !== undefined, null, 'the way out');
      const shown = await popup.evaluate(() => {
        const visible = (id) => {
          const el = document.getElementById(id);
          return Boolean(el && !el.closest('[hidden]') && el.getClientRects().length);
        };
        return {
          summary: document.getElementById('summary').textContent,
          title: document.getElementById('way-out-title').textContent,
          offers: ['way-out-export', 'way-out-restore', 'way-out-delete-all'].filter(visible),
          problems: [...document.querySelectorAll('#way-out-problems li')].map((li) => li.textContent),
          list: visible('list') || visible('first-run') || visible('calendar'),
        };
      });
      assert.equal(shown.summary, 'Your stored history could not be read; nothing was changed.');
      assert.equal(shown.title, 'Your history cannot be read');
      assert.deepEqual(shown.offers, ['way-out-export', 'way-out-restore', 'way-out-delete-all']);
      assert.ok(shown.problems.some((line) => line.includes('event:bad')), JSON.stringify(shown.problems));
      assert.equal(shown.list, false, 'no list, no first-run, no calendar');
      if (driver.name === 'chromium') {
        mkdirSync(SHOTS, { recursive: true });
        for (const dark of [false, true]) {
          await popup.setViewportSize({ width: 380, height: 600 });
          await popup.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
          await popup.screenshot({ path: `${SHOTS}popup-unreadable-${dark ? 'dark' : 'light'}.png` });
        }
      }

      // Export: the file holds what can be read (caught as the page makes its Blob).
      await popup.evaluate(() => {
        const make = URL.createObjectURL;
        globalThis.saved = [];
        URL.createObjectURL = (blob) => (globalThis.saved.push(blob), make.call(URL, blob));
      });
      await popup.click('#way-out-export');
      await waitFor(popup, () => document.body.dataset.exported, null, 'the export');
      const exported = JSON.parse(await popup.evaluate(() => globalThis.saved[0].text()));
      assert.deepEqual(exported.opportunities.map((o) => o.id), ['o1']);
      assert.deepEqual(exported.contacts.map((c) => c.id), ['c1']);
      assert.deepEqual(exported.events.map((e) => e.id), ['good']);
      assert.match(await popup.evaluate(() => document.getElementById('way-out-result').textContent), /^Saved too-soon-backup-.*\.json/);

      // Delete everything, after confirming: storage loads again, the popup is empty.
      await popup.click('#way-out-delete-all');
      await waitFor(popup, () => !document.getElementById('way-out-delete-confirm').hidden, null, 'the confirmation');
      await popup.click('#way-out-delete-confirm-yes');
      await waitFor(popup, () => document.body.dataset.deleted === '1' && !document.getElementById('first-run').hidden, null, 'the empty popup');
      assert.equal(await popup.evaluate(() => document.getElementById('way-out').hidden), true);
      const left = Object.keys(await storage(extension)).filter((key) => /^(opportunity|contact|event):/.test(key));
      assert.deepEqual(left, []);
      assert.deepEqual([(await send(extension, { v: 1, type: 'status' })).ok], [true]);
      await popup.close();
    });
  });
}
