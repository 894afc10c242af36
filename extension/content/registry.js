// The content script's namespace: provider adapters register here, main.js picks one.
// Each adapter only translates a webmail page's DOM (compose windows, recipients, the
// Send button) and holds no policy and no storage.
globalThis.TooSoon = { providers: [] };
