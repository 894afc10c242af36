// The popup and the options page, driven as a person would: every quick action checked by
// what is stored and by what the engine then says; axe-core on every state reached;
// keyboard-only flows; screenshots (Chromium) into docs/screenshots/.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DAY, waitFor, send, storage, writeStorage, clearStorage, until } from './helpers.js';

const AXE = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const POPUP = 'popup/popup.html';
const OPTIONS = 'options/options.html';

export const iso = (ms) => new Date(ms).toISOString();

/** A history file: `n` opportunities (applied `i` days ago), each with one recruiter. */
function many(n, closed = 0) {
  const file = { format: 'too-soon', version: 1, opportunities: [], contacts: [], events: [] };
  for (let i = 0; i < n; i += 1) {
    const id = `m${i}`;
    file.opportunities.push({ id, company: i === 2 ? 'Société Générale' : `Company ${i}`, role: `Role ${i}`, stage: i < closed ? 'closed' : 'applied' });
    file.contacts.push({ id: `${id}-c`, opportunity: id, name: `Person ${i}`, role: 'recruiter', addresses: [`p${i}@company${i}.example`] });
    file.events.push({ id: `${id}-e`, opportunity: id, kind: 'application', at: iso(Date.now() - (i % 20) * DAY - 3600000) });
  }
  return file;
}

/** Acme, applied 10 days ago, with Dana (hiring manager) and Sam (interviewer). */
export const ACME = {
  format: 'too-soon',
  version: 1,
  opportunities: [{ id: 'acme', company: 'Acme', role: 'Backend Engineer', stage: 'applied' }],
  contacts: [
    { id: 'dana', opportunity: 'acme', name: 'Dana Hill', role: 'hiring_manager', addresses: ['dana@acme.example'] },
    { id: 'sam', opportunity: 'acme', name: 'Sam Lee', role: 'interviewer', addresses: ['sam@acme.example'] },
  ],
  events: [{ id: 'acme-applied', opportunity: 'acme', kind: 'application', at: iso(Date.now() - 10 * DAY) }],
};

export async function restore(page, file) {
  const answer = await send(page, { v: 1, type: 'import', file: JSON.stringify(file), mode: 'replace' });
  assert.equal(answer.ok, true, JSON.stringify(answer));
}

export async function open(driver, path = POPUP) {
  const page = await driver.extensionPage(path);
  await waitFor(page, () => document.body.dataset.ready === 'true', null, path);
  // Keys go to the tab in front (Firefox activates a button by Enter only there).
  await page.bringToFront();
  return page;
}

/** axe-core in the page: every violation as "rule: targets". */
export async function axe(page, state) {
  const violations = await page.evaluate(async (source) => {
    if (!globalThis.axe) (0, eval)(source);
    const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, AXE);
  assert.deepEqual(violations, [], `axe, ${state}`);
}

export const changes = (page) => page.evaluate(() => Number(document.body.dataset.changes ?? 0));

/** Clicks a card's action button (opening its menus as a person would, to find it). */
async function press(page, id, name) {
  await page.evaluate(
    ({ id, name }) => {
      const card = document.querySelector(`li[data-id="${id}"]`);
      const find = () => card.querySelector(`[data-action="${name}"]`);
      // A menu's items exist once it has been opened: open the card's menus until found.
      for (const menu of card.querySelectorAll('.menu-button')) if (!find()) menu.click();
      find().click();
    },
    { id, name },
  );
}

/** Clicks a card's action button and waits for its form. */
export async function action(page, id, name) {
  await press(page, id, name);
  await waitFor(page, ({ id, name }) => document.querySelector(`li[data-id="${id}"] form.panel-${name}`) !== null, { id, name }, `the ${name} form`);
}

/**
 * Fills the open form (`values`: name → value, `true`/`false` for checkboxes, a list for
 * checkbox groups), presses the submit button whose value is `button` (or the first),
 * and waits until the popup has read everything again. Returns the form's problems when
 * the engine refused (the form stays open).
 */
export async function submit(page, values, button = '') {
  const before = await changes(page);
  const refused = await page.evaluate(
    async ({ values, button }) => {
      const form = document.querySelector('form.panel');
      for (const [name, value] of Object.entries(values)) {
        if (Array.isArray(value)) {
          for (const box of form.querySelectorAll(`input[name="${name}"]`)) box.checked = value.includes(box.value);
          continue;
        }
        const el = form.elements.namedItem(name);
        if (typeof value === 'boolean') el.checked = value;
        else el.value = value;
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }
      const buttons = [...form.querySelectorAll('button[type="submit"]')];
      (buttons.find((b) => b.value === button) ?? buttons[0]).click();
      for (let i = 0; i < 200; i += 1) {
        await new Promise((r) => setTimeout(r, 25));
        const errors = [...form.querySelectorAll('.error, .problems li')].map((e) => e.textContent).filter(Boolean);
        if (errors.length) return { errors, paths: [...form.querySelectorAll('.error')].filter((e) => e.textContent).map((e) => e.dataset.path) };
        if (!form.isConnected) return null;
      }
      return { errors: ['the form neither closed nor showed a problem'] };
    },
    { values, button },
  );
  if (!refused) await waitFor(page, (n) => Number(document.body.dataset.changes ?? 0) > n, before, 'the popup to refresh');
  return refused;
}

export const status = async (page, id) => {
  const answer = await send(page, { v: 1, type: 'status' });
  assert.equal(answer.ok, true);
  return answer.opportunities.find((o) => o.opportunity === id);
};
export const events = async (page, kind) => Object.values(await storage(page)).filter((v) => v?.kind === kind);
/** What a card shows: its step (id and tone), the step in words, its primary button, people. */
export const shown = (page, id) =>
  page.evaluate((id) => {
    const card = document.querySelector(`li[data-id="${id}"]`);
    if (!card) return null;
    return {
      step: card.dataset.step,
      tone: card.dataset.tone,
      next: card.querySelector('.next').textContent,
      primary: card.querySelector('.step-action')?.textContent ?? null,
      pills: card.querySelectorAll('.level').length,
      people: [...card.querySelectorAll('.person')].map((b) => b.textContent),
      archived: Boolean(card.closest('#archive-list')),
    };
  }, id);

/** Presses Tab until the focused element matches `selector` (at most 60 times). */
export async function tabTo(page, selector) {
  for (let i = 0; i < 60; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}
/** Selects all of the focused field's text by keyboard (Ctrl+A: both drivers know it). */
export async function selectAll(page) {
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
}
export const focused = (page) => page.evaluate(() => document.activeElement?.name || document.activeElement?.id || document.activeElement?.tagName);

export async function screenshot(driver, page, name, { dark = false, width = 400, height = 600, fullPage = false } = {}) {
  if (driver.name !== 'chromium') return;
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
  await page.screenshot({ path: `${SHOTS}${name}-${dark ? 'dark' : 'light'}.png`, fullPage });
}

/** Every message key the popup and the options page use (t('…'), data-i18n="…", plurals). */
function usedKeys() {
  const dir = new URL('../../extension/', import.meta.url);
  const files = ['popup/popup.html', 'options/options.html', ...readdirSync(new URL('popup/', dir)).map((f) => `popup/${f}`), ...readdirSync(new URL('options/', dir)).map((f) => `options/${f}`)];
  const keys = new Set();
  for (const file of new Set(files.filter((f) => /\.(js|html)$/.test(f)))) {
    const text = readFileSync(new URL(file, dir), 'utf8');
    for (const m of text.matchAll(/\bt\('([a-z_]+)'|data-i18n(?:-label|-placeholder|-title)?="([a-z_]+)"/g)) keys.add(m[1] ?? m[2]);
    // A count's message in its two plural forms (`plural(n, 'archive')`: archive_one, archive_other).
    for (const m of text.matchAll(/\bplural\([^']*'([a-z_]+)'/g)) keys.add(`${m[1]}_one`).add(`${m[1]}_other`);
  }
  return keys;
}

export default (ctx) => {
  it('every text of the popup and the options page is in English and German', () => {
    const messages = (lang) => JSON.parse(readFileSync(new URL(`../../extension/_locales/${lang}/messages.json`, import.meta.url), 'utf8'));
    const en = messages('en');
    const de = messages('de');
    assert.deepEqual(Object.keys(de).sort(), Object.keys(en).sort(), 'the same keys');
    const used = usedKeys();
    assert.ok(used.size > 100, `${used.size} keys found`);
    assert.deepEqual([...used].filter((key) => !(key in en)), [], 'every key used has a message');
    for (const [key, { message }] of Object.entries(de)) {
      const holes = (text) => (text.match(/\$\d/g) ?? []).sort().join();
      assert.equal(holes(message), holes(en[key].message), `${key}: the same substitutions`);
    }
  });

  it('popup: the first run teaches the product; tracking someone by keyboard alone, problems beside the fields', async () => {
    const { driver, popup: helper } = ctx;
    await clearStorage(helper);
    const page = await open(driver);
    assert.equal(await page.evaluate(() => document.getElementById('first-run').hidden), false, 'the first-run screen');
    assert.match(await page.evaluate(() => document.getElementById('first-run').textContent), /Track the people you write to/);
    await axe(page, 'popup, first run');
    await screenshot(driver, page, 'popup-empty');
    await screenshot(driver, page, 'popup-empty', { dark: true });
    await axe(page, 'popup, first run, dark');
    // Keyboard only: Tab to "Track someone", Enter, type, Enter.
    await tabTo(page, '#first-track');
    await page.keyboard.press('Enter');
    await waitFor(page, () => document.activeElement?.name === 'name', null, 'focus in the name field');
    await page.keyboard.type('Gina Ruiz');
    await page.keyboard.press('Tab');
    await page.keyboard.type('gina at globex');
    await axe(page, 'popup, track form');
    // Not an address, so no company either: both problems at once, each beside its field,
    // in words (no paths).
    await page.keyboard.press('Enter');
    const problems = await waitFor(
      page,
      () => {
        const spots = [...document.querySelectorAll('form.panel-track .error')].filter((e) => e.textContent);
        return spots.length >= 2 && Object.fromEntries(spots.map((e) => [e.dataset.path, e.textContent]));
      },
      null,
      'the problems',
    );
    assert.deepEqual(Object.keys(problems).sort(), ['contact.addresses', 'opportunity.company']);
    assert.equal(problems['opportunity.company'], 'This cannot be empty.');
    for (const text of Object.values(problems)) assert.doesNotMatch(text, /contact\.|opportunity\.|\[\d\]/, 'no paths in view');
    assert.equal(await focused(page), 'addresses', 'focus moves to the first field with a problem');
    assert.deepEqual(Object.keys(await storage(page)).filter((k) => k.startsWith('opportunity:')), [], 'nothing stored');
    await axe(page, 'popup, track form with a problem');
    // The address typed again: the company follows it.
    await selectAll(page);
    await page.keyboard.type('gina@globex.example, G.Ruiz@globex.example');
    assert.equal(await page.evaluate(() => document.querySelector('form.panel-track [name="company"]').value), 'Globex');
    // Both fields changed: their problems go, as they may no longer hold.
    assert.deepEqual(
      await page.evaluate(() => [...document.querySelectorAll('form.panel-track .error')].map((e) => e.textContent).filter(Boolean)),
      [],
      'no problem left beside a field that changed',
    );
    assert.equal(await page.evaluate(() => document.querySelectorAll('form.panel-track [aria-invalid]').length), 0);
    const before = await changes(page);
    await page.keyboard.press('Enter');
    await waitFor(page, (n) => Number(document.body.dataset.changes ?? 0) > n, before, 'the popup to refresh');
    const stored = await storage(page);
    const opportunity = Object.values(stored).find((v) => v?.company === 'Globex');
    assert.ok(opportunity, 'the opportunity is stored');
    assert.deepEqual([opportunity.role ?? '', opportunity.stage, opportunity.no_calls], ['', 'applied', false]);
    const contact = Object.values(stored).find((v) => v?.name === 'Gina Ruiz');
    assert.deepEqual([contact.opportunity, contact.role, contact.addresses], [opportunity.id, 'recruiter', ['gina@globex.example', 'G.Ruiz@globex.example']]);
    const applications = await events(page, 'application');
    assert.equal(applications.length, 1);
    assert.equal(applications[0].opportunity, opportunity.id);
    // The engine: applied today, so a follow-up is too soon; the card says so in words too.
    const engine = await status(page, opportunity.id);
    assert.equal(engine.level, 'too_soon');
    const card = await shown(page, opportunity.id);
    assert.deepEqual([card.step, card.tone, card.pills, card.people], ['waiting', 'wait', 0, ['Gina Ruiz']]);
    assert.match(card.next, /^Waiting — follow up from \w+/);
    assert.equal(card.primary, 'Log their reply');
    assert.equal(await focused(page), `h-${opportunity.id}`, 'focus on the new card');
    assert.equal(await page.evaluate(() => document.getElementById('first-run').hidden), true);
    const verdict = await send(page, { v: 1, type: 'check', to: ['g.ruiz@globex.example'] });
    assert.equal(verdict.verdict.level, 'too_soon', 'the badge will know her');
    await axe(page, 'popup, one opportunity');
    await page.close();
  });

  it('popup: logging a call by keyboard alone (no answer), then a conversation', async () => {
    const { driver, popup: helper } = ctx;
    await restore(helper, ACME);
    const page = await open(driver);
    assert.equal((await shown(page, 'acme')).step, (await status(page, 'acme')).step.id);
    await tabTo(page, 'li[data-id="acme"] .menu-button.log');
    await page.keyboard.press('Enter'); // the Log… menu opens, its first item focused
    await tabTo(page, 'li[data-id="acme"] .log-menu [data-action="call"]');
    await page.keyboard.press('Enter');
    await waitFor(page, () => document.activeElement?.name === 'contact', null, 'focus in the call form');
    await axe(page, 'popup, call form');
    await tabTo(page, 'form.panel-call button[value="no_answer"]');
    const before = await changes(page);
    await page.keyboard.press('Enter');
    await waitFor(page, (n) => Number(document.body.dataset.changes ?? 0) > n, before, 'the popup to refresh');
    const attempts = await events(page, 'call_attempt');
    assert.equal(attempts.length, 1);
    assert.deepEqual([attempts[0].opportunity, attempts[0].contacts], ['acme', ['dana']]);
    assert.equal(await focused(page), 'h-acme');
    // A call nobody answered is not a contact: a follow-up is still fine.
    assert.equal((await status(page, 'acme')).warn, false);
    // The toast names the outcome logged (a call attempt counts differently from a conversation).
    assert.equal(await page.evaluate(() => document.getElementById('toast-text').textContent), 'Call attempt logged (no answer).');
    // Then a conversation (by mouse): a contact now, so another one today is refused.
    await action(page, 'acme', 'call');
    assert.equal(await submit(page, {}, 'conversation'), null);
    assert.equal(await page.evaluate(() => document.getElementById('toast-text').textContent), 'Call logged: you talked.');
    const calls = (await events(page, 'follow_up')).filter((e) => e.channel === 'call');
    assert.equal(calls.length, 1);
    const engine = await status(page, 'acme');
    assert.equal(engine.warn, true);
    assert.equal(engine.last_contact.slice(0, 10), calls[0].at.slice(0, 10));
    const card = await shown(page, 'acme');
    assert.deepEqual([card.step, card.tone], [engine.step.id, 'wait']);
    await axe(page, 'popup, after a call');
    await page.close();
    await clearStorage(helper);
  });

  it('popup: every quick action stores what it says and the engine follows', async () => {
    const { driver, popup: helper } = ctx;
    await restore(helper, ACME);
    const page = await open(driver);
    // A message left with an assistant.
    await action(page, 'acme', 'message');
    assert.equal(await submit(page, { contact: 'sam', note: 'Left word with the front desk' }), null);
    const [message] = (await events(page, 'follow_up')).filter((e) => e.channel === 'message');
    assert.deepEqual([message.contacts, message.note, message.classification], [['sam'], 'Left word with the front desk', 'initiated']);
    assert.equal((await status(page, 'acme')).unanswered, 1);
    // A voicemail is a contact too (a second one today: the engine will say stop).
    await action(page, 'acme', 'call');
    assert.equal(await submit(page, { contact: 'dana' }, 'voicemail'), null);
    assert.equal((await events(page, 'follow_up')).filter((e) => e.channel === 'voicemail').length, 1);
    // An interview with Dana only, and their decision date.
    await action(page, 'acme', 'interview');
    await axe(page, 'popup, interview form');
    assert.equal(await submit(page, { contacts: ['dana'], decision_date: '2099-12-01' }), null);
    const [interview] = await events(page, 'interview');
    assert.deepEqual(interview.contacts, ['dana']);
    let stored = (await storage(page))['opportunity:acme'];
    assert.deepEqual([stored.stage, stored.decision_date], ['interviewing', '2099-12-01']);
    let engine = await status(page, 'acme');
    assert.equal(engine.stage, 'interviewing');
    assert.ok(engine.thank_you_due.some((d) => d.contact === 'dana'), 'a thank-you note to Dana is due');
    assert.match((await shown(page, 'acme')).next, /thank-you/i);
    // The thank-you note.
    await action(page, 'acme', 'thank_you');
    assert.equal(await submit(page, { contacts: ['dana'] }), null);
    const [thanks] = await events(page, 'thank_you');
    assert.deepEqual([thanks.contacts, thanks.classification], [['dana'], 'thank_you']);
    engine = await status(page, 'acme');
    assert.equal(engine.thank_you_due.length, 0);
    assert.ok(engine.why.some((r) => r.rule === 'R-DECISION-DATE'), 'waiting for their decision');
    // The reasons, with their articles, on demand.
    await page.click('li[data-id="acme"] .why > .disclosure');
    const why = await waitFor(
      page,
      () => {
        const items = [...document.querySelectorAll('li[data-id="acme"] .why li')];
        return items.length && items.map((li) => [li.dataset.rule, li.textContent]);
      },
      null,
      'the reasons',
    );
    const decision = why.find(([rule]) => rule === 'R-DECISION-DATE');
    assert.ok(decision, JSON.stringify(why));
    // The articles by title; the rule id and article numbers only in a "Details" line.
    assert.match(decision[1], /Sources: “Can a job seeker follow up too much\?”; “You Had the Job Interview – But Now What\?”; “Are You Following Up or Stalking\?”/);
    assert.match(decision[1], /DetailsRule R-DECISION-DATE · articles 000, 001, 002$/);
    assert.equal(
      await page.evaluate(() => document.querySelector('li[data-id="acme"] .why li[data-rule="R-DECISION-DATE"] details.details').open),
      false,
      'the rule id is folded away',
    );
    await axe(page, 'popup, reasons open');
    // A reply from them: answers are never too soon.
    await action(page, 'acme', 'reply');
    assert.equal(await submit(page, { contact: 'sam', channel: 'call' }), null);
    assert.deepEqual((await events(page, 'reply')).map((e) => e.channel), ['call'], 'they phoned: the reply is logged as a call');
    engine = await status(page, 'acme');
    assert.equal(engine.next_step, 'answer');
    assert.match((await shown(page, 'acme')).next, /^They replied — answer by /);
    // An agreed check-in date; a year typed wrong (before anything logged) is said beside the field.
    await action(page, 'acme', 'check_in');
    const typo = await submit(page, { date: '2020-06-15' });
    assert.deepEqual(typo.paths, ['opportunity.agreed_checkin_date']);
    assert.match(typo.errors[0], /^This is before the first day logged for this opportunity \(\w{3},\s\w{3}\s\d+\): is the year right\?$/);
    assert.equal(await submit(page, { date: '2099-06-15' }), null);
    assert.equal((await storage(page))['opportunity:acme'].agreed_checkin_date, '2099-06-15');
    // Edit: a problem from the engine beside the field, nothing stored; then a real change.
    await action(page, 'acme', 'edit');
    const refused = await submit(page, { company: '' });
    assert.deepEqual(refused.paths, ['opportunity.company']);
    assert.equal(refused.errors[0], 'This cannot be empty.');
    assert.equal((await storage(page))['opportunity:acme'].company, 'Acme');
    await axe(page, 'popup, edit form with a problem');
    assert.equal(await submit(page, { company: 'Acme Rockets', no_calls: true, notes: 'Ask about the team' }), null);
    stored = (await storage(page))['opportunity:acme'];
    assert.deepEqual([stored.company, stored.no_calls, stored.notes, stored.decision_date], ['Acme Rockets', true, 'Ask about the team', '2099-12-01']);
    assert.equal((await status(page, 'acme')).company, 'Acme Rockets');
    const noCall = await send(page, { v: 1, type: 'check', to: ['dana@acme.example'], channel: 'call' });
    assert.equal(noCall.verdict.level, 'stop', 'no calls now');
    // People: add one, edit one.
    await page.evaluate(() => document.querySelector('li[data-id="acme"] .add-person').click());
    await waitFor(page, () => document.querySelector('form.panel-person') !== null, null, 'the person form');
    assert.equal(await submit(page, { name: 'Pat Kim', addresses: 'pat@acme.example', role: 'assistant' }), null);
    const pat = Object.values(await storage(page)).find((v) => v?.name === 'Pat Kim');
    assert.deepEqual([pat.opportunity, pat.role, pat.addresses], ['acme', 'assistant', ['pat@acme.example']]);
    assert.ok((await send(page, { v: 1, type: 'check', to: ['pat@acme.example'] })).verdict, 'the engine knows Pat');
    await page.evaluate(() => document.querySelector('li[data-id="acme"] .person[data-contact="sam"]').click());
    await waitFor(page, () => document.querySelector('form.panel-person') !== null, null, 'the person form');
    assert.equal(await submit(page, { addresses: 'sam@acme.example, sam.lee@acme.example' }), null);
    assert.deepEqual((await storage(page))['contact:sam'].addresses, ['sam@acme.example', 'sam.lee@acme.example']);
    assert.deepEqual((await shown(page, 'acme')).people, ['Dana Hill', 'Sam Lee', 'Pat Kim']);
    // Close: the event says why, the card goes to the archive.
    await action(page, 'acme', 'close');
    assert.equal(await submit(page, { reason: 'withdrawn' }), null);
    const [closed] = await events(page, 'closed');
    assert.equal(closed.reason, 'withdrawn');
    assert.equal((await storage(page))['opportunity:acme'].stage, 'closed');
    engine = await status(page, 'acme');
    assert.deepEqual([engine.closed, engine.next_step], [true, 'closed']);
    const archived = await shown(page, 'acme');
    assert.equal(archived.archived, true);
    // Said where it can be seen (the card went into the closed archive), with Undo, which has the focus.
    const told = () =>
      page.evaluate(() => {
        const box = document.getElementById('toast');
        const undo = document.getElementById('undo');
        return { text: document.getElementById('toast-text').textContent, seen: box.checkVisibility(), undo: !undo.hidden, focus: document.activeElement === undo };
      });
    assert.deepEqual(await told(), { text: 'Closed and moved to the archive.', seen: true, undo: true, focus: true });
    // Undo opens it again: its stage as before, the closed event gone.
    const before = await changes(page);
    await page.evaluate(() => document.getElementById('undo').click());
    await waitFor(page, (n) => Number(document.body.dataset.changes ?? 0) > n, before, 'the undo');
    assert.equal((await storage(page))['opportunity:acme'].stage, 'interviewing');
    assert.deepEqual(await events(page, 'closed'), []);
    assert.equal((await status(page, 'acme')).closed, false);
    assert.equal((await shown(page, 'acme')).archived, false);
    // Closed again, then opened again by setting its stage in Edit (the closed event goes too).
    await action(page, 'acme', 'close');
    assert.equal(await submit(page, { reason: 'withdrawn' }), null);
    const [closing] = await events(page, 'closed');
    await page.evaluate(() => (document.getElementById('archive').open = true));
    await action(page, 'acme', 'edit');
    assert.equal(await submit(page, { stage: 'offer' }), null);
    assert.equal((await status(page, 'acme')).closed, false, 'reopened by its stage');
    assert.deepEqual(await told(), { text: 'Active again: Acme Rockets.', seen: true, undo: true, focus: false }, 'said as reopened, with Undo');
    assert.deepEqual(await events(page, 'closed'), []);
    assert.equal((await shown(page, 'acme')).archived, false);
    // Its Undo closes it again as it was: why and when are not lost (reported by a French tester).
    const reopened = await changes(page);
    await page.evaluate(() => document.getElementById('undo').click());
    await waitFor(page, (n) => Number(document.body.dataset.changes ?? 0) > n, reopened, 'the undo');
    assert.deepEqual(await events(page, 'closed'), [closing]);
    assert.equal((await storage(page))['opportunity:acme'].stage, 'closed');
    assert.equal((await shown(page, 'acme')).archived, true);
    assert.equal(await page.evaluate(() => document.getElementById('archive-title').textContent), 'Archive: 1 closed');
    await page.evaluate(() => (document.getElementById('archive').open = true));
    await axe(page, 'popup, archive open');
    // Why it closed is in its history, and can be corrected there (it was said nowhere).
    await page.evaluate(() => document.querySelector('li[data-id="acme"] .timeline > .disclosure').click());
    const closedRow = () =>
      waitFor(page, () => [...document.querySelectorAll('li[data-id="acme"] .timeline li.event')].find((e) => /^.*Closed/.test(e.textContent))?.textContent, null, 'the closed event');
    assert.match(await closedRow(), /Closed · I withdrew · logged by hand/);
    const [{ id: closedId }] = await events(page, 'closed');
    await page.evaluate((id) => document.querySelector(`li[data-event="${id}"] [data-event-action="edit"]`).click(), closedId);
    await waitFor(page, () => document.querySelector('form.panel-event') !== null, null, 'the event form');
    assert.equal(await page.evaluate(() => document.querySelector('form.panel-event [name="reason"]')?.value), 'withdrawn');
    assert.equal(await page.evaluate(() => document.querySelector('form.panel-event fieldset.checks')?.checkVisibility()), false, 'a close is with nobody');
    assert.equal(await submit(page, { reason: 'filled' }), null);
    assert.equal((await events(page, 'closed'))[0].reason, 'filled');
    assert.match(await closedRow(), /Closed · Position filled · logged by hand/);
    await page.close();
    await clearStorage(helper);
  });

  it('popup: a follow-up scheduled in a webmail is the card\'s step until it goes, not "Follow up now"', async () => {
    const { driver, popup: helper } = ctx;
    const scheduled = { id: 'send-later', opportunity: 'acme', kind: 'follow_up', at: iso(Date.now() + 2 * 3600000), contacts: ['dana'], logged: { by: 'compose' } };
    await restore(helper, { ...ACME, version: 2, events: [...ACME.events, scheduled] });
    const page = await open(driver, POPUP);
    const card = await page.evaluate(() => {
      const li = document.querySelector('li[data-id="acme"]');
      return [li.dataset.step, li.dataset.tone, li.querySelector('.next').textContent];
    });
    assert.deepEqual(card.slice(0, 2), ['send_ahead', 'wait']);
    assert.match(card[2], /^Message scheduled for .+\d/);
    await page.close();
  });

  it('popup: a form about an opportunity deleted meanwhile (another popup) says so in words and shows the list as it is', async () => {
    const { driver, popup: helper } = ctx;
    await restore(helper, ACME);
    const page = await open(driver, POPUP);
    await action(page, 'acme', 'email');
    assert.equal((await send(helper, { v: 1, type: 'delete', kind: 'opportunity', id: 'acme' })).ok, true);
    // It said "No person has the id c-…" and "No opportunity has the id o-…" (reported by a German tester).
    await page.evaluate(() => document.querySelector('form.panel button[type="submit"]').click());
    const gone = 'Not saved: it was deleted in the meantime, in another window. Here is the list as it is now.';
    await waitFor(page, (text) => document.getElementById('toast-text').textContent === text, gone, 'said in words');
    assert.deepEqual(await page.evaluate(() => [document.querySelector('li[data-id="acme"]'), document.querySelector('form.panel')]), [null, null], 'the card and its form are gone');
    await page.close();
  });

  it('popup: delete with undo (an opportunity takes its people and events along)', async () => {
    const { driver, popup: helper } = ctx;
    await restore(helper, ACME);
    const page = await open(driver);
    const keys = async () => Object.keys(await storage(page)).filter((k) => /^(opportunity|contact|event):/.test(k)).sort();
    const stored = await keys();
    // A whole history goes only once confirmed: asked first, Cancel focused, nothing deleted.
    await press(page, 'acme', 'delete');
    const asked = await waitFor(page, () => document.querySelector('li[data-id="acme"] .panel-delete')?.textContent, null, 'the question');
    assert.match(asked, /^Delete \u2068Acme\u2069 with its people and its whole history\?/);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.role), 'cancel');
    await page.keyboard.press('Escape');
    await waitFor(page, () => !document.querySelector('.panel-delete'), null, 'the question closed');
    assert.deepEqual(await keys(), stored);
    await press(page, 'acme', 'delete');
    await waitFor(page, () => document.querySelector('.panel-delete') !== null, null, 'the question again');
    const before = await changes(page);
    await page.click('.panel-delete button.danger');
    await waitFor(page, (n) => Number(document.body.dataset.changes ?? 0) > n, before, 'the delete');
    assert.deepEqual(await keys(), []);
    assert.equal(await shown(page, 'acme'), null);
    assert.equal((await send(page, { v: 1, type: 'status' })).opportunities.length, 0);
    assert.equal(await focused(page), 'undo', 'focus on Undo');
    await axe(page, 'popup, after a delete');
    const again = await changes(page);
    await page.keyboard.press('Enter');
    await waitFor(page, (n) => Number(document.body.dataset.changes ?? 0) > n, again, 'the undo');
    assert.deepEqual(await keys(), ['contact:dana', 'contact:sam', 'event:acme-applied', 'opportunity:acme']);
    assert.equal((await status(page, 'acme')).company, 'Acme');
    assert.ok(await shown(page, 'acme'));
    // A person alone.
    await page.evaluate(() => document.querySelector('li[data-id="acme"] .person[data-contact="sam"]').click());
    await waitFor(page, () => document.querySelector('form.panel-person') !== null, null, 'the person form');
    const third = await changes(page);
    await page.evaluate(() => [...document.querySelectorAll('form.panel-person button')].find((b) => b.classList.contains('danger')).click());
    await waitFor(page, (n) => Number(document.body.dataset.changes ?? 0) > n, third, 'the delete');
    assert.equal((await storage(page))['contact:sam'], undefined);
    assert.deepEqual((await shown(page, 'acme')).people, ['Dana Hill']);
    // A refused "track someone" stores nothing (the company used to be stored before the
    // person was refused): storage byte for byte as it was.
    await page.click('#track-open');
    await waitFor(page, () => document.querySelector('form.panel-track') !== null, null, 'the track form');
    const untouched = JSON.stringify(await storage(page));
    const refused = await submit(page, { company: 'Hooli', name: 'Lee', addresses: 'lee at hooli' });
    assert.ok(refused?.paths.includes('contact.addresses'), JSON.stringify(refused));
    assert.equal(JSON.stringify(await storage(page)), untouched, 'nothing stored');
    // Cancel: still nothing stored, and no card for the company.
    await page.evaluate(() => document.querySelector('form.panel-track p.buttons button[type="button"]').click());
    await waitFor(page, () => document.querySelector('form.panel-track') === null, null, 'the form to close');
    assert.equal(JSON.stringify(await storage(page)), untouched, 'nothing stored after Cancel');
    // Track someone at an opportunity already tracked: only the person is added.
    await page.click('#track-open');
    await waitFor(page, () => document.querySelector('form.panel-track') !== null, null, 'the track form');
    assert.equal(await page.evaluate(() => document.querySelector('form.panel-track [name="company"]').closest('p').hidden), false);
    assert.equal(await submit(page, { existing: 'acme', name: 'Lee Park', addresses: 'lee@acme.example' }), null);
    const all = await storage(page);
    assert.deepEqual(Object.values(all).filter((v) => v?.name === 'Lee Park').map((c) => c.opportunity), ['acme']);
    assert.deepEqual(Object.keys(all).filter((k) => k.startsWith('opportunity:')), ['opportunity:acme']);
    assert.equal((await events(page, 'application')).length, 1, 'no second application');
    assert.deepEqual((await shown(page, 'acme')).people, ['Dana Hill', 'Lee Park']);
    // The company of a tracked opportunity typed again (case and accents aside): the person
    // joins it, said under the field, rather than a second card for the same employer.
    await page.click('#track-open');
    await waitFor(page, () => document.querySelector('form.panel-track') !== null, null, 'the track form');
    const joins = await page.evaluate(() => {
      for (const [name, value] of [['addresses', 'kim@example.org'], ['company', 'ÁCME ']]) {
        const field = document.querySelector(`form.panel-track [name="${name}"]`);
        field.value = value;
        field.dispatchEvent(new Event('input', { bubbles: true }));
      }
      const note = document.querySelector('form.panel-track .joins');
      return { seen: Boolean(note?.checkVisibility()), text: note?.textContent, company: document.querySelector('form.panel-track [name="company"]').checkVisibility() };
    });
    assert.deepEqual(joins, { seen: true, text: 'Already tracked: Acme — Backend Engineer. This person is added to it; for another job there, choose “A new job” under More.', company: true });
    assert.equal(await submit(page, { name: 'Kim Ode' }), null);
    const kim = Object.values(await storage(page)).find((v) => v?.name === 'Kim Ode');
    assert.equal(kim.opportunity, 'acme');
    assert.deepEqual(Object.keys(await storage(page)).filter((k) => k.startsWith('opportunity:')), ['opportunity:acme']);
    await page.close();
    // Someone at the domain of a tracked person: the company is that opportunity's as
    // stored ("Müller & Söhne GmbH"), not one guessed from the domain ("Mueller Soehne").
    await restore(helper, {
      format: 'too-soon',
      version: 1,
      opportunities: [{ id: 'ms', company: 'Müller & Söhne GmbH', stage: 'applied' }],
      contacts: [{ id: 'k', opportunity: 'ms', name: 'Katrin Schulz', role: 'recruiter', addresses: ['katrin@mueller-soehne.example'] }],
      events: [],
    });
    const colleague = await open(driver);
    await colleague.click('#track-open');
    await waitFor(colleague, () => document.querySelector('form.panel-track') !== null, null, 'the track form');
    const known = await colleague.evaluate(() => {
      const field = document.querySelector('form.panel-track [name="addresses"]');
      field.value = 'jonas@mueller-soehne.example';
      field.dispatchEvent(new Event('input', { bubbles: true }));
      return { company: document.querySelector('form.panel-track [name="company"]').value, joins: document.querySelector('form.panel-track .joins').checkVisibility() };
    });
    assert.deepEqual(known, { company: 'Müller & Söhne GmbH', joins: true });
    await colleague.close();
    // One of the user's own addresses typed: said under the field before it is tracked
    // (tracking takes it out of them).
    const settings = (await storage(helper)).settings ?? {};
    assert.equal((await send(helper, { v: 1, type: 'put_settings', settings: { ...settings, own_addresses: ['me@home.example'] } })).ok, true);
    const mine = await open(driver);
    await mine.click('#track-open');
    await waitFor(mine, () => document.querySelector('form.panel-track') !== null, null, 'the track form');
    const own = await mine.evaluate(async () => {
      const field = document.querySelector('form.panel-track [name="addresses"]');
      const note = () => document.querySelector('form.panel-track .own-address');
      const shown = [];
      for (const value of ['Me@Home.example', 'someone@else.example']) {
        field.value = value;
        field.dispatchEvent(new Event('input', { bubbles: true }));
        shown.push(note()?.checkVisibility() ? note().textContent : null);
      }
      return shown;
    });
    assert.deepEqual(own, ['\u2068me@home.example\u2069 is one of your own addresses: if you track this person, it will no longer count as yours.', null]);
    await mine.close();
    await clearStorage(helper);
  });

  it('popup: many opportunities get a search, closed ones an archive, recognized webmail is named', async () => {
    const { driver, popup: helper } = ctx;
    await restore(helper, many(30, 3));
    const since = new Date().toISOString();
    await writeStorage(helper, { 'provider:gmail': { recognized: true, since }, 'provider:outlook': { recognized: false, since } });
    const page = await open(driver);
    const counts = () =>
      page.evaluate(() => ({
        active: document.querySelectorAll('#list > li:not([hidden])').length,
        archived: document.querySelectorAll('#archive-list > li').length,
        search: !document.getElementById('search-row').hidden,
      }));
    assert.deepEqual(await counts(), { active: 27, archived: 3, search: true });
    assert.equal(
      await page.evaluate(() => document.getElementById('providers').textContent),
      'Recognized: Gmail. Not recognized (no badge there until Too Soon? is updated): Outlook on the web.',
    );
    // Every card's step is the engine's, in colour and in words.
    const answer = await send(page, { v: 1, type: 'status' });
    const steps = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('li.card')].map((li) => [li.dataset.id, [li.dataset.step, li.dataset.tone, li.querySelector('.next').textContent]])));
    const tones = { follow_up_now: 'now', waiting: 'wait', closed: 'quiet' };
    for (const o of answer.opportunities) {
      const [step, tone, words] = steps[o.opportunity];
      assert.deepEqual([step, tone], [o.step.id, tones[o.step.id]], o.opportunity);
      assert.ok(words && !words.startsWith('next_'), words);
    }
    await axe(page, 'popup, many');
    await screenshot(driver, page, 'popup-many');
    await screenshot(driver, page, 'popup-many', { dark: true });
    await axe(page, 'popup, many, dark');
    await page.focus('#search');
    await page.keyboard.type('Person 17');
    await waitFor(page, () => document.querySelectorAll('#list > li:not([hidden])').length === 1, null, 'the search');
    assert.equal(await page.evaluate(() => document.querySelector('#list > li:not([hidden])').dataset.id), 'm17');
    await page.close();
    // Opened again, from the status the background kept: its first screen of cards at once,
    // then the others; in the end every card, in the engine's order, and the search.
    const again = await open(driver);
    const order = () => again.evaluate(() => [...document.querySelectorAll('#list > li, #archive-list > li')].map((li) => li.dataset.id));
    assert.equal(await again.evaluate(() => document.body.dataset.shownFrom), 'kept');
    assert.deepEqual(await order(), answer.opportunities.map((o) => o.opportunity));
    await again.focus('#search');
    await again.keyboard.type('Person 17');
    await waitFor(again, () => document.querySelectorAll('#list > li:not([hidden])').length === 1, null, 'the search');
    // By an address (not shown on the card), and without the accents the name has; a
    // match among the closed ones only opens the archive.
    const found = async (query) => {
      await again.evaluate(() => (document.getElementById('search').value = ''));
      await again.focus('#search');
      await again.keyboard.type(query);
      return again.evaluate(() => ({
        shown: [...document.querySelectorAll('#list > li, #archive-list > li')].filter((li) => !li.hidden).map((li) => li.dataset.id),
        archive: document.getElementById('archive').open,
        none: !document.getElementById('no-match').hidden,
      }));
    };
    assert.deepEqual(await found('p21@company21'), { shown: ['m21'], archive: false, none: false });
    assert.deepEqual(await found('societe gen'), { shown: ['m2'], archive: true, none: false });
    assert.deepEqual(await found('nobody at all'), { shown: [], archive: true, none: true });
    await again.close();
    // A few, for the screenshots.
    await restore(helper, many(4, 1));
    const few = await open(driver);
    assert.equal(await few.evaluate(() => document.getElementById('search-row').hidden), true, 'no search for a few');
    await screenshot(driver, few, 'popup-few');
    await screenshot(driver, few, 'popup-few', { dark: true });
    await axe(few, 'popup, a few, dark');
    await few.close();
    await clearStorage(helper);
  });

  it('popup: shows at once the status the background kept, the fresh one when that is out of date', async () => {
    const { driver, popup: helper } = ctx;
    const kept = () =>
      helper.evaluate(async () => {
        const api = globalThis.browser ?? globalThis.chrome;
        return (await api.storage.local.get('last-status'))['last-status'] ?? null;
      });
    // A status the test keeps itself, once the background has kept its own (a popup's last fresh answer).
    const keep = async (text) => {
      await until(async () => {
        const before = await kept();
        await new Promise((r) => setTimeout(r, 150));
        return before !== null && before === (await kept());
      }, 'the background done keeping');
      await helper.evaluate((t) => (globalThis.browser ?? globalThis.chrome).storage.local.set({ 'last-status': t }), text);
    };
    const shown = (page) =>
      page.evaluate(() => ({
        from: document.body.dataset.shownFrom,
        revised: document.body.dataset.revisedAt !== undefined,
        cards: [...document.querySelectorAll('li.card')].map((li) => [li.querySelector('h2').textContent, li.dataset.level]),
      }));
    await restore(helper, ACME);
    assert.equal(await kept(), null, 'a change drops what was kept');
    // The restore's views are published (a write, which drops a kept status) before asking.
    await until(async () => (await storage(helper))['view:sam@acme.example'], 'the views published');
    // Any status answer is kept, as JSON text (in storage.local, out of content scripts' reach).
    // The view's write can be seen before it ends, and its end drops a status kept meanwhile:
    // asked again until what is kept stays.
    let fresh;
    let text;
    await until(async () => {
      fresh = await send(helper, { v: 1, type: 'status' });
      text = await until(kept, 'the kept status');
      await new Promise((r) => setTimeout(r, 200));
      return text === (await kept());
    }, 'a kept status that stays');
    // (`from` is the moment of the answer for a step open now: two answers a second apart differ in it.)
    const timeless = (list) => list.map(({ from, ...rest }) => rest);
    assert.deepEqual(timeless(JSON.parse(text).opportunities), timeless(fresh.opportunities));
    const expected = [['Acme — Backend Engineer', fresh.opportunities[0].level]];
    // Current: shown from it, and not again once the fresh answer says the same.
    let page = await open(driver);
    assert.deepEqual(await shown(page), { from: 'kept', revised: false, cards: expected });
    await page.close();
    // Out of date (time passed one of its moments): shown, then the fresh one instead.
    const stale = JSON.parse(text);
    Object.assign(stale.opportunities[0], { company: 'Stale Corp', level: 'stop' });
    await keep(JSON.stringify(stale));
    page = await open(driver);
    assert.deepEqual(await shown(page), { from: 'kept', revised: true, cards: expected });
    await page.close();
    // Not readable: the fresh one, asked at once.
    await keep('{not json');
    page = await open(driver);
    assert.deepEqual(await shown(page), { from: 'fresh', revised: false, cards: expected });
    await page.close();
    // JSON, but not a status's shape (another version's, or planted): the fresh one too.
    for (const odd of [{ ok: true, opportunities: 5 }, { ok: true, opportunities: [{ step: null }] }, { ok: true, opportunities: [null] }]) {
      await keep(JSON.stringify(odd));
      page = await open(driver);
      assert.deepEqual(await shown(page), { from: 'fresh', revised: false, cards: expected }, JSON.stringify(odd));
      await page.close();
    }
    // A change drops it before anything is written, and the next answer is kept again.
    await until(kept, 'the status kept again');
    const call = { id: 'kept-email', opportunity: 'acme', kind: 'follow_up', channel: 'email', at: iso(Date.now() - 60000), contacts: ['dana'] };
    assert.equal((await send(helper, { v: 1, type: 'log_event', event: call })).ok, true);
    const after = JSON.parse(await until(kept, 'the status after the change'));
    assert.equal(after.opportunities[0].last_contact, (await send(helper, { v: 1, type: 'status' })).opportunities[0].last_contact);
    assert.notEqual(after.opportunities[0].last_contact, fresh.opportunities[0].last_contact, 'it counts the email');
    await clearStorage(helper);
    await until(async () => (await kept()) === null, 'dropped when storage changed elsewhere');
  });

  it('options: profile, ask before sending, reminders, providers; the engine follows', async () => {
    const { driver, popup: helper } = ctx;
    // Applied 8 days ago: Balanced says a follow-up is fine, Gentle (14 days) says too soon.
    await restore(helper, { ...ACME, events: [{ id: 'a8', opportunity: 'acme', kind: 'application', at: iso(Date.now() - 8 * DAY) }] });
    const page = await open(driver, OPTIONS);
    await waitFor(page, () => !document.getElementById('profile').disabled, null, 'the settings');
    assert.equal(await page.evaluate(() => document.getElementById('profile-balanced').checked), true);
    assert.equal(await page.evaluate(() => document.querySelectorAll('#profile-rows tr').length), 6);
    await axe(page, 'options');
    await screenshot(driver, page, 'options', { width: 800, height: 1000, fullPage: true });
    await screenshot(driver, page, 'options', { dark: true, width: 800, height: 1000, fullPage: true });
    await axe(page, 'options, dark');
    assert.equal((await status(page, 'acme')).level, 'ok');
    const saved = (n) => waitFor(page, (n) => Number(document.body.dataset.settingsSaved ?? 0) >= n, n, 'the settings saved');
    await page.click('#profile-gentle');
    await saved(1);
    assert.equal((await storage(page)).settings.profile, 'gentle');
    assert.equal((await status(page, 'acme')).level, 'too_soon', 'Gentle waits 14 days');
    assert.equal(await page.evaluate(() => document.getElementById('profile-result').textContent), 'Profile: Gentle.');
    // Keyboard: Space toggles the checkboxes.
    await page.focus('#ask-before-send');
    await page.keyboard.press(' ');
    await saved(2);
    assert.equal((await storage(page)).settings.ask_before_send, true, await page.evaluate(() => document.getElementById('ask-result').textContent));
    await page.focus('#provider-yahoo');
    await page.keyboard.press(' ');
    await saved(3);
    const settings = (await storage(page)).settings;
    assert.deepEqual([settings.profile, settings.ask_before_send, settings.providers], ['gentle', true, { yahoo: false }]);
    const file = JSON.parse((await send(page, { v: 1, type: 'export' })).file);
    assert.deepEqual(file.settings.providers, { yahoo: false }, 'the engine has it');
    await page.click('#notifications');
    await saved(4);
    assert.equal((await storage(page)).settings.notifications, false);
    assert.equal((await send(page, { v: 1, type: 'reminders' })).notifications, false);
    // Reopened, the page shows what is stored.
    await page.close();
    const again = await open(driver, OPTIONS);
    await waitFor(again, () => !document.getElementById('profile').disabled, null, 'the settings');
    assert.deepEqual(
      await again.evaluate(() => ['profile-gentle', 'ask-before-send', 'provider-yahoo', 'provider-gmail', 'notifications'].map((id) => document.getElementById(id).checked)),
      [true, true, false, true, false],
    );
    await again.close();
    await clearStorage(helper);
  });

  /** In the page: clicks "Export to calendar" and returns the file it downloads (`{download, text}`). */
  async function exportCalendar() {
    let caught = null;
    HTMLAnchorElement.prototype.click = function () {
      caught = { href: this.href, download: this.download };
    };
    document.getElementById('calendar').click();
    for (let i = 0; i < 200 && !caught; i += 1) await new Promise((r) => setTimeout(r, 25));
    return caught && { download: caught.download, text: await (await fetch(caught.href)).text() };
  }

  it('calendar export (.ics) from the popup and the options page, one event per active opportunity', async () => {
    const { driver, popup: helper } = ctx;
    await restore(helper, many(3, 1));
    for (const path of [POPUP, OPTIONS]) {
      const page = await open(driver, path);
      const saved = await page.evaluate(exportCalendar);
      assert.ok(saved, `${path}: a download`);
      if (path === POPUP) {
        // What was seen: "Saved …ics" out of view of the button clicked. Now beside it.
        const toast = await page.evaluate(() => ({ beside: document.getElementById('toast').previousElementSibling?.id, text: document.getElementById('toast-text').textContent }));
        assert.deepEqual([toast.beside, /^Saved too-soon-.*\.ics/.test(toast.text)], ['calendar', true], JSON.stringify(toast));
      }
      assert.match(saved.download, /^too-soon-\d{4}-\d{2}-\d{2}\.ics$/);
      // The engine's moments, worded by the page: each event titled in English.
      const answer = await send(page, { v: 1, type: 'calendar' });
      const starts = (text) => text.match(/^DTSTART:.*$/gm);
      assert.deepEqual(starts(saved.text), starts(answer.file));
      assert.match(saved.text, /^BEGIN:VCALENDAR\r\n/);
      const titles = saved.text.replace(/\r\n /g, '').match(/^SUMMARY:.*$/gm);
      assert.equal(titles.length, 2);
      for (const title of titles) assert.match(title, /^SUMMARY:Follow up: [^\u2066-\u2069]+$/);
      assert.doesNotMatch(saved.text, /[\u2066-\u2069]/, 'no direction marks written into a calendar');
      assert.equal(saved.text.match(/BEGIN:VEVENT/g)?.length, 2, 'the closed one has no next moment');
      await page.close();
    }
    // An event at the moment of a step to take now is titled by that step: they replied.
    await restore(helper, { ...ACME, events: [...ACME.events, { id: 'r1', opportunity: 'acme', kind: 'reply', at: iso(Date.now() - 3600000), contacts: ['dana'] }] });
    const page = await open(driver, POPUP);
    const { text: file } = await page.evaluate(exportCalendar);
    assert.deepEqual(file.replace(/\r\n /g, '').match(/^SUMMARY:.*$/gm), ['SUMMARY:Answer: Acme (Backend Engineer)']);
    await page.close();
    // Answered: the card and the calendar name the day a follow-up is fine if they do not
    // write (the card had no date and the calendar nothing, yet a reminder came that day).
    const reply = { id: 'r1', opportunity: 'acme', kind: 'reply', at: iso(Date.now() - 2 * 3600000), contacts: ['dana'] };
    const answer = { id: 'a1', opportunity: 'acme', kind: 'follow_up', channel: 'email', at: iso(Date.now() - 3600000), contacts: ['dana'] };
    await restore(helper, { ...ACME, events: [...ACME.events, reply, answer] });
    const answered = await open(driver, POPUP);
    const card = await answered.evaluate(() => document.querySelector('li[data-id="acme"] .next')?.textContent);
    assert.match(card ?? '', /^Waiting for their answer — follow up from .+ if they don't write$/);
    const { text: answeredFile } = await answered.evaluate(exportCalendar);
    const unfoldedAnswered = answeredFile.replace(/\r\n /g, '');
    assert.deepEqual(unfoldedAnswered.match(/^SUMMARY:.*$/gm), ['SUMMARY:Follow up: Acme (Backend Engineer)']);
    assert.match(unfoldedAnswered, /^DESCRIPTION:Waiting for their answer — follow up from /m);
    await answered.close();
    // A follow-up due now: its event says so (it had a title only; reported by an English tester).
    const applied = { id: 'e1', opportunity: 'acme', kind: 'application', at: iso(Date.now() - 10 * DAY) };
    await restore(helper, { ...ACME, events: [applied] });
    const due = await open(driver, POPUP);
    const dueCard = await due.evaluate(() => document.querySelector('li[data-id="acme"] .next')?.textContent);
    const { text: dueFile } = await due.evaluate(exportCalendar);
    assert.match(dueFile.replace(/\r\n /g, ''), new RegExp(`^DESCRIPTION:${dueCard.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.$`, 'm'));
    await due.close();
    // A thank-you note due is titled so, also where a follow-up has a suggested moment (it
    // was titled "Follow up" the day after the interview).
    await restore(helper, { ...ACME, events: [...ACME.events, { id: 'i0', opportunity: 'acme', kind: 'interview', at: iso(Date.now() - 3 * 3600000), contacts: ['dana'] }] });
    const thanks = await open(driver, POPUP);
    const { text: thanksFile } = await thanks.evaluate(exportCalendar);
    assert.deepEqual(thanksFile.replace(/\r\n /g, '').match(/^SUMMARY:.*$/gm), ['SUMMARY:Thank-you note: Acme (Backend Engineer)']);
    await thanks.close();
    // A check-in agreed for a day ahead: its event says so, not "Follow up" with the reasons
    // of a contact now (which the agreed date lifts).
    const ahead = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
    const interviewed = { id: 'i1', opportunity: 'acme', kind: 'interview', at: iso(Date.now() - 3 * DAY), contacts: ['dana'] };
    await restore(helper, { ...ACME, opportunities: [{ ...ACME.opportunities[0], agreed_checkin_date: ahead }], events: [...ACME.events, interviewed] });
    const agreed = await open(driver, POPUP);
    const { text: checkIn } = await agreed.evaluate(exportCalendar);
    const unfolded = checkIn.replace(/\r\n /g, '');
    assert.deepEqual(unfolded.match(/^SUMMARY:.*$/gm), ['SUMMARY:Check in (agreed): Acme (Backend Engineer)']);
    assert.match(unfolded, /^DESCRIPTION:Check in on .* \(agreed\)\.$/m);
    await agreed.close();
    // A wait is described by the reason that sets its date (the decision), not also by the
    // interview's week, which ends before the event (one sentence: no "\n" in the line).
    const decision = new Date(Date.now() + 8 * DAY).toISOString().slice(0, 10);
    await restore(helper, { ...ACME, opportunities: [{ ...ACME.opportunities[0], decision_date: decision }], events: [...ACME.events, interviewed] });
    const waiting = await open(driver, POPUP);
    const { text: waits } = await waiting.evaluate(exportCalendar);
    assert.match(waits.replace(/\r\n /g, ''), /^DESCRIPTION:They said they would decide by (?:(?!\\n).)*$/m);
    await waiting.close();
    // Nothing to put in a calendar (every opportunity closed): said so, and no empty file.
    await restore(helper, many(2, 2));
    for (const path of [POPUP, OPTIONS]) {
      const empty = await open(driver, path);
      assert.equal(await empty.evaluate(exportCalendar), null, `${path}: no download`);
      const said = await empty.evaluate((id) => document.getElementById(id).textContent, path === POPUP ? 'toast-text' : 'calendar-result');
      assert.equal(said, 'Nothing to put in a calendar: no opportunity has a next moment.', path);
      await empty.close();
    }
    await clearStorage(helper);
  });

  it('popup: logging a call to an opportunity that asked for no calls says so in the form', async () => {
    const { driver, popup: helper } = ctx;
    for (const noCalls of [false, true]) {
      await restore(helper, { ...ACME, opportunities: [{ ...ACME.opportunities[0], no_calls: noCalls }] });
      const page = await open(driver);
      await action(page, 'acme', 'call');
      const note = await page.evaluate(() => document.querySelector('form.panel-call .note')?.textContent ?? null);
      assert.equal(note, noCalls ? 'They asked not to be called. Log a call that happened; to follow up, write instead.' : null);
      await page.close();
    }
    await clearStorage(helper);
  });

  it('options: delete all data, only after confirming', async () => {
    const { driver, popup: helper } = ctx;
    await restore(helper, ACME);
    const page = await open(driver, OPTIONS);
    await page.click('#delete-all');
    await waitFor(page, () => !document.getElementById('delete-confirm').hidden, null, 'the confirmation');
    assert.equal(await focused(page), 'delete-cancel', 'Cancel is focused first');
    await axe(page, 'options, delete confirmation');
    await page.keyboard.press('Enter'); // Cancel
    assert.equal(await page.evaluate(() => document.getElementById('delete-confirm').hidden), true);
    assert.ok((await storage(page))['opportunity:acme'], 'nothing deleted');
    await page.click('#delete-all');
    await waitFor(page, () => !document.getElementById('delete-confirm').hidden, null, 'the confirmation');
    await page.click('#delete-confirm-yes');
    await waitFor(page, () => document.body.dataset.deleted === '1', null, 'the delete');
    const keys = Object.keys(await storage(page)).filter((k) => /^(opportunity|contact|event):/.test(k));
    assert.deepEqual(keys, []);
    assert.deepEqual(await send(page, { v: 1, type: 'summary' }).then((a) => [a.opportunities, a.contacts, a.events]), [0, 0, 0]);
    assert.equal(await page.evaluate(() => document.getElementById('stored-summary').textContent), 'Nothing is stored yet.');
    await axe(page, 'options, after deleting');
    await page.close();
    await until(async () => (await send(helper, { v: 1, type: 'summary' })).ok, 'the background');
    await clearStorage(helper);
  });
};
