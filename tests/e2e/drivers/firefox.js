// Real Firefox ESR (Debian's), headless, with the built extension installed as a
// temporary add-on, driven by puppeteer-core over WebDriver BiDi.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { fixtureResponse } from '../fixtures.js';
import { watchErrors } from './errors.js';

/** `prefs`: more Firefox preferences (the benchmarks shorten the event page's idle timeout);
 * `lang`: the browser's interface language (`de`, `fr`, `es`: Debian's language packs), else English. */
export async function launch(extensionDir, { prefs = {}, lang } = {}) {
  const geckoId = JSON.parse(readFileSync(`${extensionDir}/manifest.json`, 'utf8')).browser_specific_settings.gecko.id;
  const uuid = randomUUID(); // fixed up front, so extension pages have a known address
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
      'network.captive-portal-service.enabled': false,
      'browser.safebrowsing.update.enabled': false,
      // Headless Firefox has no system notification service: Firefox's own alert
      // windows show extension notifications (so notifications.getAll sees them).
      'alerts.useSystemBackend': false,
      ...prefs,
      // The language packs installed with Firefox (build.sh: firefox-esr-l10n-*).
      ...(lang ? { 'intl.locale.requested': lang === 'es' ? 'es-ES' : lang, 'extensions.autoDisableScopes': 0 } : {}),
    },
  });
  await browser.installExtension(extensionDir);
  // The test probe (tests only): reads inside the badge's closed shadow root.
  await browser.installExtension(fileURLToPath(new URL('./firefox-probe', import.meta.url)));
  const errors = [];

  const open = async () => watchErrors(await browser.newPage(), errors);
  // A page opened is the one in front, as for a person who opens it: a tab closed just
  // before can bring another to the front late, and in a tab behind the focus moves
  // without focus events (the badge's panel, the toast's pause wait for them).
  const front = (page) => page.bringToFront().then(() => page);

  return {
    name: 'firefox',
    errors,
    async extensionPage(path) {
      const page = await open();
      // Awaiting this navigation can hang on moz-extension: pages; callers wait for content.
      page.goto(`moz-extension://${uuid}/${path}`).catch(() => {});
      // Polled by evaluating (puppeteer's waitForFunction builds its poller with
      // Function(), which the extension's CSP blocks in Firefox ESR 140); an evaluation
      // while the page navigates can fail: tried again then.
      const deadline = Date.now() + 15000;
      for (;;) {
        const ready = await page.evaluate(() => document.readyState === 'complete' && location.protocol === 'moz-extension:').catch(() => false);
        if (ready) return front(page);
        if (Date.now() > deadline) throw new Error(`${path} did not load`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async webmail(url, fixture, edit = (html) => html) {
      const page = await open();
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        if (request.isInterceptResolutionHandled()) return;
        const { status, headers, body } = fixtureResponse(request.url(), fixture);
        // A request of a page closed meanwhile needs no answer (Firefox then says "no such request").
        request.respond({ status, headers, body: edit(body) }).catch(() => {});
      });
      await page.goto(url);
      return front(page);
    },
    /** Closes the webmail pages still open, pop-outs too (a test that failed before closing its own). */
    async closeWebmails() {
      for (const page of await browser.pages()) if (/^https?:/.test(page.url())) await page.close().catch(() => {});
    },
    /** The window `page` opens while `action()` runs (a pop-out compose). */
    async opened(page, action) {
      const [popup] = await Promise.all([new Promise((resolve) => page.once('popup', resolve)), action()]);
      return watchErrors(popup, errors);
    },
    /**
     * The text inside the badge's closed shadow root, as the test probe reads it (Firefox
     * offers test drivers no way in; it offers content scripts `openOrClosedShadowRoot`).
     */
    badgeText: (page, attribute = 'data-too-soon') => probe(page, { attribute }).then((answer) => answer.text),
    /** No `colorScheme`: puppeteer emulates media features only over CDP, which this Firefox lacks. */
    colorScheme: null,
    /** As the Chromium driver's `inside`, through the test probe. */
    inside: (page, selector, attribute = 'data-too-soon') => probe(page, { attribute, selector }).then((answer) => answer.inside),
    close: () => browser.close(),
  };
}

/** Asks the test probe in `page` (see firefox-probe/probe.js): its whole answer. */
function probe(page, request) {
  return page.evaluate(
    (request) =>
      new Promise((resolve, reject) => {
        const id = Math.random().toString(36).slice(2);
        const timer = setTimeout(() => reject(new Error('the test probe did not answer')), 5000);
        window.addEventListener('message', function answer(event) {
          if (event.source !== window || event.data?.tooSoonProbeReply !== id) return;
          window.removeEventListener('message', answer);
          clearTimeout(timer);
          resolve(event.data);
        });
        window.postMessage({ tooSoonProbe: id, ...request }, '*');
      }),
    request,
  );
}
