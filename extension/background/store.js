// The one writer. Every change to the history goes through `enqueue`, which runs one
// task at a time in the order they came, so a change is always planned against what the
// changes before it wrote. The engine plans the writes (`{set, remove}`); `commit`
// applies them, and turns a refusal of the browser (storage full…) into an error answer
// rather than dropping the change silently. A change that both sets and removes carries
// a journal (journal.js), so a stop or crash half-way through is finished at the next start.
import { ERROR } from '../shared/contract.js';
import { error as errorAnswer } from '../shared/protocol.js';
import { JOURNAL, journaledSet, needsJournal, rollForward } from './journal.js';

/**
 * A queue that runs async tasks one after the other; each call resolves with its task.
 * The first task waits for `ready` (the recovery at start-up), whether it succeeds or not.
 */
export function createQueue(ready = Promise.resolve(), keepAlive = null) {
  let tail = ready.catch(() => {});
  let pending = 0; // tasks queued or running
  let timer = null;
  const settled = () => {
    pending -= 1;
    if (pending === 0) clearInterval(timer);
  };
  return function enqueue(task) {
    if (keepAlive && pending++ === 0) timer = setInterval(keepAlive, KEEP_ALIVE_MS);
    const run = tail.then(task);
    tail = run.catch(() => {}); // a failed task does not stop the ones after it
    if (keepAlive) run.then(settled, settled);
    return run;
  };
}

/**
 * How often `keepAlive` is called while the writer has work. Firefox stops an event page
 * 30 s after the last event or call into the browser (extensions.background.idle.timeout),
 * even with an answer pending; storage.local's own calls do not count. Storing a restore of
 * 50,000 entries takes longer than that in Firefox.
 */
export const KEEP_ALIVE_MS = 10_000;

/** The error answer for a write the browser refused. */
export function storageFailure(error) {
  const reason = String(error?.message ?? error);
  const full = /quota|space|full/i.test(reason);
  return errorAnswer(
    full ? ERROR.quotaExceeded : ERROR.storageFailed,
    full
      ? `The browser's storage for Too Soon? is full, so nothing was saved (${reason}).`
      : `The browser could not save the change, so nothing was saved (${reason}).`,
  );
}

/**
 * The writer over a storage area (storage.local, or a stand-in in tests). Its first task
 * waits for `ready`: a journal left by a stopped change finished first. `keepAlive()` is
 * called every KEEP_ALIVE_MS while a task is queued or running.
 */
export function createWriter(area, ready, keepAlive = null) {
  const enqueue = createQueue(ready, keepAlive);
  // A journal left by a change whose removes the browser refused: finished before the
  // next change, which could otherwise store again a key the journal still lists.
  let unfinished = false;
  /** Applies `{set, remove}`: null when done, else the error answer. */
  async function commit(writes) {
    try {
      if (unfinished) {
        await rollForward(area);
        unfinished = false;
      }
      if (needsJournal(writes)) {
        await area.set(journaledSet(writes)); // all of it, or nothing
        // From here the change is stored: what storage is read as (the journal finished)
        // is the new history. A refused remove leaves the journal to finish later.
        unfinished = true;
        try {
          await area.remove(writes.remove);
          await area.remove(JOURNAL);
          unfinished = false;
        } catch (error) {
          console.warn(`Too Soon? stored the change; it will remove the old entries later (${error?.message ?? error}).`);
        }
        return null;
      }
      if (Object.keys(writes.set).length > 0) await area.set(writes.set);
      if (writes.remove.length > 0) await area.remove(writes.remove);
      return null;
    } catch (error) {
      return storageFailure(error);
    }
  }
  return { enqueue, commit };
}
