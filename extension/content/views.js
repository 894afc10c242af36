// What the badge knows about an address, read straight from storage, where the background
// publishes one view per tracked address (`view:<address>`), an index of contact names
// (`view-names`) and the settings: storage.local in Firefox; in Chromium, where
// storage.local is kept from content scripts, the background's mirror of them in
// storage.session (background/mirror.js). Nothing here waits on the background: reads
// are cached and follow storage.onChanged. The judging itself is pure: which verdict
// holds at a moment, and the strictest across recipients.
import { api } from '../shared/runtime.js';
import { KEY, LEVELS, PREFIX } from '../shared/contract.js';
import * as protocol from '../shared/protocol.js';
import { normalize } from '../shared/address.js';
import { nameKey } from '../shared/words.js';

const SETTINGS = KEY.settings;
const NAMES = KEY.viewNames;

const cache = new Map(); // storage key → value, null when absent
const listeners = new Set();
// Where the views are: storage.local when this content script may read it, else the
// mirror in storage.session (whose first copy wakes the background when missing).
const area = (async () => {
  try {
    await api.storage.local.get(SETTINGS);
    return 'local';
  } catch {
    try {
      const mirrored = await api.storage.session.get(protocol.MIRRORED);
      if (!mirrored?.[protocol.MIRRORED]) api.runtime.sendMessage(protocol.ping()).catch(() => {});
    } catch {
      // The extension was reloaded under the page.
    }
    return 'session';
  }
})();
// Test builds: the tests' clock offset (protocol.CLOCK_OFFSET), so that the badge keeps
// the background's notion of now.
const ready = read(protocol.CLOCK_OFFSET ? [SETTINGS, NAMES, protocol.CLOCK_OFFSET] : [SETTINGS, NAMES]);

async function read(keys) {
  const missing = keys.filter((key) => !cache.has(key));
  if (!missing.length) return;
  let items = {};
  try {
    items = (await api.storage[await area].get(missing)) ?? {};
  } catch {
    // The extension was reloaded under the page: act as if nothing is tracked.
  }
  for (const key of missing) if (!cache.has(key)) cache.set(key, items[key] ?? null);
}

try {
  api.storage.onChanged.addListener(async (changes, changed) => {
    if (changed !== (await area)) return;
    const keys = Object.keys(changes).filter(protocol.isPublished);
    if (!keys.length) return;
    for (const key of keys) cache.set(key, changes[key].newValue ?? null);
    for (const listener of listeners) listener();
  });
} catch {
  // No storage events: views stay as first read.
}

const severity = (level) => Math.max(0, LEVELS.indexOf(level));

/**
 * The addresses a recipient stands for: its own, or for a chip that shows only a
 * name, the tracked addresses with exactly that name (never a guess).
 */
function addressesOf(recipient) {
  if (recipient.address) return [normalize(recipient.address)];
  return recipient.name ? named(recipient.name) : [];
}

/**
 * The tracked addresses with exactly this name or alias, from the name index; [] for none.
 * Only the index's own entries: a name is page text ("__proto__", "Constructor").
 */
function named(name) {
  const index = cache.get(NAMES);
  const key = nameKey(name);
  const found = index && Object.hasOwn(index, key) ? index[key] : null;
  return Array.isArray(found) ? found : [];
}

/** The verdict that holds at `t`: the last segment starting at or before it. */
function verdictAt(view, t) {
  let verdict = null;
  for (const segment of view?.segments ?? []) {
    if (segment.from_ms == null || segment.from_ms <= t) verdict = segment.verdict;
  }
  return verdict;
}

/** The next moment after `t` at which a view's verdict changes, or Infinity. */
function nextChange(view, t) {
  let next = Infinity;
  for (const { from_ms: from } of view?.segments ?? []) if (from != null && from > t && from < next) next = from;
  return next;
}

export const views = {
  normalize,
  addressesOf,

  /** Resolves once the views of `addresses` (and settings, names) are cached. */
  async load(addresses) {
    await ready;
    await read(addresses.map((a) => `${PREFIX.view}${a}`));
  },
  /** The cached view of an address: an object, null when untracked, undefined when not read yet. */
  view: (address) => cache.get(`${PREFIX.view}${address}`),
  settings: () => cache.get(SETTINGS) ?? {},
  /** The names and aliases in the name index, lowercased. */
  names: () => Object.keys(cache.get(NAMES) ?? {}),
  named,
  nameKey,
  /** Now as the background sees it. */
  now: () => Date.now() + (protocol.CLOCK_OFFSET && Number.isFinite(cache.get(protocol.CLOCK_OFFSET)) ? cache.get(protocol.CLOCK_OFFSET) : 0),
  /** Calls `listener` after any change to views, names or settings. */
  subscribe(listener) {
    listeners.add(listener);
  },

  /**
   * The judgement on a compose's recipients at `t`, from cached views: the strictest
   * verdict and whom it is about (`best`), each other tracked recipient with their own
   * verdict (`others`), the tracked addresses, when it next changes. `pending` is true
   * when some view is not read yet.
   */
  judge(recipients, t) {
    let best = null;
    let pending = false;
    let next = Infinity;
    const tracked = [];
    const all = [];
    for (const recipient of recipients) {
      for (const address of addressesOf(recipient)) {
        const view = cache.get(`${PREFIX.view}${address}`);
        if (view === undefined) pending = true;
        const verdict = verdictAt(view, t);
        if (!verdict || tracked.includes(address)) continue;
        tracked.push(address);
        next = Math.min(next, nextChange(view, t));
        const person = view.contacts?.[0]?.id ?? address; // one person, whatever address is typed
        const judged = { verdict, address, person, name: view.contacts?.[0]?.name ?? recipient.name ?? address };
        all.push(judged);
        if (!best || severity(verdict.level) > severity(best.verdict.level)) best = judged;
      }
    }
    const others = all.filter((j, i) => j.person !== best.person && all.findIndex((k) => k.person === j.person) === i);
    return { best, others, tracked, next, pending };
  },
};
