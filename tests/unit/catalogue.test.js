// The catalogues (extension/_locales/<lang>/messages.json): every language has every key
// of English and no other, the same placeholders in each message, no key left unused,
// and every message the engine's data is worded with renders in every language (with
// shared/say.js, as the pages do) without a missing placeholder.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue, english, languages, sayIn } from '../words.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const EXPECTED = ['de', 'en', 'es', 'fr'];
const en = catalogue('en');

/** Every file under `dir` ending in one of `exts`, read. */
function sources(dir, exts) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // The catalogues name every key: a key used nowhere else would seem used.
    if (name === '_locales') return [];
    if (statSync(path).isDirectory()) return sources(path, exts);
    return exts.some((e) => name.endsWith(e)) ? [readFileSync(path, 'utf8')] : [];
  });
}

/** The placeholders of a message: `$1`…, `{name}`…, sorted. */
const placeholders = (text) => [...(text.match(/\$\d|\{\w+\}/g) ?? [])].sort();

describe('catalogues', () => {
  it('the extension speaks en, de, fr and es', () => {
    assert.deepEqual(languages(), EXPECTED);
  });

  for (const lang of EXPECTED.filter((l) => l !== 'en')) {
    it(`${lang}: every key of English, no other, the same placeholders, nothing left in English`, () => {
      const other = catalogue(lang);
      assert.deepEqual(Object.keys(other).filter((k) => !(k in en)), [], 'keys English does not have');
      assert.deepEqual(Object.keys(en).filter((k) => !(k in other)), [], 'keys missing');
      for (const [key, { message }] of Object.entries(en)) {
        assert.deepEqual(placeholders(other[key].message), placeholders(message), `${lang} ${key}: placeholders`);
      }
      // A message as long as a sentence that is the same as English was not translated.
      const same = Object.keys(en).filter((k) => en[k].message.split(' ').length > 3 && other[k].message === en[k].message);
      assert.deepEqual(same, [], `${lang}: still in English`);
    });
  }

  it('de: the reported word-for-word German is gone', () => {
    const de = Object.values(catalogue('de')).map((m) => m.message);
    for (const bad of ['Jetzt gesendet, ist das ein Kontakt, den Sie beginnen.', 'Das Abzeichen zeigen in']) {
      assert.equal(de.find((m) => m.includes(bad)), undefined, bad);
    }
  });

  it('no unused key: each is named in the extension, or is one the engine\'s data names', () => {
    const js = sources(join(ROOT, 'extension'), ['.js', '.html', '.json']).join('\n');
    const rust = sources(join(ROOT, 'crate/src'), ['.rs']).join('\n');
    // Keys made from a prefix and data (`t(`level_${level}`)`).
    const prefixes = [...js.matchAll(/t\(`([a-z_]+)\$\{/g)].map((m) => m[1]);
    // A select's options worded by a prefix (`options(STAGES, 'stage')`: stage_applied, …).
    prefixes.push(...[...js.matchAll(/options\([\w.(), ]+, '([a-z_]+)'\)/g)].map((m) => `${m[1]}_`));
    const unused = Object.keys(en).filter((key) => {
      if (key === 'extName' || key === 'extDescription') return !js.includes(`__MSG_${key}__`);
      if (key.startsWith('say_')) {
        // say_[short_|headline_|reminder_title_|reminder_]<id>[_one|_other]: the id is
        // the engine's (a string in the Rust sources) or the page's (shared/say.js).
        const id = key.replace(/^say_(short_|headline_|reminder_title_|reminder_|calendar_|problem_)?/, '').replace(/_(one|other)$/, '');
        return !rust.includes(`"${id}"`) && !js.includes(`'${id}'`) && !key.startsWith('say_calendar_');
      }
      if (js.includes(`'${key}'`) || js.includes(`"${key}"`)) return false;
      // A count's two forms (`plural(n, 'archive')`: archive_one, archive_other).
      const counted = key.replace(/_(one|other)$/, '');
      if (counted !== key && js.includes(`'${counted}'`)) return false;
      return !prefixes.some((p) => key.startsWith(p));
    });
    assert.deepEqual(unused, []);
  });

  it('fr, es: a message naming an item of any kind (an event, a person, an opportunity) makes no word agree with it', () => {
    // "$1 supprimé" is wrong for "Candidature, …" (feminine): the item's name goes after a
    // word of known gender ("Élément supprimé : $1").
    const agrees = /\$1\s+(\p{L}+\s+){0,2}\p{L}+(é|ée|i|ie|ado|ada|ido|ida)s?(?!\p{L})/u;
    for (const lang of ['fr', 'es']) {
      const words = catalogue(lang);
      for (const key of ['deleted', 'restored', 'saved_track']) assert.doesNotMatch(words[key].message, agrees, `${lang} ${key}`);
    }
  });

  it('a counted message has both plural forms, _one and _other, and nothing else of the kind', () => {
    const keys = Object.keys(en);
    assert.deepEqual(keys.filter((k) => k.endsWith('_one') && !keys.includes(k.replace(/_one$/, '_other'))), []);
    assert.deepEqual(keys.filter((k) => /_(many|few|two|zero)$/.test(k) && k !== 'say_problem_too_many'), []);
  });

  // Data for every placeholder, a count of 1 and of 3 (both plural forms).
  const data = (count) => ({
    since: '2026-11-03T10:00:00-05:00',
    until: '2026-11-10T00:00:00-05:00',
    next: '2026-11-10T09:30:00-05:00',
    date: '2026-11-12',
    since_date: '2026-11-02',
    dates: ['2026-11-02', '2026-11-04'],
    names: ['Sam Lee', 'Dana Hill'],
    name: 'Sam Lee',
    company: 'Acme',
    role: 'Engineer',
    who: 'Acme (Engineer)', // a calendar event's company and role
    count,
    limit: 2,
    days: count === 1 ? 7 : 10,
    hours: 48,
    reason: { message: 'interview_wait', data: { since: '2026-11-03T10:00:00-05:00' } },
    // A problem's values.
    value: 'lee at hooli',
    id: 'acme',
    expected: 'email|call',
    found: 'number',
    known: 'id, company',
    kind: 'reply',
    version: 3,
    supported: 2,
    limit_mb: 64,
    line: 12,
    // Where a problem is in a file.
    n: 2,
    item: 'Contact 2',
    field: 'role',
    // A refusal's code this build has no words for.
    code: 'malformed',
  });

  for (const lang of EXPECTED) {
    it(`${lang}: every say_ message renders, each placeholder filled`, () => {
      const { say } = sayIn(lang);
      const ids = new Set(Object.keys(en).filter((k) => k.startsWith('say_')).map((k) => k.slice(4).replace(/_(one|other)$/, '')));
      for (const id of ids) {
        for (const count of [1, 3]) {
          const text = say(id, data(count));
          assert.doesNotMatch(text, /[{}$]/, `${lang} say_${id}: ${text}`);
          assert.ok(text.length > 1);
        }
      }
    });
  }

  it('a refusal in words: its problems in the language, never its codes or paths', () => {
    const de = sayIn('de');
    const taken = { ok: false, code: 'invalid', message: 'address own_is_contact', problems: [{ path: 'address', code: 'own_is_contact', values: { value: 'sam@hooli.example', name: 'Sam Lee' } }] };
    const said = de.refusal(taken);
    assert.match(said, /^„\u2068sam@hooli\.example\u2069“ gehört zu \u2068Sam Lee\u2069, einer erfassten Person/);
    assert.doesNotMatch(said, /own_is_contact|address/);
    assert.equal(de.refusal({ ok: false, code: 'quota_exceeded', message: 'full (QUOTA_BYTES)', problems: [{ path: '', code: 'quota_exceeded', values: {} }] }), catalogue('de').say_problem_quota_exceeded.message);
    assert.equal(de.refusal(undefined), catalogue('de').say_problem_no_answer.message);
    // The browser's own error (English) and the engine's message for developers stay out.
    assert.equal(de.refusal({ ok: false, message: 'Extension context invalidated.' }), catalogue('de').say_problem_no_answer.message);
    const unread = de.refusal({ ok: false, code: 'malformed', message: '`event` must be an object' });
    assert.equal(unread, catalogue('de').say_problem_unexpected.message.replace('{code}', '\u2068malformed\u2069'));
    // A problem of a code this build has no words for: a sentence with its code, never "[object Object]".
    assert.equal(de.problem({ path: '', code: 'from_a_newer_version' }), catalogue('de').say_problem_unexpected.message.replace('{code}', '\u2068from_a_newer_version\u2069'));
  });

  it("a problem in a backup file is placed in words, never by the parser's path or JSON's names", () => {
    const plain = (text) => text.replace(/[\u2068\u2069]/g, '');
    const de = sayIn('de');
    assert.equal(plain(de.place('contacts[1].role')), 'Person 2, Feld „role“');
    assert.equal(plain(de.place('events[0]')), 'Ereignis 1');
    assert.equal(plain(sayIn('fr').place('opportunities[11].stage')), 'Candidature 12, champ «\u00a0stage\u00a0»');
    assert.equal(de.place('contact.addresses[0]'), 'contact.addresses[0]', "a change's path: the pages put it beside its field");
    assert.equal(plain(de.place('events')), 'Feld „events“ der Datei');
    assert.equal(plain(de.place('exported_by', 'unknown_field')), 'Feld „exported_by“ der Datei', "a field the file should not have, of the file itself");
    assert.equal(de.place('address', 'not_email'), 'address', "a change's field");
    assert.equal(plain(sayIn('es').place('settings.profile')), 'Campo «settings.profile» del archivo');
    // The values a field may take, as a choice in the language.
    const unknown = { code: 'unknown_value', values: { value: 'boss', expected: 'hiring_manager|recruiter|other' } };
    assert.equal(plain(de.problem(unknown)), '„boss“ ist keiner dieser Werte: hiring_manager, recruiter oder other.');
    assert.equal(plain(english.problem(unknown)), '“boss” is not one of: hiring_manager, recruiter, or other.');
    // Kinds of JSON value in words, not JSON's own names.
    const wrong = { code: 'wrong_type', values: { expected: 'string', found: 'number' } };
    assert.equal(de.problem(wrong), 'Dieser Wert hat die falsche Form (erwartet: Text, gefunden: eine Zahl).');
    assert.equal(sayIn('es').problem(wrong), 'Este valor no tiene la forma correcta (se esperaba texto, se encontró un número).');
  });

  // French and Spanish write no capital after a colon: the messages that put a refusal
  // (whole sentences) after their own words end that part with a full stop instead.
  for (const lang of EXPECTED) {
    it(`${lang}: a "could not" message and its refusal read as sentences`, () => {
      const { refusal } = sayIn(lang);
      const refusals = [
        refusal({ ok: false, code: 'invalid', problems: [{ path: 'event.at', code: 'out_of_range', values: {} }] }),
        refusal(undefined),
      ];
      for (const key of ['could_not', 'sync_problem_refused', 'no_start', 'unreadable_detail']) {
        for (const said of refusals) {
          const text = catalogue(lang)[key].message.replace('$1', said);
          assert.match(text, /\.$/, `${lang} ${key}: ${text}`);
          if (lang === 'fr' || lang === 'es') assert.doesNotMatch(text, /:\s*\p{Lu}/u, `${lang} ${key}: ${text}`);
        }
      }
    });
  }

  it('fr: a no-break space before : ; ? ! » and after «, never a line break there', () => {
    const loose = Object.entries(catalogue('fr')).flatMap(([key, { message }]) =>
      [...message.replaceAll('Too Soon?', '').matchAll(/[^\u00a0\u202f][:;?!»]|«[^\u00a0\u202f]/g)].map((m) => `${key}: …${m[0]}…`),
    );
    assert.deepEqual(loose, []);
  });

  it('no sentence ends on the name with a full stop after its question mark ("Too Soon?."): it is worded around it', () => {
    const doubled = EXPECTED.flatMap((lang) =>
      Object.entries(catalogue(lang)).filter(([, { message }]) => /Too Soon\?\./.test(message)).map(([key]) => `${lang} ${key}`),
    );
    assert.deepEqual(doubled, []);
  });

  it('a missing placeholder is an error, not a half sentence', () => {
    const { say } = sayIn('en');
    assert.throws(() => say('interview_wait', { days: 7 }), /no data for \{since\}/);
    assert.throws(() => say('no_such_message', {}), /no message/);
  });

  it('dates and numbers in the local style', () => {
    const data = { date: '2026-12-09' };
    const _ = '\u00a0'; // inside a date: no line break
    assert.equal(sayIn('en', 'en-GB').say('short_decision_date', data), `Decision due Wed${_}9${_}Dec`);
    assert.equal(sayIn('de').say('short_decision_date', data), `Entscheidung bis Mi.,${_}9.${_}Dez.`);
    assert.equal(sayIn('fr').say('short_decision_date', data), `Décision attendue le mer.${_}9${_}déc.`);
    assert.equal(sayIn('es').say('short_decision_date', data), `Decisión prevista el mié,${_}9${_}dic`);
  });

  it('a sentence that ends on an abbreviated date has one full stop', () => {
    const data = { since: '2026-11-29T12:00:00Z', until: '2026-12-06T12:00:00Z', days: 7 };
    const sentence = sayIn('de').say('apply_wait', data);
    assert.match(sentence, /6\.\u00a0Dez\.$/, sentence);
  });
});
