// The form behind each quick action of a card, and the "Track someone" form: which
// fields each one asks for, and which messages (actions.js) it sends.
import { CHANNELS, CLOSED_REASONS as REASONS, EVENT_KINDS as KINDS, ROLES, STAGES } from '../shared/contract.js';
import { buildForm, changed } from './forms.js';
import * as actions from './actions.js';
import { h } from '../shared/dom.js';
import { folded, isolate, labelled, t } from '../shared/i18n.js';
import { normalize } from '../shared/address.js';
import { localRfc3339, today } from '../shared/time.js';
import { domainOf, guessCompany, isFreeMail } from './company.js';

const options = (values, prefix) => values.map((v) => [v, t(`${prefix}_${v}`)]);
const who = (people, name = 'contact', label = t('field_who')) => ({
  name,
  label,
  type: 'select',
  path: 'event.contacts',
  options: [['', t('field_anyone')], ...people.map((p) => [p.id, p.name])],
  value: people[0]?.id ?? '',
});
const whom = (people, label) => ({
  name: 'contacts',
  label,
  type: 'checks',
  path: 'event.contacts',
  options: people.map((p) => [p.id, p.name]),
  value: people.map((p) => p.id),
});
const when = { name: 'at', label: t('field_when'), type: 'datetime', path: 'event.at' };

/**
 * The form of `action` for `opportunity` (stored record) and its `people`.
 * `run(messages)` sends them as one change and returns the refusal (or null);
 * `done(message, values)` closes the form and says what was saved.
 */
export function actionForm(action, { opportunity, people, person, run, done, cancel, reopening = async () => [] }) {
  // `saved`: what to say once saved, or a function of the values that says it.
  const submit = (build, saved) => async (values, button) => {
    const problem = await run(await build(values, button));
    if (!problem) done(typeof saved === 'function' ? saved(values, button) : saved, values);
    return problem;
  };
  const written = (channel, key) => ({
    fields: [...(people.length ? [whom(people, t('field_to_whom'))] : []), when, { name: 'note', label: t('field_note'), type: 'text', path: 'event.note' }],
    buttons: [{ label: t('log') }],
    onSubmit: submit((v) => actions.logContact(opportunity, { ...v, channel }), t(key)),
  });
  const spec = {
    email: written('email', 'next_saved_email'),
    linkedin: written('linkedin', 'next_saved_linkedin'),
    in_person: {
      fields: [...(people.length ? [whom(people, t('next_field_with_whom'))] : []), when, { name: 'note', label: t('field_note'), type: 'text', path: 'event.note' }],
      buttons: [{ label: t('log') }],
      onSubmit: submit((v) => actions.logContact(opportunity, { ...v, channel: 'in_person' }), t('next_saved_in_person')),
    },
    application: {
      fields: [when],
      buttons: [{ label: t('log') }],
      onSubmit: submit((v) => actions.logApplication(opportunity, v), t('next_saved_application')),
    },
    call: {
      // Asked for no calls: a call that happened is still logged, with a reminder to write.
      note: opportunity.no_calls ? t('call_no_calls_note') : null,
      fields: [...(people.length ? [who(people)] : []), when],
      buttons: ['conversation', 'voicemail', 'no_answer'].map((v) => ({ value: v, label: t(`call_${v}`) })),
      onSubmit: submit((v, button) => actions.logCall(opportunity, { ...v, outcome: button }), (v, outcome) => t(`saved_call_${outcome}`)),
    },
    message: {
      fields: [...(people.length ? [who(people)] : []), when, { name: 'note', label: t('field_note'), type: 'text', path: 'event.note' }],
      buttons: [{ label: t('log') }],
      onSubmit: submit((v) => actions.logMessageLeft(opportunity, v), t('saved_message')),
    },
    interview: {
      fields: [
        ...(people.length ? [whom(people, t('field_with_whom'))] : []),
        when,
        { name: 'decision_date', label: t('field_decision_date'), type: 'date', path: 'opportunity.decision_date', value: opportunity.decision_date },
      ],
      buttons: [{ label: t('log') }],
      onSubmit: submit((v) => actions.logInterview(opportunity, v), t('saved_interview')),
    },
    thank_you: {
      fields: [...(people.length ? [whom(people, t('field_to_whom'))] : []), when],
      buttons: [{ label: t('log') }],
      onSubmit: submit((v) => actions.logThankYou(opportunity, v), t('saved_thank_you')),
    },
    reply: {
      fields: [...(people.length ? [who(people, 'contact', t('field_from_whom'))] : []), when, channelField('email')],
      buttons: [{ label: t('log') }],
      onSubmit: submit((v) => actions.logReply(opportunity, v), t('saved_reply')),
    },
    check_in: {
      fields: [{ name: 'date', label: t('field_check_in_date'), type: 'date', path: 'opportunity.agreed_checkin_date', value: opportunity.agreed_checkin_date }],
      buttons: [{ label: t('save') }],
      onSubmit: submit((v) => actions.agreeCheckIn(opportunity, v), t('saved_check_in')),
    },
    close: {
      fields: [reasonField('rejected'), when],
      buttons: [{ label: t('next_action_close') }],
      onSubmit: submit((v) => actions.close(opportunity, v), t('saved_close')),
    },
    edit: {
      fields: [
        { name: 'company', label: t('field_company'), path: 'opportunity.company', value: opportunity.company },
        { name: 'role', label: t('field_job'), path: 'opportunity.role', value: opportunity.role ?? '' },
        { name: 'stage', label: t('field_stage'), type: 'select', path: 'opportunity.stage', options: options(STAGES, 'stage'), value: opportunity.stage ?? 'applied' },
        { name: 'decision_date', label: t('field_decision_date'), type: 'date', path: 'opportunity.decision_date', value: opportunity.decision_date },
        { name: 'agreed_checkin_date', label: t('field_check_in_date'), type: 'date', path: 'opportunity.agreed_checkin_date', value: opportunity.agreed_checkin_date },
        { name: 'no_calls', label: t('field_no_calls'), type: 'checkbox', path: 'opportunity.no_calls', value: opportunity.no_calls },
        { name: 'notes', label: t('field_notes'), type: 'textarea', path: 'opportunity.notes', value: opportunity.notes ?? '' },
      ],
      buttons: [{ label: t('save') }],
      // A closed opportunity given another stage is open again (as Undo after a close says):
      // in the same change, its closed events go (`reopening`: their deletes).
      onSubmit: submit(
        async (v) => [...actions.editOpportunity(opportunity, v), ...(v.stage !== 'closed' ? await reopening() : [])],
        (v) => (opportunity.stage === 'closed' && v.stage !== 'closed' ? t('reopened', opportunity.company) : t('saved_edit')),
      ),
    },
    person: {
      fields: [
        { name: 'name', label: t('field_name'), path: 'contact.name', value: person?.name ?? '' },
        { name: 'addresses', label: t('field_addresses'), type: 'text', path: 'contact.addresses', value: (person?.addresses ?? []).join(', ') },
        { name: 'role', label: t('field_role'), type: 'select', path: 'contact.role', options: options(ROLES, 'role'), value: person?.role ?? 'other' },
      ],
      buttons: [{ label: t('save') }],
      onSubmit: submit((v) => actions.putPerson(opportunity, { ...v, id: person?.id }), t('saved_person')),
    },
  }[action];
  const title = action === 'person' ? (person ? t('edit_person', person.name) : t('add_person')) : labelled(t(`next_action_${action}`), opportunity.company);
  return buildForm({ title, ...spec, onCancel: cancel, className: `panel-${action}` });
}

/**
 * "Track someone" in seconds: name, address and company (until the person types one: that
 * of a tracked opportunity with someone at the address's domain, else guessed from the
 * domain; never from free mail), the rest under "More". `contacts`: the tracked people.
 */
export function trackForm({ opportunities, contacts = [], own = new Set(), prefill = {}, run, done, cancel }) {
  const ids = { opportunity: actions.newId('o'), contact: actions.newId('c'), event: actions.newId('e') };
  const companyOf = (text) => {
    const domain = domainOf(text);
    const colleague = domain && !isFreeMail(domain) && contacts.find((c) => c.addresses?.some((a) => domainOf(a) === domain));
    return opportunities.find((o) => colleague && o.id === colleague.opportunity)?.company ?? guessCompany(text);
  };
  const guessed = companyOf(prefill.addresses);
  const fields = [
    { name: 'name', label: t('field_name'), path: 'contact.name', value: prefill.name ?? '' },
    { name: 'addresses', label: t('next_field_address'), type: 'email', path: 'contact.addresses', value: prefill.addresses ?? '' },
    { name: 'company', label: t('field_company'), path: 'opportunity.company', value: guessed },
  ];
  const more = [
    {
      name: 'existing',
      label: t('field_opportunity'),
      type: 'select',
      path: 'contact.opportunity',
      options: [['', t('field_new_opportunity')], ...opportunities.map((o) => [o.id, o.role ? t('company_role', o.company, o.role) : o.company])],
      value: '',
    },
    { name: 'role', label: t('field_role'), type: 'select', path: 'contact.role', options: options(ROLES, 'role'), value: 'recruiter' },
    { name: 'job', label: t('field_job'), path: 'opportunity.role' },
    { name: 'stage', label: t('field_stage'), type: 'select', path: 'opportunity.stage', options: options(STAGES.slice(0, 3), 'stage'), value: 'applied' },
    { name: 'applied_on', label: t('field_applied_on'), type: 'date', path: 'event.at', value: today() },
    { name: 'decision_date', label: t('field_decision_date'), type: 'date', path: 'opportunity.decision_date' },
    { name: 'agreed_checkin_date', label: t('field_check_in_date'), type: 'date', path: 'opportunity.agreed_checkin_date' },
    { name: 'no_calls', label: t('field_no_calls'), type: 'checkbox', path: 'opportunity.no_calls' },
  ];
  const form = buildForm({
    title: t('track_title'),
    fields,
    more,
    buttons: [{ label: t('track_save') }],
    onCancel: cancel,
    className: 'panel-track',
    heading: 'h2',
    onSubmit: async (values) => {
      // Applied today: now; another day: 09:00 local time that day.
      values.applied_at =
        values.applied_on === today() ? localRfc3339(new Date(), true) : values.applied_on ? `${values.applied_on}T09:00:00${offsetOf(values.applied_on)}` : '';
      values.shown = prefill.shown; // the name a compose showed: kept as an alias when another is given
      if (!picked) values.existing = tracked(values.company)?.id ?? values.existing;
      const problem = await run(actions.track(values, ids));
      if (!problem) done(t('saved_track', values.name), values.existing || ids.opportunity);
      return problem;
    },
  });
  // The company follows the address until the person types one.
  const address = form.elements.namedItem('addresses');
  const company = form.elements.namedItem('company');
  let typed = false;
  company.addEventListener('input', () => (typed = company.value !== ''));
  address.addEventListener('input', () => {
    if (typed) return;
    company.value = companyOf(address.value);
    changed(company);
  });
  // One of the user's own addresses: said before it is tracked (tracking takes it out of them).
  const mine = h('p', { class: 'own-address', role: 'status' });
  mine.hidden = true;
  address.closest('p').after(mine);
  address.addEventListener('input', () => {
    const found = address.value.split(/[\s,;]+/).map(normalize).find((a) => own.has(a));
    mine.hidden = !found;
    mine.textContent = found ? t('track_own_address', isolate(found)) : '';
  });
  // Fields of a new opportunity only show when no tracked one is picked.
  const existing = form.elements.namedItem('existing');
  const newOnly = ['company', 'job', 'stage', 'applied_on', 'decision_date', 'agreed_checkin_date', 'no_calls'].map(
    (name) => form.elements.namedItem(name).closest('p'),
  );
  let picked = false; // an opportunity (or "A new job") chosen under "More"
  // A company tracked already (case and accents aside): the person joins it, said under
  // the company (which stays, being typed), rather than a second card for one employer.
  const tracked = (name) => (folded(name) ? opportunities.find((o) => folded(o.company) === folded(name)) : undefined);
  const joins = h('p', { class: 'joins', role: 'status' });
  company.closest('p').after(joins);
  const follow = () => {
    const match = picked ? undefined : tracked(company.value);
    if (!picked) existing.value = match?.id ?? '';
    joins.hidden = !match;
    joins.textContent = match ? t('track_joins', match.role ? t('company_role', match.company, match.role) : match.company) : '';
    newOnly.forEach((p) => (p.hidden = Boolean(existing.value) && !(match && p === company.closest('p'))));
  };
  existing.addEventListener('change', () => {
    picked = true;
    follow();
  });
  company.addEventListener('input', follow);
  address.addEventListener('input', follow);
  follow();
  if (!opportunities.length) existing.closest('p').hidden = true;
  return form;
}

/** The field for how a contact went (email, call, …), set to `value`. */
const channelField = (value) => ({ name: 'channel', label: t('next_field_channel'), type: 'select', path: 'event.channel', options: options(CHANNELS, 'next_channel'), value });
/** The field for why an opportunity closed (rejected, withdrawn, …), set to `value`. */
const reasonField = (value) => ({ name: 'reason', label: t('field_reason'), type: 'select', path: 'event.reason', options: options(REASONS, 'reason'), value });

/** Editing one event of the timeline: its moment, kind, people, channel and note (its id stays). */
export function eventForm({ event, people, run, done, cancel }) {
  const fields = [
    { name: 'at', label: t('field_when'), type: 'datetime', path: 'event.at', value: event.at },
    { name: 'kind', label: t('next_field_kind'), type: 'select', path: 'event.kind', options: options(KINDS, 'next_kind'), value: event.kind },
    ...(people.length
      ? [{ name: 'contacts', label: t('next_field_people'), type: 'checks', path: 'event.contacts', options: people.map((p) => [p.id, p.name]), value: event.contacts ?? [] }]
      : []),
    channelField(event.channel ?? 'email'),
    reasonField(event.reason ?? 'other'),
    { name: 'note', label: t('field_note'), type: 'text', path: 'event.note', value: event.note ?? '' },
  ];
  const form = buildForm({
    title: t('next_edit_event_title', t(`next_kind_${event.kind}`)),
    fields,
    buttons: [{ label: t('save') }],
    onCancel: cancel,
    className: 'panel-event',
    onSubmit: async (values) => {
      const answer = await run([actions.editEvent(event, values)], true);
      if (answer?.ok) done(answer);
      return answer?.ok ? null : answer;
    },
  });
  // The channel only where it says something (a send, a reply), the reason on a close,
  // and no people on a close (it is with nobody).
  const kind = form.elements.namedItem('kind');
  const channel = form.elements.namedItem('channel').closest('p');
  const reason = form.elements.namedItem('reason').closest('p');
  const whom = form.querySelector('input[name="contacts"]')?.closest('fieldset, p');
  const follow = () => {
    channel.hidden = !actions.WITH_CHANNEL.has(kind.value);
    reason.hidden = kind.value !== 'closed';
    if (whom) whom.hidden = kind.value === 'closed';
  };
  kind.addEventListener('change', follow);
  follow();
  return form;
}

/** "+01:00" for a local date (its offset at 09:00 that day). */
function offsetOf(date) {
  const minutes = -new Date(`${date}T09:00:00`).getTimezoneOffset();
  if (Number.isNaN(minutes)) return 'Z';
  const pad = (n) => String(Math.abs(n)).padStart(2, '0');
  return `${minutes >= 0 ? '+' : '-'}${pad(Math.trunc(minutes / 60))}:${pad(minutes % 60)}`;
}
