// The options page's sync section: the opt-in (off by default; the background does the
// syncing, background/sync.js) and what sync last did, as the background reports it.
import { $, h } from '../shared/dom.js';
import { api } from '../shared/runtime.js';
import { plural, t } from '../shared/i18n.js';
import { when } from '../shared/words.js';
import { problemLine, refusal } from '../shared/say.js';
import { SYNC_SETTINGS, SYNC_STATUS } from '../shared/sync-keys.js';

/** The sentences for `status` (as background/sync.js stores it) with sync `on`. */
function lines(on, status) {
  if (!on) return [t('sync_status_off')];
  const first = status?.problem ? t('sync_status_not_yet') : t('sync_status_waiting'); // never synced
  const out = [status?.last_synced ? t('sync_status_synced', when(new Date(status.last_synced))) : first];
  const problem = status?.problem;
  if (problem?.code === 'quota') {
    const why = t(problem.why === 'rate' ? 'sync_quota_rate' : 'sync_quota_space');
    out.push(plural(Math.round((problem.retry_ms ?? 60_000) / 60_000), 'sync_problem_quota', why));
  }
  else if (problem?.code === 'too_big') out.push(t('sync_problem_too_big'));
  else if (problem?.code === 'newer') out.push(t('sync_problem_newer'));
  else if (problem?.code === 'refused' && problem.message === 'not_writable') out.push(t('sync_problem_not_writable'));
  else if (problem) out.push(t('sync_problem_refused', refusal(problem)));
  if (status?.local_only > 0) out.push(plural(status.local_only, 'sync_local_only'));
  return out;
}

function show(items) {
  const on = items[SYNC_SETTINGS]?.on === true;
  const status = items[SYNC_STATUS];
  $('sync-on').checked = on;
  $('sync-on').disabled = false;
  const box = $('sync-status');
  box.replaceChildren(...lines(on, status).map((line) => h('p', {}, line)));
  box.dataset.problem = on ? (status?.problem?.code ?? '') : '';
  box.dataset.localOnly = String(on ? (status?.local_only ?? 0) : 0);
  box.dataset.synced = String(Boolean(on && status?.last_synced));
  const skipped = on ? (status?.skipped ?? []) : [];
  $('sync-skipped-title').hidden = skipped.length === 0;
  $('sync-skipped').replaceChildren(...skipped.map((s) => h('li', {}, problemLine(s))));
}

const refresh = () => api.storage.local.get([SYNC_SETTINGS, SYNC_STATUS]).then(show);

/** Wires the section: the checkbox turns sync on or off; the status follows the background. */
export function wireSync() {
  // Sync's own state, never the history: the one key a page writes itself (docs/protocol.md,
  // "One writer"); the background follows it through storage.onChanged.
  $('sync-on').addEventListener('change', () => api.storage.local.set({ [SYNC_SETTINGS]: { on: $('sync-on').checked } }));
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && (SYNC_SETTINGS in changes || SYNC_STATUS in changes)) refresh();
  });
  return refresh();
}
