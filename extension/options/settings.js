// The settings: profile, ask before sending, reminders, webmail providers. Each change
// is one put_settings with the one setting changed (the engine keeps the others as
// stored), and the page follows the stored settings: a webmail learns the user's address
// and sync merges another computer's settings while the page is open.
import { KEY, PROFILES, PROVIDERS } from '../shared/contract.js';
import { $ } from '../shared/dom.js';
import { api, send } from '../shared/runtime.js';
import { t } from '../shared/i18n.js';
import { refusal } from '../shared/say.js';
import * as P from '../shared/protocol.js';

let settings = null; // as stored (absent fields are defaults)

/** Shows the stored settings. */
export function showSettings(stored) {
  settings = { profile: 'balanced', ...stored };
  for (const input of document.querySelectorAll('input[name="profile"]')) input.checked = input.value === settings.profile;
  $('profile').disabled = false;
  $('notifications').checked = settings.notifications !== false;
  $('notifications').disabled = false;
  $('ask-before-send').checked = Boolean(settings.ask_before_send);
  $('ask-before-send').disabled = false;
  for (const p of PROVIDERS) $(`provider-${p}`).checked = settings.providers?.[p] !== false;
  $('providers').disabled = false;
  for (const col of PROFILES) {
    $(`col-${col}`).classList.toggle('chosen', col === settings.profile);
  }
}

/** The settings as shown. */
export const currentSettings = () => settings;

/** Saves `change` (some of the settings); says so in `result`. */
export async function saveSettings(change, result, said) {
  const answer = await send(P.putSettings(change));
  if (answer?.ok) {
    settings = { ...settings, ...change, ...(change.providers && { providers: { ...settings.providers, ...change.providers } }) };
    result.textContent = said;
  } else {
    result.textContent = t('could_not', refusal(answer));
  }
  result.dataset.ok = String(Boolean(answer?.ok));
  showSettings(settings);
  document.body.dataset.settingsSaved = String(Number(document.body.dataset.settingsSaved ?? 0) + 1);
}

/** Shows the settings again whenever they are stored (`then` after each). */
export function followSettings(then) {
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(KEY.settings in changes)) return;
    showSettings(changes[KEY.settings].newValue ?? {});
    then();
  });
}

export function wireSettings() {
  for (const input of document.querySelectorAll('input[name="profile"]')) {
    input.addEventListener('change', () => {
      saveSettings({ profile: input.value }, $('profile-result'), t('profile_saved', t(`profile_${input.value}`)));
    });
  }
  $('notifications').addEventListener('change', () => {
    const on = $('notifications').checked;
    saveSettings({ notifications: on }, $('notifications-result'), t(on ? 'notifications_on' : 'notifications_off'));
  });
  $('ask-before-send').addEventListener('change', () => {
    const on = $('ask-before-send').checked;
    saveSettings({ ask_before_send: on }, $('ask-result'), t(on ? 'ask_on' : 'ask_off'));
  });
  for (const p of PROVIDERS) {
    $(`provider-${p}`).addEventListener('change', () => {
      const on = $(`provider-${p}`).checked;
      saveSettings({ providers: { [p]: on } }, $('providers-result'), t(on ? 'provider_on' : 'provider_off', t(`provider_${p}`)));
    });
  }
}
