// The toolbar icon's count: how many things are to do now (the engine's `status`
// answer, `due_today`), also said in the button's title. Recounted a moment after changes settle, not on every one.
import { api } from '../shared/runtime.js';
import { plural, t } from '../shared/words.js';

const action = api.action ?? api.browserAction;

const SETTLE_MS = 300;

/**
 * `count()` resolves to the number to do now; `refresh()` schedules a recount, `shown(n)`
 * shows a count just answered (the popup's `status`: the count follows time passing even
 * with reminders off, when no alarm wakes the background).
 */
export function createToolbar(count) {
  let timer = null;
  async function put(due) {
    await action.setBadgeBackgroundColor({ color: '#b3261e' });
    await action.setBadgeText({ text: due > 0 ? String(due) : '' });
    // The count in words, for a pointer and a screen reader (the badge text is a bare number).
    await action.setTitle({ title: due > 0 ? t('toolbar_title', plural(due, 'next_due')) : t('extName') });
  }
  async function show() {
    timer = null;
    try {
      await put(await count());
    } catch (error) {
      console.warn(`Too Soon? could not update the toolbar count: ${error?.message ?? error}`);
    }
  }
  return {
    refresh() {
      if (timer === null) timer = setTimeout(show, SETTLE_MS);
    },
    shown(due) {
      put(due).catch((error) => console.warn(`Too Soon? could not update the toolbar count: ${error?.message ?? error}`));
    },
  };
}
