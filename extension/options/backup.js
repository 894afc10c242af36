// Backup (export the whole history as a file) and restore (import a file, merged or
// replacing everything, a replace only after confirming), and the list of what is stored.
import { $, h } from '../shared/dom.js';
import { send } from '../shared/runtime.js';
import { today } from '../shared/time.js';
import { isolate, labelled, list, number, plural, series, t } from '../shared/i18n.js';
import { download } from '../shared/download.js';
import { problemLine, problemLines, refusal } from '../shared/say.js';
import * as P from '../shared/protocol.js';
import { syncIsOn, warnOfSync } from '../shared/sync-keys.js';
import { ERROR, MAX_FILE_BYTES } from '../shared/contract.js';

/** Replaces the children of `list` with one <li> per line, as text. */
function listLines(list, lines) {
  list.replaceChildren(...lines.map((line) => h('li', {}, line)));
}

/** Asks the background for the backup file; downloads it. */
export async function exportBackup() {
  const result = $('export-result');
  result.textContent = t('working');
  const answer = await send(P.exportBackup());
  if (!answer?.ok) {
    result.textContent = t('could_not', refusal(answer));
    return;
  }
  const name = `too-soon-backup-${today()}.json`;
  download(answer.file, name, 'application/json');
  // From storage that cannot be read as a whole: what can be read, and what is wrong.
  const problems = answer.problems ?? [];
  result.textContent = problems.length
    ? plural(answer.left_out?.length ?? problems.length, 'backup_saved_partly', name)
    : t('backup_saved', name, number(answer.file.length));
  listLines($('problems'), problems.map(problemLine));
  document.body.dataset.exported = name;
}

/** What an import answer says, in words: a summary line and the problems, one a line. */
function describe(answer) {
  if (answer?.ok) {
    const { added, skipped } = answer;
    const summary =
      answer.mode === 'replace'
        ? t('restored_replace', number(added), number(skipped), number(answer.replaced), number(answer.removed))
        : added === 0 && skipped > 0
          ? plural(skipped, 'restored_nothing_new')
          : t('restored_merge', number(added), number(skipped));
    const settings = answer.settings
      ? [t('restored_settings')]
      : [answer.settings_kept ? t('restored_settings_kept') : '', answer.own_addresses_added ? plural(answer.own_addresses_added, 'restored_own_added') : ''];
    // Tracked again before this merge: both kept, and said (the page names the companies).
    const alike = answer.look_alike ?? [];
    const twins = alike.length ? plural(alike.length, 'restored_look_alike', list(alike.map(isolate))) : '';
    return { ok: true, summary: [summary, twins, ...settings].filter(Boolean).join(' '), problems: [] };
  }
  const lines = answer?.problems ? problemLines(answer) : [refusal(answer)];
  const summary =
    {
      invalid: t('restore_invalid', plural(lines.length, 'problems')),
      conflict: t('restore_conflict'),
      read_only: t('restore_read_only'),
    }[answer?.code] ?? t('restore_nothing');
  return { ok: false, summary, problems: lines };
}

/**
 * The engine's own answer about a file that cannot reach it as text, given here (its
 * `format::parse_bytes`, as the command line reads a file): one larger than it reads
 * (the browser delivers a message of up to 64 MiB), or one that is not UTF-8 (a
 * decoder that is not strict would put � in place of each name's letters).
 */
const refused = (code, values = {}) => ({ ok: false, code: ERROR.invalid, problems: [{ path: '', code, values }] });

/** A file's text, decoded strictly as UTF-8 (a byte order mark skipped); null when it is not UTF-8. */
async function utf8(file) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return null;
  }
}

/** Sends the file's text to the background and shows what happened. */
async function restore(text, mode, after) {
  $('import-result').textContent = t('working');
  listLines($('problems'), []);
  await report(await send(P.importBackup(text, mode)), after);
}

/** Shows an import's answer, then what is stored (`after`). */
async function report(answer, after) {
  const { ok, summary, problems } = describe(answer);
  $('import-result').textContent = summary;
  $('import-result').dataset.ok = String(ok);
  listLines($('problems'), problems);
  await after();
  document.body.dataset.restores = String(Number(document.body.dataset.restores ?? 0) + 1);
}

/** Wires the restore form; `after` shows what is stored again. */
export function wireRestore(after) {
  let pending = null; // the text of a replace waiting for confirmation
  const closeConfirm = () => {
    pending = null;
    $('confirm').hidden = true;
    $('restore').focus();
  };
  $('import-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = $('file').files[0];
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) return report(refused('too_large', { limit_mb: MAX_FILE_BYTES / 2 ** 20 }), after);
    const text = await utf8(file);
    if (text === null) return report(refused('not_utf8'), after);
    const mode = document.querySelector('input[name="mode"]:checked').value;
    if (mode === 'replace') {
      // A question about an earlier file goes; this file's is asked once it is checked.
      pending = null;
      $('confirm').hidden = true;
      // A file that cannot be restored is said so at once: nothing to ask about.
      $('import-result').textContent = t('working');
      delete $('import-result').dataset.ok;
      listLines($('problems'), []);
      const preview = await send(P.importBackup(text, mode, true));
      if (!preview?.ok) return report(preview, async () => {}); // nothing changed: the list stays
      // The question is about this file: an earlier restore's result would read as its answer.
      $('import-result').textContent = '';
      $('confirm-counts').textContent = t('restore_confirm_counts', number(preview.added), number(preview.replaced), number(preview.removed));
      pending = text;
      warnOfSync($('confirm'), $('confirm-sync'), await syncIsOn().catch(() => true)); // unknown: warned
      $('confirm').hidden = false;
      $('confirm-cancel').focus();
      return;
    }
    await restore(text, mode, after);
  });
  $('confirm-replace').addEventListener('click', async () => {
    const text = pending;
    closeConfirm();
    if (text !== null) await restore(text, 'replace', after);
  });
  $('confirm-cancel').addEventListener('click', closeConfirm);
  $('confirm').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeConfirm();
  });
}

/** Lists what is stored (from the export): each opportunity with its contacts, as text. Returns the file. */
export async function showStored() {
  const answer = await send(P.exportBackup());
  if (!answer?.ok) {
    $('stored-summary').textContent = t('unreadable_detail', refusal(answer));
    $('stored').replaceChildren();
    return null;
  }
  const data = JSON.parse(answer.file);
  const problems = answer.problems ?? [];
  $('stored-summary').textContent = problems.length
    ? t('unreadable_detail', series(problems.map(problemLine)))
    : data.opportunities.length
    ? t(
        'stored_counts',
        plural(data.opportunities.length, 'opportunities'),
        plural(data.contacts.length, 'contacts_count'),
        plural(data.events.length, 'events'),
      )
    : t('stored_nothing');
  const shown = data.opportunities.slice(0, 200).map((o) => {
    const names = data.contacts.filter((c) => c.opportunity === o.id).map((c) => c.name);
    const title = o.role ? t('company_role', o.company, o.role) : o.company;
    return names.length ? labelled(title, list(names)) : title;
  });
  if (data.opportunities.length > shown.length) shown.push(t('and_more', data.opportunities.length - shown.length));
  listLines($('stored'), shown);
  return data;
}
