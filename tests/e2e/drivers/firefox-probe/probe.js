// Tests only (installed by drivers/firefox.js beside the extension, never shipped): answers
// the page's `postMessage({tooSoonProbe: id})` with the text inside the first badge's
// closed shadow root (`{tooSoonProbeReply: id, text}`, text null without a badge), read
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
  const root = document.querySelector('[data-too-soon]')?.openOrClosedShadowRoot;
  window.postMessage({ tooSoonProbeReply: id, text: root ? text(root) : null }, '*');
});
