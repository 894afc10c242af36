// Reminders: one alarm for the next moment something becomes due, and one notification
// per due item. The engine says what is due and not shown yet, and plans the write that
// records it as shown (`Engine.reminders`), so a restarted background never shows one
// twice; the notification's id is the item's key (`<opportunity>@<due moment>`), so even
// a notification made again would replace itself rather than add a second. Its title and
// text are worded here, in the browser's language (shared/say.js).
import { NOTIFIED } from '../shared/protocol.js';
import { reminder } from '../shared/say.js';

export const ALARM = 'too-soon-reminder';
const ICON = 'icons/icon-128.png';

/**
 * The reminders of the background. `writer` is the one writer's queue, `engineForStorage`
 * the engine over what is stored, `write(engine, writes)` stores what it planned, `now()`
 * and `offset()` the background's clock; `recoverFrom(error)` makes a fresh engine after a trap.
 */
export function createReminders({ api, writer, engineForStorage, write, now, offset, recoverFrom }) {
  /** Sets the one alarm for `nextMs` (engine time), or clears it when nothing is ahead. */
  async function arm(nextMs) {
    if (nextMs == null) {
      await api.alarms.clear(ALARM);
      return;
    }
    const when = nextMs - (await offset());
    const current = await api.alarms.get(ALARM);
    if (current?.scheduledTime !== when) api.alarms.create(ALARM, { when });
  }

  /**
   * Shows what is due and not shown yet, records it, re-arms the alarm. Returns the keys
   * and a promise of the notifications: the writer's queue need not wait for the browser
   * to draw them (hundreds may come due at once after a restore).
   */
  async function run() {
    const at = await now();
    const engine = await engineForStorage();
    const { due, next_at_ms: nextMs, writes } = engine.reminders(at);
    const notes = due.map((item) => [item.key, { type: 'basic', iconUrl: api.runtime.getURL(ICON), ...reminder(item) }]);
    if (NOTIFIED && notes.length) await record(notes);
    const shown = Promise.all(
      notes.map(([key, options]) =>
        api.notifications
          .create(key, options)
          .catch((error) => console.warn(`Too Soon? could not show a reminder: ${error?.message ?? error}`)),
      ),
    );
    if (writes) {
      const refused = await write(engine, writes);
      if (refused) console.warn(`Too Soon? could not record reminders: ${refused.message}`);
    }
    await arm(nextMs);
    return { keys: due.map((item) => item.key), shown };
  }

  /** Test builds only: keeps each notification's words where the tests read them. */
  async function record(notes) {
    const { [NOTIFIED]: before = [] } = await api.storage.session.get(NOTIFIED);
    const added = notes.map(([id, { title, message }]) => ({ id, title, message }));
    await api.storage.session.set({ [NOTIFIED]: [...before, ...added] });
  }

  let pending = null; // a check waiting in the queue: later requests share it
  /** Checks reminders after the writes queued before it; resolves with the keys shown. */
  function check() {
    pending ??= writer
      .enqueue(() => {
        pending = null;
        return run();
      })
      .then(async ({ keys, shown }) => {
        await shown;
        return keys;
      })
      .catch((error) => {
        recoverFrom(error);
        console.warn(`Too Soon? could not check reminders: ${error?.message ?? error}`);
        return [];
      });
    return pending;
  }

  /** A click on a notification: the options page opens, the notification goes. */
  async function clicked(id) {
    await api.notifications.clear(id).catch(() => {});
    await api.runtime.openOptionsPage();
  }

  return { check, clicked };
}
