// Where the badge's things go, measured on the page: which form of the badge fits beside
// Send, and where its explanation opens. Measuring only (rectangles in, a choice out);
// badge.js applies the choice.
//
// The badge fits when it sits on Send's line, inside the compose, the action bar is no
// taller than it is without the badge, and neither the compose nor the page is wider (a
// compose as wide as its content would otherwise grow past a narrow window). Widest form
// first; it never wraps and is never clipped: when the full form does not fit, the
// compact one (dot and short word) is used.

const EPS = 0.5;
const rect = (el) => el.getBoundingClientRect();

/** The row the badge sits in: its nearest ancestor at least 90 % as wide as the compose. */
export function barOf(host, compose) {
  const width = rect(compose).width;
  let el = host.parentElement;
  while (el && el !== compose && rect(el).width < 0.9 * width) el = el.parentElement;
  return el ?? compose;
}

/** What the badge must not grow: the bar's height, the compose's and the page's width. */
const extent = (host, bar, compose) => ({
  bar: rect(bar).height,
  compose: rect(compose).width,
  page: host.ownerDocument.documentElement.scrollWidth,
});

function fits(host, bar, base, compose, send) {
  const h = rect(host);
  const c = rect(compose);
  const s = rect(send);
  const now = extent(host, bar, compose);
  const middle = h.top + h.height / 2;
  return (
    now.bar <= base.bar + EPS &&
    now.compose <= base.compose + EPS &&
    now.page <= base.page + EPS &&
    h.left >= c.left - EPS &&
    h.right <= c.right + EPS &&
    rect(bar).right <= c.right + EPS &&
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
  const base = extent(host, bar, compose);
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
 * that is all the room there is, not below `narrowest`), `height` px tall, or
 * `height(width)` px at the width a column gives it (text wraps onto more lines in a
 * narrower one; shorter where there is less room, not below `least`, scrolling then), inside the viewport, covering
 * none of `avoid` (Send, the body, the badge). Columns tried: at the action bar, beside
 * the compose on the left, on the right; in each, the free bands between what it must not
 * cover. Chosen: a band where the whole panel fits if any, then the one nearest the bar.
 * Returns { left, top, width, maxHeight } in viewport pixels; a viewport too small for
 * any: the largest band found, else the top left corner.
 */
export function panelPlace({ width, height, least = 140, narrowest = 240, bar, compose, avoid, viewport }) {
  const M = 6;
  const [top0, left0, right0, bottom0] = [4, 4, viewport.width - 4, viewport.height - 4];
  width = Math.min(width, right0 - left0);
  const columns = [[Math.max(left0, Math.min(bar.left, right0 - width)), width]];
  const leftRoom = compose.left - M - left0;
  if (leftRoom >= narrowest) columns.push([compose.left - M - Math.min(width, leftRoom), Math.min(width, leftRoom)]);
  const rightRoom = right0 - compose.right - M;
  if (rightRoom >= narrowest) columns.push([compose.right + M, Math.min(width, rightRoom)]);
  const middle = (bar.top + bar.bottom) / 2;
  let best = null;
  let score = Infinity;
  const tall = typeof height === 'function' ? height : () => height;
  for (const [left, w] of columns) {
    const need = tall(w);
    // The free bands of this column: the viewport less what it must not cover.
    let from = top0;
    const edges = avoid
      .filter((a) => a.right > left && a.left < left + w)
      .map((a) => [a.top - M, a.bottom + M])
      .sort((a, b) => a[0] - b[0]);
    for (const [t, b] of [...edges, [bottom0, Infinity]]) {
      if (t > from) {
        const h = Math.min(need, t - from);
        // Above the bar: at the band's bottom; below it: at its top; else around the bar.
        const y = t <= middle ? t - h : from >= middle ? from : Math.max(from, Math.min(middle - h / 2, t - h));
        // Whole first, then tall enough, then nearest the bar; a band too short counts last.
        const s = (h < need) * 1e6 + (h < Math.min(need, least)) * 1e7 - h * (h < least) + Math.abs(y + h / 2 - middle) + Math.abs(left - bar.left) / 4;
        if (s < score) [score, best] = [s, { left, top: y, width: w, maxHeight: h }];
      }
      from = Math.max(from, b);
    }
  }
  return best ?? { left: left0, top: top0, width, maxHeight: bottom0 - top0 };
}
