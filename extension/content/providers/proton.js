// Proton Mail (mail.proton.me). Facts and sources: docs/webmail.md §5 (the §
// numbers below). Proton's web client is open source; its data-testid hooks exist for its
// own tests and are not translated (§5, last line), so this reads only those and the
// composer frame's class from that source.

const FIELDS = ['to', 'cc', 'bcc'].map((f) => `[data-testid="composer:${f}-field"]`).join(', ');
const INPUTS = '[data-testid="composer:to"], [data-testid="composer:to-cc"], [data-testid="composer:to-bcc"]';
const REMOVE = 'remove-address-button-';
const ADDRESS = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

export const proton = {
  id: 'proton',

  matches: (location) => location.hostname === 'mail.proton.me',

  /** Recognized when every composer frame on the page has the Send button we know (§5 "Root", "Send"). */
  recognized(doc) {
    const composers = doc.querySelectorAll('.composer');
    if (!composers.length) return doc.querySelector('[data-testid]') !== null;
    return [...composers].every((composer) => composer.querySelector('[data-testid="composer:send-button"]'));
  },

  /** Every composer frame, div.composer, several at once (§5 "Root"). */
  composes: (doc) => [...doc.querySelectorAll('.composer')].filter((c) => c.querySelector('[data-testid="composer:send-button"]')),

  /**
   * To, Cc and Bcc (§5 "Recipients", "Chips"): each chip's remove button carries the
   * address in its test id; the label shows "Name <address>" or the address. Text still
   * in a field's input counts when it is a whole address.
   */
  recipients(compose) {
    const found = [];
    for (const field of compose.querySelectorAll(FIELDS)) {
      for (const item of field.querySelectorAll('[data-testid="composer-addresses-item"]')) {
        const testid = item.querySelector(`[data-testid^="${REMOVE}"]`)?.getAttribute('data-testid') ?? '';
        const address = testid.slice(REMOVE.length).trim().toLowerCase();
        if (!address) continue;
        const label = item.querySelector('[data-testid="composer-addresses-item-label"]')?.textContent ?? '';
        const name = /^(.*?)\s*<[^<>]+>$/.exec(label.trim())?.[1] || null;
        found.push({ address, name });
      }
      for (const input of field.querySelectorAll(INPUTS)) {
        if (ADDRESS.test(input.value.trim())) found.push({ address: input.value.trim().toLowerCase(), name: null });
      }
    }
    return found;
  },

  /** Send: the composer's send button (§5 "Send"). */
  sendButton: (compose) => compose.querySelector('[data-testid="composer:send-button"]'),

  /** The badge goes right after the send actions group, in the footer (§5 "Send"). */
  placeBadge(sendButton, host) {
    const group = sendButton.closest('[data-testid="composer:send-actions"]') ?? sendButton;
    if (host.previousElementSibling !== group) group.after(host);
  },

  /** A refused send: an error notification or dialog while the composer stays (§5 "Confirmation"). */
  sendFailed: (compose, doc) => doc.querySelector('[role=alert].bg-danger, [role=alertdialog]') !== null,

  scheduledAt: () => null,
  undoControl: () => null,
  thread: () => [],

  /** The body editor inside its iframe (§5 "Body": `#rooster-editor`, same origin). */
  body(compose) {
    const frame = compose.querySelector('iframe[data-testid="rooster-iframe"]');
    return frame?.contentDocument?.getElementById('rooster-editor') ?? null;
  },

  /**
   * Not the draft: the quoted message (`blockquote.protonmail_quote`) and the signature
   * block (`div.protonmail_signature_block`), the class names Proton's web client writes
   * into the message (ProtonMail/WebClients, message draft and signature helpers).
   */
  notDraft: '.protonmail_quote, .protonmail_signature_block',

  /** The body editor's iframe (same origin): its key events never reach the page (§5 "Body"). */
  frames: (compose) => [...compose.querySelectorAll('iframe[data-testid="rooster-iframe"]')],
};
