// Real Chromium (Debian's), headless, with the built extension loaded, driven by
// playwright-core. Every driver offers the same small interface (see scenarios.js).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { fixtureResponse } from '../fixtures.js';
import { watchErrors } from './errors.js';

/** `lang`: the browser's interface language (e.g. `de`), else the system's. */
export async function launch(extensionDir, { lang } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'too-soon-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...(lang ? [`--lang=${lang}`] : []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const errors = [];

  const open = async () => watchErrors(await context.newPage(), errors);

  return {
    name: 'chromium',
    errors,
    async extensionPage(path) {
      const page = await open();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async webmail(url, fixture, edit = (html) => html) {
      const page = await open();
      await page.route(/^https?:\/\//, (route) => {
        const { status, headers, body } = fixtureResponse(route.request().url(), fixture);
        return route.fulfill({ status, headers, body: edit(body) });
      });
      await page.goto(url);
      return page;
    },
    /** Closes the webmail pages still open, pop-outs too (a test that failed before closing its own). */
    async closeWebmails() {
      for (const page of context.pages()) if (/^https?:/.test(page.url())) await page.close().catch(() => {});
    },
    /** The window `page` opens while `action()` runs (a pop-out compose). */
    async opened(page, action) {
      const [popup] = await Promise.all([page.waitForEvent('popup'), action()]);
      return watchErrors(popup, errors);
    },
    /**
     * The text inside the badge's closed shadow root, read through the DevTools protocol:
     * what its style sheet shows (each element's `data-text`, drawn as generated content
     * before its children) and any text node.
     */
    async badgeText(page, attribute = 'data-too-soon') {
      const cdp = await context.newCDPSession(page);
      const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
      await cdp.detach();
      const find = (node) => {
        const attrs = node.attributes ?? [];
        if (attrs.some((name, i) => i % 2 === 0 && name === attribute)) return node;
        for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
          const hit = find(child);
          if (hit) return hit;
        }
        return null;
      };
      const shown = (node) => {
        const attrs = node.attributes ?? [];
        const at = attrs.findIndex((name, i) => i % 2 === 0 && name === 'data-text');
        return at < 0 ? '' : attrs[at + 1];
      };
      const text = (node) =>
        node.nodeType === 3
          ? node.nodeValue
          : shown(node) + [...(node.children ?? [])].filter((c) => c.nodeName !== 'STYLE').map(text).join('');
      const host = find(root);
      return host ? host.shadowRoots.map(text).join('') : null;
    },
    /** Emulates the OS colour scheme (`prefers-color-scheme`) in `page`. */
    colorScheme: (page, scheme) => page.emulateMedia({ colorScheme: scheme }),
    /**
     * An element inside the closed shadow root of the first `[attribute]` host, matching
     * `selector`: its border box in the viewport, some of its computed style and two
     * attributes ({ rect: {left, top, right, bottom}, background, color, display, title,
     * label (aria-label) }), or null.
     */
    async inside(page, selector, attribute = 'data-too-soon') {
      const cdp = await context.newCDPSession(page);
      try {
        await cdp.send('DOM.enable');
        await cdp.send('CSS.enable');
        const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
        const find = (node) => {
          if ((node.attributes ?? []).some((name, i) => i % 2 === 0 && name === attribute)) return node;
          for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? []), ...(node.contentDocument ? [node.contentDocument] : [])]) {
            const hit = find(child);
            if (hit) return hit;
          }
          return null;
        };
        const shadow = find(root)?.shadowRoots?.[0];
        if (!shadow) return null;
        const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: shadow.nodeId, selector });
        if (!nodeId) return null;
        const box = await cdp.send('DOM.getBoxModel', { nodeId }).catch(() => null);
        const { computedStyle } = await cdp.send('CSS.getComputedStyleForNode', { nodeId });
        const style = Object.fromEntries(computedStyle.map(({ name, value }) => [name, value]));
        const { attributes } = await cdp.send('DOM.getAttributes', { nodeId });
        const attr = (name) => {
          const at = attributes.findIndex((a, i) => i % 2 === 0 && a === name);
          return at < 0 ? null : attributes[at + 1];
        };
        const q = box?.model.border;
        return {
          rect: q ? { left: q[0], top: q[1], right: q[4], bottom: q[5] } : null,
          background: style['background-color'],
          color: style.color,
          display: style.display,
          title: attr('title'),
          label: attr('aria-label'),
        };
      } finally {
        await cdp.detach();
      }
    },
    /**
     * The names of every node of the page's accessibility tree (what a screen reader
     * gets), in tree order, as Chromium computes them (DevTools protocol).
     */
    async accessibleNames(page) {
      const cdp = await context.newCDPSession(page);
      const { nodes } = await cdp.send('Accessibility.getFullAXTree');
      await cdp.detach();
      return nodes.filter((n) => !n.ignored && n.name?.value).map((n) => n.name.value);
    },
    /**
     * Stops the extension's service worker at once (as Chromium does to an idle one, or
     * when it crashes), in the middle of whatever it is doing; the next message starts
     * it again. Firefox's background is an event page: no such method there.
     */
    async restartBackground(page) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Its service worker can be stopped mid-way (`restartBackground`). */
launch.restartsBackground = true;
