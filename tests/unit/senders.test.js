// Who may ask what (extension/background/senders.js): the extension's pages everything,
// its content scripts only what the compose badge needs, anyone else nothing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONTENT_SCRIPT_MESSAGES, admission, isExtensionPage } from '../../extension/background/senders.js';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const CHROME = `chrome-extension://${ID}/`;
const FIREFOX = 'moz-extension://0f1e2d3c-aaaa-bbbb-cccc-123456789abc/';
const page = (base, path = 'popup/popup.html') => ({ id: ID, url: `${base}${path}`, origin: base.startsWith('chrome') ? base.slice(0, -1) : undefined });
const contentScript = { id: ID, url: 'https://mail.google.com/mail/u/0/#inbox', origin: 'https://mail.google.com', tab: { id: 3 }, frameId: 0 };
const FORBIDDEN = ['status', 'summary', 'export', 'import', 'put_settings', 'put_opportunity', 'put_contact', 'log_event', 'delete', 'delete_all', 'put_back', 'calendar', 'reminders', 'nonsense'];

describe('senders', () => {
  it('the extension\'s pages may send everything, in both browsers, also opened in a tab', () => {
    for (const type of [...FORBIDDEN, ...CONTENT_SCRIPT_MESSAGES]) {
      assert.equal(admission({ type }, page(CHROME), ID, CHROME), 'answer');
      assert.equal(admission({ type }, { ...page(CHROME, 'options/options.html'), tab: { id: 9 } }, ID, CHROME), 'answer');
      assert.equal(admission({ type }, { id: ID, url: `${FIREFOX}options/options.html` }, ID, FIREFOX), 'answer');
    }
    assert.equal(admission({ type: 'export' }, { id: ID, url: `${CHROME}background/main.js` }, ID, CHROME), 'answer');
  });

  it('a content script may send only what the badge needs', () => {
    for (const type of CONTENT_SCRIPT_MESSAGES) assert.equal(admission({ type }, contentScript, ID, CHROME), 'answer');
    for (const type of FORBIDDEN) assert.equal(admission({ type }, contentScript, ID, CHROME), 'refuse', type);
    assert.equal(admission('hello', contentScript, ID, CHROME), 'refuse');
    assert.equal(admission(null, contentScript, ID, CHROME), 'refuse');
  });

  it('a page that is not the extension\'s is never taken for one', () => {
    assert.equal(isExtensionPage({ id: ID, url: 'https://mail.google.com/', origin: 'https://mail.google.com' }, ID, CHROME), false);
    assert.equal(isExtensionPage({ id: ID, url: `${CHROME}x.html`, origin: 'https://mail.google.com' }, ID, CHROME), false, 'origin and url must agree');
    assert.equal(isExtensionPage({ id: ID, url: 'chrome-extension://otherid/popup.html' }, ID, CHROME), false);
    assert.equal(isExtensionPage({ id: ID, url: 'about:blank' }, ID, CHROME), false);
    assert.equal(isExtensionPage({ id: ID }, ID, CHROME), false, 'no url: not a page');
    assert.equal(isExtensionPage({ id: 'other', url: `${CHROME}popup.html` }, ID, CHROME), false);
    assert.equal(admission({ type: 'check' }, { id: 'other', url: 'https://x.example/' }, ID, CHROME), 'ignore');
  });
});
