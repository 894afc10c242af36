// Sync through storage.sync between two browser profiles, each with the extension. The
// test plays the sync service: it copies one profile's storage.sync items into the
// other's with storage.sync.set from an extension page (which fires storage.onChanged as
// a real sync does), both ways, in different orders, with duplicates, with concurrent
// edits and deletes on both sides: both end with identical histories, and the badge on a
// Gmail fixture in profile B warns about a follow-up logged in profile A. A full
// storage.sync is reported on the options page and loses nothing here. Sync off: nothing
// is written to storage.sync, and no new permission is asked for.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launch as chromium } from './drivers/chromium.js';
import { launch as firefox } from './drivers/firefox.js';
import { DAY, EXTENSION_DIR, GMAIL, badge, send, until, waitFor } from './helpers.js';
import { catalogue } from '../words.js';

const area = (page, name) => page.evaluate((n) => (globalThis.browser ?? globalThis.chrome).storage[n].get(null), name);
const setSync = (page, items) => page.evaluate((i) => (globalThis.browser ?? globalThis.chrome).storage.sync.set(i), items);
const removeSync = (page, keys) => page.evaluate((k) => (globalThis.browser ?? globalThis.chrome).storage.sync.remove(k), keys);
const WARNS = ['too_soon', 'stop'];
const isItem = (key) => key === 'ts' || key.startsWith('t:');

/** The history as a backup file holds it, every list in id order (storage has none). */
async function history(page) {
  const answer = await send(page, { v: 1, type: 'export' });
  assert.equal(answer.ok, true, JSON.stringify(answer));
  const data = JSON.parse(answer.file);
  for (const list of ['opportunities', 'contacts', 'events']) data[list].sort((a, b) => a.id.localeCompare(b.id));
  return data;
}

/** Waits until sync has run since `since` (ms) and is idle: its status says synced. */
async function synced(page, since = 0) {
  return until(
    async () => {
      const status = (await area(page, 'local'))['sync:status'];
      return status?.last_synced > since && !status.problem ? status : null;
    },
    'a sync step',
    20000,
  );
}

const change = async (page, message) => {
  const answer = await send(page, message);
  assert.equal(answer.ok, true, JSON.stringify(answer));
  return answer;
};

const ago = (days) => new Date(Date.now() - days * DAY).toISOString();

export default function sync(ctx) {
  describe('sync through storage.sync between two profiles', () => {
    let a;
    let b;
    let pageA;
    let pageB;
    before(async () => {
      const launch = ctx.driver.name === 'chromium' ? chromium : firefox;
      [a, b] = [await launch(EXTENSION_DIR), await launch(EXTENSION_DIR)];
      pageA = await a.extensionPage('options/options.html');
      pageB = await b.extensionPage('options/options.html');
      for (const page of [pageA, pageB]) await waitFor(page, () => document.body.dataset.ready === 'true', null, 'the options page');
    });
    after(async () => {
      await a?.close();
      await b?.close();
    });

    /** The sync service: `from`'s storage.sync items copied into `to`'s (all, or `keys`). */
    async function deliver(from, to, { keys, reverse = false, twice = false } = {}) {
      const items = await area(from, 'sync');
      let chosen = Object.keys(items).filter((k) => isItem(k) && (!keys || keys.includes(k)));
      if (reverse) chosen = chosen.reverse();
      for (const key of chosen) await setSync(to, { [key]: items[key] });
      if (twice) await setSync(to, Object.fromEntries(chosen.map((k) => [k, items[k]])));
      return chosen.length;
    }

    /** Both ways until both hold the same history; that history. */
    async function exchange() {
      let last = null;
      for (let round = 0; round < 6; round += 1) {
        const [sinceA, sinceB] = [Date.now() - 1, Date.now() - 1];
        await deliver(pageA, pageB, { reverse: round % 2 === 1, twice: round === 2 });
        await synced(pageB, sinceB).catch(() => {});
        await deliver(pageB, pageA, { reverse: round % 2 === 0 });
        await synced(pageA, sinceA).catch(() => {});
        const [hA, hB] = [await history(pageA), await history(pageB)];
        if (JSON.stringify(hA) === JSON.stringify(hB)) return hA;
        last = [hA, hB];
      }
      assert.deepEqual(last[1], last[0], 'the two profiles never held the same history');
      return last[0];
    }

    /** Whether "Delete all data…"'s confirmation on `page` says the delete reaches the other computers (then cancelled). */
    async function deleteWarnsOfSync(page) {
      await page.click('#delete-all');
      await waitFor(page, () => !document.getElementById('delete-confirm').hidden, null, 'the confirmation (shown once the sync setting is read)');
      const warning = await page.evaluate(() => {
        const p = document.getElementById('delete-confirm-sync');
        const described = document.getElementById('delete-confirm').getAttribute('aria-describedby') === p.id;
        if (described === p.hidden) throw new Error('the dialog is described by its warning exactly when it shows');
        return p.hidden ? null : p.textContent;
      });
      await page.click('#delete-cancel');
      return warning;
    }

    it('off by default: nothing is written to storage.sync, and no new permission is asked for', async () => {
      const manifest = await pageA.evaluate(() => (globalThis.browser ?? globalThis.chrome).runtime.getManifest());
      assert.deepEqual([...manifest.permissions].sort(), ['alarms', 'notifications', 'storage', 'unlimitedStorage']);
      assert.equal(await pageA.evaluate(() => document.getElementById('sync-on').checked), false);
      assert.equal(await deleteWarnsOfSync(pageA), null, 'sync off: a delete stays here, and the confirmation says nothing of other computers');
      await change(pageA, { v: 1, type: 'put_opportunity', opportunity: { id: 'o-a', company: 'Acme', stage: 'applied' } });
      await change(pageA, {
        v: 1,
        type: 'put_contact',
        contact: { id: 'c-a', opportunity: 'o-a', name: 'Alice Example', role: 'hiring_manager', addresses: ['alice@example.com'] },
      });
      await change(pageA, { v: 1, type: 'log_event', event: { id: 'e-a1', opportunity: 'o-a', kind: 'application', at: ago(30) } });
      await change(pageB, { v: 1, type: 'put_opportunity', opportunity: { id: 'o-b', company: 'Globex', stage: 'applied' } });
      await change(pageB, { v: 1, type: 'log_event', event: { id: 'e-b1', opportunity: 'o-b', kind: 'application', at: ago(20) } });
      await new Promise((r) => setTimeout(r, 3000)); // longer than sync's wait after a change
      assert.deepEqual(await area(pageA, 'sync'), {});
      assert.deepEqual(await area(pageB, 'sync'), {});
    });

    it('turned on on both, the two histories merge: both profiles hold both', async () => {
      for (const page of [pageA, pageB]) {
        await page.click('#sync-on');
        await synced(page);
        await waitFor(page, () => document.getElementById('sync-status').dataset.synced === 'true', null, 'the status');
      }
      assert.ok(Object.keys(await area(pageA, 'sync')).some(isItem));
      assert.match((await deleteWarnsOfSync(pageA)) ?? '', /^Sync is on: this also deletes everything on every computer that syncs/);
      const merged = await exchange();
      // The options page of each shows what is stored now (it said "Nothing is stored yet."
      // on a profile that had just received a history).
      for (const page of [pageA, pageB]) {
        await waitFor(page, () => document.getElementById('stored-summary').textContent.startsWith('2 opportunities'), null, 'what is stored, followed');
      }
      // The replica is kept here one item per opportunity (a step rewrites the ones it changed).
      const kept = Object.keys(await area(pageA, 'local')).filter((k) => k.startsWith('sync:t'));
      assert.deepEqual(kept.sort(), ['sync:t:o-a', 'sync:t:o-b', 'sync:ts']);
      assert.deepEqual(merged.opportunities.map((o) => o.id), ['o-a', 'o-b']);
      assert.deepEqual(merged.events.map((e) => e.id), ['e-a1', 'e-b1']);
      // Applied a month ago, nothing since: the badge in B does not warn yet.
      const gmail = await b.webmail(GMAIL, 'compose');
      await waitFor(gmail, () => document.querySelector('[data-too-soon]')?.getAttribute('data-level'), null, 'the badge');
      assert.ok(!WARNS.includes((await badge(gmail)).level));
      await gmail.close();
    });

    it('concurrent edits and deletes on both sides, delivered out of order and twice, end identical', async () => {
      // A: renames o-b, logs a follow-up to Alice, deletes e-b1. B: renames o-a, adds a
      // contact and an event to o-b, and deletes o-b's... nothing: it logs a call.
      await change(pageA, { v: 1, type: 'put_opportunity', opportunity: { id: 'o-b', company: 'Globex (A)', stage: 'interviewing' } });
      await change(pageA, { v: 1, type: 'log_event', event: { id: 'e-a2', opportunity: 'o-a', kind: 'follow_up', at: new Date().toISOString(), contacts: ['c-a'] } });
      await change(pageA, { v: 1, type: 'delete', kind: 'event', id: 'e-b1' });
      await change(pageB, { v: 1, type: 'put_opportunity', opportunity: { id: 'o-a', company: 'Acme (B)', stage: 'applied' } });
      await change(pageB, {
        v: 1,
        type: 'put_contact',
        contact: { id: 'c-b', opportunity: 'o-b', name: 'Bob Builder', addresses: ['bob@example.org'] },
      });
      await change(pageB, { v: 1, type: 'log_event', event: { id: 'e-b2', opportunity: 'o-b', kind: 'call_attempt', at: ago(1), contacts: ['c-b'] } });
      await Promise.all([synced(pageA, Date.now()), synced(pageB, Date.now())]);
      const merged = await exchange();
      const company = Object.fromEntries(merged.opportunities.map((o) => [o.id, o.company]));
      assert.deepEqual(company, { 'o-a': 'Acme (B)', 'o-b': 'Globex (A)' });
      assert.deepEqual(merged.events.map((e) => e.id), ['e-a1', 'e-a2', 'e-b2']);
      assert.deepEqual(merged.contacts.map((c) => c.id), ['c-a', 'c-b']);
      // A delete of a whole opportunity on one side reaches the other.
      await change(pageB, { v: 1, type: 'delete', kind: 'opportunity', id: 'o-b' });
      await synced(pageB, Date.now());
      const after = await exchange();
      assert.deepEqual(after.opportunities.map((o) => o.id), ['o-a']);
      assert.deepEqual(after.events.map((e) => e.id), ['e-a1', 'e-a2']);
    });

    it("the badge on Gmail in profile B warns about the follow-up logged in profile A", async () => {
      const gmail = await b.webmail(GMAIL, 'compose');
      await waitFor(gmail, () => document.querySelector('[data-too-soon]')?.getAttribute('data-level'), null, 'the badge');
      assert.ok(WARNS.includes((await badge(gmail)).level));
      await gmail.close();
    });

    // Only where the browser can stop the background (Chromium's service worker): the
    // sync session kept in memory is gone, and is made again from what is kept here.
    if (ctx.launch.restartsBackground) {
      it('after the service worker restarts, the replica is read back: a delete made elsewhere before still wins', async () => {
        // B deletes A's follow-up while A's background is stopped (its session is gone).
        await change(pageB, { v: 1, type: 'delete', kind: 'event', id: 'e-a2' });
        await synced(pageB, Date.now());
        await a.restartBackground(pageA);
        await until(async () => (await send(pageA, { v: 1, type: 'ping' }).catch(() => null))?.ok, 'the restarted background');
        await change(pageA, { v: 1, type: 'log_event', event: { id: 'e-a4', opportunity: 'o-a', kind: 'call_attempt', at: ago(0.8), contacts: ['c-a'] } });
        await change(pageB, { v: 1, type: 'put_opportunity', opportunity: { id: 'o-c', company: 'Initech', stage: 'applied' } });
        await Promise.all([synced(pageA, Date.now()), synced(pageB, Date.now())]);
        // Had A not read back its replica, it would take its e-a2 for a new one of its own.
        const merged = await exchange();
        assert.deepEqual(merged.opportunities.map((o) => o.id), ['o-a', 'o-c']);
        assert.deepEqual(merged.events.map((e) => e.id), ['e-a1', 'e-a4']);
        await change(pageA, { v: 1, type: 'delete', kind: 'opportunity', id: 'o-c' });
        await synced(pageA, Date.now());
        assert.deepEqual((await exchange()).opportunities.map((o) => o.id), ['o-a']);
      });

      it('a replica kept the old way (one sync:replica item) is read once, then kept item by item: a delete made elsewhere still wins', async () => {
        await synced(pageA);
        const kept = Object.fromEntries(
          Object.entries(await area(pageA, 'local'))
            .filter(([key]) => key.startsWith('sync:') && isItem(key.slice('sync:'.length)))
            .map(([key, value]) => [key.slice('sync:'.length), value]),
        );
        assert.ok(kept.ts && Object.keys(kept).length > 1, `the replica kept by item: ${Object.keys(kept)}`);
        // As an earlier version kept it: one item, none by item; then the session is gone.
        await pageA.evaluate(async (items) => {
          const local = (globalThis.browser ?? globalThis.chrome).storage.local;
          await local.remove(Object.keys(items).map((key) => `sync:${key}`));
          await local.set({ 'sync:replica': items });
        }, kept);
        await a.restartBackground(pageA);
        await until(async () => (await send(pageA, { v: 1, type: 'ping' }).catch(() => null))?.ok, 'the restarted background');
        // B deletes A's call meanwhile; A's next step reads the old item.
        await change(pageB, { v: 1, type: 'delete', kind: 'event', id: 'e-a4' });
        await synced(pageB, Date.now());
        const since = Date.now();
        await change(pageA, { v: 1, type: 'log_event', event: { id: 'e-a5', opportunity: 'o-a', kind: 'reply', at: ago(0.7), contacts: ['c-a'] } });
        await synced(pageA, since);
        const local = await area(pageA, 'local');
        assert.equal(local['sync:replica'], undefined, 'the old item is removed');
        for (const key of Object.keys(kept)) assert.ok(`sync:${key}` in local, `kept by item again: ${key}`);
        // Had A not read the old item, it would take its e-a4 for a new one of its own.
        const merged = await exchange();
        assert.deepEqual(merged.events.map((e) => e.id), ['e-a1', 'e-a5']);
      });
    }

    it('a full storage.sync is reported on the options page and loses nothing here', async () => {
      // Fill storage.sync with someone else's items, until not one byte more fits (each
      // browser counts a little differently).
      const junk = {};
      for (let i = 0, size = 8_000; size > 0; ) {
        const key = `junk:${i}`;
        const stored = await setSync(pageA, { [key]: 'x'.repeat(size) }).then(
          () => true,
          () => false,
        );
        if (stored) {
          junk[key] = size;
          i += 1;
        } else size = Math.floor(size / 2);
      }
      const before = await history(pageA);
      const note = Array.from({ length: 400 }, (_, i) => ((i * 7919) % 36).toString(36)).join('');
      await change(pageA, { v: 1, type: 'log_event', event: { id: 'e-a3', opportunity: 'o-a', kind: 'call_attempt', at: ago(0.5), contacts: ['c-a'], note } });
      await waitFor(pageA, () => document.getElementById('sync-status').dataset.problem === 'quota', null, 'the quota problem shown', 20000).catch(async (error) => {
        throw new Error(`${error.message}: ${JSON.stringify((await area(pageA, 'local'))['sync:status'])}`);
      });
      const shown = await pageA.evaluate(() => document.getElementById('sync-status').textContent);
      // In the page's words, not the browser's ("QUOTA_BYTES quota exceeded").
      assert.ok(shown.includes(catalogue('en').sync_quota_space.message), shown);
      assert.doesNotMatch(shown, /QUOTA|exceeded/);
      // Synced before: it says when, not "the first sync is under way" (reported by a German tester).
      assert.ok(shown.startsWith('On. Last synced'), shown);
      const kept = await history(pageA);
      assert.deepEqual(kept.events.map((e) => e.id), [...before.events.map((e) => e.id), 'e-a3'].sort());
      // Space again: the next change syncs, and the problem is gone.
      await removeSync(pageA, Object.keys(junk));
      await change(pageA, { v: 1, type: 'put_settings', settings: { profile: 'gentle' } });
      await waitFor(pageA, () => document.getElementById('sync-status').dataset.problem === '', null, 'the problem cleared', 20000);
    });

    it('an item of storage.sync that cannot be read is listed as skipped, in words, and loses nothing here', async () => {
      const before = await history(pageA);
      await setSync(pageA, { 't:zz-broken': 'not a packed item' });
      const skipped = () => [...document.getElementById('sync-skipped').children].map((li) => li.textContent);
      await waitFor(pageA, () => document.getElementById('sync-skipped').children.length > 0, null, 'the skipped item listed', 20000);
      const words = catalogue('en').say_problem_not_sync_item.message;
      assert.deepEqual(await pageA.evaluate(skipped), [`t:zz-broken: ${words}`]);
      assert.equal(await pageA.evaluate(() => document.getElementById('sync-skipped-title').hidden), false);
      assert.deepEqual(await history(pageA), before);
      await removeSync(pageA, ['t:zz-broken']); // gone from the list at the next step
    });

    it('a merge this computer could not store is said in words, without the path or the code', async () => {
      // The status the background reports when the writer refuses a step's writes
      // (background/sync.js, code 'local'); a status write starts no step.
      const kept = (await area(pageA, 'local'))['sync:status'] ?? { problem: null };
      const problem = { code: 'local', message: 'invalid', problems: [{ path: 'event.at', code: 'out_of_range', values: {} }] };
      const setStatus = (status) => pageA.evaluate((s) => (globalThis.browser ?? globalThis.chrome).storage.local.set({ 'sync:status': s }), status);
      await setStatus({ ...kept, problem });
      await waitFor(pageA, () => document.getElementById('sync-status').dataset.problem === 'local', null, 'the refusal shown');
      const shown = await pageA.evaluate(() => document.getElementById('sync-status').textContent);
      const en = catalogue('en');
      assert.ok(shown.includes(en.sync_problem_refused.message.replace('$1', en.say_problem_out_of_range.message)), shown);
      assert.doesNotMatch(shown, /event\.at|out_of_range|invalid/);
      await setStatus(kept);
      await waitFor(pageA, () => document.getElementById('sync-status').dataset.problem === '', null, 'the status as it was');
    });

    it('Chromium: past 120 writes a minute, sync backs off (an alarm retries, changes here wait for it) and loses nothing', async (t) => {
      if (a.name !== 'chromium') return t.skip('Firefox documents no write-rate limit for storage.sync');
      await change(pageB, { v: 1, type: 'put_opportunity', opportunity: { id: 'o-rate', company: 'Initech', stage: 'applied' } });
      await synced(pageB, Date.now() - 1);
      // Someone else's writes use up this minute's writes (Chrome: 120 a minute).
      let refusal = null;
      for (let i = 0; i < 200 && !refusal; i += 1) {
        refusal = await setSync(pageB, { 'rate:probe': i }).then(
          () => null,
          (error) => String(error?.message ?? error),
        );
      }
      assert.match(refusal ?? '', /MAX_WRITE_OPERATIONS_PER_MINUTE/);
      const before = await history(pageB);
      await change(pageB, { v: 1, type: 'log_event', event: { id: 'e-b-rate', opportunity: 'o-rate', kind: 'call_attempt', at: ago(0.2) } });
      const status = async () => (await area(pageB, 'local'))['sync:status'];
      const refused = await until(async () => {
        const s = await status();
        return s?.problem?.code === 'quota' && s;
      }, 'the refusal reported', 20000);
      assert.match(refused.problem.message, /MAX_WRITE_OPERATIONS_PER_MINUTE/);
      assert.equal(refused.problem.retry_ms, 60_000);
      await waitFor(pageB, () => document.getElementById('sync-status').dataset.problem === 'quota', null, 'shown on the options page');
      // "…tries again in 1 minute.": the count in the language's singular.
      const said = await pageB.evaluate(() => document.getElementById('sync-status').textContent);
      assert.ok(said.includes(catalogue('en').sync_problem_quota_one.message.replace('$1', '1').replace('$2', catalogue('en').sync_quota_rate.message)), said);
      const alarm = await pageB.evaluate(() => (globalThis.browser ?? globalThis.chrome).alarms.get('too-soon-sync-retry'));
      assert.equal(alarm?.scheduledTime, refused.problem.retry_at);
      assert.deepEqual((await history(pageB)).events.map((e) => e.id), [...before.events.map((e) => e.id), 'e-b-rate'].sort());
      // Another change here waits for the retry: no second attempt (which, refused again,
      // would double the back-off) within the usual two seconds.
      await change(pageB, { v: 1, type: 'put_settings', settings: { profile: 'gentle' } });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      assert.deepEqual((await status()).problem, refused.problem);
    });

    it('turned off, the synced copy is removed and each profile keeps its history', async () => {
      const kept = await history(pageA);
      await pageA.click('#sync-on');
      await until(async () => !Object.keys(await area(pageA, 'sync')).some(isItem), 'the synced copy removed', 20000);
      assert.deepEqual(await history(pageA), kept);
      await waitFor(pageA, () => document.getElementById('sync-status').textContent.length > 0 && !document.getElementById('sync-on').checked, null, 'off shown');
    });
  });
}
