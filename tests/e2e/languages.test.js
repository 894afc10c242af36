// Every word in the user's language, in real Chromium and Firefox.
//
// - The pseudo-locale build (dist/pseudo/extension: every message in ⟦…⟧, a third
//   longer): the popup (first run, cards, reasons, a timeline, a form and its problems),
//   the options page, the welcome page, the badge (closed and open) and a reminder's
//   notification show no visible text that did not come from the catalogue (only the
//   user's own data, dates, numbers and punctuation beside it), and in the pages no text
//   overflows or is cut.
// - The browser set to en, de, fr, es (Chromium `--lang`, Firefox `intl.locale.requested`
//   with Debian's language packs): the popup (cards, reasons, a timeline, a refused form),
//   the options page, the badge and a reminder's title and text (what the test build
//   passed to `notifications.create`) show that language's words and none of another's.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launch as chromium } from './drivers/chromium.js';
import { launch as firefox } from './drivers/firefox.js';
import { EXTENSION_DIR, GMAIL, clearStorage, historyTracking, resize, seed, send, storage, until, waitFor } from './helpers.js';
import { catalogue } from '../words.js';
import { NUMBERS, PROFILES } from '../../extension/shared/contract.js';
import { pseudo } from '../pseudo-locale.js';

const PSEUDO_DIR = fileURLToPath(new URL('../../dist/pseudo/extension', import.meta.url));
const ALICE = 'alice@example.com';
/** The user's own data in the history below: the only words not from the catalogue. */
const DATA = ['Example Corp', 'Engineer', 'Alice Example', ALICE, 'Globex', 'Dana Hill', 'dana@globex.example'];

/** A history with a wait (Example Corp) and a thank-you moment (Globex). */
function history() {
  const h = historyTracking(ALICE);
  h.opportunities.push({ id: 'o2', company: 'Globex', stage: 'interviewing' });
  h.contacts.push({ id: 'c2', opportunity: 'o2', name: 'Dana Hill', addresses: ['dana@globex.example'] });
  h.events.push({ id: 'e2', opportunity: 'o2', kind: 'interview', at: new Date(Date.now() - 3 * 3600 * 1000).toISOString(), contacts: ['c2'] });
  return h;
}

/** Every visible text of the page (text nodes, labels, placeholders), one entry each. */
const visibleTexts = (page) =>
  page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent.trim() || !el || el.closest('script, style, [hidden]')) continue;
      if (!el.checkVisibility?.({ visibilityProperty: true }) ?? el.getClientRects().length === 0) continue;
      out.push(node.textContent);
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
      if (el.closest('[hidden]')) continue;
      for (const name of ['aria-label', 'placeholder', 'title']) if (el.getAttribute(name)) out.push(el.getAttribute(name));
    }
    return out;
  });

/** Elements whose text is cut (clipped or ellipsized) or wider than the page. */
const cutTexts = (page) =>
  page.evaluate(() => {
    const cut = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('[hidden]') || !el.getClientRects().length || !el.textContent.trim()) continue;
      const style = getComputedStyle(el);
      const clips = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
      if (clips && el.scrollWidth > el.clientWidth + 1) cut.push(`${el.tagName}.${el.className}: ${el.textContent.trim().slice(0, 60)}`);
    }
    if (document.documentElement.scrollWidth > innerWidth + 1) cut.push(`the page is ${document.documentElement.scrollWidth}px wide in ${innerWidth}px`);
    return cut;
  });

/** What is left of `text` once the catalogue's ⟦…⟧, the user's data and dates are taken out. */
function foreign(text) {
  let rest = text;
  for (let before = ''; before !== rest; ) {
    before = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  for (const d of DATA) rest = rest.replaceAll(d, ' ');
  // Dates, times and lists as Intl writes them in the browser's (English) locale: data too.
  rest = rest.replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|AM|PM|and|or)\b/g, ' ');
  rest = rest.replace(/[\u2066-\u2069]/g, '');
  return /^[\s\p{P}\p{S}\d]*$/u.test(rest) ? '' : rest.trim();
}

/** Opens the first card's reasons (again, if the list was drawn anew meanwhile). */
const openReasons = (popup) =>
  waitFor(
    popup,
    () => {
      const opener = document.querySelector('li[data-id="o1"] .why > .disclosure');
      if (opener?.getAttribute('aria-expanded') === 'false') opener.click(); // filled when opened
      return document.querySelector('li[data-id="o1"] .why li') !== null;
    },
    null,
    'the reasons',
  );

/** Opens a card's timeline (drawn when opened) and waits for its events. */
const openTimeline = (popup, id) =>
  waitFor(
    popup,
    (id) => {
      const opener = document.querySelector(`li[data-id="${id}"] .timeline > .disclosure`);
      if (opener?.getAttribute('aria-expanded') === 'false') opener.click();
      return document.querySelector(`li[data-id="${id}"] .timeline ol.events li`) !== null;
    },
    id,
    'the timeline',
  );

/**
 * The reminders due now, shown by the background: what it passed to `notifications.create`
 * (the test build keeps it in storage.session), as `{id, title, message}` without the
 * isolation marks around the user's data.
 */
async function notified(page) {
  assert.equal((await send(page, { v: 1, type: 'reminders' })).ok, true);
  const shown = await until(async () => {
    const all = await page.evaluate(async () => (await (globalThis.browser ?? globalThis.chrome).storage.session.get('test:notified'))['test:notified']);
    return all?.length && all;
  }, 'a reminder');
  const plain = (text) => text.replace(/[\u2066-\u2069]/g, '');
  return shown.map((n) => ({ id: n.id, title: plain(n.title), message: plain(n.message) }));
}

/** Does `text` read as the catalogue's `template` (its words in order, any data in its placeholders)? */
const reads = (template, text) =>
  new RegExp(`^${template.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`, 'u').test(text);

/** The track form, refused (a name without an address): its problem beside the field. */
async function refuseTrackForm(popup) {
  await popup.click('#track-open');
  await waitFor(popup, () => document.querySelector('form') !== null, null, 'the track form');
  await popup.evaluate(() => {
    document.querySelector('form').elements.namedItem('name').value = 'Kim';
  });
  await popup.click('form button[type="submit"]');
  await waitFor(popup, () => [...document.querySelectorAll('.error, .problems li')].some((e) => e.textContent), null, 'a problem');
}

async function openPage(driver, path) {
  const page = await driver.extensionPage(path);
  await waitFor(page, () => document.body.dataset.ready === 'true', null, path);
  return page;
}

/** Checks the page's visible texts (pseudo-locale) and that none is cut. */
async function allFromCatalogue(page, state) {
  const texts = await visibleTexts(page);
  assert.ok(texts.some((t) => t.includes('⟦')), `${state}: pseudo text shown`);
  assert.deepEqual(texts.map(foreign).filter(Boolean), [], `${state}: text not from the catalogue`);
  assert.deepEqual(await cutTexts(page), [], `${state}: text cut or overflowing`);
}

for (const [name, launch] of [
  ['Chromium', chromium],
  ['Firefox', firefox],
]) {
  describe(`${name}, pseudo-locale`, () => {
    let driver;
    before(async () => {
      driver = await launch(PSEUDO_DIR);
    });
    after(async () => driver?.close());

    it('popup, options and badge: every visible word from the catalogue, none cut', async () => {
      const first = await openPage(driver, 'popup/popup.html');
      await clearStorage(first);
      const empty = await openPage(driver, 'popup/popup.html');
      await allFromCatalogue(empty, 'popup, first run');
      await seed(empty, history());
      await until(async () => (await storage(empty))[`view:${ALICE}`], 'the view');
      const popup = await openPage(driver, 'popup/popup.html');
      await waitFor(popup, () => document.querySelectorAll('li.card').length === 2, null, 'two cards');
      // Every card's reasons opened.
      await openReasons(popup);
      await allFromCatalogue(popup, 'popup, cards and reasons');
      await openTimeline(popup, 'o2');
      await allFromCatalogue(popup, 'popup, a timeline');
      // The thank-you reminder's notification.
      const [note] = (await notified(popup)).filter((n) => n.id.startsWith('o2@'));
      for (const text of [note.title, note.message]) assert.equal(foreign(text), '', `reminder: ${text}`);
      await refuseTrackForm(popup);
      await allFromCatalogue(popup, 'popup, a refused form');

      const options = await openPage(driver, 'options/options.html');
      await allFromCatalogue(options, 'options');
      await allFromCatalogue(await openPage(driver, 'welcome/welcome.html'), 'welcome');

      const gmail = await driver.webmail(GMAIL, 'compose');
      await waitFor(gmail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
      const closed = await driver.badgeText(gmail);
      assert.equal(foreign(closed), '', `badge: ${closed}`);
      await gmail.click('[data-too-soon]');
      const open = await until(async () => {
        const text = await driver.badgeText(gmail);
        return text?.includes(pseudo(catalogue('en').badge_why.message)) && text;
      }, 'the open badge');
      assert.equal(foreign(open), '', `badge, open: ${open}`);
      assert.deepEqual(driver.errors, []);
    });
  });
}

/** The English messages of `keys` that read differently in `lang` (a few words at least). */
function englishOnly(lang) {
  const en = catalogue('en');
  const other = catalogue(lang);
  return Object.keys(en)
    .filter((k) => !k.startsWith('say_') && other[k].message !== en[k].message)
    .map((k) => en[k].message.split(/\$\d|\{\w+\}/)[0].trim())
    .filter((m) => m.split(' ').length >= 3);
}

for (const [name, launch] of [
  ['Chromium', (dir, lang) => chromium(dir, { lang })],
  ['Firefox', (dir, lang) => firefox(dir, { lang })],
]) {
  for (const lang of ['en', 'de', 'fr', 'es']) {
    describe(`${name} in ${lang}`, () => {
      let driver;
      before(async () => {
        driver = await launch(EXTENSION_DIR, lang);
      });
      after(async () => driver?.close());

      it(`popup, options and badge speak ${lang} only`, async () => {
        const words = catalogue(lang);
        const first = await openPage(driver, 'popup/popup.html');
        await clearStorage(first);
        await seed(first, history());
        await until(async () => (await storage(first))[`view:${ALICE}`], 'the view');
        const popup = await openPage(driver, 'popup/popup.html');
        await waitFor(popup, () => document.querySelectorAll('li.card').length === 2, null, 'two cards');
        await openReasons(popup);
        await openTimeline(popup, 'o2');
        await refuseTrackForm(popup);
        const options = await openPage(driver, 'options/options.html');
        const gmail = await driver.webmail(GMAIL, 'compose');
        await waitFor(gmail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
        await gmail.click('[data-too-soon]');
        const badge = await until(async () => {
          const text = await driver.badgeText(gmail);
          return text?.includes(words.badge_why.message) && text.includes(words.say_apply_wait.message.split('{')[0]) && text;
        }, `the open badge in ${lang}`);
        const pages = {
          popup: (await visibleTexts(popup)).join('\n'),
          options: (await visibleTexts(options)).join('\n'),
          badge,
        };
        // Each shows this language's own words…
        assert.ok(pages.popup.includes(words.why.message), `popup: ${pages.popup.slice(0, 300)}`);
        // Dates in the language of the words (Intl with the catalogue's own tag), not the UI's.
        const at = (await storage(first))['event:e2'].at;
        const [tag, shown, expected] = await popup.evaluate(
          ({ at, lang }) => [
            document.documentElement.lang,
            document.querySelector('li[data-event="e2"] .when')?.textContent,
            new Intl.DateTimeFormat(lang, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(at)),
          ],
          { at, lang },
        );
        assert.equal(tag.split('-')[0], lang);
        // words.js keeps a date on one line (no-break spaces) and writes the French 1st "1er".
        const plain = (text) => text?.replace(/\u00a0/g, ' ').replace(/(^|\s)1er(?=\s)/, '$11');
        assert.equal(plain(shown), expected, `the interview's date in ${lang}`);
        assert.ok(pages.popup.includes(words.next_kind_interview.message), `popup, timeline: ${pages.popup.slice(0, 300)}`);
        // A label's colon as the language writes it ("Personnes : " in French, with a no-break space).
        const people = words.labelled.message.replace('$1', words.people.message).replace('$2', '');
        assert.ok(pages.popup.includes(people), `popup, people: ${JSON.stringify(people)}`);
        // Counts in the language's plural forms: the profile table's "consider moving on" row
        // ("nach 1 unbeantworteten Kontakt", "nach 2 unbeantworteten Kontakten").
        const moveOn = await options.evaluate((head) => {
          const row = [...document.querySelectorAll('#profile-rows tr')].find((tr) => tr.querySelector('th').textContent === head);
          return [...(row?.querySelectorAll('td') ?? [])].map((td) => td.textContent);
        }, words.profile_row_move_on.message);
        const form = (n) => (new Intl.PluralRules(lang).select(n) === 'one' ? 'one' : 'other');
        const counts = PROFILES.map((p) => NUMBERS[p].move_on_after);
        assert.ok(counts.includes(1) && counts.some((n) => n > 1), `a profile moves on after 1, another after more: ${counts}`);
        assert.deepEqual(moveOn, counts.map((n) => words[`unit_unanswered_${form(n)}`].message.replace('$1', n)));
        assert.ok(pages.options.includes(words.privacy_title.message), 'options');
        assert.equal(await options.evaluate(() => document.title), words.options_title.message, "the options tab's title");
        // In a narrow window the page never scrolls sideways (the profile table scrolls by itself).
        await resize(options, 400, 800);
        const [pageWidth, windowWidth] = await options.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        assert.ok(pageWidth <= windowWidth, `options at 400 px: ${pageWidth} px wide`);
        assert.ok(badge.includes(words.badge_why.message), `badge: ${badge}`);
        // A date ending in an abbreviation ("7 déc.") ends the sentence with one full stop.
        assert.doesNotMatch(badge, /\p{L}\.\.(?!\.)/u, `badge: ${badge}`);
        // …the reasons in its words (the headline and a sentence, as say.js words them)…
        const lead = (key) => words[key].message.split(/\{\w+\}/)[0];
        assert.ok(badge.includes(lead('say_apply_wait')), `badge reason in ${lang}: ${badge}`);
        // …the thank-you reminder (its title and text) in its words…
        const [note] = (await notified(first)).filter((n) => n.id.startsWith('o2@'));
        assert.ok(reads(words.say_reminder_title_thank_you.message, note.title), `reminder title in ${lang}: ${note.title}`);
        assert.ok(reads(words.say_reminder_thank_you.message, note.message), `reminder text in ${lang}: ${note.message}`);
        assert.ok(note.title.includes('Globex') && note.message.includes('Dana Hill'), JSON.stringify(note));
        // …and no English where the language has its own.
        if (lang !== 'en') {
          for (const [page, text] of Object.entries(pages)) {
            assert.deepEqual(englishOnly(lang).filter((m) => text.includes(m)), [], `${page} in ${lang}`);
          }
        }
        assert.deepEqual(driver.errors, []);
      });
    });
  }
}
