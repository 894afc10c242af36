// Text and dates in the browser's language: every word the extension's pages show comes
// from _locales/<lang>/messages.json through browser.i18n; dates go through Intl in the
// browser's UI language. Elements marked `data-i18n="key"` get that message as text,
// `data-i18n-label="key"` as aria-label.
import { api } from './runtime.js';

export const language = () => api.i18n.getUILanguage?.() || navigator.language || 'en';

const asked = new Map(); // each message with its substitutions is asked of the browser once

/** The message `key` with its substitutions; the key itself when it is missing (visible in tests). */
export function t(key, ...substitutions) {
  const id = substitutions.length ? `${key}\u0000${substitutions.join('\u0000')}` : key;
  let text = asked.get(id);
  if (text === undefined) asked.set(id, (text = api.i18n.getMessage(key, substitutions.map(String)) || key));
  return text;
}

/** Fills every marked element under `root` with its message. */
export function localize(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  document.documentElement.lang = language();
}

let dayFormat = null;
const days = new Map(); // each value is formatted once (a list shows the same days often)

/** "Tue 10 Nov" (in the browser's language) for an RFC 3339 instant or a YYYY-MM-DD date. */
export function day(value) {
  dayFormat ??= new Intl.DateTimeFormat(language(), { weekday: 'short', day: 'numeric', month: 'short' });
  let text = days.get(value);
  if (text === undefined) days.set(value, (text = dayFormat.format(toDate(value))));
  return text;
}

/** A YYYY-MM-DD date is a local calendar date (noon, so no time zone moves it a day). */
function toDate(value) {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);
}
