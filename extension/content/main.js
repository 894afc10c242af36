// Watches the page for compose windows, asks the background for a verdict on their
// recipients, and keeps a badge beside each Send button. Nothing here may break the
// page or a send: every step tolerates a page it does not recognise.
(function (ns) {
  'use strict';

  const api = globalThis.browser ?? globalThis.chrome;
  const protocol = globalThis.TooSoonProtocol;
  const provider = ns.providers.find((p) => p.matches(location));
  if (!provider) return;

  const composes = new WeakMap(); // compose element → { key, host }

  async function verdictFor(addresses) {
    try {
      const answer = await api.runtime.sendMessage(protocol.check(addresses));
      return answer?.ok ? answer.verdict : null;
    } catch {
      return null; // background unreachable (e.g. the extension was just updated)
    }
  }

  async function refresh(compose) {
    const state = composes.get(compose) ?? { key: null, host: null };
    composes.set(compose, state);
    const addresses = [...new Set(provider.recipients(compose).map((a) => a.trim().toLowerCase()))];
    const key = addresses.join(',');
    if (key === state.key && (!state.host || state.host.isConnected)) return;
    state.key = key;
    const verdict = addresses.length ? await verdictFor(addresses) : null;
    if (state.key !== key) return; // recipients changed while we waited
    const send = provider.sendButton(compose);
    if (!verdict || !send) {
      state.host?.remove();
      state.host = null;
      return;
    }
    state.host = ns.badge.show(state.host, verdict);
    provider.placeBadge(send, state.host);
  }

  let scheduled = false;
  function scan() {
    scheduled = false;
    for (const compose of provider.composes(document)) {
      refresh(compose).catch(() => {});
    }
  }
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setTimeout(scan, 16);
  }

  new MutationObserver(schedule).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-hovercard-id'],
  });
  document.addEventListener('input', schedule, true);
  schedule();
})(globalThis.TooSoon);
