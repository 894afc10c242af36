// The badge fits the page (issue 12, point 4), in every webmail and view: at a 480 px wide
// compose it stays on Send's line, inside the compose, never wraps and never makes the
// action bar taller (compact when the full line does not fit: the level's word, the full
// line on hover), and is full again when the compose widens; "Send anyway?" does not wrap
// either; in a 480 px window it makes neither the page nor the compose wider. Light or
// dark follows the page's own background, not the OS. The explanation
// opens where it covers neither Send nor the body, inside the viewport, and closes on
// Escape, a click outside and when the compose closes.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waitFor, until, historyTracking, seed, clearStorage, storage, send, writeStorage, resize } from './helpers.js';
import { english } from '../words.js';

/** Every view with a badge: its real URL and a tracked address it shows. */
export const VIEWS = [
  { provider: 'gmail', page: 'compose', url: 'https://mail.google.com/mail/u/0/#inbox?compose=new', tracked: 'alice@example.com' },
  { provider: 'gmail', page: 'reply', url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzfixture', tracked: 'alice@example.com' },
  { provider: 'gmail', page: 'popout', url: 'https://mail.google.com/mail/u/0/?view=cm&fs=1&tf=1', tracked: 'alice@example.com' },
  { provider: 'outlook', page: 'compose', url: 'https://outlook.live.com/mail/0/', tracked: 'john.doe@example.com' },
  { provider: 'outlook', page: 'reply', url: 'https://outlook.office365.com/mail/inbox/id/AAQkfixture', tracked: 'john.doe@example.com' },
  { provider: 'outlook', page: 'popout', url: 'https://outlook.office.com/mail/deeplink/compose', tracked: 'john.doe@example.com' },
  { provider: 'proton', page: 'compose', url: 'https://mail.proton.me/u/0/inbox', tracked: 'alice@example.com' },
  { provider: 'yahoo', page: 'compose', url: 'https://mail.yahoo.com/d/compose/1234567890', tracked: 'alice@example.com' },
];

/**
 * In the page: where things are, with the badge and without it (the action bar's height);
 * first `width` px wide when given. The compose, its Send and its body around the badge of
 * `provider` are found by the markup each fixture reproduces. `panel`: also the body's rectangle.
 */
export function geometry({ provider, width }) {
  const host = document.querySelector('[data-too-soon]');
  const editable = '[contenteditable=true][aria-multiline=true], iframe';
  let compose;
  if (provider === 'gmail') compose = host.closest('[role=dialog]') ?? host.closest('[role=region]');
  else if (provider === 'proton') compose = host.closest('.composer');
  else if (provider === 'yahoo') compose = host.closest('[data-test-id=compose]');
  else {
    compose = host.closest('[data-app-section="Form_Content"]');
    for (let node = host.parentElement; !compose && node; node = node.parentElement) if (node.querySelector(editable)) compose = node;
  }
  const send = {
    gmail: '[role=group] [role=button]',
    outlook: 'button.fui-SplitButton__primaryActionButton',
    proton: '[data-testid="composer:send-button"]',
    yahoo: '[data-test-id="compose-send-button"]',
  }[provider];
  const parts = { host, compose, send: compose.querySelector(send), body: compose.querySelector(provider === 'gmail' ? '[g_editable=true]' : editable) };
  if (width) {
    compose.style.width = `${width}px`;
    compose.style.maxWidth = `${width}px`;
    compose.style.minWidth = '0';
  }
  let bar = host.parentElement;
  while (!bar.contains(parts.send)) bar = bar.parentElement;
  const wide = 0.9 * compose.getBoundingClientRect().width;
  while (bar !== compose && bar.getBoundingClientRect().width < wide) bar = bar.parentElement;
  const r = (el) => el.getBoundingClientRect().toJSON();
  const shown = { bar: r(bar), host: r(host), send: r(parts.send), compose: r(compose), body: r(parts.body) };
  host.style.setProperty('display', 'none', 'important');
  const without = r(bar).height;
  host.style.removeProperty('display');
  return { ...shown, without, viewport: { width: document.documentElement.clientWidth, height: innerHeight } };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/** Chromium only: a screenshot of the page into docs/screenshots/compose-NAME.png. */
export async function screenshot(driver, page, name) {
  if (driver.name !== 'chromium') return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}compose-${name}.png` });
}

/** Asserts the badge sits on Send's line, inside the compose, the bar as tall as without it. */
function assertFits(g, what) {
  const middle = (g.host.top + g.host.bottom) / 2;
  assert.ok(g.bar.height <= g.without + 0.5, `${what}: the action bar grew from ${g.without} to ${g.bar.height} px`);
  assert.ok(middle >= g.send.top && middle <= g.send.bottom, `${what}: the badge is not on Send's line (${JSON.stringify([g.host, g.send])})`);
  assert.ok(g.host.left >= g.compose.left - 0.5 && g.host.right <= g.compose.right + 0.5, `${what}: the badge leaves the compose (${JSON.stringify([g.host, g.compose])})`);
  assert.ok(g.host.bottom - g.host.top <= 40, `${what}: the badge is ${g.host.bottom - g.host.top} px tall (wrapped)`);
}

async function tracking(popup, address) {
  await clearStorage(popup);
  await seed(popup, historyTracking(address));
  return until(async () => (await storage(popup))[`view:${address}`], `the view of ${address}`);
}
const headlineNow = (view) => english.headline(view.segments.filter((s) => s.from_ms == null || s.from_ms <= Date.now()).at(-1).verdict);

export default (ctx) => {
  for (const { provider, page, url, tracked } of VIEWS) {
    it(`badge fit, ${provider} ${page}: at 480 px it stays on Send's line without growing the bar (compact, the full line as its tooltip and name); full again when wider`, async () => {
      const { driver, popup } = ctx;
      await tracking(popup, tracked);
      const mail = await driver.webmail(url, page);
      try {
        await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
        // What the badge says once the page has settled (a reply in the thread is logged by itself).
        await sleep(700);
        const headline = headlineNow((await storage(popup))[`view:${tracked}`]);
        const narrow = await mail.evaluate(geometry, { provider, width: 480 });
        assert.ok(Math.abs(narrow.compose.right - narrow.compose.left - 480) <= 2, `the compose is 480 px wide (${JSON.stringify(narrow.compose)})`);
        await sleep(150); // a resize is fitted in the next frame
        const g = await mail.evaluate(geometry, { provider, width: 0 });
        assertFits(g, '480 px');
        const text = await driver.badgeText(mail);
        if (!text.includes(headline)) {
          // Compact: the level in a word (or the dot alone).
          const level = await mail.evaluate(() => document.querySelector('[data-too-soon]').getAttribute('data-level'));
          const word = { too_soon: 'Too soon', ok: 'Fine to send', encouraged: 'Good moment', stop: 'Stop', move_on: 'Consider moving on' }[level];
          assert.ok(text === '' || text.endsWith(word), `${text} (${level})`);
          // The full line: its tooltip (hover) and accessible name, and the explanation on focus.
          const button = await driver.inside(mail, '.badge');
          assert.ok(button.title.includes(headline) && button.label.includes(headline), JSON.stringify(button));
          // The headline says the level itself: no level word before it ("Too soon: Too soon? …").
          assert.ok(button.label.startsWith(headline), `the name stutters: ${button.label}`);
          if (provider === 'gmail' && page === 'compose') await screenshot(driver, mail, 'compact');
        }
        // Wider: the full line again, and still fitting.
        await mail.evaluate(geometry, { provider, width: 1100 });
        await until(async () => (await driver.badgeText(mail)).endsWith(headline), 'the full line once wider');
        assertFits(await mail.evaluate(geometry, { provider, width: 0 }), '1100 px');
      } finally {
        await mail.close();
      }
    });
  }

  for (const { provider, page, url, tracked } of VIEWS) {
    it(`badge fit, ${provider} ${page}: in a 480 px window the badge makes neither the page nor the compose wider`, async () => {
      const { driver, popup } = ctx;
      await tracking(popup, tracked);
      const mail = await driver.webmail(url, page);
      try {
        await resize(mail, 480, 800);
        await waitFor(mail, () => document.querySelector('[data-too-soon]')?.getAttribute('data-level'), null, 'the badge');
        await sleep(700); // settled, and fitted to the window
        const widths = await mail.evaluate(() => {
          const host = document.querySelector('[data-too-soon]');
          const compose = host.closest('[role=dialog], [role=region], .composer, [data-test-id=compose], [data-app-section="Form_Content"]') ?? host.parentElement;
          const measure = () => [document.documentElement.scrollWidth, compose.getBoundingClientRect().width];
          const shown = measure();
          host.style.setProperty('display', 'none', 'important');
          const without = measure();
          host.style.removeProperty('display');
          return { shown, without };
        });
        assert.ok(widths.shown[0] <= widths.without[0] + 0.5, `the page grew from ${widths.without[0]} to ${widths.shown[0]} px`);
        assert.ok(widths.shown[1] <= widths.without[1] + 0.5, `the compose grew from ${widths.without[1]} to ${widths.shown[1]} px`);
      } finally {
        await mail.close();
      }
    });
  }

  for (const { provider, page, url, tracked } of VIEWS) {
    it(`badge explanation, ${provider} ${page}: opens covering neither Send nor the body, inside the viewport; Escape, a click outside, the compose closing close it`, async () => {
      const { driver, popup } = ctx;
      await tracking(popup, tracked);
      const mail = await driver.webmail(url, page);
      const open = async () => {
        const { rect } = await driver.inside(mail, '.badge');
        await mail.mouse.click((rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2);
        return until(() => driver.inside(mail, '.panel'), 'the explanation');
      };
      const closed = (what) => until(async () => (await driver.inside(mail, '.panel')) === null, what);
      try {
        await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
        await mail.evaluate(() => document.querySelector('[data-too-soon]').scrollIntoView({ block: 'nearest', inline: 'nearest' }));
        await open();
        await until(async () => (await driver.badgeText(mail))?.includes('Why'), 'the reasons');
        await sleep(100);
        const { rect: panel } = await driver.inside(mail, '.panel');
        const g = await mail.evaluate(geometry, { provider, width: 0 });
        const apart = (a, b) => a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
        assert.ok(apart(panel, g.send), `covers Send: ${JSON.stringify([panel, g.send])}`);
        assert.ok(apart(panel, g.body), `covers the body: ${JSON.stringify([panel, g.body])}`);
        assert.ok(panel.left >= 0 && panel.top >= 0 && panel.right <= g.viewport.width + 0.5 && panel.bottom <= g.viewport.height + 0.5, `leaves the viewport: ${JSON.stringify([panel, g.viewport])}`);
        await screenshot(driver, mail, `explanation-${provider}-${page}`);
        await mail.keyboard.press('Escape');
        await closed('Escape to close it');
        await open();
        await mail.mouse.click(2, 2);
        await closed('a click outside to close it');
        await open();
        await mail.evaluate(({ provider, width }) => {
          const host = document.querySelector('[data-too-soon]');
          const compose = provider === 'gmail' ? host.closest('[role=dialog]') ?? host.closest('[role=region]') : provider === 'proton' ? host.closest('.composer') : provider === 'yahoo' ? host.closest('[data-test-id=compose]') : host.closest('[data-app-section="Form_Content"], [data-fixture-compose]') ?? host.parentElement.parentElement;
          compose.remove();
        }, { provider });
        await until(async () => (await driver.badgeText(mail)) === null, 'the compose closed, its badge and explanation gone');
      } finally {
        await mail.close();
      }
    });
  }

  it('badge fit: a closed opportunity\'s compact badge says "Closed", not a level\'s "Consider moving on"', async () => {
    const { driver, popup } = ctx;
    const closed = historyTracking('alice@example.com');
    closed.opportunities[0].stage = 'closed';
    await clearStorage(popup);
    await seed(popup, closed);
    await until(async () => (await storage(popup))['view:alice@example.com'], 'the view');
    const mail = await driver.webmail(VIEWS[0].url, 'compose');
    try {
      await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
      await until(async () => (await driver.badgeText(mail))?.startsWith('Closed'), 'the closed headline');
      await mail.evaluate(geometry, { provider: 'gmail', width: 330 });
      await until(async () => (await driver.badgeText(mail)) === 'Closed', 'the compact word "Closed"');
      const button = await driver.inside(mail, '.badge');
      assert.ok(button.label.startsWith('Closed: if you write'), button.label);
    } finally {
      await mail.close();
    }
  });

  it('badge fit: "Send anyway?" at 480 px does not wrap or grow the bar (gmail, outlook)', async () => {
    const { driver, popup } = ctx;
    for (const { provider, page, url, tracked } of VIEWS.filter((v) => v.page === 'compose' && ['gmail', 'outlook'].includes(v.provider))) {
      await tracking(popup, tracked);
      const settings = (await storage(popup)).settings ?? { profile: 'balanced' };
      await writeStorage(popup, { settings: { ...settings, ask_before_send: true } });
      const mail = await driver.webmail(url, page);
      try {
        await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
        await mail.evaluate(geometry, { provider, width: 480 });
        await sleep(150);
        const { send: s } = await mail.evaluate(geometry, { provider, width: 0 });
        await mail.mouse.click((s.left + s.right) / 2, (s.top + s.bottom) / 2);
        await until(async () => (await driver.badgeText(mail))?.endsWith('Send anyway?'), `${provider}: Send anyway?`);
        await sleep(150);
        assertFits(await mail.evaluate(geometry, { provider, width: 0 }), `${provider}, asking`);
        const ask = await driver.inside(mail, '.ask');
        assert.ok(ask.rect.bottom - ask.rect.top < 30, `${provider}: "Send anyway?" is one line (${JSON.stringify(ask.rect)})`);
      } finally {
        await mail.close();
        await writeStorage(popup, { settings });
      }
    }
  });

  it('badge theme: light or dark as the page behind it is, not as the OS is', async () => {
    const { driver, popup } = ctx;
    const light = (color) => {
      const [r, g, b] = color.match(/[\d.]+/g).map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b > 128;
    };
    for (const { provider, page, url, tracked } of VIEWS.filter((v) => v.page === 'compose')) {
      await tracking(popup, tracked);
      const mail = await driver.webmail(url, page);
      try {
        // A dark OS (where the driver can emulate one: Chromium), a light page: the badge is light.
        if (driver.colorScheme) await driver.colorScheme(mail, 'dark');
        await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
        if (driver.colorScheme) assert.equal(await mail.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), true, 'the OS is dark');
        const onLight = await driver.inside(mail, '.badge');
        assert.ok(light(onLight.background), `${provider}: a light badge on a light page (${onLight.background})`);
        // The page turns dark (its own theme): the badge follows once it is fitted again.
        await mail.evaluate(() => {
          const style = document.createElement('style');
          style.textContent = '*{background-color:#202124 !important;color:#e8eaed !important}';
          document.head.append(style);
        });
        await mail.evaluate(geometry, { provider, width: 470 });
        const onDark = await until(async () => {
          const b = await driver.inside(mail, '.badge');
          return !light(b.background) && b;
        }, `${provider}: the badge turned dark`);
        assert.ok(light(onDark.color), `${provider}: light text on the dark badge (${onDark.color})`);
        if (provider === 'gmail') {
          const { rect } = await driver.inside(mail, '.badge');
          await mail.mouse.click((rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2);
          await until(async () => (await driver.badgeText(mail))?.includes('Why'), 'the reasons');
          await screenshot(driver, mail, 'explanation-dark');
          await mail.keyboard.press('Escape');
        }
        // The OS light, the page dark: still dark.
        if (driver.colorScheme) await driver.colorScheme(mail, 'light');
        await mail.evaluate(geometry, { provider, width: 480 });
        await sleep(200);
        assert.ok(!light((await driver.inside(mail, '.badge')).background), `${provider}: dark on a dark page under a light OS`);
      } finally {
        await mail.close();
      }
    }
  });
};
