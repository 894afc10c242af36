// Reading what is stored. Everything lives in storage.local under the schema's keys
// (`schema`, `settings`, `opportunity:<id>`, `contact:<id>`, `event:<id>`, …; see
// docs/protocol.md, "Storage"); the engine reads the whole area. Only the background
// writes the history (store.js); sync's state and the popup's last status are aside.
// A change that was stopped half-way is finished (journal.js) before anything is read.
import { PREFIX } from '../shared/contract.js';
import { LAST_STATUS } from '../shared/protocol.js';
import { JOURNAL, finished, rollForward } from './journal.js';
import { api } from '../shared/runtime.js';

/** At every start of the background: a journal left by a stopped change, finished. */
export const recovered = rollForward(api.storage.local).catch((error) => {
  console.warn(`Too Soon? could not finish an interrupted change: ${error?.message ?? error}`);
});

/** Everything in storage.local, as one object (key → value), as the engine sees it. */
export async function readStorage() {
  await recovered;
  const items = finished(await api.storage.local.get(null));
  delete items[LAST_STATUS];
  return items;
}

/**
 * Not part of what the engine reads: the journal, sync's own state (background/sync.js),
 * the popup's last status (last-status.js).
 */
const aside = (key) => key === JOURNAL || key === LAST_STATUS || key.startsWith(PREFIX.sync);

/** Calls `listener(changes)` after anything in storage.local changed (the journal and sync's state left out). */
export function onStorageChanged(listener) {
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (!Object.keys(changes).some(aside)) {
      listener(changes);
      return;
    }
    const rest = Object.fromEntries(Object.entries(changes).filter(([key]) => !aside(key)));
    if (Object.keys(rest).length) listener(rest);
  });
}
