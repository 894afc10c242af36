// Deleting all data: only after confirming; the background removes everything but the schema.
import { $ as byId } from './dom.js';
import { send } from './runtime.js';
import { t } from './i18n.js';
import { refusal } from './say.js';
import * as P from './protocol.js';
import { syncIsOn, warnOfSync } from './sync-keys.js';

/**
 * Wires the button `<prefix>delete-all`, its confirmation `<prefix>delete-confirm` (with
 * `<prefix>delete-confirm-yes`, `<prefix>delete-cancel`, and `<prefix>delete-confirm-sync`, shown
 * when sync is on: the delete reaches every synced computer) and `<prefix>delete-result`;
 * `after()` shows what is stored again. (The popup's way out uses it too, prefixed.)
 */
export function wireDeleteAll(after, prefix = '') {
  const $ = (id) => byId(`${prefix}${id}`);
  const close = () => {
    $('delete-confirm').hidden = true;
    $('delete-all').focus();
  };
  $('delete-all').addEventListener('click', async () => {
    warnOfSync($('delete-confirm'), $('delete-confirm-sync'), await syncIsOn().catch(() => true)); // unknown: warned
    $('delete-confirm').hidden = false;
    $('delete-cancel').focus();
  });
  $('delete-cancel').addEventListener('click', close);
  $('delete-confirm').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });
  $('delete-confirm-yes').addEventListener('click', async () => {
    $('delete-confirm').hidden = true;
    const answer = await send(P.deleteAll());
    const result = $('delete-result');
    result.textContent = answer?.ok ? t('delete_all_done') : t('could_not', refusal(answer));
    result.dataset.ok = String(Boolean(answer?.ok));
    await after();
    $('delete-all').focus();
    document.body.dataset.deleted = String(Number(document.body.dataset.deleted ?? 0) + 1);
  });
}
