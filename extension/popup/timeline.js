// An opportunity's history: every event, newest first (the engine's `events` answer),
// with its moment, kind, people, channel and how it was logged, each with Edit and Delete.
import { h } from '../shared/dom.js';
import { t, when } from '../shared/words.js';

/** Kinds whose channel says something (the others are not sends). */
export const WITH_CHANNEL = new Set(['follow_up', 'thank_you', 'reply']);

/** How an event came to be stored: from a webmail page, seen as a reply, or by hand. */
export function loggedWords(event) {
  const logged = event.logged;
  const provider = logged?.provider ? t(`provider_${logged.provider}`) : t('next_logged_webmail');
  if (logged?.by === 'compose') return t('next_logged_compose', provider);
  if (logged?.by === 'thread') return t('next_logged_thread', provider);
  if (!logged && event.id.startsWith('send-')) return t('next_logged_compose', provider);
  return t('next_logged_hand');
}

const itemTemplate = h(
  'li',
  { class: 'event' },
  h('span', { class: 'when' }),
  ' ',
  h('strong', { class: 'kind' }),
  h('span', { class: 'facts' }),
  h('span', { class: 'note' }),
  h(
    'span',
    { class: 'event-buttons' },
    h('button', { type: 'button', class: 'link', dataset: { eventAction: 'edit' } }, t('next_event_edit')),
    ' ',
    h('button', { type: 'button', class: 'link danger', dataset: { eventAction: 'delete' } }, t('next_event_delete')),
  ),
);

/** The list items of `events` (newest first), with `names` (contact id → name). */
export function timelineItems(events, names) {
  return events.map((event) => {
    const item = itemTemplate.cloneNode(true);
    item.dataset.event = event.id;
    const [at, , kind, facts, note, buttons] = item.childNodes;
    at.textContent = when(event.at);
    const what = t(`next_kind_${event.kind}`);
    kind.textContent = what;
    const parts = [];
    if (event.contacts?.length) parts.push(event.contacts.map((id) => names.get(id) ?? id).join(', '));
    if (WITH_CHANNEL.has(event.kind)) parts.push(t(`next_channel_${event.channel ?? 'email'}`));
    parts.push(loggedWords(event));
    facts.textContent = ` · ${parts.join(' · ')}`;
    if (event.note) note.textContent = ` — ${event.note}`;
    else note.remove();
    const [edit, , del] = buttons.childNodes;
    edit.setAttribute('aria-label', t('next_event_edit_label', what, at.textContent));
    del.setAttribute('aria-label', t('next_event_delete_label', what, at.textContent));
    return item;
  });
}
