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
 * `show(form)`; the last one when none fits. A compose not laid out (minimized,
 * hidden) keeps `current`.
 */
export function chooseForm(host, { compose, send }, forms, show, current) {
  if (!host.isConnected || !send?.isConnected || rect(compose).width === 0 || rect(send).width === 0) return current;
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

const overlap = (a, b) =>
  Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));

/**
 * Where the explanation opens: a `width` × `height` panel (height shrinks to the room
 * there is, not below `least`) placed, in this order, above the action bar, beside the
 * compose (left, then right), below the action bar, above the compose; the first that
 * stays inside the viewport and covers none of `avoid` (Send, the body, the badge). When
 * none does, the one inside the viewport that covers least of them.
 * Returns { left, top, maxHeight } in viewport pixels.
 */
export function panelPlace({ width, height, least = 160, bar, compose, avoid, viewport }) {
  const M = 6;
  const room = { left: 4, top: 4, right: viewport.width - 4, bottom: viewport.height - 4 };
  const clampX = (x) => Math.max(room.left, Math.min(x, room.right - width));
  const candidates = [];
  const vertical = (top, bottom, left) => {
    // a slot between top and bottom (viewport coordinates), anchored at its bottom or top
    const h = Math.min(height, bottom - top);
    if (h >= Math.min(height, least)) candidates.push({ left, top: bottom - h, height: h });
  };
  // above the action bar (its bottom edge 6 px above the bar)
  vertical(room.top, bar.top - M, clampX(bar.left));
  // beside the compose, bottom-aligned with the bar
  const besideTop = (h) => Math.max(room.top, Math.min(bar.bottom, room.bottom) - h);
  for (const left of [compose.left - M - width, compose.right + M]) {
    const h = Math.min(height, room.bottom - room.top);
    candidates.push({ left, top: besideTop(h), height: h });
  }
  // below the action bar
  {
    const h = Math.min(height, room.bottom - (bar.bottom + M));
    if (h >= Math.min(height, least)) candidates.push({ left: clampX(bar.left), top: bar.bottom + M, height: h });
  }
  // above the compose
  vertical(room.top, compose.top - M, clampX(compose.left));
  const inside = (c) => c.left >= room.left - EPS && c.left + width <= room.right + EPS && c.top >= room.top - EPS && c.top + c.height <= room.bottom + EPS;
  const covered = (c) => {
    const r = { left: c.left, top: c.top, right: c.left + width, bottom: c.top + c.height };
    return avoid.reduce((sum, a) => sum + overlap(r, a), 0);
  };
  const usable = candidates.filter(inside);
  const best = usable.find((c) => covered(c) === 0) ?? usable.sort((a, b) => covered(a) - covered(b))[0];
  if (best) return { left: best.left, top: best.top, maxHeight: best.height };
  // A viewport too small for anything: top left, as tall as it is.
  return { left: room.left, top: room.top, maxHeight: room.bottom - room.top };
}
