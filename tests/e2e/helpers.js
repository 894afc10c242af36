// What every end-to-end part shares: polling, messages to the background, storage
// access and seeding, all run inside a page of the browser under test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The test build (dist/test/extension: the shipped one plus the tests' hooks); the shipped
// build itself is what tests/e2e/smoke.test.js loads.
export const EXTENSION_DIR = process.env.TOO_SOON_EXTENSION_DIR || fileURLToPath(new URL('../../dist/test/extension', import.meta.url));
export const GMAIL = 'https://mail.google.com/mail/u/0/#inbox?compose=new';
export const DAY = 24 * 3600 * 1000;
export const LEVELS = ['encouraged', 'ok', 'too_soon', 'stop', 'move_on'];
/** A raw storage.local of schema v1, committed: every later schema must keep reading it. */
export const V1_SAMPLE = JSON.parse(readFileSync(new URL('../fixtures/storage/v1.json', import.meta.url), 'utf8'));

/** Polls `fn` in the page until it returns something truthy. */
export async function waitFor(page, fn, arg, what, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(fn, arg).catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A history in the engine's file format: one opportunity applied to two days ago. */
export function historyTracking(address) {
  return {
    format: 'too-soon',
    version: 1,
    opportunities: [{ id: 'o1', company: 'Example Corp', role: 'Engineer', stage: 'applied' }],
    contacts: [{ id: 'c1', opportunity: 'o1', name: 'Alice Example', role: 'hiring_manager', addresses: [address] }],
    events: [{ id: 'e1', opportunity: 'o1', kind: 'application', at: new Date(Date.now() - 2 * DAY).toISOString() }],
  };
}

export const send = (page, message) =>
  page.evaluate((m) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage(m), message);
/**
 * Everything in storage.local (the raw schema keys), but the popup's last status (a
 * cache the background keeps and drops on its own: popup.js tests it).
 */
export const storage = (page) =>
  page.evaluate(async () => {
    const items = await (globalThis.browser ?? globalThis.chrome).storage.local.get(null);
    delete items['last-status'];
    return items;
  });
/** Writes storage.local directly, as only a test (or an older build) does. */
export const writeStorage = (page, items) =>
  page.evaluate((i) => (globalThis.browser ?? globalThis.chrome).storage.local.set(i), items);
export const summary = async (page) => {
  const { ok, opportunities, contacts, events } = await send(page, { v: 1, type: 'summary' });
  assert.equal(ok, true);
  return { opportunities, contacts, events };
};

/**
 * Empties storage.local from an extension page, as no part of the extension does (its
 * changes go through the background's writer), then waits until the background has seen
 * it: Firefox may deliver the clear's storage.onChanged to the background after a message
 * sent right after it, which was then planned over the history before the clear (a
 * person's view written back, and their badge left on a page).
 */
export async function clearStorage(page) {
  await page.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.local.clear());
  await until(async () => {
    const answer = await send(page, { v: 1, type: 'summary' });
    return answer.ok && answer.opportunities + answer.contacts + answer.events === 0;
  }, 'the background to see storage cleared');
}

/** Polls `fn` (in node) until it returns something truthy. */
export async function until(fn, what, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Stores a history through the background's messages, as the extension's pages will. */
export async function seed(page, history) {
  const messages = [
    ...history.opportunities.map((opportunity) => ({ v: 1, type: 'put_opportunity', opportunity })),
    ...history.contacts.map((contact) => ({ v: 1, type: 'put_contact', contact })),
    ...history.events.map((event) => ({ v: 1, type: 'log_event', event })),
  ];
  for (const message of messages) {
    const answer = await send(page, message);
    assert.equal(answer.ok, true, JSON.stringify(answer));
  }
}

/** The window of `page` resized to `width` × `height` (Playwright's and puppeteer's way). */
export const resize = (page, width, height) => (page.setViewportSize ? page.setViewportSize({ width, height }) : page.setViewport({ width, height }));

export const badge = (page) =>
  page.evaluate(() => {
    const hosts = document.querySelectorAll('[data-too-soon]');
    return { count: hosts.length, level: hosts[0]?.getAttribute('data-level') ?? null };
  });


/**
 * Tabs through the page until the badge (its first control) has the focus, by keyboard only,
 * in the window in front as a person types: in a tab behind, Firefox moves the focus without
 * a focus event, so the panel would not open (another tab can come in front when one closes).
 */
export async function tabToBadge(page) {
  await page.bringToFront();
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.hasAttribute('data-too-soon') === true)) return;
  }
  throw new Error('the badge never got the keyboard focus');
}
