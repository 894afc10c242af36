// The background's notion of now: `Date.now()`; in test builds plus the offset the tests
// set under `CLOCK_OFFSET` (shared/protocol.js) to move time past a due moment. The
// shipped build has no offset at all.
import { CLOCK_OFFSET } from '../shared/protocol.js';
import { api } from '../shared/runtime.js';

let offset = 0;
const valid = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const loaded = CLOCK_OFFSET
  ? api.storage.local
      .get(CLOCK_OFFSET)
      .then((items) => {
        offset = valid(items?.[CLOCK_OFFSET]);
      })
      .catch(() => {})
  : Promise.resolve();

/** Follows a change of storage.local; true when it changed the clock offset. */
export function followClockChange(changes) {
  if (!CLOCK_OFFSET || !(CLOCK_OFFSET in changes)) return false;
  offset = valid(changes[CLOCK_OFFSET].newValue);
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
