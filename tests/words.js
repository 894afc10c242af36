// The extension's words outside the browser: a catalogue file read as the browser reads
// it, and shared/say.js over it (the e2e tests word what the engine answered, as the
// badge does; the unit tests render every message in every language).
import { readFileSync, readdirSync } from 'node:fs';
import { sayer } from '../extension/shared/say.js';

const LOCALES = new URL('../extension/_locales/', import.meta.url);

/** Every language of the extension. */
export const languages = () => readdirSync(LOCALES).sort();

/** A language's `messages.json`. */
export const catalogue = (lang) => JSON.parse(readFileSync(new URL(`${lang}/messages.json`, LOCALES), 'utf8'));

/** shared/say.js in language `lang` (its catalogue, its Intl formats). */
export function sayIn(lang, tag = lang) {
  const messages = catalogue(lang);
  return sayer((key) => messages[key]?.message ?? '', tag);
}

/** The English words, as a browser set to en-US shows them. */
export const english = sayIn('en', 'en-US');
