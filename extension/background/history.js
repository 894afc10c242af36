// Where the user's history lives: one key in storage.local, in the engine's file format.
// (Provisional shape: the storage issue brings schema v1, migrations and one writer.)
const api = globalThis.browser ?? globalThis.chrome;
export const HISTORY_KEY = 'history';

export async function readHistory() {
  const stored = await api.storage.local.get(HISTORY_KEY);
  return stored[HISTORY_KEY];
}

export function onHistoryChanged(listener) {
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && HISTORY_KEY in changes) listener();
  });
}
