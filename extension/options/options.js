// The options page: settings, calendar, backup and restore, delete all data. Everything
// goes through the background's protocol messages (it is the only writer); data is only
// ever shown as text.
import { $ } from '../shared/dom.js';
import { today } from '../shared/time.js';
import { localize, t } from '../shared/i18n.js';
import { refusal } from '../shared/say.js';
import { download } from '../shared/download.js';
import { calendarFile } from '../shared/calendar.js';
import { exportBackup, showStored, wireRestore } from './backup.js';
import { followSettings, showSettings, wireSettings } from './settings.js';
import { showOwnAddresses, wireOwnAddresses } from './own-addresses.js';
import { fillProfileTable } from './profiles.js';
import { wireDeleteAll } from '../shared/delete-all.js';
import { wireSync } from './sync.js';
import { api } from '../shared/runtime.js';
import { ENTITIES } from '../shared/contract.js';

async function refresh() {
  const data = await showStored();
  if (data) {
    showSettings(data.settings);
    showOwnAddresses();
  }
}

/** What is stored is shown again when the history changes elsewhere (the popup, a webmail, sync). */
function followHistory() {
  let timer = null;
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !Object.keys(changes).some((key) => ENTITIES.some((kind) => key.startsWith(`${kind}:`)))) return;
    clearTimeout(timer);
    timer = setTimeout(() => showStored().catch(() => {}), 300);
  });
}

async function exportCalendar() {
  const result = $('calendar-result');
  const answer = await calendarFile();
  if (!answer?.ok) {
    result.textContent = t('could_not', refusal(answer));
    return;
  }
  if (answer.empty) {
    result.textContent = t('calendar_empty');
    return;
  }
  const name = `too-soon-${today()}.ics`;
  download(answer.file, name, 'text/calendar');
  result.textContent = t('calendar_saved', name);
  document.body.dataset.calendar = name;
}

/** Opened from the popup's way out (`#restore`): a restore replacing everything, ready to pick. */
function offerRestore() {
  if (location.hash !== '#restore') return;
  $('mode-replace').checked = true;
  $('import-title').scrollIntoView();
  $('file').focus();
}

localize();
offerRestore();
fillProfileTable($('profile-rows'));
wireSettings();
wireOwnAddresses();
followSettings(showOwnAddresses);
followHistory();
wireRestore(refresh);
wireDeleteAll(refresh);
wireSync();
$('export').addEventListener('click', () => exportBackup().catch((e) => ($('export-result').textContent = String(e))));
$('calendar').addEventListener('click', () => exportCalendar());
refresh()
  .catch((error) => ($('stored-summary').textContent = t('no_start', error?.message ?? String(error))))
  .finally(() => (document.body.dataset.ready = 'true'));
