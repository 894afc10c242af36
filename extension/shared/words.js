// Words and dates in the browser's language, the same in every context: the extension's
// pages (through shared/i18n.js) and the content scripts. Every word comes from
// _locales/<lang>/messages.json through browser.i18n; dates go through Intl in the
// browser's UI language. The engine's data is worded by shared/say.js.
import { api } from './runtime.js';

/**
 * The language of the words shown (a BCP 47 tag): the catalogue's own `language`, the one
 * the browser chose its messages from, so dates never come in another language than the
 * words around them; with the browser's region when its UI language is the same ("de-AT").
 */
export const language = (() => {
  try {
    const words = api.i18n.getMessage('language');
    const ui = api.i18n.getUILanguage?.() || globalThis.navigator?.language || '';
    if (!words) return ui || 'en';
    return ui.split('-')[0].toLowerCase() === words ? ui : words;
  } catch {
    return 'en'; // the extension was reloaded under a webmail page
  }
})();

const asked = new Map(); // each message with its substitutions is asked of the browser once

/**
 * `text` with no second full stop after a word's own ("bis Mo., 7. Dez.", never "Dez..":
 * a date that ends in an abbreviation, at the end of a sentence).
 */
export const oneStop = (text) => text.replace(/(\p{L})\.\.(?!\.)/gu, '$1.');

/** The message `key` with its substitutions; the key itself when it is missing (visible in tests). */
export function t(key, ...substitutions) {
  const id = substitutions.length ? `${key}\u0000${substitutions.join('\u0000')}` : key;
  let text = asked.get(id);
  if (text === undefined) {
    try {
      text = oneStop(api.i18n.getMessage(key, substitutions.map(String)) || key);
    } catch {
      return key; // the extension was reloaded under a webmail page
    }
    asked.set(id, text);
  }
  return text;
}

/**
 * The plural form of message `key` for the count `n` under `rules` (an Intl.PluralRules):
 * `<key>_one` or `<key>_other`, the two forms every counted message has in each catalogue.
 */
export const pluralForm = (rules, n, key) => `${key}_${rules.select(n) === 'one' ? 'one' : 'other'}`;

let counting; // made on first use: most webmail pages never count anything
const counts = () => (counting ??= { rules: new Intl.PluralRules(language), digits: new Intl.NumberFormat(language) });

/** `n` in the language's digits ("1,194", "1.194", "1 194"). */
export const number = (n) => counts().digits.format(n);

/**
 * The message `key` in its form for the count `n` (`_one` "1 day" or `_other` "2 days",
 * as the language's plural rules choose; French counts 0 as one too), with `n` written in
 * the language's digits ("54.000") as its `$1` and `more` as `$2`….
 */
export function plural(n, key, ...more) {
  return t(pluralForm(counts().rules, n, key), number(n), ...more);
}

/**
 * "People: Sam": `label`, the language's colon and `value` (French puts a no-break space
 * before the colon). Without `value`, the label and its colon, for elements to follow.
 */
export const labelled = (label, value = '') => t('labelled', label, value);

/** Names or words as a list in the language ("Dana, Sam and Pat"): Intl's, no comma written here. */
let lists = null; // made on first use
export function list(items) {
  lists ??= new Intl.ListFormat(language, { type: 'conjunction' });
  return lists.format(items);
}

/**
 * Nodes (or text) listed the same way: the nodes with Intl's words between them, chosen
 * for their text (Spanish "María e Isabel").
 */
export function listed(nodes) {
  lists ??= new Intl.ListFormat(language, { type: 'conjunction' });
  let next = 0;
  const texts = nodes.map((node) => (typeof node === 'string' ? node : node.textContent));
  return lists.formatToParts(texts).map((part) => (part.type === 'element' ? nodes[next++] : part.value));
}

/** The catalogue's message `key` around `node` (its `$1`; `more` its `$2`…): the text before, the node, the text after. */
export function around(key, node, ...more) {
  const [before, after = ''] = t(key, '\u0001', ...more).split('\u0001');
  return [before, node, after];
}

/**
 * Items that may hold commas (titles, sentences) one after the other, with the
 * language's semicolon: "“A”; “B”" (French "« A » ; « B »").
 */
export function series(items) {
  const two = t('series', '\u0001', '\u0002'); // the catalogue's "$1; $2": what goes between
  return items.join(two.slice(two.indexOf('\u0001') + 1, two.indexOf('\u0002')));
}

const DAY = { weekday: 'short', day: 'numeric', month: 'short' };
const formats = new Map(); // per language, made on first use: most webmail pages never show a date
const format = (lang, kind) => {
  if (!formats.has(lang)) {
    formats.set(lang, {
      day: new Intl.DateTimeFormat(lang, DAY),
      time: new Intl.DateTimeFormat(lang, { ...DAY, hour: '2-digit', minute: '2-digit' }),
    });
  }
  return formats.get(lang)[kind];
};
const written = new Map(); // each date is written once (a list shows the same days often)

/**
 * "Tue 10 Nov, 09:00" for an RFC 3339 instant (or a Date); "Tue 10 Nov" for a YYYY-MM-DD
 * date (a local calendar date), or for an instant with `dayOnly`; in `lang` (the
 * browser's language by default). Not a date: as given. No space inside a date breaks a
 * line (only the one before its time), and French writes the first of a month "1er".
 */
export function when(value, dayOnly = false, lang = language) {
  const id = `${lang}|${dayOnly ? 'd' : 't'}${value instanceof Date ? value.getTime() : value}`;
  let text = written.get(id);
  if (text === undefined) {
    const ymd = /^(\d{4})-(\d\d)-(\d\d)$/.exec(typeof value === 'string' ? value : '');
    const date = ymd ? new Date(+ymd[1], ymd[2] - 1, +ymd[3]) : new Date(value);
    if (Number.isNaN(date.getTime())) return String(value);
    text = format(lang, ymd || dayOnly ? 'day' : 'time')
      .formatToParts(date)
      .map(({ type, value }, i, parts) => {
        if (type === 'day' && value === '1' && lang.startsWith('fr')) return '1er'; // le 1er janvier
        // One date never wraps inside itself; a line may break before its time.
        return type === 'literal' && parts[i + 1]?.type !== 'hour' ? value.replace(/ /g, '\u00a0') : value;
      })
      .join('');
    written.set(id, text);
  }
  return text;
}

/** "Tue 10 Nov": the day of an instant or a YYYY-MM-DD date. */
export const day = (value) => when(value, true);

/**
 * `text` (a name, an address: data put into a sentence) between U+2068 FIRST STRONG
 * ISOLATE and U+2069 POP DIRECTIONAL ISOLATE: its direction is its own, and no
 * right-to-left text or override (U+202E) in it can reorder the sentence around it.
 */
export const isolate = (text) => `\u2068${text}\u2069`;

// Rust's White_Space (char::is_whitespace, what text::single_spaced splits on): JavaScript's
// \s differs (it holds U+FEFF, not U+0085), and a name keyed otherwise would not be found.
const SPACES = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

/** `text`'s words with one space between them, as the engine's text::single_spaced writes them. */
export const singleSpaced = (text) => String(text ?? '').replace(SPACES, ' ').replace(/^ | $/g, '');

/** A name as the engine's name index keys it (storage/views.rs: single-spaced, lower-cased). */
export const nameKey = (name) => singleSpaced(name).toLowerCase();

/** Text as a search or a comparison sees it: lower case, without accents ("Société" is "societe"), trimmed. */
export const folded = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase().trim();

/**
 * Text as the popup's search sees it: `folded`, and German umlauts however they are
 * spelled ("Müller", "Mueller" and "Muller" are "muller"; "ß" is "ss"). For finding only:
 * it may join words that differ ("Joe", "Jo"), so never to tell two names apart.
 */
export const searchKey = (text) => folded(text.replace(/ß/g, 'ss')).replace(/([aou])e/g, '$1');

/**
 * A suggested moment as people read it: its day ("Wed 9 Dec") when it is the start of a
 * day or of a business morning (00:00, 09:00 local), with its time only where the time
 * matters ("Tue 1 Dec, 14:00": a thank-you window closing).
 */
export function moment(value, timed = null) {
  const date = new Date(value);
  const plain = [0, 9].includes(date.getHours()) && date.getMinutes() === 0;
  return when(value, timed === null ? plain : !timed);
}
