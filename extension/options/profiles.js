// What each profile changes, side by side (the engine's numbers, policy/numbers.rs,
// through the generated contract.js; rules the profiles share are not listed). Each row:
// the message key of the rule's words, the unit's message (its two plural forms), the
// number's name.
import { NUMBERS, PROFILES } from '../shared/contract.js';
import { h } from '../shared/dom.js';
import { plural, t } from '../shared/i18n.js';

const ROWS = [
  ['profile_row_apply_wait', 'unit_days', 'apply_wait_days'],
  ['profile_row_interview_wait', 'unit_days', 'interview_wait_days'],
  ['profile_row_thank_you', 'unit_hours', 'thank_you_hours'],
  ['profile_row_cadence', 'unit_days', 'cadence_days'],
  ['profile_row_week_cap', 'unit_times', 'week_cap'],
  ['profile_row_move_on', 'unit_unanswered', 'move_on_after'],
];

/** The table's rows, one column per profile (the order of the table's head: gentle, balanced, persistent). */
export function fillProfileTable(body) {
  body.replaceChildren(
    ...ROWS.map(([rule, unit, number]) =>
      h('tr', {}, h('th', { scope: 'row' }, t(rule)), PROFILES.map((profile) => h('td', {}, plural(NUMBERS[profile][number], unit)))),
    ),
  );
}
