// "Track someone" prefilled with the recipients of a compose window open in the current
// tab: asked of this extension's content script in that tab (tabs.query without the
// `tabs` permission gives the tab's id, and messaging our own content script needs no
// permission). No answer (no webmail in the tab, or no compose window) leaves it empty.
import { api } from '../shared/runtime.js';
import { composeRecipients } from '../shared/protocol.js';

const WAIT_MS = 300;

/**
 * `{name, addresses, shown}` for the form, or `{}`; `shown` is `{name, address}` of the
 * chip the name comes from (kept as an alias when the person is tracked under another name).
 */
export async function composePrefill() {
  try {
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return {};
    const answer = await Promise.race([
      api.tabs.sendMessage(tab.id, composeRecipients()),
      new Promise((resolve) => setTimeout(resolve, WAIT_MS, null)),
    ]);
    const recipients = answer?.ok && Array.isArray(answer.recipients) ? answer.recipients : [];
    const addresses = recipients.map((r) => r?.address).filter((a) => typeof a === 'string' && a);
    if (!addresses.length) return {};
    const named = recipients.find((r) => typeof r?.name === 'string' && r.name && typeof r.address === 'string');
    const name = named?.name ?? '';
    return { name, addresses: addresses.join(', '), shown: named ? { name: named.name, address: named.address } : null };
  } catch {
    return {}; // nothing listens in that tab
  }
}
