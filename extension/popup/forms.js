// Small forms built from a list of fields, and the engine's answers shown beside them.
// A field: {name, label, type: text|email|date|datetime|select|checkbox|checks|textarea,
// options: [[value, label]], value, path: where the engine reports its problems}.
import { h } from '../shared/dom.js';
import { localRfc3339 } from '../shared/time.js';
import { t } from '../shared/i18n.js';
import { problem, problems } from '../shared/say.js';

let counter = 0;

/** `datetime-local` wants "YYYY-MM-DDTHH:MM" in local time. */
export const nowLocalInput = () => localRfc3339(new Date()).slice(0, 16);

function control(field, id, describedBy) {
  const common = { id, name: field.name, 'aria-describedby': describedBy };
  switch (field.type) {
    case 'select':
      return h(
        'select',
        common,
        field.options.map(([value, label]) => h('option', { value, selected: value === field.value }, label)),
      );
    case 'checkbox':
      return h('input', { ...common, type: 'checkbox', checked: Boolean(field.value) });
    case 'textarea':
      return h('textarea', { ...common, rows: 2 }, field.value ?? '');
    case 'datetime':
      // Without a value: now (read back as the moment of submitting when left so).
      return field.value
        ? h('input', { ...common, type: 'datetime-local', value: localRfc3339(new Date(field.value)).slice(0, 16) })
        : h('input', { ...common, type: 'datetime-local', value: nowLocalInput(), dataset: { now: '' } });
    default:
      return h('input', { ...common, type: field.type ?? 'text', value: field.value ?? '', autocomplete: 'off' });
  }
}

function row(field) {
  const id = `f${(counter += 1)}-${field.name}`;
  const error = h('span', { class: 'error', id: `${id}-error`, dataset: { path: field.path ?? '' } });
  if (field.type === 'checks') {
    return h(
      'fieldset',
      { class: 'checks', 'aria-describedby': error.id },
      h('legend', {}, field.label),
      field.options.map(([value, label], i) =>
        h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', name: field.name, value, checked: (field.value ?? []).includes(value), id: `${id}-${i}` }),
          ` ${label}`,
        ),
      ),
      error,
    );
  }
  const input = control(field, id, error.id);
  if (field.type === 'checkbox') return h('p', { class: 'row check' }, input, h('label', { for: id }, ` ${field.label}`), error);
  return h('p', { class: 'row' }, h('label', { for: id }, field.label), input, error);
}

/**
 * A form: `fields`, then `buttons` ([{value, label}]),
 * `onSubmit(values, value of the button pressed)` returns the engine's answer (or null when all went well).
 */
export function buildForm({ title, note = null, fields, more = [], buttons, onSubmit, onCancel, className = '', heading = 'h3' }) {
  const general = h('ul', { class: 'problems' });
  fields = [...fields, ...more];
  const form = h(
    'form',
    { class: `panel ${className}`, 'aria-label': title, novalidate: true },
    h(heading, { class: 'panel-title' }, title),
    note ? h('p', { class: 'note' }, note) : null,
    fields.filter((f) => !more.includes(f)).map(row),
    h('div', { role: 'alert' }, general),
    h(
      'p',
      { class: 'buttons' },
      buttons.map((b) => h('button', { type: 'submit', value: b.value ?? '', class: b.primary === false ? '' : 'primary' }, b.label)),
      onCancel ? h('button', { type: 'button', onclick: onCancel }, t('cancel')) : null,
    ),
    more.length ? h('details', { class: 'more' }, h('summary', {}, t('next_more_fields')), more.map(row)) : null,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values = read(form, fields);
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    clearProblems(form);
    try {
      showProblems(form, await onSubmit(values, e.submitter?.value ?? ''));
    } finally {
      for (const b of form.querySelectorAll('button')) b.disabled = false;
    }
  });
  form.addEventListener('input', (e) => changed(e.target));
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && onCancel) {
      e.preventDefault();
      onCancel();
    }
  });
  return form;
}

/**
 * A moment field's value. Left as it was, it is the moment it stood for, to the second:
 * the moment of submitting for "now", the moment edited otherwise (the field shows
 * minutes only; an edit of a note must not move its event). Changed: the minute typed,
 * in local time. Emptied: ''.
 */
function moment(el, field) {
  if (el.value && el.value === el.defaultValue) return 'now' in el.dataset ? localRfc3339(new Date(), true) : field.value;
  return el.value ? localRfc3339(new Date(el.value)) : '';
}

function read(form, fields) {
  const values = {};
  for (const field of fields) {
    if (field.type === 'checks') {
      values[field.name] = [...form.querySelectorAll(`input[name="${field.name}"]:checked`)].map((i) => i.value);
      continue;
    }
    const el = form.elements.namedItem(field.name);
    if (!el) continue;
    if (field.type === 'checkbox') values[field.name] = el.checked;
    else if (field.type === 'datetime') values[field.name] = moment(el, field);
    else values[field.name] = el.value.trim();
  }
  return values;
}

/**
 * A field changed (by the user, or filled in from another): the problem shown beside it
 * goes, as it may no longer hold (the engine judges it again at the next submit).
 */
export function changed(el) {
  const field = el?.closest?.('[aria-invalid="true"]');
  if (!field) return;
  field.removeAttribute('aria-invalid');
  const spot = document.getElementById(field.getAttribute('aria-describedby'));
  if (spot?.classList.contains('error')) spot.textContent = '';
}

/** Clears what `showProblems` showed. */
function clearProblems(form) {
  for (const spot of form.querySelectorAll('.error')) spot.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  form.querySelector('.problems').replaceChildren();
}

/**
 * Shows an error answer at once: each problem (`{path, code, values}`) in words beside
 * the field whose path it starts with (the path itself is not shown), the rest (and an
 * answer without problems, by its code) in the form's list. Null clears them. A field
 * folded under "More" is unfolded.
 */
export function showProblems(form, answer) {
  clearProblems(form);
  if (!answer || answer.ok) return;
  const spots = [...form.querySelectorAll('.error')];
  const general = form.querySelector('.problems');
  // Each problem in words beside its field (found by its path); the others in the list.
  let first = null;
  for (const p of problems(answer)) {
    const { path } = p;
    const text = problem(p);
    const spot = spots.find((s) => path && s.dataset.path && (path === s.dataset.path || path.startsWith(`${s.dataset.path}[`) || path.startsWith(`${s.dataset.path}.`)));
    if (spot) {
      spot.textContent = spot.textContent ? `${spot.textContent} ${text}` : text;
      const input = form.querySelector(`[aria-describedby="${spot.id}"]`);
      input?.setAttribute('aria-invalid', 'true');
      const folded = spot.closest('details');
      if (folded) folded.open = true;
      first ??= input;
    } else {
      general.append(h('li', {}, text));
    }
  }
  // The first field with a problem, in the form's order.
  (first ? form.querySelector('[aria-invalid="true"]') : form.querySelector('button'))?.focus();
}
