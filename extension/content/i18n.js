// The content script's own words and dates in the browser's language, from _locales like
// the extension's pages (the engine's sentences stay as the engine writes them).
(function (ns) {
  'use strict';

  const api = globalThis.browser ?? globalThis.chrome;
  let language = 'en';
  try {
    language = api.i18n.getUILanguage() || 'en';
  } catch {
    // The extension was reloaded under the page: English.
  }

  /** The message `key` with its substitutions; the key itself when it is missing. */
  ns.t = (key, ...substitutions) => {
    try {
      return api.i18n.getMessage(key, substitutions.map(String)) || key;
    } catch {
      return key;
    }
  };

  /** "Tue 10 Nov, 09:00" for an RFC 3339 instant or a Date; "Tue 10 Nov" for a YYYY-MM-DD date or with `dayOnly`. */
  ns.when = (value, dayOnly = false) => {
    const day = /^(\d{4})-(\d\d)-(\d\d)$/.exec(typeof value === 'string' ? value : '');
    const date = day ? new Date(+day[1], day[2] - 1, +day[3]) : new Date(value);
    if (Number.isNaN(date.getTime())) return String(value);
    const options = { weekday: 'short', day: 'numeric', month: 'short' };
    if (!day && !dayOnly) Object.assign(options, { hour: '2-digit', minute: '2-digit' });
    return date.toLocaleString(language, options);
  };
})(globalThis.TooSoon);
