// The welcome page opens once, on install, and never on an update. Firefox: the add-on
// reloaded (`runtime.reload`), which `runtime.onInstalled` reports as an update. Chromium
// reinstalls an extension loaded from the command line at every start and disables one
// reloaded that way, so it cannot be updated under test: there the install is shown by
// tests/e2e/story.js, and the reasons by tests/unit/welcome.test.js (the same code).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { launch as firefox } from './drivers/firefox.js';
import { EXTENSION_DIR, until } from './helpers.js';

/** The last onInstalled reason (the test build keeps it) and the extension's tabs. */
const state = (page) =>
  page.evaluate(async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    const reason = (await api.storage.session.get('test:installed'))['test:installed'];
    return reason && { reason, tabs: api.extension.getViews({ type: 'tab' }).map((w) => w.location.pathname) };
  });

it('Firefox: the welcome page opens on install, and not again on an update', async () => {
  const driver = await firefox(EXTENSION_DIR);
  try {
    const page = await driver.extensionPage('options/options.html');
    const installed = await until(() => state(page), 'the install');
    assert.equal(installed.reason, 'install');
    assert.deepEqual(installed.tabs.filter((p) => p.endsWith('/welcome/welcome.html')).length, 1);
    await page.evaluate(() => (globalThis.browser ?? globalThis.chrome).runtime.reload()).catch(() => {}); // the page goes with it
    // The add-on starts again (slowly on a busy machine): a page of it, once it answers.
    const after = await until(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const again = await driver.extensionPage('options/options.html').catch(() => null);
        const s = again && (await state(again).catch(() => null));
        if (s?.reason !== 'update') await again?.close().catch(() => {});
        return s?.reason === 'update' && s;
      },
      'the update',
      60000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000)); // time for a welcome tab, were one opened
    const tabs = (await state(await driver.extensionPage('options/options.html'))).tabs;
    assert.deepEqual(tabs.filter((p) => p.endsWith('/welcome/welcome.html')), [], JSON.stringify([after, tabs]));
  } finally {
    await driver.close();
  }
});
