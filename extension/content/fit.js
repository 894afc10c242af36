// Where the badge's things go, measured on the page: which form of the badge fits beside
// Send, and where its explanation opens. Measuring only (rectangles in, a choice out);
// badge.js applies the choice.
//
// The badge fits when it sits on Send's line, inside the compose, and the action bar is
// no taller than it is without the badge. Widest form first; it never wraps and is never
// clipped: when the full form does not fit, the compact one (dot and short word) is used.

const EPS = 0.5;
const rect = (el) => el.getBoundingClientRect();

/** The row the badge sits in: its nearest ancestor at least 90 % as wide as the compose. */
export function barOf(host, compose) {
  const width = rect(compose).width;
  let el = host.parentElement;
  while (el && el !== compose && rect(el).width < 0.9 * width) el = el.parentElement;
  return el ?? compose;
}

function fits(host, bar, base, compose, send) {
  const h = rect(host);
  const b = rect(bar);
  const c = rect(compose);
  const s = rect(send);
  const middle = h.top + h.height / 2;
  return (
    b.height <= base + EPS &&
    h.left >= c.left - EPS &&
    h.right <= c.right + EPS &&
    b.right <= c.right + EPS &&
    middle >= s.top - EPS &&
    middle <= s.bottom + EPS
  );
}

/**
 * The first of `forms` (widest first) with which the badge fits, applied with
 * `show(form)`; the last one when none fits. null for a compose not laid out
 * (minimized, hidden): nothing to measure.
 */
export function chooseForm(host, { compose, send }, forms, show) {
  if (!host.isConnected || !send?.isConnected || rect(compose).width === 0 || rect(send).width === 0) return null;
  const bar = barOf(host, compose);
  host.style.setProperty('display', 'none', 'important');
  const base = rect(bar).height;
  host.style.removeProperty('display');
  if (!host.getAttribute('style')) host.removeAttribute('style');
  for (const form of forms) {
    show(form);
    if (fits(host, bar, base, compose, send)) return form;
  }
  return forms.at(-1);
}

/** The rectangle of `el` in this window's viewport (an element in a same-origin frame: the frame's). */
export function viewportRect(el) {
  const frame = el?.ownerDocument?.defaultView?.frameElement;
  return rect(frame && frame.ownerDocument === document ? frame : el);
}

/**
 * Where the explanation opens: a panel `width` px wide (narrower beside the compose when
 * that is all the room there is, not below `narrowest`), `height` px tall (shorter where
 * there is less room, not below `least`, scrolling then), inside the viewport, covering
 * none of `avoid` (Send, the body, the badge). Columns tried: at the action bar, beside
 * the compose on the left, on the right; in each, the free bands between what it must not
 * cover. Chosen: a band where the whole panel fits if any, then the one nearest the bar.
 * Returns { left, top, width, maxHeight } in viewport pixels; a viewport too small for
 * any: the largest band found, else the top left corner.
 */
export function panelPlace({ width, height, least = 140, narrowest = 240, bar, compose, avoid, viewport }) {
  const M = 6;
  const room = { left: 4, top: 4, right: viewport.width - 4, bottom: viewport.height - 4 };
  width = Math.min(width, room.right - room.left);
  const columns = [{ left: Math.max(room.left, Math.min(bar.left, room.right - width)), width }];
  const leftRoom = compose.left - M - room.left;
  if (leftRoom >= narrowest) columns.push({ left: compose.left - M - Math.min(width, leftRoom), width: Math.min(width, leftRoom) });
  const rightRoom = room.right - (compose.right + M);
  if (rightRoom >= narrowest) columns.push({ left: compose.right + M, width: Math.min(width, rightRoom) });
  const middle = (bar.top + bar.bottom) / 2;
  const found = [];
  for (const column of columns) {
    const blocks = avoid
      .filter((a) => a.right > column.left && a.left < column.left + column.width)
      .map((a) => [a.top - M, a.bottom + M])
      .sort((a, b) => a[0] - b[0]);
    let top = room.top;
    const bands = [];
    for (const [t, b] of blocks) {
      if (t > top) bands.push([top, t]);
      top = Math.max(top, b);
    }
    if (room.bottom > top) bands.push([top, room.bottom]);
    for (const [from, to] of bands) {
      const h = Math.min(height, to - from);
      // Above the bar: anchored at the band's bottom; else at its top (nearest the bar).
      const y = to <= middle ? to - h : from >= middle ? from : Math.max(from, Math.min(middle - h / 2, to - h));
      found.push({ left: column.left, width: column.width, top: y, maxHeight: h, whole: h >= height, fits: h >= Math.min(height, least), distance: Math.abs(y + h / 2 - middle) + Math.abs(column.left - bar.left) / 4 });
    }
  }
  const usable = found.filter((f) => f.fits).sort((a, b) => b.whole - a.whole || a.distance - b.distance);
  const best = usable[0] ?? found.sort((a, b) => b.maxHeight - a.maxHeight)[0];
  if (best) return { left: best.left, top: best.top, width: best.width, maxHeight: best.maxHeight };
  return { left: room.left, top: room.top, width, maxHeight: room.bottom - room.top };
}
