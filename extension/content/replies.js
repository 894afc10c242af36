// Replies on screen: in a thread, a message from a tracked contact that is newer than
// anything logged with them (their last reply, your last contact) is probably a reply
// nobody logged yet. The badge offers to log it in one click, so that answering it is
// judged as an answer and not as a follow-up. Only the sender's address and the
// message's time are used; nothing of the message is read or stored.
//
// The time is the page's word, so it is checked: a message dated in the future (beyond
// a few minutes of clock skew) or before the opportunity's first event (the view's
// `since`) is never offered, since one click would put an impossible reply in the
// history (a year-9999 reply would hold every later verdict).
import { api } from '../shared/runtime.js';
import * as protocol from '../shared/protocol.js';
import { day, isolate, t } from '../shared/words.js';
import { views } from './views.js';

const SKEW = 5 * 60 * 1000; // how far ahead of our clock a page's clock may be

const after = (date, rfc3339) => !rfc3339 || date.getTime() > Date.parse(rfc3339);

/** Can a message dated `at` be a reply in the history of `view` at `now` (ms)? */
function plausible(at, view, now) {
  const ms = at.getTime();
  return !Number.isNaN(ms) && ms <= now + SKEW && !(ms < Date.parse(view.since));
}

/** A stable id per message, so a second click (or another tab) logs it once. */
function idOf(from, at) {
  let hash = 5381;
  for (const c of from) hash = ((hash * 33) ^ c.charCodeAt(0)) >>> 0;
  return `reply-${at.getTime().toString(36)}-${hash.toString(36)}`;
}

export const replies = {
  /** The addresses of a thread's senders (to read their views first). */
  senders: (thread) => [...new Set(thread.map((m) => views.normalize(m.from)).filter(Boolean))],

  /**
   * Replies to offer, newest first: per tracked sender, their newest message on screen
   * when it is newer than what is logged. `first` when the compose answers them.
   */
  offers(thread, recipients) {
    const now = views.now();
    const newest = new Map();
    for (const message of thread) {
      const from = views.normalize(message.from);
      const at = message.at instanceof Date ? message.at : null;
      const view = from ? views.view(from) : null;
      if (!view || !at || !plausible(at, view, now)) continue;
      if (!newest.has(from) || newest.get(from) < at) newest.set(from, at);
    }
    const offers = [];
    for (const [from, at] of newest) {
      const view = views.view(from);
      if (!after(at, view.last_reply_at) || !after(at, view.last_contact_at)) continue;
      const name = (view.contacts?.[0]?.name ?? from).split(' ')[0];
      offers.push({
        from,
        at,
        label: t('badge_log_reply', isolate(name), day(at)),
        first: recipients.includes(from),
        log: () => replies.log(from, at),
      });
    }
    return offers.sort((a, b) => b.at - a.at);
  },

  /** Logs a reply from `from` at `at` through the background. */
  async log(from, at) {
    const reply = { id: idOf(from, at), from, at: at.toISOString() };
    try {
      return await api.runtime.sendMessage(protocol.logReply(reply));
    } catch {
      return null; // the badge keeps offering it; a click later tries again
    }
  },
};
