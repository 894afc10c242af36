// An opportunity's next step (the engine's `status.step`: an id and its data) in words,
// its tone (one colour per card, never a warning beside an invitation) and the action its
// one primary button opens.
import { day, moment, t } from './words.js';

/** The card's tone: `now` (something to do), `wait`, `move_on` or `quiet` (closed, nothing). */
export function tone(step) {
  if (step.now) return 'now';
  if (['waiting', 'waiting_answer', 'interview_ahead', 'send_ahead', 'check_in'].includes(step.id)) return 'wait';
  return step.id === 'move_on' ? 'move_on' : 'quiet';
}

/** The step in words: "Thank-you note due by Tue 1 Dec, 14:00", "Waiting — follow up from Wed 9 Dec". */
export function stepLine(step) {
  const at = step.at ? moment(step.at, step.timed) : '';
  switch (step.id) {
    case 'thank_you_due':
      return at ? t('next_thank_you_due', at) : t('next_thank_you_due_now');
    case 'answer': // by the last day inside the conversation (`date`), not the midnight it ends at
      return step.date ? t('next_answer', day(step.date)) : t('next_answer_now');
    case 'check_in':
      return t(step.now ? 'next_check_in_now' : 'next_check_in', day(step.date)); // now: on the agreed day or after it
    case 'follow_up_now':
      return t('next_follow_up_now');
    case 'waiting':
      return t('next_waiting', at);
    case 'waiting_answer': // `at`: when a follow-up is fine if they do not write
      return at ? t('next_waiting_answer_until', at) : t('next_waiting_answer');
    case 'interview_ahead': // scheduled: nothing to chase before it
      return t('next_interview_ahead', at);
    case 'send_ahead': // a send scheduled in a webmail: nothing more before it goes
      return t('next_send_ahead', at);
    case 'move_on':
      return t('next_move_on');
    case 'closed':
      return t('next_closed');
    default:
      return t('next_nothing');
  }
}

/** The action of the step's primary button (null: none), and its label's key. */
export function primaryAction(step) {
  switch (step.id) {
    case 'thank_you_due':
      return 'thank_you';
    case 'answer':
    case 'follow_up_now':
    case 'check_in':
      return step.now ? 'email' : 'reply';
    case 'waiting':
    case 'waiting_answer':
    case 'interview_ahead':
    case 'send_ahead':
      return 'reply';
    case 'move_on':
      return 'close';
    case 'nothing':
      return 'application';
    default:
      return null;
  }
}
