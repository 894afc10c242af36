// Gmail (mail.google.com). Facts and sources: docs/webmail.md §2 (the §
// numbers below). Selectors use roles, `name=` and data attributes, which Gmail does not
// translate and which outlive its obfuscated class names (§2.6); no class, no label text.

import { WHOLE_ADDRESS, typedAddresses } from '../address.js';

const FIELDS = '[name="to"], [name="cc"], [name="bcc"]';
// Text quoted inside a message body (email content, whose class names Gmail keeps).
const QUOTE = 'blockquote, .gmail_quote';
const lower = (text) => String(text ?? '').trim().toLowerCase();

/** The compose an editor belongs to: its dialog (floating, full screen, §2.1), else its region (inline reply, pop-out, §2.1). */
function composeOf(editor) {
  const root = editor.closest('[role=dialog]') ?? editor.closest('[role=region]');
  return root?.querySelector('form') ? root : null;
}

export const gmail = {
  id: 'gmail',

  matches: (location) => location.hostname === 'mail.google.com',

  /** The app's shell (`[role=main]`, §2.1 pop-out) is there, and every compose editor belongs to a compose we can read. */
  recognized(doc) {
    if (!doc.querySelector('[role=main]')) return false;
    return [...doc.querySelectorAll('[contenteditable=true]')].every(
      (editor) => !editor.closest('form, [role=dialog], [role=region]') || (editor.matches('[g_editable=true]') && composeOf(editor)),
    );
  },

  /** Every compose: floating, minimized, full screen, inline reply or forward, pop-out (§2.1, §2.4 body `[g_editable]`). */
  composes(doc) {
    const found = new Set();
    for (const editor of doc.querySelectorAll('[g_editable=true]')) {
      const compose = composeOf(editor);
      if (compose) found.add(compose);
    }
    return [...found];
  },

  /**
   * To, Cc and Bcc (§2.2): chips carry the address in data-hovercard-id and the name in
   * data-name, scoped to the `name=to|cc|bcc` rows (never the From row or the thread).
   * The rows stay in the DOM while collapsed into the summary line. Text still in a
   * row's input counts when it holds whole addresses (`typedAddresses`).
   */
  recipients(compose) {
    const found = [];
    for (const row of compose.querySelectorAll(FIELDS)) {
      for (const chip of row.querySelectorAll('[role=option][data-hovercard-id]')) {
        const address = lower(chip.getAttribute('data-hovercard-id'));
        const name = chip.getAttribute('data-name')?.trim() || null;
        found.push({ address, name: name && lower(name) !== address ? name : null });
      }
      for (const input of row.querySelectorAll('input[role=combobox]')) {
        for (const address of typedAddresses(input.value)) found.push({ address, name: null });
      }
    }
    return found;
  },

  /**
   * Send: in the compose's action bar (`[role=group]`), the button just before the
   * "More send options" menu button, else the first button that opens no menu (§2.3, 1st).
   */
  sendButton(compose) {
    const group = compose.querySelector('[role=group]');
    if (!group) return null;
    const menu = group.querySelector('[role=button][aria-haspopup=true]');
    const before = menu?.previousElementSibling;
    if (before?.matches('[role=button]')) return before;
    return group.querySelector('[role=button]:not([aria-haspopup=true])');
  },

  /** The badge goes right after the Send group, outside the form and the body (§2.3, §2.5). */
  placeBadge(sendButton, host) {
    const group = sendButton.parentElement;
    if (host.previousElementSibling !== group) group.after(host);
  },

  /** The body editor (§2.4 `[g_editable=true]`). */
  body: (compose) => compose.querySelector('[g_editable=true]'),

  /**
   * Not the draft: the quoted history of a reply or forward (`div.gmail_quote`, in the
   * same editor, §2.4 "Quoted history"; `gmail_quote_container` wraps it in newer mail)
   * and the signature (`div.gmail_signature`, `data-smartmail="gmail_signature"`): the
   * class names Gmail writes into the message itself, so every mail client sees them.
   */
  notDraft: '.gmail_quote, .gmail_quote_container, .gmail_signature, [data-smartmail="gmail_signature"]',

  /** A send was refused: an alertdialog appears instead (§2.5, "Presending is not sending"). */
  sendFailed: (compose, doc) => doc.querySelector('[role=alertdialog]') !== null,

  /**
   * What opens the compose's schedule-send choice: its "More send options" menu button
   * (§2.3), whose menu holds Schedule send (`[selector=scheduledSend]`) wherever Gmail
   * puts that menu.
   */
  scheduleControl: (compose) => compose.querySelector('[role=group] [role=button][aria-haspopup=true]'),

  /**
   * The time chosen in the schedule picker that `target` (a click) is in: a dialog of
   * its own with a date-time input, not a compose (it has no form). Any other dialog's
   * input, or a click elsewhere, gives none.
   */
  scheduledAt(compose, target) {
    const dialog = target.closest?.('[role=dialog]');
    if (!dialog || dialog.querySelector('form')) return null;
    const input = dialog.querySelector('input[type=datetime-local]');
    const at = input?.value ? new Date(input.value) : null;
    return at && !Number.isNaN(at.getTime()) ? at : null;
  },

  /** Undo send (§2.5): the first link of the "Message sent" butter bar `[role=alert]`, while it shows. */
  undoControl(doc) {
    for (const bar of doc.querySelectorAll('[role=alert]')) {
      const link = bar.querySelector('[role=link]');
      if (link && bar.checkVisibility?.({ visibilityProperty: true }) !== false) return link;
    }
    return null;
  },

  /**
   * The thread on screen (§2.2 "Thread participants"): each message's sender is the first
   * `[email]` of its header (`name` its name), its time the first `[title]` that reads as
   * a date, its id Gmail's `data-message-id`. Never from a compose, nor from text quoted
   * inside a body (a `blockquote`, Gmail's `gmail_quote`: email content, not Gmail's
   * obfuscated classes). Message containers are `[data-message-id]` (not in
   * docs/webmail.md: see tests/fixtures/README.md).
   */
  thread(doc) {
    return [...doc.querySelectorAll('[role=main] [data-message-id]')].flatMap((message) => {
      const header = (e) => e.closest('[data-message-id]') === message && !e.closest(`form, ${QUOTE}`);
      const sender = [...message.querySelectorAll('[email]')].find(header);
      const address = lower(sender?.getAttribute('email'));
      if (!WHOLE_ADDRESS.test(address)) return [];
      const stamp = [...message.querySelectorAll('[title]')]
        .filter(header)
        .map((e) => new Date(e.getAttribute('title')))
        .find((d) => !Number.isNaN(d.getTime()));
      const name = sender.getAttribute('name')?.trim() || null;
      return [{ from: address, at: stamp ?? null, id: message.getAttribute('data-message-id') || null, name: name && lower(name) !== address ? name : null }];
    });
  },

  /** The user's From address in a compose: its hidden `input[name=from]` (§2.2 "From"). */
  ownAddresses: (compose) =>
    [...compose.querySelectorAll('input[name=from]')].map((input) => lower(input.value)).filter((a) => WHOLE_ADDRESS.test(a)),
};
