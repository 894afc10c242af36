// Sends: seen as they start (a click on Send, Enter or Space on it, Ctrl/Cmd+Enter in
// the compose, a scheduled send confirmed), confirmed when the compose closes without an
// error, logged once through the background (one id per send, kept across retries), and
// forgotten again when Gmail's Undo of that send is clicked. Only tracked addresses leave this file.
//
// The page may script anything, so only the user's own input counts: a click or key
// whose event is trusted (`isTrusted`: made by the browser from real input), or the one
// click "Send anyway?" makes for the user. A scheduled time is taken only from a
// picker the user confirms in after opening that compose's schedule-send choice (the
// adapter's `scheduleControl`), and only within the next year; any other time shown is not a time we can
// trust, so such a send is not logged at all (rather than logged at a wrong time, which
// would shift every later verdict unseen; a missing send the user can log themselves).
//
// Ask before sending (a setting, off by default): the first Send while the badge warns
// is held back and the badge asks "Send anyway?"; Send again, or that button, sends.
// With the setting off, nothing here ever stops or delays an event.
//
// Once logged, the page says what was logged, with Undo (toast.js).
import { api } from '../shared/runtime.js';
import { AHEAD_AT_MOST_MS, CLASSIFICATIONS, ERROR } from '../shared/contract.js';
import * as protocol from '../shared/protocol.js';
import { isolate, list, series, t, when } from '../shared/words.js';
import { toast } from './toast.js';
import { views } from './views.js';

const OPEN_AT_MOST = 10000; // a compose still open this long after Send was not sent
const UNDO_WITHIN = 35000; // Gmail's longest undo-send delay is 30 s
const UNDO_LINK_WITHIN = 10000; // the bar of a send shows its Undo this soon after the compose closes
const SCHEDULING_AT_MOST = 30 * 60000; // a schedule picker confirmed later is not ours
const SKEW = 5 * 60000; // a schedule picked for a moment just past

let page = null; // { provider, states, call, recipients, rerender, typed }, from main.js
let lastSent = null; // { id, until, logged, undoLink }
const watchedWindows = new WeakSet();
const sentAnyway = new WeakSet(); // the events "Send anyway?" dispatches
const trusted = (event) => event.isTrusted || sentAnyway.has(event);

const randomId = () => `send-${crypto.randomUUID()}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `message` to the background, again on failure (the worker may be starting). */
async function deliver(message) {
  for (let attempt = 1; attempt <= 6; attempt += 1) {
    try {
      const answer = await api.runtime.sendMessage(message);
      if (answer?.ok || (answer?.type === 'error' && answer.code !== ERROR.engineUnavailable)) return answer;
    } catch {
      // Not answered: retried with the same id, so it is stored at most once.
    }
    await sleep(150 * attempt);
  }
  return null;
}

/** The addresses to log: resolved recipients (names only when unambiguous). */
function snapshot(state) {
  const found = new Set();
  for (const recipient of page.recipients(state.compose)) {
    const addresses = views.addressesOf(recipient);
    if (addresses.length === 1) found.add(addresses[0]);
  }
  return [...found];
}

/** A send starts (at `at`, ms): remember its recipients now, before the compose goes away. */
function capture(state, scheduled = null) {
  const undoBefore = page.call('undoControl', null, document);
  const at = scheduled ?? views.now();
  // What the badge said then (of now): a thank-you note scheduled past its window is none.
  const shown = state.judgement?.best?.verdict?.classification;
  state.pending = { id: state.pending?.id ?? randomId(), to: snapshot(state), at, since: Date.now(), undoBefore, scheduled: scheduled !== null, shown };
  settleLater(state);
}

/** A scheduled time we can log: a real date, not past (beyond clock skew), within a year. */
function plausibleSchedule(date) {
  const at = date instanceof Date ? date.getTime() : NaN;
  const now = views.now();
  return at >= now - SKEW && at <= now + AHEAD_AT_MOST_MS.send ? at : null;
}

function settleLater(state) {
  clearTimeout(state.settleTimer);
  state.settleTimer = setTimeout(() => settle(state), 250);
}

/** Decides a pending send: failed (error shown), sent (compose closed), or not yet. */
function settle(state) {
  const pending = state.pending;
  if (!pending) return;
  if (page.call('sendFailed', false, state.compose, document)) {
    state.pending = null;
  } else if (!state.closed && state.compose.isConnected) {
    if (Date.now() - pending.since > OPEN_AT_MOST) state.pending = null;
    else settleLater(state);
  } else {
    state.pending = null;
    confirm(pending);
  }
}

function confirm(pending) {
  lastSent = null;
  if (!pending.to.length) return;
  const sent = { id: pending.id, until: Date.now() + UNDO_WITHIN, logged: null, undoLink: null };
  lastSent = sent;
  findUndoLink(sent, pending.undoBefore);
  sent.logged = (async () => {
    await views.load(pending.to);
    const to = pending.to.filter((address) => views.view(address));
    if (!to.length) return;
    const at = new Date(pending.at).toISOString();
    const answer = await deliver(protocol.logSend({ id: pending.id, to, at, provider: page.provider.id }));
    if (answer?.ok && answer.events?.length && lastSent === sent) {
      const late = pending.scheduled && pending.shown === 'thank_you' && !answer.events.some((e) => e.classification === 'thank_you');
      const note = late ? t('toast_past_thank_you', when(pending.at)) : '';
      const undo = async () => {
        const undone = await deliver(protocol.forgetSend(sent.id));
        if (lastSent === sent) lastSent = null;
        return !!undone?.ok;
      };
      toast.show(described(answer.events, to), undo, note);
    }
  })().catch(() => {});
}

/** "follow-up to Dana Hill (Acme)" for each logged event, from the views of `to`. */
function described(events, to) {
  return series(
    events.map((event) => {
      const kind = CLASSIFICATIONS.includes(event.classification) ? event.classification : event.kind === 'thank_you' ? 'thank_you' : 'initiated';
      const people = new Set();
      for (const address of to) {
        for (const c of views.view(address)?.contacts ?? []) {
          if (c.opportunity === event.opportunity) people.add(c.company ? t('name_company', isolate(c.name), isolate(c.company)) : isolate(c.name));
        }
      }
      return t('toast_entry', t(`toast_kind_${kind}`), list([...people]));
    }),
  );
}

/**
 * The Undo link of `sent`'s own bar: the first one shown after the compose closed that
 * was not there before Send (`before`). Gmail rebuilds its bar for every action, so
 * the Undo of a later archive or delete is another element, and is not this send's.
 */
function findUndoLink(sent, before) {
  const since = Date.now();
  const look = () => {
    if (lastSent !== sent) return;
    const link = page.call('undoControl', null, document);
    if (link && link !== before) sent.undoLink = link;
    else if (Date.now() - since < UNDO_LINK_WITHIN) setTimeout(look, 100);
  };
  look();
}

/** Gmail's Undo of the send logged last: that send is removed again. */
function undo() {
  const sent = lastSent;
  lastSent = null;
  if (!sent || Date.now() > sent.until) return;
  toast.close();
  sent.logged.then(() => deliver(protocol.forgetSend(sent.id))).catch(() => {});
}

/** Send was asked for in `state`'s compose by `event`. */
function trigger(state, event) {
  const warns = state.judgement?.best?.verdict?.warn;
  if (warns && views.settings().ask_before_send === true && !state.asking) {
    event.preventDefault();
    event.stopImmediatePropagation();
    state.asking = true;
    page.rerender(state);
    return;
  }
  if (state.asking) {
    state.asking = false;
    page.rerender(state);
  }
  capture(state);
}

/**
 * A trusted click outside every compose: the confirmation of a schedule picker, for a
 * compose whose schedule-send choice the user opened (the adapter reads the time only
 * in the picker the click is in). An implausible time: that send is not logged.
 */
function confirmSchedule(target) {
  for (const state of page.states.values()) {
    if (!(Date.now() - (state.scheduling ?? -Infinity) < SCHEDULING_AT_MOST)) continue;
    const scheduled = page.call('scheduledAt', null, state.compose, target);
    if (!scheduled) continue;
    const at = plausibleSchedule(scheduled);
    if (at !== null) capture(state, at);
    else state.pending = null;
  }
}

const stateOf = (target) => {
  for (const state of page.states.values()) if (state.compose.contains(target)) return state;
  return null;
};
const onSend = (state, target) => {
  const send = page.call('sendButton', null, state.compose);
  return !!send && send.contains(target);
};
const onSchedule = (state, target) => !!page.call('scheduleControl', null, state.compose)?.contains(target);
/**
 * The Undo of the send logged last? A send still pending (its bar can show before the
 * compose is found closed) is settled first, so that its own Undo is known.
 */
function onUndo(target) {
  if (!page.call('undoControl', null, document)?.contains(target)) return false;
  for (const state of page.states.values()) if (state.pending) settle(state);
  return !!lastSent?.undoLink?.isConnected && lastSent.undoLink.contains(target);
}

function onClick(event) {
  try {
    const target = event.target;
    if (!target?.nodeType || !trusted(event)) return;
    const state = stateOf(target);
    if (state) {
      if (onSend(state, target)) trigger(state, event);
      else if (onSchedule(state, target)) state.scheduling = Date.now();
      return;
    }
    if (onUndo(target)) return undo();
    confirmSchedule(target);
  } catch {
    // Never let a failure here reach the page or stop its send.
  }
}

function onKey(event, frameState) {
  const enter = event.key === 'Enter';
  if ((!enter && event.key !== ' ') || !event.isTrusted) return; // the fast path for every other key
  try {
    const target = event.target;
    const state = frameState ?? (target?.nodeType ? stateOf(target) : null);
    if (!state) {
      if (target?.nodeType && onUndo(target)) undo();
      return;
    }
    if ((enter && (event.ctrlKey || event.metaKey)) || (!frameState && onSend(state, target))) trigger(state, event);
    else if (!frameState && onSchedule(state, target)) state.scheduling = Date.now();
  } catch {
    // As above.
  }
}

export const sends = {
  /** Starts watching the page's sends (`hooks` from main.js). */
  start(hooks) {
    page = hooks;
    addEventListener('click', onClick, true);
    addEventListener('keydown', (event) => onKey(event, null), true);
  },

  /**
   * Also watches the keys of a compose's same-origin frames (Proton's body), and tells
   * `typed(state)` (from main.js: the word count) of the typing there.
   */
  watchFrames(state) {
    for (const frame of page.call('frames', [], state.compose)) {
      try {
        const win = frame.contentWindow;
        if (!win || watchedWindows.has(win)) continue;
        watchedWindows.add(win);
        win.addEventListener('keydown', (event) => onKey(event, state), true);
        win.addEventListener('input', () => page.typed?.(state), true);
      } catch {
        // A frame of another origin: not ours to watch.
      }
    }
  },

  /** The compose of `state` closed (or left the page): its pending send is decided now. */
  closed(state) {
    state.closed = true;
    settle(state);
  },

  /** "Send anyway?" was clicked: Send is clicked for the user (a send of ours), and goes through. */
  sendAnyway(state) {
    const send = page.call('sendButton', null, state.compose);
    if (!send) return;
    for (const type of ['mousedown', 'mouseup', 'click']) {
      const event = new MouseEvent(type, { bubbles: true, cancelable: true, composed: true });
      sentAnyway.add(event);
      send.dispatchEvent(event);
    }
  },
};
