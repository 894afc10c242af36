// Proton Mail (mail.proton.me). Facts and sources: docs/webmail.md §5 (the §
// numbers below). Proton's web client is open source; its data-testid hooks exist for its
// own tests and are not translated (§5, last line), so this reads only those and the
// composer frame's class from that source.
import { WHOLE_ADDRESS, typedAddresses } from '../address.js';

const FIELDS = ['to', 'cc', 'bcc'].map((f) => `[data-testid="composer:${f}-field"]`).join(', ');
const INPUTS = '[data-testid="composer:to"], [data-testid="composer:to-cc"], [data-testid="composer:to-bcc"]';
const REMOVE = 'remove-address-button-';
// The composer root, seen as div.composer (§5 "Root", also with data-id) and as
// section[data-testid^=composer-] (issue 12: other extensions' selectors, 2023-2026).
const ROOT = 'div.composer, section[data-testid^="composer-"]';

export const proton = {
  id: 'proton',

  matches: (location) => location.hostname === 'mail.proton.me',

  /** Recognized when every composer frame on the page has the Send button we know (§5 "Root", "Send"). */
  recognized(doc) {
    const composers = doc.querySelectorAll(ROOT);
    if (!composers.length) return doc.querySelector('[data-testid]') !== null;
    return [...composers].every((composer) => composer.querySelector('[data-testid="composer:send-button"]'));
  },

  /** Every composer frame (ROOT), several at once (§5 "Root"); the outermost when one holds another. */
  composes: (doc) =>
    [...doc.querySelectorAll(ROOT)].filter((c) => c.querySelector('[data-testid="composer:send-button"]') && !c.parentElement?.closest(ROOT)),

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
        for (const address of typedAddresses(input.value)) found.push({ address, name: null });
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

  /**
   * The conversation on screen: each message `[data-testid^="message-view-"]`, its
   * header `[data-testid^="message-header-expanded"]` (the first, not in a quote), its sender `[data-testid="recipients:sender"]`
   * (address in its title, "Name <address>" or the address; name as its text) and its
   * `time[datetime]`. The body (an iframe in Proton) is never read. These test ids are
   * from memory of Proton's source, not checked (see tests/fixtures/README.md).
   */
  thread(doc) {
    return [...doc.querySelectorAll('[data-testid^="message-view-"]')].flatMap((article) => {
      // The message's own header: the first one, never one quoted inside its body.
      const header = [...article.querySelectorAll('[data-testid^="message-header-expanded"]')].find((h) => !h.closest('blockquote'));
      const sender = header?.querySelector('[data-testid="recipients:sender"]');
      const title = (sender?.getAttribute('title') ?? '').trim();
      const address = (/<([^<>]+)>$/.exec(title)?.[1] ?? title).trim().toLowerCase();
      if (!WHOLE_ADDRESS.test(address)) return [];
      const time = header.querySelector('time[datetime]');
      const at = time ? new Date(time.getAttribute('datetime')) : null;
      const name = sender.textContent.trim();
      return [{ from: address, at: at && !Number.isNaN(at.getTime()) ? at : null, id: null, name: name && name.toLowerCase() !== address ? name : null }];
    });
  },

  /** The user's From address in a composer: its From selector `[data-testid="composer:from"]` (§5, not in docs: invented). */
  ownAddresses: (compose) =>
    [...compose.querySelectorAll('[data-testid="composer:from"]')]
      .map((from) => (/<?([^\s<>]+@[^\s<>]+)>?\s*$/.exec(from.textContent.trim())?.[1] ?? '').toLowerCase())
      .filter((address) => WHOLE_ADDRESS.test(address)),

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
