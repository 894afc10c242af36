// The options page: reminders on or off, backup (export the whole history as a file) and
// restore (import a file, merged or replacing everything). Everything goes through the background's
// protocol messages (it is the only writer); data is only ever shown as text.
const api = globalThis.browser ?? globalThis.chrome;
const Protocol = globalThis.TooSoonProtocol;
const $ = (id) => document.getElementById(id);

const send = (message) => api.runtime.sendMessage(message);

function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** Replaces the children of `list` with one <li> per line, as text. */
function listLines(list, lines) {
  list.replaceChildren(
    ...lines.map((line) => {
      const item = document.createElement('li');
      item.textContent = line;
      return item;
    }),
  );
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Asks the background for the backup file; downloads it through an <a download>. */
async function exportBackup() {
  const result = $('export-result');
  result.textContent = 'Exporting…';
  const answer = await send(Protocol.exportBackup());
  if (!answer?.ok) {
    result.textContent = `Could not export: ${answer?.message ?? 'no answer'}`;
    return;
  }
  const name = `too-soon-backup-${today()}.json`;
  const url = URL.createObjectURL(new Blob([answer.file], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  result.textContent = `Saved ${name} (${answer.file.length.toLocaleString('en')} characters).`;
  document.body.dataset.exported = name;
}

/** What an import answer says, in words: a summary line and the problems, one a line. */
function describe(answer) {
  if (answer?.ok) {
    const parts = [`${answer.added} added`, `${answer.skipped} already there`];
    if (answer.mode === 'replace') parts.push(`${answer.replaced} replaced`, `${answer.removed} removed`);
    return { ok: true, summary: `Restored: ${parts.join(', ')}.`, problems: [] };
  }
  const lines = String(answer?.message ?? 'no answer from the background')
    .split('\n')
    .filter((line) => !line.startsWith('nothing was imported:'));
  const summary = {
    invalid: `Nothing was restored: the file has ${plural(lines.length, 'problem')}.`,
    conflict: 'Nothing was restored: some entries conflict with what is stored. Use "Replace" to take the file\'s version.',
    read_only: 'Nothing was restored: your history was saved by a newer version of Too Soon?.',
  }[answer?.code] ?? 'Nothing was restored.';
  return { ok: false, summary, problems: lines };
}

/** Sends the file's text to the background and shows what happened. */
async function restore(text, mode) {
  $('import-result').textContent = 'Restoring…';
  listLines($('problems'), []);
  const answer = await send(Protocol.importBackup(text, mode)).catch((error) => ({
    ok: false,
    message: String(error?.message ?? error),
  }));
  const { ok, summary, problems } = describe(answer);
  $('import-result').textContent = summary;
  $('import-result').dataset.ok = String(ok);
  listLines($('problems'), problems);
  await showStored();
  document.body.dataset.restores = String(Number(document.body.dataset.restores ?? 0) + 1);
}

let pending = null; // the text of a replace waiting for confirmation

async function submit(event) {
  event.preventDefault();
  const file = $('file').files[0];
  if (!file) return;
  const text = await file.text();
  const mode = document.querySelector('input[name="mode"]:checked').value;
  if (mode === 'replace') {
    pending = text;
    $('confirm').hidden = false;
    $('confirm-cancel').focus();
    return;
  }
  await restore(text, mode);
}

function closeConfirm() {
  pending = null;
  $('confirm').hidden = true;
  $('restore').focus();
}

async function confirmReplace() {
  const text = pending;
  closeConfirm();
  if (text !== null) await restore(text, 'replace');
}

let settings = null; // the stored settings, as the last export showed them

/** Shows the stored settings' reminders switch. */
function showSettings(stored) {
  settings = { profile: 'balanced', ...stored };
  const box = $('notifications');
  box.checked = settings.notifications !== false;
  box.disabled = false;
}

/** Turns reminders on or off (put_settings keeps the other settings as they are). */
async function saveNotifications() {
  const box = $('notifications');
  const result = $('notifications-result');
  const wanted = box.checked;
  box.disabled = true;
  const answer = await send(Protocol.putSettings({ ...settings, notifications: wanted })).catch((error) => ({
    ok: false,
    message: String(error?.message ?? error),
  }));
  if (answer?.ok) {
    settings = { ...settings, notifications: wanted };
    result.textContent = wanted ? 'Reminders are on.' : 'Reminders are off.';
  } else {
    box.checked = !wanted;
    result.textContent = `Could not save: ${answer?.message ?? 'no answer'}`;
  }
  result.dataset.ok = String(Boolean(answer?.ok));
  box.disabled = false;
  document.body.dataset.settingsSaved = String(Number(document.body.dataset.settingsSaved ?? 0) + 1);
}

/** Lists what is stored (from the export): each opportunity with its contacts, as text. */
async function showStored() {
  const answer = await send(Protocol.exportBackup());
  if (!answer?.ok) {
    $('stored-summary').textContent = `The stored history could not be read: ${answer?.message ?? 'no answer'}`;
    $('stored').replaceChildren();
    return;
  }
  const data = JSON.parse(answer.file);
  showSettings(data.settings);
  $('stored-summary').textContent = data.opportunities.length
    ? `${plural(data.opportunities.length, 'opportunity', 'opportunities')}, ${plural(data.contacts.length, 'contact')}, ${plural(data.events.length, 'event')}.`
    : 'Nothing is stored yet.';
  const shown = data.opportunities.slice(0, 200).map((o) => {
    const names = data.contacts.filter((c) => c.opportunity === o.id).map((c) => c.name);
    const role = o.role ? ` — ${o.role}` : '';
    return names.length ? `${o.company}${role}: ${names.join(', ')}` : `${o.company}${role}`;
  });
  if (data.opportunities.length > shown.length) shown.push(`… and ${data.opportunities.length - shown.length} more`);
  listLines($('stored'), shown);
}

$('export').addEventListener('click', () => exportBackup().catch((e) => ($('export-result').textContent = String(e))));
$('import-form').addEventListener('submit', submit);
$('notifications').addEventListener('change', () => saveNotifications());
$('confirm-replace').addEventListener('click', confirmReplace);
$('confirm-cancel').addEventListener('click', closeConfirm);
$('confirm').addEventListener('keydown', (event) => {
  if (event.key === 'Escape') closeConfirm();
});
showStored()
  .catch((error) => ($('stored-summary').textContent = `Too Soon? could not start: ${error?.message ?? error}`))
  .finally(() => (document.body.dataset.ready = 'true'));
