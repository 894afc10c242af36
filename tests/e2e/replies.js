// Issue 12, points 1 and 2, in every browser on fixtures at the webmails' real URLs:
// answering a reply is never "too soon" (a reply from a tracked contact seen in the thread
// on screen is logged by itself, once, never from the user, an untracked sender, text
// quoted in a body, an older or implausible date), and Outlook's name-only chips (names
// learned where the page shows them with an address; a resembling name only asked about).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DAY, GMAIL, waitFor, until, send, storage, clearStorage, seed, historyTracking } from './helpers.js';

const ALICE = 'alice@example.com';
const HOUR = 3600 * 1000;
/** `url` with `query` added (before any hash). */
const withQuery = (url, query) => (url.includes('#') ? url.replace('#', `?${query}#`) : `${url}?${query}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The thread fixtures: four messages (Alice 72 h, me 48 h, Alice 3 h, Bob 2 h quoting Alice at 1 h). */
const THREADS = [
  { provider: 'gmail', url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzthread', me: 'me@example.com', visits: 5 },
  { provider: 'outlook', url: 'https://outlook.office365.com/mail/inbox/id/AAQkthread', me: 'me@contoso.example', visits: 2 },
  { provider: 'proton', url: 'https://mail.proton.me/u/0/inbox/thread-fixture', me: 'me@proton.example', visits: 2 },
  { provider: 'yahoo', url: 'https://mail.yahoo.com/d/folders/1/messages/fixture', me: null, visits: 2 },
];

/** Alice applied to 20 days ago and was followed up 2 days ago: an email to her now is too soon (R-CADENCE). */
function followedUp() {
  const history = historyTracking(ALICE);
  history.events[0].at = new Date(Date.now() - 20 * DAY).toISOString();
  history.events.push({ id: 'e2', opportunity: 'o1', kind: 'follow_up', channel: 'email', at: new Date(Date.now() - 2 * DAY).toISOString(), contacts: ['c1'] });
  return history;
}

async function tracking(popup, history) {
  await clearStorage(popup);
  await seed(popup, history);
  return until(async () => (await storage(popup))[`view:${ALICE}`], 'the view of alice@example.com');
}

const events = async (popup) =>
  Object.entries(await storage(popup))
    .filter(([key]) => key.startsWith('event:'))
    .map(([, event]) => event);
const replies = async (popup) => (await events(popup)).filter((e) => e.kind === 'reply');
const level = (page) => page.evaluate(() => document.querySelector('[data-too-soon]')?.getAttribute('data-level') ?? null);

/** The times each message header shows on the page, as ms (the fixture sets them at load). */
const shownTimes = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-fixture-ago-hours]')].map((e) => {
      const at = e.getAttribute('datetime') || e.querySelector('[title]')?.getAttribute('title');
      return { ago: Number(e.getAttribute('data-fixture-ago-hours')), at: new Date(at).getTime() };
    }),
  );

/** Waits until this page's content script has read the thread: the user's From address is remembered (or a while). */
async function threadRead(popup, me) {
  if (me) await until(async () => (await storage(popup)).settings?.own_addresses?.includes(me), `${me} remembered as the user's`);
  await sleep(1200);
}

const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/** A picture of the badge with Send beside it (Chromium): docs/screenshots/<name>.png, for docs/compose.md. */
async function shot(driver, page, name) {
  if (driver.name !== 'chromium') return;
  mkdirSync(SHOTS, { recursive: true });
  const clip = await page.evaluate(() => {
    const host = document.querySelector('[data-too-soon]');
    host.scrollIntoView({ block: 'center' });
    const a = host.getBoundingClientRect();
    const b = (host.previousElementSibling ?? host).getBoundingClientRect();
    const x = Math.max(0, Math.min(a.left, b.left) - 12);
    const y = Math.max(0, Math.min(a.top, b.top) - 12);
    return { x, y, width: Math.max(a.right, b.right) + 12 - x, height: Math.max(a.bottom, b.bottom) + 12 - y };
  });
  await page.screenshot({ path: `${SHOTS}${name}.png`, clip });
}

/** Clicks the middle of the badge host's first control (the question when there is one). */
async function clickBadgeStart(page) {
  const { x, y } = await page.evaluate(() => {
    const rect = document.querySelector('[data-too-soon]').getBoundingClientRect();
    return { x: rect.left + 14, y: rect.top + rect.height / 2 };
  });
  await page.mouse.click(x, y);
}

export default (ctx) => {
  for (const { provider, url, me, visits } of THREADS) {
    it(`replies ${provider}: Alice's newest message in the thread is logged as her reply by itself, once, and answering it is not too soon`, async () => {
      const { driver, popup } = ctx;
      const view = await tracking(popup, followedUp());
      assert.equal(view.segments.at(0).verdict.level, 'too_soon');
      // The page shows the same times on every visit (as a webmail does).
      const anchored = withQuery(url, `anchor=${Date.now()}`);
      const mail = await driver.webmail(anchored, 'thread');
      try {
        const [reply] = await until(async () => {
          const found = await replies(popup);
          return found.length && found;
        }, 'the reply logged by itself');
        assert.deepEqual(reply.contacts, ['c1']);
        const times = await shownTimes(mail);
        const alice = times.find((t) => t.ago === 3).at;
        assert.ok(Math.abs(Date.parse(reply.at) - alice) < 1000, `the newest message from Alice (3 h ago), not the quote in Bob's (1 h): ${reply.at}`);
        assert.equal(reply.logged.by, 'thread');
        assert.equal(reply.logged.provider, provider);
        assert.equal(typeof reply.logged.message, 'string');
        // The badge judges the send as an answer, with no click.
        await waitFor(mail, () => ['ok', 'encouraged'].includes(document.querySelector('[data-too-soon]')?.getAttribute('data-level')), null, 'the answer');
        const text = await driver.badgeText(mail);
        assert.ok(!/too soon/i.test(text), text);
        if (provider === 'gmail') await shot(driver, mail, 'compose-answer');
        // Never from the user, never from Bob (untracked): one event more than seeded, nothing of Bob stored.
        assert.equal((await events(popup)).length, 3);
        assert.ok(!JSON.stringify(await storage(popup)).includes('bob@agency.example'));
      } finally {
        await mail.close();
      }
      // Opened again: still one reply.
      for (let visit = 2; visit <= visits; visit += 1) {
        const again = await driver.webmail(anchored, 'thread');
        await waitFor(again, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
        await threadRead(popup, null);
        await again.close();
      }
      assert.equal((await replies(popup)).length, 1, `${visits} visits, one reply`);
    });
  }

  it('replies gmail: the reply seen in the thread shows in the popup\'s history as seen in Gmail, and Delete removes it (with Undo)', async () => {
    const { driver, popup } = ctx;
    await tracking(popup, followedUp());
    const mail = await driver.webmail(THREADS[0].url, 'thread');
    let reply;
    try {
      [reply] = await until(async () => {
        const found = await replies(popup);
        return found.length && found;
      }, 'the reply logged by itself');
    } finally {
      await mail.close();
    }
    const answered = await send(popup, { v: 1, type: 'log_send', send: { id: 'send-answer', to: [ALICE], provider: 'gmail' } });
    assert.equal(answered.events?.[0]?.classification, 'answer', JSON.stringify(answered));
    const page = await driver.extensionPage('popup/popup.html');
    try {
      await waitFor(page, () => document.body.dataset.ready === 'true', null, 'the popup');
      await page.evaluate(() => document.querySelector('li[data-id="o1"] .timeline > .disclosure').click());
      const line = await waitFor(page, (id) => document.querySelector(`li[data-event="${id}"]`)?.textContent, reply.id, 'the reply in the history');
      assert.match(line, /Their reply · Alice Example · email · seen as a reply in Gmail/, line);
      // The email sent after it is an answer inside their conversation, and the history says so.
      const answer = await waitFor(page, () => document.querySelector('li[data-event="send-answer"]')?.textContent, null, 'the answer in the history');
      assert.match(answer, /Your answer · Alice Example · email · sent from Gmail/, answer);
      await page.evaluate((id) => document.querySelector(`li[data-event="${id}"] [data-event-action="delete"]`).click(), reply.id);
      await until(async () => (await replies(popup)).length === 0, 'the reply removed');
      await waitFor(page, () => document.getElementById('undo') && !document.getElementById('undo').hidden, null, 'Undo');
      await page.evaluate(() => document.getElementById('undo').click());
      await until(async () => (await replies(popup)).length === 1, 'the reply back');
      assert.deepEqual((await replies(popup))[0].logged, reply.logged);
    } finally {
      await page.close();
    }
  });

  it('replies gmail: never older than what is logged, never from text quoted in a body', async () => {
    const { driver, popup } = ctx;
    const history = followedUp();
    // A reply logged 2 h ago: Alice's message of 3 h ago is older; only the quote in Bob's message (1 h) is newer.
    history.events.push({ id: 'e3', opportunity: 'o1', kind: 'reply', at: new Date(Date.now() - 2 * HOUR).toISOString(), contacts: ['c1'] });
    await tracking(popup, history);
    const mail = await driver.webmail(THREADS[0].url, 'thread');
    try {
      await threadRead(popup, 'me@example.com');
      assert.deepEqual((await replies(popup)).map((e) => e.id), ['e3'], 'nothing new logged');
    } finally {
      await mail.close();
    }
  });

  for (const [what, dated] of [
    ['in the future', 'Tue, 1 Dec 2099 09:00:00'],
    ['before the opportunity\'s first event', 'Mon, 5 Jan 2026 09:00:00'],
  ]) {
    it(`replies gmail: a message dated ${what} is never logged`, async () => {
      const { driver, popup } = ctx;
      await tracking(popup, followedUp());
      const url = withQuery(THREADS[0].url, `dated=${encodeURIComponent(`||${dated}`)}`);
      const mail = await driver.webmail(url, 'thread');
      try {
        assert.equal(await mail.evaluate(() => document.querySelectorAll('[data-message-id] .g3')[2].getAttribute('title')), dated);
        await threadRead(popup, 'me@example.com');
        assert.deepEqual(await replies(popup), []);
        assert.equal(await level(mail), 'too_soon');
      } finally {
        await mail.close();
      }
    });
  }

  it('replies gmail: never from the user\'s own messages (an own address that is also tracked)', async () => {
    const { driver, popup } = ctx;
    const history = followedUp();
    // Alice's last message is already logged; the user's own address is (mistakenly) a contact too.
    history.events.push({ id: 'e3', opportunity: 'o1', kind: 'reply', at: new Date(Date.now() - 2 * HOUR).toISOString(), contacts: ['c1'] });
    history.contacts.push({ id: 'c2', opportunity: 'o1', name: 'Me Myself', addresses: ['me@example.com'] });
    await tracking(popup, history);
    const settings = (await storage(popup)).settings ?? { profile: 'balanced' };
    assert.equal((await send(popup, { v: 1, type: 'put_settings', settings: { ...settings, own_addresses: ['me@example.com'] } })).ok, true);
    const mail = await driver.webmail(THREADS[0].url, 'thread');
    try {
      await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
      await sleep(1500);
      assert.deepEqual((await replies(popup)).map((e) => e.id), ['e3'], 'the message from me@example.com (48 h ago, newer than the follow-up) is not a reply');
    } finally {
      await mail.close();
    }
  });

  it('replies outlook: an address shown as a button in the quoted mail of a reply is never learned as the user\'s own', async () => {
    const { driver, popup } = ctx;
    await clearStorage(popup); // Alice not tracked yet: nothing refuses her address as the user's
    const quoted = '<div data-fixture-not-draft>Reach our recruiter: <button type="button">alice@example.com</button></div></div></div></div></div></div></div>';
    const mail = await driver.webmail('https://outlook.office365.com/mail/inbox/id/AAQkfixture', 'reply', (html) =>
      html.replace(/<\/div><\/div><\/div><\/div><\/div><\/div><\/div>(?![\s\S]*<\/div><\/div><\/div><\/div><\/div><\/div><\/div>)/, quoted),
    );
    try {
      assert.equal(await mail.evaluate(() => document.querySelectorAll('[aria-multiline=true] button').length), 1, 'the quoted button is in the body');
      await threadRead(popup, 'me@contoso.example');
      assert.deepEqual((await storage(popup)).settings.own_addresses, ['me@contoso.example']);
    } finally {
      await mail.close();
    }
  });

  it('replies outlook: a message whose header shows no address is never credited to the sender above it', async () => {
    const { driver, popup } = ctx;
    await tracking(popup, followedUp());
    // The user's own message labelled "From: Me" and moved to 1 h ago; Alice's newest is 3 h ago.
    const url = withQuery(THREADS[1].url, `anchor=${Date.now()}`);
    const mail = await driver.webmail(url, 'thread', (html) =>
      html.replace('aria-label="From: me@contoso.example"', 'aria-label="From: Me"').replace('data-fixture-ago-hours="48"', 'data-fixture-ago-hours="1"'),
    );
    try {
      const [reply] = await until(async () => {
        const found = await replies(popup);
        return found.length && found;
      }, 'Alice\'s reply logged');
      await sleep(1200);
      const alice = (await shownTimes(mail)).find((t) => t.ago === 3).at;
      assert.deepEqual(
        (await replies(popup)).map((e) => Date.parse(e.at)),
        [alice],
        `only Alice's message of 3 h ago, never the user's own of 1 h ago: ${reply.at}`,
      );
    } finally {
      await mail.close();
    }
  });

  it('aliases outlook: an address typed into a well that Outlook shows as a name teaches that name; its chip gets the badge', async () => {
    const { driver, popup } = ctx;
    const history = historyTracking('carol@partner.example');
    history.contacts[0].name = 'Carol P.';
    await clearStorage(popup);
    await seed(popup, history);
    const mail = await driver.webmail('https://outlook.live.com/mail/0/', 'compose');
    try {
      await waitFor(mail, () => document.querySelector('[aria-multiline=true]') !== null, null, 'the compose');
      // The content script has read the page (it reports Outlook recognized once it has
      // scanned it): only then is the address seen as typed, before Outlook turns it into
      // a name (no badge to wait for: no tracked person is in this compose yet).
      await until(async () => (await storage(popup))['provider:outlook']?.recognized === true, 'the content script to read the page');
      await mail.evaluate(() => {
        const well = document.querySelector('[contenteditable=true]:not([aria-multiline=true])');
        well.focus();
        getSelection().selectAllChildren(well);
        getSelection().collapseToEnd();
      });
      await mail.keyboard.type('carol@partner.example');
      await mail.keyboard.press('Enter');
      const contact = await until(async () => {
        const c = (await storage(popup))['contact:c1'];
        return c?.aliases?.length && c;
      }, 'the alias learned');
      assert.deepEqual(contact.aliases, ['Carol Partner']);
      await waitFor(mail, () => document.querySelector('[data-too-soon]')?.getAttribute('data-level') === 'too_soon', null, 'the badge of the chip "Carol Partner"');
      const onPage = await mail.evaluate(() => [...document.querySelectorAll('[contenteditable=false]')].map((c) => c.getAttribute('aria-label')));
      assert.ok(onPage.includes('Carol Partner') && !onPage.includes('carol@partner.example'), onPage.join());
    } finally {
      await mail.close();
    }
  });

  it('aliases outlook: a reading-pane header showing name and address teaches the name', async () => {
    const { driver, popup } = ctx;
    const history = followedUp();
    history.contacts[0].name = 'A. Example';
    await tracking(popup, history);
    const mail = await driver.webmail(THREADS[1].url, 'thread'); // To: the name-only chip "Alice Example"
    try {
      const contact = await until(async () => {
        const c = (await storage(popup))['contact:c1'];
        return c?.aliases?.length && c;
      }, 'the alias learned');
      assert.deepEqual(contact.aliases, ['Alice Example']);
      await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge of the chip "Alice Example"');
    } finally {
      await mail.close();
    }
  });

  it('aliases outlook: a contact card showing name and address (a click on a name-only chip) teaches the name', async () => {
    const { driver, popup } = ctx;
    const history = historyTracking('michael@example.com');
    history.contacts[0].name = 'Mike Example'; // not resembling "Michael Example": nothing is asked
    await clearStorage(popup);
    await seed(popup, history);
    const mail = await driver.webmail('https://outlook.live.com/mail/0/', 'compose'); // To: the name-only chip "Michael Example"
    try {
      await waitFor(mail, () => document.querySelector('[aria-multiline=true]') !== null, null, 'the compose');
      await sleep(500);
      assert.equal((await storage(popup))['contact:c1'].aliases, undefined, 'nothing learned from a name alone');
      assert.equal(await mail.evaluate(() => document.querySelector('[data-too-soon]')), null, 'no badge for an unknown name');
      await mail.click('[aria-label="Michael Example"] .lpc-hoverTarget');
      const contact = await until(async () => {
        const c = (await storage(popup))['contact:c1'];
        return c?.aliases?.length && c;
      }, 'the alias learned from the card');
      assert.deepEqual(contact.aliases, ['Michael Example']);
      await waitFor(mail, () => document.querySelector('[data-too-soon]')?.getAttribute('data-level') === 'too_soon', null, 'the badge of the chip "Michael Example"');
    } finally {
      await mail.close();
    }
  });

  it('aliases: "Track someone" prefilled from the compose in the current tab keeps the name the webmail showed, tracked under another', async () => {
    const { driver, popup } = ctx;
    await clearStorage(popup);
    const page = await driver.extensionPage('popup/popup.html');
    const mail = await driver.webmail(GMAIL, 'compose'); // To: "Alice Example" <alice@example.com>
    try {
      await waitFor(page, () => document.body.dataset.ready === 'true', null, 'the popup');
      await waitFor(mail, () => document.querySelector('[data-hovercard-id="alice@example.com"]') !== null, null, 'the compose');
      await mail.bringToFront(); // the compose's tab is the window's current one, as when the popup opens over it
      await page.evaluate(() => document.getElementById('first-track').click());
      const prefilled = await until(
        () =>
          page.evaluate(() => {
            const form = document.querySelector('form.panel-track');
            return form?.elements.namedItem('name').value ? [form.elements.namedItem('name').value, form.elements.namedItem('addresses').value] : null;
          }),
        'the form prefilled',
      );
      // One person: To and Cc hold three (it was every address under Alice's name; found by
      // the reviewer and a French tester).
      assert.deepEqual(prefilled, ['Alice Example', 'alice@example.com']);
      await page.evaluate(() => {
        const form = document.querySelector('form.panel-track');
        form.elements.namedItem('name').value = 'A. Example';
        form.elements.namedItem('addresses').value = 'Alice@Example.com'; // known again however written
        form.querySelector('button[type="submit"]').click();
      });
      const contact = await until(async () => Object.values(await storage(popup)).find((v) => v?.name === 'A. Example'), 'the person tracked');
      assert.deepEqual([contact.addresses, contact.aliases], [['Alice@Example.com'], ['Alice Example']]);
      // Tracked now: the next recipient is offered (bob@example.org, no name shown).
      const offered = async () => {
        await page.evaluate(() => document.querySelector('form.panel-track')?.remove());
        await waitFor(page, () => document.body.dataset.ready === 'true' && !document.getElementById('track-open').hidden, null, 'the list');
        await mail.bringToFront();
        await page.evaluate(() => document.getElementById('track-open').click());
        await waitFor(page, () => document.querySelector('form.panel-track') !== null, null, 'the form');
        await sleep(500); // the compose's answer (or none) comes within 300 ms
        return page.evaluate(() => {
          const form = document.querySelector('form.panel-track');
          return [form.elements.namedItem('name').value, form.elements.namedItem('addresses').value];
        });
      };
      assert.deepEqual(await offered(), ['', 'bob@example.org']);
      // With Gmail turned off, nothing is read from its compose.
      assert.equal((await send(popup, { v: 1, type: 'put_settings', settings: { providers: { gmail: false } } })).ok, true);
      await sleep(300);
      assert.deepEqual(await offered(), ['', '']);
    } finally {
      await mail.close();
      await page.close();
    }
  });

  it('aliases outlook: a name-only chip that resembles a tracked name is asked about, and one click stores it', async () => {
    const { driver, popup } = ctx;
    const history = historyTracking('michael@example.com');
    history.contacts[0].name = 'Michael E.';
    history.opportunities[0].company = 'Acme';
    await clearStorage(popup);
    await seed(popup, history);
    const mail = await driver.webmail('https://outlook.office365.com/mail/inbox/id/AAQkfixture', 'reply'); // To: "Michael Example"
    try {
      await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the question');
      assert.equal(await level(mail), null, 'no verdict assumed');
      const asked = await driver.badgeText(mail);
      assert.ok(asked.startsWith('Is this \u2068Michael E. (Acme)\u2069?'), asked);
      await sleep(500);
      assert.equal((await storage(popup))['contact:c1'].aliases, undefined, 'nothing stored before the click');
      await shot(driver, mail, 'compose-alias-question');
      await clickBadgeStart(mail);
      const contact = await until(async () => {
        const c = (await storage(popup))['contact:c1'];
        return c?.aliases?.length && c;
      }, 'the alias stored');
      assert.deepEqual(contact.aliases, ['Michael Example']);
      await waitFor(mail, () => document.querySelector('[data-too-soon]')?.getAttribute('data-level') === 'too_soon', null, 'the verdict');
      const after = await driver.badgeText(mail);
      assert.ok(!after.includes('Is this'), after);
      await shot(driver, mail, 'compose-alias-learned');
    } finally {
      await mail.close();
    }
  });

  it('replies: an options page opened before an address was learned keeps it when a setting changes, and lists it as stored', async () => {
    const { driver, popup } = ctx;
    await clearStorage(popup);
    await seed(popup, historyTracking(ALICE));
    const options = await driver.extensionPage('options/options.html');
    try {
      await waitFor(options, () => document.getElementById('notifications')?.disabled === false, null, 'the settings');
      // Learned elsewhere (a webmail's From address) while the page is open.
      assert.equal((await send(popup, { v: 1, type: 'learn_own_address', address: 'Me@Bücher.example' })).ok, true);
      await waitFor(options, () => document.getElementById('own-address-list').textContent.includes('me@xn--bcher-kva.example'), null, 'the learned address, as stored');
      await options.evaluate(() => document.getElementById('notifications').click());
      await until(async () => (await storage(popup)).settings?.notifications === false, 'reminders off');
      assert.deepEqual((await storage(popup)).settings.own_addresses, ['me@xn--bcher-kva.example'], 'the learned address stays');
    } finally {
      await options.close();
    }
  });

  it('replies: the own addresses field of the options page adds and removes an address', async () => {
    const { driver, popup } = ctx;
    await clearStorage(popup);
    await seed(popup, historyTracking(ALICE));
    const options = await driver.extensionPage('options/options.html');
    try {
      await waitFor(options, () => document.getElementById('own-address') !== null, null, 'the field');
      const add = (address) =>
        options.evaluate((a) => {
          document.getElementById('own-address').value = a;
          document.getElementById('own-address-add').click();
        }, address);
      await add('Me@Home.example');
      await until(async () => (await storage(popup)).settings?.own_addresses?.includes('me@home.example'), 'stored');
      await add(ALICE);
      await waitFor(options, () => document.getElementById('own-address-result').textContent.includes('whom you track'), null, 'the refusal');
      // In words, with the contact's name: not the problem's code or path.
      const refusal = await options.evaluate(() => document.getElementById('own-address-result').textContent);
      assert.match(refusal, /“\u2068?alice@example\.com\u2069?” is the address of \u2068?Alice Example/);
      assert.doesNotMatch(refusal, /own_is_contact|address:/);
      await waitFor(options, () => document.querySelector('#own-address-list button') !== null, null, 'the list');
      await options.evaluate(() => document.querySelector('#own-address-list button').click());
      await until(async () => !(await storage(popup)).settings?.own_addresses?.length, 'removed');
    } finally {
      await options.close();
    }
  });
};
