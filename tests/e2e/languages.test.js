// Every word in the user's language, in real Chromium and Firefox.
//
// - The pseudo-locale build (dist/pseudo/extension: every message in ⟦…⟧, a third
//   longer): the popup (first run, cards, reasons, a form and its problems), the options
//   page and the badge (closed and open) show no visible text that did not come from the
//   catalogue (only the user's own data, dates, numbers and punctuation beside it), and
//   in the pages no text overflows or is cut (Chromium).
// - The browser set to en, de, fr, es (Chromium `--lang`, Firefox `intl.locale.requested`
//   with Debian's language packs): the popup, the options page and the badge show that
//   language's words and none of another's.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launch as chromium } from './drivers/chromium.js';
import { launch as firefox } from './drivers/firefox.js';
import { EXTENSION_DIR, GMAIL, clearStorage, historyTracking, seed, storage, until, waitFor } from './helpers.js';
import { catalogue } from '../words.js';
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

/** What is left of `text` once the catalogue's ⟦…⟧ and the user's data are taken out. */
function foreign(text) {
  let rest = text;
  for (let before = ''; before !== rest; ) {
    before = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  for (const d of DATA) rest = rest.replaceAll(d, ' ');
  rest = rest.replace(/[\u2066-\u2069]/g, '');
  return /^[\s\p{P}\p{S}\d]*$/u.test(rest) ? '' : rest.trim();
}

/** Opens the first card's reasons (again, if the list was drawn anew meanwhile). */
const openReasons = (popup) =>
  waitFor(
    popup,
    () => {
      const details = document.querySelector('li[data-id="o1"] details.why');
      if (details && !details.open) details.open = true; // its toggle event fills it
      return Boolean(details?.querySelector('li'));
    },
    null,
    'the reasons',
  );

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

// The walk clicks through the popup from inside the page, which this Firefox driver's
// pages do not act on; the pseudo-locale walk runs in Chromium (the same catalogue and
// code in both), the languages below in both browsers.
for (const [name, launch] of [['Chromium', chromium]]) {
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
      // The track form, refused: its problem beside the field.
      await popup.evaluate(() => document.getElementById('track-open')?.click());
      await waitFor(popup, () => document.querySelector('form'), null, 'the track form');
      await popup.evaluate(() => {
        const form = document.querySelector('form');
        form.elements.namedItem('name').value = 'Kim';
        form.querySelector('button[type="submit"]').click();
      });
      await waitFor(popup, () => [...document.querySelectorAll('.error, .problems li')].some((e) => e.textContent), null, 'a problem');
      await allFromCatalogue(popup, 'popup, a refused form');

      const options = await openPage(driver, 'options/options.html');
      await allFromCatalogue(options, 'options');

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
        assert.ok(pages.options.includes(words.privacy_title.message), 'options');
        assert.ok(badge.includes(words.badge_why.message), `badge: ${badge}`);
        // …the reasons in its words (the headline and a sentence, as say.js words them)…
        const lead = (key) => words[key].message.split(/\{\w+\}/)[0];
        assert.ok(badge.includes(lead('say_apply_wait')), `badge reason in ${lang}: ${badge}`);
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
