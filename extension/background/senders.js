// Who may ask what. The extension's own pages (popup, options page, also opened in a tab)
// may send every message; a content script runs inside a webmail page, whose process a
// hostile page could take over, so it may send only what the compose badge needs. This is
// the one list of it (see docs/security.md, "The background").

import { MESSAGE as M } from '../shared/contract.js';

/** The messages a content script may send: its sends, replies seen, names and own addresses learned, provider reports, the badge's check. */
export const CONTENT_SCRIPT_MESSAGES = Object.freeze([M.ping, M.check, M.logSend, M.forgetSend, M.logReply, M.learnAlias, M.learnOwnAddress, M.reportProvider]);

/** `scheme://host` of a URL (written out: URL.origin is "null" for extension schemes in some engines). */
const originOf = (url) => {
  try {
    const { protocol, host } = new URL(url);
    return host ? `${protocol}//${host}` : null;
  } catch {
    return null;
  }
};

/**
 * Is `sender` a page of this extension (`extensionId`, pages at `extensionUrl`, e.g.
 * `chrome-extension://<id>/`)? Chromium gives `sender.origin` and `sender.url`, Firefox
 * `sender.url`; a content script's are those of the webmail page it runs in.
 */
export function isExtensionPage(sender, extensionId, extensionUrl) {
  if (sender?.id !== extensionId) return false;
  const origin = originOf(extensionUrl);
  if (!origin || originOf(sender.url) !== origin) return false;
  return sender.origin === undefined || sender.origin === origin;
}

/**
 * What to do with `message` from `sender`: `answer` (ours and allowed), `refuse` (from a
 * content script of ours, asking for more than it may) or `ignore` (not from this extension).
 */
export function admission(message, sender, extensionId, extensionUrl) {
  if (sender?.id !== extensionId) return 'ignore';
  if (isExtensionPage(sender, extensionId, extensionUrl)) return 'answer';
  return CONTENT_SCRIPT_MESSAGES.includes(message?.type) ? 'answer' : 'refuse';
}
