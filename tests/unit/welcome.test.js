import { test } from 'node:test';
import assert from 'node:assert/strict';
import { welcome, WELCOME_PAGE } from '../../extension/background/welcome.js';

/** A fake of the two calls the background makes (the e2e tests load the real extension). */
function fakeApi() {
  const opened = [];
  return {
    opened,
    runtime: { getURL: (path) => `chrome-extension://id/${path}` },
    tabs: { create: async (properties) => opened.push(properties.url) },
  };
}

test('the welcome page opens on install, never on an update, a browser update or a shared module', async () => {
  const api = fakeApi();
  await welcome({ reason: 'install' }, api);
  assert.deepEqual(api.opened, [`chrome-extension://id/${WELCOME_PAGE}`]);
  for (const reason of ['update', 'browser_update', 'chrome_update', 'shared_module_update', undefined]) {
    await welcome({ reason, previousVersion: '0.1.0' }, api);
  }
  await welcome(undefined, api);
  assert.equal(api.opened.length, 1);
});
