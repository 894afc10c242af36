// One opportunity as a card: its next step in words and one colour (the engine's
// `status.step`), the last contact, its people, the reasons (with the articles behind
// them) and its history on demand, one primary button (the next step), a "Log…" menu and
// an overflow menu (Edit, Close, Delete). Data only ever goes in as text.
import { h } from '../shared/dom.js';
import { around, day, labelled, listed, plural, t } from '../shared/i18n.js';
import { articleNumber, ruleName, sentence, sources } from '../shared/say.js';
import { primaryAction, stepLine, tone } from '../shared/steps.js';

/** What "Log…" offers, in its order. */
export const LOG_ACTIONS = ['email', 'call', 'message', 'linkedin', 'in_person', 'application', 'interview', 'thank_you', 'reply', 'check_in'];
const MORE_ACTIONS = ['edit', 'close', 'delete'];


/** The reasons with their articles, as list items (built when a card's "Why" is first opened). */
function reasonItems(status) {
  return [...status.why, ...status.hints].map((r) =>
    h(
      'li',
      { dataset: { rule: r.rule } },
      h('strong', { class: 'rule' }, ruleName(r)),
      sentence(r),
      h('span', { class: 'sources' }, sources(r)),
      h('details', { class: 'details' }, h('summary', {}, t('next_details')), plural(r.sources.length, 'next_details_line', r.rule, r.sources.map(articleNumber).join(', '))),
    ),
  );
}

/**
 * A disclosure menu's button. Its list of `actions` is built when it is first opened
 * (`menuList`): a popup of 200 cards would otherwise carry thousands of hidden buttons.
 */
const menuButton = (label, className, actions) =>
  h('button', { type: 'button', class: `menu-button ${className}`, 'aria-expanded': 'false', dataset: { menu: className, actions: actions.join(' ') } }, label);

let menus = 0;
/** The list the menu `button` opens: built (with an id of its own) on its first opening. */
function menuList(button) {
  const built = button.getAttribute('aria-controls');
  if (built) return document.getElementById(built);
  const id = `menu-${(menus += 1)}`;
  const actions = button.dataset.actions.split(' ');
  const list = h(
    'ul',
    { class: `menu ${button.dataset.menu}-menu`, id, hidden: true },
    actions.map((a) => h('li', {}, h('button', { type: 'button', class: `action action-${a}`, dataset: { action: a } }, t(`next_action_${a}`)))),
  );
  button.after(list);
  button.setAttribute('aria-controls', id);
  return list;
}

/**
 * The button of a card's disclosure (its reasons, its history): a button rather than
 * `<details>`, which costs a shadow tree in every card, twice the time to clone and insert.
 * Its region is made on first opening (`disclose`).
 */
const disclosure = (label) => h('button', { type: 'button', class: 'disclosure', 'aria-expanded': 'false' }, label);

let regions = 0;
/**
 * Opens (or closes) a card's disclosure `section` (`.why`: a list of reasons, `.timeline`:
 * `ol.events`), making its region on first opening; returns the region.
 */
export function disclose(section, open) {
  const button = section.querySelector('.disclosure');
  let region = document.getElementById(button.getAttribute('aria-controls'));
  if (!region) {
    const timeline = section.classList.contains('timeline');
    region = h(timeline ? 'ol' : 'ul', { class: timeline ? 'events' : 'reasons', id: `region-${(regions += 1)}` });
    section.append(region);
    button.setAttribute('aria-controls', region.id);
  }
  button.setAttribute('aria-expanded', String(open));
  region.hidden = !open;
  return region;
}

// Every card is a clone of one of two prepared cards (active, closed): cloning a tree is
// several times faster than building it element by element, and the popup may show
// hundreds. The clone is then filled with the card's own text.
const templates = new Map();
function template(closed) {
  if (!templates.has(closed)) {
    templates.set(
      closed,
      h(
        'li',
        { class: 'card' },
        h(
          'article',
          {},
          h('div', { class: 'card-head' }, h('h2', { tabindex: '-1' })),
          h('p', { class: 'next' }),
          h('p', { class: 'meta last' }),
          h('p', { class: 'meta people' }, closed ? null : [' ', h('button', { type: 'button', class: 'link add-person', dataset: { action: 'person', contact: '' } }, t('add_person'))]),
          h('div', { class: 'why' }, disclosure(t('why'))),
          h('div', { class: 'timeline' }, disclosure(t('next_timeline'))),
          h(
            'div',
            { class: 'actions', role: 'group' },
            h('button', { type: 'button', class: 'primary step-action', dataset: { action: '' } }),
            closed ? null : menuButton(t('next_log_menu'), 'log', LOG_ACTIONS),
            menuButton(t('next_more_menu'), 'more', closed ? ['edit', 'delete'] : MORE_ACTIONS),
          ),
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
  const names = people.map((p) => {
    const button = personButton.cloneNode();
    button.dataset.contact = p.id;
    button.textContent = p.name;
    if (!p.role || p.role === 'other') return button;
    const named = document.createDocumentFragment();
    named.append(...around('name_role', button, t(`role_${p.role}`)));
    return named;
  });
  line.prepend(people.length ? labelled(t('people')) : t('no_people'), ...listed(names));
}

/**
 * The card of `status` (engine) with its `people` (stored records). Its buttons carry
 * `data-action` (and `data-contact` for a person); the list listens for their clicks.
 */
export function card(status, people) {
  const id = status.opportunity;
  const headingId = `h-${id}`;
  const item = template(status.closed);
  const step = status.step;
  // The search also finds a card by its people's addresses, which it does not show.
  Object.assign(item.dataset, { id, tone: tone(step), step: step.id, level: status.level, addresses: people.flatMap((p) => p.addresses ?? []).join(' ') });
  const article = item.firstChild;
  article.setAttribute('aria-labelledby', headingId);
  const [head, next, last, who, why, , actions] = article.children;
  const [heading] = head.children;
  heading.id = headingId;
  heading.textContent = status.role ? t('company_role', status.company, status.role) : status.company;
  next.textContent = stepLine(step);
  if (status.last_contact) last.textContent = t('last_contact', day(status.last_contact));
  else last.remove();
  fillPeople(who, people);
  if (status.why.length + status.hints.length) statusOf.set(item, status);
  else why.remove();
  actions.setAttribute('aria-labelledby', headingId); // the group is named by the card's title
  const [primary] = actions.children;
  const action = primaryAction(step);
  if (action) {
    primary.dataset.action = action;
    primary.textContent = t(`next_do_${action}`);
  } else primary.remove();
  return item;
}

/** Closes every open menu under `root` (but `except`). */
export function closeMenus(root = document, except = null) {
  for (const button of root.querySelectorAll('.menu-button[aria-expanded="true"]')) {
    if (button === except) continue;
    button.setAttribute('aria-expanded', 'false');
    menuList(button).hidden = true;
  }
}

/**
 * Calls `onAction(action, opportunityId, contactId)` for clicks on the cards' buttons under
 * `list`, opens and closes their menus, fills a card's reasons when its "Why" is first
 * opened and calls `onTimeline(section, opportunityId)` when its history is opened.
 */
export function listen(list, onAction, onTimeline) {
  list.addEventListener('click', (event) => {
    const toggle = event.target.closest('button.menu-button');
    if (toggle) {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      closeMenus(document, toggle);
      toggle.setAttribute('aria-expanded', String(open));
      const items = menuList(toggle);
      items.hidden = !open;
      if (open) items.querySelector('button')?.focus();
      return;
    }
    const opener = event.target.closest('button.disclosure');
    if (opener) {
      openSection(opener.parentElement, opener.getAttribute('aria-expanded') !== 'true', onTimeline);
      return;
    }
    const button = event.target.closest('button[data-action]');
    const item = button?.closest('li.card');
    if (!button || !item || button.closest('form') || button.closest('.events')) return;
    closeMenus();
    onAction(button.dataset.action, item.dataset.id, button.dataset.contact);
  });
  list.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const open = event.target.closest('.menu')?.previousElementSibling ?? null;
    if (open?.getAttribute('aria-expanded') === 'true') {
      closeMenus();
      open.focus();
    }
  });
}

/**
 * Opens or closes a card's `section`: its reasons are filled when first opened, its history
 * is asked of `onTimeline(section, opportunityId)` each time it opens.
 */
function openSection(section, open, onTimeline) {
  const region = disclose(section, open);
  const item = section.closest('li.card');
  if (!open) return;
  if (section.classList.contains('timeline')) {
    onTimeline(section, item.dataset.id);
    return;
  }
  const status = statusOf.get(item);
  if (!status) return;
  statusOf.delete(item);
  region.replaceChildren(...reasonItems(status));
}
