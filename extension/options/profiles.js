// What each profile changes, side by side (the engine's numbers, policy/numbers.rs,
// through the generated contract.js; rules the profiles share are not listed). Each row:
// the message key of the rule's words, the unit's message keys (one, many), the number's
// name.
import { NUMBERS, PROFILES } from '../shared/contract.js';
import { h } from '../shared/dom.js';
import { plural, t } from '../shared/i18n.js';

const DAYS = ['unit_days_one', 'unit_days_many'];
const ROWS = [
  ['profile_row_apply_wait', DAYS, 'apply_wait_days'],
  ['profile_row_interview_wait', DAYS, 'interview_wait_days'],
  ['profile_row_thank_you', ['unit_hours_one', 'unit_hours_many'], 'thank_you_hours'],
  ['profile_row_cadence', DAYS, 'cadence_days'],
  ['profile_row_week_cap', ['unit_times_one', 'unit_times_many'], 'week_cap'],
  ['profile_row_move_on', ['unit_unanswered_one', 'unit_unanswered_many'], 'move_on_after'],
];

/** The table's rows, one column per profile (the order of the table's head: gentle, balanced, persistent). */
export function fillProfileTable(body) {
  body.replaceChildren(
    ...ROWS.map(([rule, unit, number]) =>
      h('tr', {}, h('th', { scope: 'row' }, t(rule)), PROFILES.map((profile) => h('td', {}, plural(NUMBERS[profile][number], ...unit)))),
    ),
  );
}
