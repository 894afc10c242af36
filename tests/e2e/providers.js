// Every provider × view fixture, and its scrambled variant, in the real browser: a badge
// for a tracked recipient (at the engine's level), none once only untracked recipients
// remain, back when the tracked address is typed again, and the send logged for the
// tracked person only. Each fixture's failing send logs nothing. The stripped variant of
// each: no badge, no error, the provider recorded as not recognized. One page per case.
import { english } from '../words.js';
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor, historyTracking, seed, send, badge, storage, clearStorage, until } from './helpers.js';

/**
 * How a test drives each provider's fixture, with hooks that survive the scrambled
 * variant (ids, roles, data attributes): `remove` clicks the remove control of the chip
 * of `address`; `focusInput` focuses the first recipient input of the first compose.
 */
export const DRIVE = {
  gmail: {
    remove: (address) =>
      document.querySelector(`[data-hovercard-id="${address}"][role=option] [role=button]`).click(),
    focusInput: () => {
      const compose = document.querySelector('[g_editable=true]').closest('[role=dialog], [role=region]');
      const summary = compose.querySelector('[id$="-summary"]');
      if (summary && summary.style.display !== 'none') summary.click(); // collapsed: expand first
      compose.querySelector('[name=to] input[role=combobox]').focus();
    },
  },
  outlook: {
    remove: (address) =>
      [...document.querySelectorAll('[contenteditable=false]')]
        .find((chip) => chip.getAttribute('aria-label') === address)
        .querySelector('[data-fixture-remove]')
        .click(),
    focusInput: () => {
      const well = document.querySelector('[contenteditable=true]:not([aria-multiline=true])');
      well.focus();
      getSelection().selectAllChildren(well);
      getSelection().collapseToEnd();
    },
  },
  proton: {
    remove: (address) => document.querySelector(`[data-testid="remove-address-button-${address}"]`).click(),
    focusInput: () => document.querySelector('[data-testid="composer:to"]').focus(),
  },
  yahoo: {
    remove: (address) =>
      document.querySelector(`[data-test-id=pill][title="${address}"] [data-fixture-remove]`).click(),
    focusInput: () => document.querySelector('#message-to-field').focus(),
  },
};

/** Every fixture: its real URL, and a tracked address it shows as an address (not only a name). */
const FIXTURES = [
  { provider: 'gmail', page: 'compose', url: 'https://mail.google.com/mail/u/0/#inbox?compose=new', tracked: 'alice@example.com' },
  { provider: 'gmail', page: 'multi', url: 'https://mail.google.com/mail/u/0/#inbox?compose=new', tracked: 'alice@example.com' },
  // Alice wrote 3 h ago in this thread: her reply is logged by itself, and answering it is no longer too soon.
  { provider: 'gmail', page: 'reply', url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzfixture', tracked: 'alice@example.com', levels: ['ok', 'encouraged'] },
  { provider: 'gmail', page: 'forward', url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzfixture', tracked: 'carol@partner.example' },
  { provider: 'gmail', page: 'popout', url: 'https://mail.google.com/mail/u/0/?view=cm&fs=1&tf=1', tracked: 'alice@example.com' },
  { provider: 'gmail', page: 'fr', url: 'https://mail.google.com/mail/u/0/?hl=fr#inbox?compose=new', tracked: 'alice@example.com' },
  { provider: 'gmail', page: 'collapsed', url: 'https://mail.google.com/mail/u/0/#inbox?compose=new', tracked: 'alice@example.com' },
  { provider: 'outlook', page: 'compose', url: 'https://outlook.live.com/mail/0/', tracked: 'john.doe@example.com' },
  { provider: 'outlook', page: 'reply', url: 'https://outlook.office365.com/mail/inbox/id/AAQkfixture', tracked: 'john.doe@example.com' },
  { provider: 'outlook', page: 'popout', url: 'https://outlook.office.com/mail/deeplink/compose', tracked: 'john.doe@example.com' },
  { provider: 'proton', page: 'compose', url: 'https://mail.proton.me/u/0/inbox', tracked: 'alice@example.com' },
  { provider: 'yahoo', page: 'compose', url: 'https://mail.yahoo.com/d/compose/1234567890', tracked: 'alice@example.com' },
];

const hosts = () => document.querySelectorAll('[data-too-soon]').length;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** The sends logged for the seeded contact c1 (the seeded application has no contacts). */
const sends = async (popup) =>
  Object.entries(await storage(popup))
    .filter(([key, event]) => key.startsWith('event:') && event.contacts?.includes('c1') && event.kind !== 'reply')
    .map(([, event]) => event);
/** `url` with `?fail=1` (before any hash): the fixture's send then fails. */
const failing = (url) => {
  const u = new URL(url);
  u.searchParams.set('fail', '1');
  return u.toString();
};
async function ctrlEnter(page) {
  await page.keyboard.down('Control');
  await page.keyboard.press('Enter');
  await page.keyboard.up('Control');
}
/** Empty storage, then a history tracking `address`, through the background. */
async function tracking(popup, address) {
  await clearStorage(popup);
  await seed(popup, historyTracking(address));
}

export default (ctx) => {
  for (const { provider, page, url, tracked, levels = ['too_soon'] } of FIXTURES) {
    for (const kind of ['', '~scrambled']) {
      it(`${provider} ${page}${kind}: a badge for a tracked recipient, gone when removed, back when typed; the send logged`, async () => {
        const { driver, popup } = ctx;
        await tracking(popup, tracked);
        const mail = await driver.webmail(url, `${page}${kind}`);
        try {
          await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
          const shown = await waitFor(mail, (l) => {
            const hosts = document.querySelectorAll('[data-too-soon]');
            return l.includes(hosts[0]?.getAttribute('data-level')) && { count: hosts.length, level: hosts[0].getAttribute('data-level') };
          }, levels, 'the badge at its level');
          assert.equal(shown.count, 1);
          assert.ok(levels.includes(shown.level), 'applied two days ago: too soon (unless answering a reply seen in the thread)');
          await mail.evaluate(DRIVE[provider].remove, tracked);
          await waitFor(mail, () => document.querySelector('[data-too-soon]') === null, null, 'the badge to go');
          await mail.evaluate(DRIVE[provider].focusInput);
          await mail.keyboard.type(tracked);
          await mail.keyboard.press('Enter');
          await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge to return');
          assert.equal(await mail.evaluate(hosts), 1);
          // Sent with Ctrl+Enter: one initiated contact logged for the tracked person only.
          await ctrlEnter(mail);
          const logged = await until(async () => (await sends(popup)).length > 0 && sends(popup), 'the logged send');
          assert.deepEqual(logged.map((e) => [e.kind, e.opportunity, e.contacts]), [['follow_up', 'o1', ['c1']]]);
          const sent = await mail.evaluate(() => window.__fixtureLog.filter((s) => !s.failed));
          assert.equal(sent.length, 1, 'the page sent once');
          const stored = JSON.stringify(await storage(popup));
          const others = [...sent[0].to, ...sent[0].cc, ...sent[0].bcc].filter((a) => a !== tracked);
          for (const other of others) assert.ok(!stored.includes(other), `${other} (untracked) is not stored`);
        } finally {
          await mail.close();
        }
      });
    }

    it(`${provider} ${page}: nothing is logged when the send fails`, async () => {
      const { driver, popup } = ctx;
      await tracking(popup, tracked);
      const mail = await driver.webmail(failing(url), page);
      try {
        await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
        await mail.evaluate(DRIVE[provider].focusInput);
        await ctrlEnter(mail);
        await waitFor(mail, () => window.__fixtureLog.some((s) => s.failed), null, 'the failed send');
        await sleep(1000);
        assert.deepEqual(await sends(popup), [], 'nothing logged');
        assert.equal(await mail.evaluate(hosts), 1, 'the compose and its badge stay');
      } finally {
        await mail.close();
      }
    });

    it(`${provider} ${page}~stripped: no badge, no error, ${provider} recorded as not recognized`, async () => {
      const { driver, popup } = ctx;
      await tracking(popup, tracked);
      // Start from "recognized", through the background, so the record below is this page's.
      assert.equal((await send(popup, { v: 1, type: 'report_provider', provider, recognized: true })).ok, true);
      await until(async () => (await storage(popup))[`provider:${provider}`]?.recognized === true, 'the reset');
      const errors = driver.errors.length;
      const mail = await driver.webmail(url, `${page}~stripped`);
      try {
        await until(async () => (await storage(popup))[`provider:${provider}`]?.recognized === false, `${provider} recorded as not recognized`);
        assert.equal((await badge(mail)).count, 0);
        assert.equal(driver.errors.length, errors, driver.errors.slice(errors).join('\n'));
      } finally {
        await mail.close();
      }
    });
  }

  // An address typed as mail programs write it ("Name <address>", pasted from elsewhere) and
  // sent before it became a chip: the badge, and the send logged, as for a bare address.
  for (const { provider, page, url, tracked } of FIXTURES.filter((f) => ['gmail', 'outlook'].includes(f.provider) && f.page === 'compose')) {
    it(`${provider} ${page}: "Name <address>" typed, not yet a chip, gets the badge and is logged`, async () => {
      const { driver, popup } = ctx;
      await tracking(popup, tracked);
      const mail = await driver.webmail(url, page);
      try {
        await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
        await mail.evaluate(DRIVE[provider].remove, tracked);
        await waitFor(mail, () => document.querySelector('[data-too-soon]') === null, null, 'the badge to go');
        await mail.evaluate(DRIVE[provider].focusInput);
        await mail.keyboard.type(`Pat Example <${tracked}>`);
        await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge for the typed address');
        await ctrlEnter(mail);
        const logged = await until(async () => (await sends(popup)).length > 0 && sends(popup), 'the logged send');
        assert.deepEqual(logged.map((e) => [e.kind, e.contacts]), [['follow_up', ['c1']]]);
      } finally {
        await mail.close();
      }
    });
  }

  it('gmail multi: a tracked recipient of the minimized compose gets its badge there, and only there', async () => {
    const { driver, popup } = ctx;
    await tracking(popup, 'dave@example.com');
    const mail = await driver.webmail('https://mail.google.com/mail/u/0/#inbox?compose=new', 'multi');
    try {
      await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
      const where = await mail.evaluate(() =>
        [...document.querySelectorAll('[data-too-soon]')].map((host) => host.closest('[role=dialog]').querySelector('input[name=composeid]').value),
      );
      assert.deepEqual(where, ['13'], 'the badge sits in compose 13, the minimized one');
    } finally {
      await mail.close();
    }
  });

  it('proton compose: Ctrl+Enter typed in the body (an iframe) is a send, logged', async () => {
    const { driver, popup } = ctx;
    await tracking(popup, 'alice@example.com');
    const mail = await driver.webmail('https://mail.proton.me/u/0/inbox', 'compose');
    try {
      await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
      await mail.evaluate(() => document.querySelector('iframe').contentDocument.getElementById('rooster-editor').focus());
      await mail.keyboard.type(' Thanks.');
      await ctrlEnter(mail);
      const logged = await until(async () => (await sends(popup)).length > 0 && sends(popup), 'the logged send');
      assert.deepEqual(logged.map((e) => e.kind), ['follow_up']);
      assert.equal((await mail.evaluate(() => window.__fixtureLog))[0].trigger, 'shortcut-in-editor');
    } finally {
      await mail.close();
    }
  });

  it('outlook pop-out window (about:blank, opened by the page): the badge there, the send there logged', async () => {
    const { driver, popup } = ctx;
    await tracking(popup, 'john.doe@example.com');
    const mail = await driver.webmail('https://outlook.office.com/mail/0/', 'window');
    let popout;
    try {
      await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge in the reading pane');
      popout = await driver.opened(mail, () => mail.click('[data-fixture-popout]'));
      assert.equal(await popout.evaluate(() => location.href), 'about:blank');
      await waitFor(popout, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge in the pop-out');
      assert.deepEqual(await badge(popout), { count: 1, level: 'too_soon' });
      await waitFor(mail, () => document.querySelector('[data-too-soon]') === null, null, 'no badge left in the reading pane');
      const text = await driver.badgeText(popout);
      assert.equal(text, english.headline((await send(popup, { v: 1, type: 'check', to: ['john.doe@example.com'] })).verdict));
      // Sent from the pop-out with Ctrl+Enter: logged for the tracked person only.
      await popout.focus('[aria-multiline=true]');
      await ctrlEnter(popout);
      const logged = await until(async () => (await sends(popup)).length > 0 && sends(popup), 'the logged send');
      assert.deepEqual(logged.map((e) => [e.kind, e.opportunity, e.contacts]), [['follow_up', 'o1', ['c1']]]);
      assert.equal((await mail.evaluate(() => window.__fixtureLog.filter((s) => !s.failed))).length, 1, 'sent once');
      // The pop-out, empty now, is no layout to report: Outlook stays recognized.
      await waitFor(popout, () => document.querySelector('[data-app-section]') === null, null, 'the pop-out emptied');
      await sleep(1500);
      assert.equal((await storage(popup))['provider:outlook']?.recognized, true);
    } finally {
      await popout?.close().catch(() => {});
      await mail.close();
    }
  });

  it('outlook: a name-only chip named "__proto__" or "Constructor" beside a tracked recipient leaves the badge as it is', async () => {
    const { driver, popup } = ctx;
    await clearStorage(popup);
    await seed(popup, historyTracking('john.doe@example.com'));
    for (const name of ['__proto__', 'Constructor']) {
      // To: john.doe@example.com and the name-only chip "Michael Example", renamed.
      const mail = await driver.webmail('https://outlook.live.com/mail/0/', 'compose', (html) => html.replaceAll('Michael Example', name));
      try {
        await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, `the badge beside a chip named ${name}`);
        assert.equal((await badge(mail)).level, 'too_soon', `with a chip named ${name}`);
      } finally {
        await mail.close();
      }
    }
    await clearStorage(popup);
  });

  it('outlook reply: a chip that shows only a name gets the badge of the tracked contact with that name', async () => {
    const { driver, popup } = ctx;
    const history = historyTracking('michael@example.com');
    history.contacts[0].name = 'Michael Example';
    await clearStorage(popup);
    await seed(popup, history);
    const mail = await driver.webmail('https://outlook.office365.com/mail/inbox/id/AAQkfixture', 'reply');
    try {
      await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
      assert.equal((await badge(mail)).level, 'too_soon');
      const onPage = await mail.evaluate((address) => {
        const inAttributes = [...document.body.querySelectorAll('*')].some((e) => [...e.attributes].some((a) => a.value.includes(address)));
        return inAttributes || document.body.innerText.includes(address);
      }, 'michael@example.com');
      assert.equal(onPage, false, 'the chip shows only the name: the address is nowhere in the page');
    } finally {
      await mail.close();
      await clearStorage(popup);
    }
  });
};
