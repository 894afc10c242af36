// The user's own addresses (settings.own_addresses): messages from them are never logged
// as replies. The webmail pages add the From addresses of their composes by themselves
// (`learn_own_address`); here the user sees the list, adds one (checked by the engine: an
// address, not a tracked contact's) and removes one.
import { $, h } from '../shared/dom.js';
import { send } from '../shared/runtime.js';
import { t } from '../shared/i18n.js';
import { problem, refusal } from '../shared/say.js';
import * as P from '../shared/protocol.js';
import { currentSettings, saveSettings } from './settings.js';

/** Lists the own addresses of the settings shown, each with its Remove button. */
export function showOwnAddresses() {
  const list = currentSettings()?.own_addresses ?? [];
  const items = list.map((address) =>
    h(
      'li',
      {},
      address,
      ' ',
      h('button', { type: 'button', class: 'link', 'aria-label': t('own_addresses_remove', address), onclick: () => remove(address) }, '×'),
    ),
  );
  $('own-address-list').replaceChildren(...(items.length ? items : [h('li', {}, t('own_addresses_none'))]));
}

function remove(address) {
  const list = (currentSettings()?.own_addresses ?? []).filter((a) => a !== address);
  return saveSettings({ own_addresses: list }, $('own-address-result'), t('own_addresses_saved')).then(showOwnAddresses);
}

async function add(event) {
  event.preventDefault();
  const input = $('own-address');
  const result = $('own-address-result');
  const address = input.value.trim();
  // The form is `novalidate`: every problem is worded here, in the extension's language,
  // and the last one never stays beside a new one.
  if (!address.includes('@')) {
    result.textContent = problem({ path: 'address', code: address ? 'not_email' : 'empty', values: { value: address } });
    return;
  }
  result.textContent = '';
  // The list shows the address as the engine stored it (followSettings).
  const answer = await send(P.learnOwnAddress(address));
  if (answer?.ok) {
    input.value = '';
    result.textContent = t('own_addresses_saved');
  } else {
    result.textContent = t('could_not', refusal(answer));
  }
}

export function wireOwnAddresses() {
  $('own-address-form').addEventListener('submit', add);
}
