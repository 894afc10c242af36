// The background's notion of now: `Date.now()`, plus an offset in milliseconds that only
// tests set, under the storage key `test:clock_offset_ms` (see README, "Reminders"), to
// move time past a due moment. Nothing in the extension ever writes that key.
const api = globalThis.browser ?? globalThis.chrome;

export const CLOCK_OFFSET_KEY = 'test:clock_offset_ms';

let offset = 0;
const valid = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const loaded = api.storage.local
  .get(CLOCK_OFFSET_KEY)
  .then((items) => {
    offset = valid(items?.[CLOCK_OFFSET_KEY]);
  })
  .catch(() => {});

/** Follows a change of storage.local; true when it changed the clock offset. */
export function followClockChange(changes) {
  if (!(CLOCK_OFFSET_KEY in changes)) return false;
  offset = valid(changes[CLOCK_OFFSET_KEY].newValue);
  return true;
}

/** The offset (0 outside tests). */
export async function clockOffset() {
  await loaded;
  return offset;
}

/** Now, in milliseconds since the epoch, as the background sees it. */
export async function now() {
  return Date.now() + (await clockOffset());
}
