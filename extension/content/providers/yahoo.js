// Yahoo Mail (mail.yahoo.com), best effort. Facts and sources: docs/webmail.md
// §4 (the § numbers below), from 2019-2021 sources: Yahoo's data-test-id attributes, which
// several projects relied on across those years. Not checked against Yahoo's newer UI.

const ADDRESS = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;
const CONTAINERS = ['to', 'cc', 'bcc'].map((f) => `[data-test-id="container-${f}"]`).join(', ');

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
      for (const pill of container.querySelectorAll('[data-test-id="pill"]')) {
        const address = (pill.getAttribute('title') ?? '').trim().toLowerCase();
        if (!ADDRESS.test(address)) continue;
        const name = pill.querySelector('[data-test-id="pill-text"]')?.textContent.trim() || null;
        found.push({ address, name: name && name.toLowerCase() !== address ? name : null });
      }
      for (const input of container.querySelectorAll('input')) {
        if (ADDRESS.test(input.value.trim())) found.push({ address: input.value.trim().toLowerCase(), name: null });
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
  thread: () => [],
};
