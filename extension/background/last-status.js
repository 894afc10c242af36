// The last `status` answer, kept in storage.local so the popup can show it the moment it
// opens, while it asks for a fresh one (popup/early.js). Not in storage.session: that is
// open to content scripts in Chromium (the compose views' mirror, mirror.js), and this is
// every opportunity with its people. It is never part of the history (storage.js leaves it
// out of what the engine reads) and is dropped when the browser starts, as if in memory.
// It is kept as JSON text, which crosses between processes many times faster than the
// same answer as objects. Every change drops it first, so what the popup shows at once is
// at worst out of date by time passing, never by a change; the fresh answer replaces it
// within milliseconds when it differs.
import { LAST_STATUS as KEY } from '../shared/protocol.js';
import { api } from '../shared/runtime.js';

// How many times it was dropped: an answer computed before a drop is never kept after it.
let drops = 0;

// Where an earlier version kept it (storage.session, open to content scripts): gone.
Promise.resolve(api.storage.session?.remove(KEY)).catch(() => {});

/** Keeps `answer` (a `status` answer, just computed) for the popup's next opening. */
export function keepStatus(answer) {
  if (!answer?.ok) return;
  const seen = drops;
  // After the answer is on its way: turning it into text is not on anyone's path.
  setTimeout(() => {
    if (seen !== drops) return;
    api.storage.local.set({ [KEY]: JSON.stringify(answer) }).catch((error) => {
      console.warn(`Too Soon? could not keep the last status: ${error?.message ?? error}`);
    });
  }, 0);
}

/**
 * Forgets the kept answer: before a change is written, again once the engine follows it,
 * and when the browser starts.
 */
export async function dropStatus() {
  drops += 1;
  try {
    await api.storage.local.remove(KEY);
  } catch (error) {
    console.warn(`Too Soon? could not drop the last status: ${error?.message ?? error}`);
  }
}
