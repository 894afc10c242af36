// Tests only (installed by drivers/firefox.js beside the extension, never shipped): answers
// the page's `postMessage({tooSoonProbe: id, attribute?, selector?})` with the text inside
// the closed shadow root of the first `[attribute]` host (default `data-too-soon`: the
// badge) (`{tooSoonProbeReply: id, text, inside}`, text null without one), read
// the way the Chromium driver reads it: what the badge's style sheet shows (each
// element's `data-text`, before its children) and every text node, style sheets left out.
window.addEventListener('message', (event) => {
  const id = event.data?.tooSoonProbe;
  if (event.source !== window || typeof id !== 'string') return;
  const text = (node) =>
    node.nodeType === Node.TEXT_NODE
      ? node.nodeValue
      : (node.getAttribute?.('data-text') ?? '') +
        [...node.childNodes].filter((c) => c.nodeName !== 'STYLE').map(text).join('');
  const attribute = /^[\w-]+$/.test(event.data.attribute ?? '') ? event.data.attribute : 'data-too-soon';
  const root = document.querySelector(`[${attribute}]`)?.openOrClosedShadowRoot;
  // `selector`: an element in there, its border box and some of its computed style.
  let inside = null;
  const found = typeof event.data.selector === 'string' ? root?.querySelector(event.data.selector) : null;
  if (found) {
    const r = found.getBoundingClientRect();
    const style = getComputedStyle(found);
    inside = {
      rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
      background: style.backgroundColor,
      color: style.color,
      display: style.display,
      title: found.getAttribute('title'),
      label: found.getAttribute('aria-label'),
    };
  }
  window.postMessage({ tooSoonProbeReply: id, text: root ? text(root) : null, inside }, '*');
});
