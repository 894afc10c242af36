// Reading what is stored. Everything lives in storage.local under schema v1 keys
// (`schema`, `settings`, `opportunity:<id>`, `contact:<id>`, `event:<id>`; see README,
// "Storage"); the engine reads the whole area. Only the background writes (store.js).
const api = globalThis.browser ?? globalThis.chrome;

/** Everything in storage.local, as one object (key → value). */
export async function readStorage() {
  return api.storage.local.get(null);
}

/** Calls `listener(changes)` after anything in storage.local changed. */
export function onStorageChanged(listener) {
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local') listener(changes);
  });
}
