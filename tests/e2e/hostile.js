// What a hostile webmail page (its own scripts) can do to the badge and to the history
// (issue 11): it cannot read the badge's words (window.find, selection, innerText), it
// cannot forge a send or its scheduled time, its dates cannot make the badge offer an
// impossible reply be logged, and a name cannot reorder the badge's sentences. On Gmail's fixtures,
// in every browser; the accessibility tree is Chromium's (DevTools protocol).
import { english } from '../words.js';
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { GMAIL, DAY, waitFor, until, send, storage, writeStorage, clearStorage, seed, historyTracking, tabToBadge } from './helpers.js';

const ALICE = 'alice@example.com';
const DAVE = 'dave@example.com';
const HOUR = 3600 * 1000;
const REPLY = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzfixture';
const FSI = '\u2068';
const PDI = '\u2069';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const plain = (text) => text.replace(/[\u2068\u2069]/g, '');
/** `url` with fixture parameters (they go before the hash). */
const withQuery = (url, query) => url.replace('#', `?${query}#`);

const events = async (popup) =>
  Object.entries(await storage(popup))
    .filter(([key]) => key.startsWith('event:'))
    .map(([, event]) => event);
const badgeShown = () => document.querySelector('[data-too-soon]') !== null;

/**
 * Alice (c1): applied 20 days ago (no contact on it), followed up 2 hours ago: too soon,
 * and her messages in the reply fixture (72 h and 3 h ago) are older than that, so no
 * reply of hers is logged from it. Dave (c2): interviewed 3 hours ago, another opportunity.
 */
function history({ aliceName = 'Alice Example' } = {}) {
  const h = historyTracking(ALICE);
  h.contacts[0].name = aliceName;
  h.events[0].at = new Date(Date.now() - 20 * DAY).toISOString();
  h.events.push({ id: 'e2', opportunity: 'o1', kind: 'follow_up', channel: 'email', at: new Date(Date.now() - 2 * HOUR).toISOString(), contacts: ['c1'] });
  h.opportunities.push({ id: 'o2', company: 'Other Corp', stage: 'interviewing' });
  h.contacts.push({ id: 'c2', opportunity: 'o2', name: 'Dave Doe', addresses: [DAVE] });
  h.events.push({ id: 'e9', opportunity: 'o2', kind: 'interview', at: new Date(Date.now() - 3 * HOUR).toISOString(), contacts: ['c2'] });
  return h;
}

async function tracking(popup, h) {
  await clearStorage(popup);
  await seed(popup, h);
  for (const address of h.contacts.flatMap((c) => c.addresses)) await until(async () => (await storage(popup))[`view:${address}`], `the view of ${address}`);
}

/** A Gmail compose to Alice (applied two days ago: too soon) with its badge; how many events are logged. */
async function aliceCompose({ driver, popup }, url = GMAIL) {
  await tracking(popup, historyTracking(ALICE));
  const gmail = await driver.webmail(url, 'compose');
  await waitFor(gmail, badgeShown, null, 'the badge');
  return { gmail, before: (await events(popup)).length };
}

/** The page has sent (`count` entries in its log) and closed the compose; then a moment for a log to arrive. */
async function pageSent(gmail, count) {
  await waitFor(gmail, (n) => window.__fixtureLog.length === n, count, 'the page\'s send');
  await waitFor(gmail, () => document.getElementById('c1-send') === null, null, 'the compose to close');
  await sleep(1200);
}

/**
 * The reply fixture with every text the compose window can show at once: the headline naming Alice (Dave is tracked too, in Cc), "Send anyway?" (ask
 * before sending holds the Send), and the open explanation with its reasons and sources.
 * Returns the page and the words the badge shows.
 */
/** The reply's room for the badge's full line (the name and the headline; the fixture's
 * default leaves room for the compact form only). */
const roomy = (gmail) => gmail.evaluate(() => (document.querySelector('[role=main]').style.width = '1500px'));

async function everythingShown(ctx) {
  const { driver, popup } = ctx;
  await tracking(popup, history());
  const settings = (await storage(popup)).settings ?? { profile: 'balanced' };
  await writeStorage(popup, { settings: { ...settings, ask_before_send: true } });
  const gmail = await driver.webmail(REPLY, 'reply');
  await waitFor(gmail, badgeShown, null, 'the badge');
  await roomy(gmail);
  await gmail.click('#r1-cc-input');
  await gmail.keyboard.type(DAVE);
  await gmail.keyboard.press('Enter');
  await until(async () => plain((await driver.badgeText(gmail)) ?? '').includes('Alice Example: '), 'the headline naming Alice');
  await gmail.click('#r1-send');
  await until(async () => (await driver.badgeText(gmail))?.endsWith('Send anyway?'), '"Send anyway?"');
  // From the keyboard: the badge, which opens.
  await tabToBadge(gmail);
  const full = (await send(popup, { v: 1, type: 'check', to: [ALICE] })).verdict;
  const shown = await until(async () => {
    const text = plain((await driver.badgeText(gmail)) ?? '');
    return full.reasons.every((r) => text.includes(english.sentence(r))) && text;
  }, 'the reasons in the panel');
  // In order: the headline naming Alice, "Send anyway?", the panel.
  const words = {
    headline: english.headline(full),
    ask: 'Send anyway?',
    about: `Alice Example <${ALICE}>`,
    reasons: full.reasons.map((r) => english.sentence(r)),
    sources: /Sources: “[^”]+”/.exec(shown)?.[0], // the articles behind a reason, by title
  };
  assert.ok(words.sources, shown);
  for (const text of [words.headline, words.ask, words.about, ...words.reasons, words.sources]) {
    assert.ok(shown.includes(text), `the badge shows ${text}`);
  }
  await writeStorage(popup, { settings });
  return { gmail, words, shown };
}

/**
 * Runs as a page script: what it recovers with window.find from each seed (the first
 * characters of a text it hopes is in the badge), extended one character at a time
 * while the page still finds it; null when not even the seed is found. Then what
 * "select all" and innerText give.
 */
function attack(seeds) {
  const alphabet = [..." abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789?!.,;:'<>@-()·"];
  const found = (text) => {
    getSelection().removeAllRanges();
    return window.find(text, true, false, true, false, true, false);
  };
  const recovered = seeds.map((seed) => {
    if (!found(seed)) return null;
    let text = seed;
    for (let n = 0; n < 300; n += 1) {
      const next = alphabet.find((c) => found(text + c));
      if (next === undefined) break;
      text += next;
    }
    return text;
  });
  getSelection().removeAllRanges();
  document.execCommand('selectAll');
  const selected = getSelection().toString();
  getSelection().removeAllRanges();
  return { recovered, selected, innerText: document.body.innerText, host: document.querySelector('[data-too-soon]').textContent };
}

export default (ctx) => {
  it('hostile page: window.find, selection and innerText recover none of the badge\'s words (headline, panel, reasons, "Send anyway?")', async () => {
    const { gmail, words } = await everythingShown(ctx);
    try {
      // Not `about` (Alice's name and address): the page itself shows them.
      const texts = [words.headline, words.ask, ...words.reasons, words.sources];
      const seeds = texts.map((text) => text.slice(0, 8));
      const seen = await gmail.evaluate(attack, seeds);
      assert.deepEqual(
        seen.recovered,
        seeds.map(() => null),
        `window.find recovered: ${JSON.stringify(seen.recovered)}`,
      );
      for (const text of texts) {
        for (const [how, got] of [['selection', seen.selected], ['innerText', seen.innerText], ['the host', seen.host]]) {
          assert.ok(!plain(got).includes(text), `${how} gives "${text}"`);
        }
      }
    } finally {
      await gmail.close();
    }
  });

  it('hostile page: the badge\'s words are all in the accessibility tree (Chromium)', async (t) => {
    if (!ctx.driver.accessibleNames) return t.skip('no accessibility tree through this driver (Firefox over WebDriver BiDi)');
    const { gmail, words } = await everythingShown(ctx);
    try {
      const names = (await ctx.driver.accessibleNames(gmail)).map(plain);
      const all = names.join('\n');
      for (const text of [words.headline, words.ask, words.about, ...words.reasons, words.sources]) {
        assert.ok(all.includes(text), `a screen reader gets "${text}"`);
      }
      assert.ok(names.includes('Send anyway?'), 'the button is named by its words');
    } finally {
      await gmail.close();
    }
  });

  it('hostile page: a page script\'s click on Send or its Ctrl+Enter logs nothing; the user\'s click logs once', async () => {
    const { popup } = ctx;
    const { gmail, before } = await aliceCompose(ctx);
    try {
      // A script's click: the page sends (its own handler), nothing is logged.
      await gmail.evaluate(() => document.getElementById('c1-send').click());
      await pageSent(gmail, 1);
      assert.equal((await events(popup)).length, before, 'a scripted click is no send of the user');
      // Undo (the user's click) brings the compose back; a script's Ctrl+Enter: the same.
      await gmail.click('div[role=alert] [role=link]');
      await waitFor(gmail, badgeShown, null, 'the compose back');
      await gmail.evaluate(() =>
        document.getElementById('c1-body').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, ctrlKey: true, bubbles: true, cancelable: true })),
      );
      await pageSent(gmail, 3);
      assert.equal((await events(popup)).length, before, 'a scripted Ctrl+Enter is no send of the user');
      await gmail.click('div[role=alert] [role=link]');
      await waitFor(gmail, badgeShown, null, 'the compose back again');
      // The user's own click: logged once, now.
      await gmail.click('#c1-send');
      await until(async () => (await events(popup)).length === before + 1, 'the user\'s send');
      await sleep(500);
      const logged = (await events(popup)).filter((e) => e.kind === 'follow_up');
      assert.equal(logged.length, 1, JSON.stringify(logged));
      assert.ok(Math.abs(Date.parse(logged[0].at) - Date.now()) < 60000, logged[0].at);
      assert.deepEqual(
        (await gmail.evaluate(() => window.__fixtureLog)).map((s) => s.trigger),
        ['click', 'undo', 'shortcut', 'undo', 'click'],
      );
    } finally {
      await gmail.close();
    }
  });

  it('hostile page: a far-future time in a dialog the page planted is not a send\'s time; a schedule beyond a year is not logged', async () => {
    const { popup } = ctx;
    const { gmail, before } = await aliceCompose(ctx);
    try {
      await gmail.evaluate(() => {
        const dialog = document.createElement('div');
        dialog.setAttribute('role', 'dialog');
        const input = document.createElement('input');
        input.type = 'datetime-local';
        input.value = '9999-12-31T23:59';
        const button = document.createElement('button');
        button.id = 'planted';
        button.textContent = 'OK';
        dialog.append(input, button);
        document.body.prepend(dialog);
      });
      await gmail.click('#planted'); // the user clicks in it: still not a schedule of theirs
      await gmail.click('#c1-send');
      await until(async () => (await events(popup)).length === before + 1, 'the send');
      const logged = (await events(popup)).find((e) => e.kind === 'follow_up');
      assert.ok(Math.abs(Date.parse(logged.at) - Date.now()) < 60000, `${logged.at} is now, not the planted time`);
    } finally {
      await gmail.close();
    }

    // Scheduled by the user, but two years ahead: the page's picker shows a time we do not log.
    const ahead = new Date(Date.now() + 2 * 366 * DAY);
    const pad = (n) => String(n).padStart(2, '0');
    const local = `${ahead.getFullYear()}-${pad(ahead.getMonth() + 1)}-${pad(ahead.getDate())}T08:00`;
    const { gmail: far, before: already } = await aliceCompose(ctx, withQuery(GMAIL, `schedule=${local}`));
    try {
      await far.click('[aria-haspopup=true][aria-label="More send options"]');
      await far.click('[selector=scheduledSend]');
      await waitFor(far, () => document.querySelector('input[type=datetime-local]')?.value, null, 'the picker');
      await far.focus('[data-fixture-schedule-confirm]');
      await far.keyboard.press('Enter');
      await pageSent(far, 1);
      assert.equal((await far.evaluate(() => window.__fixtureLog))[0].trigger, 'schedule');
      assert.equal((await events(popup)).length, already, 'not logged at an implausible time (nor at a wrong one)');
    } finally {
      await far.close();
    }
  });

  it('hostile page: a reply dated in the future, in year 0 or 9999, or before the opportunity began is not logged', async () => {
    const { driver, popup } = ctx;
    // Without a follow-up logged, any of Alice's messages would be newer than what is logged.
    const h = history();
    h.events = h.events.filter((e) => e.id !== 'e2');
    await tracking(popup, h);
    const iso = (ms) => new Date(ms).toISOString();
    const cases = {
      'one hour ahead': iso(Date.now() + HOUR),
      'year 9999': '9999-12-31T10:00:00',
      'year 0': '0000-01-01T10:00:00',
      'before the application': iso(Date.now() - 25 * DAY),
    };
    // Control, last (a reply logged would make the others older than it): a plausible date is logged.
    const logged = {};
    for (const [what, date] of [...Object.entries(cases), ['a minute ago', iso(Date.now() - 60000)]]) {
      const gmail = await driver.webmail(withQuery(REPLY, `dated=${encodeURIComponent(date)}||${encodeURIComponent(date)}`), 'reply');
      try {
        await waitFor(gmail, badgeShown, null, 'the badge');
        await sleep(1200); // the senders' views are read, then a reply would be logged
        logged[what] = (await events(popup)).filter((e) => e.kind === 'reply').length;
      } finally {
        await gmail.close();
      }
    }
    assert.deepEqual(logged, { ...Object.fromEntries(Object.keys(cases).map((what) => [what, 0])), 'a minute ago': 1 });
    const view = (await storage(popup))[`view:${ALICE}`];
    assert.ok(Math.abs(Date.parse(view.since) - Date.parse(h.events[0].at)) < 1000, `the view says when the opportunity began: ${view.since}`);
  });

  it('hostile page: a name with right-to-left text or U+202E is isolated in every sentence of the badge', async () => {
    const { driver, popup } = ctx;
    const name = '\u202Eevil אליס';
    await tracking(popup, history({ aliceName: name }));
    const gmail = await driver.webmail(REPLY, 'reply');
    try {
      await waitFor(gmail, badgeShown, null, 'the badge');
      await roomy(gmail);
      await gmail.click('#r1-cc-input');
      await gmail.keyboard.type(DAVE);
      await gmail.keyboard.press('Enter');
      const line = await until(async () => {
        const text = await driver.badgeText(gmail);
        return text?.includes(`${FSI}${name}${PDI}: `) && text;
      }, 'the headline naming her');
      assert.ok(line.includes(`${FSI}${name}${PDI}: ${FSI}`), line); // her name, then the headline, each isolated
      await tabToBadge(gmail);
      const open = await until(async () => {
        const text = await driver.badgeText(gmail);
        return text?.includes('Why') && text;
      }, 'the panel');
      assert.ok(open.includes(`: ${FSI}${name}${PDI} <${FSI}${ALICE}${PDI}>`), open);
    } finally {
      await gmail.close();
    }
  });
};
