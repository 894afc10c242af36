// One opportunity as a card: its level in colour and words, the next good moment, the
// last contact, its people, the reasons (with the articles behind them) on demand, and
// the buttons of its quick actions. Data only ever goes in as text.
import { h } from '../shared/dom.js';
import { day, t } from '../shared/i18n.js';

/** The line that says what is next ("Follow up from Tue 10 Nov"). */
export function nextLine(status) {
  const until = status.encouraged?.find((e) => e.until)?.until;
  switch (status.next_step) {
    case 'wait':
      return status.next_ok_at ? t('next_wait', day(status.next_ok_at)) : t('next_never');
    case 'follow_up':
      return t('next_follow_up');
    case 'thank_you':
      return until ? t('next_thank_you_by', day(until)) : t('next_thank_you');
    case 'answer':
      return until ? t('next_answer_until', day(until)) : t('next_answer');
    case 'check_in':
      return t('next_check_in');
    case 'move_on':
      return t('next_move_on', status.unanswered);
    case 'closed':
      return t('next_closed');
    default:
      return t('next_nothing');
  }
}

const sources = (numbers) => t('sources', numbers.map((n) => String(n).padStart(3, '0')).join(', '));

/** The reasons with their articles, built when first opened (most cards are never opened). */
function reasons(status) {
  const all = [...status.why, ...status.hints];
  if (!all.length) return null;
  const list = h('ul');
  const details = h('details', { class: 'why' }, h('summary', {}, t('why')), list);
  details.addEventListener(
    'toggle',
    () => {
      list.replaceChildren(
        ...all.map((r) =>
          h(
            'li',
            { dataset: { rule: r.rule } },
            h('strong', { class: 'rule' }, t(`rule_${r.rule.replaceAll('-', '_')}`)),
            ': ',
            r.sentence,
            ' ',
            h('span', { class: 'sources' }, sources(r.sources)),
          ),
        ),
      );
    },
    { once: true },
  );
  return details;
}

const ACTIONS = ['call', 'message', 'interview', 'thank_you', 'reply', 'check_in', 'close', 'edit', 'delete'];
const ACTIVE_ONLY = new Set(['call', 'message', 'interview', 'thank_you', 'reply', 'check_in', 'close']);

// The row of action buttons is built once per kind (active, closed) and cloned for each card.
const rows = new Map();
function actionRow(closed, headingId) {
  if (!rows.has(closed)) {
    const actions = ACTIONS.filter((a) => !closed || !ACTIVE_ONLY.has(a));
    rows.set(
      closed,
      h('div', { class: 'actions', role: 'group' }, actions.map((a) => h('button', { type: 'button', class: `action action-${a}`, dataset: { action: a } }, t(`action_${a}`)))),
    );
  }
  const row = rows.get(closed).cloneNode(true);
  row.setAttribute('aria-labelledby', headingId); // the group is named by the card's title
  return row;
}

/**
 * The card of `status` (engine) with its `people` (stored records). Its buttons carry
 * `data-action` (and `data-contact` for a person); the list listens for their clicks.
 */
export function card(status, people) {
  const id = status.opportunity;
  const title = status.role ? `${status.company} — ${status.role}` : status.company;
  const headingId = `h-${id}`;
  return h(
    'li',
    { class: 'card', dataset: { id, level: status.level, step: status.next_step } },
    h(
      'article',
      { 'aria-labelledby': headingId },
      h(
        'div',
        { class: 'card-head' },
        h('h2', { id: headingId, tabindex: '-1' }, title),
        h('span', { class: `level level-${status.level}` }, t(`level_${status.level}`)),
      ),
      h('p', { class: 'next' }, nextLine(status)),
      status.last_contact ? h('p', { class: 'meta last' }, t('last_contact', day(status.last_contact))) : null,
      h(
        'p',
        { class: 'meta people' },
        people.length ? `${t('people')}: ` : t('no_people'),
        people.flatMap((p, i) => [
          i ? ', ' : '',
          h('button', { type: 'button', class: 'link person', dataset: { action: 'person', contact: p.id } }, p.name),
          p.role && p.role !== 'other' ? ` (${t(`role_${p.role}`)})` : '',
        ]),
        ' ',
        status.closed ? null : h('button', { type: 'button', class: 'link add-person', dataset: { action: 'person', contact: '' } }, t('add_person')),
      ),
      reasons(status),
      actionRow(status.closed, headingId),
      h('div', { class: 'panel-slot' }),
    ),
  );
}

/** Calls `onAction(action, opportunityId, contactId)` for clicks on the cards' buttons under `list`. */
export function listen(list, onAction) {
  list.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    const item = button?.closest('li.card');
    if (!button || !item || button.closest('form')) return;
    onAction(button.dataset.action, item.dataset.id, button.dataset.contact);
  });
}
