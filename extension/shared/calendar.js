// The calendar file (.ics), worded in the browser's language: the engine supplies the
// moments, this module each event's title and description (the reasons behind its moment).
import { send } from './runtime.js';
import { stepLine } from './steps.js';
import { calendarTitle, sentence } from './say.js';
import { t } from './words.js';
import * as P from './protocol.js';

/**
 * The `calendar` answer (`{ok, file, empty}`: `empty` when no opportunity has a moment to
 * put in it), or the first refusal on the way.
 */
export async function calendarFile() {
  const status = await send(P.status());
  if (!status?.ok) return status;
  const texts = {};
  for (const s of status.opportunities) {
    // The marks that isolate names in the pages' sentences are left out by the engine
    // (ics.rs): a calendar shows them as boxes, and finds no "Acme" in "\u2068Acme\u2069".
    texts[s.opportunity] = { title: calendarTitle(s), description: description(s) };
  }
  const answer = await send(P.calendar(texts));
  return answer?.ok ? { ...answer, empty: !answer.file.includes('BEGIN:VEVENT') } : answer;
}

/** What an opportunity's event says: why its moment is the one to act on. */
function description(s) {
  // A check-in agreed ahead is described as the card says it ("Check in on Thu 3 Dec
  // (agreed)"): the reasons are the verdict on a contact now, which the agreed date lifts.
  // So is waiting for their answer ("… follow up from Tue 8 Dec if they don't write").
  if ((s.step?.id === 'check_in' && !s.step.now) || s.step?.id === 'waiting_answer') return asSentence(s.step);
  // A wait by the reason that sets its date (the engine puts it first): the others end
  // before the event, and read on its day their "today" would be wrong.
  const reasons = s.step?.id === 'waiting' ? s.why.slice(0, 1) : s.why;
  // Nothing holds it back (a follow-up now): it says what the card says.
  return reasons.length ? reasons.map(sentence).join('\n') : asSentence(s.step);
}

/** The card's line as a sentence, as the reasons beside it are ("Follow up now."). */
const asSentence = (step) => t('step_sentence', stepLine(step));
