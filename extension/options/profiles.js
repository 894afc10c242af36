// What each profile changes, side by side (the numbers of docs/policy.md; rules the profiles
// share are not listed). Each row: the message key of the rule's words, then the values
// for Gentle, Balanced, Persistent as [message key, number].
import { h } from '../shared/dom.js';
import { t } from '../shared/i18n.js';

const ROWS = [
  ['profile_row_apply_wait', ['days', 14], ['days', 7], ['days', 7]],
  ['profile_row_interview_wait', ['days', 14], ['days', 7], ['days', 7]],
  ['profile_row_thank_you', ['hours', 24], ['hours', 48], ['hours', 48]],
  ['profile_row_cadence', ['days', 14], ['days', 10], ['days', 7]],
  ['profile_row_week_cap', ['times', 1], ['times', 2], ['times', 2]],
  ['profile_row_move_on', ['unanswered', 1], ['unanswered', 2], ['unanswered', 3]],
];

export function fillProfileTable(body) {
  body.replaceChildren(
    ...ROWS.map(([rule, ...values]) =>
      h('tr', {}, h('th', { scope: 'row' }, t(rule)), values.map(([unit, n]) => h('td', {}, t(`unit_${unit}`, n)))),
    ),
  );
}
