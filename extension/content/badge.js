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
// whole explanation: whom it is about, every reason with its rule and sources, the next
// good moment and the hints. Escape closes it. It may also ask "Send anyway?" (ask before
// sending), and "Is this Carol Partner (Acme)?" about a chip that shows only a name, and
// say "Keep it short: 212 words" when the engine's H-SHORT hint holds for the draft.
//
// It fits the page (fit.js): never wrapping, never clipped, never making the action bar
// taller; when its full line does not fit beside Send it turns compact (the dot and the
// verdict in a word; the full line as its tooltip and name, and in the explanation on focus), measured
// again when the compose's width changes. The explanation opens where it covers neither
// Send nor the body, inside the viewport; Escape, a click outside or the compose closing
// close it. Light or dark follows the page's own background (theme.js), not the OS.
import { CLASSIFICATIONS, LEVELS } from '../shared/contract.js';
import { headline, ruleName, say, sentence, sources } from '../shared/say.js';
import { isolate, labelled, list, moment, plural, t } from '../shared/words.js';
import { chooseForm, panelPlace, barOf, viewportRect } from './fit.js';
import { darkBehind } from './theme.js';
import { BASE, el, actionButton, shadowHost } from './ui.js';

const label = (level) => t(`badge_level_${level}`);
/** The verdict in a word (the compact badge, the panel's heading): its level's, but "Closed" for a closed opportunity. */
const word = (verdict) => (verdict.heading?.id === 'closed' ? say('short_closed') : label(verdict.level));

const STYLE = `${BASE}
:host{all:initial;display:inline-flex;vertical-align:middle;align-self:center;flex:none;margin:0 8px;font:500 12px/16px system-ui,sans-serif;white-space:nowrap}
.frame{display:contents}
[hidden]{display:none!important}
.live{display:inline-flex;align-items:center;gap:6px;white-space:nowrap}
button{line-height:16px;padding:2px 9px}
.badge{display:inline-flex;align-items:center;gap:6px;white-space:nowrap}
.dot{width:8px;height:8px;border-radius:50%;background:currentColor;flex:none}
.encouraged .dot{width:11px;height:11px;border-radius:0;clip-path:polygon(50% 0,63% 35%,100% 38%,70% 60%,80% 100%,50% 77%,20% 100%,30% 60%,0 38%,37% 35%)}
.compact .note,.dot-only .note,.dot-only .line{display:none}
.act{color:#174ea6;background:#fff;border-color:#a8c7fa}
.ask{color:#fff;background:#b3261e;border-color:#b3261e}
.encouraged{color:#0b5d1e;background:#e6f4ea;border-color:#9fd3ad}
.ok{color:#174ea6;background:#e8f0fe;border-color:#a8c7fa}
.too_soon{color:#7a4100;background:#fef3e0;border-color:#f6c26b}
.stop{color:#8c1d18;background:#fce8e6;border-color:#f2a29c}
.move_on{color:#3c4043;background:#f1f3f4;border-color:#bdc1c6}
.panel{position:fixed;z-index:2147483647;box-sizing:border-box;border:1px solid #bdc1c6;background:#fff;color:#202124;box-shadow:0 4px 16px #0004;width:min(30em,92vw);overflow:auto;padding:12px 14px;border-radius:8px;font:13px/1.4 system-ui,sans-serif;white-space:normal}
h2{font-size:14px;margin:0 0 6px}
h3{font-size:12px;margin:10px 0 4px;text-transform:uppercase}
p,ul{margin:4px 0}
ul{padding-left:18px}
small{display:block}
.note,small,h3{color:#5f6368}
.panel .encouraged{padding:6px 8px;border-radius:6px;border:1px solid}
.dark .encouraged{color:#a8dab5;background:#0d3a1a;border-color:#2d6a3e}
.dark .ok{color:#a8c7fa;background:#0b2a5c;border-color:#2f5597}
.dark .too_soon{color:#fdd99b;background:#4a2a00;border-color:#8a5a10}
.dark .stop{color:#f6aea9;background:#5c1410;border-color:#9c3a33}
.dark .move_on{color:#dadce0;background:#303134;border-color:#5f6368}
.dark .act,.dark .panel{color:#e8eaed;background:#202124;border-color:#5f6368}
.dark .note,.dark small,.dark h3{color:#9aa0a6}`;

const parts = new WeakMap(); // host → { live, button, line, panel, model }

/** One reason or hint: its sentence, then the rule's name and the articles behind it (as in the popup). */
function reasonItem(reason) {
  const item = el('li', null, sentence(reason));
  item.append(el('small', null, [ruleName(reason), sources(reason)].join(' · ')));
  return item;
}

function reasonList(panel, title, reasons) {
  if (!reasons?.length) return;
  const ul = el('ul');
  ul.append(...reasons.map(reasonItem));
  panel.append(el('h3', null, title), ul);
}

/**
 * The panel: the verdict in brief at once (from the view), then the reasons and hints,
 * which `model.explain()` asks of the background.
 */
function fillPanel(p) {
  const { model, panel } = p;
  const { verdict, name, address } = model;
  const head = el('div');
  const about = name && name !== address ? t('name_address', isolate(name), isolate(address)) : isolate(address);
  head.append(el('h2', null, labelled(word(verdict), about)));
  head.append(el('p', verdict.level === 'encouraged' ? 'encouraged' : null, headline(verdict)));
  // The other tracked recipients, each with their own level: the strictest is shown.
  const others = model.others ?? [];
  if (others.length) head.append(el('p', null, plural(others.length, 'badge_others', list(others.map((o) => t('badge_other', isolate(o.name), isolate(word(o.verdict))))))));
  if (verdict.warn) {
    const next = verdict.suggested_at ?? verdict.next_ok_at;
    head.append(el('p', null, next ? t('badge_next', moment(next)) : t('badge_no_next')));
  }
  if (CLASSIFICATIONS.includes(verdict.classification)) head.append(el('p', null, t(`badge_kind_${verdict.classification}`)));
  p.details = el('div');
  panel.replaceChildren(head, p.details);
  const key = `${address}|${verdict.level}|${headline(verdict)}|${model.short}`;
  if (p.explained?.key !== key) {
    p.explained = { key, verdict: undefined };
    const asked = p.explained;
    Promise.resolve(model.explain())
      .catch(() => null)
      .then((full) => {
        asked.verdict = full ?? null;
        if (p.explained !== asked) return;
        fillDetails(p);
        if (p.panel) place(p.host, p);
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
    reasonList(details, t('badge_why'), full.reasons);
    reasonList(details, t('badge_hints'), full.hints);
  }
}

/** Opens the panel where it covers neither Send nor the body nor the badge, in the viewport. */
function place(host, p) {
  const { panel } = p;
  const ctx = p.ctx;
  const hostRect = host.getBoundingClientRect();
  const compose = ctx?.compose?.isConnected ? ctx.compose.getBoundingClientRect() : hostRect;
  const bar = ctx?.compose?.isConnected ? barOf(host, ctx.compose).getBoundingClientRect() : hostRect;
  const avoid = [hostRect];
  for (const part of [ctx?.send, ctx?.body?.()]) if (part?.isConnected) avoid.push(viewportRect(part));
  panel.style.maxHeight = 'none';
  panel.style.width = '';
  const natural = panel.offsetWidth;
  // Its height at a column's width: measured there, as narrower text wraps onto more lines.
  const heightAt = (width) => {
    panel.style.width = width === natural ? '' : `${width}px`;
    return panel.scrollHeight + 2;
  };
  const spot = panelPlace({
    width: natural,
    height: heightAt,
    bar,
    compose,
    avoid,
    viewport: { width: document.documentElement.clientWidth || innerWidth, height: innerHeight },
  });
  panel.style.width = `${spot.width}px`;
  panel.style.left = `${spot.left}px`;
  panel.style.top = `${spot.top}px`;
  panel.style.maxHeight = `${spot.maxHeight}px`;
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
    p.frame.append(p.panel);
    place(host, p);
    // A click anywhere else closes it (the compose gone too).
    p.outside = (event) => {
      if (!host.isConnected || !event.composedPath().includes(host)) setOpen(host, false);
    };
    addEventListener('pointerdown', p.outside, true);
  } else {
    removeEventListener('pointerdown', p.outside, true);
    p.panel.remove();
    p.panel = null;
  }
}

/**
 * Shows the badge in `form`: 'full' (the line), 'compact' (the dot and the level's word)
 * or, where even that does not fit, 'dot' (the dot alone).
 */
function applyForm(p, form) {
  p.form = form;
  p.live.classList.toggle('compact', form === 'compact');
  p.live.classList.toggle('dot-only', form === 'dot');
  const text = form === 'full' ? p.text : p.word;
  if (p.line.getAttribute('data-text') !== text) p.line.setAttribute('data-text', text);
  if (form !== 'full') p.button.setAttribute('aria-label', p.full);
  else p.button.removeAttribute('aria-label');
}

const FORMS = ['full', 'compact', 'dot'];

/** Chooses the form that fits now (see fit.js) and the theme of the page behind. */
function fit(host) {
  const p = parts.get(host);
  if (!p.ctx || !host.isConnected) return;
  p.frame.classList.toggle('dark', darkBehind(host.parentElement));
  if (!p.model?.verdict) return; // only a question: no form to choose
  const form = chooseForm(host, p.ctx, FORMS, (f) => applyForm(p, f));
  if (form === null) {
    p.width = null; // measured once it is laid out (its size changes then)
    return;
  }
  if (form !== p.form) applyForm(p, form);
  p.width = p.ctx.compose.getBoundingClientRect().width;
}

/** Fits again when the compose's width changes (after the frame that changed it). */
function watchWidth(host, compose) {
  const p = parts.get(host);
  if (p.watched === compose) return;
  p.observer?.disconnect();
  p.watched = compose;
  p.observer = new ResizeObserver(() => {
    if (p.frameRequest) return;
    p.frameRequest = requestAnimationFrame(() => {
      p.frameRequest = 0;
      if (!host.isConnected) return p.observer?.disconnect();
      if (compose.getBoundingClientRect().width !== p.width) fit(host);
      if (p.panel) place(host, p);
    });
  });
  p.observer.observe(compose);
}

function create() {
  const { host, root } = shadowHost('data-too-soon', STYLE);
  const frame = el('span', 'frame');
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
  frame.append(live);
  root.append(frame);
  const p = { host, root, frame, live, button, line, panel: null, model: null, pointer: false, form: 'full', text: '', full: '', word: '' };
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
   *   recipient), others: the other tracked recipients ([{ name, verdict }]), question: { label, confirm() } or null (a name-only chip that resembles
   *   a tracked name: "Is this …?"), asking (ask before sending), sendAnyway(),
   *   short: the draft's word count when H-SHORT holds, else null,
   *   explain(): a promise of the full verdict (reasons, hints) or null }.
   */
  show(host, model) {
    host ??= create();
    const p = parts.get(host);
    const { verdict } = model;
    p.model = model;
    // Only a question (no tracked recipient yet): the question alone, no level.
    p.button.hidden = !verdict;
    const short = verdict && model.short ? t('badge_short', model.short) : null;
    if (!verdict) {
      host.removeAttribute('data-level');
      if (p.panel) setOpen(host, false);
    } else {
      const level = LEVELS.includes(verdict.level) ? verdict.level : 'ok';
      p.level = level;
      host.setAttribute('data-level', level);
      p.button.className = `badge ${level}`;
      const line = headline(verdict);
      p.text = model.several ? labelled(isolate(model.name), isolate(line)) : line;
      p.word = word(verdict);
      // Every headline says the level in its own words ("Too soon? …"): no word before it.
      p.full = [p.text, short].filter(Boolean).join(' · ');
      p.button.title = p.full;
    }

    // Extra controls live in the live region, so they are announced when they appear.
    const question = model.question;
    const key = `${question?.label ?? ''}|${model.asking}|${short}`;
    if (p.extras !== key) {
      p.extras = key;
      // A control about to go may have the focus: it moves to the badge (panel closed).
      // The badge itself stays in place, so its own focus and open panel stay too.
      const focused = p.root.activeElement;
      for (const control of [...p.live.children]) if (control !== p.button) control.remove();
      if (focused && focused !== p.button && !focused.isConnected) focusQuietly(p);
      if (question) p.button.before(actionButton(question.label, question.confirm));
      if (short) p.button.after(el('span', 'note', short));
      if (model.asking) p.live.append(actionButton(t('badge_send_anyway'), model.sendAnyway, 'ask'));
    }
    if (verdict) applyForm(p, p.form);
    if (p.panel && verdict) fillPanel(p);
    return host;
  },

  /**
   * Fits the badge (placed already) to its compose: `ctx` { compose, send, body() }.
   * Measures now and again when the compose's width changes.
   */
  fit(host, ctx) {
    const p = parts.get(host);
    if (!p) return;
    p.ctx = ctx;
    watchWidth(host, ctx.compose);
    fit(host);
  },
};
