// The storage.local keys the options page and the background share for sync
// (background/sync.js, options/sync.js), under the prefix the engine leaves aside.
import { PREFIX } from './contract.js';
import { api } from './runtime.js';

/** `{on: boolean}`: sync turned on on this computer (off when absent). */
export const SYNC_SETTINGS = `${PREFIX.sync}settings`;
/** What sync last did: `{on, last_synced, problem, local_only, skipped: [{path, code, values}]}`. */
export const SYNC_STATUS = `${PREFIX.sync}status`;

/** Is sync on on this computer? (A delete-all or a replace then reaches every synced computer.) */
export const syncIsOn = () => api.storage.local.get(SYNC_SETTINGS).then((items) => items[SYNC_SETTINGS]?.on === true);

/**
 * Shows `warning` in the confirmation `dialog` when `on` (sync is on), and makes it the
 * dialog's description then only: a screen reader reads it with the question.
 */
export function warnOfSync(dialog, warning, on) {
  warning.hidden = !on;
  if (on) dialog.setAttribute('aria-describedby', warning.id);
  else dialog.removeAttribute('aria-describedby');
}
