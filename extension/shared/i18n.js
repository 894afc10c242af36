// Words and dates for the extension's pages: shared/words.js (the same words the content
// scripts use), and `localize` for the pages' own markup: elements marked
// `data-i18n="key"` get that message as text, `data-i18n-label="key"` as aria-label.
import { language, t } from './words.js';

export { around, day, folded, isolate, labelled, list, listed, number, plural, searchKey, series, t } from './words.js';

/** Fills every marked element under `root` with its message. */
export function localize(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  document.documentElement.lang = language;
}
