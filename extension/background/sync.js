// Opt-in sync through the browser's own storage.sync (docs/sync.md). Off by default: then
// nothing is ever written to storage.sync. On, storage.local stays the source of truth
// for the pages: each step (one writer task) hands the engine what storage.sync holds
// and the replica of the last step; the engine records what changed here as new stamped
// versions, merges, and plans the local writes like any other change (the published
// views with them), which go through the writer. Then the merged replica is packed,
// compressed (sync-pack.js), fitted into storage.sync's limits (closed opportunities,
// the oldest first, stay here when it does not fit) and only the items that changed are
// written. A refused write (storage.sync full, or too many writes a minute or an hour)
// backs off: an alarm retries after a minute, doubling up to an hour (past the write
// rate, changes made here meanwhile wait for it); it is reported on the options page;
// nothing local is lost.
//
// Kept in storage.local (never part of the history, kept by "delete everything", which
// must reach the other computers): `sync:settings` {on}, `sync:device` (this computer's
// id), `sync:replica` (the last step's items), `sync:epoch` (a delete-all or
// replace-restore to send), `sync:status` (what the options page shows).
import { syncPack } from '../engine/too_soon.js';
import { ENTITIES, KEY, MESSAGE, PREFIX, SYNC } from '../shared/contract.js';
import { SYNC_SETTINGS as SETTINGS, SYNC_STATUS as STATUS } from '../shared/sync-keys.js';
import { cost, pack, unpack } from './sync-pack.js';

const DEVICE = `${PREFIX.sync}device`;
const REPLICA = `${PREFIX.sync}replica`;
const EPOCH = `${PREFIX.sync}epoch`;

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
/** Does a change of storage.local under `key` change the history? */
const isHistory = (key) => key === KEY.settings || ENTITIES.some((kind) => key.startsWith(`${kind}:`));
/** Does this change start a new epoch (everything here replaced)? */
const startsEpoch = (message) => message?.type === MESSAGE.deleteAll || (message?.type === MESSAGE.import && message?.mode === 'replace');

function newDevice() {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return [...bytes].map((b) => (b % 36).toString(36)).join('');
}

/**
 * Sync over `api.storage`: `writer` the one writer, `engineForStorage`, `write(engine,
 * writes)` main.js's (null when stored, else the error answer), `now()`.
 */
export function createSync({ api, writer, engineForStorage, write, now }) {
  const local = api.storage.local;
  const remoteArea = api.storage.sync;
  let on = false;
  let timer = null;
  let backoff = 0;
  let retryAt = 0; // after a refusal: no write before this (Date.now() ms), whatever changes
  const written = new Map(); // item → value this computer wrote last: its own onChanged

  const loaded = local.get([SETTINGS, STATUS]).then(
    (items) => {
      on = items?.[SETTINGS]?.on === true;
      const problem = items?.[STATUS]?.problem;
      if (problem?.code === 'quota') [backoff, retryAt] = [problem.retry_ms ?? 0, /MAX_WRITE_OPERATIONS/.test(problem.message) ? (problem.retry_at ?? 0) : 0];
    },
    () => {},
  );

  async function report(status) {
    await local.set({ [STATUS]: { on, ...status } });
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

  /** Packs `base` with `closedKept` closed opportunities; sizes and values. */
  async function attempt(base, closedKept, maxText) {
    const items = syncPack(base, closedKept, maxText);
    const values = {};
    const texts = {};
    let total = 0;
    let largest = 0;
    for (const { key, text } of items) {
      values[key] = await pack(text);
      texts[key] = text;
      const size = cost(key, values[key]);
      total += size;
      largest = Math.max(largest, size);
    }
    const fits = total <= QUOTA_BYTES && largest <= QUOTA_BYTES_PER_ITEM && items.length <= MAX_ITEMS;
    return { values, texts, total, largest, fits };
  }

  /** The items that fit, keeping as many closed opportunities (newest first) as fit. */
  async function fit(base, closed) {
    let maxText = ITEM_TEXT;
    let all = await attempt(base, closed, maxText);
    while (all.largest > QUOTA_BYTES_PER_ITEM && maxText > 1_500) {
      maxText = Math.floor(maxText / 2);
      all = await attempt(base, closed, maxText);
    }
    if (all.fits) return { ...all, localOnly: 0 };
    let best = await attempt(base, 0, maxText);
    if (!best.fits) return { ...best, localOnly: closed };
    let kept = 0;
    for (let low = 1, high = closed - 1; low <= high; ) {
      const middle = Math.floor((low + high) / 2);
      const tried = await attempt(base, middle, maxText);
      if (tried.fits) {
        best = tried;
        kept = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return { ...best, localOnly: closed - kept };
  }

  /** One sync step (a writer task). */
  async function step() {
    if (!on) return;
    const engine = await engineForStorage();
    const kept = await local.get([REPLICA, EPOCH, DEVICE]);
    let device = kept[DEVICE];
    if (typeof device !== 'string') {
      device = newDevice();
      await local.set({ [DEVICE]: device });
    }
    const stored = await remoteArea.get(null);
    const remote = {};
    const skipped = [];
    for (const [key, value] of Object.entries(stored)) {
      if (!isItem(key)) continue;
      try {
        remote[key] = await unpack(value);
      } catch (error) {
        skipped.push(`${key}: ${error?.message ?? error}`);
      }
    }
    const result = engine.syncStep(kept[REPLICA] ?? null, remote, device, await now(), kept[EPOCH] === true);
    skipped.push(...result.problems.map((p) => `${p.path}: ${p.message}`));
    if (result.refused) return report({ problem: { code: 'refused', message: result.refused }, skipped });
    if (result.writes) {
      const refused = await write(engine, result.writes);
      if (refused) return report({ problem: { code: 'local', message: refused.message }, skipped });
    }
    await local.set({ [REPLICA]: result.base });
    await local.remove(EPOCH);
    if (result.newer.length) {
      return report({ problem: { code: 'newer', message: result.newer.join(', ') }, skipped });
    }
    const packed = await fit(result.base, result.closed);
    if (!packed.fits) {
      return report({ problem: { code: 'too_big', message: String(packed.total) }, local_only: packed.localOnly, skipped });
    }
    const set = {};
    for (const [key, value] of Object.entries(packed.values)) {
      if (stored[key] !== value && remote[key] !== packed.texts[key]) set[key] = value;
    }
    const remove = Object.keys(stored).filter((key) => isItem(key) && !(key in packed.values));
    try {
      if (!on) return;
      for (const [key, value] of Object.entries(set)) written.set(key, value);
      if (Object.keys(set).length) await remoteArea.set(set);
      if (remove.length) await remoteArea.remove(remove);
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
      retryAt = /MAX_WRITE_OPERATIONS/.test(message) ? retry : 0;
      api.alarms.create(RETRY_ALARM, { when: retry });
      schedule(backoff);
      await report({ problem: { code: 'quota', message, retry_ms: backoff, retry_at: retry }, local_only: packed.localOnly, skipped });
    }
  }

  /** Turned off: the synced copy is removed, what is here stays. */
  function turnOff() {
    clearTimeout(timer);
    return writer.enqueue(async () => {
      const stored = await remoteArea.get(null);
      const items = Object.keys(stored).filter(isItem);
      if (items.length) await remoteArea.remove(items);
      await local.remove([REPLICA, EPOCH]);
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
    if (Object.keys(changes).some(isHistory)) schedule(LOCAL_DELAY);
  });

  api.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETRY_ALARM) schedule(0);
  });

  return {
    /** At every start of the background: a step when sync is on. */
    start: () => loaded.then(() => schedule(0)),
    /** After a change was stored: a delete-all or replace-restore starts an epoch. */
    async changed(message) {
      await loaded;
      if (!on || !startsEpoch(message)) return;
      await local.set({ [EPOCH]: true });
      schedule(LOCAL_DELAY);
    },
  };
}
