// The end-to-end scenarios, run the same way in every browser: the built extension
// (dist/extension) in a real browser, webmail fixtures at their real URLs.
import { english } from '../words.js';
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  EXTENSION_DIR,
  GMAIL,
  DAY,
  LEVELS,
  V1_SAMPLE,
  waitFor,
  historyTracking,
  send,
  storage,
  writeStorage,
  clearStorage,
  summary,
  until,
  seed,
  badge,
} from './helpers.js';

/**
 * Runs in an extension page: logs `count` events at once, each retried with the same id
 * until the background answers ok (a send fails when the service worker dies under it).
 * Progress is kept in `globalThis.progress` so the test can look at it meanwhile.
 * With `pace` (ms), the tab's sends start that far apart, so that they span a while.
 */
async function logEvents({ prefix, tab, count, opportunity, contact, pace }) {
  const api = globalThis.browser ?? globalThis.chrome;
  const progress = (globalThis.progress = { answered: 0, duplicates: 0, failures: 0, retried: 0 });
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const start = Date.parse('2026-01-05T09:00:00Z');
  async function log(i) {
    await sleep(i * pace);
    const event = {
      id: `${prefix}-t${tab}-e${i}`,
      opportunity,
      kind: 'follow_up',
      at: new Date(start + (tab * count + i) * 60000).toISOString(),
      contacts: [contact],
    };
    for (let attempt = 1; ; attempt += 1) {
      let answer;
      try {
        answer = await api.runtime.sendMessage({ v: 1, type: 'log_event', event });
      } catch (error) {
        answer = { failed: String(error?.message ?? error) };
      }
      if (answer?.ok) {
        progress.answered += 1;
        if (answer.duplicate) progress.duplicates += 1;
        if (attempt > 1) progress.retried += 1;
        return;
      }
      if (answer?.type === 'error' && answer.code !== 'engine_unavailable') throw new Error(JSON.stringify(answer));
      progress.failures += 1;
      if (attempt === 100) throw new Error(`${event.id}: gave up: ${JSON.stringify(answer)}`);
      await sleep(25 * attempt);
    }
  }
  await Promise.all(Array.from({ length: count }, (_, i) => log(i)));
  return progress;
}


const OPTIONS = 'options/options.html';
/** Everything in storage.local as JSON, keys sorted: compared byte for byte. */
/**
 * Everything in storage.local, as text, once the background's reminders have settled:
 * asking for them waits for any check a change queued (which may record reminders shown).
 */
const snapshot = (page) =>
  page.evaluate(async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    await api.runtime.sendMessage({ v: 1, type: 'reminders' });
    const all = await api.storage.local.get(null);
    delete all['last-status']; // the popup's cache, kept and dropped by the background
    return JSON.stringify(Object.keys(all).sort().map((key) => [key, all[key]]));
  });
const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '</script><script>document.title="pwned"</script>';

/**
 * Runs in the options page: puts a file into its <input type=file> (its text, or one
 * generated here: `junk` 5 MB, `nested` 10,000 arrays, `huge` 64 MiB and a byte, `latin1`
 * not UTF-8), picks the mode, clicks Restore
 * (and confirms a replace), and returns what the page shows.
 */
async function restoreThroughPage({ text, generate, mode }) {
  if (generate === 'junk') {
    const chars = 'abc{}[]",:0123456789 \n\\truefalsenul\u00e9\u2603';
    let seed = 7;
    const parts = [];
    for (let i = 0; i < 5 * 1024 * 1024; i += 1) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      parts.push(chars[seed % chars.length]);
    }
    text = `\u0001${parts.join('')}`;
  }
  if (generate === 'nested') text = '['.repeat(10000) + ']'.repeat(10000);
  if (generate === 'huge') text = ' '.repeat(64 * 1024 * 1024 + 1); // one byte more than the engine reads
  const $ = (id) => document.getElementById(id);
  const until = async (ok) => {
    for (let i = 0; i < 600 && !ok(); i += 1) await new Promise((r) => setTimeout(r, 50));
    if (!ok()) throw new Error('the options page did not answer');
  };
  // `latin1`: a file whose text is not UTF-8 (a name saved as Latin-1).
  const bytes = generate === 'latin1' ? Uint8Array.from([...'{"format":"too-soon","version":1,"settings":{"profile":"Dxna"}}'].map((c) => (c === 'x' ? 0xe4 : c.charCodeAt(0)))) : text;
  const files = new DataTransfer();
  files.items.add(new File([bytes], 'backup.json', { type: 'application/json' }));
  $('file').files = files.files;
  $(mode === 'replace' ? 'mode-replace' : 'mode-merge').click();
  const before = Number(document.body.dataset.restores ?? 0);
  $('restore').click();
  if (mode === 'replace') {
    // (A file refused in the page itself, like one too large, is not asked about.)
    await until(() => !$('confirm').hidden || Number(document.body.dataset.restores ?? 0) > before);
    if (!$('confirm').hidden) $('confirm-replace').click();
  }
  await until(() => Number(document.body.dataset.restores ?? 0) > before);
  const texts = (selector) => [...document.querySelectorAll(selector)].map((e) => e.textContent);
  return {
    ok: $('import-result').dataset.ok === 'true',
    result: $('import-result').textContent,
    problems: texts('#problems li'),
    stored: texts('#stored li'),
    elements: document.querySelectorAll('img, script, iframe, object').length,
    title: document.title,
  };
}

/**
 * Starts a replace with the file `text` on the options page and waits for its question
 * or its refusal, then cancels the question: whether it was asked, what the page showed
 * beside it (the last result, the problems), its counts, the result line, and where the
 * focus went once it closed.
 */
const startReplace = (page, text) =>
  page.evaluate(async (text) => {
    const $ = (id) => document.getElementById(id);
    const files = new DataTransfer();
    files.items.add(new File([text], 'backup.json'));
    $('file').files = files.files;
    $('mode-replace').click();
    $('restore').click();
    for (let i = 0; i < 100 && $('import-result').dataset.ok !== 'false' && $('confirm').hidden; i += 1) await new Promise((r) => setTimeout(r, 50));
    const asked = !$('confirm').hidden;
    const beside = $('import-result').textContent + document.querySelectorAll('#problems li').length;
    const shown = { asked, beside, counts: $('confirm-counts').textContent, result: $('import-result').textContent };
    if (asked) $('confirm-cancel').click();
    return { ...shown, closed: $('confirm').hidden, focus: document.activeElement?.id };
  }, text);

const TABS = 10;
const EACH = 20;

/**
 * 10 extension pages log 20 events each at the same time; `during` runs meanwhile.
 * `pace` spreads each page's sends out (see logEvents), for a stop to land among them.
 */
async function logFromTabs(driver, popup, prefix, during = async () => {}, pace = 0) {
  const opportunity = `${prefix}-o`;
  const contact = `${prefix}-c`;
  await seed(popup, {
    opportunities: [{ id: opportunity, company: `Load ${prefix}` }],
    contacts: [{ id: contact, opportunity, name: 'Load Test', addresses: [`${prefix}@example.org`] }],
    events: [],
  });
  const before = await summary(popup);
  const tabs = [];
  for (let t = 0; t < TABS; t += 1) tabs.push(await driver.extensionPage('popup/popup.html'));
  const runs = tabs.map((tab, t) => tab.evaluate(logEvents, { prefix, tab: t, count: EACH, opportunity, contact, pace }));
  const answeredSoFar = async () =>
    (await Promise.all(tabs.map((tab) => tab.evaluate(() => globalThis.progress?.answered ?? 0)))).reduce((a, b) => a + b, 0);
  const meanwhile = await during(answeredSoFar, tabs);
  const progress = await Promise.all(runs);
  await Promise.all(tabs.map((tab) => tab.close()));
  const stored = Object.keys(await storage(popup)).filter((key) => key.startsWith(`event:${prefix}-`));
  assert.equal(stored.length, TABS * EACH, 'every event stored exactly once');
  const after = await summary(popup);
  assert.equal(after.events - before.events, TABS * EACH, 'the engine counts the same');
  const total = (key) => progress.reduce((sum, p) => sum + p[key], 0);
  assert.equal(total('answered'), TABS * EACH);
  return { meanwhile, failures: total('failures'), retried: total('retried'), duplicates: total('duplicates') };
}

/**
 * The whole suite in the browser `launch` starts: the core scenarios here, then each of
 * `parts` (a function given `ctx`, whose `driver` and `popup` are live getters), then the
 * check that no page logged an error.
 */
export function suite(launch, parts = []) {
  let driver;
  let popup;
  const ctx = {
    launch,
    get driver() {
      return driver;
    },
    get popup() {
      return popup;
    },
  };

  before(async () => {
    driver = await launch(EXTENSION_DIR);
  });
  after(async () => {
    await driver?.close();
  });
  // A test that fails leaves its webmail pages open; the next would see their composes.
  afterEach(async () => {
    await driver?.closeWebmails();
  });

  it('the background is up and answers the versioned protocol', async () => {
    popup = await driver.extensionPage('popup/popup.html');
    await waitFor(popup, () => document.body.dataset.ready === 'true', null, 'the popup');
    const pong = await send(popup, { v: 1, type: 'ping' });
    assert.equal(pong.ok, true);
    assert.equal(pong.type, 'pong');
    assert.match(pong.engine, /^\d+\.\d+\.\d+$/);
    const unknown = await send(popup, { v: 1, type: 'launch_rockets' });
    assert.deepEqual([unknown.ok, unknown.code], [false, 'unknown_type']);
    const future = await send(popup, { v: 99, type: 'ping' });
    assert.deepEqual([future.ok, future.code], [false, 'unsupported_version']);
    const junk = await send(popup, 'hello');
    assert.deepEqual([junk.ok, junk.code], [false, 'malformed']);
    const wrong = await send(popup, { v: 1, type: 'check', to: 'not-a-list' });
    assert.deepEqual([wrong.ok, wrong.code], [false, 'malformed']);
  });

  it('the popup shows the engine version and how many contacts are stored', async () => {
    const version = await popup.evaluate(() => document.getElementById('engine-version').textContent);
    assert.match(version, /^\d+\.\d+\.\d+$/);
    assert.equal(await popup.evaluate(() => document.getElementById('summary').textContent), 'No contacts tracked yet.');
    await seed(popup, historyTracking('Alice@Example.com '));
    const reopened = await driver.extensionPage('popup/popup.html');
    const summary = await waitFor(
      reopened,
      () => document.body.dataset.ready === 'true' && document.getElementById('summary').textContent,
      null,
      'the reopened popup',
    );
    assert.equal(summary, '1 contact tracked.');
    await reopened.close();
  });

  it('a badge from the engine appears beside Send for a tracked recipient, under Gmail\'s CSP', async () => {
    const gmail = await driver.webmail(GMAIL, 'compose');
    const shown = await waitFor(gmail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
    assert.ok(shown);
    const { count, level } = await badge(gmail);
    assert.equal(count, 1);
    assert.ok(LEVELS.includes(level), `data-level ${level}`);
    // Applied two days ago: the engine says too soon (R-APPLY-WAIT).
    assert.equal(level, 'too_soon');
    const placed = await gmail.evaluate(() => {
      const host = document.querySelector('[data-too-soon]');
      const send = document.getElementById('c1-send');
      return host.previousElementSibling === send.parentElement && !host.closest('form') && host.shadowRoot === null;
    });
    assert.ok(placed, 'badge sits right after the Send group, outside the form, in a closed shadow root');
    const text = await driver.badgeText(gmail);
    const answer = await send(popup, { v: 1, type: 'check', to: ['alice@example.com', 'bob@example.org'] });
    assert.equal(text, english.headline(answer.verdict), 'the badge shows the engine\'s headline');
    // Remove the tracked chip: only untracked recipients remain, and the badge goes.
    await gmail.click('[data-hovercard-id="alice@example.com"] .afX');
    await waitFor(gmail, () => document.querySelector('[data-too-soon]') === null, null, 'the badge to go');
    // Typing the tracked address back brings it back.
    await gmail.click('#c1-to-input');
    await gmail.keyboard.type('alice@example.com');
    await gmail.keyboard.press('Enter');
    await waitFor(gmail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge to return');
    assert.equal((await badge(gmail)).count, 1);
    await gmail.close();
  });

  it('no badge when no recipient is tracked', async () => {
    await seed(popup, historyTracking('someone-else@example.net'));
    const gmail = await driver.webmail(GMAIL, 'compose');
    await waitFor(gmail, () => document.querySelector('[data-hovercard-id="alice@example.com"]') !== null, null, 'the compose');
    // The extension answered for this page: its verdict request came back empty.
    const answer = await send(popup, { v: 1, type: 'check', to: ['alice@example.com', 'bob@example.org', 'dave@example.com'] });
    assert.deepEqual([answer.ok, answer.verdict], [true, null]);
    await new Promise((r) => setTimeout(r, 750));
    assert.equal((await badge(gmail)).count, 0);
    await gmail.close();
  });

  it('changes are checked by the engine, and a retried event is stored once', async () => {
    const event = { id: 'e-checked', opportunity: 'o1', kind: 'follow_up', at: new Date().toISOString(), contacts: ['c1'] };
    const saved = await send(popup, { v: 1, type: 'log_event', event });
    assert.deepEqual([saved.ok, saved.type, saved.kind, saved.id, saved.duplicate], [true, 'saved', 'event', 'e-checked', false]);
    assert.equal(saved.classification, 'initiated', 'a logged send records what it was');
    const again = await send(popup, { v: 1, type: 'log_event', event });
    assert.deepEqual([again.ok, again.duplicate], [true, true]);
    const stored = await storage(popup);
    assert.equal(stored['event:e-checked'].classification, 'initiated');
    assert.deepEqual(stored.schema, { version: 2 });
    const bad = await send(popup, { v: 1, type: 'log_event', event: { id: 'e-bad', opportunity: 'nowhere', kind: 'follow_up', at: 'soon' } });
    assert.deepEqual([bad.ok, bad.type, bad.code], [false, 'error', 'invalid']);
    assert.deepEqual(bad.problems[0], { path: 'event.at', code: 'not_instant', values: { value: 'soon' } });
    const orphan = await send(popup, { v: 1, type: 'log_event', event: { ...event, id: 'e-bad', opportunity: 'nowhere' } });
    assert.deepEqual([orphan.ok, orphan.code], [false, 'invalid']);
    assert.deepEqual(orphan.problems.find((p) => p.path === 'event.opportunity'), { path: 'event.opportunity', code: 'no_opportunity', values: { id: 'nowhere' } });
    assert.equal((await storage(popup))['event:e-bad'], undefined);
  });

  it('a history under the provisional `history` key is migrated into schema v1', async () => {
    const before = await summary(popup);
    const legacy = {
      format: 'too-soon',
      version: 1,
      opportunities: [{ id: 'legacy-o', company: 'Legacy Inc' }],
      contacts: [{ id: 'legacy-c', opportunity: 'legacy-o', name: 'Lee Gacy', addresses: ['lee@legacy.example'] }],
      events: [
        { id: 'legacy-e1', opportunity: 'legacy-o', kind: 'application', at: '2026-10-01T09:00:00-04:00' },
        { id: 'legacy-e2', opportunity: 'legacy-o', kind: 'reply', at: '2026-10-05T09:00:00-04:00', contacts: ['legacy-c'] },
      ],
    };
    await writeStorage(popup, { history: legacy });
    const stored = await waitFor(
      popup,
      async () => {
        const all = await (globalThis.browser ?? globalThis.chrome).storage.local.get(null);
        return !('history' in all) && all;
      },
      null,
      'the migration',
    );
    assert.deepEqual(stored['opportunity:legacy-o'].company, 'Legacy Inc');
    assert.deepEqual(stored['contact:legacy-c'].addresses, ['lee@legacy.example']);
    assert.deepEqual(stored['event:legacy-e2'].contacts, ['legacy-c']);
    const after = await summary(popup);
    assert.deepEqual(
      [after.opportunities - before.opportunities, after.contacts - before.contacts, after.events - before.events],
      [1, 1, 2],
    );
  });

  it('the committed schema v1 sample (tests/fixtures/storage/v1.json) loads', async () => {
    await clearStorage(popup);
    await writeStorage(popup, V1_SAMPLE);
    // Written behind the background's back: it sees it once storage.onChanged reaches it.
    const expected = { opportunities: 2, contacts: 3, events: 5 };
    await until(async () => JSON.stringify(await summary(popup)) === JSON.stringify(expected), 'the sample');
    assert.deepEqual(await summary(popup), expected);
    const answer = await send(popup, { v: 1, type: 'check', to: ['SAM@acme.example'] });
    assert.equal(answer.ok, true);
    assert.deepEqual(answer.verdict.recipients, ['sam@acme.example']);
    const reopened = await driver.extensionPage('popup/popup.html');
    await waitFor(reopened, () => document.body.dataset.ready === 'true', null, 'the popup');
    assert.equal(await reopened.evaluate(() => document.getElementById('summary').textContent), '3 contacts tracked.');
    await reopened.close();
  });

  it('storage of a newer schema is read but never written, and the popup says so', async () => {
    await writeStorage(popup, { schema: { version: 3 } });
    // A harmless write (the profile the sample has) until the background has seen the change.
    const sameProfile = { v: 1, type: 'put_settings', settings: { profile: 'balanced' } };
    await until(async () => (await send(popup, sameProfile)).code === 'read_only', 'read-only mode');
    const refused = await send(popup, { v: 1, type: 'put_opportunity', opportunity: { id: 'new', company: 'New' } });
    assert.deepEqual([refused.ok, refused.code], [false, 'read_only']);
    assert.equal(refused.problems[0].code, 'read_only');
    const restore = await send(popup, { v: 1, type: 'import', file: JSON.stringify({ format: 'too-soon', version: 1 }), mode: 'replace' });
    assert.deepEqual([restore.ok, restore.code], [false, 'read_only'], 'a restore is refused too');
    assert.deepEqual(await summary(popup), { opportunities: 2, contacts: 3, events: 5 }, 'reads keep working');
    const reopened = await driver.extensionPage('popup/popup.html');
    const notice = await waitFor(
      reopened,
      () => document.body.dataset.ready === 'true' && !document.getElementById('notice').hidden && document.getElementById('notice').textContent,
      null,
      'the read-only notice',
    );
    assert.match(notice, /saved by a newer version .* will not change it/);
    await reopened.close();
    const stored = await storage(popup);
    assert.equal(stored['opportunity:new'], undefined);
    await writeStorage(popup, { schema: { version: 1 } });
    await until(async () => (await send(popup, sameProfile)).ok, 'writable again');
  });

  it(`${TABS} tabs logging ${EACH} events each at the same time store exactly ${TABS * EACH}`, async () => {
    const { failures, duplicates } = await logFromTabs(driver, popup, 'load');
    assert.equal(failures, 0);
    assert.equal(duplicates, 0);
  });

  // Only drivers whose browser can stop the background mid-way (Chromium's service
  // worker) define this test; Firefox's background is an event page.
  if (launch.restartsBackground) {
    it(`the same while the service worker is stopped in the middle: retries store nothing twice`, async () => {
      const result = await logFromTabs(driver, popup, 'restart', async (answeredSoFar, tabs) => {
        const deadline = Date.now() + 20000;
        let answered = await answeredSoFar();
        while (answered < 20) {
          if (Date.now() > deadline) throw new Error(`only ${answered} answers before the stop`);
          await new Promise((r) => setTimeout(r, 10));
          answered = await answeredSoFar();
        }
        await driver.restartBackground(tabs[0]);
        return { answeredBeforeStop: answered };
      }, 15);
      const { answeredBeforeStop } = result.meanwhile;
      // The stop came with messages in flight: fewer answers than sends before it, and
      // sends that failed because the worker died and were retried with the same id.
      assert.ok(answeredBeforeStop < TABS * EACH, `${answeredBeforeStop} answered before the stop`);
      assert.ok(result.failures > 0, 'some sends failed when the worker stopped');
      assert.ok(result.retried > 0, 'and were retried');
    });
  }

  it('a backup that is not valid restores nothing, whatever is wrong with it', async () => {
    const page = await driver.extensionPage(OPTIONS);
    await waitFor(page, () => document.body.dataset.ready === 'true', null, 'the options page');
    const pristine = { elements: await page.evaluate(() => document.querySelectorAll('img, script, iframe, object').length) };
    const valid = JSON.stringify(historyTracking('truncated@example.org'));
    const cases = [
      { name: 'truncated', text: valid.slice(0, valid.length / 2), expect: /it looks truncated/ },
      {
        name: 'wrong types',
        text: JSON.stringify({ format: 'too-soon', version: 1, opportunities: [{ id: 5, company: true }], events: 'none' }),
        // Where, in words: the entry counted from 1 and the field as the file writes it.
        expect: /^\u2068Opportunity 1\u2069, field “\u2068id\u2069”: This value has the wrong form \(expected text, found a number\)\.$/m,
      },
      { name: 'empty', text: '', expect: /^The file is empty\.$/ },
      { name: 'newer version', text: JSON.stringify({ format: 'too-soon', version: 3 }), expect: /comes from a newer Too Soon\?/ },
      { name: '5 MB of junk', generate: 'junk', expect: /The file is damaged \(it is not valid JSON/ },
      { name: '10,000 nested arrays', generate: 'nested', expect: /nested too deeply/ },
      // Larger than the browser delivers in one message (Chromium: 64 MiB): refused in the page.
      { name: 'over 64 MiB', generate: 'huge', expect: /^The file is too large: Too Soon\? reads files of up to 64 MB\.$/ },
      // Decoded leniently, the name's letter became "�" and was restored so.
      { name: 'not UTF-8', generate: 'latin1', expect: /^The file is not UTF-8 text/ },
      {
        name: 'hostile names in a file that is not valid',
        text: JSON.stringify({
          format: 'too-soon',
          version: 1,
          opportunities: [{ id: 'h', company: SCRIPT }],
          contacts: [{ id: 'h1', opportunity: 'nowhere', name: IMG, addresses: ['h@example.org'] }],
          [IMG]: SCRIPT,
        }),
        expect: /No opportunity has the id \u2068nowhere\u2069/,
      },
    ];
    for (const mode of ['merge', 'replace']) {
      for (const { name, text, generate, expect } of cases) {
        const before = await snapshot(page);
        const shown = await page.evaluate(restoreThroughPage, { text, generate, mode });
        assert.equal(shown.ok, false, `${mode}, ${name}`);
        assert.match(shown.result, /^Nothing was restored/, `${mode}, ${name}`);
        assert.ok(shown.problems.length > 0, `${mode}, ${name}`);
        assert.match(shown.problems.join('\n'), expect, `${mode}, ${name}: ${shown.problems.join('\n').slice(0, 500)}`);
        assert.equal(shown.elements, pristine.elements, `${mode}, ${name}: no element made from the file`);
        assert.equal(await snapshot(page), before, `${mode}, ${name}: storage unchanged`);
      }
    }
    // The same through the protocol: the answer is `invalid`, every problem with its path.
    const answer = await send(page, { v: 1, type: 'import', file: cases[1].text, mode: 'replace' });
    assert.deepEqual([answer.ok, answer.code], [false, 'invalid']);
    assert.match(answer.message, /(^|; )opportunities\[0\]\.company wrong_type(;|$)/, 'for logs: paths and codes, no English');
    // …and as data: each problem with its path, its code and the values its words show.
    assert.deepEqual(
      answer.problems.find((p) => p.path === 'opportunities[0].company'),
      { path: 'opportunities[0].company', code: 'wrong_type', values: { expected: 'string', found: 'boolean' } },
    );
    await page.close();
  });

  it('backup and restore: hostile names stay text, conflicts write nothing, export then replace is identical', async () => {
    const page = await driver.extensionPage(OPTIONS);
    await waitFor(page, () => document.body.dataset.ready === 'true', null, 'the options page');
    const original = await snapshot(page);
    const count = await page.evaluate(() => document.querySelectorAll('img, script, iframe, object').length);
    // Export through the page: its <a download> click is caught, the Blob read back.
    const exported = await page.evaluate(async () => {
      let caught = null;
      HTMLAnchorElement.prototype.click = function () {
        caught = { href: this.href, download: this.download };
      };
      document.getElementById('export').click();
      for (let i = 0; i < 200 && !caught; i += 1) await new Promise((r) => setTimeout(r, 50));
      const text = await (await fetch(caught.href)).text();
      return { download: caught.download, text };
    });
    assert.match(exported.download, /^too-soon-backup-\d{4}-\d{2}-\d{2}\.json$/);
    const answer = await send(page, { v: 1, type: 'export' });
    assert.deepEqual([answer.ok, answer.type], [true, 'backup']);
    assert.equal(exported.text, answer.file, 'the downloaded file is the export');
    const file = JSON.parse(exported.text);
    assert.deepEqual([file.format, file.version], ['too-soon', 2]);
    assert.deepEqual(
      [file.opportunities.length, file.contacts.length, file.events.length],
      Object.values(await summary(page)),
    );
    // A valid file with hostile names: merged, and shown as text.
    const hostile = {
      format: 'too-soon',
      version: 1,
      opportunities: [{ id: 'hostile-o', company: SCRIPT, role: IMG }],
      contacts: [{ id: 'hostile-c', opportunity: 'hostile-o', name: IMG, addresses: ['hostile@example.org'] }],
      events: [{ id: 'hostile-e', opportunity: 'hostile-o', kind: 'application', at: '2026-10-01T09:00:00-04:00', note: SCRIPT }],
    };
    const merged = await page.evaluate(restoreThroughPage, { text: JSON.stringify(hostile), mode: 'merge' });
    assert.equal(merged.ok, true, merged.result + merged.problems.join('\n'));
    assert.equal(merged.result, 'Restored: 3 added, 0 already there.');
    assert.ok(merged.stored.includes(`${SCRIPT} — ${IMG}: ${IMG}`), JSON.stringify(merged.stored.slice(-3)));
    assert.equal(merged.elements, count, 'no element was made from the names');
    assert.notEqual(merged.title, 'pwned');
    const stored = await storage(page);
    assert.equal(stored['contact:hostile-c'].name, IMG);
    // Merging it again skips everything, and says nothing was new; a changed copy is a
    // conflict and writes nothing.
    const again = await page.evaluate(restoreThroughPage, { text: JSON.stringify(hostile), mode: 'merge' });
    assert.deepEqual([again.ok, again.result], [true, 'Nothing new: the file\'s 3 entries were already here.']);
    const changed = structuredClone(hostile);
    changed.contacts[0].name = 'Someone else';
    const before = await snapshot(page);
    const conflict = await page.evaluate(restoreThroughPage, { text: JSON.stringify(changed), mode: 'merge' });
    assert.equal(conflict.ok, false);
    assert.match(conflict.result, /conflict/);
    assert.deepEqual(conflict.problems, [
      // The stored contact by their name (a hostile one, shown as text), never by its id.
      `Contact 1: Another version of \u2068${hostile.contacts[0].name}\u2069 is already stored (restore with “Replace” to use the file's version).`,
    ]);
    assert.equal(await snapshot(page), before, 'a conflict writes nothing');
    // Restoring the export with "replace" brings back exactly what was stored.
    const replaced = await page.evaluate(restoreThroughPage, { text: exported.text, mode: 'replace' });
    assert.equal(replaced.ok, true, replaced.problems.join('\n'));
    assert.match(replaced.result, /^Restored: 0 added, \d+ already there, 0 replaced, 3 removed\.$/);
    assert.equal(await snapshot(page), original, 'identical storage after export then replace');
    assert.equal((await send(page, { v: 1, type: 'export' })).file, exported.text);
    // Cancelling a replace writes nothing.
    const cancelled = await startReplace(page, JSON.stringify({ format: 'too-soon', version: 1 }));
    // The question says what this file would do: an empty file removes everything.
    assert.match(cancelled.counts, /^What this file would change: 0 to add, 0 to replace, [1-9]\d* to remove\.$/);
    assert.deepEqual(
      [cancelled.asked, cancelled.beside, cancelled.closed, cancelled.focus],
      [true, '0', true, 'restore'],
      'asked (without the last restore\'s result beside it), then closed',
    );
    assert.equal(await snapshot(page), original);
    // A file that cannot be restored is refused at once: no question about replacing.
    const broken = await startReplace(page, '{"format": "too-soon", "vers');
    assert.equal(broken.asked, false, 'not asked about');
    assert.match(broken.result, /^Nothing was restored/);
    assert.equal(await snapshot(page), original);
    // After deleting everything, a merge takes the file's settings (none are stored), and says so.
    await send(page, { v: 1, type: 'delete_all' });
    const chosen = { ...hostile, settings: { profile: 'gentle', own_addresses: ['me@home.example'] } };
    const fresh = await page.evaluate(restoreThroughPage, { text: JSON.stringify(chosen), mode: 'merge' });
    assert.equal(fresh.result, 'Restored: 3 added, 0 already there. Your settings from the file were restored too, as none were saved here.');
    assert.deepEqual((await storage(page)).settings, chosen.settings);
    // The same person tracked again under a new id, then this file merged: both kept, and said.
    const twin = {
      format: 'too-soon',
      version: 1,
      opportunities: [{ ...hostile.opportunities[0], id: 'twin-o' }],
      contacts: [{ ...hostile.contacts[0], id: 'twin-c', opportunity: 'twin-o' }],
      events: [],
    };
    const both = await page.evaluate(restoreThroughPage, { text: JSON.stringify(twin), mode: 'merge' });
    assert.equal(both.ok, true, both.problems.join('\n'));
    assert.match(both.result, /^Restored: 2 added, 0 already there\. .+, from the file, looks like an opportunity tracked here already: you now have both\./);
    await page.close();
  });

  it('reminders: past a due moment exactly one notification, also after a restart; none when off', async () => {
    const notifications = (prefix) =>
      popup.evaluate(
        async (p) => Object.keys(await (globalThis.browser ?? globalThis.chrome).notifications.getAll()).filter((id) => id.startsWith(p)),
        prefix,
      );
    const alarms = () => popup.evaluate(() => (globalThis.browser ?? globalThis.chrome).alarms.getAll());
    const setOffset = (ms) => writeStorage(popup, { 'test:clock_offset_ms': ms });
    const reminders = () => send(popup, { v: 1, type: 'reminders' });
    await clearStorage(popup);
    const applied = Date.now() - 2 * DAY;
    await seed(popup, {
      opportunities: [{ id: 'rem-o', company: 'Remind Co', role: 'Engineer' }],
      contacts: [],
      events: [{ id: 'rem-e1', opportunity: 'rem-o', kind: 'application', at: new Date(applied).toISOString() }],
    });
    // Nothing due yet: one alarm, at the suggested moment of the follow-up (a week on, at
    // 09:00 local time on a business day: Monday when the week ends on a weekend).
    const early = await reminders();
    assert.equal(early.ok, true, JSON.stringify(early));
    assert.deepEqual(early.due, []);
    const dueAt = Date.parse(early.next_at);
    assert.ok(dueAt > applied + 6 * DAY && dueAt <= applied + 10 * DAY, early.next_at);
    const local = await popup.evaluate((t) => [new Date(t).getDay(), new Date(t).getHours(), new Date(t).getMinutes()], dueAt);
    assert.ok(local[0] >= 1 && local[0] <= 5 && local[1] === 9 && local[2] === 0, `${early.next_at}: ${local}`);
    const armed = await until(async () => {
      const all = await alarms();
      return all.length === 1 && all[0].scheduledTime === dueAt && all;
    }, 'the alarm');
    assert.equal(armed[0].name, 'too-soon-reminder');
    assert.deepEqual(await notifications('rem-o@'), []);

    // The clock moves past the due moment: exactly one notification, recorded as shown.
    await setOffset(dueAt - Date.now() + 60000);
    const shown = await until(async () => {
      const ids = await notifications('rem-o@');
      return ids.length > 0 && ids;
    }, 'the notification');
    assert.equal(shown.length, 1, JSON.stringify(shown));
    const answer = await reminders();
    assert.deepEqual(
      answer.due.map((r) => [r.key, r.what, english.reminder(r).title.replace(/[\u2066-\u2069]/g, '')]),
      [[shown[0], 'follow_up', 'Remind Co: a follow-up is fine now']],
    );
    const record = async () => (await storage(popup)).reminders?.notified ?? [];
    assert.deepEqual(await record(), shown);
    // Nothing else due: no alarm left.
    assert.deepEqual(await alarms(), []);

    // A day later, and after the background restarts: still exactly one.
    await setOffset(dueAt - Date.now() + DAY);
    await reminders();
    assert.deepEqual(await notifications('rem-o@'), shown);
    if (driver.restartBackground) {
      await driver.restartBackground(popup);
      await until(async () => (await send(popup, { v: 1, type: 'ping' }).catch(() => null))?.ok, 'the restarted background');
      await reminders();
      assert.deepEqual(await notifications('rem-o@'), shown, 'after a restart');
    }
    assert.deepEqual(await record(), shown);

    // Turned off on the options page: a new due item shows nothing, and no alarm is set.
    const options = await driver.extensionPage('options/options.html');
    await waitFor(options, () => document.body.dataset.ready === 'true' && !document.getElementById('notifications').disabled, null, 'the options page');
    assert.equal(await options.evaluate(() => document.getElementById('notifications').checked), true);
    await options.evaluate(() => document.getElementById('notifications').click());
    await waitFor(options, () => document.body.dataset.settingsSaved === '1', null, 'the settings saved');
    assert.equal(await options.evaluate(() => document.getElementById('notifications-result').textContent), 'Reminders are off.');
    assert.equal((await storage(popup)).settings.notifications, false);
    await seed(popup, {
      opportunities: [{ id: 'rem-q', company: 'Quiet Co' }],
      contacts: [],
      events: [{ id: 'rem-q1', opportunity: 'rem-q', kind: 'application', at: new Date(applied - 20 * DAY).toISOString() }],
    });
    const off = await reminders();
    assert.equal(off.notifications, false);
    assert.ok(off.due.some((r) => r.opportunity === 'rem-q'), 'the engine still knows what is due');
    assert.deepEqual(await notifications('rem-q@'), []);
    assert.deepEqual(await alarms(), []);
    assert.deepEqual(await record(), shown);
    await options.close();

    await popup.evaluate(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      await Promise.all(Object.keys(await api.notifications.getAll()).map((id) => api.notifications.clear(id)));
    });
    await clearStorage(popup);
  });

  for (const part of parts) part(ctx);

  it('no errors in any page console', () => {
    assert.deepEqual(driver.errors, []);
  });
}
