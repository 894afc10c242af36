// The settings: profile, ask before sending, reminders, webmail providers. Each change
// is one put_settings with every setting (the background keeps only what it is sent).
import { PROFILES, PROVIDERS } from '../shared/contract.js';
import { $ } from '../shared/dom.js';
import { send } from '../shared/runtime.js';
import { t } from '../shared/i18n.js';
import { refusal } from '../shared/say.js';
import * as P from '../shared/protocol.js';

let settings = null; // as stored, as the last export showed them (absent fields are defaults)

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

/** Saves `change` merged into the settings; says so in `result`. */
export async function saveSettings(change, result, said) {
  return save(change, result, said);
}

async function save(change, result, said) {
  const answer = await send(P.putSettings({ ...settings, ...change }));
  if (answer?.ok) {
    settings = { ...settings, ...change };
    result.textContent = said;
  } else {
    result.textContent = t('could_not', refusal(answer));
  }
  result.dataset.ok = String(Boolean(answer?.ok));
  showSettings(settings);
  document.body.dataset.settingsSaved = String(Number(document.body.dataset.settingsSaved ?? 0) + 1);
}

export function wireSettings() {
  for (const input of document.querySelectorAll('input[name="profile"]')) {
    input.addEventListener('change', () => {
      save({ profile: input.value }, $('profile-result'), t('profile_saved', t(`profile_${input.value}`)));
    });
  }
  $('notifications').addEventListener('change', () => {
    const on = $('notifications').checked;
    save({ notifications: on }, $('notifications-result'), t(on ? 'notifications_on' : 'notifications_off'));
  });
  $('ask-before-send').addEventListener('change', () => {
    const on = $('ask-before-send').checked;
    save({ ask_before_send: on }, $('ask-result'), t(on ? 'ask_on' : 'ask_off'));
  });
  for (const p of PROVIDERS) {
    $(`provider-${p}`).addEventListener('change', () => {
      const on = $(`provider-${p}`).checked;
      save({ providers: { ...(settings.providers ?? {}), [p]: on } }, $('providers-result'), t(on ? 'provider_on' : 'provider_off', t(`provider_${p}`)));
    });
  }
}
