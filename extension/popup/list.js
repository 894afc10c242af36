// One opportunity as a card: its level in colour and words, the next good moment, the
// last contact, its people, the reasons (with the articles behind them) on demand, and
// the buttons of its quick actions. Data only ever goes in as text.
import { h } from '../shared/dom.js';
import { day, t } from '../shared/i18n.js';
import { sentence } from '../shared/say.js';

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

/** The reasons with their articles, as list items (built when a card's "Why" is first opened). */
function reasonItems(status) {
  return [...status.why, ...status.hints].map((r) =>
    h(
      'li',
      { dataset: { rule: r.rule } },
      h('strong', { class: 'rule' }, t(`rule_${r.rule.replaceAll('-', '_')}`)),
      ': ',
      sentence(r),
      ' ',
      h('span', { class: 'sources' }, sources(r.sources)),
    ),
  );
}

const ACTIONS = ['call', 'message', 'interview', 'thank_you', 'reply', 'check_in', 'close', 'edit', 'delete'];
const ACTIVE_ONLY = new Set(['call', 'message', 'interview', 'thank_you', 'reply', 'check_in', 'close']);

// Every card is a clone of one of two prepared cards (active, closed): cloning a tree is
// several times faster than building it element by element, and the popup may show
// hundreds. The clone is then filled with the card's own text.
const templates = new Map();
function template(closed) {
  if (!templates.has(closed)) {
    const actions = ACTIONS.filter((a) => !closed || !ACTIVE_ONLY.has(a));
    templates.set(
      closed,
      h(
        'li',
        { class: 'card' },
        h(
          'article',
          {},
          h('div', { class: 'card-head' }, h('h2', { tabindex: '-1' }), h('span', { class: 'level' })),
          h('p', { class: 'next' }),
          h('p', { class: 'meta last' }),
          h('p', { class: 'meta people' }, closed ? null : [' ', h('button', { type: 'button', class: 'link add-person', dataset: { action: 'person', contact: '' } }, t('add_person'))]),
          h('details', { class: 'why' }, h('summary', {}, t('why')), h('ul')),
          h('div', { class: 'actions', role: 'group' }, actions.map((a) => h('button', { type: 'button', class: `action action-${a}`, dataset: { action: a } }, t(`action_${a}`)))),
          h('div', { class: 'panel-slot' }),
        ),
      ),
    );
  }
  return templates.get(closed).cloneNode(true);
}

const statusOf = new WeakMap(); // card → its status (for the reasons, built on demand)

const personButton = h('button', { type: 'button', class: 'link person', dataset: { action: 'person' } });

/** Names each person of `people` as a button (with the role in words) at the start of `line`. */
function fillPeople(line, people) {
  const names = people.flatMap((p, i) => {
    const button = personButton.cloneNode();
    button.dataset.contact = p.id;
    button.textContent = p.name;
    return [i ? ', ' : '', button, p.role && p.role !== 'other' ? ` (${t(`role_${p.role}`)})` : ''];
  });
  line.prepend(people.length ? `${t('people')}: ` : t('no_people'), ...names);
}

/**
 * The card of `status` (engine) with its `people` (stored records). Its buttons carry
 * `data-action` (and `data-contact` for a person); the list listens for their clicks.
 */
export function card(status, people) {
  const id = status.opportunity;
  const headingId = `h-${id}`;
  const item = template(status.closed);
  Object.assign(item.dataset, { id, level: status.level, step: status.next_step });
  const article = item.firstChild;
  article.setAttribute('aria-labelledby', headingId);
  const [head, next, last, who, why, actions] = article.children;
  const [heading, level] = head.children;
  heading.id = headingId;
  heading.textContent = status.role ? `${status.company} — ${status.role}` : status.company;
  level.className = `level level-${status.level}`;
  level.textContent = t(`level_${status.level}`);
  next.textContent = nextLine(status);
  if (status.last_contact) last.textContent = t('last_contact', day(status.last_contact));
  else last.remove();
  fillPeople(who, people);
  if (status.why.length + status.hints.length) statusOf.set(item, status);
  else why.remove();
  actions.setAttribute('aria-labelledby', headingId); // the group is named by the card's title
  return item;
}

/**
 * Calls `onAction(action, opportunityId, contactId)` for clicks on the cards' buttons under
 * `list`, and fills a card's reasons when its "Why" is first opened.
 */
export function listen(list, onAction) {
  list.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    const item = button?.closest('li.card');
    if (!button || !item || button.closest('form')) return;
    onAction(button.dataset.action, item.dataset.id, button.dataset.contact);
  });
  // `toggle` does not bubble: it is caught on its way down.
  list.addEventListener(
    'toggle',
    (event) => {
      const item = event.target.closest?.('details.why')?.closest('li.card');
      const status = item && statusOf.get(item);
      if (!status) return;
      statusOf.delete(item);
      event.target.querySelector('ul').replaceChildren(...reasonItems(status));
    },
    true,
  );
}
