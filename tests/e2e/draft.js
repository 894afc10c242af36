// The draft itself (issue 12, point 3), in every webmail and view: the badge counts the
// draft's words as the user types (body only: each webmail's quoted history and signature,
// which the fixtures reproduce, are left out) and says "Keep it short: N words" when the
// engine's H-SHORT hint holds; after a logged send, the page says what was logged, with an
// Undo the keyboard reaches, which removes it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor, until, historyTracking, seed, clearStorage, storage, resize } from './helpers.js';
import { VIEWS, geometry, screenshot } from './badge-fit.js';

const TOAST = 'data-too-soon-toast';

async function tracking(popup, address) {
  await clearStorage(popup);
  await seed(popup, historyTracking(address));
  return until(async () => (await storage(popup))[`view:${address}`], `the view of ${address}`);
}

/**
 * In the page: the body editor of the compose with the badge (Proton's inside its frame);
 * with `count`, puts `count` words at the start of the body as typing would (an input
 * event; 0 removes them again). Returns the words of the draft (without what the fixture
 * marks as not the draft: quoted history, signature) and of the whole body.
 */
function typeWords({ count, focus }) {
  const host = document.querySelector('[data-too-soon]');
  let body = null;
  for (let node = host.parentElement; node && !body; node = node.parentElement) {
    const frame = node.querySelector('iframe');
    body =
      frame?.contentDocument?.querySelector('[contenteditable=true]') ??
      node.querySelector('[g_editable=true], [contenteditable=true][aria-multiline=true], [data-test-id=rte]');
  }
  if (focus) return body.focus(), null;
  if (count !== null) {
    body.querySelector('[data-typed]')?.remove();
    if (count) {
      const typed = body.ownerDocument.createElement('span');
      typed.setAttribute('data-typed', '');
      typed.textContent = `${Array.from({ length: count }, (_, i) => `word${i}`).join(' ')} `;
      body.prepend(typed);
    }
    body.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
  }
  const words = (root) => {
    const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let n = 0;
    for (let t = walker.nextNode(); t; t = walker.nextNode()) n += t.data.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu)?.length ?? 0;
    return n;
  };
  const clone = body.cloneNode(true);
  for (const aside of clone.querySelectorAll('[data-fixture-not-draft]')) aside.remove();
  return { draft: words(clone), all: words(body) };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function ctrlEnter(page) {
  await page.keyboard.down('Control');
  await page.keyboard.press('Enter');
  await page.keyboard.up('Control');
}
const SHORT = /Keep it short: (\d+) words/;

export default (ctx) => {
  for (const { provider, page, url, tracked } of VIEWS) {
    it(`draft, ${provider} ${page}: "Keep it short: N words" counts the draft as typed, not its quoted history or signature`, async () => {
      const { driver, popup } = ctx;
      await tracking(popup, tracked);
      const mail = await driver.webmail(url, page);
      try {
        await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
        await mail.evaluate(geometry, { provider, width: 1100 }); // room for the whole line
        // Typed up to 150 words (H-SHORT's limit): not long, though with its quote and
        // signature it would be.
        const before = await mail.evaluate(typeWords, { count: null });
        const some = await mail.evaluate(typeWords, { count: 150 - before.draft });
        assert.ok(some.draft === 150 && some.all > 150, JSON.stringify(some));
        await sleep(1200);
        assert.doesNotMatch(await driver.badgeText(mail), SHORT);
        // 200 words: long, and the count is the draft's.
        const long = await mail.evaluate(typeWords, { count: 200 });
        const shown = await until(async () => SHORT.exec(await driver.badgeText(mail)), 'Keep it short');
        assert.equal(Number(shown[1]), long.draft, `the draft has ${long.draft} words (${long.all} with quote and signature)`);
        if (provider === 'gmail' && page === 'compose') {
          await mail.evaluate(() => document.querySelector('[data-too-soon]').scrollIntoView({ block: 'end' }));
          await screenshot(driver, mail, 'keep-it-short');
        }
        // Deleted again: the hint goes.
        await mail.evaluate(typeWords, { count: 0 });
        await until(async () => !SHORT.test(await driver.badgeText(mail)), 'the hint to go');
      } finally {
        await mail.close();
      }
    });

    it(`draft, ${provider} ${page}: after a logged send the page says what was logged; its Undo, by keyboard, removes it`, async () => {
      const { driver, popup } = ctx;
      await tracking(popup, tracked);
      const mail = await driver.webmail(url, page);
      try {
        await waitFor(mail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
        await mail.evaluate(typeWords, { count: null, focus: true });
        await ctrlEnter(mail);
        const sent = await until(async () => Object.entries(await storage(popup)).find(([key, e]) => key.startsWith('event:') && e.kind === 'follow_up'), 'the logged send');
        const text = await until(() => driver.badgeText(mail, TOAST), 'the toast');
        // As the engine classified it: a follow-up, or an answer where the thread holds their reply.
        const kind = { initiated: 'follow-up', answer: 'answer' }[sent[1].classification];
        assert.equal(text, `Logged: ${kind} to \u2068Alice Example\u2069 (\u2068Example Corp\u2069)·Undo`);
        assert.ok(await driver.inside(mail, '[role=status]', TOAST), 'a status for screen readers');
        if (provider === 'gmail' && page === 'compose') {
          await screenshot(driver, mail, 'logged');
          // In a narrow window it takes the width its words need, not half the window's.
          await resize(mail, 480, 700);
          const [width, half] = await mail.evaluate((a) => [document.querySelector(`[${a}]`).getBoundingClientRect().width, innerWidth / 2], TOAST);
          assert.ok(width > half && width <= 480 - 16, `the toast is ${width} px wide`);
        }
        for (let i = 0; i < 80 && !(await mail.evaluate((a) => document.activeElement?.hasAttribute(a), TOAST)); i += 1) await mail.keyboard.press('Tab');
        assert.equal(await mail.evaluate((a) => document.activeElement?.hasAttribute(a), TOAST), true, 'Undo is reached by Tab');
        await mail.keyboard.press('Enter');
        await until(async () => !(sent[0] in (await storage(popup))), 'the send removed');
        const undone = await until(async () => {
          const text = await driver.badgeText(mail, TOAST);
          return !text?.startsWith('Logged') && text;
        }, 'the toast after Undo');
        assert.equal(undone, `Removed: ${kind} to \u2068Alice Example\u2069 (\u2068Example Corp\u2069)`, 'no Undo, nor its separator');
        // The focus stays in it (on its words), never dropped to the page with the Undo button.
        assert.equal(await mail.evaluate((a) => document.activeElement?.hasAttribute(a), TOAST), true, 'the focus kept in the toast after Undo');
      } finally {
        await mail.close();
      }
    });
  }
};
