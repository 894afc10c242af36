// All-or-nothing for a change that both sets and removes keys (a "Replace" restore, a
// delete that rewrites). Browsers apply one `storage.local.set` as a whole, but a set
// followed by a remove is two steps: a stop or a crash between them left the new entries
// beside old ones that should have gone. So such a change carries its intent in the same
// set: the `write-journal` key lists the keys still to remove. The set is applied whole
// or not at all, so storage holds either the old history (no journal) or the new entries
// with the journal; finishing a journal (removing its keys, then the journal) is
// idempotent, and every start of the background does it before anything reads or writes.
// The journal is never shown to the engine, the views or a backup.

export const JOURNAL = 'write-journal';

/** Does this change need a journal? (Only one that both sets and removes.) */
export const needsJournal = (writes) => Object.keys(writes.set).length > 0 && writes.remove.length > 0;

/** The set of `writes`, with the journal of what must then be removed. */
export const journaledSet = (writes) => ({ ...writes.set, [JOURNAL]: { remove: writes.remove } });

/** Storage as read (`items`: key → value) with its journal finished: what it will hold. */
export function finished(items) {
  const journal = items[JOURNAL];
  if (journal === undefined) return items;
  const view = { ...items };
  delete view[JOURNAL];
  for (const key of journal?.remove ?? []) delete view[key];
  return view;
}

/** Finishes a journal left in `area` by a change that was stopped; true when there was one. */
export async function rollForward(area) {
  const { [JOURNAL]: journal } = (await area.get(JOURNAL)) ?? {};
  if (journal === undefined) return false;
  const keys = Array.isArray(journal?.remove) ? journal.remove.filter((key) => typeof key === 'string' && key !== JOURNAL) : [];
  if (keys.length) await area.remove(keys);
  await area.remove(JOURNAL);
  return true;
}
