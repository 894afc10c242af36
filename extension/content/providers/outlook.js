// Outlook on the web (outlook.live.com, outlook.office.com, outlook.office365.com). Facts
// and sources: docs/webmail.md §3 (the § numbers below). Outlook's class
// names are hashed and change within months (§3.2), so this reads roles, contenteditable,
// aria-multiline and Fluent UI's slot class names (a library's, not hashed); translated
// labels only as the last resort for Send. A chip may show only a name: then the address
// is null, never guessed (§3.1 "Name vs address").
import { ADDRESS, WHOLE_ADDRESS, typedAddresses } from '../address.js';
import { visible } from '../../shared/address.js';

const HOSTS = ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com'];
const BODY = '[contenteditable=true][aria-multiline=true]';
const WELL = '[contenteditable=true]:not([aria-multiline=true])';
const SEND = 'button.fui-SplitButton__primaryActionButton';
// A message in the reading pane: its body, and the recipients shown above it (not a compose's).
const MESSAGE_BODY = '[id^="UniqueMessageBody"]';
const RECIPIENTS = '[data-testid="RecipientWell"]';
// Last resort (§3.2, 2nd): "Send" in a few languages, compared after normalising.
const SEND_WORDS = ['send', 'senden', 'envoyer', 'enviar', 'invia', 'verzenden', '送信', '发送'];
const tidy = (text) => visible(text).replace(/\s+/g, ' ').trim();

/**
 * Send inside `root`: Fluent's split-button primary action (§3.2, 1st) that is not one of
 * the ribbon's ("New mail", "Delete", "Report": the same classes, the mailvelope capture),
 * else a button labelled "Send".
 */
function sendIn(root) {
  const primary = [...root.querySelectorAll(SEND)].find((b) => !b.closest('[data-automation-type^="Ribbon"]'));
  if (primary) return primary;
  return (
    [...root.querySelectorAll('button')].find((b) =>
      [b.getAttribute('aria-label'), b.getAttribute('title'), b.textContent].some((t) =>
        SEND_WORDS.includes(tidy(t).toLowerCase().replace(/\s*\(.*\)$/, '')),
      ),
    ) ?? null
  );
}

/**
 * The compose around a body editor (§3.5 "compose root"): the pop-out's Form_Content, else
 * the nearest ancestor that also holds a recipient well and a Send button (the reading
 * pane holds other split buttons, e.g. a message's Reply: §3.2, §3.4).
 */
function composeOf(body) {
  const popout = body.closest('[data-app-section="Form_Content"]');
  if (popout) return popout;
  for (let node = body.parentElement; node && node !== body.ownerDocument.body; node = node.parentElement) {
    if (node.querySelector(WELL) && sendIn(node)) return node;
  }
  return null;
}

/** A header's sender label ("From: alice@example.com", its text the name) → { from, name }, else null. */
function senderOf(element) {
  const label = /^[^:<>@]{1,40}:\s*(.+)$/.exec(tidy(element.getAttribute('aria-label')));
  const chip = label && parseChip(label[1]);
  if (!chip?.address) return null;
  const text = tidy(element.textContent);
  const name = chip.name ?? (text && !WHOLE_ADDRESS.test(text) ? text : null);
  return { from: chip.address, name };
}

/** One chip's text → { address, name } (§3.1: "name <email>", only the email, or only the name). */
function parseChip(text) {
  text = tidy(text);
  if (!text) return null;
  const angle = /^"?(.*?)"?\s*<([^<>]+)>$/.exec(text);
  if (angle && WHOLE_ADDRESS.test(angle[2])) return { address: angle[2].toLowerCase(), name: angle[1].trim() || null };
  if (WHOLE_ADDRESS.test(text)) return { address: text.toLowerCase(), name: null };
  return { address: null, name: text };
}

export const outlook = {
  id: 'outlook',

  matches: (location) => HOSTS.includes(location.hostname),

  /** The app's landmarks, the mail view `[role=main]` or a pop-out's Form_Content (§3.1, §3.4), and every body editor in a compose we can read. */
  recognized(doc) {
    if (!doc.querySelector('[role=main], [data-app-section="Form_Content"]')) return false;
    return [...doc.querySelectorAll(BODY)].every((body) => composeOf(body) !== null);
  },

  /** Every compose: new message or inline reply in the reading pane, pop-out (§3.4). */
  composes(doc) {
    const found = new Set();
    for (const body of doc.querySelectorAll(BODY)) {
      const compose = composeOf(body);
      if (compose) found.add(compose);
    }
    return [...found];
  },

  /**
   * To, Cc and Bcc: the wells (§3.1, 2026-03), then each chip, a `[contenteditable=false]`
   * child, read from its aria-label (§3.1, 2025-06) else its text; typed text still in a
   * well counts when it is a whole address (§3.4 "Chips vs typed text").
   */
  recipients(compose) {
    const found = [];
    for (const well of compose.querySelectorAll(WELL)) {
      for (const child of well.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          for (const address of typedAddresses(child.data)) found.push({ address, name: null });
        } else if (child.nodeType === Node.ELEMENT_NODE && child.getAttribute('contenteditable') === 'false') {
          const chip = parseChip(child.getAttribute('aria-label') || child.textContent);
          if (chip) found.push(chip);
        }
      }
    }
    return found;
  },

  sendButton: (compose) => sendIn(compose),

  /** The body editor (§3.5: the compose's `[contenteditable][aria-multiline=true]`). */
  body: (compose) => compose.querySelector(BODY),

  /**
   * Not the draft: in a reply or forward, everything from the reply header on (Outlook
   * writes `<div id="appendonsend">`, a rule, then `<div id="divRplyFwdMsg">` with the
   * From/Sent/To block, then the quoted message, all in the message's own HTML); the
   * signature, `<div id="Signature">`.
   */
  notDraft: '#appendonsend ~ *, #divRplyFwdMsg, #divRplyFwdMsg ~ *, #Signature, #signature',

  /**
   * The user's From address: the compose's button showing a whole address outside the
   * wells and the body (the From row, §3.1 fixture; a body's buttons are email content).
   */
  ownAddresses: (compose) =>
    [...compose.querySelectorAll('button')]
      .filter((b) => !b.closest(`${WELL}, ${BODY}`))
      .map((b) => tidy(b.textContent).toLowerCase())
      .filter((text) => WHOLE_ADDRESS.test(text)),

  /** The badge goes right after the Send split button, in the command bar (§3.2). */
  placeBadge(sendButton, host) {
    const group = sendButton.parentElement;
    if (host.previousElementSibling !== group) group.after(host);
  },

  /** A refused send shows an alert dialog and leaves the compose open (§3.3: no stable toast). */
  sendFailed: (compose, doc) => doc.querySelector('[role=alertdialog]') !== null,

  /** Scheduled sends are not reproduced for Outlook: no time is read. */
  scheduledAt: () => null,

  /** No documented Undo control (§3.3). */
  undoControl: () => null,

  /**
   * The thread in the reading pane (reading pane or conversation view): each message body
   * `[id^=UniqueMessageBody]` and, before it, its header's sender, an element whose
   * aria-label is "<From>: <address>" (the label word is translated: "Von:"), showing
   * the sender's name as its text (§3.4; the Mailvelope capture in
   * shared/reference/real-captures), and the header's `time[datetime]` (invented: see
   * tests/fixtures/README.md). Outlook shows no message id: sender and time identify it.
   * Never from a body or a message's recipient well, nor from another message's header: a
   * message whose own header shows no address is skipped.
   */
  thread(doc) {
    const messages = [];
    for (const body of doc.querySelectorAll(MESSAGE_BODY)) {
      for (let node = body.parentElement; node && node !== doc.body; node = node.parentElement) {
        if (node.querySelectorAll(MESSAGE_BODY).length > 1) break; // past this message's own header
        const before = (e) => !e.closest(`${MESSAGE_BODY}, [role=document], ${RECIPIENTS}, ${BODY}`) && e.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING;
        const sender = [...node.querySelectorAll('[aria-label]')].filter(before).map(senderOf).filter(Boolean).at(-1);
        if (!sender) continue;
        const time = [...node.querySelectorAll('time[datetime]')].filter(before).at(-1);
        const at = time ? new Date(time.getAttribute('datetime')) : null;
        messages.push({ ...sender, at: at && !Number.isNaN(at.getTime()) ? at : null, id: null });
        break;
      }
    }
    return messages;
  },

  /**
   * Names shown with addresses in an open contact card (the card a click on a chip or a
   * header's name opens, added to the page's body: its address in
   * `[data-log-name="Email"] button`, §3.1, Mailvelope's `waitForPersonaCard`), its name
   * the first line of the card before the address that is not an address itself.
   */
  people(doc) {
    const people = [];
    for (const email of doc.querySelectorAll('[role=dialog] [data-log-name="Email"] button')) {
      const address = tidy(email.textContent).toLowerCase();
      if (!WHOLE_ADDRESS.test(address)) continue;
      const card = email.closest('[role=dialog]');
      const name = [...card.querySelectorAll('*')]
        .filter((e) => !e.children.length && e.compareDocumentPosition(email) & Node.DOCUMENT_POSITION_FOLLOWING && !email.contains(e))
        .map((e) => tidy(e.textContent))
        .find((text) => text && !ADDRESS.test(text));
      if (name) people.push({ name, address });
    }
    return people;
  },
};
