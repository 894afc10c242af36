// Watches the page for compose windows and keeps a badge beside each Send button, from
// the views the background publishes in storage (no message on the hot path). Nothing
// here may break the page or a send: every call into the provider's adapter is guarded,
// and a page whose layout is not recognized gets no badge and is reported once.
//
// One MutationObserver: a change inside a known compose refreshes that compose soon
// (FAST); any other change only schedules a scan for new composes, at most every SLOW ms,
// so a busy page (a long mail list that keeps changing) costs little.
import { api } from '../shared/runtime.js';
import { MESSAGE } from '../shared/contract.js';
import * as protocol from '../shared/protocol.js';
import { aliases } from './aliases.js';
import { badge } from './badge.js';
import { ownAddresses } from './replies.js';
import { sends } from './sends.js';
import { createThreadReader } from './thread.js';
import { views } from './views.js';
import { countWords, isLong, later } from './words-count.js';

const FAST = 10;
const SLOW = 200;
const CHIP_KEYS = ['Enter', 'Tab', ',', ';'];

/**
 * Starts watching this page with one webmail's adapter (`provider`; each
 * content/<webmail>.js passes its own from providers/, which translates only that
 * webmail's DOM and holds no policy and no storage): nothing happens on a page that is
 * not that webmail's. An adapter is an object with:
 *   id                      'gmail' | 'outlook' | 'proton' | 'yahoo' (stored when the
 *                           layout is not recognized)
 *   matches(location)       is this page the provider's web app? (for a window the app
 *                           opened as about:blank, `location` is its origin's URL)
 *   recognized(doc)         does the page look like the app we know (its main landmarks
 *                           found)? false → no badge, and the provider is recorded as not
 *                           recognized right now
 *   composes(doc)           the compose windows open now (floating, inline reply or
 *                           forward, pop-out), each an Element
 *   recipients(compose)     [{ address, name }] in To, Cc and Bcc: `address` lowercased
 *                           or null when the chip shows only a name; `name` or null
 *   sendButton(compose)     the Send element, or null
 *   placeBadge(send, host)  puts the badge host next to Send (idempotent)
 *   sendFailed(compose, doc)  after a send: is an error shown (the compose stays open
 *                           with an error, or an error dialog)?
 *   scheduleControl(compose)  (optional) what the user activates in the compose on the
 *                           way to Schedule send (Gmail: More send options)
 *   scheduledAt(compose, target)  `target` (the user's click after that) is in a
 *                           schedule picker: the time it shows, a Date, else null
 *   undoControl(doc)        after a send: the page's "Undo" control, or null
 *   thread(doc)             the messages of the thread on screen, oldest first, read
 *                           from each message's header (never from text quoted in a
 *                           body): [{ from: address (lowercased), at: Date|null,
 *                           id: the webmail's message id or null, name: the sender's
 *                           name shown with the address, or null }]
 *   ownAddresses(compose)   (optional) the user's own From addresses a compose shows
 *   people(doc)             (optional) [{ name, address }] shown together outside a
 *                           compose (a contact card), to learn the names of addresses
 *   frames(compose)         (optional) same-origin iframes whose keyboard events count
 *                           as the compose's (Proton's body)
 *   body(compose)           the element holding the draft's text (in Proton's frame), or null
 *   notDraft                a selector for what in the body is not the draft: the quoted
 *                           history and the signature (their words are not counted)
 *
 * Every function may meet a page it does not know: it returns null, [] or false then,
 * and never throws on purpose (`call` below catches what slips through).
 */
export function start(provider) {
  /** Calls the adapter's `name` safely: its answer, or `fallback` when it fails. */
  function call(name, fallback, ...args) {
    try {
      return provider[name]?.(...args) ?? fallback;
    } catch {
      return fallback;
    }
  }
  // A window the webmail opened as about:blank (Outlook's pop-out compose) has no address
  // of its own: its provider is found by the origin it shares with its opener.
  const opened = location.protocol === 'about:';
  /** Where the page is: its address, or the origin of a window the webmail opened. */
  function where() {
    if (!opened) return location;
    try {
      return new URL(self.origin);
    } catch {
      return location; // an opaque origin: no provider
    }
  }
  const page = where();
  try {
    if (!provider.matches(page)) return;
  } catch {
    return;
  }

  const states = new Map(); // compose element → its state (badge, recipients, pending send)
  const readThread = createThreadReader(call, provider.id);
  let generation = 0; // bumped when views, settings or the time change what a badge shows

  /** The adapter's recipients as [{ address (normalized) | null, name | null }]. */
  function recipients(compose) {
    const found = [];
    for (const recipient of call('recipients', [], compose)) {
      const { address, name } = recipient ?? {};
      if (address || name) found.push({ address: address ? views.normalize(address) : null, name: name || null });
    }
    return found;
  }

  const enabled = () => views.settings().providers?.[provider.id] !== false;

  // Recognition is reported once it has held for a second, and then only on a change.
  let reported = null;
  let recognizedNow = null;
  let reportTimer = null;
  function noteRecognized(value) {
    recognizedNow = value;
    if (value === reported || reportTimer) return;
    reportTimer = setTimeout(() => {
      reportTimer = null;
      if (recognizedNow === reported) return;
      reported = recognizedNow;
      Promise.resolve()
        .then(() => api.runtime.sendMessage(protocol.reportProvider(provider.id, reported)))
        .catch(() => {}); // the extension was reloaded under the page
    }, 1000);
  }

  /** The full verdict on `address` (reasons, hints, H-SHORT for `words`), asked of the background when the panel opens. */
  async function explain(address, words) {
    const answer = await api.runtime.sendMessage(protocol.check([address], 'email', words || null));
    return answer?.ok ? answer.verdict : null;
  }

  function render(state) {
    const judgement = state.judgement;
    const best = judgement?.best;
    const send = (best || state.question) && call('sendButton', null, state.compose);
    if (!send) {
      state.host?.remove();
      state.host = null;
      state.asking = false;
      return;
    }
    const model = {
      verdict: best?.verdict ?? null,
      name: best?.name ?? null,
      address: best?.address ?? null,
      several: judgement.tracked.length > 1,
      others: judgement?.others ?? [],
      question: state.question,
      asking: state.asking,
      short: state.short,
      sendAnyway: () => sends.sendAnyway(state),
      explain: () => explain(best?.address, state.words),
    };
    const others = model.others.map((o) => [o.name, o.verdict.level]);
    const key = JSON.stringify([model.verdict, model.name, model.several, others, model.asking, model.short, model.question?.label]);
    const changed = key !== state.shown || !state.host;
    if (changed) {
      state.shown = key;
      state.host = badge.show(state.host, model);
    }
    const placed = state.host.isConnected && state.placedBy === send;
    call('placeBadge', null, send, state.host);
    state.placedBy = send;
    if (changed || !placed) badge.fit(state.host, { compose: state.compose, send, body: () => call('body', null, state.compose) });
  }

  /** Counts the draft's words; asks whether that is long (H-SHORT) when the count or the recipients changed. */
  async function countDraft(state) {
    if (states.get(state.compose) !== state) return;
    const body = call('body', null, state.compose);
    const words = body ? countWords(body, provider.notDraft) : null;
    const tracked = state.judgement?.tracked ?? [];
    const key = JSON.stringify([words, tracked, views.settings()]);
    if (key === state.lengthKey) return;
    state.lengthKey = key;
    state.words = words;
    let short = null;
    if (words && tracked.length) {
      const long = await isLong(words, tracked, JSON.stringify(views.settings()));
      if (state.lengthKey !== key) return; // counted again meanwhile
      short = long ? words : long === null ? state.short : null;
    }
    if (short !== state.short) {
      state.short = short;
      guarded(render, state);
    }
  }
  const countSoon = (state) => later(state, () => countDraft(state).catch(() => {}));

  /** Brings one compose's badge up to date; cheap when nothing changed. */
  function refresh(state) {
    const list = recipients(state.compose);
    const key = JSON.stringify(list);
    if (key === state.key && state.generation === generation && (!state.host || state.host.isConnected)) return;
    aliases.typed(state.list ?? [], list);
    state.key = key;
    state.list = list;
    state.generation = generation;
    const addresses = [...new Set(list.flatMap(views.addressesOf))];
    if (addresses.some((a) => views.view(a) === undefined)) {
      views.load(addresses).then(() => {
        state.key = null;
        guarded(refresh, state);
      });
    }
    state.judgement = views.judge(list, views.now());
    state.question = aliases.question(list, () => changed());
    // "Send anyway?" only beside a verdict that still warns (a gentler profile, a reply
    // logged meanwhile: the next Send goes at once).
    if (!state.judgement.best?.verdict?.warn) state.asking = false;
    render(state);
    if (JSON.stringify(state.judgement.tracked) !== state.trackedKey) {
      state.trackedKey = JSON.stringify(state.judgement.tracked);
      countSoon(state);
    }
    planTimer(state.judgement.next);
  }

  // The verdicts change at known moments (a wait ends): all badges are redrawn then.
  let timer = null;
  let timerAt = Infinity;
  function planTimer(at) {
    if (!(at < timerAt)) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timerAt = Infinity;
      changed();
    }, Math.min(Math.max(0, at - views.now()) + 50, 2 ** 31 - 1));
  }

  function guarded(fn, arg) {
    try {
      fn(arg);
    } catch {
      // A page we do not understand: no badge rather than an error in it.
    }
  }

  /** Finds composes (and the thread), drops the ones gone, refreshes the rest. */
  function scan() {
    const on = enabled();
    const recognized = on && !!call('recognized', false, document);
    // A window the webmail opened may hold anything (a print preview): it never reports
    // the layout as not recognized.
    if (on && (recognized || !opened)) noteRecognized(recognized);
    const found = recognized ? call('composes', [], document) : [];
    for (const [compose, state] of states) {
      if (found.includes(compose)) continue;
      states.delete(compose);
      state.host?.remove();
      sends.closed(state);
    }
    if (recognized) readThread(found);
    if (!found.length) return;
    for (const compose of found) {
      let state = states.get(compose);
      if (!state) {
        state = { compose, host: null, key: null, generation: -1, judgement: null, pending: null, asking: false, words: null, short: null };
        states.set(compose, state);
      }
      sends.watchFrames(state);
      guarded(refresh, state);
    }
  }

  // Scheduling: a full scan at most every SLOW ms; dirty composes within FAST ms.
  const dirty = new Set();
  let scanTimer = null;
  let fastTimer = null;
  function scheduleScan(delay = SLOW) {
    if (scanTimer === null) scanTimer = setTimeout(() => ((scanTimer = null), guarded(scan)), delay);
  }
  function scheduleRefresh(state) {
    if (state) dirty.add(state);
    if (fastTimer !== null) return;
    fastTimer = setTimeout(() => {
      fastTimer = null;
      for (const s of dirty) if (states.get(s.compose) === s) guarded(refresh, s);
      dirty.clear();
    }, FAST);
  }
  function changed() {
    generation += 1;
    scheduleScan(FAST);
  }

  /** Did `record` add or remove an element (text alone never opens or closes a compose)? */
  const movesElements = (record) =>
    [...record.addedNodes, ...record.removedNodes].some((node) => node.nodeType === Node.ELEMENT_NODE);

  // A chip added or removed (elements moving in a compose) is read in this very callback,
  // so that the badge is in the frame the chip is (views are in memory: views.js).
  function onMutations(records) {
    let outside = false;
    const now = new Set();
    for (const record of records) {
      let inside = null;
      for (const state of states.values()) {
        if (state.compose.contains(record.target)) {
          inside = state;
          break;
        }
      }
      if (inside) (movesElements(record) ? now : dirty).add(inside);
      else if (!outside) outside = movesElements(record);
    }
    for (const state of now) {
      dirty.delete(state);
      guarded(refresh, state);
    }
    if (dirty.size) scheduleRefresh();
    if (outside) scheduleScan();
  }

  try {
    sends.start({ provider, states, call, recipients, rerender: (state) => guarded(render, state), typed: countSoon });
    views.subscribe(changed);
    new MutationObserver(onMutations).observe(document.documentElement, { childList: true, subtree: true });
    // Text typed into a recipient field changes no DOM node (an input's value, or the text
    // of a contenteditable well); it counts once it is an address. Typed into the body, it
    // is counted once typing pauses (words-count.js).
    document.addEventListener(
      'input',
      (event) => {
        const target = event.target;
        if (target?.localName !== 'input' && !target?.isContentEditable) return;
        for (const state of states.values()) {
          if (!state.compose.contains(target)) continue;
          scheduleRefresh(state);
          if (target.localName !== 'input') countSoon(state);
        }
      },
      true,
    );
    // The keys that turn typed text into a chip: the compose is read first, so that the
    // address typed is seen before the webmail shows it as a name (learned as an alias).
    document.addEventListener(
      'keydown',
      (event) => {
        if (!CHIP_KEYS.includes(event.key)) return;
        for (const state of states.values()) if (state.compose.contains(event.target)) guarded(refresh, state);
      },
      true,
    );
    views.load([]).then(() => scheduleScan(0));
    // The popup's "Track someone" is offered prefilled with the recipients of the
    // composes open here but the user's own addresses (asked by this extension only;
    // nothing is stored), unless the user turned this webmail off.
    api.runtime.onMessage.addListener((message, sender, sendResponse) => {
      if (sender?.id !== api.runtime.id || message?.type !== MESSAGE.composeRecipients) return false;
      const found = [];
      const own = ownAddresses();
      if (enabled()) for (const compose of call('composes', [], document)) found.push(...recipients(compose).filter((r) => !own.has(r.address)));
      sendResponse(protocol.recipientsFound(found));
      return false;
    });
  } catch {
    // As above.
  }
}
