// Moments and dates as the engine reads them: RFC 3339 with the local offset, local dates.

/**
 * An RFC 3339 string with the local offset for a Date ("2026-11-10T14:30:00+01:00"),
 * with milliseconds when `precise` (things logged "now" keep their order).
 */
export function localRfc3339(date, precise = false) {
  const pad = (n) => String(Math.abs(n)).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    (precise ? `.${String(date.getMilliseconds()).padStart(3, '0')}` : '') +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}

/** Today's local date, YYYY-MM-DD. */
export const today = () => localRfc3339(new Date()).slice(0, 10);
