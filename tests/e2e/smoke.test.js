// The shipped build itself (dist/extension, no test hook in it), in both browsers: it
// loads, the popup opens and talks to the engine, a badge appears on a webmail fixture for
// a tracked recipient, and no page logs an error. Every other end-to-end test runs the test
// build (dist/test/extension), which adds the hooks the tests need.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launch as chromium } from './drivers/chromium.js';
import { launch as firefox } from './drivers/firefox.js';
import { GMAIL, badge, historyTracking, seed, send, waitFor } from './helpers.js';

const SHIPPED = fileURLToPath(new URL('../../dist/extension', import.meta.url));

for (const [name, launch] of [['Chromium', chromium], ['Firefox', firefox]]) {
  describe(`the shipped build in ${name}`, () => {
    let driver;
    before(async () => {
      driver = await launch(SHIPPED);
    });
    after(async () => {
      await driver?.close();
    });

    it('loads, opens its popup, shows a badge for a tracked recipient, with no error', async () => {
      const popup = await driver.extensionPage('popup/popup.html');
      await waitFor(popup, () => document.body.dataset.ready === 'true', null, 'the popup');
      const pong = await send(popup, { v: 1, type: 'ping' });
      assert.deepEqual([pong.ok, pong.type], [true, 'pong']);
      await seed(popup, historyTracking('alice@example.com'));
      const gmail = await driver.webmail(GMAIL, 'compose');
      await waitFor(gmail, () => document.querySelector('[data-too-soon]') !== null, null, 'the badge');
      const { count, level } = await badge(gmail);
      assert.deepEqual([count, level], [1, 'too_soon']);
      await gmail.close();
      await popup.close();
      assert.deepEqual(driver.errors, []);
    });
  });
}
