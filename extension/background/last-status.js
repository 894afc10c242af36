// The last `status` answer, kept in storage.session (memory only: gone when the browser
// closes) so the popup can show it the moment it opens, while it asks for a fresh one
// (popup/early.js). It is kept as JSON text, which crosses between processes many times
// faster than the same answer as objects. Every change drops it first, so what the popup
// shows at once is at worst out of date by time passing, never by a change; the fresh
// answer replaces it within milliseconds when it differs.
import { LAST_STATUS as KEY } from '../shared/protocol.js';

const api = globalThis.browser ?? globalThis.chrome;

// How many times it was dropped: an answer computed before a drop is never kept after it.
let drops = 0;

/** Keeps `answer` (a `status` answer, just computed) for the popup's next opening. */
export function keepStatus(answer) {
  if (!answer?.ok || !api.storage.session) return;
  const seen = drops;
  // After the answer is on its way: turning it into text is not on anyone's path.
  setTimeout(() => {
    if (seen !== drops) return;
    api.storage.session.set({ [KEY]: JSON.stringify(answer) }).catch((error) => {
      console.warn(`Too Soon? could not keep the last status: ${error?.message ?? error}`);
    });
  }, 0);
}

/** Forgets the kept answer: before a change is written, and again once the engine follows it. */
export async function dropStatus() {
  drops += 1;
  try {
    await api.storage.session?.remove(KEY);
  } catch (error) {
    console.warn(`Too Soon? could not drop the last status: ${error?.message ?? error}`);
  }
}
