// The end-to-end scenarios, run the same way in every browser: the built extension
// (dist/extension) in a real browser, webmail fixtures at their real URLs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const EXTENSION_DIR = process.env.TOO_SOON_EXTENSION_DIR || fileURLToPath(new URL('../../dist/extension', import.meta.url));
const GMAIL = 'https://mail.google.com/mail/u/0/#inbox?compose=new';
const DAY = 24 * 3600 * 1000;
const LEVELS = ['encouraged', 'ok', 'too_soon', 'stop', 'move_on'];

/** Polls `fn` in the page until it returns something truthy. */
async function waitFor(page, fn, arg, what, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(fn, arg).catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A history in the engine's file format: one opportunity applied to two days ago. */
function historyTracking(address) {
  return {
    format: 'too-soon',
    version: 1,
    opportunities: [{ id: 'o1', company: 'Example Corp', role: 'Engineer', stage: 'applied' }],
    contacts: [{ id: 'c1', opportunity: 'o1', name: 'Alice Example', role: 'hiring_manager', addresses: [address] }],
    events: [{ id: 'e1', opportunity: 'o1', kind: 'application', at: new Date(Date.now() - 2 * DAY).toISOString() }],
  };
}

const send = (page, message) =>
  page.evaluate((m) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage(m), message);
const store = (page, history) =>
  page.evaluate((h) => (globalThis.browser ?? globalThis.chrome).storage.local.set({ history: h }), history);
const badge = (page) =>
  page.evaluate(() => {
    const hosts = document.querySelectorAll('[data-too-soon]');
    return { count: hosts.length, level: hosts[0]?.getAttribute('data-level') ?? null };
  });

export function suite(launch) {
  let driver;
  let popup;

  before(async () => {
    driver = await launch(EXTENSION_DIR);
  });
  after(async () => {
    await driver?.close();
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
    await store(popup, historyTracking('Alice@Example.com '));
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
    if (text !== null) {
      const answer = await send(popup, { v: 1, type: 'check', to: ['alice@example.com', 'bob@example.org'] });
      assert.equal(text, answer.verdict.headline, 'the badge shows the engine\'s headline');
    }
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
    await store(popup, historyTracking('someone-else@example.net'));
    const gmail = await driver.webmail(GMAIL, 'compose');
    await waitFor(gmail, () => document.querySelector('[data-hovercard-id="alice@example.com"]') !== null, null, 'the compose');
    // The extension answered for this page: its verdict request came back empty.
    const answer = await send(popup, { v: 1, type: 'check', to: ['alice@example.com', 'bob@example.org', 'dave@example.com'] });
    assert.deepEqual([answer.ok, answer.verdict], [true, null]);
    await new Promise((r) => setTimeout(r, 750));
    assert.equal((await badge(gmail)).count, 0);
    await gmail.close();
  });

  it('no errors in any page console', () => {
    assert.deepEqual(driver.errors, []);
  });
}
