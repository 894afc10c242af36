// Yahoo Mail (mail.yahoo.com), best effort. Facts and sources: docs/webmail.md
// §4 (the § numbers below), from 2019-2021 sources: Yahoo's data-test-id attributes, which
// several projects relied on across those years. Not checked against Yahoo's newer UI.
import { WHOLE_ADDRESS, typedAddresses } from '../address.js';

// The To, Cc and Bcc containers and their pills, in the compose of 2019-2021 (§4) and in
// the newer one at /n/compose (issue 12: [data-test-id=compose-header-field-to], y-pill).
const CONTAINERS = ['to', 'cc', 'bcc'].flatMap((f) => [`[data-test-id="container-${f}"]`, `[data-test-id="compose-header-field-${f}"]`]).join(', ');
const PILLS = '[data-test-id="pill"], [data-test-id="y-pill"]';

export const yahoo = {
  id: 'yahoo',

  matches: (location) => location.hostname === 'mail.yahoo.com',

  /** The app's test ids: its Compose button or a compose (§4), each compose with its Send button. */
  recognized(doc) {
    if (!doc.querySelector('[data-test-id="compose-button"], [data-test-id="compose"]')) return false;
    return [...doc.querySelectorAll('[data-test-id="compose"]')].every((c) => c.querySelector('[data-test-id="compose-send-button"]'));
  },

  /** Each compose, [data-test-id="compose"] (§4, Briskine). */
  composes: (doc) => [...doc.querySelectorAll('[data-test-id="compose"]')],

  /**
   * To, Cc and Bcc: the pills of each container, address in the pill's title (§4,
   * Mailvelope), name in its pill-text; text still in a container's input counts when it
   * is a whole address.
   */
  recipients(compose) {
    const found = [];
    for (const container of compose.querySelectorAll(CONTAINERS)) {
      for (const pill of container.querySelectorAll(PILLS)) {
        const address = (pill.getAttribute('title') ?? '').trim().toLowerCase();
        if (!WHOLE_ADDRESS.test(address)) continue;
        const name = pill.querySelector('[data-test-id="pill-text"]')?.textContent.trim() || null;
        found.push({ address, name: name && name.toLowerCase() !== address ? name : null });
      }
      for (const input of container.querySelectorAll('input')) {
        for (const address of typedAddresses(input.value)) found.push({ address, name: null });
      }
    }
    return found;
  },

  /** Send: button[data-test-id="compose-send-button"] (§4, unattributed snippet). */
  sendButton: (compose) => compose.querySelector('[data-test-id="compose-send-button"]'),

  /** The body editor, `[data-test-id="rte"]` (§4). */
  body: (compose) => compose.querySelector('[data-test-id="rte"]'),

  /**
   * Not the draft, best effort: the quoted message (`div.yahoo_quoted`, the class Yahoo
   * writes into replies) and the signature (`div.signature`).
   */
  notDraft: '.yahoo_quoted, .signature',

  placeBadge(sendButton, host) {
    if (host.previousElementSibling !== sendButton) sendButton.after(host);
  },

  /** A refused send leaves the compose with an alert dialog (not documented for Yahoo: the fixture's). */
  sendFailed: (compose, doc) => doc.querySelector('[role=alertdialog]') !== null,

  scheduledAt: () => null,
  undoControl: () => null,

  /**
   * The conversation on screen, best effort: each message's `header` with its sender
   * `[data-test-id="message-from"] [data-test-id="email-pill"]` (§4, Mailvelope; the
   * address in the pill's title, the name as its text) and `time[datetime]` (invented).
   * Only headers are read, never a body (`[data-test-id="message-view-body"]`, invented) or a quote.
   */
  thread(doc) {
    return [...doc.querySelectorAll('header')].flatMap((header) => {
      if (header.closest('blockquote, [data-test-id="message-view-body"]')) return []; // quoted in a body
      const pill = header.querySelector('[data-test-id="message-from"] [data-test-id="email-pill"]');
      const address = (pill?.getAttribute('title') ?? '').trim().toLowerCase();
      if (!WHOLE_ADDRESS.test(address)) return [];
      const time = header.querySelector('time[datetime]');
      const at = time ? new Date(time.getAttribute('datetime')) : null;
      const name = pill.textContent.trim();
      return [{ from: address, at: at && !Number.isNaN(at.getTime()) ? at : null, id: null, name: name && name.toLowerCase() !== address ? name : null }];
    });
  },
};
