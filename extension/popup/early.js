// Starts the popup's first read while its modules are still loading: the status the
// background kept from its last answer, shown at once (popup.js then asks for a fresh one
// and shows it instead if it says something else). Only when nothing was kept is the
// fresh `status` asked here: asked alongside, it would compete with the first showing
// for the processor. Failures are null here; popup.js then asks again. Shipped bundled
// as a classic script (build.sh), so it runs as soon as the page's head is read.
import { api } from '../shared/runtime.js';
import { LAST_STATUS as KEY, status } from '../shared/protocol.js';

globalThis.tooSoonLastStatus = Promise.resolve(api.storage.local.get(KEY))
  .then((kept) => (typeof kept?.[KEY] === 'string' ? JSON.parse(kept[KEY]) : null))
  .catch(() => null);
globalThis.tooSoonFirstStatus = globalThis.tooSoonLastStatus.then((kept) =>
  kept ? null : api.runtime.sendMessage(status()).catch(() => null),
);
