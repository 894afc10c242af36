// The one writer. Every change to storage.local goes through `enqueue`, which runs one
// task at a time in the order they came, so a change is always planned against what the
// changes before it wrote. The engine plans the writes (`{set, remove}`); `commit`
// applies them, and turns a refusal of the browser (storage full…) into an error answer
// rather than dropping the change silently.
import '../shared/protocol.js';

/** A queue that runs async tasks one after the other; each call resolves with its task. */
export function createQueue() {
  let tail = Promise.resolve();
  return function enqueue(task) {
    const run = tail.then(task);
    tail = run.catch(() => {}); // a failed task does not stop the ones after it
    return run;
  };
}

/** The error answer for a write the browser refused. */
export function storageFailure(error) {
  const reason = String(error?.message ?? error);
  const full = /quota|space|full/i.test(reason);
  return globalThis.TooSoonProtocol.error(
    full ? 'quota_exceeded' : 'storage_failed',
    full
      ? `The browser's storage for Too Soon? is full, so nothing was saved (${reason}).`
      : `The browser could not save the change, so nothing was saved (${reason}).`,
  );
}

/** The writer over a storage area (storage.local, or a stand-in in tests). */
export function createWriter(area) {
  const enqueue = createQueue();
  /** Applies `{set, remove}`: null when done, else the error answer. */
  async function commit(writes) {
    try {
      if (Object.keys(writes.set).length > 0) await area.set(writes.set);
      if (writes.remove.length > 0) await area.remove(writes.remove);
      return null;
    } catch (error) {
      return storageFailure(error);
    }
  }
  return { enqueue, commit };
}
