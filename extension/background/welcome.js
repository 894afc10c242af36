// The welcome page opens once, when the extension is installed: never on an update, a
// browser update or a reload (runtime.onInstalled's `reason` tells them apart). Opening
// a tab of the extension's own page needs no permission.
export const WELCOME_PAGE = 'welcome/welcome.html';

/** On `runtime.onInstalled`: opens the welcome page in a new tab on a fresh install only. */
export function welcome(details, api) {
  if (details?.reason !== 'install') return null;
  return api.tabs.create({ url: api.runtime.getURL(WELCOME_PAGE) });
}
