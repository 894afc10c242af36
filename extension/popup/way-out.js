// The way out when the stored history cannot be read (`data_unreadable`): the popup says
// so plainly and offers to export what can be read, to restore a backup replacing
// everything (on the options page: a file picker closes a popup), and to delete
// everything (after confirming). Nothing here reads storage itself.
import { $, h } from '../shared/dom.js';
import { api, send } from '../shared/runtime.js';
import { plural, t } from '../shared/i18n.js';
import { problemLines, refusal } from '../shared/say.js';
import { today } from '../shared/time.js';
import { download } from '../shared/download.js';
import { wireDeleteAll } from '../shared/delete-all.js';
import * as P from '../shared/protocol.js';

/** Shows the way out for a `data_unreadable` answer (the problems found). */
export function showWayOut(answer) {
  const lines = problemLines(answer);
  $('way-out-problems').replaceChildren(...lines.map((line) => h('li', {}, line)));
  $('way-out-details').hidden = !lines.length;
  $('way-out').hidden = false;
}

export function hideWayOut() {
  $('way-out').hidden = true;
  $('way-out-delete-confirm').hidden = true;
}

/** Wires the three offers; `after()` reads and shows everything again. */
export function wireWayOut(after) {
  const result = (text) => ($('way-out-result').textContent = text);
  $('way-out-export').addEventListener('click', async () => {
    result(t('working'));
    const answer = await send(P.exportBackup());
    if (!answer?.ok) {
      result(t('could_not', refusal(answer)));
      return;
    }
    const name = `too-soon-backup-${today()}.json`;
    download(answer.file, name, 'application/json');
    const left = answer.left_out?.length ?? answer.problems?.length ?? 0;
    result(plural(left, 'way_out_exported', name));
    document.body.dataset.exported = name;
  });
  $('way-out-restore').addEventListener('click', async () => {
    await api.tabs.create({ url: api.runtime.getURL('options/options.html#restore') });
    window.close();
  });
  // Delete everything: the options page's danger zone, with the popup's own elements.
  wireDeleteAll(async () => {
    await after();
    if ($('way-out').hidden) $('first-track')?.focus(); // else still unreadable: the answer says why
  }, 'way-out-');
}
