// An opportunity's history: every event, newest first (the engine's `events` answer),
// with its moment, kind, people, channel and how it was logged, each with Edit and Delete.
import { h } from '../shared/dom.js';
import { list, t, when } from '../shared/words.js';
import { WITH_CHANNEL } from './actions.js';

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

let items = 0; // for the ids of the items' parts

/** The list items of `events` (newest first), with `names` (contact id → name). */
export function timelineItems(events, names) {
  return events.map((event) => {
    const item = itemTemplate.cloneNode(true);
    item.dataset.event = event.id;
    const [at, , kind, facts, note, buttons] = item.childNodes;
    at.textContent = when(event.at);
    // An answer inside their conversation is no new contact: said as what it was.
    const what = t(`next_kind_${event.kind === 'follow_up' && event.classification === 'answer' ? 'answer' : event.kind}`);
    kind.textContent = what;
    const parts = [];
    if (event.contacts?.length) parts.push(list(event.contacts.map((id) => names.get(id) ?? id)));
    if (WITH_CHANNEL.has(event.kind)) parts.push(t(`next_channel_${event.channel ?? 'email'}`));
    if (event.kind === 'closed' && event.reason) parts.push(t(`reason_${event.reason}`));
    parts.push(loggedWords(event));
    facts.textContent = ` · ${parts.join(' · ')}`;
    if (event.note) note.textContent = ` — ${event.note}`;
    else note.remove();
    // Each button named by its own word, the kind and the moment ("Edit Interview Tue 3
    // Nov, 10:00"): by reference, so no message is asked per event.
    const [edit, , del] = buttons.childNodes;
    const id = `ev${(items += 1)}`;
    kind.id = `${id}-kind`;
    at.id = `${id}-at`;
    edit.id = `${id}-edit`;
    del.id = `${id}-delete`;
    edit.setAttribute('aria-labelledby', `${edit.id} ${kind.id} ${at.id}`);
    del.setAttribute('aria-labelledby', `${del.id} ${kind.id} ${at.id}`);
    return item;
  });
}
