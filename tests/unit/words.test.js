// shared/words.js over a stand-in for the browser's i18n API that reads the real
// catalogues (the e2e tests read the same words in real browsers): counts in each
// language's plural forms and digits, a label's colon, one full stop after a date.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

// Read here, not through ../words.js: that imports the pages' modules, which must first
// find the stand-in API below.
const catalogue = (lang) => JSON.parse(readFileSync(new URL(`../../extension/_locales/${lang}/messages.json`, import.meta.url), 'utf8'));

let lang = 'en';
globalThis.chrome = {
  i18n: {
    // What browser.i18n.getMessage does with `$1`…`$9` (a missing one is empty).
    getMessage: (key, substitutions = []) => catalogue(lang)[key]?.message.replace(/\$(\d)/g, (_, d) => substitutions[d - 1] ?? '') ?? '',
    getUILanguage: () => lang,
  },
};

/** words.js as a page in `language` loads it (a module of its own: its language is read once). */
async function words(language) {
  lang = language;
  return import(`../../extension/shared/words.js?${language}`);
}

describe('words.js', () => {
  it('de: people listed with their roles, the list words and the brackets from the language, the names kept as nodes', async () => {
    const { around, listed, t } = await words('de');
    const dana = { textContent: 'Dana' }; // stands for a button
    const sam = { textContent: 'Sam' };
    const items = [dana, sam, 'Pat'];
    assert.deepEqual(listed(items), [dana, ', ', sam, ' und ', 'Pat']);
    assert.deepEqual(listed([dana]), [dana]);
    assert.deepEqual(around('name_role', dana, t('role_recruiter')), ['', dana, ` (${t('role_recruiter')})`]);
  });

  it('es: the list word fits the next name ("María e Isabel"), as Intl chooses it for the names', async () => {
    const { listed } = await words('es');
    const maria = { textContent: 'María' };
    const isabel = { textContent: 'Isabel' };
    assert.deepEqual(listed([maria, isabel]), [maria, ' e ', isabel]);
    assert.deepEqual(listed(['Ana', 'Pedro']), ['Ana', ' y ', 'Pedro']);
  });

  it('de: counts in the plural form and digits of the language', async () => {
    const { plural } = await words('de');
    assert.equal(plural(1, 'unit_unanswered'), '1 unbeantworteten Kontakt');
    assert.equal(plural(2, 'unit_unanswered'), '2 unbeantworteten Kontakten');
    assert.equal(plural(54000, 'events'), '54.000 Ereignisse');
    assert.equal(plural(1, 'sync_problem_quota', 'QUOTA_BYTES').endsWith('in 1 Minute erneut.'), true);
  });

  it('fr: 0 counts as one; a no-break space before the colon and the semicolon; one full stop after "déc."', async () => {
    const { labelled, number, plural, series, t } = await words('fr');
    assert.equal(number(1194), '1\u202f194');
    assert.equal(series(['« Vous avez passé l’entretien, et maintenant ? »', '« Garder le contact »', '« C »']), '« Vous avez passé l’entretien, et maintenant ? »\u00a0; « Garder le contact »\u00a0; « C »');
    assert.equal(series([]), '');
    assert.equal(plural(0, 'archive'), 'Archives\u00a0: 0 clôturée');
    assert.equal(plural(2, 'archive'), 'Archives\u00a0: 2 clôturées');
    assert.equal(plural(54000, 'events'), '54\u202f000 événements');
    assert.equal(labelled('Personnes', 'Alice'), 'Personnes\u00a0: Alice');
    assert.equal(labelled('Personnes'), 'Personnes\u00a0: ');
    assert.equal(t('badge_next', 'lun. 7 déc.'), 'Prochain bon moment\u00a0: lun. 7 déc.');
    // One other tracked recipient in a draft is one person, not "suivis".
    assert.equal(plural(1, 'badge_others', 'Dave').startsWith('Autre personne suivie dans ce brouillon\u00a0: Dave.'), true);
    assert.equal(plural(2, 'badge_others', 'Dave, Eve').startsWith('Autres personnes suivies dans ce brouillon\u00a0: Dave, Eve.'), true);
  });

  it('en: 0 counts as many', async () => {
    const { plural } = await words('en');
    assert.equal(plural(0, 'opportunities'), '0 opportunities');
    assert.equal(plural(1, 'opportunities'), '1 opportunity');
    assert.equal(plural(1234, 'opportunities'), '1,234 opportunities');
  });

  it("no page writes a number or a date in the browser's locale instead of the words' language", () => {
    const dir = new URL('../../extension/', import.meta.url);
    const files = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js'));
    const found = files.filter((f) => /\.toLocale(Date|Time)?String\(/.test(readFileSync(new URL(f, dir), 'utf8')));
    assert.deepEqual(found, [], 'numbers through words.js number(), dates through when()');
  });
});

it('a name is keyed as the engine keys its name index (Rust White_Space, not \\s)', async () => {
  const { nameKey, singleSpaced } = await words('en');
  // U+FEFF is no space to the engine (JavaScript's trim and \s took it away), U+0085 is one.
  assert.equal(nameKey('\ufeffAna\u0085 Lee\u3000'), '\ufeffana lee');
  assert.equal(nameKey('  Carol   PARTNER '), 'carol partner');
  assert.equal(singleSpaced(' Carol\u00a0 Partner\n'), 'Carol Partner');
  assert.equal(nameKey(undefined), '');
});

describe('dates', () => {
  it('a date never wraps inside itself (only before its time), and French writes the first of the month 1er', async () => {
    const { when } = await import('../../extension/shared/words.js');
    assert.equal(when('2027-01-01', true, 'fr'), 'ven.\u00a01er\u00a0janv.');
    assert.equal(when('2027-01-02', true, 'fr'), 'sam.\u00a02\u00a0janv.');
    assert.equal(when('2027-01-01', true, 'en'), 'Fri,\u00a0Jan\u00a01');
    assert.equal(when('2027-01-01', true, 'de'), 'Fr.,\u00a01.\u00a0Jan.');
    const timed = when('2027-01-04T10:00:00', false, 'de');
    assert.match(timed, /^Mo\.,\u00a04\.\u00a0Jan\., 10:00$/, 'a break allowed before the time only');
  });
});

describe('search', () => {
  it('finds a name whatever its accents, and German umlauts however spelled (Müller, Mueller, Muller; Straße, Strasse)', async () => {
    const { searchKey } = await import('../../extension/shared/words.js');
    const found = (text, query) => searchKey(text).includes(searchKey(query));
    for (const query of ['Müller', 'Mueller', 'muller', 'MÜLLER']) assert.ok(found('Mueller Logistik GmbH', query), query);
    assert.ok(found('Müller Logistik', 'mueller'));
    assert.ok(found('Köln', 'Koeln') && found('Koeln', 'köln'));
    assert.ok(found('Hauptstraße 1', 'strasse'));
    assert.ok(!found('Mueller Logistik', 'Miller'));
  });
});
