// What each quick action stores: pure functions from the form's values to the protocol
// messages (in the order they are sent). The engine validates them; nothing here checks.
// The words of docs/policy.md: a call where someone answered is a follow-up by `call`; a voicemail
// is a follow-up by `voicemail`; a call nobody answered, with no message left, is a
// `call_attempt`; a message left with a receptionist or assistant is a follow-up by `message`.
import * as P from '../shared/protocol.js';
import { nameKey, singleSpaced } from '../shared/words.js';

/** A new id for a record the user creates ("o-3f9a…"). */
export const newId = (prefix) => `${prefix}-${crypto.randomUUID().slice(0, 13)}`;

const event = (opportunity, kind, at, fields = {}) =>
  P.logEvent({ id: newId('e'), opportunity: opportunity.id, kind, at, ...fields });

/** Kinds whose channel says something (the others are not sends). */
export const WITH_CHANNEL = new Set(['follow_up', 'thank_you', 'reply']);

const people = (ids) => (ids && ids.length ? { contacts: ids } : {});

/** Outcome `conversation` | `voicemail` | `no_answer` of a call to `contact` (an id or ''). */
export function logCall(opportunity, { outcome, contact, at }) {
  const who = people(contact ? [contact] : []);
  if (outcome === 'no_answer') return [event(opportunity, 'call_attempt', at, who)];
  const channel = outcome === 'voicemail' ? 'voicemail' : 'call';
  return [event(opportunity, 'follow_up', at, { ...who, channel })];
}

/** A contact the user made by `channel` (email, LinkedIn, in person) with `contacts`. */
export function logContact(opportunity, { contacts, at, note, channel }) {
  return [event(opportunity, 'follow_up', at, { ...people(contacts), channel, ...(note ? { note } : {}) })];
}

/** An application sent (again, or after the opportunity was tracked). */
export function logApplication(opportunity, { at }) {
  return [event(opportunity, 'application', at)];
}

/**
 * `event` (as stored) edited with the form's `values` (moment, kind, people, channel,
 * reason, note): the same id; the engine classifies a send again; a channel only on sends
 * and replies, a reason only on a close.
 */
export function editEvent(event, { at, kind, contacts, channel, reason, note }) {
  const edited = { ...event, at, kind };
  for (const key of ['classification', 'channel', 'note', ...(contacts ? ['contacts'] : [])]) delete edited[key];
  Object.assign(edited, people(contacts));
  if (WITH_CHANNEL.has(kind)) edited.channel = channel;
  if (note) edited.note = note;
  if (kind === 'closed') {
    edited.reason = reason ?? edited.reason ?? 'other';
    delete edited.contacts; // a close is with nobody
  } else delete edited.reason;
  return P.editEvent(edited);
}

/** A message left with a receptionist or an assistant for `contact`. */
export function logMessageLeft(opportunity, { contact, at, note }) {
  return [event(opportunity, 'follow_up', at, { ...people(contact ? [contact] : []), channel: 'message', ...(note ? { note } : {}) })];
}

/** An interview with `contacts`; a stated decision date is stored on the opportunity. */
export function logInterview(opportunity, { contacts, at, decision_date }) {
  const messages = [event(opportunity, 'interview', at, people(contacts))];
  const stage = opportunity.stage === 'applied' ? 'interviewing' : opportunity.stage;
  const changed = { ...opportunity, stage };
  if (decision_date) changed.decision_date = decision_date;
  if (stage !== opportunity.stage || decision_date) messages.push(P.putOpportunity(changed));
  return messages;
}

/** A thank-you note to `contacts`. */
export function logThankYou(opportunity, { contacts, at }) {
  return [event(opportunity, 'thank_you', at, { ...people(contacts), channel: 'email' })];
}

/** A reply from them (from `contact`, when known), by `channel` (they may have phoned). */
export function logReply(opportunity, { contact, at, channel }) {
  return [event(opportunity, 'reply', at, { ...people(contact ? [contact] : []), channel })];
}

/** A check-in date agreed with them. */
export function agreeCheckIn(opportunity, { date }) {
  return [P.putOpportunity({ ...opportunity, agreed_checkin_date: date })];
}

/** Closes the opportunity: the event says why and when, the stage keeps it closed. */
export function close(opportunity, { reason, at }) {
  return [event(opportunity, 'closed', at, { reason }), P.putOpportunity({ ...opportunity, stage: 'closed' })];
}

/** The opportunity's own fields, edited. Empty dates and notes are left out. */
export function editOpportunity(opportunity, values) {
  const next = { ...opportunity, ...values };
  for (const key of ['decision_date', 'agreed_checkin_date', 'notes']) if (!next[key]) delete next[key];
  return [P.putOpportunity(next)];
}

/** Splits "a@b.c, d@e.f" into addresses. */
export const addresses = (text) =>
  String(text ?? '')
    .split(/[\s,;]+/)
    .filter(Boolean);

/** A person at the opportunity, new (no id yet) or edited. */
export function putPerson(opportunity, { id, name, role, addresses: text }) {
  return [P.putContact({ id: id || newId('c'), opportunity: opportunity.id, name, role, addresses: addresses(text) })];
}

/**
 * The name a compose showed for one of `contact`'s addresses (`shown`, from the prefill),
 * when the person is tracked under another name: the webmail's name is kept as an alias,
 * so that its name-only chips are theirs. Null otherwise.
 */
export function shownAlias(shown, contact) {
  if (!shown?.name || !nameKey(shown.name) || nameKey(shown.name) === nameKey(contact.name)) return null;
  const lower = contact.addresses.map((a) => a.toLowerCase());
  return lower.includes(String(shown.address ?? '').toLowerCase()) ? singleSpaced(shown.name) : null;
}

/**
 * "Track someone": a new opportunity (unless `existing` is an opportunity id), the person,
 * and the application on its date. `ids` keeps the same ids across retries of one form.
 */
export function track(values, ids) {
  const messages = [];
  const opportunity = values.existing || ids.opportunity;
  if (!values.existing) {
    const o = { id: opportunity, company: values.company, role: values.job, stage: values.stage, no_calls: values.no_calls };
    if (values.decision_date) o.decision_date = values.decision_date;
    if (values.agreed_checkin_date) o.agreed_checkin_date = values.agreed_checkin_date;
    messages.push(P.putOpportunity(o));
  }
  const contact = { id: ids.contact, opportunity, name: values.name, role: values.role, addresses: addresses(values.addresses) };
  const alias = shownAlias(values.shown, contact);
  if (alias) contact.aliases = [alias];
  messages.push(P.putContact(contact));
  if (!values.existing && values.applied_on) {
    messages.push(P.logEvent({ id: ids.event, opportunity, kind: 'application', at: values.applied_at }));
  }
  return messages;
}
