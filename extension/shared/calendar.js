// The calendar file (.ics), worded in the browser's language: the engine supplies the
// moments, this module each event's title and description (the reasons behind its moment).
import { send } from './runtime.js';
import { calendarTitle, sentence } from './say.js';
import * as P from './protocol.js';

/** The `calendar` answer (`{ok, file}`), or the first refusal on the way. */
export async function calendarFile() {
  const status = await send(P.status());
  if (!status?.ok) return status;
  const texts = {};
  for (const s of status.opportunities) {
    texts[s.opportunity] = { title: calendarTitle(s), description: s.why.map(sentence).join('\n') };
  }
  return send(P.calendar(texts));
}
