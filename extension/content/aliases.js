// The names webmail shows tracked addresses under (Outlook's name-only chips, §3.1 "Name
// vs address"). Learned, through the background, only where the page shows a name and
// an address together: an address typed or pasted into a recipient well that the webmail
// turns into a chip showing a name, a reading-pane header or contact card with both.
// A name-only chip that matches no name or alias but resembles a tracked contact's name
// (resemble.js) is only asked about in the badge ("Is this Carol Partner (Acme)?"); one
// click confirms and stores it. Nothing is assumed silently.
import { api } from '../shared/runtime.js';
import * as protocol from '../shared/protocol.js';
import { isolate, t } from '../shared/words.js';
import { resembling } from './resemble.js';
import { views } from './views.js';

const sent = new Set(); // "address\u0000name" asked of the background from this page

/** Is `name` already one `address` is known under (its contact's name or an alias)? */
const known = (address, name) => views.named(name).includes(address);

/** Stores `name` as an alias of the tracked `address` (once per page; its view read first if need be). */
function learn(address, name) {
  if (address && views.view(address) === undefined) {
    views.load([address]).then(() => views.view(address) !== undefined && learn(address, name));
    return;
  }
  const id = `${address}\u0000${views.nameKey(name)}`;
  if (!name || !address || sent.has(id) || !views.view(address) || known(address, name)) return;
  sent.add(id);
  api.runtime.sendMessage(protocol.learnAlias(address, String(name).trim())).catch(() => sent.delete(id));
}

export const aliases = {
  learn,

  /**
   * A compose's recipients went from `before` to `after`: an address that was there
   * (typed, or a chip showing it) and is gone, while one chip showing only a name
   * appeared, is that name (the webmail resolved what the user typed or pasted).
   */
  typed(before, after) {
    const gone = before.filter((r) => r.address && !after.some((a) => a.address === r.address));
    const named = after.filter((r) => !r.address && r.name && !before.some((b) => !b.address && b.name === r.name));
    if (gone.length === 1 && named.length === 1) learn(gone[0].address, named[0].name);
  },

  /** Names shown with addresses (headers, contact cards): `[{name, address}]`. */
  shown(people) {
    for (const { name, address } of people) {
      const normal = views.normalize(address);
      if (name && normal && views.normalize(name) !== normal) learn(normal, name);
    }
  },

  /**
   * The question for a compose's `recipients`: the first name-only chip matching no
   * tracked name that resembles one, as `{label, confirm()}`; null when there is none.
   * `loaded` is called once the views it needs are read (then ask again).
   */
  question(recipients, loaded) {
    for (const { address, name } of recipients) {
      if (address || !name || views.named(name).length) continue;
      for (const match of resembling(name, views.names())) {
        for (const candidate of views.named(match)) {
          const view = views.view(candidate);
          if (view === undefined) {
            views.load([candidate]).then(loaded);
            continue;
          }
          const contact = view?.contacts?.find((c) => views.nameKey(c.name) === match) ?? view?.contacts?.[0];
          if (!contact) continue;
          const who = contact.company ? `${contact.name} (${contact.company})` : contact.name;
          return { label: t('alias_ask', isolate(who)), confirm: () => learn(candidate, name) };
        }
      }
    }
    return null;
  },
};
