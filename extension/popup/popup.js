// The popup: who can be followed up today and who must be left alone, with quick actions.
// It reads through the background's protocol messages (status) and changes
// only through them; the only storage it reads directly is what the background records
// for display (`provider:<id>`, `schema`, and `last-status` in early.js), whether sync
// is on (`sync:settings`, for the warning of the way out's "delete everything"), and the
// user's own addresses (`settings`, to say so when one is typed into "Track someone").
import { ERROR, KEY, PREFIX, PROVIDERS, SCHEMA_VERSION } from '../shared/contract.js';
import { $, h } from '../shared/dom.js';
import { api, send } from '../shared/runtime.js';
import { today } from '../shared/time.js';
import { folded, isolate, list, localize, plural, searchKey, t } from '../shared/i18n.js';
import { refusal } from '../shared/say.js';
import { download } from '../shared/download.js';
import { card, closeMenus, disclose, listen } from './list.js';
import { actionForm, eventForm, trackForm } from './panels.js';
import { timelineItems } from './timeline.js';
import { composePrefill } from './prefill.js';
import { normalize } from '../shared/address.js';
import { hideWayOut, showWayOut, wireWayOut } from './way-out.js';
import * as P from '../shared/protocol.js';
import { calendarFile } from '../shared/calendar.js';

const GONE = ['no_opportunity', 'no_contact', 'no_such_id']; // refusals of a change to something deleted
const SEARCH_FROM = 9; // a search field once there are more opportunities than fit at a glance

let state = { statuses: [], data: { opportunities: [], contacts: [], events: [] } };

/**
 * Sends the messages of one action as one change (a batch when there are several: the
 * opportunity, the person and the application of "track someone"), so that a refusal
 * stores nothing. Null when saved, else the refusal (`whole`: the answer either way).
 */
async function run(messages, whole = false) {
  const answer = await send(messages.length === 1 ? messages[0] : P.batch(messages));
  // What the form was about was deleted meanwhile (in another popup or window): the list
  // is read again, and says so (the form, with its ids, goes).
  if (answer?.problems?.some((p) => GONE.includes(p.code))) await changed(t('gone_meanwhile'));
  return whole || !answer?.ok ? answer : null;
}

/** What the popup reads from storage itself: recognized webmail, the schema. */
const readLocal = () => api.storage.local.get([KEY.schema, ...PROVIDERS.map((p) => PREFIX.provider + p)]);

/** Two answers say the same to the reader (`from` is "now" for steps open now: left out). */
function sameView(a, b) {
  const text = (answer) => JSON.stringify(answer.opportunities.map(({ from, ...shown }) => shown));
  return a.due_today === b.due_today && text(a) === text(b);
}

const toastBox = $('toast');
const toastHome = toastBox.parentNode;
const toastNext = toastBox.nextSibling;

/**
 * Says what was done (with Undo when it can be undone), beside the card it was done to
 * (`near`: an opportunity id), else at the top.
 */
function toast(text, undo = null, near = null) {
  toastBox.querySelector('#toast-text').textContent = text;
  const button = toastBox.querySelector('#undo');
  button.hidden = !undo;
  button.onclick = undo;
  const item = near && document.querySelector(`li[data-id="${CSS.escape(near)}"] .actions`);
  if (item && !hidden(item)) item.after(toastBox);
  else toastHome.insertBefore(toastBox, toastNext);
}

/** Whether `element` is inside a closed disclosure (the archive), where nobody sees it. */
const hidden = (element) => element.closest('details:not([open])') !== null;

/**
 * Which webmail the content script recognized when last there, and where it did not
 * recognize the layout (the last report of each: not whether a tab is open now).
 */
function showProviders(local) {
  const names = (providers) => list(providers.map((p) => t(`provider_${p}`)));
  const on = PROVIDERS.filter((p) => local[PREFIX.provider + p]?.recognized === true);
  const off = PROVIDERS.filter((p) => local[PREFIX.provider + p]?.recognized === false);
  const lines = [on.length ? t('providers_on', names(on)) : t('providers_none')];
  if (off.length) lines.push(t('providers_unrecognized', names(off)));
  $('providers').textContent = lines.join(' ');
  $('providers').dataset.recognized = on.join(' ');
}

/**
 * The cards a 600 px popup shows before scrolling, and a few more: the first showing
 * draws these, and the rest once that frame is painted (`drawRest`).
 */
const FIRST_SCREEN = 8;
let drawRest = () => {};

/**
 * Renders the list (active, then the archive) from the engine's statuses; with
 * `firstScreen`, only the first cards, the others left to `drawRest()`.
 */
function render(firstScreen = false) {
  const { statuses, data } = state;
  const byOpportunity = Map.groupBy(data.contacts, (c) => c.opportunity);
  const make = (s) => card(s, byOpportunity.get(s.opportunity) ?? []);
  const active = statuses.filter((s) => !s.closed);
  const closed = statuses.filter((s) => s.closed);
  const first = firstScreen ? active.slice(0, FIRST_SCREEN) : active;
  $('list').replaceChildren(...first.map(make));
  drawRest = () => {
    drawRest = () => {};
    $('list').append(...active.slice(first.length).map(make));
    $('archive-list').replaceChildren(...closed.map(make));
    filter();
  };
  $('archive').hidden = !closed.length;
  $('archive-title').textContent = plural(closed.length, 'archive');
  const empty = !statuses.length;
  $('first-run').hidden = !empty;
  $('track-open').hidden = empty;
  $('calendar').hidden = !active.length;
  $('search-row').hidden = statuses.length < SEARCH_FROM;
  $('list').hidden = !active.length;
  if (!firstScreen) drawRest();
  const contacts = data.contacts.length;
  $('summary').textContent = contacts ? plural(contacts, 'contacts') : t('contacts_none');
}

/**
 * Hides the cards the search does not match (company, job, people and their addresses,
 * level words; accents aside).
 */
function filter() {
  const typed = $('search').value.trim();
  const [query, plain] = [searchKey(typed), folded(typed)];
  let shown = 0;
  let archived = 0;
  for (const item of document.querySelectorAll('#list > li, #archive-list > li')) {
    // Either key: German umlauts however spelled, or the text as written ("el" in "Manuel").
    const text = `${item.querySelector('article').textContent} ${item.dataset.addresses}`;
    const match = !query || searchKey(text).includes(query) || folded(text).includes(plain);
    item.hidden = !match;
    if (match) shown += 1;
    if (match && item.parentElement.id === 'archive-list') archived += 1;
  }
  $('no-match').hidden = !query || shown > 0;
  // Found only among the closed ones: the archive opens to show them.
  if (query && archived && archived === shown) $('archive').open = true;
}

/** Shows what storage itself says: recognized webmail, a newer schema. */
function showLocal(local) {
  showProviders(local);
  if ((local[KEY.schema]?.version ?? SCHEMA_VERSION) > SCHEMA_VERSION) {
    $('notice').textContent = t('read_only');
    $('notice').hidden = false;
  }
}

/**
 * Shows a `status` answer: the list and the counts (or why there is none); false for an
 * error. With `firstScreen`, the first cards only (see `render`).
 */
function show(status, firstScreen = false) {
  if (!status?.ok) {
    const answer = status;
    const unreadable = answer?.code === ERROR.dataUnreadable;
    $('summary').textContent = unreadable ? t('unreadable') : t('no_start', refusal(answer));
    if (unreadable) {
      // The way out instead of the list: export, restore, delete (popup/way-out.js).
      for (const id of ['list', 'archive', 'first-run', 'track-open', 'calendar', 'search-row', 'due']) $(id).hidden = true;
      showWayOut(answer);
    }
    return false;
  }
  hideWayOut();
  // Each status carries its opportunity as stored and its people (for the forms).
  const statuses = status.opportunities;
  state = {
    statuses,
    data: { opportunities: statuses.map((s) => s.details), contacts: statuses.flatMap((s) => s.people) },
  };
  const due = status.due_today ?? 0;
  $('due').textContent = due ? plural(due, 'next_due') : '';
  $('due').hidden = !due;
  render(firstScreen);
  return true;
}

/** Reads and shows everything again (after a change). */
async function refresh() {
  const [status, local] = await Promise.all([send(P.status()), readLocal()]);
  showLocal(local);
  return show(status);
}

/**
 * The first showing, from the reads early.js started: the status the background kept
 * from last time at once, then the fresh one (asked now, or by early.js when nothing was
 * kept), shown again only if it says something else.
 * What the benchmark reads: `renderedAt` (first shown: the first screen of cards from the
 * kept status), `paintedAt` (its frame painted), `completeAt` (every card in the page),
 * `shownFrom` (`kept` or `fresh`), `revisedAt` (shown again: the kept one was out of date).
 */
async function firstShow() {
  const local = readLocal();
  const last = await globalThis.tooSoonLastStatus;
  const shownLast = last?.ok === true && showKept(last);
  document.body.dataset.shownFrom = shownLast ? 'kept' : 'fresh';
  // The other cards, and then the fresh status, once the first screen is painted: they
  // would otherwise hold up the first frame.
  if (shownLast) {
    await shownAt('renderedAt');
    drawRest();
    document.body.dataset.completeAt = String(performance.now());
  }
  showLocal(await local);
  const fresh = (await globalThis.tooSoonFirstStatus) ?? (await send(P.status()));
  if (shownLast && fresh?.ok && sameView(last, fresh)) return true;
  const shown = show(fresh);
  shownAt(shownLast ? 'revisedAt' : 'renderedAt');
  return shown;
}

/**
 * Shows the kept status's first screen; false, with nothing shown, when it is not a
 * status's shape (another version's, or written by something else): the fresh one follows.
 */
function showKept(last) {
  try {
    return show(last, true);
  } catch {
    $('list').replaceChildren();
    drawRest = () => {};
    return false;
  }
}

/**
 * Notes (for the benchmark, in ms since the page opened) when the list was put in the page
 * as `name`; resolves, noting `paintedAt`, once the frame that shows it was painted (the
 * task after that frame's animation callbacks, which run just before its style, layout and
 * paint), or after 250 ms in a page not being drawn (a tab in the background).
 */
function shownAt(name) {
  const { dataset } = document.body;
  dataset[name] = String(performance.now());
  return new Promise((resolve) => {
    let noted = false;
    const painted = () => {
      if (noted) return;
      noted = true;
      dataset.paintedAt = String(performance.now());
      resolve();
    };
    requestAnimationFrame(() => setTimeout(painted));
    setTimeout(painted, 250);
  });
}

/**
 * After a change: read again, say what was saved beside the card, put the focus back on
 * the card (its history opened again when the change was made there).
 */
async function changed(message, focusId, undo = null, history = false) {
  toastBox.remove(); // the list is drawn again: the toast is put back after it
  await refresh();
  toast(message, undo, focusId);
  const heading = focusId && document.getElementById(`h-${focusId}`);
  if (history && heading) {
    const section = heading.closest('li.card').querySelector('.timeline');
    disclose(section, true);
    await openTimeline(section, focusId);
  }
  (heading && !hidden(heading) ? heading : toastBox)?.focus?.();
  document.body.dataset.changes = String(Number(document.body.dataset.changes ?? 0) + 1);
}

function closePanels() {
  for (const slot of document.querySelectorAll('.panel-slot, #track-slot')) slot.replaceChildren();
}

async function remove(kind, id, name, focusId) {
  const answer = await send(P.deleteRecord(kind, id));
  if (!answer?.ok) {
    toast(t('could_not', refusal(answer)), null, focusId);
    return;
  }
  const history = kind === 'event';
  const undo = async () => {
    const back = await send(P.putBack(answer.removed));
    await changed(back?.ok ? t('restored', name) : t('could_not', refusal(back)), kind === 'opportunity' ? id : focusId, null, history);
  };
  await changed(t('deleted', name), focusId, undo, history);
  toastBox.querySelector('#undo').focus();
}

/** The `closed` events of opportunity `id` (none when they cannot be listed). */
async function closedEvents(id) {
  const listed = await send(P.events(id));
  return listed?.ok ? listed.events.filter((e) => e.kind === 'closed') : [];
}

/**
 * Opens a closed opportunity again (an undone close), as one change: its stage as
 * `previous` had it, and its `closed` events deleted. The answer (the refusal, if any).
 */
async function reopen(previous) {
  const closes = await closedEvents(previous.id);
  return send(P.batch([P.putOpportunity(previous), ...closes.map((e) => P.deleteRecord('event', e.id))]));
}

/** After a close: said at the top (the card went into the archive), with Undo, which gets the focus. */
async function closed(message, opportunity) {
  const undo = async () => {
    const back = await reopen(opportunity);
    await changed(back?.ok ? t('reopened', opportunity.company) : t('could_not', refusal(back)), opportunity.id);
  };
  await changed(message, opportunity.id, undo);
  toastBox.querySelector('#undo').focus();
}

/** The history of opportunity `id`, newest first, in its card's `section` (asked each time it opens). */
async function openTimeline(section, id) {
  const started = performance.now();
  const answer = await send(P.events(id));
  const list = section.querySelector('ol.events');
  if (!answer?.ok) {
    list.replaceChildren(h('li', {}, t('could_not', refusal(answer))));
    return;
  }
  section.dataset.answeredMs = String(performance.now() - started);
  const names = new Map(state.data.contacts.map((c) => [c.id, c.name]));
  list.replaceChildren(...timelineItems(answer.events, names));
  if (!answer.events.length) list.append(h('li', { class: 'empty' }, t('next_timeline_empty')));
  timelines.set(list, answer.events);
  section.dataset.shownMs = String(performance.now() - started);
}

const timelines = new WeakMap(); // a card's list of events → the events shown in it

/** Edit or Delete on an event of a card's history. */
function eventAction(button) {
  const item = button.closest('li.event');
  const list = item.closest('ol.events');
  const event = timelines.get(list)?.find((e) => e.id === item.dataset.event);
  const id = button.closest('li.card').dataset.id;
  if (!event) return;
  const what = t('kind_when', t(`next_kind_${event.kind}`), item.querySelector('.when').textContent);
  if (button.dataset.eventAction === 'delete') {
    remove('event', event.id, what, id);
    return;
  }
  closePanels();
  const slot = document.querySelector(`li[data-id="${CSS.escape(id)}"] .panel-slot`);
  const people = state.data.contacts.filter((c) => c.opportunity === id);
  const form = eventForm({
    event,
    people,
    run,
    done: (answer) => {
      const undo = async () => {
        const back = await send(P.editEvent(answer.previous));
        await changed(back?.ok ? t('restored', what) : t('could_not', refusal(back)), id, null, true);
      };
      return changed(t('next_saved_event'), id, undo, true);
    },
    cancel: () => {
      slot.replaceChildren();
      button.focus();
    },
  });
  slot.replaceChildren(form);
  form.querySelector('input, select, textarea, button')?.focus();
}

/**
 * Asks in the card of `opportunity` before deleting it with its people and its whole
 * history (its Undo lasts only while the popup is open): Cancel, focused, or Escape keep it.
 */
function confirmDelete(opportunity, slot) {
  const cancel = () => {
    slot.replaceChildren();
    document.querySelector(`li[data-id="${CSS.escape(opportunity.id)}"] .menu-button.more`)?.focus();
  };
  const panel = h(
    'div',
    { class: 'panel panel-delete', role: 'alertdialog', 'aria-labelledby': `delete-${opportunity.id}` },
    h('p', { id: `delete-${opportunity.id}` }, t('delete_opportunity_confirm', isolate(opportunity.company))),
    h(
      'p',
      { class: 'buttons' },
      h('button', { type: 'button', class: 'danger', onclick: () => (slot.replaceChildren(), remove('opportunity', opportunity.id, opportunity.company, null)) }, t('next_action_delete')),
      h('button', { type: 'button', 'data-role': 'cancel', onclick: cancel }, t('cancel')),
    ),
  );
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    cancel();
  });
  slot.replaceChildren(panel);
  panel.querySelector('[data-role="cancel"]').focus();
}

/** Opens the form of `action` in the card of opportunity `id` (a delete: asked first, then with undo). */
function openAction(action, id, personId) {
  const opportunity = state.data.opportunities.find((o) => o.id === id);
  if (!opportunity) return;
  closePanels();
  const slot = document.querySelector(`li[data-id="${CSS.escape(id)}"] .panel-slot`);
  if (action === 'delete') return confirmDelete(opportunity, slot);
  const people = state.data.contacts.filter((c) => c.opportunity === id);
  const person = people.find((p) => p.id === personId);
  const cancel = () => {
    slot.replaceChildren();
    document.getElementById(`h-${id}`)?.focus();
  };
  // A closed opportunity given another stage in Edit is open again: its closed events go
  // in the same change, and Undo closes it again as it was (why and when).
  const wasClosed = state.statuses.find((s) => s.opportunity === id)?.closed;
  let closes = [];
  const reopening = async () => {
    closes = wasClosed ? await closedEvents(id) : [];
    return closes.map((e) => P.deleteRecord('event', e.id));
  };
  const done = async (message) => {
    if (action === 'close') return closed(message, opportunity);
    if (closes.length) {
      const undo = async () => {
        const back = await send(P.batch([...closes.map((e) => P.logEvent(e)), P.putOpportunity(opportunity)]));
        await changed(back?.ok ? t('saved_close') : t('could_not', refusal(back)), id);
      };
      return changed(message, id, undo);
    }
    return changed(message, id);
  };
  const form = actionForm(action, { opportunity, people, person, run, done, cancel, reopening });
  if (person) {
    const del = h('button', { type: 'button', class: 'danger', onclick: () => remove('contact', person.id, person.name, id) }, t('delete_person'));
    form.querySelector('.buttons').append(del);
  }
  slot.replaceChildren(form);
  form.querySelector('input, select, textarea, button')?.focus();
}

/** The user's own addresses, normalized (what the settings remember; none when unreadable). */
async function ownAddresses() {
  try {
    const { [KEY.settings]: settings } = await api.storage.local.get(KEY.settings);
    return new Set((settings?.own_addresses ?? []).map(normalize));
  } catch {
    return new Set();
  }
}

async function openTrack() {
  closePanels();
  const slot = $('track-slot');
  const opportunities = state.data.opportunities.filter((o) => o.stage !== 'closed');
  const form = trackForm({
    opportunities,
    own: await ownAddresses(),
    contacts: state.data.contacts,
    prefill: await composePrefill((address) => state.data.contacts.some((c) => c.addresses.some((a) => normalize(a) === address))),
    run,
    done: (message, focusId) => {
      slot.replaceChildren();
      return changed(message, focusId);
    },
    cancel: () => {
      slot.replaceChildren();
      ($('track-open').hidden ? $('first-track') : $('track-open')).focus();
    },
  });
  slot.replaceChildren(form);
  form.querySelector('input').focus();
}

async function exportCalendar() {
  const answer = await calendarFile();
  if (!answer?.ok) {
    toast(t('could_not', refusal(answer)));
    return;
  }
  if (answer.empty) {
    toast(t('calendar_empty'));
    $('calendar').after(toastBox);
    return;
  }
  const name = `too-soon-${today()}.ics`;
  download(answer.file, name, 'text/calendar');
  toast(t('calendar_saved', name));
  $('calendar').after(toastBox); // beside the button clicked
  document.body.dataset.calendar = name;
}

async function start() {
  // When the script started (ms since the page opened; the benchmark reads it).
  document.body.dataset.startedAt = String(performance.now());
  localize();
  $('track-open').addEventListener('click', openTrack);
  $('first-track').addEventListener('click', openTrack);
  $('search').addEventListener('input', filter);
  for (const list of [$('list'), $('archive-list')]) {
    listen(list, openAction, openTimeline);
    list.addEventListener('click', (event) => {
      const button = event.target.closest('.events button[data-event-action]');
      if (button) eventAction(button);
    });
  }
  // A click elsewhere closes the cards' menus.
  document.addEventListener('click', (event) => {
    if (!event.target.closest('.menu-button, .menu')) closeMenus();
  });
  $('calendar').addEventListener('click', exportCalendar);
  wireWayOut(refresh);
  // Opens the options page in a tab (the link's own target is the fallback).
  $('options').addEventListener('click', (event) => {
    if (!api.runtime.openOptionsPage) return;
    event.preventDefault();
    api.runtime.openOptionsPage().then(() => window.close());
  });
  const shown = await firstShow();
  // Opened from the welcome page to track the first person: the quick form at once.
  if (new URLSearchParams(location.search).has('track') && shown) await openTrack();
  // The footer's engine version is asked once the list is up.
  const pong = await send(P.ping());
  $('engine-version').textContent = pong?.engine ?? '?';
  document.body.dataset.ready = String(shown);
}

start().catch((error) => {
  $('summary').textContent = t('no_start', error?.message ?? String(error));
});

