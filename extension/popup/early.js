// Asks the background for the popup's first `status` at once, while the popup's modules
// are still loading (popup.js takes the answer; a failure there means asking again).
globalThis.tooSoonFirstStatus = (globalThis.browser ?? globalThis.chrome).runtime
  .sendMessage(globalThis.TooSoonProtocol.status())
  .catch(() => null);
