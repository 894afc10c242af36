// The compose window (issue 5): the badge from the views the background publishes, its
// explanation by keyboard, sends logged (and not when they fail, and undone), ask before
// sending, and a layout that is not recognized. On Gmail's fixtures, in every
// browser. The drivers read inside the badge's closed shadow root (driver.badgeText):
// Chromium through the DevTools protocol, Firefox through a test-only probe extension.
import { catalogue, english } from '../words.js';
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { EXTENSION_DIR, GMAIL, DAY, waitFor, until, send, storage, writeStorage, clearStorage, seed, historyTracking, tabToBadge } from './helpers.js';

const ALICE = 'alice@example.com';
const HOUR = 3600 * 1000;
/** Gmail's URL with fixture parameters (they go before the hash). */
const gmailWith = (query) => GMAIL.replace('#', `?${query}#`);

/** A history where Alice interviewed `hoursAgo` hours ago (a thank-you moment when recent). */
function interviewed(hoursAgo) {
  const history = historyTracking(ALICE);
  history.opportunities[0].stage = 'interviewing';
  history.events.push({ id: 'e2', opportunity: 'o1', kind: 'interview', at: new Date(Date.now() - hoursAgo * HOUR).toISOString(), contacts: ['c1'] });
  return history;
}

/** Starts from empty storage, stores `history` through the background, waits for Alice's view. */
async function tracking(popup, history) {
  await clearStorage(popup);
  await seed(popup, history);
  return until(async () => (await storage(popup))[`view:${ALICE}`], 'the view of alice@example.com');
}

/** The verdict a view gives now (the last segment already started). */
const verdictNow = (view) => view.segments.filter((s) => s.from_ms == null || s.from_ms <= Date.now()).at(-1).verdict;

const events = async (popup) =>
  Object.entries(await storage(popup))
    .filter(([key]) => key.startsWith('event:'))
    .map(([, event]) => event);
const hostLevel = (page) => page.evaluate(() => document.querySelector('[data-too-soon]')?.getAttribute('data-level') ?? null);
const badgeFocused = (page) => page.evaluate(() => document.activeElement?.hasAttribute('data-too-soon') === true);
const fixtureLog = (page) => page.evaluate(() => window.__fixtureLog);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A click at the right end of the badge host (its last control), in page coordinates. */
async function clickBadgeEnd(page) {
  const { x, y } = await page.evaluate(() => {
    const rect = document.querySelector('[data-too-soon]').getBoundingClientRect();
    return { x: rect.right - 12, y: rect.top + rect.height / 2 };
  });
  await page.mouse.click(x, y);
}

export default (ctx) => {
  it('compose: the badge shows the published view; its whole explanation opens by keyboard, Escape closes it, other keys reach the page', async () => {
    const { driver, popup } = ctx;
    const view = await tracking(popup, historyTracking(ALICE));
    assert.equal(view.v, 1);
    assert.deepEqual(view.contacts.map((c) => c.name), ['Alice Example']);
    const verdict = verdictNow(view);
    assert.equal(verdict.level, 'too_soon', 'applied two days ago: R-APPLY-WAIT');
    const gmail = await driver.webmail(GMAIL, 'compose');
    await waitFor(gmail, () => document.querySelector('[data-too-soon]')?.getAttribute('data-level'), null, 'the badge');
    assert.equal(await hostLevel(gmail), 'too_soon');
    const closed = await driver.badgeText(gmail);
    assert.equal(closed, english.headline(verdict));

    await tabToBadge(gmail);
    // The reasons come from the background (`check`) once the panel opens.
    const full = (await send(popup, { v: 1, type: 'check', to: [ALICE] })).verdict;
    assert.ok(full.reasons.length > 0);
    const open = await until(async () => {
      const text = await driver.badgeText(gmail);
      return text?.includes('Why') && text;
    }, 'the reasons in the panel');
    assert.ok(open.startsWith(english.headline(verdict)), open);
    assert.match(open, /\u2068Alice Example\u2069 <\u2068alice@example\.com\u2069>/, 'whom it is about (bidi-isolated)');
    for (const reason of full.reasons) {
      assert.ok(open.includes(english.sentence(reason)), `reason ${reason.rule}`);
      assert.ok(open.includes(catalogue('en')[`rule_${reason.rule.replaceAll('-', '_')}`].message), `the rule's name ${reason.rule}`);
    }
    for (const hint of full.hints) assert.ok(open.includes(english.sentence(hint)), `hint ${hint.rule}`);
    assert.match(open, /Next good moment: \w{3}\W+\w+\s\w+/); // a date in the browser's language
    const titles = ['001', '003'].map((n) => catalogue('en')[`next_article_${n}`].message);
    assert.ok(titles.every((title) => open.includes(title)), 'the sources of R-APPLY-WAIT, by title');
    // A key the badge does not handle still reaches the page's shortcuts; Escape is its own.
    await gmail.evaluate(() => {
      window.__keys = [];
      document.addEventListener('keydown', (e) => window.__keys.push(e.key));
    });
    await gmail.keyboard.press('j');
    await gmail.keyboard.press('Escape');
    assert.deepEqual(await gmail.evaluate(() => window.__keys), ['j']);
    assert.equal(await badgeFocused(gmail), true, 'the focus stays on the badge');
    const after = await driver.badgeText(gmail);
    assert.equal(after, english.headline(verdict), 'the panel is closed');
    await gmail.close();
  });

  it('compose: across several tracked recipients the strictest verdict wins, and the badge names whom it is about', async () => {
    const { driver, popup } = ctx;
    const history = historyTracking(ALICE);
    history.opportunities.push({ id: 'o2', company: 'Other Corp', stage: 'interviewing' });
    history.contacts.push({ id: 'c2', opportunity: 'o2', name: 'Dave Doe', addresses: ['dave@example.com'] });
    history.events.push({ id: 'e9', opportunity: 'o2', kind: 'interview', at: new Date(Date.now() - 3 * HOUR).toISOString(), contacts: ['c2'] });
    await tracking(popup, history);
    await until(async () => (await storage(popup))['view:dave@example.com'], 'the view of dave@example.com');
    const gmail = await driver.webmail(GMAIL, 'compose'); // To Alice and Bob, Cc Dave
    await waitFor(gmail, () => document.querySelector('[data-too-soon]')?.getAttribute('data-level'), null, 'the badge');
    assert.equal(await hostLevel(gmail), 'too_soon', 'Alice (too soon) over Dave (a thank-you moment)');
    // The name and the headline need more than the fixture's 520 px (compact there): a wider compose.
    await gmail.evaluate(() => (document.querySelector('[role=dialog]').style.width = '900px'));
    const both = await until(async () => {
      const text = await driver.badgeText(gmail);
      return text.length > 'Too soon'.length && text;
    }, 'the full line');
    assert.match(both, /^\u2068Alice Example\u2069: \u2068Too soon\?/);
    // Opened: the other tracked recipient is named with their own level.
    await tabToBadge(gmail);
    const open = await until(async () => {
      const text = await driver.badgeText(gmail);
      return text?.includes('Why') && text;
    }, 'the panel');
    assert.match(open, /Also tracked in this draft: \u2068Dave Doe\u2069 \(\u2068Good moment\u2069\)\. The strictest verdict is shown\./);
    await gmail.keyboard.press('Escape');
    await gmail.click('.aoD.hl'); // the recipients, folded once the focus left them: opened again
    await gmail.click('[data-hovercard-id="alice@example.com"] [role=button]');
    await waitFor(gmail, () => document.querySelector('[data-too-soon]')?.getAttribute('data-level') === 'encouraged', null, 'Dave\'s verdict');
    const dave = await driver.badgeText(gmail);
    const view = (await storage(popup))['view:dave@example.com'];
    assert.equal(dave, english.headline(verdictNow(view)), 'one tracked recipient: the headline alone');
    await gmail.close();
  });

  it('compose: a send is logged once, as the engine classifies it, only for tracked recipients; Undo removes it', async () => {
    const { driver, popup } = ctx;
    await tracking(popup, interviewed(3));
    const gmail = await driver.webmail(GMAIL, 'compose');
    await waitFor(gmail, () => document.querySelector('[data-too-soon]')?.getAttribute('data-level'), null, 'the badge');
    assert.equal(await hostLevel(gmail), 'encouraged', 'a thank-you moment');
    const before = (await events(popup)).length;
    await gmail.click('#c1-send');
    const logged = await until(async () => {
      const all = await events(popup);
      return all.length > before && all.filter((e) => e.contacts?.includes('c1') && e.kind !== 'interview');
    }, 'the logged send');
    assert.equal(logged.length, 1, JSON.stringify(logged));
    assert.equal(logged[0].kind, 'thank_you');
    assert.equal(logged[0].classification, 'thank_you');
    assert.equal(logged[0].opportunity, 'o1');
    assert.ok(Math.abs(Date.parse(logged[0].at) - Date.now()) < 60000, logged[0].at);
    await sleep(500);
    assert.equal((await events(popup)).length, before + 1, 'logged exactly once');
    const stored = JSON.stringify(await storage(popup));
    assert.ok(!stored.includes('bob@example.org') && !stored.includes('dave@example.com'), 'untracked recipients are never stored');

    // Undo: the logged contact goes; the compose comes back with its badge.
    await gmail.click('div[role=alert] [role=link]');
    await until(async () => (await events(popup)).length === before, 'the send to be forgotten');
    assert.ok(!(`event:${logged[0].id}` in (await storage(popup))));
    await waitFor(gmail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge again');

    // Sent again with Ctrl+Enter from the body: a new send, logged once.
    await gmail.click('#c1-body');
    await gmail.keyboard.down('Control');
    await gmail.keyboard.press('Enter');
    await gmail.keyboard.up('Control');
    await until(async () => (await events(popup)).length === before + 1, 'the second send');
    const again = (await events(popup)).filter((e) => e.contacts?.includes('c1') && e.kind === 'thank_you');
    assert.equal(again.length, 1);
    assert.notEqual(again[0].id, logged[0].id, 'a new send has a new id');
    assert.deepEqual((await fixtureLog(gmail)).map((s) => s.trigger), ['click', 'undo', 'shortcut']);
    await gmail.close();
  });

  it('compose: the Undo of another action in Gmail\'s bar (an archive) leaves the send logged', async () => {
    const { driver, popup } = ctx;
    await tracking(popup, interviewed(3));
    const gmail = await driver.webmail(GMAIL, 'compose');
    await waitFor(gmail, () => document.querySelector('[data-too-soon]')?.getAttribute('data-level'), null, 'the badge');
    const before = (await events(popup)).length;
    await gmail.click('#c1-send');
    await until(async () => (await events(popup)).length === before + 1, 'the logged send');
    await waitFor(gmail, () => document.querySelector('div.b8[role=alert] [role=link]') !== null, null, 'the "Message sent" bar');
    // Gmail rebuilds its bar for every action: the user archives a conversation and
    // undoes that (the page handles the click; the send stays sent).
    await gmail.evaluate(() => {
      const bar = document.querySelector('div.b8[role=alert]');
      const said = Object.assign(document.createElement('span'), { textContent: 'Conversation archived. ' });
      const link = Object.assign(document.createElement('span'), { id: 'archive-undo', tabIndex: 0, textContent: 'Undo' });
      link.setAttribute('role', 'link');
      link.addEventListener('click', (event) => {
        event.stopPropagation();
        said.textContent = 'Action undone. ';
      });
      bar.replaceChildren(said, link);
    });
    await gmail.click('#archive-undo');
    await sleep(1500);
    assert.equal((await events(popup)).length, before + 1, 'the send is still logged');
    assert.deepEqual((await fixtureLog(gmail)).map((s) => s.trigger), ['click']);
    await gmail.close();
  });

  it('compose: nothing is logged when the send fails (Enter on Send, an error dialog)', async () => {
    const { driver, popup } = ctx;
    await tracking(popup, historyTracking(ALICE));
    const gmail = await driver.webmail(gmailWith('fail=1'), 'compose');
    await waitFor(gmail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
    const before = (await events(popup)).length;
    await gmail.focus('#c1-send');
    await gmail.keyboard.press('Enter');
    await waitFor(gmail, () => document.querySelector('[role=alertdialog]') !== null, null, 'the error dialog');
    await sleep(1500);
    assert.deepEqual((await fixtureLog(gmail)).map((s) => [s.trigger, s.failed]), [['keyboard', true]]);
    assert.equal((await events(popup)).length, before, 'nothing logged');
    assert.equal(await hostLevel(gmail), 'too_soon', 'the compose and its badge stay');
    await gmail.close();
  });

  it('compose: a scheduled send is logged for its scheduled time', async () => {
    const { driver, popup } = ctx;
    await tracking(popup, historyTracking(ALICE));
    const gmail = await driver.webmail(GMAIL, 'compose');
    await waitFor(gmail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
    await gmail.click('[aria-haspopup=true][aria-label="More send options"]');
    await gmail.click('[selector=scheduledSend]');
    const when = await waitFor(gmail, () => document.querySelector('input[type=datetime-local]')?.value, null, 'the picker');
    const expected = await gmail.evaluate((value) => new Date(value).getTime(), when);
    // The picker may sit under the floating compose: its button is pressed from the keyboard
    // (the user's input, as every send here: a page script's click would not count).
    await gmail.focus('[data-fixture-schedule-confirm]');
    await gmail.keyboard.press('Enter');
    const logged = await until(async () => (await events(popup)).find((e) => e.kind === 'follow_up'), 'the scheduled send');
    assert.equal(Date.parse(logged.at), expected, `${logged.at} is the scheduled ${when}`);
    assert.equal((await fixtureLog(gmail))[0].trigger, 'schedule');
    await gmail.close();
  });

  it('compose: a thank-you note scheduled past its window is logged as a follow-up, and the toast says so', async () => {
    const { driver, popup } = ctx;
    await tracking(popup, interviewed(3)); // a thank-you note is welcome for 48 hours
    const later = new Date(Date.now() + 3 * DAY);
    const two = (n) => String(n).padStart(2, '0');
    const picked = `${later.getFullYear()}-${two(later.getMonth() + 1)}-${two(later.getDate())}T08:00`;
    const gmail = await driver.webmail(gmailWith(`schedule=${picked}`), 'compose');
    await waitFor(gmail, () => document.querySelector('[data-too-soon]')?.getAttribute('data-level'), null, 'the badge');
    assert.equal(await hostLevel(gmail), 'encouraged', 'now, a thank-you moment');
    await gmail.click('[aria-haspopup=true][aria-label="More send options"]');
    await gmail.click('[selector=scheduledSend]');
    await waitFor(gmail, () => document.querySelector('input[type=datetime-local]')?.value, null, 'the picker');
    // The picker above the compose, then clicked (the user's input: a script's click would not count).
    await gmail.evaluate(() => (document.querySelector('[data-fixture-schedule]').style.cssText = 'position:fixed;top:8px;left:8px;z-index:99999'));
    await gmail.click('[data-fixture-schedule-confirm]');
    const logged = await until(async () => (await events(popup)).find((e) => e.kind === 'follow_up'), 'the scheduled send');
    assert.equal(logged.classification, 'initiated', 'past the window, it is a follow-up');
    const text = await until(() => driver.badgeText(gmail, 'data-too-soon-toast'), 'the toast');
    assert.match(text, /^Logged: follow-up to .+ By its scheduled time, .+, it is no longer a thank-you note\./);
    await gmail.close();
  });

  it('compose: ask before sending holds the first Send while it warns; Send again, or "Send anyway?", sends', async () => {
    const { driver, popup } = ctx;
    await tracking(popup, historyTracking(ALICE));
    const settings = (await storage(popup)).settings ?? { profile: 'balanced' };
    await writeStorage(popup, { settings: { ...settings, ask_before_send: true } });
    for (const second of ['Send again', 'Send anyway?']) {
      const gmail = await driver.webmail(GMAIL, 'compose');
      await waitFor(gmail, () => document.querySelector('[data-too-soon]')?.getAttribute('data-level'), null, 'the badge');
      const before = (await events(popup)).length;
      await gmail.click('#c1-send');
      await sleep(400);
      assert.deepEqual(await fixtureLog(gmail), [], `${second}: the first Send is held`);
      assert.equal(await gmail.evaluate(() => document.getElementById('c1-send') !== null), true);
      const asking = await driver.badgeText(gmail);
      assert.ok(asking.endsWith('Send anyway?'), asking);
      if (second === 'Send again') await gmail.click('#c1-send');
      else await clickBadgeEnd(gmail);
      await waitFor(gmail, () => window.__fixtureLog.length === 1, null, `${second}: the send`);
      await until(async () => (await events(popup)).length === before + 1, `${second}: the send logged`);
      await gmail.close();
    }
    await writeStorage(popup, { settings });
  });

  it('compose: "Send anyway?" goes once the verdict no longer warns (a gentler profile chosen meanwhile); the next Send sends', async () => {
    const { driver, popup } = ctx;
    const history = historyTracking(ALICE);
    history.events[0].at = new Date(Date.now() - 8 * DAY).toISOString(); // too soon when gentle, fine when balanced
    await tracking(popup, history);
    const settings = (await storage(popup)).settings ?? { profile: 'balanced' };
    assert.equal((await send(popup, { v: 1, type: 'put_settings', settings: { profile: 'gentle', ask_before_send: true } })).ok, true);
    const gmail = await driver.webmail(GMAIL, 'compose');
    await waitFor(gmail, () => document.querySelector('[data-too-soon]')?.getAttribute('data-level') === 'too_soon', null, 'too soon when gentle');
    await gmail.click('#c1-send');
    await until(async () => (await driver.badgeText(gmail))?.endsWith('Send anyway?'), 'the first Send held');
    assert.equal((await send(popup, { v: 1, type: 'put_settings', settings: { profile: 'balanced' } })).ok, true);
    await waitFor(gmail, () => document.querySelector('[data-too-soon]')?.getAttribute('data-level') === 'ok', null, 'fine when balanced');
    const text = await driver.badgeText(gmail);
    assert.ok(!text.includes('Send anyway?'), `no question beside a verdict that does not warn: ${text}`);
    await gmail.click('#c1-send');
    await waitFor(gmail, () => window.__fixtureLog.length === 1, null, 'sent at once');
    await gmail.close();
    await send(popup, { v: 1, type: 'put_settings', settings: { profile: settings.profile ?? 'balanced', ask_before_send: false } });
  });

  it('compose: a layout it does not recognize gets no badge and no error, its send passes, and the provider is recorded', async () => {
    const { driver, popup } = ctx;
    await tracking(popup, historyTracking(ALICE));
    const gmail = await driver.webmail(GMAIL, 'compose~stripped');
    const record = await until(async () => (await storage(popup))['provider:gmail'], 'the provider record');
    assert.equal(record.recognized, false, JSON.stringify(record));
    assert.equal(await gmail.evaluate(() => document.querySelectorAll('[data-too-soon]').length), 0);
    const before = (await events(popup)).length;
    await gmail.click('#c1-send');
    await waitFor(gmail, () => window.__fixtureLog.length === 1 && !window.__fixtureLog[0].failed, null, 'the send');
    await sleep(500);
    assert.equal((await events(popup)).length, before, 'nothing logged from a page it does not read');
    await gmail.close();
    // The usual page again: recognized, recorded as such.
    const normal = await driver.webmail(GMAIL, 'compose');
    await until(async () => (await storage(popup))['provider:gmail']?.recognized === true, 'recognized again');
    await normal.close();
  });

  it('compose: turned off for this provider in the settings, no badge and nothing logged', async () => {
    const { driver, popup } = ctx;
    await tracking(popup, historyTracking(ALICE));
    const settings = (await storage(popup)).settings ?? { profile: 'balanced' };
    await writeStorage(popup, { settings: { ...settings, providers: { gmail: false } } });
    const gmail = await driver.webmail(GMAIL, 'compose');
    await waitFor(gmail, () => document.getElementById('c1-send') !== null, null, 'the compose');
    await sleep(700);
    assert.equal(await gmail.evaluate(() => document.querySelectorAll('[data-too-soon]').length), 0);
    const before = (await events(popup)).length;
    await gmail.click('#c1-send');
    await waitFor(gmail, () => window.__fixtureLog.length === 1, null, 'the send');
    await sleep(600);
    assert.equal((await events(popup)).length, before);
    // Turned back on while the page is open: the badge appears.
    const other = await driver.webmail(GMAIL, 'compose');
    await writeStorage(popup, { settings });
    await waitFor(other, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge once on');
    await other.close();
    await gmail.close();
    await clearStorage(popup);
    assert.ok((await send(popup, { v: 1, type: 'ping' })).ok);
  });

  it('compose: the popup can ask a tab for the recipients of its composes (to prefill "Track someone")', async () => {
    const { driver, popup } = ctx;
    await clearStorage(popup);
    const gmail = await driver.webmail(GMAIL, 'compose');
    await waitFor(gmail, () => document.querySelector('[data-hovercard-id="alice@example.com"]') !== null, null, 'the compose');
    // Without the tabs permission the popup sees tabs by id only: every tab is asked.
    const answers = await until(
      () =>
        popup.evaluate(async () => {
          const api = globalThis.browser ?? globalThis.chrome;
          const tabs = await api.tabs.query({});
          const asked = tabs.map((tab) => api.tabs.sendMessage(tab.id, { v: 1, type: 'compose_recipients' }).catch(() => null));
          const found = (await Promise.all(asked)).filter((a) => a?.ok);
          return found.length ? found : null;
        }),
      'an answer from the Gmail tab',
    );
    assert.equal(answers.length, 1);
    const addresses = answers[0].recipients.map((r) => r.address);
    assert.ok(addresses.includes(ALICE), JSON.stringify(answers[0]));
    assert.equal((await storage(popup))['view:alice@example.com'], undefined, 'nothing is stored by asking');
    await gmail.close();
  });

  it('compose: in a German browser the badge\'s own words are German (Chromium)', async (t) => {
    if (ctx.driver.name !== 'chromium') return t.skip('this Firefox has no German language pack (and no network to fetch one)');
    const { launch } = await import('./drivers/chromium.js');
    const german = await launch(EXTENSION_DIR, { lang: 'de' });
    try {
      const popup = await german.extensionPage('popup/popup.html');
      await waitFor(popup, () => document.body.dataset.ready === 'true', null, 'the popup');
      await tracking(popup, historyTracking(ALICE));
      const gmail = await german.webmail(GMAIL, 'compose');
      await waitFor(gmail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
      await gmail.click('[data-too-soon]');
      const open = await until(async () => {
        const text = await german.badgeText(gmail);
        return text?.includes('Warum') && text;
      }, 'the German panel');
      assert.match(open, /Zu früh: \u2068Alice Example\u2069/);
      assert.match(open, /Nächster guter Moment: /);
      assert.match(open, /Warten nach der Bewerbung · Quellen: „You Had the Job Interview/, 'the rule and its articles, by title');
      assert.deepEqual(german.errors, []);
    } finally {
      await german.close();
    }
  });
};
