// The toolbar icon's count: how many follow-ups are due today (the engine's `status`
// answer, `due_today`). Recounted a moment after changes settle, not on every one.
const api = globalThis.browser ?? globalThis.chrome;
const action = api.action ?? api.browserAction;

const SETTLE_MS = 300;

/** `count()` resolves to the number due today; `refresh()` schedules a recount. */
export function createToolbar(count) {
  let timer = null;
  async function show() {
    timer = null;
    try {
      const due = await count();
      await action.setBadgeBackgroundColor({ color: '#b3261e' });
      await action.setBadgeText({ text: due > 0 ? String(due) : '' });
    } catch (error) {
      console.warn(`Too Soon? could not update the toolbar count: ${error?.message ?? error}`);
    }
  }
  return {
    refresh() {
      if (timer === null) timer = setTimeout(show, SETTLE_MS);
    },
  };
}
