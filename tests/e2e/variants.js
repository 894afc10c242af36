// Issue 12, point 5: markup of the real webmail that other public extensions met
// (2023-2026), as fixture variants (tests/fixtures/variants.js, "real" variants), in every
// browser: the badge where it belongs and only there, the send logged, nothing read from
// elsewhere.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor, until, storage, clearStorage, seed, historyTracking } from './helpers.js';
import { DRIVE } from './providers.js';

const GMAIL = 'https://mail.google.com/mail/u/0/#inbox?compose=new';
const GMAIL_THREAD = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzfixture';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each variant: its page at a real URL, a tracked recipient shown in its compose (in the threads, Alice's reply is logged by itself: no longer too soon). */
const VARIANTS = [
  { provider: 'gmail', page: 'compose~mac', url: GMAIL, tracked: 'alice@example.com', what: 'Send tooltip "Send \\u202A(⌘Enter)\\u202C" (macOS)' },
  { provider: 'gmail', page: 'reply~mac', url: GMAIL_THREAD, tracked: 'alice@example.com', what: 'inline reply, macOS Send tooltip', levels: ['ok', 'encouraged'] },
  { provider: 'gmail', page: 'compose~titlebar', url: GMAIL, tracked: 'alice@example.com', what: 'title bar Ht-<hash>, <button> window controls' },
  { provider: 'gmail', page: 'reply~wrapped', url: GMAIL_THREAD, tracked: 'alice@example.com', what: 'inline reply wrapper, data-compose-id', levels: ['ok', 'encouraged'] },
  { provider: 'gmail', page: 'compose~suggest', url: GMAIL, tracked: 'alice@example.com', what: 'autocomplete suggestions with [email]' },
  { provider: 'outlook', page: 'compose~ribbon', url: 'https://outlook.live.com/mail/0/', tracked: 'john.doe@example.com', what: 'ribbon split buttons, a RecipientWell' },
  { provider: 'yahoo', page: 'compose~new', url: 'https://mail.yahoo.com/n/compose/1234567890', tracked: 'alice@example.com', what: '/n/compose, y-pill, compose-header-field-to' },
  { provider: 'proton', page: 'compose~dataid', url: 'https://mail.proton.me/u/0/inbox', tracked: 'alice@example.com', what: 'composer div.composer[data-id]' },
  { provider: 'proton', page: 'compose~section', url: 'https://mail.proton.me/u/0/inbox', tracked: 'alice@example.com', what: 'composer section[data-testid^=composer-]' },
];

async function ctrlEnter(page) {
  await page.keyboard.down('Control');
  await page.keyboard.press('Enter');
  await page.keyboard.up('Control');
}

async function tracking(popup, address) {
  await clearStorage(popup);
  await seed(popup, historyTracking(address));
}

const sends = async (popup) =>
  Object.entries(await storage(popup))
    .filter(([key, event]) => key.startsWith('event:') && event.contacts?.includes('c1') && !['application', 'reply'].includes(event.kind))
    .map(([, event]) => event);

export default (ctx) => {
  for (const { provider, page, url, tracked, what, levels = ['too_soon'] } of VARIANTS) {
    it(`variants ${provider} ${page} (${what}): one badge beside Send, the send logged`, async () => {
      const { driver, popup } = ctx;
      await tracking(popup, tracked);
      const mail = await driver.webmail(url, page);
      try {
        await waitFor(mail, (l) => l.includes(document.querySelector('[data-too-soon]')?.getAttribute('data-level')), levels, 'the badge');
        const shown = await mail.evaluate(() => [...document.querySelectorAll('[data-too-soon]')].map((h) => h.getAttribute('data-level')));
        assert.equal(shown.length, 1);
        assert.ok(levels.includes(shown[0]), shown[0]);
        await mail.evaluate(DRIVE[provider].focusInput);
        await ctrlEnter(mail);
        const logged = await until(async () => (await sends(popup)).length > 0 && sends(popup), 'the logged send');
        assert.deepEqual(logged.map((e) => [e.kind, e.logged?.provider]), [['follow_up', provider]]);
      } finally {
        await mail.close();
      }
    });
  }

  it('variants gmail compose~suggest: an address only in the autocomplete suggestions is no recipient', async () => {
    const { driver, popup } = ctx;
    await tracking(popup, 'carol@partner.example');
    const mail = await driver.webmail(GMAIL, 'compose~suggest');
    try {
      await waitFor(mail, () => document.querySelector('[role=listbox] [email="carol@partner.example"]') !== null, null, 'the suggestion');
      await sleep(1500);
      assert.equal(await mail.evaluate(() => document.querySelectorAll('[data-too-soon]').length), 0);
    } finally {
      await mail.close();
    }
  });

  it('variants outlook compose~ribbon: no badge on the ribbon\'s New mail, Delete, Report; a RecipientWell is no compose recipient', async () => {
    const { driver, popup } = ctx;
    await tracking(popup, 'john.doe@example.com');
    const mail = await driver.webmail('https://outlook.live.com/mail/0/', 'compose~ribbon');
    try {
      await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
      const beside = await mail.evaluate(() =>
        [...document.querySelectorAll('[data-too-soon]')].map((h) => h.previousElementSibling?.querySelector('button')?.getAttribute('aria-label')),
      );
      assert.deepEqual(beside, ['Send']);
      // carol@partner.example is shown only in the reading pane's RecipientWell.
      await tracking(popup, 'carol@partner.example');
      await waitFor(mail, () => document.querySelector('[data-too-soon]') === null, null, 'no badge');
      await sleep(1000);
      assert.equal(await mail.evaluate(() => document.querySelectorAll('[data-too-soon]').length), 0);
      const answer = await until(
        () =>
          popup.evaluate(async () => {
            const api = globalThis.browser ?? globalThis.chrome;
            const tabs = await api.tabs.query({});
            const asked = tabs.map((tab) => api.tabs.sendMessage(tab.id, { v: 1, type: 'compose_recipients' }).catch(() => null));
            return (await Promise.all(asked)).find((a) => a?.ok) ?? null;
          }),
        'the compose recipients',
      );
      assert.ok(!answer.recipients.some((r) => r.address === 'carol@partner.example'), JSON.stringify(answer));
    } finally {
      await mail.close();
    }
  });
};
