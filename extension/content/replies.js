// Replies on screen: in a thread, a message from a tracked contact that is newer than
// anything logged with them (their last reply, your last contact) is a reply nobody
// logged yet. It is logged as their reply by itself, once, so that answering it is judged
// as an answer at once and not as a follow-up. Only the sender's address, the message's
// time and the webmail's id of the message (else sender + time) are used; nothing of the
// message's text is read or stored.
//
// Never from the user's own addresses (the From addresses the webmail shows in its
// composes, remembered in the settings, and those the user adds on the options page),
// never from an untracked sender, never older than what is logged. The time is the page's
// word, so it is checked: a message dated in the future (beyond a few minutes of clock
// skew) or before the opportunity's first event (the view's `since`) is never logged
// (the engine refuses both too: a year-9999 reply would hold every later verdict).
// Which message is whose is the adapter's part: it reads each message's header, never
// text quoted inside a body.
import { AHEAD_AT_MOST_MS } from '../shared/contract.js';
import { api } from '../shared/runtime.js';
import * as protocol from '../shared/protocol.js';
import { views } from './views.js';

const after = (date, rfc3339) => !rfc3339 || date.getTime() > Date.parse(rfc3339);

/** Can a message dated `at` be a reply in the history of `view` at `now` (ms)? */
function plausible(at, view, now) {
  const ms = at.getTime();
  return !Number.isNaN(ms) && ms <= now + AHEAD_AT_MOST_MS.reply && !(ms < Date.parse(view.since));
}

/** A stable event id per message (the same in every tab and on every visit). */
function idOf(key) {
  let a = 5381;
  let b = 52711;
  for (const c of key) {
    a = ((a * 33) ^ c.charCodeAt(0)) >>> 0;
    b = ((b * 31) ^ c.charCodeAt(0)) >>> 0;
  }
  return `reply-${a.toString(36)}${b.toString(36)}`;
}

/** The user's own addresses: the settings' `own_addresses` and `extra` (seen in composes). */
export function ownAddresses(extra = []) {
  const listed = views.settings().own_addresses;
  return new Set([...(Array.isArray(listed) ? listed : []), ...extra].map((a) => views.normalize(a)).filter(Boolean));
}

export const replies = {
  /** The addresses of a thread's senders (to read their views first). */
  senders: (thread) => [...new Set(thread.map((m) => views.normalize(m.from)).filter(Boolean))],

  /**
   * The replies to log now: per tracked sender who is not the user (`own`, a Set), their
   * newest plausible message on screen when it is newer than what is logged with them,
   * as `{from, at, message}` (`message`: the webmail's id, else sender and time).
   */
  due(thread, own) {
    const now = views.now();
    const newest = new Map();
    for (const message of thread) {
      const from = views.normalize(message.from);
      const at = message.at instanceof Date ? message.at : null;
      if (!from || own.has(from) || !at) continue;
      const view = views.view(from);
      if (!view || !plausible(at, view, now)) continue;
      if (!newest.has(from) || newest.get(from).at < at) newest.set(from, { from, at, id: message.id || null });
    }
    const due = [];
    for (const { from, at, id } of newest.values()) {
      const view = views.view(from);
      if (!after(at, view.last_reply_at) || !after(at, view.last_contact_at)) continue;
      due.push({ from, at, message: id ?? `${from} ${at.toISOString()}` });
    }
    return due;
  },

  /** Logs `reply` (from `due`) seen on `provider`'s page through the background: its answer, or null. */
  async log(reply, provider) {
    const message = protocol.logReply({
      id: idOf(`${provider} ${reply.message}`),
      from: reply.from,
      at: reply.at.toISOString(),
      provider,
      message: reply.message,
    });
    try {
      return await api.runtime.sendMessage(message);
    } catch {
      return null; // tried again at the next look at the thread
    }
  },
};
