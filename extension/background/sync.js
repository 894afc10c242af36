// Opt-in sync through the browser's own storage.sync (docs/sync.md). Off by default: then
// nothing is ever written to storage.sync. On, storage.local stays the source of truth
// for the pages: each step (one writer task) hands the engine's sync session (the
// replica of the last step, kept in memory until the service worker stops) the
// storage.sync items that changed since and the keys written here since; the engine
// records what changed here as new stamped versions, merges, and plans the local writes
// like any other change (the published views with them), which go through the writer.
// Then the merged replica is packed (runs of opportunities that did not change are not
// packed again), compressed (sync-pack.js; texts compressed before are not compressed
// again), fitted into storage.sync's limits (closed opportunities, the oldest first,
// stay here when it does not fit) and only the items that changed are written. A
// refused write (storage.sync full, or too many writes a minute or an hour) backs off:
// an alarm retries after a minute, doubling up to an hour (past the write rate, changes
// made here meanwhile wait for it); it is reported on the options page; nothing local
// is lost.
//
// Kept in storage.local (never part of the history, kept by "delete everything", which
// must reach the other computers): `sync:settings` {on}, `sync:device` (this computer's
// id), `sync:ts` and `sync:t:<opportunity id>` (the replica, one item per opportunity:
// a step rewrites those of the opportunities it changed; read again when the service
// worker starts), `sync:epoch` (a delete-all or replace-restore to send), `sync:status`
// (what the options page shows).
import { SyncSession } from '../engine/sync/too_soon.js';
import { ENTITIES, KEY, MESSAGE, PREFIX, SYNC } from '../shared/contract.js';
import { SYNC_SETTINGS as SETTINGS, SYNC_STATUS as STATUS } from '../shared/sync-keys.js';
import { cost, pack, unpack } from './sync-pack.js';

const DEVICE = `${PREFIX.sync}device`;
const EPOCH = `${PREFIX.sync}epoch`;
/** The replica as kept by an earlier version (one key): read once, then kept by item. */
const REPLICA = `${PREFIX.sync}replica`;
/** The prefix of the items the replica is kept as (`sync:ts`, `sync:t:<id>`). */
const KEPT = PREFIX.sync;

/** storage.sync's limits (Chrome's; Firefox documents the same), with a margin in all. */
const QUOTA_BYTES = SYNC.quotaBytes - 1_024;
const { quotaBytesPerItem: QUOTA_BYTES_PER_ITEM, maxItems: MAX_ITEMS } = SYNC;
/** Items are cut at about this much JSON text, halved while one does not fit an item. */
const ITEM_TEXT = SYNC.itemText;
/** A change here waits this long for more (storage.sync allows 120 writes a minute). */
const LOCAL_DELAY = 2_000;
const REMOTE_DELAY = 300;
const FIRST_BACKOFF = 60_000;
/** The alarm of a retry after a refusal (a stopped service worker keeps no timer). */
const RETRY_ALARM = 'too-soon-sync-retry';
const LAST_BACKOFF = 3_600_000;

/** Is `key` one of the engine's sync items (`ts`, `t:<id>`)? */
const isItem = (key) => key === SYNC.meta || key.startsWith(SYNC.prefix);
/** Is `key` (in storage.local) one of the items the replica is kept as? */
const isKept = (key) => key.startsWith(KEPT) && isItem(key.slice(KEPT.length));
/** Does a change of storage.local under `key` change the history? */
const isHistory = (key) => key === KEY.settings || ENTITIES.some((kind) => key.startsWith(`${kind}:`));
/** Does this change start a new epoch (everything here replaced)? */
const startsEpoch = (message) => message?.type === MESSAGE.deleteAll || (message?.type === MESSAGE.import && message?.mode === 'replace');
/** Is the problem `p` (its path) one of the item `key`? */
const ofItem = (p, key) => p.path === key || p.path.startsWith(`${key}.`) || p.path.startsWith(`${key}[`);

/** Is this refusal of storage.sync Chrome's limit of writes a minute or an hour? */
const pastWriteRate = (message) => /MAX_WRITE_OPERATIONS/.test(String(message));

function newDevice() {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return [...bytes].map((b) => (b % 36).toString(36)).join('');
}

/**
 * Sync over `api.storage`: `writer` the one writer, `engineForStorage`, `write(engine,
 * writes)` main.js's (null when stored, else the error answer), `now()`, `moduleInstance()`
 * the engine module's instance (a session of another one is never used).
 */
export function createSync({ api, writer, engineForStorage, write, now, moduleInstance }) {
  const local = api.storage.local;
  const remoteArea = api.storage.sync;
  let on = false;
  let timer = null;
  let backoff = 0;
  let retryAt = 0; // after a refusal: no write before this (Date.now() ms), whatever changes
  const written = new Map(); // item → value this computer wrote last: its own onChanged
  // The session (`{replica: SyncSession, instance}`), and what it has seen: the keys
  // written here since its last step, and of storage.sync each item's value merged (or
  // written) with its text, problems and newer format.
  let session = null;
  const dirty = new Set();
  const seen = new Map(); // item → {value, text, problems: [{path, code, values}], newer}
  let compressed = new Map(); // text → value, of the last fit

  const loaded = local.get([SETTINGS, STATUS]).then(
    (items) => {
      on = items?.[SETTINGS]?.on === true;
      const problem = items?.[STATUS]?.problem;
      if (problem?.code === 'quota') [backoff, retryAt] = [problem.retry_ms ?? 0, pastWriteRate(problem.message) ? (problem.retry_at ?? 0) : 0];
    },
    () => {},
  );

  /** Stores `status`; the last sync's time stays when it reports a problem. */
  async function report(status) {
    const last = status.last_synced ?? (await local.get(STATUS))?.[STATUS]?.last_synced;
    await local.set({ [STATUS]: { on, ...(last ? { last_synced: last } : {}), ...status } });
  }

  /**
   * A step after `delay` ms; while backing off after a refusal, not before the retry
   * (local changes wait for it), unless `remote` (another computer's change is merged in
   * at once; its write is the one attempt).
   */
  function schedule(delay, remote = false) {
    if (!on) return;
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        timer = null;
        writer.enqueue(step).catch((error) => report({ problem: { code: 'failed', message: String(error?.message ?? error) } }));
      },
      remote ? delay : Math.max(delay, retryAt - Date.now()),
    );
  }

  /** Forgets the session (read again from what is kept at the next step). */
  function drop() {
    if (session?.instance === moduleInstance()) session.replica.free();
    session = null;
    seen.clear();
    compressed = new Map();
  }

  /** The session, made from the items kept when there is none (or the old layout's). */
  async function open() {
    if (session?.instance === moduleInstance()) return { fresh: false };
    drop();
    const all = await local.get(null);
    const items = {};
    for (const [key, value] of Object.entries(all)) if (isKept(key)) items[key.slice(KEPT.length)] = value;
    const legacy = all[REPLICA] && typeof all[REPLICA] === 'object' ? all[REPLICA] : null;
    session = { replica: new SyncSession({ ...legacy, ...items }), instance: moduleInstance() };
    return { fresh: true, legacy: legacy !== null, keys: Object.keys(items) };
  }

  /** Keeps the changed items of the replica in storage.local (all of them after the old layout). */
  async function keep(kept, opened) {
    let { set, remove } = kept;
    if (opened.legacy) {
      set = session.replica.kept();
      remove = opened.keys.filter((key) => !(key in set));
    }
    const values = {};
    for (const [key, text] of Object.entries(set)) values[KEPT + key] = text;
    await local.set(values);
    if (remove.length) await local.remove(remove.map((key) => KEPT + key));
    if (opened.legacy) await local.remove(REPLICA);
  }

  /** Packs the session's replica with `closedKept` closed opportunities; sizes and values. */
  async function attempt(closedKept, maxText, used) {
    const items = session.replica.pack(closedKept, maxText);
    const values = {};
    const texts = {};
    let total = 0;
    let largest = 0;
    for (const { key, text } of items) {
      let value = used.get(text) ?? compressed.get(text);
      if (value === undefined) value = await pack(text);
      used.set(text, value);
      values[key] = value;
      texts[key] = text;
      const size = cost(key, value);
      total += size;
      largest = Math.max(largest, size);
    }
    const fits = total <= QUOTA_BYTES && largest <= QUOTA_BYTES_PER_ITEM && items.length <= MAX_ITEMS;
    return { values, texts, total, largest, fits };
  }

  /** The items that fit, keeping as many closed opportunities (newest first) as fit. */
  async function fit(closed) {
    const used = new Map();
    const done = (result) => {
      compressed = used;
      return result;
    };
    let maxText = ITEM_TEXT;
    let all = await attempt(closed, maxText, used);
    while (all.largest > QUOTA_BYTES_PER_ITEM && maxText > 1_500) {
      maxText = Math.floor(maxText / 2);
      all = await attempt(closed, maxText, used);
    }
    if (all.fits) return done({ ...all, localOnly: 0 });
    let best = await attempt(0, maxText, used);
    if (!best.fits) return done({ ...best, localOnly: closed });
    let kept = 0;
    for (let low = 1, high = closed - 1; low <= high; ) {
      const middle = Math.floor((low + high) / 2);
      const tried = await attempt(middle, maxText, used);
      if (tried.fits) {
        best = tried;
        kept = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return done({ ...best, localOnly: closed - kept });
  }

  /** The problems and newer items of storage.sync seen, for the status. */
  const skippedNow = () => [...seen.values()].flatMap((s) => s.problems);
  const newerNow = () => [...seen].filter(([, s]) => s.newer).map(([key]) => key);

  /** One sync step (a writer task). */
  async function step() {
    if (!on) return;
    const engine = await engineForStorage({ sync: true });
    const kept = await local.get([EPOCH, DEVICE]);
    let device = kept[DEVICE];
    if (typeof device !== 'string') {
      device = newDevice();
      await local.set({ [DEVICE]: device });
    }
    const opened = await open();
    const stored = await remoteArea.get(null);
    for (const key of [...seen.keys()]) if (!(key in stored)) seen.delete(key);
    // Only the items that changed since they were merged are read (and merged) again.
    const changed = {};
    const unread = new Map();
    for (const [key, value] of Object.entries(stored)) {
      if (!isItem(key) || seen.get(key)?.value === value) continue;
      try {
        changed[key] = await unpack(value);
      } catch (error) {
        console.warn(`Too Soon? could not read the sync item ${key}: ${error?.message ?? error}`);
        unread.set(key, { path: key, code: 'not_sync_item', values: {} });
      }
    }
    const at = await now();
    const since = [...dirty];
    dirty.clear();
    let result;
    try {
      result = engine.syncStep(session.replica, changed, since, device, at, kept[EPOCH] === true);
    } catch (error) {
      drop();
      throw error;
    }
    const read = () => {
      for (const [key, text] of Object.entries(changed)) {
        const problems = result.problems.filter((p) => ofItem(p, key));
        seen.set(key, { value: stored[key], text, problems, newer: result.newer.includes(key) });
      }
      for (const [key, problem] of unread) seen.set(key, { value: stored[key], text: null, problems: [problem], newer: false });
    };
    if (result.refused) {
      drop();
      return report({ problem: { code: 'refused', message: result.refused }, skipped: result.problems });
    }
    if (result.writes) {
      const refused = await write(engine, result.writes);
      if (refused) {
        drop(); // the replica was not written here: read again what was kept
        return report({ problem: { code: 'local', message: refused.message, problems: refused.problems ?? [] }, skipped: skippedNow() });
      }
    }
    try {
      await keep(result.kept, opened);
    } catch (error) {
      drop();
      throw error;
    }
    read();
    await local.remove(EPOCH);
    const skipped = skippedNow();
    const newer = newerNow();
    if (newer.length) return report({ problem: { code: 'newer', message: newer.join(', ') }, skipped });
    const packed = await fit(result.closed);
    if (!packed.fits) {
      return report({ problem: { code: 'too_big', message: String(packed.total) }, local_only: packed.localOnly, skipped });
    }
    const set = {};
    for (const [key, value] of Object.entries(packed.values)) {
      if (stored[key] !== value && seen.get(key)?.text !== packed.texts[key]) set[key] = value;
    }
    const remove = Object.keys(stored).filter((key) => isItem(key) && !(key in packed.values));
    try {
      if (!on) return;
      for (const [key, value] of Object.entries(set)) written.set(key, value);
      if (Object.keys(set).length) await remoteArea.set(set);
      if (remove.length) await remoteArea.remove(remove);
      // What storage.sync holds now is this replica's: not read again.
      for (const [key, value] of Object.entries(set)) seen.set(key, { value, text: packed.texts[key], problems: [], newer: false });
      for (const key of remove) seen.delete(key);
      [backoff, retryAt] = [0, 0];
      api.alarms.clear(RETRY_ALARM).catch(() => {});
      await report({ last_synced: await now(), problem: null, local_only: packed.localOnly, skipped: skipped.slice(0, 20) });
    } catch (error) {
      // storage.sync full, or too many writes: nothing here is lost; try again later.
      // Past the writes allowed a minute or an hour, changes here wait for the retry; when
      // the space is full, the next change (which may free some) tries at once.
      const message = String(error?.message ?? error);
      backoff = Math.min(backoff ? backoff * 2 : FIRST_BACKOFF, LAST_BACKOFF);
      const retry = Date.now() + backoff;
      retryAt = pastWriteRate(message) ? retry : 0;
      api.alarms.create(RETRY_ALARM, { when: retry });
      schedule(backoff);
      // `why`: the page's words for it (the browser's message stays in `message`, in English).
      const why = pastWriteRate(message) ? 'rate' : 'space';
      await report({ problem: { code: 'quota', why, message, retry_ms: backoff, retry_at: retry }, local_only: packed.localOnly, skipped });
    }
  }

  /** Turned off: the synced copy is removed, what is here stays. */
  function turnOff() {
    clearTimeout(timer);
    return writer.enqueue(async () => {
      drop();
      const stored = await remoteArea.get(null);
      const items = Object.keys(stored).filter(isItem);
      if (items.length) await remoteArea.remove(items);
      const all = await local.get(null);
      await local.remove([REPLICA, EPOCH, ...Object.keys(all).filter(isKept)]);
      await local.set({ [STATUS]: { on: false } });
    });
  }

  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync') {
      const theirs = Object.entries(changes).some(([key, change]) => isItem(key) && written.get(key) !== change.newValue);
      if (theirs) schedule(REMOTE_DELAY, true);
      return;
    }
    if (area !== 'local') return;
    if (SETTINGS in changes) {
      const now = changes[SETTINGS].newValue?.on === true;
      if (now !== on) {
        on = now;
        if (on) schedule(0);
        else turnOff().catch((error) => console.warn(`Too Soon? could not turn sync off: ${error?.message ?? error}`));
      }
    }
    const history = Object.keys(changes).filter(isHistory);
    if (session) for (const key of history) dirty.add(key);
    if (history.length) schedule(LOCAL_DELAY);
  });

  api.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETRY_ALARM) schedule(0);
  });

  return {
    /** At every start of the background: a step when sync is on. */
    start: () => loaded.then(() => schedule(0)),
    /** The writer is about to store `writes` (`{set, remove}`): the next step looks at their keys. */
    wrote(writes) {
      if (!session) return; // a session's first step compares every entity
      for (const key of Object.keys(writes.set)) dirty.add(key);
      for (const key of writes.remove) dirty.add(key);
    },
    /** After a change was stored: a delete-all or replace-restore starts an epoch. */
    async changed(message) {
      await loaded;
      if (!on || !startsEpoch(message)) return;
      await local.set({ [EPOCH]: true });
      schedule(LOCAL_DELAY);
    },
  };
}
