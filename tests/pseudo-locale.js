// The pseudo-locale for tests: every English message wrapped in ⟦…⟧ and lengthened by a
// third (so a test can tell text from the catalogue from any other, and text that would
// not fit in a longer language shows), its placeholders ($1, {since}) kept. Used by
// build.sh on a copy of the test build (dist/pseudo/extension): it replaces the `en`
// catalogue and removes the others, so the browser shows the pseudo text whatever its
// language.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One message in pseudo text. */
export function pseudo(message) {
  const pad = '·'.repeat(Math.ceil([...message.replace(/\$\d|\{\w+\}/g, '')].length / 3));
  return `⟦${message}${pad}⟧`;
}

const dir = process.argv[2];
if (dir) {
  const en = JSON.parse(readFileSync(join(dir, 'en', 'messages.json'), 'utf8'));
  // Every message but the catalogue's language tag (a code, never shown: dates are written in it).
  for (const [key, entry] of Object.entries(en)) if (key !== 'language') entry.message = pseudo(entry.message);
  writeFileSync(join(dir, 'en', 'messages.json'), `${JSON.stringify(en, null, 2)}\n`);
  for (const lang of readdirSync(dir)) if (lang !== 'en') rmSync(join(dir, lang), { recursive: true });
}
