// Starts the popup's first read while its modules are still loading: the status the
// background kept from its last answer, shown at once (popup.js then asks for a fresh one
// and shows it instead if it says something else). Only when nothing was kept is the
// fresh `status` asked here: asked alongside, it would compete with the first showing
// for the processor. Failures are null here; popup.js then asks again.
(function (global) {
  const api = global.browser ?? global.chrome;
  const KEY = global.TooSoonProtocol.LAST_STATUS;
  global.tooSoonLastStatus = Promise.resolve(api.storage.session?.get(KEY))
    .then((kept) => (typeof kept?.[KEY] === 'string' ? JSON.parse(kept[KEY]) : null))
    .catch(() => null);
  global.tooSoonFirstStatus = global.tooSoonLastStatus.then((kept) =>
    kept ? null : api.runtime.sendMessage(global.TooSoonProtocol.status()).catch(() => null),
  );
})(globalThis);
