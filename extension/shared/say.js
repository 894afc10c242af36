// The engine's data in words. The engine returns no prose: a reason, a hint, a verdict's
// heading, a reminder and a problem (`{path, code, values}`) each carry a message id and the data behind it
// (dates, numbers, names); the words are the catalogue's `say_<id>`
// (_locales/<lang>/messages.json), whose placeholders in braces are named after the
// data's fields. The CLI renders English from the same catalogue under the same rules
// (crate/src/english.rs):
//
// - `{since}`, `{until}`, `{next}`: an instant's day; with `_time` (`{until_time}`) the
//   day and, unless it is midnight, the time. `{date}`, `{since_date}`: a calendar day.
// - `{dates}`, `{names}`: a list, in the language's way ("A, B and C"); `{expected}`, the
//   values a field may take (`a|b|c`), a choice ("a, b or c"); `{expected}` and `{found}`
//   naming a kind of JSON value (`string`, `array`): its words (`say_type_string`: "text").
// - `{wait}`: `data.days` as a duration (`say_wait_week`, `say_wait_two_weeks`,
//   `say_wait_days`). `{reason}`: a reason's badge words (`say_short_<message>`).
// - anything else: the field as it is (numbers in the language's digits, names and
//   other text isolated so their direction cannot reorder the sentence).
// - a message with `_one` and `_other` forms is chosen by `data.count` (else `days`)
//   through the language's plural rules.
import { api } from './runtime.js';
import { isolate, labelled, language, oneStop, pluralForm, series, t, when } from './words.js';

const DATES = new Set(['since', 'until', 'next', 'date', 'since_date']);
const PLACES = { opportunities: 'place_opportunity', contacts: 'place_contact', events: 'place_event' };
/** A backup file's lists of entries, in the file's order. */
const LISTS = Object.keys(PLACES);
/** The codes of a refusal this build has no words for, and of no answer at all. */
const UNEXPECTED = 'unexpected';
const NO_ANSWER = 'no_answer';
/** A field of a backup file itself (not of one of its entries): `version`, `events`, `settings.profile`. */
const FILE_FIELD = /^(format|version|opportunities|contacts|events|settings)(\.[\w.[\]]+)?$/;
/** JSON's kinds of value, as a problem names them (`wrong_type`), in words ("text", "a list"). */
const TYPES = {
  string: 'type_string',
  number: 'type_number',
  boolean: 'type_boolean',
  array: 'type_array',
  object: 'type_object',
  null: 'type_null',
};

/**
 * The words of a language: `getMessage(key)` gives a catalogue's message ('' when
 * missing), `lang` its BCP 47 tag. (The extension's own is `say` below; tests make
 * others from a catalogue file.)
 */
export function sayer(getMessage, lang) {
  const rules = new Intl.PluralRules(lang);
  const number = new Intl.NumberFormat(lang);
  const list = new Intl.ListFormat(lang, { type: 'conjunction' });
  const choice = new Intl.ListFormat(lang, { type: 'disjunction' });
  const day = (value, time) => {
    if (!time || /^\d{4}-\d\d-\d\d$/.test(value)) return when(value, true, lang);
    const at = new Date(value);
    return at.getHours() || at.getMinutes() ? when(value, false, lang) : when(value, true, lang);
  };

  /** The message `say_<id>` (or its plural form) over `data`; `null` when it is missing. */
  function template(id, data) {
    const key = `say_${id}`;
    const text = getMessage(key);
    if (text) return text;
    const n = data?.count ?? data?.days;
    if (typeof n !== 'number') return null;
    return getMessage(pluralForm(rules, n, key)) || null;
  }

  function placeholder(name, data) {
    switch (name) {
      case 'wait': {
        const days = data.days;
        if (typeof days !== 'number') return undefined;
        return say(days === 7 ? 'wait_week' : days === 14 ? 'wait_two_weeks' : 'wait_days', { days });
      }
      case 'reason':
        return data.reason ? say(`short_${data.reason.message}`, data.reason.data) : undefined;
      case 'dates':
        return data.dates ? list.format([...new Set(data.dates.map((d) => day(d, false)))]) : undefined;
      case 'names':
        return data.names ? list.format(data.names.map(isolate)) : undefined;
      case 'expected': // a JSON type ("text"), or the values a field may take (`a|b|c`): "a, b or c"
      case 'found': {
        const value = data[name];
        if (typeof value !== 'string') return undefined;
        if (Object.hasOwn(TYPES, value)) return say(TYPES[value]);
        return name === 'expected' ? choice.format(value.split('|').map(isolate)) : isolate(value);
      }
    }
    if (name.endsWith('_time')) {
      const value = data[name.slice(0, -5)];
      return value == null ? undefined : day(value, true);
    }
    const value = data[name];
    if (value == null) return undefined;
    if (DATES.has(name)) return day(value, false);
    return typeof value === 'number' ? number.format(value) : isolate(String(value));
  }

  /**
   * The words of message `id` over `data`. A missing message or a placeholder without
   * data throws (the tests render every message of every case; the pages never show a
   * half sentence).
   */
  function say(id, data = {}) {
    const text = template(id, data);
    if (text == null) throw new Error(`no message say_${id}`);
    const said = text.replace(/\{(\w+)\}/g, (_, name) => {
      const value = placeholder(name, data ?? {});
      if (value === undefined) throw new Error(`say_${id}: no data for {${name}}`);
      return value;
    });
    return oneStop(said);
  }

  const words = {
    say,
    /** A verdict's one line (the badge), from its `heading`. */
    headline: (verdict) => say(`headline_${verdict.heading?.id ?? 'ok'}`, verdict.heading?.data),
    /** A reason's or a hint's sentence. */
    sentence: (reason) => say(reason.message, reason.data),
    /** A reminder's notification: `{title, message}`. */
    reminder: (item) => ({
      title: say(`reminder_title_${item.what}`, { company: item.company }),
      message: say(`reminder_${item.what}`, item.data),
    }),
    /**
     * A problem of a change or a file (`{path, code, values}`) in words
     * (`say_problem_<code>`); its code when this build has no words for it.
     */
    problem: (p) => {
      if (typeof p === 'string') return p;
      try {
        return say(`problem_${p?.code}`, p?.values ?? {});
      } catch {
        return say(`problem_${UNEXPECTED}`, { code: String(p?.code ?? '') });
      }
    },
    /**
     * Where a problem is, in words: an entry of a file by its kind and number, counted
     * from 1, with its field as the file writes it ("Contact 2, field “role”" for
     * `contacts[1].role`), a field of the file itself as "the file's field “events”";
     * any other path (a change's, placed beside its field by the pages) as it is. A field
     * of no entry that is unknown (`code`) is one of the file itself ("exported_by").
     */
    place: (path, code) => {
      if (FILE_FIELD.test(path) || (code === 'unknown_field' && /^[^.[\]]+$/.test(path))) return say('place_file_field', { field: path });
      const entry = entryOf(path);
      if (!entry) return path;
      const item = say(PLACES[entry.list], { n: entry.index + 1 });
      return entry.field ? say('place_field', { item, field: entry.field }) : item;
    },
    /**
     * Why a request was refused, in words: its problems (a refused change has one or more,
     * and so has each of the background's own refusals, like storage being full), else its
     * code (a message the engine could not read); "no answer" when there was none (the
     * browser's own error, in English, stays in the console).
     */
    refusal: (answer) => words.problems(answer).map(words.problem).join(' '),
    /** The problems of an error answer: its own, else one of its code, else "no answer". */
    problems: (answer) =>
      answer?.problems?.length ? answer.problems : answer?.code ? [{ path: '', code: answer.code, values: {} }] : [{ path: '', code: NO_ANSWER, values: {} }],
    /**
     * A calendar event's title for an opportunity's status: what its moment is for (its
     * step: an agreed check-in, a thank-you note, an answer, an interview scheduled,
     * moving on; else a follow-up) and with whom.
     */
    calendarTitle: (status) => {
      const who = status.role ? say('calendar_who_role', { company: status.company, role: status.role }) : status.company;
      const step = { check_in: 'check_in', thank_you_due: 'thank_you', answer: 'answer', interview_ahead: 'interview', move_on: 'move_on' }[status.step?.id];
      return say(`calendar_${step ?? 'follow_up'}`, { who });
    },
  };
  return words;
}

const message = (key) => {
  try {
    return api.i18n.getMessage(key);
  } catch {
    return ''; // the extension was reloaded under a webmail page
  }
};

export const { say, headline, sentence, reminder, problem, problems, place, refusal, calendarTitle } = sayer(message, language);

/**
 * The entry of a backup file that a problem's `path` points into: its `list` and that
 * list's place in the file (`order`: opportunities 0, contacts 1, events 2), the entry's
 * place in its list (`index`, from 0) and the `field` under it (`contacts[1].role`:
 * contacts, 1, 1, role); null for any other path.
 */
export function entryOf(path) {
  const [, list, index, field] = /^(opportunities|contacts|events)\[(\d+)\](?:\.(.+))?$/.exec(path ?? '') ?? [];
  return list ? { list, order: LISTS.indexOf(list), index: Number(index), field } : null;
}

/** A reason's or a hint's rule by its name ("Wait after applying"). */
export const ruleName = (reason) => t(`rule_${reason.rule.replaceAll('-', '_')}`);

/** An article's number as docs/policy.md writes it: 3 → "003". */
export const articleNumber = (n) => String(n).padStart(3, '0');

/** The articles behind a reason, by their titles: "Sources: “…”; “…”". */
export const sources = (reason) => t('next_sources', series(reason.sources.map((n) => t(`next_article_${articleNumber(n)}`))));

/** A problem as one line, in words: where it is (in a change or a file), then what. */
export const problemLine = (p) => (typeof p === 'string' ? p : p?.path ? labelled(place(p.path, p.code), problem(p)) : problem(p));

/** The codes that lead an error answer: what was refused, said by the page itself. */
const LEADS = new Set(['data_unreadable', 'conflict', 'does_not_fit', 'read_only']);

/**
 * The problems of an error answer, one line each, without its lead (what was refused,
 * said by the page itself); a file's in the file's order (its opportunities, contacts,
 * then events, each by its number), as the engine finds them in several passes.
 */
export const problemLines = (answer) =>
  (answer?.problems ?? [])
    .filter((p) => p.path || !LEADS.has(p.code))
    .sort((a, b) => inFile(a) - inFile(b))
    .map(problemLine);
/** Where a problem is in a file, as a number to sort by (the rest first, in their order). */
function inFile(problem) {
  const entry = entryOf(problem.path);
  return entry ? (entry.order + 1) * 1e7 + entry.index : 0;
}
