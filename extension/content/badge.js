// The badge beside Send. Its host element is a public contract (tests and user styles
// rely on it): `<span data-too-soon data-level="…">`, with one of the engine's five
// levels. Everything inside lives in a closed shadow root, so the page can neither read
// nor restyle it. Its words are never text nodes: each element shows its `data-text`
// through CSS generated content (`::before { content: attr(data-text) }`), which screen
// readers read but which a page's `window.find()`, selection and copy cannot reach (a
// closed shadow root alone does not hide text from `window.find`). Data inserted into a
// sentence (a name, an address, the engine's sentence about them) is bidi-isolated, so
// it cannot reorder the rest; dates are our own words (Intl, the browser's language).
//
// Closed, it shows the level and the verdict's one-line headline (shared/say.js), in a live region so a
// change is announced. Clicked or focused from the keyboard, it opens a panel with the
// whole explanation: whom it is about, every reason with its dates and sources, the next
// good moment and the hints. Escape closes it. It may also ask "Send anyway?" (ask before
// sending), and "Is this Carol Partner (Acme)?" about a chip that shows only a name.
import { headline, sentence } from '../shared/say.js';
import { isolate, moment, t, when } from '../shared/words.js';

const LEVELS = ['encouraged', 'ok', 'move_on', 'too_soon', 'stop'];
const KINDS = ['thank_you', 'answer', 'initiated'];
const label = (level) => t(`badge_level_${level}`);

const STYLE = `
:host{all:initial;display:inline-flex;vertical-align:middle;margin:0 8px;font:500 12px/1.3 system-ui,sans-serif}
[data-text]::before{content:attr(data-text)}
[hidden]{display:none!important}
.live{display:inline-flex;align-items:center;gap:6px}
button{font:inherit;cursor:pointer;border:1px solid;border-radius:999px;padding:4px 10px}
button:focus-visible{outline:2px solid #1a73e8;outline-offset:2px}
.badge{display:inline-flex;align-items:center;gap:6px;max-width:38em;white-space:nowrap}
.dot{width:8px;height:8px;border-radius:50%;background:currentColor;flex:none}
.encouraged .dot{width:11px;height:11px;border-radius:0;clip-path:polygon(50% 0,63% 35%,100% 38%,70% 60%,80% 100%,50% 77%,20% 100%,30% 60%,0 38%,37% 35%)}
.line{overflow:hidden;text-overflow:ellipsis}
.act{color:#174ea6;background:#fff;border-color:#a8c7fa}
.ask{color:#fff;background:#b3261e;border-color:#b3261e}
.encouraged{color:#0b5d1e;background:#e6f4ea;border-color:#9fd3ad}
.ok{color:#174ea6;background:#e8f0fe;border-color:#a8c7fa}
.too_soon{color:#7a4100;background:#fef3e0;border-color:#f6c26b}
.stop{color:#8c1d18;background:#fce8e6;border-color:#f2a29c}
.move_on{color:#3c4043;background:#f1f3f4;border-color:#bdc1c6}
.panel{position:fixed;z-index:2147483647;width:min(30em,92vw);overflow:auto;padding:12px 14px;border:1px solid #bdc1c6;
border-radius:8px;background:#fff;color:#202124;box-shadow:0 4px 16px #0004;font:13px/1.4 system-ui,sans-serif}
h2{font-size:14px;margin:0 0 6px}
h3{font-size:12px;margin:10px 0 4px;text-transform:uppercase}
p,ul{margin:4px 0}
ul{padding-left:18px}
small{display:block}
small,h3{color:#5f6368}
.panel .encouraged{padding:6px 8px;border-radius:6px;border:1px solid}
@media (prefers-color-scheme:dark){
.encouraged{color:#a8dab5;background:#0d3a1a}
.ok{color:#a8c7fa;background:#0b2a5c}
.too_soon{color:#fdd99b;background:#4a2a00}
.stop{color:#f6aea9;background:#5c1410}
.move_on{color:#dadce0;background:#303134}
.act,.panel{color:#e8eaed;background:#202124}
small,h3{color:#9aa0a6}}`;

const parts = new WeakMap(); // host → { live, button, line, panel, model }

/** An element; its `text` shown by the style sheet's generated content (see above). */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.setAttribute('data-text', text);
  return node;
}

/** One reason or hint: its sentence, then the rule's name, its dates and its articles. */
function reasonItem(reason) {
  const item = el('li', null, sentence(reason));
  const d = reason.data ?? {};
  const facts = [t(`rule_${reason.rule.replaceAll('-', '_')}`)];
  if (d.since) facts.push(t('badge_since', when(d.since)));
  if (d.date) facts.push(t('badge_date', when(d.date)));
  if (d.until) facts.push(t('badge_until', when(d.until)));
  if (d.dates?.length) facts.push(t('badge_on', d.dates.map((x) => when(x)).join(', ')));
  if (reason.sources?.length) {
    facts.push(t('badge_articles', reason.sources.map((n) => String(n).padStart(3, '0')).join(', ')));
  }
  item.append(el('small', null, facts.join(' · ')));
  return item;
}

function list(panel, title, reasons) {
  if (!reasons?.length) return;
  const ul = el('ul');
  ul.append(...reasons.map(reasonItem));
  panel.append(el('h3', null, title), ul);
}

function actionButton(label, action) {
  const button = el('button', 'act', label);
  button.type = 'button';
  button.addEventListener('click', (event) => {
    event.stopPropagation();
    if (event.isTrusted) action(); // the user's click or key, never a script's
  });
  return button;
}

/**
 * The panel: the verdict in brief at once (from the view), then the reasons and hints,
 * which `model.explain()` asks of the background.
 */
function fillPanel(p) {
  const { model, panel } = p;
  const { verdict, name, address } = model;
  const head = el('div');
  const about = name && name !== address ? `${isolate(name)} <${isolate(address)}>` : isolate(address);
  head.append(el('h2', null, `${label(verdict.level)}: ${about}`));
  head.append(el('p', verdict.level === 'encouraged' ? 'encouraged' : null, headline(verdict)));
  if (verdict.warn) {
    const next = verdict.suggested_at ?? verdict.next_ok_at;
    head.append(el('p', null, next ? t('badge_next', moment(next)) : t('badge_no_next')));
  }
  if (KINDS.includes(verdict.classification)) head.append(el('p', null, t(`badge_kind_${verdict.classification}`)));
  p.details = el('div');
  panel.replaceChildren(head, p.details);
  const key = `${address}|${verdict.level}|${headline(verdict)}`;
  if (p.explained?.key !== key) {
    p.explained = { key, verdict: undefined };
    const asked = p.explained;
    Promise.resolve(model.explain())
      .catch(() => null)
      .then((full) => {
        asked.verdict = full ?? null;
        if (p.explained === asked) fillDetails(p);
      });
  }
  fillDetails(p);
}

function fillDetails(p) {
  const { details } = p;
  const full = p.explained?.verdict;
  details.replaceChildren();
  if (full === undefined) details.append(el('p', null, t('badge_reading')));
  else if (!full) details.append(el('p', null, t('badge_unavailable')));
  else {
    list(details, t('badge_why'), full.reasons);
    list(details, t('badge_hints'), full.hints);
  }
}

function place(host, panel) {
  const rect = host.getBoundingClientRect();
  const above = rect.top > innerHeight / 2;
  panel.style.left = `${Math.max(4, Math.min(rect.left, innerWidth - panel.offsetWidth - 4))}px`;
  panel.style.top = above ? '' : `${rect.bottom + 6}px`;
  panel.style.bottom = above ? `${innerHeight - rect.top + 6}px` : '';
  panel.style.maxHeight = `${(above ? rect.top : innerHeight - rect.bottom) - 16}px`;
}

/** Moves the focus to the badge without opening its panel. */
function focusQuietly(p) {
  if (p.root.activeElement === p.button) return;
  p.pointer = true;
  p.button.focus();
  p.pointer = false;
}

function setOpen(host, open) {
  const p = parts.get(host);
  if (open === !!p.panel) {
    if (open) fillPanel(p);
    return;
  }
  p.button.setAttribute('aria-expanded', String(open));
  if (open) {
    p.panel = el('div', 'panel');
    p.panel.id = 'panel';
    p.panel.setAttribute('role', 'region');
    p.panel.setAttribute('aria-label', t('badge_panel'));
    fillPanel(p);
    p.root.append(p.panel);
    place(host, p.panel);
  } else {
    p.panel.remove();
    p.panel = null;
  }
}

function create() {
  const host = document.createElement('span');
  host.setAttribute('data-too-soon', '');
  const root = host.attachShadow({ mode: 'closed' });
  const live = el('span', 'live');
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  const button = el('button', 'badge');
  button.type = 'button';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'panel');
  const line = el('span', 'line');
  button.append(el('span', 'dot'), line);
  live.append(button);
  const style = el('style');
  style.textContent = STYLE;
  root.append(style, live);
  const p = { root, live, button, line, panel: null, model: null, pointer: false };
  parts.set(host, p);

  button.addEventListener('pointerdown', () => (p.pointer = true));
  button.addEventListener('click', () => setOpen(host, !p.panel));
  // Keyboard focus opens it; a pointer's focus (or ours) leaves that to the click.
  button.addEventListener('focus', () => {
    if (!p.pointer) setOpen(host, true);
    p.pointer = false;
  });
  root.addEventListener('focusout', (event) => {
    if (!root.contains(event.relatedTarget)) setOpen(host, false);
  });
  // Only the keys the badge handles stay inside it; the page keeps every other one.
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && p.panel) {
      setOpen(host, false);
      focusQuietly(p);
      event.stopPropagation();
      event.preventDefault();
    } else if ((event.key === 'Enter' || event.key === ' ') && event.target.localName === 'button' && !event.ctrlKey && !event.metaKey) {
      event.stopPropagation();
    }
  });
  return host;
}

export const badge = {
  /**
   * Shows `model` in `host` (made when absent) and returns the host. `model`:
   * { verdict (null: only a question), name, address, several (more than one tracked
   *   recipient), question: { label, confirm() } or null (a name-only chip that resembles
   *   a tracked name: "Is this …?"), asking (ask before sending), sendAnyway(),
   *   explain(): a promise of the full verdict (reasons, hints) or null }.
   */
  show(host, model) {
    host ??= create();
    const p = parts.get(host);
    const { verdict } = model;
    p.model = model;
    // Only a question (no tracked recipient yet): the question alone, no level.
    p.button.hidden = !verdict;
    if (!verdict) {
      host.removeAttribute('data-level');
      if (p.panel) setOpen(host, false);
    } else {
      const level = LEVELS.includes(verdict.level) ? verdict.level : 'ok';
      host.setAttribute('data-level', level);
      p.button.className = `badge ${level}`;
      const line = headline(verdict);
      const text = model.several ? `${isolate(model.name)}: ${isolate(line)}` : line;
      if (p.line.getAttribute('data-text') !== text) p.line.setAttribute('data-text', text);
      p.button.title = `${label(level)}: ${text}`;
    }

    // Extra controls live in the live region, so they are announced when they appear.
    const question = model.question;
    const key = `${question?.label ?? ''}|${model.asking}`;
    if (p.extras !== key) {
      p.extras = key;
      // A control about to go may have the focus: it moves to the badge (panel closed).
      const focused = p.root.activeElement;
      p.live.replaceChildren(p.button);
      if (focused && focused !== p.button && !focused.isConnected) focusQuietly(p);
      if (question) p.button.before(actionButton(question.label, question.confirm));
      if (model.asking) {
        const ask = actionButton(t('badge_send_anyway'), model.sendAnyway);
        ask.className = 'ask';
        p.button.after(ask);
      }
    }
    if (p.panel && verdict) fillPanel(p);
    return host;
  },
};
